"""Benchmark: speaker attribution (``nqp.speaker_of``) against a hand-labelled table, precision and recall per type.

The table is ``tests/tracking/data/speakers_labelled.csv``: one row per mention of a theme term, from the
seeds (新质生产力, 建圈强链, 产业链, 高质量发展, 科技创新, 数字经济, 创新链), the bundled government work
reports (高质量发展, 新质生产力, 供给侧结构性改革) and generated news
(``benchmarks.generate.generate(900, 18, speech=0.9)``, the theme sentences framed as said by people and
bodies), headings left out. Each row holds the mention's sentence, the text before it (up to two
paragraphs, 300 characters) and after it (the rest of its paragraph, 200 characters), all in the original
script, and the speaker, its type and the attribution (direct: a quotation; reported; none: the outlet's
own voice) decided by reading the sentence, before the component was run on it.

For each row the text before, the sentence and the text after are joined, put into the analysis layer
(``nqp.normalize_text``, same length) and the mention attributed with ``nqp.speaker_of``. A prediction
of type T is right when the label's type is T and the speakers agree (the same name once both are in
simplified script, or one holding the other: 中共中央、国务院 and 国务院); for the outlet's voice, when
both say nobody speaks. Precision of T = right / predicted T; recall = right / labelled T.

Then the cost of attribution at scale: ``nqp.theme`` (matching, sentences, offsets and speakers) on the
articles of ``generate(N, 0, speech=0.3)`` (cleaned once, not timed), against the plain library underneath,
``re.finditer`` with the theme's own pattern over the same texts (matching only), and the attribution
alone (the cues of each article with a mention found once, then ``speaker_of`` per mention). CPU time of
this process, best of three.

    python -m benchmarks.bench_speakers [--table PATH] [--errors] [--docs 1000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "tracking" / "data" / "speakers_labelled.csv"
#: the component's attribution -> the table's
ATTRIBUTION = {"quote": "direct", "heading": "direct", "reported": "reported", "outlet": "none"}


def read_table(path: str | Path = TABLE) -> pd.DataFrame:
    """The labelled table, missing text as empty strings and the speaker as None when nobody speaks."""
    t = pd.read_csv(path, encoding="utf-8", keep_default_na=False)
    t["speaker"] = t["speaker"].where(t["speaker"] != "", None)
    return t


def attribute(table: pd.DataFrame, speakers=None) -> pd.DataFrame:
    """``table`` with the component's ``pred_speaker``, ``pred_type``, ``pred_attribution`` and ``pred_cue``."""
    import nqp

    rules = nqp.load_speaker_rules(speakers)
    out = []
    for r in table.itertuples(index=False):
        orig = r.before + r.sentence + r.after
        s = len(r.before) + int(r.mention_offset)
        got = nqp.speaker_of(nqp.normalize_text(orig), s, s + len(r.term), text_orig=orig, speakers=rules)
        out.append({"pred_speaker": got["speaker"], "pred_type": got["speaker_type"],
                    "pred_attribution": ATTRIBUTION[got["attribution"]], "pred_cue": got["speaker_cue"]})
    return pd.concat([table.reset_index(drop=True), pd.DataFrame(out)], axis=1)


def same_speaker(a, b) -> bool:
    """Do two speakers agree: both nobody, or one name holding the other (simplified script)?"""
    import nqp

    a, b = (x if isinstance(x, str) and x else None for x in (a, b))
    if a is None or b is None:
        return a is None and b is None
    a, b = nqp.normalize_text(a), nqp.normalize_text(b)
    return a in b or b in a


def scores(pred: pd.DataFrame) -> pd.DataFrame:
    """Per speaker type: labelled, predicted, right, precision and recall (one row per type, then all)."""
    right = [t == p and same_speaker(s, q) for t, p, s, q in
             zip(pred["speaker_type"], pred["pred_type"], pred["speaker"], pred["pred_speaker"])]
    pred = pred.assign(right=right)
    import nqp

    rows = []
    for t in nqp.SPEAKER_TYPES:
        n_gold = int((pred["speaker_type"] == t).sum())
        n_pred = int((pred["pred_type"] == t).sum())
        if not n_gold and not n_pred:
            continue
        n_right = int((pred["right"] & (pred["speaker_type"] == t)).sum())
        rows.append({"speaker_type": t, "labelled": n_gold, "predicted": n_pred, "right": n_right,
                     "precision": n_right / n_pred if n_pred else float("nan"),
                     "recall": n_right / n_gold if n_gold else float("nan")})
    n = len(pred)
    k = int(pred["right"].sum())
    rows.append({"speaker_type": "all", "labelled": n, "predicted": n, "right": k, "precision": k / n, "recall": k / n})
    return pd.DataFrame(rows)


def timing(n_docs: int, terms=("高质量发展", "科技创新", "新质生产力", "产业链")) -> None:
    """Print the seconds of nqp.theme, of its attribution alone, and of plain regex matching."""
    import re

    import nqp
    from benchmarks.generate import generate
    from nqp.tracking.speakers import _Speakers

    articles = nqp.clean(generate(n_docs, 0, speech=0.3), progress=False).articles
    forms = nqp.theme_variants(list(terms))["analysis_form"].tolist()
    rx = re.compile(nqp.text.term_alternation(forms))
    texts = articles["text"].tolist()
    mentions = nqp.theme(articles, list(terms))
    by_article = articles.set_index("article_id")
    jobs = [(by_article.at[a, "text"], by_article.at[a, "text_orig"], list(g[["text_start", "text_end"]].itertuples(index=False)))
            for a, g in mentions[mentions["field"] == "text"].groupby("article_id", sort=False)]
    rules = nqp.load_speaker_rules()

    def attribute_only():
        for text, orig, spans in jobs:
            sp = _Speakers(text, (), rules)  # the cues of the article, found once, as nqp.theme does
            for s, e in spans:
                nqp.speaker_of(text, s, e, text_orig=orig, _speakers=sp)

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        return min(times)

    plain = best(lambda: [m.span() for t in texts for m in rx.finditer(t)])
    alone = best(attribute_only)
    full = best(lambda: nqp.theme(articles, list(terms)))
    n = len(mentions)
    print(f"\n{n_docs:,} generated documents, {len(articles):,} articles, {n:,} mentions of {', '.join(terms)} in "
          f"{len(jobs):,} articles (CPU seconds, best of 3; the machine was shared with other jobs):")
    print(f"  re.finditer over every text, matching only   {plain:8.3f}")
    print(f"  speaker attribution alone (cues + speaker_of) {alone:8.3f}")
    print(f"  nqp.theme (matching, sentences, offsets, speakers) {full:8.3f}")
    print(f"  ratio theme / re.finditer {full / plain:.0f}; attribution's share of theme {alone / full:.0%}; "
          f"{alone / max(n, 1) * 1e3:.2f} ms per mention")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", default=str(TABLE))
    ap.add_argument("--errors", action="store_true", help="print every row the component gets wrong")
    ap.add_argument("--docs", type=int, default=1000, help="generated documents for the timing (0: skip it)")
    args = ap.parse_args(argv)
    table = read_table(args.table)
    t0 = time.perf_counter()
    pred = attribute(table)
    seconds = time.perf_counter() - t0
    print(f"{len(table)} labelled mentions ({', '.join(f'{k} {v}' for k, v in table['source'].value_counts().items())}); "
          f"attributed in {seconds:.2f} s (the machine was shared with other jobs)")
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        print(scores(pred).to_string(index=False))
        agree = (pred["attribution"] == pred["pred_attribution"]).mean()
        print(f"attribution (direct / reported / none) agrees on {agree:.3f} of the mentions")
        print("by source, share right:")
        ok = [t == p and same_speaker(s, q) for t, p, s, q in
              zip(pred["speaker_type"], pred["pred_type"], pred["speaker"], pred["pred_speaker"])]
        print(pred.assign(right=ok).groupby("source")["right"].agg(["size", "mean"]).to_string())
    if args.errors:
        wrong = pred[[not x for x in ok]]
        for r in wrong.itertuples():
            print(f"- {r.source} {r.doc_id}: label {r.speaker} ({r.speaker_type}, {r.attribution}); got {r.pred_speaker} "
                  f"({r.pred_type}, {r.pred_attribution}) from {r.pred_cue!r}: {r.sentence[:90]}")
    if args.docs:
        timing(args.docs)


if __name__ == "__main__":
    main()

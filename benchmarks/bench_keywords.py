"""Benchmark: nqp's dtm + tfidf + keywords against scikit-learn's vectorizer alone, on the same tokens.

The corpus is generated deterministically: every sentence of the seeds and (when present beside the
repository) of the government work reports is tokenized once with ``nqp.tokenize``; then each
generated article draws 6 to 30 sentences with a seeded RNG and its tokens are the concatenation of
theirs. So the token lists are exactly what nqp.tokenize gives for those sentences, and the same
``--docs``/``--seed`` give the same corpus.

Timed, on the same token lists, in ``--repeat`` rounds after one warm-up (each round runs both, in
alternating order); the target compares the best run of each, the median of the paired ratios is printed
beside it (run-to-run noise on a shared machine is of the order of the target itself). The
ratio uses CPU time of this process (``time.process_time``), which other jobs on a shared machine do not
inflate; wall-clock times are printed beside it:

- baseline: ``TfidfVectorizer(analyzer=identity).fit_transform(tokens)`` (counting and TF-IDF, no
  vocabulary sorting, no metadata, no keyword extraction);
- nqp: ``nqp.dtm(tokens)`` -> ``nqp.tfidf(d)`` -> ``nqp.keywords(w, top=10)`` (a long table of the
  10 best terms of every article, ties broken by term).

Target: nqp's overhead over the baseline at most 10%. Extra figures (not in the target): keywords
per outlet from the count Dtm, and TextRank per outlet.

    python -m benchmarks.bench_keywords            # 50,000 articles
    python -m benchmarks.bench_keywords --docs 5000
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np
import pandas as pd

from benchmarks.generate import OUTLETS, sentence_pool


def sentence_tokens() -> list[list[str]]:
    """nqp's tokens of every sentence of the pool, in pool order."""
    import nqp

    pool = sentence_pool()
    frame = pd.DataFrame({"doc_id": [f"s{i:06d}" for i in range(len(pool))], "text": list(pool)})
    return nqp.tokenize(frame)["tokens"].tolist()


def generate_tokens(n_docs: int, seed: int = 0, min_sentences: int = 6, max_sentences: int = 30) -> pd.DataFrame:
    """``n_docs`` articles: ``doc_id``, ``article_id``, ``outlet``, ``date_start``, ``tokens``."""
    per_sentence = sentence_tokens()
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_sentences, max_sentences + 1, size=n_docs)
    picks = rng.integers(0, len(per_sentence), size=int(lengths.sum()))
    outlets = rng.integers(0, len(OUTLETS), size=n_docs)
    days = rng.integers(0, 7 * 365, size=n_docs)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    tokens = [[w for j in picks[bounds[i] : bounds[i + 1]] for w in per_sentence[j]] for i in range(n_docs)]
    width = len(str(n_docs))
    ids = [f"gen{i:0{width}d}" for i in range(n_docs)]
    return pd.DataFrame(
        {
            "doc_id": ids,
            "article_id": [f"{i}-01" for i in ids],
            "outlet": [OUTLETS[k] for k in outlets],
            "date_start": pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"),
            "tokens": tokens,
        }
    )


def _best(fn, repeat: int) -> tuple[float, float, object]:
    """(best CPU seconds, best wall seconds, last result) of ``repeat`` calls."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return min(cpu), min(wall), result


def main(argv: list[str] | None = None) -> int:
    import nqp
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nqp.matrix import identity

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds (default: 7)")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    tokens = generate_tokens(args.docs, args.seed)
    n_tokens = int(tokens["tokens"].str.len().sum())
    print(f"corpus: {len(tokens):,} articles, {n_tokens:,} tokens "
          f"(generated in {time.perf_counter() - t0:.1f} s, seed {args.seed})")

    lists = tokens["tokens"]

    def baseline():
        return TfidfVectorizer(analyzer=identity).fit_transform(lists)

    def pipeline():
        d = nqp.dtm(tokens)
        w = nqp.tfidf(d)
        return d, w, nqp.keywords(w, top=args.top)

    # warm-up (imports, caches); then rounds of one baseline and one nqp run, in alternating order so that
    # drift on a shared machine hits both alike
    same = None
    baseline()
    pipeline()
    base_cpu, base_wall, ours_cpu, ours_wall = [], [], [], []
    for i in range(args.repeat):
        for which in (("baseline", "nqp") if i % 2 == 0 else ("nqp", "baseline")):
            if which == "baseline":
                c, t, ref = _best(baseline, 1)
                base_cpu.append(c)
                base_wall.append(t)
            else:
                c, t, (d, w, kw) = _best(pipeline, 1)
                ours_cpu.append(c)
                ours_wall.append(t)
        if same is None:  # the same numbers: nqp's weights are sklearn's, columns in the same (sorted) order
            same = ref.shape == w.matrix.shape and abs(ref - w.matrix).max() < 1e-12
        ref = d = w = kw = None  # nothing of this round stays alive during the next
    base, ours = min(base_cpu), min(ours_cpu)
    paired = float(np.median(np.array(ours_cpu) / np.array(base_cpu))) - 1

    t_dtm = _best(lambda: nqp.dtm(tokens), args.repeat)
    d = t_dtm[2]
    t_tfidf = _best(lambda: nqp.tfidf(d), args.repeat)
    w = t_tfidf[2]
    t_kw = _best(lambda: nqp.keywords(w, top=args.top), args.repeat)
    kw = t_kw[2]
    t_outlet = _best(lambda: nqp.keywords(d, "outlet", top=args.top), args.repeat)
    t_tr = _best(lambda: nqp.keywords(tokens, "outlet", method="textrank", top=args.top), 1)

    print(f"matrix: {d.shape[0]:,} x {d.shape[1]:,}, {d.matrix.nnz:,} non-zero; "
          f"identical to scikit-learn's TF-IDF: {same}")
    print(f"keywords table: {len(kw):,} rows ({args.top} per article)")
    print()
    print(f"{'step':<44}{'CPU s':>9}{'wall s':>9}")
    print(f"{'scikit-learn TfidfVectorizer (baseline)':<44}{base:>9.2f}{min(base_wall):>9.2f}")
    print(f"{'nqp dtm + tfidf + keywords (end to end)':<44}{ours:>9.2f}{min(ours_wall):>9.2f}")
    for label, (c, t, _) in [
        ("  nqp.dtm", t_dtm),
        ("  nqp.tfidf", t_tfidf),
        ("  nqp.keywords (top per article)", t_kw),
        ("extra: nqp.keywords by outlet (count Dtm)", t_outlet),
        ("extra: nqp.keywords by outlet, TextRank", t_tr),
    ]:
        print(f"{label:<44}{c:>9.2f}{t:>9.2f}")
    overhead = ours / base - 1
    wall_overhead = min(ours_wall) / min(base_wall) - 1
    print()
    print(f"nqp overhead over scikit-learn, best of {args.repeat} each: {overhead:+.1%} CPU time "
          f"({wall_overhead:+.1%} wall clock); median of the {args.repeat} paired rounds: {paired:+.1%}")
    print(f"target <= +10% (best of each): {'PASS' if overhead <= 0.10 else 'FAIL'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: nqp's dtm + tfidf + keywords against scikit-learn's vectorizer alone, on the same tokens.

The corpus is generated deterministically: every sentence of the seeds and (when present beside the
repository) of the government work reports is tokenized once with ``nqp.tokenize``; then each
generated article draws 6 to 30 sentences with a seeded RNG and its tokens are the concatenation of
theirs. So the token lists are exactly what nqp.tokenize gives for those sentences, and the same
``--docs``/``--seed`` give the same corpus.

Timed, on the same token lists (best of ``--repeat`` runs, after one warm-up):

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


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    import nqp
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nqp.dtm import identity

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
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

    # warm-up (imports, caches), then alternate so that drift hits both alike
    baseline()
    pipeline()
    base_times, nqp_times = [], []
    for _ in range(args.repeat):
        t, ref = _best(baseline, 1)
        base_times.append(t)
        t, (d, w, kw) = _best(pipeline, 1)
        nqp_times.append(t)
    base, ours = min(base_times), min(nqp_times)

    # the same numbers: nqp's weights are sklearn's, columns in the same (sorted) order
    same = ref.shape == w.shape and abs(ref - w.matrix).max() < 1e-12
    t_dtm, d = _best(lambda: nqp.dtm(tokens), args.repeat)
    t_tfidf, w = _best(lambda: nqp.tfidf(d), args.repeat)
    t_kw, kw = _best(lambda: nqp.keywords(w, top=args.top), args.repeat)
    t_outlet, by_outlet = _best(lambda: nqp.keywords(d, "outlet", top=args.top), args.repeat)
    t_tr, _ = _best(lambda: nqp.keywords(tokens, "outlet", method="textrank", top=args.top), 1)

    print(f"matrix: {d.shape[0]:,} x {d.shape[1]:,}, {d.matrix.nnz:,} non-zero; "
          f"identical to scikit-learn's TF-IDF: {same}")
    print(f"keywords table: {len(kw):,} rows ({args.top} per article)")
    print()
    print(f"{'step':<44}{'seconds':>10}")
    print(f"{'scikit-learn TfidfVectorizer (baseline)':<44}{base:>10.2f}")
    print(f"{'nqp dtm + tfidf + keywords (end to end)':<44}{ours:>10.2f}")
    print(f"{'  nqp.dtm':<44}{t_dtm:>10.2f}")
    print(f"{'  nqp.tfidf':<44}{t_tfidf:>10.2f}")
    print(f"{'  nqp.keywords (top per article)':<44}{t_kw:>10.2f}")
    print(f"{'extra: nqp.keywords by outlet (count Dtm)':<44}{t_outlet:>10.2f}")
    print(f"{'extra: nqp.keywords by outlet, TextRank':<44}{t_tr:>10.2f}")
    overhead = ours / base - 1
    print()
    print(f"nqp overhead over scikit-learn: {overhead:+.1%} (target <= +10%): {'PASS' if overhead <= 0.10 else 'FAIL'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

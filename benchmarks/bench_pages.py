"""Benchmark: the report pages' costliest library calls at two corpus sizes, and how they grow.

On generated articles (:func:`benchmarks.generate.generate`, cleaned once with ``nqp.clean``) of two
sizes, each call below is timed in CPU seconds of this process (``time.process_time``, which counts
every thread: the machine may be loaded by other work, and CPU time is what a loaded machine does not
inflate), and the growth exponent between the sizes is printed (``log(t2 / t1) / log(c2 / c1)`` over
the characters read: 1 is linear, 2 quadratic):

- page 03: ``nqp.terms_discover`` on all the articles (the page reads at most ``discover_max_chars``);
- page 02: ``nqp.near_duplicates`` (pairs of passages, paragraph and sentence) against
  ``nqp.reprint_families`` (families of copies found with MinHash bands, paragraph and sentence, containment):
  the pairs grow with the square of the copies of a passage, the families with the passages;
- page 05: ``nqp.clusters_scan`` as nqp runs it (one thread below ``ONE_THREAD_BELOW`` documents) against the
  same scan with the OpenMP/BLAS thread pools left as they are, and bare scikit-learn (``TruncatedSVD`` and
  one ``KMeans`` per k) in the same run.

    python -m benchmarks.bench_pages                    # 500 and 2,000 articles, a few minutes
    python -m benchmarks.bench_pages --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import math
import time


def _cpu(f):
    t = time.process_time()
    out = f()
    return time.process_time() - t, out


def _exponent(t1: float, t2: float, c1: float, c2: float) -> float:
    if min(t1, t2) <= 0 or c1 == c2:
        return float("nan")
    return math.log(t2 / t1) / math.log(c2 / c1)


def measure(n: int, seed: int = 13) -> dict[str, tuple[float, str]]:
    """CPU seconds and a note on the output of each call, on ``n`` generated articles."""
    import warnings

    import nqp
    from benchmarks.generate import generate
    from nqp.models import _common

    docs = generate(n, seed)
    articles = nqp.clean(docs, progress=False).articles
    out: dict[str, tuple[float, str]] = {"characters": (float(articles["n_chars"].sum()), "")}
    t, found = _cpu(lambda: nqp.terms_discover(articles, top=25))
    out["terms_discover"] = (t, f"{len(found)} terms")
    t, pairs = _cpu(lambda: (nqp.near_duplicates(articles, unit="paragraph"), nqp.near_duplicates(articles, unit="sentence")))
    out["near_duplicates (pairs)"] = (t, f"{len(pairs[0]):,} + {len(pairs[1]):,} pairs")
    t, fams = _cpu(lambda: [nqp.reprint_families(articles, unit=u, measure="containment", threshold=0.5)
                            for u in ("paragraph", "sentence")])
    out["reprint_families (families)"] = (t, " + ".join(f"{f['family'].nunique() if len(f) else 0:,} families"
                                                      for f in fams))
    tokens = nqp.tokenize(articles)
    dtm = nqp.dtm(tokens, min_df=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t, scan = _cpu(lambda: nqp.clusters_scan(dtm, random_state=0))
        out["clusters_scan (nqp: one thread)"] = (t, f"k={scan.recommended_k}")
        below = _common.ONE_THREAD_BELOW
        _common.ONE_THREAD_BELOW = 0
        try:
            t, pooled = _cpu(lambda: nqp.clusters_scan(dtm, random_state=0))
        finally:
            _common.ONE_THREAD_BELOW = below
        out["clusters_scan (thread pools)"] = (t, f"k={pooled.recommended_k}")
        t, _ = _cpu(lambda: _bare_kmeans(dtm, scan.table["k"].tolist()))
        out["bare TruncatedSVD + KMeans per k"] = (t, "")
    return out


def _bare_kmeans(dtm, ks):
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from nqp.matrix import tfidf

    z = normalize(TruncatedSVD(20, random_state=0).fit_transform(normalize(tfidf(dtm, sublinear_tf=True).matrix)))
    return [KMeans(k, n_init=10, random_state=0).fit_predict(z) for k in ks]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs=2, default=[500, 2000], help="two numbers of generated articles")
    args = ap.parse_args(argv)
    a, b = (measure(n) for n in args.sizes)
    c1, c2 = a.pop("characters")[0], b.pop("characters")[0]
    print(f"CPU seconds of this process (time.process_time, all threads; the machine may be loaded); "
          f"{args.sizes[0]:,} articles ({c1:,.0f} characters) and {args.sizes[1]:,} ({c2:,.0f})")
    print(f"{'call':36s} {'small s':>9s} {'large s':>9s} {'exponent':>9s}  output (small / large)")
    for name in a:
        (t1, n1), (t2, n2) = a[name], b[name]
        print(f"{name:36s} {t1:9.2f} {t2:9.2f} {_exponent(t1, t2, c1, c2):9.2f}  {n1} / {n2}")
    for size, r in zip(args.sizes, (a, b)):
        one, pools = r["clusters_scan (nqp: one thread)"][0], r["clusters_scan (thread pools)"][0]
        bare = r["bare TruncatedSVD + KMeans per k"][0]
        print(f"{size:,} articles: clusters_scan with the pools / on one thread = {pools / max(one, 1e-9):.1f}; "
              f"on one thread / bare scikit-learn (one KMeans per k, no stability) = {one / max(bare, 1e-9):.1f}")


if __name__ == "__main__":
    main()

"""Benchmark: nqp.topics and nqp.topics_scan on generated documents, against bare scikit-learn.

The documents are generated deterministically (``benchmarks.bench_keywords.generate_tokens``):
every sentence of the seeds and, when present beside the repository, of the government work
reports is tokenized once with ``nqp.tokenize``; each generated document resamples 6 to 30 of those
sentences with a seeded RNG. The same ``--docs``/``--seed`` give the same documents.

Timed (best of ``--repeat`` alternating runs, wall clock and process CPU time; each fit is
deterministic, so every run does the same work):

- bare: ``TfidfTransformer(sublinear_tf=True)`` then the very estimator nqp chooses
  (``NMF``, or ``MiniBatchNMF`` from 20,000 documents; ``LatentDirichletAllocation`` with
  ``n_jobs=1``) ``.fit_transform``, then the top terms by ``argsort`` of ``components_``;
- nqp: ``nqp.topics(dtm, k)``: the same fit plus the tidy tables (topic_terms, doc_topics for
  every document and topic, labels).

Target: nqp's overhead over bare at most 10%. Since both runs fit the same estimator on the same
matrix, the overhead is measured as the time each spends outside that fit (weighting, copies,
tables), so that a busy machine's noise in the fit itself does not swamp it; the totals are printed
too. Also printed: the k scan (``nqp.topics_scan``: each k
fitted with ``--seeds`` seeds, coherence on the same tokens) with its time per k, and peak memory.
Figures are printed, never asserted.

    python -m benchmarks.bench_topics                 # 10,000 documents, about five minutes
    python -m benchmarks.bench_topics --full          # 100,000 documents
    python -m benchmarks.bench_topics --docs 2000 --ks 5,10 --lda
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np

FULL = 100_000
DEFAULT = 10_000


#: seconds spent inside the scikit-learn estimators' fit_transform, appended by _instrument
FIT_SECONDS: list[float] = []


def _instrument() -> None:
    """Time every fit_transform of the topic estimators (nqp's and the bare run's alike)."""
    import functools

    from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF

    for cls in (NMF, MiniBatchNMF, LatentDirichletAllocation):
        original = cls.fit_transform
        if getattr(original, "_timed", False):
            continue

        @functools.wraps(original)
        def timed(self, *args, _original=original, **kwargs):
            t0 = time.perf_counter()
            out = _original(self, *args, **kwargs)
            FIT_SECONDS.append(time.perf_counter() - t0)
            return out

        timed._timed = True
        cls.fit_transform = timed


def _timed(fn):
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w0, time.process_time() - c0, result


def _peak_mb() -> float:
    from benchmarks.bench_scale import peak_mb

    return peak_mb()  # VmHWM: ru_maxrss would include a parent's peak carried over exec


def bare_fit(matrix, vocab, model, n_terms: int = 20):
    """What a user of scikit-learn alone writes: weighting, the estimator, the top terms."""
    from sklearn.base import clone
    from sklearn.feature_extraction.text import TfidfTransformer

    est = clone(model.estimator_)
    x = matrix if model.method == "lda" else TfidfTransformer(sublinear_tf=True).fit_transform(matrix)
    weights = est.fit_transform(x.astype(np.float64))
    top = np.argsort(-est.components_, axis=1)[:, :n_terms]
    return weights, [list(vocab[row]) for row in top]


def compare(dtm, k: int, method: str, repeat: int) -> None:
    import warnings

    import nqp
    from sklearn.exceptions import ConvergenceWarning

    warnings.simplefilter("ignore", ConvergenceWarning)
    # alternate the two so that a busy machine slows both alike. Both fit the same estimator to the same
    # matrix, so their fits differ only by machine noise; what nqp adds is the time outside the fit.
    _instrument()
    nqp_w, bare_w, nqp_out, bare_out = [], [], [], []
    res = bare_top = None
    for _ in range(repeat):
        FIT_SECONDS.clear()
        w, _, res = _timed(lambda: nqp.topics(dtm, k, method, random_state=0))
        nqp_w.append(w)
        nqp_out.append(w - sum(FIT_SECONDS))
        # the bare run gets exactly the matrix nqp fitted (after min_chars) and the same estimator
        kept = np.isin(dtm.vocab, res.model.vocab_)
        matrix, vocab = dtm.matrix[:, kept], dtm.vocab[kept]
        FIT_SECONDS.clear()
        w, _, (_, bare_top) = _timed(lambda: bare_fit(matrix, vocab, res.model))
        bare_w.append(w)
        bare_out.append(w - sum(FIT_SECONDS))
    same = sorted(map(tuple, bare_top)) == sorted(
        tuple(g["term"]) for _, g in res.topic_terms.groupby("topic", sort=True)
    )
    est = type(res.model.estimator_).__name__
    best = int(np.argmin(bare_w))
    extra = min(nqp_out) - min(bare_out)
    print(
        f"  {method} k={k} ({est}, {getattr(res.model.estimator_, 'n_iter_', '?')} iterations): "
        f"same topics as bare: {'yes' if same else 'NO'}; doc_topics {len(res.doc_topics):,} rows\n"
        f"    total wall: bare {min(bare_w):7.2f} s  nqp {min(nqp_w):7.2f} s  ({(min(nqp_w) / min(bare_w) - 1) * 100:+.1f}%, "
        f"includes the fit's run-to-run noise)\n"
        f"    outside the estimator fit: bare {min(bare_out):5.2f} s  nqp {min(nqp_out):5.2f} s  -> nqp's overhead "
        f"{extra:+.2f} s = {extra / bare_w[best] * 100:+.1f}% of the bare run"
    )


def main(argv: list[str] | None = None) -> int:
    import logging

    import nqp
    from benchmarks.bench_keywords import generate_tokens

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=DEFAULT, help=f"documents (default {DEFAULT:,})")
    p.add_argument("--full", action="store_true", help=f"the full size: {FULL:,} documents")
    p.add_argument("--k", type=int, default=20, help="topics for the fit comparison (default 20)")
    p.add_argument("--ks", default="5,10,15", help="k values of the scan (default 5,10,15; '' skips the scan)")
    p.add_argument("--seeds", type=int, default=5, help="seeds per k in the scan (default 5)")
    p.add_argument("--repeat", type=int, default=2, help="runs per timing, best kept (default 2)")
    p.add_argument("--lda", action="store_true", help="also time LDA (online from 20,000 documents, n_jobs=1)")
    p.add_argument("--seed", type=int, default=0, help="generator seed")
    args = p.parse_args(argv)
    n_docs = FULL if args.full else args.docs
    logging.getLogger("nqp").setLevel(logging.WARNING)

    t0 = time.perf_counter()
    tokens = generate_tokens(n_docs, seed=args.seed)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    dtm = nqp.dtm(tokens, min_df=5, max_df=0.5)
    t_dtm = time.perf_counter() - t0
    n_tokens = int(tokens["tokens"].map(len).sum())
    print(f"{n_docs:,} documents, {n_tokens:,} tokens; generated in {t_gen:.1f} s; {dtm} in {t_dtm:.1f} s")

    print(f"topic fit, nqp.topics against the bare scikit-learn estimator (best of {args.repeat}):")
    compare(dtm, args.k, "nmf", args.repeat)
    if args.lda:
        compare(dtm, args.k, "lda", 1)

    ks = [int(x) for x in args.ks.split(",") if x.strip()]
    if ks:
        t0 = time.perf_counter()
        scan = nqp.topics_scan(dtm, tokens, ks=ks, n_seeds=args.seeds, random_state=0)
        t_scan = time.perf_counter() - t0
        print(f"k scan over k={ks}, {args.seeds} seeds each ({len(ks) * args.seeds} fits): {t_scan:.1f} s "
              f"({t_scan / len(ks):.1f} s per k)")
        print(scan.table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print(f"  {scan.reason}")
    print(f"peak memory (RSS): {_peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the k scan's rule (``nqp.topics_scan``) on corpora of known structure, and what the scan costs.

1. **Planted topics**: documents drawn from k known word distributions (k = 3, 5, 8; :func:`planted_corpus`),
   scanned over k = 2 .. 11. Printed: the scan's table, the rule's k, and what the previous rule (the most stable
   of the k within 0.05 NPMI of the most coherent) picks from the same table.
2. **The government work reports' decades**: the 57 reports (1954-2025) as notebook 05 models them (formula
   layer out, terms in 5 to 90% of the reports, sentence NPMI), scanned over 2 .. 12 and over the notebook's
   3 .. 10. For each k, the agreement (NMI) of each report's heaviest topic with its decade (eight decades).
3. **Cost**: the scan (k = 2 .. 10, 5 runs per k) on generated documents of two sizes, against the bare
   scikit-learn fits it makes (the same ``NMF`` on the same TF-IDF rows: one full fit and four 80% subsamples per
   k), measured in the same run; and the growth of the scan's time with the documents (1 = linear).

Figures are printed, never asserted; the machine may be shared, so read the ratios, not the seconds.

    python -m benchmarks.bench_topics_k
    python -m benchmarks.bench_topics_k --sizes 500 1000 --skip-reports
"""

from __future__ import annotations

import argparse
import logging
import time

import numpy as np
import pandas as pd


def planted_corpus(k: int, n_per: int = 40, length: int = 80, n_words: int = 15, n_background: int = 60,
                   background: float = 0.35, alpha: float = 0.1, seed: int = 0) -> tuple[pd.DataFrame, list[set]]:
    """Documents from ``k`` planted topics, and the planted word sets.

    Each topic is a Zipf distribution over 15 words of its own; 35% of the tokens come from 60 background
    words every topic shares (also Zipf); each document's topic mixture is drawn from Dirichlet(0.1), so most
    documents are mostly one topic and some mix two. ``n_per`` documents per topic, ``length`` tokens each.
    """
    rng = np.random.default_rng(seed)
    chars = [chr(0x4E00 + i) for i in range(3000)]
    words = list(dict.fromkeys("".join(rng.choice(chars, 2)) for _ in range(2 * (k * n_words + n_background))))
    planted = [words[i * n_words:(i + 1) * n_words] for i in range(k)]
    shared = words[k * n_words:k * n_words + n_background]
    zipf = 1 / np.arange(1, n_words + 1)
    zipf_bg = 1 / np.arange(1, n_background + 1)
    rows = []
    for d in range(k * n_per):
        mix = rng.dirichlet([alpha] * k)
        toks = []
        for _ in range(length):
            if rng.random() < background:
                toks.append(shared[rng.choice(n_background, p=zipf_bg / zipf_bg.sum())])
            else:
                toks.append(planted[rng.choice(k, p=mix)][rng.choice(n_words, p=zipf / zipf.sum())])
        rows.append({"doc_id": f"d{d:04d}", "tokens": toks})
    return pd.DataFrame(rows), [set(p) for p in planted]


def previous_rule(table: pd.DataFrame, tolerance: float = 0.05) -> int:
    """The rule before issue 18: among the k within ``tolerance`` of the best coherence, the most stable
    (to 0.01), ties to the more coherent, then the smaller k."""
    best = table["coherence"].max()
    near = table[table["coherence"] >= best - tolerance].assign(_s=lambda t: t["stability"].round(2))
    return int(near.sort_values(["_s", "coherence", "k"], ascending=[False, False, True], kind="stable").iloc[0]["k"])


def _print(table: pd.DataFrame) -> None:
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def planted_part() -> None:
    import nqp

    print("1. planted topics (k = 2 .. 11, 5 runs per k)")
    summary = []
    for k in (3, 5, 8):
        tokens, _ = planted_corpus(k)
        dtm = nqp.dtm(tokens)
        t0 = time.perf_counter()
        scan = nqp.topics_scan(dtm, tokens, ks=range(2, 12), random_state=0)
        print(f"\nplanted k={k}: {dtm}; scan {time.perf_counter() - t0:.1f} s")
        _print(scan.table)
        summary.append((k, scan.recommended_k, previous_rule(scan.table)))
    print("\nplanted k | the rule's k | the previous rule's k (same table)")
    for k, got, old in summary:
        print(f"{k:9d} | {got:12d} | {old:d}")


def reports_part() -> None:
    import nqp
    from sklearn.metrics import normalized_mutual_info_score

    print("\n2. the government work reports' decades")
    reports = nqp.clean(nqp.load_dataset("gov_work_reports"), progress=False).articles
    tokens = nqp.tokenize(reports, formula=True)
    sentences = nqp.tokenize_long(reports, formula=True)
    dtm = nqp.dtm(tokens, min_df=5, max_df=0.9)
    decades = nqp.date_bins(dtm.docs, "decade")["bin"].to_numpy()
    print(f"{len(reports)} reports, {len(set(decades))} decades; {dtm}")
    for ks in (range(2, 13), range(3, 11)):
        t0 = time.perf_counter()
        scan = nqp.topics_scan(dtm, sentences, ks=ks, random_state=0)
        nmi = []
        for k in scan.table["k"]:
            lead = scan.topics(int(k)).doc_topic_matrix().to_numpy().argmax(axis=1)
            nmi.append(normalized_mutual_info_score(decades, lead))
        table = scan.table.assign(nmi_decades=nmi)
        print(f"\nks = {ks.start} .. {ks.stop - 1} (scan {time.perf_counter() - t0:.1f} s)")
        _print(table)
        best = table.loc[table["nmi_decades"].idxmax()]
        pick = table.loc[table["recommended"]].iloc[0]
        old = previous_rule(scan.table)
        print(f"the rule: k={scan.recommended_k} (NMI with the decades {pick['nmi_decades']:.2f}); the previous rule: "
              f"k={old} (NMI {table.loc[table['k'] == old, 'nmi_decades'].item():.2f}); the best NMI in the scan: "
              f"k={int(best['k'])} ({best['nmi_decades']:.2f})")
        print(f"  {scan.reason}")


def cost_part(sizes: list[int]) -> None:
    import warnings

    import nqp
    from sklearn.exceptions import ConvergenceWarning

    from benchmarks.bench_keywords import generate_tokens
    from nqp.models._common import _min_chars

    warnings.simplefilter("ignore", ConvergenceWarning)
    print("\n3. cost: nqp.topics_scan (k = 2 .. 10, 5 runs) against the bare scikit-learn fits it makes")
    ks = list(range(2, 11))
    previous = None
    for n in sizes:
        tokens = generate_tokens(n, seed=0)
        dtm = nqp.dtm(tokens, min_df=2)
        t0 = time.perf_counter()
        nqp.topics_scan(dtm, tokens, ks=ks, random_state=0)
        t_scan = time.perf_counter() - t0
        t_bare = bare_scan(_min_chars(dtm, 2).matrix, ks)
        line = (f"{n:7,d} documents ({dtm}): scan {t_scan:6.1f} s, bare fits {t_bare:6.1f} s, "
                f"scan / bare {t_scan / t_bare:.2f}")
        if previous is not None:
            growth = np.log(t_scan / previous[1]) / np.log(n / previous[0])
            line += f"; growth exponent of the scan from {previous[0]:,}: {growth:.2f}"
        print(line)
        previous = (n, t_scan)


def bare_scan(matrix, ks, n_runs: int = 5, sample: float = 0.8) -> float:
    """The fits of a scan written with scikit-learn alone: per k, NMF (NNDSVDa, as nqp) on the sublinear TF-IDF
    of all rows, then on ``n_runs - 1`` random subsamples of ``sample`` of the rows."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    t0 = time.perf_counter()
    n = matrix.shape[0]
    for k in ks:
        x = TfidfTransformer(sublinear_tf=True).fit_transform(matrix)
        NMF(n_components=k, init="nndsvda", max_iter=400, random_state=0).fit(x)
        for s in range(1, n_runs):
            rows = np.sort(np.random.default_rng([0, s]).choice(n, int(round(sample * n)), replace=False))
            x = TfidfTransformer(sublinear_tf=True).fit_transform(matrix[rows])
            NMF(n_components=k, init="nndsvda", max_iter=400, random_state=s).fit(x)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[1000, 2000], help="documents for the cost part")
    p.add_argument("--skip-planted", action="store_true")
    p.add_argument("--skip-reports", action="store_true")
    args = p.parse_args(argv)
    logging.getLogger("nqp").setLevel(logging.WARNING)
    if not args.skip_planted:
        planted_part()
    if not args.skip_reports:
        reports_part()
    if args.sizes:
        cost_part(args.sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

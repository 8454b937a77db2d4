"""Benchmark: which clustering finds known groups, on planted corpora and the work reports' decades.

For every corpus with known groups, every candidate of ``nqp.clusters_compare`` (k-means and Ward on
20 LSA dimensions of TF-IDF, each document's heaviest NMF topic from a seeded random start, k-means
on the TF-IDF rows, average linkage on TF-IDF: the old default) is fitted at the true number of
groups with ``--seeds`` seeds, and the mean NMI against the groups is printed, with the gap of
nqp's default (k-means on LSA) to the best method, the silhouette and the stability. Then the k scan
(``nqp.clusters_scan``) on each corpus: the recommended k against the true one. Then the cost:
seconds of ``nqp.clusters`` (default) against bare scikit-learn (``TruncatedSVD`` + ``KMeans``) on
the same matrix, in the same run, at ``--sizes`` documents. Figures are printed, never asserted; the
machine may be loaded by other work, so read the times as ratios.

The corpora:

- ``planted``: :func:`planted` below: documents drawn from a Zipfian background vocabulary shared by
  every group plus group vocabularies that overlap (each a random 250 of 6,000 words), each document
  mixing its own group with a second random group; document lengths log-normal (median
  ``median_len`` tokens), group sizes unequal. "easy" keeps 55-85% of a document's words background,
  "hard" 80-95% (the regime of real news, where average linkage puts nearly every document in one
  cluster).
- ``work reports``: the 57 bundled government work reports (``nqp.gov_work_reports``), grouped by
  decade (8 groups, 2 to 10 reports each); a weak test, since neighbouring decades share a vocabulary.
- No labelled Chinese news set whose licence allows shipping it in tests is available offline, so
  none is included.

    python -m benchmarks.bench_clusters                  # about ten minutes on a loaded 2-core machine
    python -m benchmarks.bench_clusters --quick          # three small corpora
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

DEFAULT = "k-means on 20 LSA dimensions of TF-IDF"
#: the settings of the planted corpora: (name, documents, groups, generator seed, background share, mix, median length)
CORPORA = (
    ("easy", 300, 3, 0, (0.55, 0.85), 0.25, 180),
    ("easy", 1500, 8, 2, (0.55, 0.85), 0.25, 180),
    ("hard", 600, 5, 1, (0.8, 0.95), 0.4, 100),
    ("hard", 800, 3, 5, (0.8, 0.95), 0.45, 100),
    ("hard", 1500, 8, 2, (0.8, 0.95), 0.45, 80),
    ("hard", 3000, 6, 4, (0.85, 0.95), 0.5, 100),
)


def planted(n_docs: int, k: int, seed: int = 0, *, vocab_size: int = 6000, group_words: int = 250,
            background=(0.55, 0.85), mix: float = 0.25, median_len: int = 180) -> pd.DataFrame:
    """A tokens table of ``n_docs`` documents in ``k`` planted groups: ``doc_id``, ``title``, ``group``
    (0 .. k-1), ``tokens``.

    The vocabulary is ``vocab_size`` two-character words. Each document draws its words from a Zipfian
    background shared by all groups (a share drawn uniformly from ``background``), the rest from its
    group's vocabulary (``group_words`` words drawn at random, so groups overlap; Zipfian within the
    group), of which a share drawn uniformly from [0, ``mix``] comes from a second, random group.
    Lengths are log-normal around ``median_len`` tokens (15 to 3,000); group sizes are drawn from a
    Dirichlet(3). The same arguments give the same table.
    """
    rng = np.random.default_rng(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
    words: set[str] = set()
    while len(words) < vocab_size:
        a, b = rng.integers(0, len(chars), 2)
        words.add(chars[a] + chars[b])
    vocab = np.array(sorted(words))
    rng.shuffle(vocab)
    zipf = 1.0 / np.arange(1, vocab_size + 1) ** 1.05
    bg = zipf / zipf.sum()
    groups = []
    inner = 1.0 / np.arange(1, group_words + 1) ** 0.9
    for _ in range(k):
        p = np.zeros(vocab_size)
        p[rng.choice(vocab_size, group_words, replace=False)] = inner / inner.sum()
        groups.append(p)
    label = rng.choice(k, n_docs, p=rng.dirichlet(np.full(k, 3.0)))
    lengths = np.clip(rng.lognormal(np.log(median_len), 0.7, n_docs).astype(int), 15, 3000)
    rows = []
    for i in range(n_docs):
        g, other = int(label[i]), int(rng.integers(0, k))
        pbg, sec = rng.uniform(*background), rng.uniform(0, mix)
        p = pbg * bg + (1 - pbg) * ((1 - sec) * groups[g] + sec * groups[other])
        toks = rng.choice(vocab_size, lengths[i], p=p)
        rows.append({"doc_id": f"p{i:05d}", "title": f"第{g + 1}组第{i}篇", "group": g, "tokens": list(vocab[toks])})
    return pd.DataFrame(rows)


def corpora(quick: bool = False):
    """(name, Dtm, group of each document, number of groups) of every corpus with known groups."""
    import nqp

    reports = nqp.clean(nqp.gov_work_reports()).articles
    d = nqp.dtm(nqp.tokenize(reports, formula=True), min_df=5, max_df=0.9)
    decades = d.docs["date"].astype(str).str[:3].add("0s").to_numpy()
    yield "work reports by decade", d, decades, len(set(decades))
    settings = CORPORA[:1] + CORPORA[2:4] if quick else CORPORA
    for kind, n, k, seed, bg, mix, length in settings:
        tok = planted(n, k, seed, background=bg, mix=mix, median_len=length)
        yield f"planted {kind} n={n} k={k}", nqp.dtm(tok, min_df=2), tok["group"].to_numpy(), k


def nmi_table(quick: bool = False, seeds: int = 3) -> pd.DataFrame:
    """One row per corpus and candidate: mean NMI over ``seeds`` seeds, silhouette, stability; each corpus's
    NMI row is printed as soon as it is computed."""
    import nqp

    rows = []
    header = False
    for name, d, truth, k in corpora(quick):
        t0 = time.perf_counter()
        runs = [nqp.clusters_compare(d, k, groups=truth, random_state=s, n_runs=3) for s in range(seeds)]
        both = pd.concat(runs)
        mean = both.groupby("clustering", sort=False)[["nmi", "silhouette", "stability", "largest_share"]].mean()
        scan = nqp.clusters_scan(d, range(2, max(11, k + 3)), random_state=0, n_runs=3)
        if not header:
            print("| corpus | " + " | ".join(mean.index) + " | default - best | scan's k | seconds |")
            print("|---|" + "---:|" * (len(mean) + 3))
            header = True
        nmi = mean["nmi"]
        print(f"| {name} | " + " | ".join(f"{v:.2f}" for v in nmi) + f" | {nmi[DEFAULT] - nmi.max():+.2f} | "
              f"{scan.recommended_k} | {time.perf_counter() - t0:.0f} |", flush=True)
        for clustering, r in mean.iterrows():
            rows.append({"corpus": name, "docs": d.shape[0], "k": k, "clustering": clustering, **r.to_dict(),
                         "scan_k": scan.recommended_k})
    return pd.DataFrame(rows)


def timing(sizes, repeat: int = 3) -> list[str]:
    import nqp
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    lines = []
    for n in sizes:
        tok = planted(n, 6, 7, background=(0.8, 0.95), mix=0.4, median_len=100)
        d = nqp.dtm(tok, min_df=2)
        x = normalize(nqp.tfidf(d, sublinear_tf=True).matrix)

        def bare():
            z = normalize(TruncatedSVD(20, random_state=0).fit_transform(x))
            if n >= 20_000:
                from sklearn.cluster import MiniBatchKMeans

                return MiniBatchKMeans(6, n_init=3, random_state=0, batch_size=4096).fit_predict(z)
            return KMeans(6, n_init=10, random_state=0).fit_predict(z)

        t_nqp, t_bare = [], []
        for _ in range(repeat):  # alternate, so a busy machine slows both alike
            t = time.perf_counter()
            nqp.clusters(d, 6, random_state=0)
            t_nqp.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare()
            t_bare.append(time.perf_counter() - t)
        lines.append(f"| {n:,} | {min(t_nqp):.2f} | {min(t_bare):.2f} | {min(t_nqp) / min(t_bare):.2f} |")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_clusters", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="three small corpora, no timing beyond 2,000 documents")
    ap.add_argument("--seeds", type=int, default=3, help="seeds per method (default 3)")
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="documents for the timing (default 2000 20000)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    print("NMI against the known groups (mean over seeds 0..%d), at the true k; the k the scan recommends "
          "(ks 2 .. 10):" % (args.seeds - 1), flush=True)
    table = nmi_table(args.quick, args.seeds)
    print()
    print("Stability (mean ARI between runs on 80% subsamples) and silhouette (cosine, LSA):")
    print("| corpus | clustering | stability | silhouette | largest cluster |")
    print("|---|---|---:|---:|---:|")
    for r in table.itertuples():
        print(f"| {r.corpus} | {r.clustering} | {r.stability:.2f} | {r.silhouette:.3f} | {r.largest_share:.0%} |")
    print()
    sizes = args.sizes or ([2000] if args.quick else [2000, 20000])
    print("Seconds of nqp.clusters(d, 6) against TruncatedSVD(20) + KMeans on the same matrix (best of 3; loaded machine):")
    print("| documents | nqp | bare | ratio |")
    print("|---:|---:|---:|---:|")
    for line in timing(sizes):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

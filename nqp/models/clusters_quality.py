"""How good a clustering is: stability under perturbation, the choice of k, methods side by side.

- :func:`clusters_stability`: the same clustering refitted on ``n_runs`` random subsamples of the
  documents, each from its own random start; the agreement of every two runs on the documents they
  share (adjusted Rand index, ARI: 1 the same partition, about 0 no better than chance).
- :func:`clusters_scan`: for every k, the mean silhouette (cosine, in the LSA space), the
  Calinski-Harabasz index, the stability and the smallest cluster, and a recommended k: **the k with
  the highest silhouette among the stable ones** (stability at least ``min_stability``, 0.8); when no
  k is that stable, the most stable k.
- :func:`clusters_compare`: several methods and spaces at one k, with their silhouette, stability
  and, when the documents carry known groups, their agreement with them (NMI).
- :func:`clusters_summary`: one sentence on a :class:`~nqp.Clusters` (and its scan), computed.

Why this rule: in TF-IDF space silhouettes are all near 0 and cannot tell one k from another; in 20
LSA dimensions the silhouette peaks at the planted k of planted corpora, and the stability
requirement drops a k whose partition a subsample or another start would not reproduce
(``tests/models/test_models_clusters_k.py`` checks k = 3, 5 and 8).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int, check_number, check_random_state
from ..errors import NqpValueError
from ..progress import progress_bar
from ._common import _scan_ks, small_fits_on_one_thread
from .clusters_fit import N_COMPONENTS, Clusters, _build, _check_k, _check_options, _describe, _fit, _prepare, _weighted

log = logging.getLogger(__name__)

__all__ = ["ClusterScan", "clusters_compare", "clusters_scan", "clusters_stability", "clusters_summary"]

#: the stability a k needs to be recommended (mean ARI between runs on subsamples)
MIN_STABILITY = 0.8
#: the methods clusters_compare tries by default: (method, space, linkage)
CANDIDATES = (("kmeans", "lsa", "ward"), ("hierarchical", "lsa", "ward"), ("nmf", "tfidf", "ward"),
              ("kmeans", "tfidf", "ward"), ("hierarchical", "tfidf", "average"))


def _runs(prep, k, method, linkage, random_state, n_runs, sample):
    """The raw labels of ``n_runs`` fits, each on its own subsample of the documents and from its own start.

    The subsample is drawn from the prepared space (the LSA of all documents); NMF refactorizes the
    TF-IDF rows of the subsample from a random start of its own.
    """
    n = prep.points.shape[0]
    size = int(round(sample * n))
    rng = np.random.default_rng(random_state)
    out = []
    for r in range(n_runs):
        pick = np.arange(n) if size >= n else np.sort(rng.choice(n, size, replace=False))
        raw, _ = _fit(prep.points[pick], prep.weighted[pick], k, method, random_state + 1 + r, linkage)
        out.append((pick, np.asarray(raw)))
    return out


def _agreement(runs) -> pd.DataFrame:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    rows = []
    n = 1 + max(int(p.max()) for p, _ in runs)
    for (a, (pa, la)), (b, (pb, lb)) in combinations(enumerate(runs), 2):
        full_a, full_b = np.full(n, -1), np.full(n, -1)
        full_a[pa], full_b[pb] = la, lb
        shared = np.flatnonzero((full_a >= 0) & (full_b >= 0))
        x, y = full_a[shared], full_b[shared]
        rows.append((a + 1, b + 1, len(shared), float(adjusted_rand_score(x, y)), float(normalized_mutual_info_score(x, y))))
    return pd.DataFrame(rows, columns=["run_a", "run_b", "n_shared", "ari", "nmi"])


def _check_runs(n_runs, sample) -> tuple[int, float]:
    n_runs = check_int("n_runs", n_runs, min=2)
    sample = check_number("sample", sample, min=0.1, max=1.0)
    return n_runs, float(sample)


@small_fits_on_one_thread
def clusters_stability(
    x,
    k: int,
    method: str = "kmeans",
    random_state: int = 0,
    *,
    space: str = "lsa",
    n_components: int = N_COMPONENTS,
    linkage: str = "ward",
    n_runs: int = 5,
    sample: float = 0.8,
) -> pd.DataFrame:
    """How reproducible the clustering of :func:`nqp.clusters` (same arguments) is.

    Run ``r`` (1 .. ``n_runs``) draws ``sample`` of the documents without replacement (a seeded draw
    from ``random_state``), refits the clustering on them from the start
    ``random_state + r``, and every two runs are compared on the documents both drew. The subsample is
    drawn from the LSA of all documents (computed once); ``nmf`` refactorizes its TF-IDF rows. Returns one row
    per pair: ``run_a``, ``run_b``, ``n_shared``, ``ari`` (adjusted Rand index), ``nmi``; the mean
    ``ari`` is the stability the scan reports. ``sample=1.0`` varies only the random start (for
    ``hierarchical``, which has none, the runs then agree by construction). For a Topics ``x`` the
    topic weights stay fixed; only the documents and the start vary.
    """
    method, space, linkage, n_components = _check_options(method, space, linkage, n_components)
    random_state = check_random_state(random_state)
    n_runs, sample = _check_runs(n_runs, sample)
    prep = _prepare(x, space, n_components, random_state)
    n = prep.points.shape[0]
    k = _check_k(k, n)
    if int(round(sample * n)) <= k:
        raise NqpValueError(f"sample={sample}: {int(round(sample * n))} of {n} documents cannot hold k={k} clusters "
                            "and a silhouette; use a larger sample or a smaller k.")
    return _agreement(_runs(prep, k, method, linkage, random_state, n_runs, sample))


@dataclass(frozen=True, eq=False)
class ClusterScan:
    """Each k's quality (from :func:`clusters_scan`).

    ``table``: one row per k: ``k``, ``silhouette`` (mean, cosine, in the LSA or topic space),
    ``calinski_harabasz`` (between- over within-cluster dispersion in the same space, higher is better),
    ``stability`` (mean ARI between runs on subsamples, see :func:`clusters_stability`), ``smallest``
    (documents in the smallest cluster), ``recommended``. ``recommended_k``, ``reason`` (the rule and the
    figures behind the choice), ``method``, ``space``, ``n_components``, ``min_stability``.
    """

    table: pd.DataFrame
    recommended_k: int
    reason: str
    method: str
    space: str
    n_components: int = N_COMPONENTS
    min_stability: float = MIN_STABILITY
    linkage: str | None = None

    def describe(self) -> str:
        return _describe(self.method, self.space, self.n_components, self.linkage)


def _recommend(table: pd.DataFrame, min_stability: float) -> tuple[int, str]:
    stable = table[table["stability"] >= min_stability]
    if table["stability"].isna().all():
        best = table.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable").iloc[0]
        k = int(best["k"])
        reason = (f"k={k} has the highest mean silhouette ({best['silhouette']:.3f}); too few documents to measure "
                  "stability on subsamples")
    elif len(stable):
        best = stable.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable").iloc[0]
        k = int(best["k"])
        if len(table) == 1:
            reason = (f"k={k}, the only k scanned, reaches a stability of {min_stability:.2f} "
                      f"(its stability {best['stability']:.3f}, mean silhouette {best['silhouette']:.3f})")
        elif len(stable) == 1:
            reason = (f"k={k} is the only one of the {len(table)} k scanned whose stability reaches {min_stability:.2f} "
                      f"(its stability {best['stability']:.3f}, mean silhouette {best['silhouette']:.3f})")
        else:
            reason = (f"k={k} has the highest mean silhouette ({best['silhouette']:.3f}) among the {len(stable)} of the "
                      f"{len(table)} k scanned whose stability reaches {min_stability:.2f} (its stability "
                      f"{best['stability']:.3f})")
        others = table[table["k"] != k].sort_values(["silhouette", "k"], ascending=[False, True], kind="stable")
        if len(others):
            o = others.iloc[0]
            reason += f"; next best silhouette k={int(o['k'])} ({o['silhouette']:.3f}, stability {o['stability']:.2f})"
    else:
        best = table.sort_values(["stability", "silhouette", "k"], ascending=[False, False, True], kind="stable",
                                 na_position="last").iloc[0]
        k = int(best["k"])
        reason = (f"no k reaches a stability of {min_stability:.2f}; k={k} is the most stable "
                  f"({best['stability']:.3f}, silhouette {best['silhouette']:.3f}), so read its clusters with caution")
    if len(table) > 1 and k == int(table["k"].max()):
        reason += f"; k={k} is the largest k scanned, so a larger k was not tried"
    if best["silhouette"] < 0.25:
        reason += "; a silhouette below 0.25 means the documents form no strong clusters"
    return k, reason + "."


@small_fits_on_one_thread
def clusters_scan(
    x,
    ks=None,
    method: str = "kmeans",
    random_state: int = 0,
    *,
    space: str = "lsa",
    n_components: int = N_COMPONENTS,
    linkage: str = "ward",
    n_runs: int = 5,
    sample: float = 0.8,
    min_stability: float = MIN_STABILITY,
    progress=None,
) -> ClusterScan:
    """Cluster ``x`` for every k of ``ks`` and recommend one (see the module: the highest silhouette
    among the k with stability >= ``min_stability``).

    ``ks``: ``None`` scans 2 .. min(10, documents / 2); a k beyond the number of documents minus 1
    raises an error. The other arguments are those of :func:`nqp.clusters` and
    :func:`nqp.clusters_stability`. ``progress``: a bar over the ks (see :mod:`nqp.progress`).
    """
    from sklearn.metrics import calinski_harabasz_score

    method, space, linkage, n_components = _check_options(method, space, linkage, n_components)
    random_state = check_random_state(random_state)
    n_runs, sample = _check_runs(n_runs, sample)
    min_stability = float(check_number("min_stability", min_stability, min=-1.0, max=1.0))
    prep = _prepare(x, space, n_components, random_state)
    n = prep.points.shape[0]
    ks = _scan_ks(ks, n)
    ks = [_check_k(k, n) for k in ks]
    rows = []
    for k in progress_bar(ks, progress=progress, desc=f"clusters_scan ({method})", unit="k"):
        c = _build(prep, k, method, random_state, linkage, n_components)
        labels = c.assignments[S.CLUSTER].to_numpy()
        ch = float(calinski_harabasz_score(prep.yardstick, labels)) if c.k >= 2 else float("nan")
        if int(round(sample * n)) > k:  # a subsample that can hold k clusters
            stability = float(_agreement(_runs(prep, k, method, linkage, random_state, n_runs, sample))["ari"].mean())
        else:
            stability = float("nan")
        rows.append((k, c.silhouette, ch, stability, int(c.table["n_docs"].min())))
    table = pd.DataFrame(rows, columns=S.CLUSTER_SCAN_COLUMNS[:-1])  # "recommended" follows
    k_best, reason = _recommend(table, min_stability)
    table["recommended"] = table["k"] == k_best
    return ClusterScan(table, k_best, reason, method, prep.name, n_components, min_stability,
                       linkage if method == "hierarchical" else None)


@small_fits_on_one_thread
def clusters_compare(
    x,
    k: int,
    groups=None,
    candidates=CANDIDATES,
    random_state: int = 0,
    *,
    n_components: int = N_COMPONENTS,
    n_runs: int = 5,
    sample: float = 0.8,
    scan: ClusterScan | None = None,
) -> pd.DataFrame:
    """Several clusterings of ``x`` at ``k`` side by side: one row per ``(method, space, linkage)`` of
    ``candidates`` (default: k-means and Ward on LSA, NMF topics, k-means on TF-IDF, average linkage on
    TF-IDF), in that order.

    Columns: ``method``, ``space``, ``linkage``, ``clustering`` (in words), ``silhouette`` (LSA
    yardstick), ``stability`` (:func:`clusters_stability`), ``largest_share`` (of the documents in the
    largest cluster), ``nmi`` (against ``groups``: a column of the Dtm's documents, or one label per
    document; NaN without). ``default`` marks :func:`nqp.clusters`' default. A hierarchical candidate is
    left out above 5,000 documents (logged). ``scan``: the :func:`clusters_scan` of the same ``x`` and
    ``random_state``; the candidate that is its clustering (same method, space and linkage) takes the scan's
    stability at ``k`` instead of measuring it again on other runs, so that one clustering has one stability.
    """
    from sklearn.metrics import normalized_mutual_info_score

    from .clusters_fit import MAX_HIERARCHICAL

    random_state = check_random_state(random_state)
    weighted, docs, _, _ = _weighted(x)
    n = weighted.shape[0]
    k = _check_k(k, n)
    truth = None
    if groups is not None:
        if isinstance(groups, str):
            if groups not in docs.columns:
                raise NqpValueError(f"groups: no column {groups!r} in the documents (have {list(docs.columns)}).")
            truth = docs[groups]
        else:
            truth = pd.Series(list(groups))
            if len(truth) != n:
                raise NqpValueError(f"groups: {len(truth)} labels for {n} documents; give one per document, in Dtm order.")
        if truth.isna().any():
            raise NqpValueError(f"groups: {int(truth.isna().sum())} documents have no group; drop them or fill them in.")
        truth = truth.astype(str).to_numpy()
    n_runs, sample = _check_runs(n_runs, sample)
    rows, preps = [], {}
    for method, space, linkage in candidates:
        method, space, linkage, _ = _check_options(method, space, linkage, n_components)
        if method == "hierarchical" and n > MAX_HIERARCHICAL:
            log.info("clusters_compare: %s left out (%d documents > %d)", method, n, MAX_HIERARCHICAL)
            continue
        if space not in preps:
            preps[space] = _prepare(x, space, n_components, random_state)
        prep = preps[space]
        c = _build(prep, k, method, random_state, linkage, n_components)
        scanned = (scan.table.loc[scan.table["k"] == k, "stability"]
                   if scan is not None and (scan.method, scan.space, scan.n_components) == (method, c.space, n_components)
                   and (method != "hierarchical" or scan.linkage == linkage) else pd.Series(dtype=float))
        if len(scanned):
            stab = float(scanned.iloc[0])
        else:
            stab = (_agreement(_runs(prep, k, method, linkage, random_state, n_runs, sample))["ari"].mean()
                    if round(sample * n) > k else float("nan"))
        labels = c.assignments[S.CLUSTER].to_numpy()
        nmi = float(normalized_mutual_info_score(truth, labels)) if truth is not None else float("nan")
        rows.append((method, c.space, linkage if method == "hierarchical" else "", c.describe(), c.silhouette,
                     float(stab), float(np.bincount(labels).max() / n), nmi,
                     (method, space) == ("kmeans", "lsa")))
    return pd.DataFrame(rows, columns=["method", "space", "linkage", "clustering", "silhouette", "stability",
                                       "largest_share", "nmi", "default"])


def clusters_summary(result: Clusters, scan: ClusterScan | None = None, *, max_chars: int = 40) -> str:
    """One sentence (Markdown) on ``result``: how it was made, how many clusters, their silhouette, the
    largest cluster and its lead title; with ``scan``, why this k and how stable it is."""
    from ..errors import NqpTypeError

    if not isinstance(result, Clusters):
        raise NqpTypeError(f"result: expected the Clusters of nqp.clusters, got {type(result).__name__}.")
    t = result.table
    n = int(t["n_docs"].sum())
    biggest = t.sort_values(["n_docs", "cluster"], ascending=[False, True], kind="stable").iloc[0]
    lead = str(biggest["titles"]).split(" ｜ ")[0]
    lead = lead if len(lead) <= max_chars else lead[: max_chars - 1] + "…"
    text = (f"{result.describe()[0].upper()}{result.describe()[1:]} puts the {n:,} documents into {result.k} clusters "
            f"with a mean silhouette of {result.silhouette:.2f}"
            + (" (weak: the documents do not fall into clear groups)" if result.silhouette < 0.25 else ""))
    if scan is not None:
        row = scan.table.set_index("k")["stability"].get(result.k, np.nan)
        if result.k == scan.recommended_k:
            why = scan.reason[:-1].split("; a silhouette below 0.25")[0]  # the weakness is said above
            text += f"; k = {result.k} is the scan's choice: {why[0].lower()}{why[1:]}"
        else:
            text += f"; k = {result.k} was set by hand (the scan recommends k = {scan.recommended_k})"
        if np.isfinite(row):
            text += (f"; refitted on subsamples from other random starts, the partition at k = {result.k} agrees with "
                     f"itself at ARI {row:.2f}")
    share = biggest["n_docs"] / n
    ids = {str(v) for c in (S.ARTICLE_ID, S.DOC_ID) if c in result.assignments.columns for v in result.assignments[c]}
    led = f"an untitled document, {lead}" if lead in ids else f"《{lead}》"  # an id is no title: no book brackets
    text += (f". The largest cluster holds {int(biggest['n_docs']):,} documents ({share:.0%}; top terms "
             f"{biggest['top_terms'] or '(none)'}), led by {led}.")
    return text

"""Document clustering: which articles belong together, on TF-IDF or topic space.

- :func:`clusters` groups documents hierarchically (average-linkage on cosine distance; a
  dendrogram labelled with the titles) or with k-means, and returns a frozen :class:`Clusters`
  with one row per document, one row per cluster (member titles, top terms) and the silhouette;
- :func:`clusters_scan` computes the silhouette for a range of k and recommends one;
- ``textplot_dendrogram`` and ``textplot_clusters_scan`` (in :mod:`nqp.plots.clusterings`) draw them.

The space is the TF-IDF rows of a :class:`~nqp.Dtm` (L2-normalized, so cosine and Euclidean
agree), or the document-topic weights of a :class:`~nqp.Topics`. Clusters are numbered
from 1 in the order of their first document in the Dtm, so equal partitions give equal tables.
Hierarchical clustering needs all pairwise distances: above ``MAX_HIERARCHICAL`` documents use
k-means (``MiniBatchKMeans`` from 20,000 documents) or the topic space.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_choice, check_int, check_random_state
from ..matrix import Dtm
from ..errors import NqpTypeError, NqpValueError
from ..progress import progress_bar
from ._common import _scan_ks
from .topic_fit import Topics

log = logging.getLogger(__name__)

__all__ = ["ClusterScan", "Clusters", "clusters", "clusters_scan"]

CLUSTER = S.CLUSTER
METHODS = ("hierarchical", "kmeans")
LINKAGES = ("average", "complete", "single", "ward")
MAX_HIERARCHICAL = 5_000
MINIBATCH_FROM = 20_000
SILHOUETTE_SAMPLE = 5_000


def _space(x):
    """(matrix, docs, vocab or None, space name) from a Dtm or a Topics result."""
    from ..matrix import tfidf

    if isinstance(x, Dtm):
        if x.shape[0] == 0 or x.shape[1] == 0:
            raise NqpValueError(f"x: the Dtm is empty ({x.shape[0]} documents x {x.shape[1]} terms).")
        d = x if x.matrix.dtype.kind == "f" else tfidf(x, sublinear_tf=True)
        from sklearn.preprocessing import normalize

        return sp.csr_matrix(normalize(d.matrix)), x.docs.reset_index(drop=True), np.asarray(x.vocab), "tfidf"
    if isinstance(x, Topics):
        w = x.doc_topics["weight"].to_numpy().reshape(len(x.docs), x.k)
        return w, x.docs.reset_index(drop=True), None, "topics"
    raise NqpTypeError(f"x: expected an nqp.Dtm (TF-IDF space) or the Topics of nqp.topics, got {type(x).__name__}.")


def _labels(docs: pd.DataFrame, label: str | None, max_chars: int | None = None) -> list[str]:
    ids = docs[S.ARTICLE_ID] if S.ARTICLE_ID in docs else docs[S.DOC_ID] if S.DOC_ID in docs else pd.Series(
        [f"#{i}" for i in range(len(docs))]
    )
    if label is not None and label not in docs.columns:
        raise NqpValueError(f"label: no column {label!r} in the documents (have {list(docs.columns)}).")
    col = label if label is not None else (S.TITLE if S.TITLE in docs.columns else None)
    out = []
    for i, ident in enumerate(ids):
        value = docs[col].iloc[i] if col is not None else None
        out.append(str(value).strip() if isinstance(value, str) and str(value).strip() else str(ident))
    if label is None:
        # a title shared by several documents (a salutation such as 各位代表: opening every report) does not
        # identify them: the document's own title (doc_title) stands in, else the id is added
        seen = Counter(out)
        alt = docs[S.DOC_TITLE] if S.DOC_TITLE in docs.columns else None
        for i, (ident, text) in enumerate(zip(ids, list(out))):
            if seen[text] > 1:
                a = alt.iloc[i] if alt is not None else None
                a = a.strip() if isinstance(a, str) else ""
                out[i] = a if a and a != text else f"{text} ({ident})"
    if max_chars:
        out = [t[: max_chars - 1] + "…" if len(t) > max_chars else t for t in out]
    return out


def _check_k(k, n_docs: int, name: str = "k") -> int:
    k = check_int(name, k)  # the number of clusters
    if not 2 <= k <= n_docs - 1:
        raise NqpValueError(
            f"{name}={k}: the number of clusters must be between 2 and the number of documents minus 1 "
            f"({n_docs - 1}); silhouettes are undefined otherwise."
        )
    return k


def _renumber(raw: np.ndarray) -> np.ndarray:
    """Cluster ids 1..k in order of first appearance."""
    _, first = np.unique(raw, return_index=True)
    order = np.argsort(first, kind="stable")
    mapping = {raw[first[j]]: i + 1 for i, j in enumerate(order)}
    return np.array([mapping[v] for v in raw], dtype=int)


def _distances(matrix) -> np.ndarray:
    from sklearn.metrics.pairwise import cosine_distances

    d = cosine_distances(matrix)
    np.fill_diagonal(d, 0.0)
    return np.clip((d + d.T) / 2, 0.0, 2.0)


@dataclass(frozen=True, eq=False)
class Clusters:
    """Documents grouped into ``k`` clusters (from :func:`clusters`).

    - ``assignments``: one row per document in Dtm order: the id columns (``doc_id``,
      ``article_id``), ``label`` (the title, or the id when there is none), ``cluster`` (1..k),
      ``silhouette`` (of that document).
    - ``table``: one row per cluster, sorted by cluster: ``cluster``, ``n_docs``, ``silhouette``
      (mean), ``top_terms`` (heaviest mean TF-IDF terms, or topics in topic space), ``titles`` (member
      labels joined by " ｜ ").
    - ``silhouette``: mean silhouette (cosine), in [-1, 1]; ``linkage``: the scipy linkage matrix
      (hierarchical only) for :func:`textplot_dendrogram`.
    """

    assignments: pd.DataFrame
    table: pd.DataFrame
    silhouette: float
    method: str
    space: str
    k: int
    linkage: np.ndarray | None
    random_state: int

    def __repr__(self) -> str:
        return f"Clusters({self.method} on {self.space}, k={self.k}, silhouette={self.silhouette:.3f})"


def clusters(
    x,
    k: int,
    method: str = "hierarchical",
    random_state: int = 0,
    *,
    linkage: str = "average",
    label: str | None = None,
    n_terms: int = 5,
) -> Clusters:
    """Cluster the documents of ``x`` into ``k`` groups; return a :class:`Clusters`.

    ``x``: a count or TF-IDF :class:`~nqp.Dtm` (clustered on L2-normalized sublinear TF-IDF rows,
    cosine distance) or the :class:`~nqp.Topics` of :func:`nqp.topics` (document-topic
    weights). ``method``: ``"hierarchical"`` (scipy, ``linkage`` average/complete/single on cosine
    distance, or ward on the normalized rows; the tree is cut into ``k`` clusters) or ``"kmeans"``
    (scikit-learn, 10 initialisations seeded by ``random_state``). ``label``: the documents column
    shown as the member names (default ``title``, else the id).
    """
    check_choice("method", method, METHODS)
    check_choice("linkage", linkage, LINKAGES)
    random_state = check_random_state(random_state)
    n_terms = check_int("n_terms", n_terms, min=1)
    matrix, docs, vocab, space = _space(x)
    n = matrix.shape[0]
    k = _check_k(k, n)
    names = _labels(docs, label)
    raw, link = _fit(matrix, k, method, random_state, linkage)
    assigned = _renumber(raw)
    sil_each = _silhouette_samples(matrix, assigned, random_state)
    sil = float(np.nanmean(sil_each)) if np.isfinite(sil_each).any() else float("nan")
    ids = {c: docs[c].to_numpy() for c in (S.DOC_ID, S.ARTICLE_ID) if c in docs.columns}
    assignments = pd.DataFrame({**ids, "label": names, CLUSTER: assigned, "silhouette": sil_each})
    rows = []
    for c in range(1, k + 1):
        members = np.flatnonzero(assigned == c)
        centre = np.asarray(matrix[members].mean(axis=0)).ravel()
        idx = np.arange(len(centre))
        top = np.lexsort((idx, -centre))[:n_terms]
        top = top[centre[top] > 0]
        terms = " ".join(vocab[top]) if vocab is not None else " ".join(f"T{i + 1}" for i in top)
        rows.append((c, len(members), float(np.nanmean(sil_each[members])), terms, " ｜ ".join(names[i] for i in members)))
    table = pd.DataFrame(rows, columns=S.CLUSTER_TABLE_COLUMNS)
    return Clusters(assignments, table, sil, method, space, k, link, random_state)


def _fit(matrix, k: int, method: str, random_state: int, linkage: str):
    n = matrix.shape[0]
    if method == "hierarchical":
        if n > MAX_HIERARCHICAL:
            raise NqpValueError(
                f"method='hierarchical': {n} documents need {n * (n - 1) // 2:,} pairwise distances; above "
                f"{MAX_HIERARCHICAL:,} documents use method='kmeans', or cluster a sample."
            )
        from scipy.cluster.hierarchy import fcluster
        from scipy.cluster.hierarchy import linkage as scipy_linkage
        from scipy.spatial.distance import squareform

        if linkage == "ward":
            dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
            link = scipy_linkage(dense, method="ward", metric="euclidean")
        else:
            link = scipy_linkage(squareform(_distances(matrix), checks=False), method=linkage)
        return fcluster(link, t=k, criterion="maxclust"), link
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if n >= MINIBATCH_FROM:
        est = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=random_state, batch_size=4096)
    else:
        est = KMeans(n_clusters=k, n_init=10, random_state=random_state)
    return est.fit_predict(matrix), None


def _silhouette_samples(matrix, assigned: np.ndarray, random_state: int) -> np.ndarray:
    from sklearn.metrics import silhouette_samples

    n_clusters = len(np.unique(assigned))
    if n_clusters < 2 or n_clusters >= len(assigned):
        return np.full(len(assigned), np.nan)
    if len(assigned) > SILHOUETTE_SAMPLE:
        rng = np.random.default_rng(random_state)
        pick = np.sort(rng.choice(len(assigned), SILHOUETTE_SAMPLE, replace=False))
        out = np.full(len(assigned), np.nan)
        if len(np.unique(assigned[pick])) >= 2:
            out[pick] = silhouette_samples(matrix[pick], assigned[pick], metric="cosine")
        log.info("clusters: silhouette computed on a sample of %d of %d documents", SILHOUETTE_SAMPLE, len(assigned))
        return out
    return silhouette_samples(matrix, assigned, metric="cosine")


@dataclass(frozen=True, eq=False)
class ClusterScan:
    """Silhouette per k (from :func:`clusters_scan`): ``table`` (``k``, ``silhouette``,
    ``smallest`` cluster size, ``recommended``), ``recommended_k`` and ``reason``."""

    table: pd.DataFrame
    recommended_k: int
    reason: str
    method: str
    space: str


def clusters_scan(
    x, ks=None, method: str = "kmeans", random_state: int = 0, *, linkage: str = "average", progress=None
) -> ClusterScan:
    """Cluster ``x`` for every k of ``ks`` and recommend the k with the highest mean silhouette.

    ``ks``: ``None`` scans 2 .. min(10, documents / 2); a k beyond the number of documents minus 1
    raises an error. Ties go to the smaller k. ``progress``: a bar over the ks (see :mod:`nqp.progress`).
    """
    random_state = check_random_state(random_state)
    ks = _scan_ks(ks, x.shape[0] if isinstance(x, Dtm) else len(getattr(x, "docs", ())))
    rows = []
    space = None
    for k in progress_bar(ks, progress=progress, desc=f"clusters_scan ({method})", unit="k"):
        c = clusters(x, k, method, random_state, linkage=linkage)
        space = c.space
        rows.append((k, c.silhouette, int(c.table["n_docs"].min())))
    table = pd.DataFrame(rows, columns=S.CLUSTER_SCAN_COLUMNS[:-1])  # "recommended" follows
    best = table.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable").iloc[0]
    k_best = int(best["k"])
    table["recommended"] = table["k"] == k_best
    runner = table[table["k"] != k_best].sort_values("silhouette", ascending=False).head(1)
    reason = f"k={k_best} has the highest mean silhouette ({best['silhouette']:.3f})"
    if len(runner):
        reason += f"; next best k={int(runner['k'].iloc[0])} ({runner['silhouette'].iloc[0]:.3f})"
    if best["silhouette"] < 0.25:
        reason += "; below 0.25, so the documents form no strong clusters"
    return ClusterScan(table, k_best, reason + ".", method, space)

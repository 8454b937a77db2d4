"""Document clustering: which articles belong together, in a reduced TF-IDF space or in topic space.

- :func:`clusters` groups documents with k-means (the default), hierarchically (Ward linkage by
  default; a dendrogram labelled with the titles) or by their heaviest NMF topic, and returns a
  frozen :class:`Clusters` with one row per document, one row per cluster (member titles, top
  terms) and the silhouette;
- :func:`nqp.clusters_scan`, :func:`nqp.clusters_stability` and :func:`nqp.clusters_compare`
  (``clusters_quality.py``) choose k, measure how robust a partition is and compare methods;
- ``textplot_clusters``, ``textplot_dendrogram`` and ``textplot_clusters_scan`` (in
  :mod:`nqp.plots.clusterings`) draw them.

**The space.** A count :class:`~nqp.Dtm` is weighted as sublinear TF-IDF and its rows L2-normalized
(so cosine and Euclidean distances agree). ``space="lsa"`` (the default) then keeps the first
``n_components`` (20) dimensions of a truncated SVD (latent semantic analysis) and normalizes the rows
again; ``space="tfidf"`` clusters the sparse rows themselves. The document-topic weights of a
:class:`~nqp.Topics` are a third space. Why LSA and k-means: in sparse, high-dimensional TF-IDF
space every document is nearly orthogonal to every other, so average linkage chains almost all of
them into one cluster and silhouettes sit near 0; in 20 LSA dimensions k-means recovers planted
groups and the decades of the work reports as well as the best method tried (nqp's source repository, ``benchmarks/README.md``,
``python -m benchmarks.bench_clusters``).

**The yardstick.** Silhouettes (cosine) are always computed in the LSA space of the same Dtm (or in
topic space for a Topics), whatever space or method clustered: one scale for every method and k.

**Size.** k-means is linear in documents (``MiniBatchKMeans`` from ``MINIBATCH_FROM`` = 20,000);
the SVD is linear too. Hierarchical clustering needs all pairwise distances, so it refuses more than
``MAX_HIERARCHICAL`` = 5,000 documents (use k-means, or cluster a sample). Silhouettes above
``SILHOUETTE_SAMPLE`` documents are computed on a seeded sample of that size.

Clusters are numbered from 1 in the order of their first document in the Dtm, so equal partitions
give equal tables.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_choice, check_int, check_random_state
from ..errors import NqpTypeError, NqpValueError
from ..matrix import Dtm
from .topic_fit import Topics
from ._common import small_fits_on_one_thread

log = logging.getLogger(__name__)

__all__ = ["Clusters", "clusters"]

CLUSTER = S.CLUSTER
#: the ways to cluster: k-means, a hierarchical tree cut into k, each document's heaviest NMF topic
METHODS = ("kmeans", "hierarchical", "nmf")
#: the spaces a Dtm is clustered in (a Topics result is clustered in its topic space, "topics")
SPACES = ("lsa", "tfidf")
LINKAGES = ("ward", "average", "complete", "single")
#: LSA dimensions kept by default (nqp's source repository, benchmarks/README.md: 10 to 50 do alike on planted corpora, 100 does worse)
N_COMPONENTS = 20
MAX_HIERARCHICAL = 5_000
MINIBATCH_FROM = 20_000
SILHOUETTE_SAMPLE = 5_000


@dataclass(frozen=True)
class _Space:
    """What one clustering works on: the weighted rows, the clustering space and the yardstick space."""

    weighted: object  # L2-normalized TF-IDF (sparse) or topic weights (dense): top terms, NMF
    points: np.ndarray | sp.csr_matrix  # where the documents are clustered
    yardstick: np.ndarray  # where silhouettes are computed (LSA or topic weights)
    docs: pd.DataFrame
    vocab: np.ndarray | None
    name: str


def _weighted(x):
    """(L2-normalized weighted rows, docs, vocab or None, kind) of a Dtm or a Topics."""
    from sklearn.preprocessing import normalize

    from ..matrix import tfidf

    if isinstance(x, Dtm):
        if x.shape[0] == 0 or x.shape[1] == 0:
            raise NqpValueError(f"x: the Dtm is empty ({x.shape[0]} documents x {x.shape[1]} terms).")
        d = x if x.matrix.dtype.kind == "f" else tfidf(x, sublinear_tf=True)
        return sp.csr_matrix(normalize(d.matrix)), x.docs.reset_index(drop=True), np.asarray(x.vocab), "dtm"
    if isinstance(x, Topics):
        w = x.doc_topics["weight"].to_numpy().reshape(len(x.docs), x.k)
        return w, x.docs.reset_index(drop=True), None, "topics"
    raise NqpTypeError(f"x: expected an nqp.Dtm (TF-IDF space) or the Topics of nqp.topics, got {type(x).__name__}.")


def _lsa(weighted, n_components: int, random_state: int) -> np.ndarray:
    """The first ``n_components`` SVD dimensions of the rows, each row L2-normalized (at most rank - 1)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    n, m = weighted.shape
    c = min(n_components, n - 1, m - 1)
    if c < 1:  # one term or one document: the rows are their own space
        return normalize(weighted.toarray() if sp.issparse(weighted) else np.asarray(weighted))
    z = TruncatedSVD(n_components=c, random_state=random_state).fit_transform(weighted)
    return normalize(z)


def _space(weighted, kind: str, space: str, n_components: int, random_state: int):
    """(points, yardstick, space name) for rows already weighted by :func:`_weighted`."""
    if kind == "topics":
        dense = np.asarray(weighted, dtype=np.float64)
        return dense, dense, "topics"
    yard = _lsa(weighted, n_components, random_state)
    return (yard if space == "lsa" else weighted), yard, space


def _labels(docs: pd.DataFrame, label: str | None, max_chars: int | None = None) -> list[str]:
    ids = docs[S.ARTICLE_ID] if S.ARTICLE_ID in docs else docs[S.DOC_ID] if S.DOC_ID in docs else pd.Series(
        [f"#{i}" for i in range(len(docs))]
    )
    if label is not None and label not in docs.columns:
        raise NqpValueError(f"label: no column {label!r} in the documents (have {list(docs.columns)}).")
    # by default an article's title as printed (title_orig), else its analysis layer
    default = next((c for c in (S.TITLE_ORIG, S.TITLE) if c in docs.columns), None)
    col = label if label is not None else default
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


def _check_options(method, space, linkage, n_components) -> tuple[str, str, str, int]:
    check_choice("method", method, METHODS)
    check_choice("space", space, SPACES)
    check_choice("linkage", linkage, LINKAGES)
    n_components = check_int("n_components", n_components, min=2)
    if method == "nmf" and space != "tfidf":
        space = "tfidf"  # NMF factorizes the non-negative TF-IDF rows; the LSA rows have negative values
    return method, space, linkage, n_components


def _renumber(raw: np.ndarray) -> np.ndarray:
    """Cluster ids 1..k in order of first appearance."""
    _, first, inverse = np.unique(raw, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(1, len(order) + 1)
    return rank[inverse.ravel()]


def _distances(matrix) -> np.ndarray:
    from sklearn.metrics.pairwise import cosine_distances

    d = cosine_distances(matrix)
    np.fill_diagonal(d, 0.0)
    return np.clip((d + d.T) / 2, 0.0, 2.0)


def _fit(points, weighted, k: int, method: str, random_state: int, linkage: str, n_init: int | None = None):
    """(raw labels, scipy linkage or None) of one clustering of ``points`` (``weighted`` for NMF)."""
    n = points.shape[0]
    if method == "hierarchical":
        if n > MAX_HIERARCHICAL:
            raise NqpValueError(
                f"method='hierarchical': {n:,} documents need {n * (n - 1) // 2:,} pairwise distances; above "
                f"{MAX_HIERARCHICAL:,} documents use method='kmeans' (linear in documents), or cluster a sample."
            )
        from scipy.cluster.hierarchy import fcluster
        from scipy.cluster.hierarchy import linkage as scipy_linkage
        from scipy.spatial.distance import squareform

        if linkage == "ward":
            dense = points.toarray() if sp.issparse(points) else np.asarray(points)
            link = scipy_linkage(dense, method="ward", metric="euclidean")
        else:
            link = scipy_linkage(squareform(_distances(points), checks=False), method=linkage)
        return fcluster(link, t=k, criterion="maxclust"), link
    if method == "nmf":
        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning

        # a random start drawn from random_state (NNDSVD would give the same start for every seed)
        est = NMF(n_components=k, init="random", random_state=random_state, max_iter=400)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            w = est.fit_transform(weighted)
        return np.argmax(w, axis=1), None
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if n >= MINIBATCH_FROM:
        est = MiniBatchKMeans(n_clusters=k, n_init=n_init or 3, random_state=random_state, batch_size=4096)
    else:
        est = KMeans(n_clusters=k, n_init=n_init or 10, random_state=random_state)
    from sklearn.exceptions import ConvergenceWarning

    # duplicate documents leave fewer distinct points than k: scikit-learn warns, the labels say it plainly
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        labels = est.fit_predict(points)
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            log.info("clusters: k-means with k=%d: %s", k, w.message)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return labels, None


def _silhouette_samples(yardstick, assigned: np.ndarray, random_state: int) -> np.ndarray:
    from sklearn.metrics import silhouette_samples

    n_clusters = len(np.unique(assigned))
    if n_clusters < 2 or n_clusters >= len(assigned):
        return np.full(len(assigned), np.nan)
    if len(assigned) > SILHOUETTE_SAMPLE:
        rng = np.random.default_rng(random_state)
        pick = np.sort(rng.choice(len(assigned), SILHOUETTE_SAMPLE, replace=False))
        out = np.full(len(assigned), np.nan)
        if 2 <= len(np.unique(assigned[pick])) < SILHOUETTE_SAMPLE:
            out[pick] = silhouette_samples(yardstick[pick], assigned[pick], metric="cosine")
        log.info("clusters: silhouette computed on a sample of %d of %d documents", SILHOUETTE_SAMPLE, len(assigned))
        return out
    return silhouette_samples(yardstick, assigned, metric="cosine")


@dataclass(frozen=True, eq=False)
class Clusters:
    """Documents grouped into ``k`` clusters (from :func:`clusters`).

    - ``assignments``: one row per document in Dtm order: the id columns (``doc_id``,
      ``article_id``), ``label`` (the title, or the id when there is none), ``cluster`` (1..k),
      ``silhouette`` (of that document).
    - ``table``: one row per cluster, sorted by cluster: ``cluster``, ``n_docs``, ``silhouette``
      (mean), ``top_terms`` (heaviest mean TF-IDF terms, or topics in topic space), ``titles`` (member
      labels joined by " ｜ ").
    - ``silhouette``: mean silhouette (cosine, in the LSA space of the Dtm or the topic space), in
      [-1, 1]; ``linkage``: the scipy linkage matrix (hierarchical only) for :func:`textplot_dendrogram`.
    - ``method``, ``space`` ("lsa", "tfidf" or "topics"), ``k``, ``linkage_method`` (hierarchical),
      ``n_components`` (LSA dimensions), ``random_state``: how it was made.
    """

    assignments: pd.DataFrame
    table: pd.DataFrame
    silhouette: float
    method: str
    space: str
    k: int
    linkage: np.ndarray | None
    random_state: int
    n_components: int = N_COMPONENTS
    linkage_method: str | None = None

    def __repr__(self) -> str:
        return f"Clusters({self.describe()}, k={self.k}, silhouette={self.silhouette:.3f})"

    def describe(self) -> str:
        """The method and space in words, e.g. ``k-means on 20 LSA dimensions of TF-IDF``."""
        return _describe(self.method, self.space, self.n_components, self.linkage_method)


def _describe(method: str, space: str, n_components: int = N_COMPONENTS, linkage: str | None = "ward") -> str:
    """A method and space in words (the tables' and figures' ``method`` label)."""
    how = {"kmeans": "k-means", "nmf": "the heaviest NMF topic",
           "hierarchical": f"{linkage or 'ward'} linkage"}[method]
    where = {"lsa": f"{n_components} LSA dimensions of TF-IDF", "tfidf": "TF-IDF", "topics": "topic weights"}[space]
    return f"{how} on {where}"


@small_fits_on_one_thread
def clusters(
    x,
    k: int,
    method: str = "kmeans",
    random_state: int = 0,
    *,
    space: str = "lsa",
    n_components: int = N_COMPONENTS,
    linkage: str = "ward",
    label: str | None = None,
    n_terms: int = 5,
) -> Clusters:
    """Cluster the documents of ``x`` into ``k`` groups; return a :class:`Clusters`.

    ``x``: a count or TF-IDF :class:`~nqp.Dtm` (weighted as L2-normalized sublinear TF-IDF) or the
    :class:`~nqp.Topics` of :func:`nqp.topics` (document-topic weights).

    ``method``: ``"kmeans"`` (scikit-learn, 10 initialisations seeded by ``random_state``;
    ``MiniBatchKMeans`` from 20,000 documents), ``"hierarchical"`` (scipy; ``linkage`` ward on the
    rows, or average/complete/single on cosine distance; the tree is cut into ``k`` clusters; at most
    5,000 documents) or ``"nmf"`` (each document in its heaviest of ``k`` NMF topics of the TF-IDF
    rows, from a random start seeded by ``random_state``; ``space`` does not apply: NMF needs the
    non-negative TF-IDF rows).

    ``space`` (a Dtm only): ``"lsa"`` (``n_components`` truncated-SVD dimensions, rows normalized) or
    ``"tfidf"`` (the sparse rows). ``label``: the documents column shown as the member names (default
    ``title``, else the id). ``n_terms``: top terms per cluster.
    """
    method, space, linkage, n_components = _check_options(method, space, linkage, n_components)
    random_state = check_random_state(random_state)
    n_terms = check_int("n_terms", n_terms, min=1)
    prep = _prepare(x, space, n_components, random_state)
    k = _check_k(k, prep.points.shape[0])
    return _build(prep, k, method, random_state, linkage, n_components, label, n_terms)


def _prepare(x, space: str, n_components: int, random_state: int) -> _Space:
    """The weighted rows and the spaces of ``x``, computed once for every k of a scan."""
    weighted, docs, vocab, kind = _weighted(x)
    points, yard, name = _space(weighted, kind, space, n_components, random_state)
    return _Space(weighted, points, yard, docs, vocab, name)


def _build(prep: _Space, k: int, method: str, random_state: int, linkage: str, n_components: int,
           label: str | None = None, n_terms: int = 5) -> Clusters:
    docs, vocab, weighted, space = prep.docs, prep.vocab, prep.weighted, prep.name
    names = _labels(docs, label)
    raw, link = _fit(prep.points, weighted, k, method, random_state, linkage)
    assigned = _renumber(np.asarray(raw))
    sil_each = _silhouette_samples(prep.yardstick, assigned, random_state)
    sil = float(np.nanmean(sil_each)) if np.isfinite(sil_each).any() else float("nan")
    ids = {c: docs[c].to_numpy() for c in (S.DOC_ID, S.ARTICLE_ID) if c in docs.columns}
    assignments = pd.DataFrame({**ids, "label": names, CLUSTER: assigned, "silhouette": sil_each})
    rows = []
    for c in range(1, int(assigned.max()) + 1):
        members = np.flatnonzero(assigned == c)
        centre = np.asarray(weighted[members].mean(axis=0)).ravel()
        idx = np.arange(len(centre))
        top = np.lexsort((idx, -centre))[:n_terms]
        top = top[centre[top] > 0]
        terms = " ".join(vocab[top]) if vocab is not None else " ".join(f"T{i + 1}" for i in top)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a cluster whose silhouettes were not sampled
            mean_sil = float(np.nanmean(sil_each[members]))
        rows.append((c, len(members), mean_sil, terms, " ｜ ".join(names[i] for i in members)))
    table = pd.DataFrame(rows, columns=S.CLUSTER_TABLE_COLUMNS)
    if len(table) < k:
        log.warning("clusters: %s gave %d non-empty clusters of the %d asked for", _describe(method, space), len(table), k)
    return Clusters(assignments, table, sil, method, space, int(len(table)), link, random_state, n_components,
                    linkage if method == "hierarchical" else None)

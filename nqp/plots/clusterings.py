"""Clustering figures (``textplot_*``): the clusters with their sizes and terms, the dendrogram, the k scan."""

from __future__ import annotations

import logging

import numpy as np

from .._validate import check_int
from ..errors import NqpTypeError
from ..fonts import use_cjk_font
from ..models.clusters_fit import Clusters
from ..models.clusters_quality import ClusterScan
from ..schema import CLUSTER

log = logging.getLogger(__name__)

__all__ = ["textplot_clusters", "textplot_clusters_scan", "textplot_dendrogram"]


def textplot_dendrogram(result: Clusters, ax=None, max_chars: int = 22, max_leaves: int = 30):
    """The hierarchical tree, leaves labelled with the document titles (truncated to ``max_chars``).

    Leaves are coloured by the ``k`` clusters of the cut and prefixed with their cluster. With more
    than ``max_leaves`` documents the tree is drawn down to its last ``max_leaves`` branches (at
    least ``k``, so no branch straddles two clusters); a leaf that holds several documents reads
    ``cluster · (n) title…``: how many documents it holds and the title of its first one. The figure's height follows the
    leaves drawn, not the documents, so it fits a screen at any size. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt
    from scipy.cluster.hierarchy import dendrogram, to_tree

    use_cjk_font()
    if not isinstance(result, Clusters) or result.linkage is None:
        raise NqpTypeError("result: expected the Clusters of nqp.clusters(..., method='hierarchical') (it has the tree).")
    max_chars = check_int("max_chars", max_chars, min=2)
    max_leaves = check_int("max_leaves", max_leaves, min=2)

    def short(text: str) -> str:
        return (text[: max_chars - 1] + "…") if len(text) > max_chars else text

    titles = result.assignments["label"].astype(str).tolist()
    cluster_of = result.assignments[CLUSTER].to_numpy()
    n = len(titles)
    link = result.linkage
    shown = min(n, max(max_leaves, result.k))
    if shown < n:
        nodes = to_tree(link, rd=True)[1]

        def leaf_label(i: int) -> str:
            members = nodes[i].pre_order()
            first = min(members)
            count = f"({len(members)}) " if len(members) > 1 else ""
            return f"{cluster_of[first]} · {count}{short(titles[first])}"

        extra = {"truncate_mode": "lastp", "p": shown, "leaf_label_func": leaf_label, "show_leaf_counts": False}
    else:
        extra = {"labels": [f"{c} · {short(t)}" for c, t in zip(cluster_of, titles)]}
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(3.0, 0.24 * shown + 1.2)))
    else:
        fig = ax.figure
    threshold = link[-(result.k - 1), 2] if result.k > 1 else 0
    dendrogram(link, orientation="left", ax=ax, color_threshold=threshold, leaf_font_size=8,
               above_threshold_color="0.6", **extra)
    where = "LSA" if result.space == "lsa" else result.space.replace("tfidf", "TF-IDF").replace("topics", "topic")
    metric = "Euclidean" if result.linkage_method == "ward" else "cosine"
    ax.set_xlabel(f"merge distance ({result.linkage_method} linkage, {metric}, {where} space)")
    drawn = f"; the last {shown} branches drawn, (n): documents in a branch" if shown < n else ""
    # the tree's own clusters, numbered by the tree: its cluster 1 is not cluster 1 of another method's table
    ax.set_title(f"{n:,} documents cut into {result.k} clusters of the {result.linkage_method.replace('ward', 'Ward')} tree, numbered on "
                 f"their own (silhouette {result.silhouette:.2f}){drawn}", fontsize=11, wrap=True)
    fig.tight_layout()
    return fig, ax


def textplot_clusters_scan(scan: ClusterScan, ax=None):
    """The scan's three criteria against k: mean silhouette, stability (the ``min_stability`` a k needs
    drawn as a dashed line) and the Calinski-Harabasz index; the recommended k marked. ``ax``: three
    axes to draw in. Returns ``(fig, axes)``."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        fig, axes = plt.subplots(3, 1, figsize=(8, 6.2), sharex=True)
    else:
        axes = ax
        fig = axes[0].figure
    t = scan.table
    where = {"lsa": f"{scan.n_components} LSA dimensions", "tfidf": "LSA", "topics": "topic space"}[scan.space]
    axes[0].plot(t["k"], t["silhouette"], "o-", color="#2ca02c")
    axes[0].set_ylabel(f"silhouette\n(cosine, {where})", fontsize=9)
    stable = t["stability"] >= scan.min_stability
    # open squares, filled where the k is stable enough: filled means "passes", as in the topic scan's figure
    axes[1].plot(t["k"], t["stability"], "s-", color="#d62728", mfc="white")
    axes[1].plot(t.loc[stable, "k"], t.loc[stable, "stability"], "s", color="#d62728",
                 label=f"filled: stable enough (>= {scan.min_stability:.2f})")
    axes[1].axhline(scan.min_stability, color="#d62728", ls="--", lw=0.8, alpha=0.6)
    axes[1].set_ylabel("stability\n(ARI, subsamples)", fontsize=9)
    axes[1].set_ylim(min(0.0, float(t["stability"].min()) - 0.05) if t["stability"].notna().any() else 0, 1.05)
    axes[1].legend(fontsize=8, loc="lower left")
    axes[2].plot(t["k"], t["calinski_harabasz"], "^-", color="#1f77b4")
    axes[2].set_ylabel("Calinski-Harabasz", fontsize=9)
    axes[2].set_xlabel("k (number of clusters)")
    ticks = list(t["k"])
    axes[2].set_xticks(ticks if len(ticks) <= 25 else ticks[:: -(-len(ticks) // 25)])
    for a in axes:
        a.axvline(scan.recommended_k, color="0.3", lw=1.2, alpha=0.5)
        a.grid(alpha=0.3)
    axes[0].set_title(f"{scan.describe()}: recommended k = {scan.recommended_k}", fontsize=11)
    fig.tight_layout()
    return fig, axes


def textplot_clusters(result: Clusters, ax=None, max_clusters: int = 30, max_chars: int = 40):
    """One bar per cluster: its number of documents, labelled with the cluster and its top terms (at most
    ``max_chars`` characters), the mean silhouette written at the bar's end. Clusters in their order (1
    on top); past ``max_clusters`` the largest are drawn and the title says how many. The height follows
    the clusters, not the documents, so it reads alike from 3 to 100,000 documents. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if not isinstance(result, Clusters):
        raise NqpTypeError(f"result: expected the Clusters of nqp.clusters, got {type(result).__name__}.")
    max_clusters = check_int("max_clusters", max_clusters, min=1)
    max_chars = check_int("max_chars", max_chars, min=4)
    t = result.table
    if len(t) > max_clusters:
        t = t.sort_values(["n_docs", CLUSTER], ascending=[False, True], kind="stable").head(max_clusters)
        t = t.sort_values(CLUSTER, kind="stable")
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, max(2.4, 0.38 * len(t) + 1.3)))
    else:
        fig = ax.figure

    def short(text: str) -> str:
        return (text[: max_chars - 1] + "…") if len(text) > max_chars else text

    y = np.arange(len(t))
    ax.barh(y, t["n_docs"], color="#9467bd", alpha=0.8)
    ax.set_yticks(y, [f"{c} · {short(str(terms))}" for c, terms in zip(t[CLUSTER], t["top_terms"])], fontsize=9)
    ax.invert_yaxis()
    top = float(t["n_docs"].max())
    for yi, (n, s) in enumerate(zip(t["n_docs"], t["silhouette"])):
        ax.text(n + top * 0.01, yi, f"{n:,}  (silhouette {s:.2f})" if np.isfinite(s) else f"{n:,}", va="center",
                fontsize=8)
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel("documents")
    n_docs = int(result.table["n_docs"].sum())
    more = f"; the {len(t)} largest of {len(result.table)} drawn" if len(t) < len(result.table) else ""
    ax.set_title(f"{n_docs:,} documents in {result.k} clusters, {result.describe()} (silhouette "
                 f"{result.silhouette:.2f}){more}", fontsize=10)
    fig.tight_layout()
    return fig, ax

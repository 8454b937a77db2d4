"""Clustering figures (``textplot_*``): the dendrogram and the silhouette scan."""

from __future__ import annotations

import logging

from .._validate import check_int
from ..errors import NqpTypeError
from ..fonts import use_cjk_font
from ..models.clusters_fit import ClusterScan, Clusters
from ..schema import CLUSTER

log = logging.getLogger(__name__)

__all__ = ["textplot_clusters_scan", "textplot_dendrogram"]


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
    ax.set_xlabel("merge distance (cosine; Euclidean for ward linkage)")
    drawn = f"; the last {shown} branches drawn, (n): documents in a branch" if shown < n else ""
    ax.set_title(f"{n:,} documents, {result.k} clusters (silhouette {result.silhouette:.2f}){drawn}", fontsize=11)
    fig.tight_layout()
    return fig, ax


def textplot_clusters_scan(scan: ClusterScan, ax=None):
    """Mean silhouette against k, the recommended k marked. Returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.2))
    else:
        fig = ax.figure
    t = scan.table
    ax.plot(t["k"], t["silhouette"], "o-", color="#2ca02c")
    ax.axvline(scan.recommended_k, color="0.3", alpha=0.5)
    ax.set_xticks(list(t["k"]))
    ax.set_xlabel("k (number of clusters)")
    ax.set_ylabel("mean silhouette (cosine)")
    ax.set_title(f"{scan.method} on {scan.space}: recommended k = {scan.recommended_k}", fontsize=11)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig, ax

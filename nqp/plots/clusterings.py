"""Clustering figures (``textplot_*``): the dendrogram and the silhouette scan."""

from __future__ import annotations

import logging

from ..errors import NqpTypeError
from ..fonts import use_cjk_font
from ..models.clusters_fit import ClusterScan, Clusters
from ..schema import CLUSTER

log = logging.getLogger(__name__)

__all__ = ["textplot_clusters_scan", "textplot_dendrogram"]


def textplot_dendrogram(result: Clusters, ax=None, max_chars: int = 22):
    """The hierarchical tree, leaves labelled with the document titles (truncated to ``max_chars``).

    Leaves are coloured by the ``k`` clusters of the cut. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt
    from scipy.cluster.hierarchy import dendrogram

    use_cjk_font()
    if not isinstance(result, Clusters) or result.linkage is None:
        raise NqpTypeError("result: expected the Clusters of nqp.clusters(..., method='hierarchical') (it has the tree).")
    names = [
        (n[: max_chars - 1] + "…") if len(n) > max_chars else n
        for n in result.assignments["label"].astype(str)
    ]
    names = [f"{c} · {n}" for c, n in zip(result.assignments[CLUSTER], names)]
    n = len(names)
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(3.0, 0.26 * n + 1.2)))
    else:
        fig = ax.figure
    link = result.linkage
    threshold = link[-(result.k - 1), 2] if result.k > 1 else 0
    dendrogram(link, labels=names, orientation="left", ax=ax, color_threshold=threshold, leaf_font_size=8,
               above_threshold_color="0.6")
    ax.set_xlabel("merge distance (cosine; Euclidean for ward linkage)")
    ax.set_title(f"{n} documents, {result.k} clusters (silhouette {result.silhouette:.2f})", fontsize=11)
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

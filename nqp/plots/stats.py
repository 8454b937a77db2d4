"""Figures of the statistics stage (``textplot_*``): keyness bars, co-occurrence networks, word clouds.

Each returns ``(fig, ax)`` (word clouds: ``(fig, axes)``), takes ``ax=`` and uses the CJK font.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validate import check_int
from ..errors import NqpValueError
from ..fonts import use_cjk_font
from ..matrix import as_count_dtm, dtm_group, short_terms

log = logging.getLogger(__name__)

__all__ = ["textplot_keyness", "textplot_network", "textplot_wordcloud"]


def textplot_network(graph, *, ax=None, random_state: int = 0, weight: str = "g2", title: str | None = None):
    """Draw a :func:`cooccurrence_network`: node size by count, edge width by ``weight``, CJK labels.

    The layout is networkx's spring layout seeded with ``random_state``. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt
    import networkx as nx

    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 7))
    else:
        fig = ax.figure
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no co-occurrences", ha="center", va="center", transform=ax.transAxes)
        return fig, ax
    pos = nx.spring_layout(graph, seed=random_state, weight=weight)
    counts = np.array([graph.nodes[n].get("count", 1) for n in graph.nodes], dtype=float)
    sizes = 300 + 2200 * np.sqrt(counts / max(counts.max(), 1))
    colors = ["#d62728" if graph.nodes[n].get("center") else "#1f77b4" for n in graph.nodes]
    widths = np.array([graph.edges[e].get(weight, 1.0) for e in graph.edges], dtype=float)
    widths = 0.5 + 5 * widths / widths.max() if len(widths) and widths.max() > 0 else 1.0
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, alpha=0.35, edge_color="#555555")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.25)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=11, font_family=plt.rcParams["font.sans-serif"][0])
    ax.set_title(title or f"co-occurrence network of {graph.graph.get('term', '')} "
                          f"(window {graph.graph.get('window')}, edges by {weight})")
    fig.tight_layout()
    return fig, ax


def textplot_keyness(table: pd.DataFrame, *, top: int = 15, ax=None, target: str = "target",
                     reference: str = "reference"):
    """Bars of the strongest key terms of both sides (signed G²), significant ones in full colour.

    ``table``: the output of :func:`keyness`. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if not isinstance(table, pd.DataFrame) or not {"term", "g2", "direction", "significant"} <= set(table.columns):
        raise NqpValueError("table: expected the output of nqp.keyness")
    tgt = table[table["direction"] == "target"].head(top)
    ref = table[table["direction"] == "reference"].head(top)
    data = pd.concat([tgt.assign(signed=tgt["g2"]), ref.assign(signed=-ref["g2"])])
    data = data.sort_values(["signed", "term"], ascending=[True, True], kind="stable")
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(data) + 1.2)))
    else:
        fig = ax.figure
    colors = [("#d62728" if s > 0 else "#1f77b4") for s in data["signed"]]
    alphas = [1.0 if sig else 0.35 for sig in data["significant"]]
    y = np.arange(len(data))
    for yi, v, c, a in zip(y, data["signed"], colors, alphas):
        ax.barh(yi, v, color=c, alpha=a)
    ax.set_yticks(y, data["term"].tolist())
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlabel(f"G² (right: key in {target}; left: key in {reference}; pale: not significant)")
    fig.tight_layout()
    return fig, ax


def textplot_wordcloud(
    data,
    by: str | list[str] | None = None,
    *,
    top: int = 100,
    random_state: int = 0,
    ncols: int = 2,
    width: int = 800,
    height: int = 450,
    font_path=None,
    min_chars: int = 1,
    ax=None,
):
    """One word cloud per group, from term frequencies (or keyword scores), drawn with the CJK font.

    ``data``: a tokens table or count Dtm with ``by`` (None: one cloud for everything), or a
    keywords table (``group``, ``term``, ``score``) from :func:`keywords`. The ``top`` terms of
    each group are drawn, sized by count (or score); ``random_state`` seeds wordcloud's layout,
    so the same input gives the same picture; terms shorter than ``min_chars`` are left out. Groups
    in sorted order. Returns ``(fig, axes)``: a 2-d array of axes, ``ncols`` wide.

    ``ax``: draw into this axes instead of a new figure; then there must be exactly one cloud (one
    group, or ``by=None``), and ``axes`` is ``[[ax]]``.
    """
    import matplotlib.pyplot as plt
    from wordcloud import WordCloud

    font = use_cjk_font(font_path)
    top = check_int("top", top, min=1)
    min_chars = check_int("min_chars", min_chars, min=1)
    if isinstance(data, pd.DataFrame) and {"group", "term", "score"} <= set(data.columns):
        freqs = {g: {w: float(v) for w, v in zip(t["term"], t["score"]) if len(w) >= min_chars}
                 for g, t in data.groupby("group", sort=True)}
    else:
        d = as_count_dtm(data, "data")
        if by is None:
            g = replace(d, matrix=sp.csr_matrix(d.matrix.sum(axis=0)), docs=pd.DataFrame({"group": ["all"]}))
        else:
            g = dtm_group(d, by)
        weights = sp.csr_matrix(g.matrix.astype(np.float64))
        weights.data[short_terms(d.vocab, min_chars)[weights.indices]] = 0.0
        labels = g.docs["group"].to_numpy(dtype=object)
        freqs = {}
        for r, lab in enumerate(labels):  # each group's `top` terms by count, ties by term (as drawn below)
            lo, hi = weights.indptr[r], weights.indptr[r + 1]
            cols, vals = weights.indices[lo:hi], weights.data[lo:hi]
            best = np.lexsort((cols, -vals))[:top]
            freqs[str(lab)] = {str(d.vocab[c]): float(v) for c, v in zip(cols[best], vals[best]) if v != 0}
    groups = sorted(freqs)
    if ax is not None:
        if len(groups) != 1:
            raise NqpValueError(f"ax: one axes holds one cloud, but there are {len(groups)} groups ({groups[:5]}); "
                                "pass by=None, or leave ax out to get one axes per group.")
        fig, axes = ax.figure, np.array([[ax]], dtype=object)
    else:
        ncols = max(1, min(ncols, len(groups)))
        nrows = max(1, int(np.ceil(len(groups) / ncols)))
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.5 * ncols, 3.9 * nrows), squeeze=False)
    for each in axes.ravel():
        each.set_axis_off()
    for each, group in zip(axes.ravel(), groups):
        f = dict(sorted(freqs[group].items(), key=lambda kv: (-kv[1], kv[0]))[:top])
        each.set_title(str(group))
        if not f:
            each.text(0.5, 0.5, "no terms", ha="center", va="center", transform=each.transAxes)
            continue
        cloud = WordCloud(font_path=str(font), width=width, height=height, background_color="white",
                          random_state=random_state, max_words=top, prefer_horizontal=1.0, collocations=False)
        each.imshow(cloud.generate_from_frequencies(f), interpolation="bilinear")
    if ax is None:
        fig.tight_layout()
    return fig, axes


"""Topic-model figures (``textplot_*``): the k scan, each topic's terms, topic shares per group."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..errors import NqpTypeError
from ..fonts import use_cjk_font
from ..models.topic_fit import Topics
from ..models.topic_scan import TopicScan
from ..schema import GROUP, LABEL, RANK, SHARE, TERM, TOPIC, WEIGHT

log = logging.getLogger(__name__)

__all__ = ["textplot_topic_shares", "textplot_topic_terms", "textplot_topics_scan"]


def _topic_colors(k: int):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab20" if k > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(k)]


def textplot_topics_scan(scan: TopicScan, ax=None):
    """Coherence (NPMI) and stability against k, the recommended k marked. Returns ``(fig, axes)``."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        fig, axes = plt.subplots(2, 1, figsize=(8, 5.5), sharex=True)
    else:
        axes = ax
        fig = axes[0].figure
    t = scan.table
    axes[0].plot(t["k"], t["coherence"], "o-", color="#1f77b4", label="mean NPMI")
    axes[0].plot(t["k"], t["coherence_min"], "o:", color="#1f77b4", alpha=0.5, label="least coherent topic")
    axes[0].set_ylabel("coherence (NPMI)")
    axes[0].legend(fontsize=8, loc="best")
    axes[1].plot(t["k"], t["stability"], "s-", color="#d62728")
    axes[1].axhline(scan.min_stability, color="#d62728", ls="--", lw=0.8, alpha=0.6)
    axes[1].set_ylabel(f"stability ({scan.n_seeds} seeds)")
    axes[1].set_ylim(0, 1.05)
    axes[1].set_xlabel("k (number of topics)")
    axes[1].set_xticks(list(t["k"]))
    for a in axes:
        a.axvline(scan.recommended_k, color="0.3", lw=1.2, alpha=0.5)
        a.grid(alpha=0.3)
    axes[0].set_title(f"{scan.method.upper()}: recommended k = {scan.recommended_k}", fontsize=11)
    fig.tight_layout()
    return fig, axes


def textplot_topic_terms(result: Topics, n: int = 8, ncols: int = 3):
    """The ``n`` heaviest terms of every topic, one small bar chart per topic. Returns ``(fig, axes)``."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    k = result.k
    ncols = min(ncols, k)
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 0.28 * n * nrows + 0.9 * nrows), squeeze=False)
    colors = _topic_colors(k)
    tt = result.topic_terms
    for t in range(1, k + 1):
        a = axes[(t - 1) // ncols][(t - 1) % ncols]
        g = tt[(tt[TOPIC] == t) & (tt[RANK] <= n)]
        a.barh(np.arange(len(g)), g[WEIGHT], color=colors[t - 1])
        a.set_yticks(np.arange(len(g)), list(g[TERM]))
        a.invert_yaxis()
        share = result.labels.loc[result.labels[TOPIC] == t, SHARE].iloc[0]
        a.set_title(f"{t} · {share:.0%}", fontsize=10)
        a.tick_params(axis="x", labelsize=7)
    for j in range(k, nrows * ncols):
        axes[j // ncols][j % ncols].axis("off")
    fig.tight_layout()
    return fig, axes


def textplot_topic_shares(shares: pd.DataFrame, ax=None, title: str | None = None):
    """Stacked bars of topic shares per group (from :func:`nqp.topics_shares`). Returns ``(fig, ax)``.

    Groups run down the y axis (outlets in name order, date bins in time order) and each bar is a
    group's documents' mean topic mix; the bar's annotation gives the number of documents.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if not isinstance(shares, pd.DataFrame) or not {GROUP, TOPIC, SHARE} <= set(shares.columns):
        raise NqpTypeError("shares: expected the table of nqp.topics_shares (group, topic, share).")
    if shares.empty:
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 1.6))
        else:
            fig = ax.figure
        ax.text(0.5, 0.5, "no document could be placed in a group (see the log: date precision?)", ha="center",
                va="center", transform=ax.transAxes)
        ax.set_axis_off()
        if title:
            ax.set_title(title, fontsize=11)
        return fig, ax
    groups = list(dict.fromkeys(shares[GROUP]))
    topics_ = sorted(shares[TOPIC].unique())
    wide = shares.pivot(index=GROUP, columns=TOPIC, values=SHARE).reindex(index=groups, columns=topics_).fillna(0)
    n_docs = shares.drop_duplicates(GROUP).set_index(GROUP)["n_docs"].reindex(groups)
    labels = shares.drop_duplicates(TOPIC).set_index(TOPIC)[LABEL].reindex(topics_) if LABEL in shares else None
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.45 * len(groups) + 1.8))
    else:
        fig = ax.figure
    colors = _topic_colors(max(topics_) if topics_ else 1)
    left = np.zeros(len(groups))
    y = np.arange(len(groups))
    for t in topics_:
        name = f"{t}: {labels[t]}" if labels is not None else str(t)
        ax.barh(y, wide[t].to_numpy(), left=left, color=colors[t - 1], label=name, height=0.75)
        left += wide[t].to_numpy()
    ax.set_yticks(y, [f"{g} (n={n_docs[g]})" for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean topic share of the group's documents")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="topic")
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig, ax

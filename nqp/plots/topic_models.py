"""Topic-model figures (``textplot_*``): the k scan, each topic's terms, topic shares per group and over time."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..errors import NqpTypeError
from ..fonts import use_cjk_font
from ..models.topic_fit import Topics
from ..models.topic_periods import TopicsOverTime
from ..models.topic_scan import TopicScan
from ..schema import GROUP, LABEL, RANK, SHARE, TERM, TOPIC, WEIGHT

log = logging.getLogger(__name__)

__all__ = ["textplot_topic_shares", "textplot_topic_terms", "textplot_topics_over_time", "textplot_topics_scan"]


def _topic_colors(k: int):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab20" if k > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(k)]


def textplot_topics_scan(scan: TopicScan, ax=None):
    """The trade-off of the k scan: coherence, stability and the smallest topic against k.

    Three panels sharing the k axis: coherence (mean NPMI, and the least coherent topic), stability
    (subsample runs) and the share of the documents the smallest topic leads. Filled markers are
    the admissible k (they pass the rule's three tests, see :func:`nqp.topics_scan`), hollow ones
    failed a test; the shaded bands are the tests' thresholds (the coherence floor, the stability
    tolerance below the best, below it the smallest-topic threshold); the vertical line marks the recommended k.
    ``ax``: three axes to draw on (default: a new figure). Returns ``(fig, axes)``.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        fig, axes = plt.subplots(3, 1, figsize=(8, 6.6), sharex=True)
    else:
        axes = ax
        fig = axes[0].figure
    t = scan.table
    ks = t["k"].to_numpy()
    ok = t["admissible"].to_numpy(bool) if "admissible" in t else np.ones(len(t), bool)
    sized = t["smallest_topic"] >= scan.min_smallest_topic - 1e-9 if "smallest_topic" in t else pd.Series(True, index=t.index)
    sized = sized if sized.any() else pd.Series(True, index=t.index)
    c_best = t.loc[sized, "coherence"].max()
    c_floor = c_best - max(scan.tolerance, (c_best - t.loc[sized, "coherence"].min()) / 2)
    coherent = sized & (t["coherence"] >= c_floor - 1e-9)
    s_best = t.loc[coherent, "stability"].max()

    def marks(a, y, color, marker, label):
        a.plot(ks, y, "-", color=color, lw=1.2, alpha=0.8)
        a.plot(ks[ok], y[ok], marker, color=color, ms=7, ls="none", label=f"{label} (admissible k)")
        a.plot(ks[~ok], y[~ok], marker, color=color, mfc="white", ms=7, ls="none", label=f"{label} (k ruled out)")

    coh = t["coherence"].to_numpy()
    marks(axes[0], coh, "#1f77b4", "o", "mean NPMI")
    axes[0].plot(ks, t["coherence_min"], ":", color="#1f77b4", alpha=0.5, label="least coherent topic")
    axes[0].axhspan(c_floor, max(c_best, coh.max()) + 0.02, color="#1f77b4", alpha=0.08, lw=0)
    axes[0].set_ylabel("coherence (NPMI)")
    stab = t["stability"].to_numpy()
    marks(axes[1], stab, "#d62728", "s", "stability")
    axes[1].axhspan(s_best - scan.tolerance, 1.05, color="#d62728", alpha=0.08, lw=0)
    axes[1].axhline(scan.min_stability, color="#d62728", ls="--", lw=0.8, alpha=0.6)
    axes[1].set_ylabel(f"stability\n(model + {scan.n_seeds - 1} subsamples)")
    axes[1].set_ylim(0, 1.05)
    if "smallest_topic" in t:
        small = t["smallest_topic"].to_numpy()
        marks(axes[2], small, "#2ca02c", "D", "smallest topic")
        axes[2].axhspan(0, scan.min_smallest_topic, color="#2ca02c", alpha=0.12, lw=0)
        axes[2].set_ylim(0, max(0.05, float(small.max()) * 1.1))
        axes[2].yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    axes[2].set_ylabel("documents led by\nthe smallest topic")
    axes[2].set_xlabel("k (number of topics)")
    step = max(1, -(-len(ks) // 20))
    axes[2].set_xticks(list(ks[::step]))
    for a in axes:
        a.axvline(scan.recommended_k, color="0.3", lw=1.2, alpha=0.5)
        a.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="best")
    axes[0].set_title(
        f"{scan.method.upper()}: recommended k = {scan.recommended_k}, the largest admissible k "
        "(filled: passes all three tests; shaded: what passes)", fontsize=10)
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
        if (t - 1) // ncols == nrows - 1 or t + ncols > k:  # the bottom chart of each column names the axis
            a.set_xlabel("weight of the term in the topic", fontsize=8)
    for j in range(k, nrows * ncols):
        axes[j // ncols][j % ncols].axis("off")
    fig.suptitle("each topic's heaviest terms; the title gives the topic's number and its share of the average "
                 "document", fontsize=9, y=1.0)
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


def textplot_topics_over_time(over_time: TopicsOverTime, ax=None, title: str | None = None):
    """Topic shares on a real time axis (from :func:`nqp.topics_over_time`), with the documents per period.

    Each period is a stacked bar spanning its dates (a month is a month wide, a decade ten years),
    so gaps in the corpus show as gaps and uneven periods keep their length; readable from 2 to a few
    hundred periods (dates are labelled by matplotlib's concise date formatter). Below, a strip with
    the number of documents per period. ``ax``: two axes (shares, counts) to draw on. Returns
    ``(fig, axes)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    use_cjk_font()
    if not isinstance(over_time, TopicsOverTime):
        raise NqpTypeError(f"over_time: expected the result of nqp.topics_over_time, got {type(over_time).__name__}.")
    if ax is None:
        fig, axes = plt.subplots(2, 1, figsize=(10, 4.8), sharex=True, gridspec_kw={"height_ratios": [4, 1]})
    else:
        axes = ax
        fig = axes[0].figure
    shares = over_time.shares
    if shares.empty:
        for a in axes:
            a.set_axis_off()
        axes[0].text(0.5, 0.5, f"no document could be placed in a {over_time.freq} period (undated, or dates too coarse)",
                     ha="center", va="center", transform=axes[0].transAxes)
        if title:
            axes[0].set_title(title, fontsize=11)
        return fig, axes
    periods = shares.drop_duplicates("period").sort_values("period_start")
    starts = pd.to_datetime(periods["period_start"]).to_numpy()
    ends = pd.to_datetime(periods["period_end"]).to_numpy()
    x = mdates.date2num(starts)
    width = (mdates.date2num(ends) - x) * (0.92 if len(periods) <= 200 else 1.0)
    topics_ = sorted(shares["topic"].unique())
    wide = shares.pivot(index="period_start", columns="topic", values="share").reindex(index=starts, columns=topics_).fillna(0)
    labels = over_time.labels.set_index("topic")["label"]
    colors = _topic_colors(max(topics_))
    bottom = np.zeros(len(periods))
    for t in topics_:
        y = wide[t].to_numpy()
        axes[0].bar(x, y, width=width, bottom=bottom, align="edge", color=colors[t - 1], lw=0,
                    label=f"{t}: {labels.get(t, '')}")
        bottom += y
    axes[0].set_ylim(0, 1)
    axes[0].set_ylabel("mean topic share")
    axes[0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="topic")
    axes[1].bar(x, periods["n_docs"].to_numpy(), width=width, align="edge", color="0.55", lw=0)
    axes[1].set_ylabel("documents", fontsize=8)
    axes[1].tick_params(axis="y", labelsize=7)
    span = mdates.date2num(ends.max()) - x.min()
    pad = span * 0.01
    axes[1].set_xlim(x.min() - pad, mdates.date2num(ends.max()) + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=12)
    axes[1].xaxis.set_major_locator(locator)
    axes[1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for a in axes:
        a.grid(axis="y", alpha=0.3)
    axes[0].set_title(title or f"topic shares per {over_time.freq} ({len(periods)} periods with documents)", fontsize=11)
    fig.tight_layout()
    return fig, axes

"""Theme figures (``textplot_theme_*``): mentions on a timeline and the companions of a theme.

The network of a theme (:func:`nqp.theme_network`) is drawn by :func:`nqp.textplot_network` with
``weight="count"``; :func:`textplot_theme_network` is a deprecated alias of that call.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from .. import schema as S
from ..errors import NqpValueError
from ..tracking.mentions import check_articles, check_mentions, mentions_terms
from ..tracking.speakers import SPEAKER_TYPES

log = logging.getLogger(__name__)

__all__ = [
    "textplot_relevance",
    "textplot_theme_scope","textplot_theme_dispersion", "textplot_theme_network", "textplot_theme_companions"]

SPEAKER_COLORS = {
    "official": "#d62728",
    "expert": "#2ca02c",
    "business": "#ff7f0e",
    "other": "#8c564b",
    "government": "#9467bd",
    "outlet": "#1f77b4",
    "unresolved": "#7f7f7f",
}


def textplot_theme_dispersion(mentions: pd.DataFrame, articles: pd.DataFrame | None = None, *, by: str = S.OUTLET,
                              ax=None, title: str | None = None):
    """Mentions per outlet on a timeline: one row per ``by`` value, one dot per mention.

    Each document of ``articles`` (nqp.clean's articles, optional) is drawn as a grey span over the
    dates it may stand for (a day, or the whole month/year when that is all the source says), so outlets
    and documents that never use the theme are visible too (when ``by`` is a column of the articles;
    ``by="term"`` draws one row per theme family). Mentions are stacked dots above their document's
    span, coloured by speaker type; a square marks a heading. Returns ``(fig, ax)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    m = check_mentions(mentions)
    use_cjk_font()
    if by not in m.columns:
        raise NqpValueError(f"by={by!r}: not a column of the mention table; use 'outlet', 'term', 'speaker_type' ...")
    docs = None
    if articles is not None:
        arts = check_articles(articles)
        if by in arts.columns:  # documents without a mention are drawn too
            docs = arts.drop_duplicates(S.DOC_ID)[[S.DOC_ID, by, S.DATE_START, S.DATE_END]]
    groups = sorted(set(m[by].fillna("(none)")) | (set(docs[by].fillna("(none)")) if docs is not None else set()))
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 0.9 * max(len(groups), 1) + 2))
    else:
        fig = ax.figure
    ypos = {g: i for i, g in enumerate(groups)}
    if docs is not None:
        for r in docs.dropna(subset=[S.DATE_START]).itertuples(index=False):
            y = ypos[getattr(r, by) if isinstance(getattr(r, by), str) else "(none)"]
            s, e = getattr(r, S.DATE_START), getattr(r, S.DATE_END)
            if e - s < pd.Timedelta(days=2):  # dated to the day: a tick
                ax.plot(s, y, "|", color="#999999", markersize=14, markeredgewidth=2, zorder=1)
            else:
                ax.barh(y, (e - s) + pd.Timedelta(days=1), left=s, height=0.18, color="#bbbbbb", alpha=0.7, zorder=1)
    dated = m.dropna(subset=[S.DATE_START])
    max_stack = 1
    for (_, doc), g in dated.groupby([by, S.DOC_ID], sort=True, dropna=False):
        first = g.iloc[0]
        y0 = ypos[first[by] if isinstance(first[by], str) else "(none)"]
        s, e = first[S.DATE_START], first[S.DATE_END]
        x = s + (e - s) / 2
        k = len(g)
        max_stack = max(max_stack, k)
        step = min(0.07, 0.7 / max(k, 1))
        for i, r in enumerate(g.itertuples(index=False)):
            ax.plot(x, y0 + 0.14 + i * step, "s" if getattr(r, S.IS_HEADING) else "o", markersize=5,
                    color=SPEAKER_COLORS.get(getattr(r, S.SPEAKER_TYPE), "#7f7f7f"), zorder=3)
        ax.annotate(f"{k}", (x, y0 + 0.14 + (k - 1) * step), xytext=(6, 0), textcoords="offset points",
                    fontsize=8, va="center")
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(-0.5, len(groups) - 0.1 + 0.3)
    ax.margins(x=0.04)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    present = [t for t in SPEAKER_TYPES if t in set(dated[S.SPEAKER_TYPE])]
    handles = [plt.Line2D([], [], marker="o", ls="", color=SPEAKER_COLORS[t], label=t) for t in present]
    if dated[S.IS_HEADING].any():
        handles.append(plt.Line2D([], [], marker="s", ls="", color="#444444", label="in a heading"))
    if docs is not None:
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#bbbbbb", label="document (date span)"))
    if handles:
        ax.legend(handles=handles, loc="upper left", fontsize=8, title="speaker", bbox_to_anchor=(1.01, 1))
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("date (dots at the middle of a month-precision span; numbers: mentions in the document)")
    terms = ", ".join(mentions_terms(m)) if len(m) or m.attrs.get("terms") else ""
    ax.set_title(title or f"{len(m)} mention{'s' if len(m) != 1 else ''} of {terms}")
    fig.tight_layout()
    return fig, ax


def textplot_theme_network(graph, *, ax=None, random_state: int = 0, title: str | None = None):
    """Deprecated: ``nqp.textplot_network(graph, weight="count", title=...)`` draws a :func:`nqp.theme_network`.

    Kept for one release; draws exactly what it drew (the theme in red, companions sized by contexts,
    edges by count, spring layout seeded with ``random_state``). Returns ``(fig, ax)``.
    """
    from .stats import textplot_network

    warnings.warn(
        "nqp.textplot_theme_network is deprecated; draw the graph with "
        "nqp.textplot_network(graph, weight='count', title=...).",
        DeprecationWarning,
        stacklevel=2,
    )
    title = title or (
        f"what {graph.graph.get('theme', 'the theme')} travels with (shared {graph.graph.get('scope', 'contexts')}s)"
    )
    return textplot_network(graph, ax=ax, random_state=random_state, weight="count", title=title)


def textplot_theme_companions(cooc: pd.DataFrame, *, top: int = 12, term: str | None = None, ax=None,
                              title: str | None = None):
    """Heatmap of companions (rows) by group (columns): the share of the theme's contexts holding each.

    ``cooc``: :func:`nqp.theme_cooccurrence` with ``by="period"`` (or any ``by``). ``top``: companions
    with the most contexts overall; ``term``: which theme family (default: the first). Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    if not isinstance(cooc, pd.DataFrame) or not {S.TERM, "group", S.COMPANION, "share"}.issubset(cooc.columns):
        raise NqpValueError("cooc: expected the table of nqp.theme_cooccurrence.")
    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.4 * top + 2))
    else:
        fig = ax.figure
    if cooc.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no companions", ha="center", va="center", transform=ax.transAxes)
        return fig, ax
    term = term if term is not None else cooc[S.TERM].iloc[0]
    c = cooc[cooc[S.TERM] == term]
    totals = c.groupby(S.COMPANION)[S.N_CONTEXTS].sum()
    comps = sorted(totals.index, key=lambda k: (-totals[k], k))[:top]
    groups = list(dict.fromkeys(c["group"]))
    grid = c.pivot_table(index=S.COMPANION, columns="group", values="share", aggfunc="sum").reindex(
        index=comps, columns=groups).fillna(0.0)
    im = ax.imshow(grid.values, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_yticks(range(len(comps)), comps)
    n_ctx = c.drop_duplicates("group").set_index("group")[S.N_GROUP_CONTEXTS]
    ax.set_xticks(range(len(groups)), [f"{g}\n(n={int(n_ctx[g])})" for g in groups], rotation=0, fontsize=8)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.values[i, j]
            if v > 0:
                ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax, label="share of the theme's contexts")
    ax.set_title(title or f"what {term} travels with, by group")
    fig.tight_layout()
    return fig, ax


def textplot_theme_scope(scope: pd.DataFrame, articles: pd.DataFrame, max_articles: int = 40, ax=None):
    """How much each article is about the theme: mentions per 1,000 characters, in scope in colour.

    ``scope``: :func:`nqp.theme_scope`'s table; ``articles``: the articles it was computed on (for the
    labels: document, position, the start of the title). The ``max_articles`` most relevant are shown
    when there are more, and the title says so. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from .._validate import check_int
    from ..fonts import use_cjk_font

    max_articles = check_int("max_articles", max_articles, min=1)
    use_cjk_font()
    arts = articles[[S.ARTICLE_ID, S.DOC_ID, S.POSITION, S.TITLE]].merge(
        scope[[S.ARTICLE_ID, S.RELEVANCE, S.IN_SCOPE]], on=S.ARTICLE_ID, how="inner", validate="one_to_one"
    )
    shown = arts.sort_values([S.RELEVANCE, S.ARTICLE_ID], ascending=[False, True]).head(max_articles)
    shown = shown.sort_values([S.DOC_ID, S.POSITION])
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.32 * len(shown) + 1.6))
    else:
        fig = ax.figure
    labels = [f"{str(a)[:3]}·{p} {str(t)[:18] or '(untitled)'}"
              for a, p, t in zip(shown[S.DOC_ID], shown[S.POSITION], shown[S.TITLE].fillna(""))]
    colors = ["#d95f02" if on else "#bdbdbd" for on in shown[S.IN_SCOPE]]
    y = np.arange(len(shown))
    ax.barh(y, shown[S.RELEVANCE], color=colors)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("theme mentions per 1,000 characters")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ("#d95f02", "#bdbdbd")]
    ax.legend(handles, ["in scope", "out of scope"], loc="lower right", fontsize=8)
    more = "" if len(shown) == len(arts) else f" ({len(shown)} most relevant of {len(arts)})"
    ax.set_title("How much each article is about the theme" + more)
    fig.tight_layout()
    return fig, ax


def textplot_relevance(articles: pd.DataFrame, max_articles: int = 40, ax=None):
    """Deprecated: cleaning no longer scores relevance; use :func:`textplot_theme_scope`."""
    raise NqpValueError(
        "textplot_relevance: nqp.clean no longer scores relevance. Draw "
        "nqp.textplot_theme_scope(nqp.theme_scope(articles, terms), articles) instead."
    )

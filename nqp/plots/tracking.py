"""Theme figures (``textplot_theme_*``): mentions on a timeline, the companions of a theme, adoption
curves, the first mention per level and trends of several terms.

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
    "textplot_theme_scope","textplot_theme_dispersion", "textplot_theme_network", "textplot_theme_companions",
    "textplot_theme_adoption", "textplot_theme_levels", "textplot_theme_trends"]

SPEAKER_COLORS = {
    "official": "#d62728",
    "expert": "#2ca02c",
    "business": "#ff7f0e",
    "foreign": "#e377c2",
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
    span, coloured by speaker type; a square marks a heading; a stack of more than one is numbered where
    the number does not run into its neighbour's (2% of the time axis apart on a row). Returns ``(fig, ax)``.
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
    none = f"(no {by})"  # the row of mentions and documents without a value of ``by``
    groups = sorted(set(m[by].fillna(none)) | (set(docs[by].fillna(none)) if docs is not None else set()))
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 0.9 * max(len(groups), 1) + 2))
    else:
        fig = ax.figure
    ypos = {g: i for i, g in enumerate(groups)}
    if docs is not None:
        for r in docs.dropna(subset=[S.DATE_START]).itertuples(index=False):
            y = ypos[getattr(r, by) if isinstance(getattr(r, by), str) else none]
            s, e = getattr(r, S.DATE_START), getattr(r, S.DATE_END)
            if e - s < pd.Timedelta(days=2):  # dated to the day: a tick
                ax.plot(s, y, "|", color="#999999", markersize=14, markeredgewidth=2, zorder=1)
            else:
                ax.barh(y, (e - s) + pd.Timedelta(days=1), left=s, height=0.18, color="#bbbbbb", alpha=0.7, zorder=1)
    dated = m.dropna(subset=[S.DATE_START])
    max_stack = 1
    counts = []  # (row, x, y, mentions) of each stack of more than one mention
    for (_, doc), g in dated.groupby([by, S.DOC_ID], sort=True, dropna=False):
        first = g.iloc[0]
        y0 = ypos[first[by] if isinstance(first[by], str) else none]
        s, e = first[S.DATE_START], first[S.DATE_END]
        x = s + (e - s) / 2
        k = len(g)
        max_stack = max(max_stack, k)
        step = min(0.07, 0.7 / max(k, 1))
        for i, r in enumerate(g.itertuples(index=False)):
            ax.plot(x, y0 + 0.14 + i * step, "s" if getattr(r, S.IS_HEADING) else "o", markersize=5,
                    color=SPEAKER_COLORS.get(getattr(r, S.SPEAKER_TYPE), "#7f7f7f"), zorder=3)
        if k > 1:  # a single dot needs no number
            counts.append((y0, x, y0 + 0.14 + (k - 1) * step, k))
    # a stack's number where it does not run into its neighbour's on the row ("1" "1" read as 11): at least
    # 2% of the time axis from the last number written on that row, else the stack's height says it
    if counts:
        xs = [c[1] for c in counts]
        span = (max(xs) - min(xs)) if len(counts) > 1 else pd.Timedelta(0)
        last: dict = {}
        for y0, x, y, k in sorted(counts, key=lambda c: (c[0], c[1])):
            if y0 in last and x - last[y0] < span * 0.02:
                continue
            last[y0] = x
            ax.annotate(f"{k}", (x, y), xytext=(6, 0), textcoords="offset points", fontsize=8, va="center")
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
    ax.set_xlabel("date (dots at the middle of a month-precision span; numbers: mentions in a document with more "
                  "than one, where they fit)")
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
    """What a theme travels with, and how that changes: the figure of :func:`nqp.theme_companions`.

    ``cooc``: :func:`nqp.theme_companions` (the association of each word with the theme's contexts).
    With one group (``by=None``, or a single period) the ``top`` words by ``z`` are bars (dark: significant).
    With several groups (``by="period"``) it shows the change, not only the level: below, ``z`` of the
    ``top`` words (those significant somewhere, with the highest z; rows in the order the words first
    become significant, so entries read as a staircase) in every group, a dot where the word is
    significant and grey where it was not tested there; above, the words entering (up) and leaving (down)
    the company in each period (:func:`nqp.companions_drift`). Period labels are thinned so that 2 to
    100 periods stay readable. ``ax``: draw the z grid (or the bars) on it, without the entries panel.

    Also accepts the table of :func:`nqp.theme_cooccurrence` (no association): then a heatmap of the share
    of the theme's contexts holding each of the ``top`` companions, per group (beyond 12 groups every k-th
    labelled, turned; the shares written in the cells up to 16 groups). ``term``: which theme
    family (default: the first). Returns ``(fig, ax)`` (the ax of the z grid, bars or heatmap).
    """
    import matplotlib.pyplot as plt

    from .._validate import check_int
    from ..fonts import use_cjk_font

    if not isinstance(cooc, pd.DataFrame) or not {S.TERM, "group", S.COMPANION}.issubset(cooc.columns) or not (
            S.Z in cooc.columns or "share" in cooc.columns):
        raise NqpValueError("cooc: expected the table of nqp.theme_companions (or of nqp.theme_cooccurrence).")
    top = check_int("top", top, min=1)
    use_cjk_font()
    if S.Z in cooc.columns:
        return _companions_change(cooc, top=top, term=term, ax=ax, title=title)
    term = term if term is not None or cooc.empty else cooc[S.TERM].iloc[0]
    c = cooc[cooc[S.TERM] == term]
    totals = c.groupby(S.COMPANION)[S.N_CONTEXTS].sum()
    comps = sorted(totals.index, key=lambda k: (-totals[k], k))[:top]
    groups = list(dict.fromkeys(c["group"]))
    if ax is None:  # wider with more groups, up to a screen's width (the labels are thinned beyond)
        fig, ax = plt.subplots(figsize=(min(16.0, max(9.0, 3.5 + 0.45 * len(groups))), 0.4 * top + 2.4))
    else:
        fig = ax.figure
    if cooc.empty:
        _no_data(ax, "no companions")
        return fig, ax
    grid = c.pivot_table(index=S.COMPANION, columns="group", values="share", aggfunc="sum").reindex(
        index=comps, columns=groups).fillna(0.0)
    im = ax.imshow(grid.values, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_yticks(range(len(comps)), comps)
    n_ctx = c.drop_duplicates("group").set_index("group")[S.N_GROUP_CONTEXTS]
    if len(groups) <= 12:
        ax.set_xticks(range(len(groups)), [f"{g}\n(n={int(n_ctx[g])})" for g in groups], rotation=0, fontsize=8)
    else:  # one label per period stops being readable: every k-th, turned, with its contexts
        _thin_labels(ax, [f"{g} (n={int(n_ctx[g])})" for g in groups])
    if len(groups) <= 16:  # a share written in each cell while the cells are wide enough to hold it
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                v = grid.values[i, j]
                if v > 0:
                    ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax, label="share of the theme's contexts")
    ax.set_title(title or f"what {term} travels with, by group")
    fig.tight_layout()
    return fig, ax


def _thin_labels(ax, labels, axis="x", most: int = 24):
    """Tick labels for every position when they fit, else every k-th (the first and the last kept)."""
    n = len(labels)
    step = max(1, int(np.ceil(n / most)))
    keep = sorted(set(range(0, n, step)) | {n - 1}) if n else []
    if len(keep) > 1 and keep[-1] - keep[-2] < step:
        keep.pop(-2)
    ax.set_xticks(keep, [labels[i] for i in keep], rotation=0 if n <= 12 else 90, fontsize=8)


def _companions_change(table: pd.DataFrame, *, top: int, term, ax, title):
    import matplotlib.pyplot as plt

    from ..tracking.companion_stats import companions_drift

    groups_rec = [r for r in table.attrs.get("groups", []) if term is None or r[S.TERM] == term]
    if table.empty and not groups_rec:
        fig, ax = (plt.subplots(figsize=(9, 3)) if ax is None else (ax.figure, ax))
        _no_data(ax, "no companions: no word was tested")
        return fig, ax
    term = term if term is not None else (table[S.TERM].iloc[0] if len(table) else groups_rec[0][S.TERM])
    c = table[table[S.TERM] == term]
    starts = {r["group"]: r[S.PERIOD_START] for r in groups_rec if r[S.TERM] == term and pd.notna(r[S.PERIOD_START])}
    starts.update({g: s for g, s in zip(c["group"], c[S.PERIOD_START]) if pd.notna(s)})
    # the groups in the table's order (chronological for periods), also those where no word was tested
    groups = list(dict.fromkeys([r["group"] for r in groups_rec if r[S.TERM] == term])) or list(
        dict.fromkeys(c["group"]))
    if len(groups) <= 1:
        return _companions_bars(c, term=term, top=top, ax=ax, title=title, group=groups[0] if groups else "")
    sig = c[c[S.SIGNIFICANT].astype(bool)]
    pool = sig if len(sig) else c
    best = pool.groupby(S.COMPANION)[S.Z].max().sort_values(ascending=False, kind="stable")
    best = best[~best.index.duplicated()]
    words = sorted(best.index, key=lambda w: (-best[w], w))[:top]
    gpos = {g: i for i, g in enumerate(groups)}
    first = sig.groupby(S.COMPANION)["group"].agg(lambda s: min(gpos[g] for g in s)) if len(sig) else pd.Series(dtype=int)
    words = sorted(words, key=lambda w: (first.get(w, len(groups)), -best[w], w))
    z = c.pivot_table(index=S.COMPANION, columns="group", values=S.Z, aggfunc="first").reindex(index=words,
                                                                                                columns=groups)
    on = c.pivot_table(index=S.COMPANION, columns="group", values=S.SIGNIFICANT, aggfunc="first").reindex(
        index=words, columns=groups)
    on = on.fillna(False).astype(bool) if len(on) else on
    if ax is None:
        fig, (bar_ax, ax) = plt.subplots(2, 1, figsize=(11, 0.3 * len(words) + 4.2), sharex=True, layout="constrained",
                                         gridspec_kw={"height_ratios": [1.4, max(len(words), 1) * 0.3 + 1.2]})
    else:
        fig, bar_ax = ax.figure, None
    vals = z.to_numpy(dtype=float)
    finite = np.abs(vals[np.isfinite(vals)])
    vmax = max(2.5, float(np.percentile(finite, 98))) if len(finite) else 2.5
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="#e6e6e6")
    im = ax.imshow(np.ma.masked_invalid(vals), aspect="auto", cmap=cmap, vmin=-vmax, vmax=vmax,
                   interpolation="nearest")
    rows, cols = np.nonzero(on.to_numpy()) if len(words) else ([], [])
    ax.scatter(cols, rows, s=max(4.0, min(30.0, 900.0 / len(groups))), color="black", marker="o",
               label="significant", zorder=3)
    ax.set_yticks(range(len(words)), words, fontsize=9)
    labels = [str(g) for g in groups]
    _thin_labels(ax, labels)
    ax.set_xlim(-0.5, len(groups) - 0.5)
    freq = table.attrs.get("freq")
    ax.set_xlabel(f"{freq or 'group'} (grey: not tested there, fewer contexts than min_contexts)")
    fig.colorbar(im, ax=ax if bar_ax is None else [bar_ax, ax], label="z (log-odds, contexts vs the rest)",
                 fraction=0.03, pad=0.01)
    if bar_ax is not None:
        drift = companions_drift(c)
        drift = drift[drift[S.TERM] == term]
        ins = drift[drift[S.CHANGE] == "enters"].groupby(S.PERIOD).size().reindex(groups, fill_value=0)
        outs = drift[drift[S.CHANGE] == "leaves"].groupby(S.PERIOD).size().reindex(groups, fill_value=0)
        x = np.arange(len(groups))
        bar_ax.bar(x, ins.to_numpy(), color="#1a9850", width=0.8, label="words entering")
        bar_ax.bar(x, -outs.to_numpy(), color="#d73027", width=0.8, label="words leaving")
        bar_ax.axhline(0, color="#444444", linewidth=0.8)
        bar_ax.set_ylabel("words", fontsize=8)
        bar_ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(v):.0f}"))
        bar_ax.legend(fontsize=8, loc="upper right")
        bar_ax.grid(axis="y", alpha=0.3)
        bar_ax.set_title(title or f"What {term} travels with, and what changes: words entering and leaving its "
                         f"company, and z per {freq or 'group'} of the {len(words)} strongest", fontsize=10)
        bar_ax.tick_params(labelbottom=False)
    else:
        ax.set_title(title or f"what {term} travels with: z per {freq or 'group'}", fontsize=10)
        if not fig.get_layout_engine():
            fig.tight_layout()
    return fig, ax


def _companions_bars(c: pd.DataFrame, *, term, top, ax, title, group):
    import matplotlib.pyplot as plt

    shown = c.sort_values([S.Z, S.COMPANION], ascending=[False, True], kind="stable").head(top)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.32 * max(len(shown), 1) + 1.8))
    else:
        fig = ax.figure
    if shown.empty:
        _no_data(ax, "no word was tested (fewer contexts than min_contexts)")
        return fig, ax
    y = np.arange(len(shown))
    colors = ["#2166ac" if s else "#9ecae1" for s in shown[S.SIGNIFICANT].astype(bool)]
    ax.barh(y, shown[S.Z].to_numpy(dtype=float), color=colors)
    ax.set_yticks(y, shown[S.COMPANION].tolist(), fontsize=9)
    ax.invert_yaxis()
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("z of the log-odds ratio, the theme's contexts against the rest of the corpus")
    handles = [plt.Rectangle((0, 0), 1, 1, color=k) for k in ("#2166ac", "#9ecae1")]
    ax.legend(handles, ["significant", "not significant"], fontsize=8, loc="lower right")
    where = "" if group in ("", "all") else f" ({group})"
    ax.set_title(title or f"what {term} travels with{where}: the {len(shown)} words with the highest z", fontsize=10)
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
    shown_title = S.TITLE_ORIG if S.TITLE_ORIG in articles.columns else S.TITLE  # as printed
    arts = articles[[S.ARTICLE_ID, S.DOC_ID, S.POSITION, shown_title]].rename(columns={shown_title: S.TITLE}).merge(
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


def _no_data(ax, text: str):
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)


def textplot_theme_adoption(adoption: pd.DataFrame, *, what: str = "outlets", share: bool = False, ax=None,
                            title: str | None = None):
    """Adoption curves: cumulative outlets (or documents) that have used each theme family, by period.

    ``adoption``: :func:`nqp.theme_adoption`; one step line per family on one axis, so the faster one
    shows. ``what``: ``"outlets"`` or ``"docs"``; ``share``: plot the share of the corpus's instead of the
    count. Periods without a date (coarser or undated first mentions) are not drawn. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from .._validate import check_choice
    from ..fonts import use_cjk_font

    check_choice("what", what, ("outlets", "docs"))
    if not isinstance(adoption, pd.DataFrame) or not {S.TERM, "period_start", what}.issubset(adoption.columns):
        raise NqpValueError("adoption: expected the table of nqp.theme_adoption.")
    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.5))
    else:
        fig = ax.figure
    placed = adoption.dropna(subset=["period_start"])
    if placed.empty:
        _no_data(ax, "no dated periods")
        return fig, ax
    col = ("share_" + what) if share else what
    for term, g in placed.groupby(S.TERM, sort=False):
        ax.step(g["period_start"], g[col].astype(float), where="post", label=term, linewidth=2,
                marker="o" if len(g) <= 40 else None, markersize=4)  # a point each: one period is drawn too
    ax.set_ylabel(("share of the corpus's\n" if share else "") + ("outlets" if what == "outlets" else "documents")
                  + " that have used it")
    if share:
        # outlets up to the whole corpus's; documents, of which the theme's are often a few percent, up to their peak
        peak = float(placed[col].max()) if placed[col].notna().any() else 1.0
        ax.set_ylim(0, 1.02 if what == "outlets" or peak > 0.5 else max(peak * 1.15, 0.01))
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    else:
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    ax.set_xlabel(f"period ({adoption.attrs.get('freq', 'period')}s)")
    ax.set_title(title or f"Adoption: {'outlets' if what == 'outlets' else 'documents'} that have used the theme, cumulative")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig, ax


def textplot_theme_levels(levels: pd.DataFrame, *, ax=None, title: str | None = None):
    """The first mention at each level: one row per level, a dot for a day, a bar for a coarser interval.

    ``levels``: :func:`nqp.theme_levels` (one colour per family); each mark is labelled with the outlet
    that was first. Levels that never use a family have no mark. Returns ``(fig, ax)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    if not isinstance(levels, pd.DataFrame) or not {S.TERM, S.LEVEL, "first_start", "first_end"}.issubset(levels.columns):
        raise NqpValueError("levels: expected the table of nqp.theme_levels.")
    use_cjk_font()
    rows = [lv for lv in dict.fromkeys(levels[S.LEVEL]) if lv != "(no level)"]
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.7 * max(len(rows), 1) + 2))
    else:
        fig = ax.figure
    dated = levels[levels[S.LEVEL].isin(rows) & levels["first_start"].notna()]
    if dated.empty:
        _no_data(ax, "no level has a dated mention")
        return fig, ax
    from ..tracking.levels import level_order

    rows = level_order(rows)
    ypos = {lv: i for i, lv in enumerate(rows)}
    terms = list(dict.fromkeys(levels[S.TERM]))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, term in enumerate(terms):
        g = dated[dated[S.TERM] == term]
        dy = (k - (len(terms) - 1) / 2) * min(0.25, 0.8 / max(len(terms), 1))
        color = colors[k % len(colors)]
        for r in g.itertuples(index=False):
            y = ypos[getattr(r, S.LEVEL)] + dy
            s, e = r.first_start, r.first_end
            if e - s < pd.Timedelta(days=1):
                ax.plot(s, y, "o", color=color, markersize=7)
            else:
                ax.barh(y, (e - s) + pd.Timedelta(days=1), left=s, height=0.15, color=color, alpha=0.8)
            ax.annotate(str(getattr(r, S.OUTLET)), (s, y), xytext=(4, 5), textcoords="offset points", fontsize=8)
        ax.plot([], [], "o", color=color, label=term)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.invert_yaxis()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_xlabel("first mention (a dot: a day; a bar: the interval a coarser date stands for)")
    ax.set_title(title or "First mention at each level, and the outlet that made it")
    fig.tight_layout()
    return fig, ax


def _with_gaps(x: pd.Series, y: pd.Series, step_days: int | None):
    """``x`` (period starts) and ``y`` in date order, with a missing value put between two periods that
    are not consecutive (starts more than one and a half periods of ``step_days`` apart), so that a line
    breaks there."""
    order = x.sort_values(kind="stable").index
    x, y = x.loc[order].reset_index(drop=True), y.loc[order].astype(float).reset_index(drop=True)
    if step_days is None or len(x) < 2:
        return x, y
    gap = np.flatnonzero((x.diff().dt.days > 1.5 * step_days).to_numpy())
    if not len(gap):
        return x, y
    mid = x.iloc[gap - 1].reset_index(drop=True) + (x.iloc[gap].reset_index(drop=True) - x.iloc[gap - 1].reset_index(drop=True)) / 2
    xs = pd.concat([x, mid], ignore_index=True)
    ys = pd.concat([y, pd.Series(np.nan, index=range(len(mid)))], ignore_index=True)
    at = np.argsort(xs.to_numpy(), kind="stable")
    return xs.iloc[at].reset_index(drop=True), ys.iloc[at].reset_index(drop=True)


def textplot_theme_trends(trends: pd.DataFrame, *, ax=None, title: str | None = None):
    """Mentions per 10,000 characters per period, one line per term: :func:`nqp.theme_trends` drawn.

    Rows without a period start (undated, coarser) are not drawn. Where the table skips periods (none of
    the articles falls in them: nothing was measured there) the line breaks instead of joining its
    neighbours. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    if not isinstance(trends, pd.DataFrame) or not {S.TERM, "period_start", "per_10k_chars"}.issubset(trends.columns):
        raise NqpValueError("trends: expected the table of nqp.theme_trends.")
    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.5))
    else:
        fig = ax.figure
    placed = trends.dropna(subset=["period_start"])
    if placed.empty:
        _no_data(ax, "no dated periods")
        return fig, ax
    n_periods = placed["period_start"].nunique()
    from .corpus import _PERIOD_DAYS  # a period's mean length in days

    step = _PERIOD_DAYS.get(trends.attrs.get("freq"))
    for term, g in placed.groupby(S.TERM, sort=False):
        x, y = _with_gaps(pd.to_datetime(g["period_start"]), g["per_10k_chars"], step)
        ax.plot(x, y, marker="o" if n_periods <= 40 else None, markersize=4, label=term, linewidth=1.8)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("mentions per 10,000 characters")
    ax.set_xlabel(f"period ({trends.attrs.get('freq', 'period')}s)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    ax.set_title(title or "Trends: mentions per 10,000 characters")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig, ax

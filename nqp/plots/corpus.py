"""Corpus-level figures (``textplot_*``). Each returns ``(fig, ax)`` and uses the CJK font.

The figures stay readable from one document to 100,000: a few documents are drawn one mark (and one
labelled row) each; more are aggregated (documents per period, a histogram of lengths). Documents
are labelled by their title (the start of it), or their ``doc_id`` when they have none.
The other stages' figures are the other files of this folder and follow the same habits.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpValueError
from ..fonts import use_cjk_font

log = logging.getLogger(__name__)

__all__ = ["textplot_timeline", "textplot_lengths"]

#: one colour per script, in the order of :data:`nqp.schema.SCRIPTS`
SCRIPT_COLORS = dict(zip(S.SCRIPTS, ("#1f77b4", "#d62728", "#9467bd", "#7f7f7f"), strict=True))
#: colours of the groups (outlets) of a timeline; the groups beyond them are drawn together in grey
GROUP_COLORS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
                "#ccb974", "#64b5cd")
OTHER_COLOR = "#bbbbbb"
#: inches per labelled row: a figure of ``max_rows`` rows stays within a screen's height
ROW_INCHES = 0.3
#: approximate days per period, for bar widths
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25, "decade": 3652.5}


def _doc_labels(frame: pd.DataFrame, width: int = 26) -> list[str]:
    """One label per row of ``frame``: the start of its title (``width`` characters), else its ``doc_id``.

    Two rows with the same label get their ``doc_id`` appended, so that every label names one document.
    """
    ids = frame[S.DOC_ID].astype(str).tolist()
    col = S.TITLE_ORIG if S.TITLE_ORIG in frame.columns else S.TITLE  # an article's title as printed
    if col in frame.columns:
        titles = [t.strip() if isinstance(t, str) else "" for t in frame[col]]
    else:
        titles = [""] * len(ids)
    labels = [(t[:width] + "…" if len(t) > width else t) if t else i for t, i in zip(titles, ids)]
    counts = pd.Series(labels).value_counts()
    return [f"{lab} ({i})" if counts[lab] > 1 and lab != i else lab for lab, i in zip(labels, ids)]


def _groups(values: pd.Series, top: int, none_label: str) -> tuple[pd.Series, list[str]]:
    """``values`` with missing ones named ``none_label`` and all but the ``top`` most frequent put together
    as "N other groups" (a single group beyond ``top`` keeps its name: "1 other group" would hide it for nothing);
    returns the grouped values and the group order (most frequent first, other last)."""
    named = values.astype(object).where(values.notna(), none_label).astype(str)
    counts = named.value_counts()
    counts = counts.iloc[np.lexsort((counts.index.to_numpy(dtype=str), -counts.to_numpy()))]
    keep = list(counts.index[:top + 1] if len(counts) == top + 1 else counts.index[:top])  # one more: itself
    rest = counts.index[len(keep):]
    if len(rest):
        other = f"{len(rest)} other {'groups' if len(rest) != 1 else 'group'}"
        named = named.where(named.isin(keep), other)
        keep.append(other)
    return named, keep


def textplot_timeline(corpus: pd.DataFrame, by: str = S.OUTLET, ax=None, *, freq: str = "auto",
                      max_rows: int = 25, top: int = 8):
    """Documents in time: one labelled row per document for a few documents, documents per period beyond.

    ``corpus``: :func:`nqp.load_corpus`'s table. Up to ``max_rows`` dated documents, each is one row,
    labelled by its title: a dot for a date given to the day, a bar across the whole month or year when
    that is all the source gives (its day is unknown, so none is invented), coloured by ``by`` (outlet).
    More documents are counted per period (``freq``: ``"auto"`` follows the dates' precision and span,
    :func:`nqp.date_freq`; or one of :data:`nqp.dates.FREQS`), stacked by the ``top`` most frequent
    ``by`` values and the rest together. Undated documents are counted in the title, not drawn.
    Raises :class:`nqp.NqpValueError` when no document is dated. Returns ``(fig, ax)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..dates import FREQS, date_bins, date_freq

    max_rows = check_int("max_rows", max_rows, min=1)
    top = check_int("top", top, min=1)
    if freq != "auto" and freq not in FREQS:
        raise NqpValueError(f"freq={freq!r}: expected 'auto' or one of {', '.join(FREQS)}.")
    corpus = S.check_columns(corpus, "corpus", "textplot_timeline",
                            required=(S.DOC_ID, S.DATE_START, S.DATE_END, S.DATE_PRECISION))
    if by not in corpus.columns:
        raise NqpValueError(f"by={by!r}: not a column of the corpus; use 'outlet' or another metadata column.")
    use_cjk_font()
    dated = corpus.dropna(subset=[S.DATE_START]).sort_values([S.DATE_START, S.DOC_ID], kind="stable")
    if dated.empty:
        raise NqpValueError(
            f"corpus: none of its {len(corpus)} documents is dated, so there is no timeline to draw; "
            "give dates in a date column (metadata.csv or the table)."
        )
    missing = len(corpus) - len(dated)
    groups, order = _groups(dated[by], top, f"(no {by})")
    colors = {g: (GROUP_COLORS[i % len(GROUP_COLORS)] if i < top else OTHER_COLOR) for i, g in enumerate(order)}
    per_document = len(dated) <= max_rows
    if ax is None:
        height = ROW_INCHES * len(dated) + 1.8 if per_document else 4.2
        fig, ax = plt.subplots(figsize=(10, height))
    else:
        fig = ax.figure
    if per_document:
        y = np.arange(len(dated))
        for yi, row, group in zip(y, dated.itertuples(), groups):
            if row.date_precision == "day":
                ax.plot(row.date_start, yi, "o", color=colors[group], markersize=7)
            else:
                width = (row.date_end - row.date_start) + pd.Timedelta(days=1)
                ax.barh(yi, width, left=row.date_start, height=0.5, color=colors[group], alpha=0.75)
        ax.set_yticks(y, _doc_labels(dated, width=24), fontsize=8)
        ax.set_ylim(len(dated) - 0.5, -0.5)
        title = f"{len(dated)} dated document{'s' if len(dated) != 1 else ''}, one row each"
        ax.set_xlabel("date (a bar spans the month or year a document is dated to when the source gives no day)",
                      labelpad=14)  # below the date formatter's offset (2023-Jul), not on it
    else:
        f = date_freq(dated) if freq == "auto" else freq
        bins = date_bins(dated, f)
        placed = bins["placed"].to_numpy()
        counts = (
            pd.DataFrame({"start": bins.loc[placed, "bin_start"], "group": groups[placed]})
            .groupby(["start", "group"]).size().unstack("group", fill_value=0)
        )
        counts = counts[[g for g in order if g in counts.columns]]
        width = pd.Timedelta(days=_PERIOD_DAYS[f] * 0.85)
        bottom = np.zeros(len(counts))
        for g in counts.columns:
            ax.bar(counts.index, counts[g].to_numpy(), width=width, bottom=bottom, align="edge",
                   color=colors[g], label=g)
            bottom += counts[g].to_numpy()
        ax.set_ylabel(f"documents per {f}")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        coarse = int((~placed).sum())
        title = f"{int(placed.sum()):,} dated documents per {f}"
        if coarse:
            title += f" ({coarse:,} dated more coarsely than a {f}, not shown)"
        ax.set_xlabel("date", labelpad=14)  # below the date formatter's offset (2023-Jul), not on it
        ax.yaxis.get_major_locator().set_params(integer=True)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(order) > 1 or not order[0].startswith("(no "):
        handles = [plt.Line2D([], [], marker="s", ls="", color=colors[g], label=g) for g in order]
        ax.legend(handles=handles, title=by, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    if missing:
        title += f"; {missing:,} undated, not shown"
    ax.set_title(title)
    fig.tight_layout()
    return fig, ax


def textplot_lengths(corpus: pd.DataFrame, label: str | None = None, ax=None, *, max_rows: int = 25):
    """Characters per document (raw, before cleaning), coloured by script.

    Up to ``max_rows`` documents: one bar each, longest first, labelled by title (``label``: a column to
    label them by instead, e.g. ``doc_id``). More documents: a histogram of their lengths (logarithmic
    bins when the longest is over twenty times the shortest), stacked by script, the median marked.
    Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    max_rows = check_int("max_rows", max_rows, min=1)
    corpus = S.check_columns(corpus, "corpus", "textplot_lengths", required=(S.DOC_ID, S.N_CHARS, S.SCRIPT))
    if label is not None and label not in corpus.columns:
        raise NqpValueError(f"label={label!r}: not a column of the corpus; use 'doc_id', 'title' or None (titles).")
    if corpus.empty:
        raise NqpValueError("corpus: no documents, so there are no lengths to draw.")
    use_cjk_font()
    data = corpus.sort_values([S.N_CHARS, S.DOC_ID], ascending=[False, True], kind="stable")
    per_document = len(data) <= max_rows
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(2.5, ROW_INCHES * len(data) + 1.2) if per_document else 4.2))
    else:
        fig = ax.figure
    scripts = [s for s in SCRIPT_COLORS if s in set(data[S.SCRIPT])] or ["unknown"]
    if per_document:
        y = np.arange(len(data))
        ax.barh(y, data[S.N_CHARS], color=[SCRIPT_COLORS.get(s, "#7f7f7f") for s in data[S.SCRIPT]])
        labels = _doc_labels(data, width=24) if label is None else data[label].astype(str).str.slice(0, 30).tolist()
        ax.set_yticks(y, labels, fontsize=8)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))  # 1,200,000, not 1.2 and "1e6"
        ax.set_xlabel("characters (raw, before cleaning)")
        ax.set_title(f"Characters per document, {len(data)} document{'s' if len(data) != 1 else ''}")
    else:
        n = data[S.N_CHARS].to_numpy(dtype=float)
        lo, hi = max(n.min(), 1.0), max(n.max(), 1.0)
        log_scale = hi / lo > 20
        edges = np.geomspace(lo, hi * 1.0001, 41) if log_scale else np.linspace(n.min(), n.max() + 1, 41)
        stacks = [np.clip(data.loc[data[S.SCRIPT] == s, S.N_CHARS].to_numpy(dtype=float), lo, None) for s in scripts]
        ax.hist(stacks, bins=edges, stacked=True, color=[SCRIPT_COLORS.get(s, "#7f7f7f") for s in scripts],
                label=scripts)
        if log_scale:
            ax.set_xscale("log")
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        median = float(np.median(n))
        ax.axvline(median, color="#333333", ls="--", lw=1)
        ax.annotate(f"median {median:,.0f}", (median, 1), xycoords=("data", "axes fraction"), xytext=(4, -12),
                    textcoords="offset points", fontsize=8)
        ax.set_xlabel("characters per document (raw, before cleaning)" + (", logarithmic" if log_scale else ""))
        ax.set_ylabel("documents")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of documents: no 0.5 document
        ax.set_title(f"Characters per document, {len(data):,} documents")
    handles = [plt.Line2D([], [], marker="s", ls="", color=SCRIPT_COLORS.get(s, "#7f7f7f"), label=s) for s in scripts]
    ax.legend(handles=handles, title="script", loc="lower right" if per_document else "upper right", fontsize=8)
    fig.tight_layout()
    return fig, ax

"""Corpus-level figures (``textplot_*``). Each returns ``(fig, ax)`` and uses the CJK font.

The other stages' figures are the other files of this folder and follow the same habits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as S
from ..fonts import use_cjk_font

__all__ = ["textplot_timeline", "textplot_lengths"]

#: one colour per script, in the order of :data:`nqp.schema.SCRIPTS`
SCRIPT_COLORS = dict(zip(S.SCRIPTS, ("#1f77b4", "#d62728", "#9467bd", "#7f7f7f"), strict=True))


def textplot_timeline(corpus: pd.DataFrame, by: str = S.OUTLET, ax=None):
    """Each document on a timeline, one row per ``by`` value.

    A document dated to the day is a dot; one dated to a month or a year is a bar across the whole
    span it may stand for (its true day is unknown, so none is invented). Colour shows the script.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    use_cjk_font()
    dated = corpus.dropna(subset=[S.DATE_START])
    groups = sorted(dated[by].fillna("(none)").unique())
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.6 * len(groups) + 1.8))
    else:
        fig = ax.figure
    ypos = {g: i for i, g in enumerate(groups)}
    for row in dated.sort_values([S.DATE_START, S.DOC_ID]).itertuples():
        y = ypos[getattr(row, by) if isinstance(getattr(row, by), str) else "(none)"]
        color = SCRIPT_COLORS.get(row.script, "#7f7f7f")
        if row.date_precision == "day":
            ax.plot(row.date_start, y, "o", color=color, markersize=9)
        else:
            width = (row.date_end - row.date_start) + pd.Timedelta(days=1)
            ax.barh(y, width, left=row.date_start, height=0.35, color=color, alpha=0.6)
        ax.annotate(str(row.doc_id)[:3], (row.date_start, y), xytext=(0, 9), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(-0.7, len(groups) - 0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_xlabel("date (a bar spans a month or year when the source gives no day)")
    handles = [plt.Line2D([], [], marker="s", ls="", color=c, label=s) for s, c in SCRIPT_COLORS.items()
               if s in set(dated[S.SCRIPT])]
    ax.legend(handles=handles, title="script", loc="upper left", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    missing = len(corpus) - len(dated)
    ax.set_title(f"{len(dated)} dated documents" + (f" ({missing} undated, not shown)" if missing else ""))
    fig.tight_layout()
    return fig, ax


def textplot_lengths(corpus: pd.DataFrame, label: str = S.DOC_ID, ax=None):
    """Characters per document, bars coloured by script, longest first."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    data = corpus.sort_values([S.N_CHARS, S.DOC_ID], ascending=[False, True])
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(2.5, 0.35 * len(data) + 1)))
    else:
        fig = ax.figure
    y = np.arange(len(data))
    ax.barh(y, data[S.N_CHARS], color=[SCRIPT_COLORS.get(s, "#7f7f7f") for s in data[S.SCRIPT]])
    ax.set_yticks(y, [f"{a} · {b}" if label != S.OUTLET else str(a) for a, b in zip(data[label], data[S.OUTLET].fillna(""))])
    ax.invert_yaxis()
    ax.set_xlabel("characters (raw, before cleaning)")
    fig.tight_layout()
    return fig, ax

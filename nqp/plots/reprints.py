"""The reprint-family figure (:func:`textplot_reprints`): who printed each family's copies, and when."""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from .._validate import check_int

log = logging.getLogger(__name__)

__all__ = ["textplot_reprints"]


def textplot_reprints(families: pd.DataFrame, *, top: int = 15, ax=None, title: str | None = None):
    """The ``top`` largest families of :func:`nqp.reprint_families` on a time axis, one row each.

    A row runs from the family's first printing to its last; the source (earliest member) is a red
    diamond, each copy a dot, over the days its date may stand for (the middle of a month-dated
    span). The row is labelled with the family number, its size and its source's outlet; families
    beyond ``top`` are counted in the title, so the figure stays one screen high on any corpus.
    Undated members are left out of the axis (and counted in the title). Returns ``(fig, ax)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    S.check_columns(families, "reprints", "families")
    top = check_int("top", top, min=1)
    use_cjk_font()
    sizes = families.groupby("family")["n_members"].first().sort_values(ascending=False, kind="stable")
    shown = sizes.index[:top].tolist()
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 0.45 * max(len(shown), 1) + 2))
    else:
        fig = ax.figure
    undated = 0
    labels = []
    for y, f in enumerate(shown):
        g = families[families["family"] == f]
        src = g[g["is_source"]].iloc[0]
        outlet = src[S.OUTLET] if isinstance(src[S.OUTLET], str) and src[S.OUTLET] else str(src[S.DOC_ID])
        labels.append(f"#{f} · {len(g)} printings · {outlet}")
        start = pd.to_datetime(g[S.DATE_START])
        end = pd.to_datetime(g[S.DATE_END]) if S.DATE_END in g.columns else start
        mid = start + (end - start) / 2
        undated += int(mid.isna().sum())
        dated = mid.notna()
        if dated.sum() > 1:
            ax.plot([mid[dated].min(), mid[dated].max()], [y, y], color="#bbbbbb", lw=2, zorder=1)
        copies = dated & ~g["is_source"].astype(bool)
        ax.plot(mid[copies], [y] * int(copies.sum()), "o", color="#1f77b4", markersize=5, zorder=2)
        if pd.notna(mid[g["is_source"].astype(bool)]).any():
            ax.plot(mid[g["is_source"].astype(bool)], [y], "D", color="#d62728", markersize=7, zorder=3)
    ax.set_yticks(range(len(shown)), labels)
    ax.invert_yaxis()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)
    handles = [plt.Line2D([], [], marker="D", ls="", color="#d62728", label="source (earliest)"),
               plt.Line2D([], [], marker="o", ls="", color="#1f77b4", label="copy")]
    ax.legend(handles=handles, loc="upper left", fontsize=8, bbox_to_anchor=(1.01, 1))
    n_fam = len(sizes)
    more = f"; the {n_fam - len(shown)} smaller not shown" if n_fam > len(shown) else ""
    off = f"; {undated} undated member{'s' if undated != 1 else ''} not on the axis" if undated else ""
    ax.set_title(title or f"{n_fam} reprint famil{'ies' if n_fam != 1 else 'y'}, the {len(shown)} largest{more}{off}")
    fig.tight_layout()
    return fig, ax

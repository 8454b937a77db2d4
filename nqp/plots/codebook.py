"""Codebook figures: the category shares of each group as stacked bars (:func:`textplot_categories`)."""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..errors import NqpValueError

log = logging.getLogger(__name__)

__all__ = ["textplot_categories"]


def textplot_categories(table: pd.DataFrame, *, value: str = S.SHARE, ax=None, title: str | None = None,
                        max_groups: int = 30):
    """One horizontal bar per group of :func:`nqp.categories`, stacked by category.

    ``table``: the table of :func:`nqp.categories` (one group column, e.g. ``outlet`` or ``period``).
    ``value``: ``share`` (the default: each bar sums to 1 when the group has hits), ``hits`` or
    ``per_10k_chars``. Each bar is labelled with the group's hits, so a share resting on three hits
    is visible. Groups keep the table's order (periods chronologically); at most ``max_groups`` are
    drawn (the first ones; the title says how many more there are), so the figure fits a screen.
    Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font

    if not isinstance(table, pd.DataFrame) or not set(S.CATEGORY_COUNT_COLUMNS) <= set(table.columns):
        raise NqpValueError("table: expected the table of nqp.categories (category, hits, share ...).")
    if value not in (S.SHARE, S.HITS, S.PER_10K):
        raise NqpValueError(f"value={value!r}: use 'share', 'hits' or 'per_10k_chars'.")
    groups = [c for c in table.columns if c not in S.CATEGORY_COUNT_COLUMNS]
    if len(groups) != 1:
        raise NqpValueError(f"table: grouped by {groups}; draw a table of nqp.categories with one 'by' column.")
    g = groups[0]
    use_cjk_font()
    wide = table.pivot_table(index=g, columns=S.CATEGORY, values=value, aggfunc="sum", sort=False, fill_value=0)
    totals = table.groupby(g, sort=False)[S.HITS].sum()
    order = list(dict.fromkeys(table[g]))
    cats = list(dict.fromkeys(table[S.CATEGORY]))
    n_groups = len(order)
    if n_groups > max_groups:
        log.info("textplot_categories: %d groups; drawing the first %d", n_groups, max_groups)
        order = order[:max_groups]
    wide = wide.reindex(index=order, columns=cats)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * max(len(order), 1)))
    else:
        fig = ax.figure
    if not order or not cats:  # no group or no category: nothing to stack
        from .tracking import _no_data

        _no_data(ax, f"no {g} to draw")
        ax.set_title(title or f"categories by {g}")
        return fig, ax
    cmap = plt.get_cmap("tab20" if len(cats) > 10 else "tab10")
    left = pd.Series(0.0, index=wide.index)
    labels = [str(x) for x in wide.index]
    for i, c in enumerate(cats):
        ax.barh(labels, wide[c].to_numpy(), left=left.to_numpy(), color=cmap(i % cmap.N), label=c)
        left += wide[c]
    for y, grp in enumerate(wide.index):
        ax.text(left.iloc[y], y, f" {int(totals.get(grp, 0))} hits", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel({S.SHARE: "share of the group's category hits", S.HITS: "hits",
                   S.PER_10K: "hits per 10,000 characters"}[value])
    ax.set_ylabel(g)
    if value == S.SHARE:
        ax.set_xlim(0, 1.15)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    more = f" (the first {max_groups} of {n_groups})" if n_groups > max_groups else ""
    ax.set_title((title or f"categories by {g}") + more)
    fig.tight_layout()
    return fig, ax

"""Cleaning figures (``textplot_*``): what the rules removed, and how relevant each article is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as S
from ..fonts import use_cjk_font

__all__ = ["textplot_removals"]

#: the built-in steps of cleaning that are not content removals (names of the removal log)
_NOT_CONTENT = ("whitespace", "paragraph_join")


def textplot_removals(summary: pd.DataFrame, ax=None):
    """Characters removed from each document, stacked by rule (whitespace and paragraph breaks left out),
    with the share of the document they make. ``summary`` is :func:`nqp.clean_summary`'s table.
    Returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    fixed = {S.DOC_ID, S.N_CHARS, "kept", "removed", "articles", *_NOT_CONTENT}
    rules = [c for c in summary.columns if c not in fixed and summary[c].sum() > 0]
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.45 * len(summary) + 1.8))
    else:
        fig = ax.figure
    labels = summary[S.DOC_ID].astype(str).str.slice(0, 24)
    y = np.arange(len(summary))
    left = np.zeros(len(summary))
    cmap = plt.get_cmap("tab20")
    for i, rule in enumerate(rules):
        ax.barh(y, summary[rule], left=left, color=cmap(i % 20), label=rule)
        left += summary[rule].to_numpy()
    for yi, (removed, total) in enumerate(zip(summary["removed"], summary[S.N_CHARS])):
        ax.annotate(f"{removed / max(total, 1):.1%} of {total:,}", (removed, yi), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, float(summary["removed"].max())) * 1.3)
    ax.set_xlabel("characters removed (whitespace and paragraph breaks not shown)")
    if rules:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="rule")
    ax.set_title("What cleaning removed from each document, by rule")
    fig.tight_layout()
    return fig, ax

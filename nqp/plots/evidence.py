"""Figures of the evidence layer (``textplot_*``): where the quoted matches fall. Each returns ``(fig, ax)``."""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..evidence.layers import articles_checked, articles_in_order
from ..fonts import use_cjk_font

log = logging.getLogger(__name__)

__all__ = ["textplot_xray"]


def textplot_xray(hits: pd.DataFrame, articles: pd.DataFrame, *, ax=None, label: str = S.ARTICLE_ID):
    """Lexical dispersion: where in each article the matches of :func:`nqp.kwic` fall (0 = start, 1 = end).

    One row per article of ``articles`` (in article order, those without a match included, so
    absence shows); one tick per match, joined on ``article_id``. ``label``: the column that names
    each row. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    articles = articles_checked(articles)
    hits = S.check_columns(hits, "kwic", "hits")
    arts = articles_in_order(articles)
    ids = arts[S.ARTICLE_ID].astype(str).tolist()
    lengths = dict(zip(ids, arts[S.TEXT].fillna("").str.len()))
    names = arts[label].astype(str).tolist() if label in arts.columns else ids
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(2.5, 0.28 * len(ids) + 1.2)))
    else:
        fig = ax.figure
    ypos = {a: i for i, a in enumerate(ids)}
    for h in hits.itertuples(index=False):
        a = str(getattr(h, S.ARTICLE_ID))
        if a in ypos:
            ax.plot(h.start / max(1, lengths[a]), ypos[a], "|", color="#d62728", markersize=12, mew=2)
    ax.set_yticks(range(len(ids)), names)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the article (share of its length)")
    fig.tight_layout()
    return fig, ax

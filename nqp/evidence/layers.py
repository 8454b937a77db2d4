"""What every quotation needs from an articles table: article order, the two text layers, raw offsets.

The building blocks of :mod:`nqp.evidence` (and of its figures in :mod:`nqp.plots.evidence`). Matching
happens on the analysis layer (``text``: simplified script, normalized); what is shown comes from
``text_orig``, the same article in its original script and of the same length, so the same offsets
point at the same characters in both.
"""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from .spans import raw_span

log = logging.getLogger(__name__)

__all__: list[str] = []  # building blocks, not part of the flat API


def articles_checked(articles) -> pd.DataFrame:
    """``articles`` when it is nqp.clean's articles table (``doc_id``, ``article_id``, ``text``, ``text_orig``)."""
    return S.check_columns(articles, "articles", "articles")


def articles_in_order(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` in article order: ``doc_id``, then ``position`` (when present), then ``article_id``."""
    keys = [c for c in (S.DOC_ID, S.POSITION) if c in articles.columns] + [S.ARTICLE_ID]
    return articles.sort_values(keys, kind="stable")


def text_layers(row: pd.Series) -> tuple[str, str]:
    """``(text, shown)`` of an article row: the analysis layer and the layer to quote from.

    The quoted layer is ``text_orig``; when it is not as long as ``text`` (so offsets would not agree)
    the analysis layer is quoted instead, and that is logged.
    """
    text = row[S.TEXT] if isinstance(row[S.TEXT], str) else ""
    orig = row.get(S.TEXT_ORIG)
    if not isinstance(orig, str) or len(orig) != len(text):
        if isinstance(orig, str):
            log.info("kwic: %s: text_orig is not as long as text; showing the analysis layer", row[S.ARTICLE_ID])
        orig = text
    return text, orig


def raw_offsets(articles: pd.DataFrame):
    """A function ``(row, start, end) -> (raw_start, raw_end)`` for these articles.

    Offsets into the raw document come from :func:`nqp.raw_span` when the articles carry their
    ``raw_segments``; otherwise both are <NA>.
    """
    if S.RAW_SEGMENTS not in articles.columns:
        return lambda row, start, end: (pd.NA, pd.NA)

    def offsets(row, start: int, end: int):
        rs, re_ = raw_span(row, start, end)
        return int(rs), int(re_)

    return offsets

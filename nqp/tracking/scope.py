"""Which articles a theme is about (:func:`theme_scope`), decided with the matcher of :func:`nqp.theme`.

There is one definition of a theme: its forms (:func:`nqp.theme_variants`) and the one matcher built
from them. :func:`nqp.theme` lists the mentions; :func:`theme_scope` counts them per article, so that
"the articles about the theme" and "the mentions of the theme" can never disagree.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpTypeError
from .mentions import article_text, check_articles, titles_to_search
from .variants import theme_variants, variants_matcher

log = logging.getLogger(__name__)

__all__ = ["articles_in_scope", "theme_scope"]


def theme_scope(articles: pd.DataFrame, terms=None, *, min_mentions: int = 1, variants=None, compounds: bool = True,
                lexicon=None) -> pd.DataFrame:
    """Which articles are in scope for a theme: its mentions per article, with exactly :func:`nqp.theme`'s matcher.

    ``articles``: nqp.clean's articles. ``terms``, ``variants``, ``compounds``, ``lexicon``: the theme,
    as for :func:`nqp.theme`; ``terms=None`` means no theme: every article is in scope (and has no
    mentions). ``min_mentions``: the mentions an article needs to be in scope.

    Returns one row per article, aligned with ``articles`` (same order and index): ``article_id``,
    ``theme_mentions`` (int: the number of rows :func:`nqp.theme` gives for the article),
    ``relevance`` (mentions per 1,000 characters of ``text``, rounded to 4 places), ``in_scope``
    (bool: ``theme_mentions >= min_mentions``; all True when ``terms`` is None).
    """
    arts = check_articles(articles)
    min_mentions = check_int("min_mentions", min_mentions, min=0)
    texts = [article_text(t) for t in arts[S.TEXT]]
    if terms is None:
        counts = [0] * len(texts)
    else:
        rx, _ = variants_matcher(theme_variants(terms, variants=variants, compounds=compounds, lexicon=lexicon))
        titles = titles_to_search(arts)  # a title the text does not print is searched too, as nqp.theme does
        counts = [sum(1 for _ in rx.finditer(t)) + (sum(1 for _ in rx.finditer(titles[a][1])) if a in titles else 0)
                  for t, a in zip(texts, arts[S.ARTICLE_ID])]
    out = pd.DataFrame(
        {
            S.ARTICLE_ID: arts[S.ARTICLE_ID].to_numpy(),
            S.THEME_MENTIONS: np.asarray(counts, dtype=np.int64),
            S.RELEVANCE: np.asarray([round(1000.0 * n / max(len(t), 1), 4) for n, t in zip(counts, texts)],
                                    dtype=np.float64),
        },
        index=arts.index,
    )
    out[S.IN_SCOPE] = True if terms is None else out[S.THEME_MENTIONS] >= min_mentions
    out[S.IN_SCOPE] = out[S.IN_SCOPE].astype(bool)
    log.info("theme_scope: %d of %d articles in scope%s", int(out[S.IN_SCOPE].sum()), len(out),
             "" if terms is None else f" (at least {min_mentions} mention{'s' if min_mentions != 1 else ''})")
    return out[S.SCOPE_COLUMNS]


def articles_in_scope(articles: pd.DataFrame, terms=None, *, min_mentions: int = 1, kinds=("article",),
                      variants=None, compounds: bool = True, lexicon=None) -> pd.DataFrame:
    """The articles an analysis uses: those of the ``kinds`` given that mention the theme ``terms``.

    ``kinds``: the article kinds kept (``"article"``; cleaning marks picture columns ``"photos"``);
    ``None`` keeps every kind. ``terms=None``: no theme, every article of those kinds is in scope.
    The theme is matched exactly as :func:`nqp.theme` matches it (:func:`theme_scope`). Returns the
    rows of ``articles`` in scope, in their order, with ``theme_mentions`` and ``relevance`` added;
    how many were left out, and why, is logged. One selection rule for every notebook and command.
    """
    arts = check_articles(articles)
    keep = pd.Series(True, index=arts.index)
    if kinds is not None:
        if isinstance(kinds, str) or not all(isinstance(k, str) for k in kinds):
            raise NqpTypeError(f"kinds={kinds!r}: pass a list of article kinds such as ['article'], or None for all.")
        if S.KIND in arts.columns:
            keep &= arts[S.KIND].isin(list(kinds))
    scope = theme_scope(arts, terms, min_mentions=min_mentions, variants=variants, compounds=compounds,
                        lexicon=lexicon)
    n_kind = int((~keep).sum())
    keep &= scope[S.IN_SCOPE]
    out = arts.loc[keep].copy()
    out[S.THEME_MENTIONS] = scope.loc[keep, S.THEME_MENTIONS]
    out[S.RELEVANCE] = scope.loc[keep, S.RELEVANCE]
    log.info("articles_in_scope: %d of %d articles used (%d of another kind than %s, %d without the theme)",
             len(out), len(arts), n_kind, list(kinds) if kinds is not None else "any",
             int((~scope[S.IN_SCOPE]).sum()) if terms is not None else 0)
    return out

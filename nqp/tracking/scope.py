"""Which articles a theme is about (:func:`theme_scope`), decided with the matcher of :func:`nqp.theme`.

There is one definition of a theme: its forms (:func:`nqp.theme_variants`) and the one matcher built
from them. :func:`nqp.theme` lists the mentions; :func:`theme_scope` counts them per article, so that
"the articles about the theme" and "the mentions of the theme" can never disagree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int
from ..errors import NqpTypeError
from .mentions import article_text, check_articles, titles_to_search
from .variants import theme_variants, variants_matcher

log = logging.getLogger(__name__)

__all__ = ["ArticleScope", "articles_in_scope", "articles_scope", "theme_scope"]


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


@dataclass(frozen=True, eq=False)
class ArticleScope:
    """The articles a page analyses, as :func:`articles_scope` chose them, and the sentence that says so.

    ``articles``: the articles used; ``every``: every article of the kinds kept (picture columns left out);
    ``named``: those of ``every`` that mention the theme (none without a theme); ``note``: which articles,
    in a phrase ("the 12 of 40 articles that mention 新质生产力"); ``text``: the page's scope line in
    Markdown ("**Scope:** …"); ``theme``: the theme's terms (None: no theme).
    """

    articles: pd.DataFrame
    every: pd.DataFrame
    named: pd.DataFrame
    note: str
    text: str
    theme: list | None


def articles_scope(articles: pd.DataFrame, theme=None, scope: str = "all", *, n_documents: int | None = None,
                   kinds=("article",)) -> ArticleScope:
    """The articles an analysis uses for ``scope``, and the sentence that states it at the top of a page.

    ``articles``: nqp.clean's articles. ``theme``: the theme's terms (a list, one term, or None: no theme).
    ``scope``: ``"all"`` (every article of the ``kinds``; cleaning marks picture columns ``"photos"``) or
    ``"theme"`` (those that mention the theme, matched as :func:`nqp.theme` matches it: :func:`articles_in_scope`).
    With ``scope="theme"`` and no theme, or a theme no article mentions, every article is used and the
    sentence says why: nothing is dropped silently. ``n_documents``: the documents the articles were
    cleaned from, named in the sentence (default: those the articles come from).

    Returns an :class:`ArticleScope`: ``.articles`` (index reset), ``.every``, ``.named``, ``.note`` and
    ``.text``, e.g. "**Scope:** the 3 of 57 articles that mention 新质生产力, from 57 documents."
    """
    scope = check_choice("scope", scope, ("all", "theme"))
    if isinstance(theme, str):
        theme = [theme]
    theme = list(theme) if theme else None
    arts = check_articles(articles)
    every = articles_in_scope(arts, kinds=kinds).reset_index(drop=True)
    named = articles_in_scope(every, theme, kinds=None).reset_index(drop=True) if theme else every.iloc[:0]
    theme_text = "、".join(theme) if theme else ""
    n = len(every)
    all_of = "no article" if n == 0 else "the only article" if n == 1 else f"all {n:,} articles"
    if scope == "theme" and not theme:
        use, note = every, f"`scope = \"theme\"` needs a theme (`nqp report --theme 新质生产力`), so {all_of} {'is' if n == 1 else 'are'} used"
    elif scope == "theme" and named.empty:
        use, note = every, f"no article mentions {theme_text}, so {all_of} {'is' if n == 1 else 'are'} used"
    elif scope == "theme":
        use, note = named, f"the {len(named):,} of {n:,} article{'s' if n != 1 else ''} that mention {theme_text}"
    else:
        use, note = every, all_of
    n_docs = int(arts[S.DOC_ID].nunique()) if n_documents is None else check_int("n_documents", n_documents, min=0)
    n_other = len(arts) - n
    if theme and scope == "all":  # the theme's share of the articles in scope
        mentions = (f"; it {'mentions' if len(named) else 'does not mention'} {theme_text}." if n == 1
                    else f"; {len(named):,} of them mention{'s' if len(named) == 1 else ''} {theme_text}.")
    else:
        mentions = "."
    if use is named and len(named):  # the theme's articles: from the documents that hold them
        k_docs = int(named[S.DOC_ID].nunique())
        from_docs = f"{k_docs:,} of {n_docs:,} documents" if n_docs != 1 else "the one document"
    else:
        from_docs = f"{n_docs:,} documents" if n_docs != 1 else "the one document"
    text = (
        f"**Scope:** {note}, from " + from_docs
        + (f" ({n_other:,} picture column{'s' if n_other != 1 else ''} left out)" if n_other and kinds == ("article",)
           else f" ({n_other:,} article{'s' if n_other != 1 else ''} of another kind left out)" if n_other else "")
        + mentions
        + ("" if theme else " No theme was given: pass one with `nqp report --theme 新质生产力`.")
    )
    return ArticleScope(articles=use, every=every, named=named, note=note, text=text, theme=theme)

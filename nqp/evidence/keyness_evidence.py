"""The sentences behind a keyness table: one exemplar per key term, from its own side, in the original script.

Statistics count (:func:`nqp.keyness`, :func:`nqp.keyness_each`); this file quotes. A keyness table
remembers which documents each side counted (``attrs["rows"]``), so the exemplar of a term key in
the target comes from a target article, and that of a term key in the reference from a reference
article.
"""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..errors import NqpValueError
from .sentences import exemplars

log = logging.getLogger(__name__)

__all__ = ["keyness_exemplars"]

_EXEMPLAR_SOURCES = ["sentence", S.DOC_ID, S.ARTICLE_ID, "start", "end"]


def keyness_exemplars(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The keyness ``table`` with an exemplar sentence for each significant key term.

    ``table``: the output of :func:`nqp.keyness` or :func:`nqp.keyness_each` (rows may have been
    filtered; its ``attrs`` must still say which documents were counted). ``articles``: nqp.clean's
    table (``text`` and ``text_orig``), holding the articles of both sides (a separate reference
    corpus's too). A term key in the target (``direction == "target"``, significant) is quoted from
    a target article, one key in the reference from a reference article; for a
    :func:`nqp.keyness_each` table the sides are the row's group and all other groups. The sentence
    is chosen by :func:`nqp.exemplars`.

    Returns a copy of ``table`` with ``exemplar``, ``exemplar_doc_id``, ``exemplar_article_id``,
    ``exemplar_start``, ``exemplar_end`` (offsets of the sentence in the article's text) appended;
    <NA> for terms not significant, of direction "none", or found in no article of their side.
    """
    if not isinstance(table, pd.DataFrame) or not {S.TERM, S.DIRECTION, "significant"} <= set(table.columns):
        raise NqpValueError("table: expected the output of nqp.keyness or nqp.keyness_each")
    from ..stats.keyness_stats import keyness_rows

    counted = keyness_rows(table)
    if counted is None:
        raise NqpValueError(
            "table: its attrs do not say which documents each side counted (pandas drops attrs on some operations, "
            "e.g. concat of different tables); pass the table of nqp.keyness or nqp.keyness_each, filtered if you like."
        )
    counted = pd.DataFrame(counted)
    if S.GROUP in table.columns and "by" in table.attrs:  # keyness_each: the sides are a group and the others
        parts = [_attach(part, articles, counted[counted["side"] == group], counted[counted["side"] != group])
                 for group, part in table.groupby(S.GROUP, sort=False)]
        out = pd.concat(parts) if parts else _attach(table, articles, counted.iloc[:0], counted.iloc[:0])
        out = out.loc[table.index]
        out.attrs = table.attrs
        return out
    return _attach(table, articles, counted[counted["side"] == "target"], counted[counted["side"] == "reference"])


def _attach(out: pd.DataFrame, articles: pd.DataFrame, target_docs: pd.DataFrame,
            ref_docs: pd.DataFrame) -> pd.DataFrame:
    out = out.copy()
    for col in S.KEYNESS_EXEMPLAR_COLUMNS:
        out[col] = pd.Series([pd.NA] * len(out), index=out.index,
                             dtype=object if col in S.KEYNESS_EXEMPLAR_COLUMNS[:3] else "Int64")
    sig = out["significant"] & out[S.DIRECTION].isin(["target", "reference"])
    for side, docs in (("target", target_docs), ("reference", ref_docs)):
        want = out.index[sig & (out[S.DIRECTION] == side)]
        if len(want) == 0:
            continue
        id_col = S.ARTICLE_ID if S.ARTICLE_ID in docs.columns and S.ARTICLE_ID in articles.columns else S.DOC_ID
        if id_col not in docs.columns or id_col not in articles.columns:
            log.info("keyness: no %s to match the tokens to the articles; no exemplars", id_col)
            return out
        side_articles = articles[articles[id_col].isin(set(docs[id_col]))]
        found = exemplars(side_articles, out.loc[want, S.TERM].tolist(), words=True).set_index(S.TERM)  # key words
        for col, src in zip(S.KEYNESS_EXEMPLAR_COLUMNS, _EXEMPLAR_SOURCES):
            out.loc[want, col] = out.loc[want, S.TERM].map(found[src]).to_numpy()
    return out

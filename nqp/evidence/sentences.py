"""Exemplar sentences: for each term, one readable sentence that uses it, quoted in the original script."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema as S
from ..text import sentence_spans
from .concordance import compile_pattern
from .layers import articles_checked, articles_in_order, raw_offsets, text_layers

log = logging.getLogger(__name__)

__all__ = ["exemplars"]

def _heading_spans(row) -> list[tuple[int, int]]:
    spans = row.get(S.HEADINGS)
    if spans is None or (isinstance(spans, float) and np.isnan(spans)):
        return []
    try:
        return [(int(a), int(b)) for a, b in spans]
    except (TypeError, ValueError):
        return []


#: ``exemplars(words=True)`` segments at most this many sentences per term looking for it as a word; past them a
#: sentence holding the string qualifies (a term the default segmentation never keeps whole costs no more)
WORD_CHECKS = 50


def exemplars(articles: pd.DataFrame, terms, *, min_chars: int = 8, max_chars: int = 120,
              words: bool = False) -> pd.DataFrame:
    """One exemplar sentence per term, quoted in the original script, with its offsets.

    The exemplar is the first sentence, in article order (``doc_id``, ``position``), that contains
    the term in the analysis layer, is not a heading and has ``min_chars`` to ``max_chars``
    characters; failing that, the first such sentence of any length above ``min_chars``; failing
    that, the first sentence containing the term at all. Terms are matched literally (and in
    simplified script), as substrings of the text. ``words``: a sentence qualifies only where nqp's
    segmentation has the term as a word of it (a key word 创新 is not quoted from 开创新局面, where the string
    straddles two words), among the first :data:`WORD_CHECKS` sentences holding the string; failing that, a
    sentence holding it as a string.

    ``articles``: nqp.clean's articles (``doc_id``, ``article_id``, ``text``, ``text_orig``).
    Returns one row per term, in the order given: ``term``, ``doc_id``, ``article_id``,
    ``sentence`` (from ``text_orig``), ``start``, ``end`` (the sentence's offsets in the article's
    text), ``match_start``, ``match_end`` (the term's), ``raw_start``, ``raw_end`` (the sentence's
    offsets in the raw document, when the articles carry ``raw_segments``); <NA> throughout for a
    term found nowhere (logged).
    """
    articles = articles_checked(articles)
    terms = [terms] if isinstance(terms, str) else list(terms)
    offsets = raw_offsets(articles)
    patterns = {t: compile_pattern(t) for t in dict.fromkeys(terms) if isinstance(t, str) and t}
    best: dict[str, dict] = {}
    long_ok: dict[str, dict] = {}
    fallback: dict[str, dict] = {}
    pending = set(patterns)
    checked: dict[str, int] = {}  # sentences segmented per term (words=True)
    words_of = _sentence_words(articles, patterns) if words else {}
    for _, row in articles_in_order(articles).iterrows():
        if not pending:
            break
        text, orig = text_layers(row)
        spans = None
        heads = None
        for term in sorted(pending):
            m = patterns[term].search(text)
            if m is None:
                continue
            if spans is None:
                spans, heads = sentence_spans(text), _heading_spans(row)
            for m in patterns[term].finditer(text):
                ms, me = m.span()
                s, e = next(((a, b) for a, b in spans if a <= ms < b), (ms, me))
                e = max(e, me)
                record = {
                    S.TERM: term, S.DOC_ID: row[S.DOC_ID], S.ARTICLE_ID: row[S.ARTICLE_ID],
                    S.SENTENCE: orig[s:e], S.START: s, S.END: e, S.MATCH_START: ms, S.MATCH_END: me,
                    "_row": row,
                }
                in_heading = any(a <= ms < b for a, b in heads)
                fallback.setdefault(term, record)
                if words and checked.get(term, 0) < WORD_CHECKS:
                    checked[term] = checked.get(term, 0) + 1
                    if term not in words_of[text[s:e]]:
                        continue  # the string, not the word: only a fallback
                if not in_heading and e - s >= min_chars:
                    long_ok.setdefault(term, record)
                    if e - s <= max_chars:
                        best[term] = record
                        pending.discard(term)
                        break
    rows = []
    for term in terms:
        rec = best.get(term) or long_ok.get(term) or fallback.get(term)
        if rec is None:
            log.info("exemplars: %r occurs in none of the %d articles", term, len(articles))
            rows.append({S.TERM: term})
            continue
        rec = dict(rec)
        row = rec.pop("_row")
        rec[S.RAW_START], rec[S.RAW_END] = offsets(row, rec[S.START], rec[S.END])
        rows.append(rec)
    out = pd.DataFrame(rows, columns=S.SENTENCE_EXEMPLAR_COLUMNS)
    return out.astype({c: "Int64" for c in (S.START, S.END, S.MATCH_START, S.MATCH_END, S.RAW_START, S.RAW_END)})


def _sentence_words(articles: pd.DataFrame, patterns: dict) -> dict[str, frozenset]:
    """The words of nqp's segmentation (its default lexicon) of every sentence :func:`exemplars` checks: the
    sentences of each term's first :data:`WORD_CHECKS` matches, in the order it meets them, all segmented in
    one call (one call per sentence cost a tokenizer's start each, minutes for a keyness table)."""
    from ..tokens import tokenize_texts

    sentences: dict[str, None] = {}
    left = dict.fromkeys(patterns, WORD_CHECKS)
    for _, row in articles_in_order(articles).iterrows():
        if not left:
            break
        text, _ = text_layers(row)
        spans = None
        for term in sorted(left):
            for m in patterns[term].finditer(text):
                if spans is None:
                    spans = sentence_spans(text)
                ms, me = m.span()
                s, e = next(((a, b) for a, b in spans if a <= ms < b), (ms, me))
                sentences.setdefault(text[s:max(e, me)])
                left[term] -= 1
                if not left[term]:
                    del left[term]
                    break
    found = list(sentences)
    return {t: frozenset(w) for t, w in zip(found, tokenize_texts(found, stopwords=False))} if found else {}

"""The audit of cleaning: what was removed, joined and repeated, side by side with the raw text.

Each view takes the :class:`~nqp.cleaning.articles.Cleaned` result of :func:`nqp.clean`.
"""

from __future__ import annotations

import logging
import warnings

import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpValueError
from .articles import Cleaned, corpus_frame
from .rules import PARAGRAPH_JOIN, REPEAT, WHITESPACE, load_clean_rules

log = logging.getLogger(__name__)

__all__ = ["clean_joins", "clean_repeats", "clean_summary"]


def _text_index(row, raw_pos: int) -> int:
    """Index in the article's ``text`` of raw offset ``raw_pos`` (or of the first kept character after it)."""
    segs = row[S.RAW_SEGMENTS]
    for t0, r0, n in segs:
        t0, r0, n = int(t0), int(r0), int(n)
        if raw_pos < r0:
            return t0
        if raw_pos < r0 + n:
            return t0 + raw_pos - r0
    return len(row[S.TEXT])


def _article_at(articles: pd.DataFrame, doc_id: str, raw_pos: int):
    arts = articles[(articles[S.DOC_ID] == doc_id) & (articles[S.START] <= raw_pos) & (articles[S.END] >= raw_pos)]
    return arts.iloc[0] if len(arts) else None


def _audit_parts(cleaned, old: tuple, name: str) -> tuple:
    """``(corpus, articles, removals, details)`` from a :class:`Cleaned`, or from the deprecated separate tables."""
    if isinstance(cleaned, Cleaned):
        if any(o is not None for o in old):
            raise NqpValueError(f"{name}(cleaned): pass only the result of nqp.clean; it carries the tables.")
        return cleaned.corpus, cleaned.articles, cleaned.removals, cleaned.details
    warnings.warn(
        f"{name}(corpus, ...) is deprecated: pass the result of nqp.clean, e.g. {name}(nqp.clean(corpus))",
        DeprecationWarning,
        stacklevel=3,
    )
    return (corpus_frame(cleaned), *old)


def clean_summary(cleaned: Cleaned, articles=None, removals=None) -> pd.DataFrame:
    """Per document, where its characters went (``cleaned``: the result of :func:`clean`).

    Columns: ``doc_id``, ``n_chars`` (raw), ``kept`` (characters in its articles' text), ``removed``
    (characters removed by the named rules, whitespace and paragraph breaks not counted), ``articles``,
    then one column per rule with the characters it removed, in the
    order of the rules (``repeat``, ``paragraph_join``, ``whitespace`` last). Sorted by ``doc_id``.
    ``n_chars == kept + removed + paragraph_join + whitespace`` on every row.
    """
    df, articles, removals, _ = _audit_parts(cleaned, (articles, removals, None), "clean_summary")
    names = [n for n in (cleaned.rules if isinstance(cleaned, Cleaned) else load_clean_rules()).rule_names()]
    rm = removals.assign(n=removals[S.END] - removals[S.START])
    per_rule = rm.pivot_table(index=S.DOC_ID, columns=S.RULE, values="n", aggfunc="sum", fill_value=0)
    order = [n for n in names if n in per_rule.columns] + sorted(c for c in per_rule.columns if c not in names)
    per_rule = per_rule[order]
    out = pd.DataFrame({S.DOC_ID: sorted(df[S.DOC_ID].astype(str))})
    n_chars = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT].str.len()))
    out[S.N_CHARS] = out[S.DOC_ID].map(n_chars).astype(int)
    kept = articles.groupby(S.DOC_ID)[S.N_CHARS].sum()
    out["kept"] = out[S.DOC_ID].map(kept).fillna(0).astype(int)
    content_rules = [c for c in order if c not in (WHITESPACE, PARAGRAPH_JOIN)]
    removed = per_rule[content_rules].sum(axis=1) if content_rules else pd.Series(dtype=int)
    out["removed"] = out[S.DOC_ID].map(removed).fillna(0).astype(int)
    out["articles"] = out[S.DOC_ID].map(articles.groupby(S.DOC_ID).size()).fillna(0).astype(int)
    for c in order:
        out[c] = out[S.DOC_ID].map(per_rule[c]).fillna(0).astype(int)
    return out


def clean_joins(cleaned: Cleaned, articles=None, details=None, context: int = 14) -> pd.DataFrame:
    """The paragraphs joined across column and page breaks, side by side (``cleaned``: from :func:`clean`).

    One row per join, in document order: ``doc_id``, ``article_id``, ``before`` (the end of the first
    part, original script), ``after`` (the start of the second part), ``between`` (what stood between
    them in the raw text and was removed, line breaks shown as ⏎), ``joined`` (the analysis text around
    the join, ``‖`` marking it), ``evidence`` (what shows one sentence across the break: ``word``,
    ``quotation``, ``short_clause`` ...; joins are made on pages only).
    """
    context = check_int("context", context, min=0)
    df, articles, _, details = _audit_parts(cleaned, (articles, None, details), "clean_joins")
    raw = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT]))
    rows = []
    for d in details[details[S.STEP] == PARAGRAPH_JOIN].itertuples(index=False):
        text = raw[d.doc_id]
        art = _article_at(articles, d.doc_id, d.start)
        before = text[max(0, d.start - context) : d.start].split("\n")[-1]
        after = text[d.end : d.end + context].split("\n")[0]
        joined = ""
        if art is not None:
            i = _text_index(art, d.end)
            t = art[S.TEXT]
            joined = t[max(0, i - context) : i].split("\n")[-1] + "‖" + t[i : i + context].split("\n")[0]
        rows.append(
            {
                S.DOC_ID: d.doc_id,
                S.ARTICLE_ID: None if art is None else art[S.ARTICLE_ID],
                "before": before,
                "after": after,
                "between": d.text.replace("\n", "⏎"),
                "joined": joined,
                S.EVIDENCE: getattr(d, S.EVIDENCE, ""),
            }
        )
    return pd.DataFrame(rows, columns=[S.DOC_ID, S.ARTICLE_ID, "before", "after", "between", "joined", S.EVIDENCE])


def clean_repeats(cleaned: Cleaned, details=None) -> pd.DataFrame:
    """The layout repeats removed, side by side with the copy kept (``cleaned``: from :func:`clean`).

    One row per repeat, in document order: ``doc_id``, ``n_chars``, ``where`` (how the removed copy sat
    in the page: ``whole paragraph``, ``pull quote inside a sentence``, ``pasted at a paragraph end``, or
    ``long repeat``), ``kept_start``, ``removed_start`` (raw offsets), ``kept`` and ``removed`` (the two
    copies, original script).
    """
    df, _, _, details = _audit_parts(cleaned, (None, None, details), "clean_repeats")
    raw = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT]))
    rows = []
    for d in details[details[S.STEP] == REPEAT].itertuples(index=False):
        text = raw[d.doc_id]
        line_start = text.rfind("\n", 0, d.start) + 1
        nl = text.find("\n", d.end)
        line_end = len(text) if nl < 0 else nl
        whole = not text[line_start : d.start].strip() and not text[d.end : line_end].strip()
        if whole:
            prev = text[:line_start].rstrip()
            # a pull quote is the earlier copy, interrupting a sentence (the rule removes it, not the later one);
            # a later copy after a line without a sentence's end (a heading) is a repeated paragraph
            cut = prev and prev[-1] not in "。!?！？;；…”’\""
            where = "pull quote inside a sentence" if cut and d.start < d.kept_start else "whole paragraph"
        elif not text[d.end : line_end].strip():
            where = "pasted at a paragraph end"
        else:
            where = "long repeat"
        rows.append(
            {
                S.DOC_ID: d.doc_id,
                S.N_CHARS: d.end - d.start,
                "where": where,
                S.KEPT_START: d.kept_start,
                "removed_start": d.start,
                "kept": text[d.kept_start : d.kept_end],
                "removed": d.text,
            }
        )
    return pd.DataFrame(rows, columns=[S.DOC_ID, S.N_CHARS, "where", S.KEPT_START, "removed_start", "kept", "removed"])

"""Keywords in context: every occurrence of a term, shown in the original script, with its offsets.

Matching happens on the analysis layer (``text``: simplified script, normalized), so one pattern
finds 建圈强链 in simplified and in traditional articles alike; what is shown (``left``, ``match``,
``right``) comes from ``text_orig``, the same article in its original script and of the same length,
so the same offsets point at the same characters in both. Offsets into the raw document come from
:func:`nqp.raw_span`.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpTypeError, NqpValueError
from ..script import convert
from ..text import term_pattern
from .layers import articles_checked, articles_in_order, raw_offsets, text_layers

log = logging.getLogger(__name__)

__all__ = ["compile_pattern", "kwic"]

def compile_pattern(pattern, *, regex: bool = False) -> re.Pattern:
    """A compiled regex for ``pattern``: a term, a list of variant terms, a regex string or a compiled regex.

    Literal terms are matched as written, in simplified script (OpenCC t2s) and in the analysis layer's form
    (full-width letters, digits and punctuation half-width, 「」 as “”), longest first
    (:func:`nqp.text.term_pattern`), so 建圈強鏈 finds 建圈强链 and ５Ｇ finds 5G in the analysis layer; their Latin
    letters in any case (AI finds Ai and ai: one token, as nqp.tokenize folds them). A pattern that can match the
    empty string is refused.
    """
    if isinstance(pattern, re.Pattern):
        rx = pattern
    elif isinstance(pattern, str) and regex:
        if not pattern:
            raise NqpValueError("pattern: empty; give a term, a list of variants or a regex")
        try:
            rx = re.compile(pattern)
        except re.error as exc:
            raise NqpValueError(f"pattern={pattern!r}: not a valid regular expression ({exc}); "
                                "pass regex=False to search for it literally") from None
    else:
        terms = [pattern] if isinstance(pattern, str) else pattern
        if not isinstance(terms, (list, tuple, set, frozenset, pd.Series, np.ndarray)) or not all(
            isinstance(t, str) for t in terms
        ):
            raise NqpTypeError(f"pattern={pattern!r}: give a term (str), a list of str variants, or a compiled regex")
        from ..cleaning import normalize_text  # the analysis layer's form: simplified, full-width made half-width

        rx = term_pattern({t for t in terms if t} | {convert(t, "t2s") for t in terms if t}
                          | {normalize_text(t) for t in terms if t})
        if rx is None:
            raise NqpValueError("pattern: empty; give a term, a list of variants or a regex")
        if any(re.search(r"[A-Za-z]", t) for t in terms):  # AI finds Ai and ai, as the tokens count them
            rx = re.compile(rx.pattern, re.IGNORECASE)
    if rx.search("") is not None:
        raise NqpValueError(f"pattern={rx.pattern!r}: matches the empty string, which would match everywhere; "
                            "make it match at least one character")
    return rx


def kwic(articles: pd.DataFrame, pattern, window: int = 20, *, regex: bool = False) -> pd.DataFrame:
    """Every occurrence of ``pattern`` in ``articles``, with ``window`` characters of context each side.

    ``articles``: nqp.clean's articles (``doc_id``, ``article_id``, ``text``, ``text_orig``, metadata).
    ``pattern``: a term, a list of variant terms, a regex string with ``regex=True``, or a compiled
    ``re.Pattern``; it is matched on ``text`` (see :func:`compile_pattern`), non-overlapping, left to
    right.

    Returns one row per match, sorted by ``doc_id``, article ``position``, ``start``: ``doc_id``,
    ``article_id``, ``outlet``, ``date``, ``left``, ``match``, ``right`` (from ``text_orig``, line
    breaks shown as spaces), ``start``, ``end`` (offsets of the match in the article's ``text`` and
    ``text_orig``), ``raw_start``, ``raw_end`` (offsets in the raw document text, <NA> when the
    articles carry no ``raw_segments``), ``term`` (the matched analysis-layer text).
    """
    articles = articles_checked(articles)
    window = check_int("window", window, min=0)
    rx = compile_pattern(pattern, regex=regex)
    offsets = raw_offsets(articles)
    rows = []
    for _, row in articles_in_order(articles).iterrows():
        text, orig = text_layers(row)
        for m in rx.finditer(text):
            s, e = m.span()
            rs, re_ = offsets(row, s, e)
            rows.append(
                {
                    S.DOC_ID: row[S.DOC_ID],
                    S.ARTICLE_ID: row[S.ARTICLE_ID],
                    S.OUTLET: row.get(S.OUTLET, pd.NA),
                    S.DATE: row.get(S.DATE, pd.NA),
                    S.LEFT: orig[max(0, s - window) : s].replace("\n", " "),
                    S.MATCH: orig[s:e].replace("\n", " "),
                    S.RIGHT: orig[e : e + window].replace("\n", " "),
                    S.START: s,
                    S.END: e,
                    S.RAW_START: rs,
                    S.RAW_END: re_,
                    S.TERM: m.group(0),
                }
            )
    out = pd.DataFrame(rows, columns=S.KWIC_COLUMNS)
    out = out.astype({S.START: np.int64, S.END: np.int64, S.RAW_START: "Int64", S.RAW_END: "Int64"})
    log.info("kwic: %d matches of %r in %d articles", len(out), rx.pattern, out[S.ARTICLE_ID].nunique())
    return out

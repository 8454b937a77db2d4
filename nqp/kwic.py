"""Keywords in context: every occurrence of a term, shown in the original script, with its offsets.

Matching happens on the analysis layer (``text``: simplified script, normalized), so one pattern
finds 建圈强链 in simplified and in traditional articles alike; what is shown (``left``, ``match``,
``right``, exemplar sentences) comes from ``text_orig``, the same article in its original script
and of the same length, so the same offsets point at the same characters in both. Offsets into the
raw document come from ``nqp.clean.raw_span`` when the cleaning stage provides it.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from . import schema as S
from .errors import NqpError
from .script import convert
from .text import sentence_spans, term_pattern

log = logging.getLogger("nqp")

TEXT_ORIG = "text_orig"
POSITION = "position"
HEADINGS = "headings"
KWIC_COLUMNS = [
    S.DOC_ID, S.ARTICLE_ID, S.OUTLET, S.DATE, "left", "match", "right", "start", "end", "raw_start", "raw_end", "term",
]
EXEMPLAR_COLUMNS = [
    "term", S.DOC_ID, S.ARTICLE_ID, "sentence", "start", "end", "match_start", "match_end", "raw_start", "raw_end",
]


def compile_pattern(pattern, *, regex: bool = False) -> re.Pattern:
    """A compiled regex for ``pattern``: a term, a list of variant terms, a regex string or a compiled regex.

    Literal terms are matched as written and in simplified script (OpenCC t2s), longest first, so
    建圈強鏈 finds 建圈强链 in the analysis layer. A pattern that can match the empty string is refused.
    """
    if isinstance(pattern, re.Pattern):
        rx = pattern
    elif isinstance(pattern, str) and regex:
        if not pattern:
            raise NqpError("pattern: empty; give a term, a list of variants or a regex")
        try:
            rx = re.compile(pattern)
        except re.error as exc:
            raise NqpError(f"pattern={pattern!r}: not a valid regular expression ({exc}); "
                           "pass regex=False to search for it literally") from None
    else:
        terms = [pattern] if isinstance(pattern, str) else pattern
        if not isinstance(terms, (list, tuple, set, frozenset, pd.Series, np.ndarray)) or not all(
            isinstance(t, str) for t in terms
        ):
            raise NqpError(f"pattern={pattern!r}: give a term (str), a list of str variants, or a compiled regex")
        variants = {t for t in terms if t} | {convert(t, "t2s") for t in terms if t}
        if not variants:
            raise NqpError("pattern: empty; give a term, a list of variants or a regex")
        rx = term_pattern(variants)
    if rx.search("") is not None:
        raise NqpError(f"pattern={rx.pattern!r}: matches the empty string, which would match everywhere; "
                       "make it match at least one character")
    return rx


def _check_articles(articles) -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame) or S.TEXT not in articles.columns:
        got = type(articles).__name__ + (f" with columns {list(articles.columns)}" if isinstance(articles, pd.DataFrame) else "")
        raise NqpError(f"articles: expected nqp.clean's articles (a 'text' column, plus 'text_orig'); got {got}")
    if S.DOC_ID not in articles.columns:
        raise NqpError("articles: no 'doc_id' column; pass nqp.clean's articles (or load_corpus's table)")
    return articles


def _ordered(articles: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in (S.DOC_ID, POSITION) if c in articles.columns]
    if S.ARTICLE_ID in articles.columns:
        keys.append(S.ARTICLE_ID)
    return articles.sort_values(keys, kind="stable")


def _raw_span_function(articles: pd.DataFrame | None = None):
    if articles is not None and "raw_segments" not in articles.columns:
        return None  # not nqp.clean's articles: no way back to the raw text
    try:
        from .clean import raw_span  # provided by the cleaning stage
    except ImportError:
        return None
    return raw_span


def _raw_offsets(raw_span, row, start: int, end: int):
    if raw_span is None:
        return pd.NA, pd.NA
    try:
        rs, re_ = raw_span(row, start, end)
    except Exception as exc:  # noqa: BLE001 - offsets are extra; a failure must not hide the match
        log.info("kwic: raw_span failed for %s [%d, %d): %s", row.get(S.ARTICLE_ID, row.get(S.DOC_ID)), start, end, exc)
        return pd.NA, pd.NA
    return int(rs), int(re_)


def _layers(row: pd.Series) -> tuple[str, str]:
    text = row[S.TEXT] if isinstance(row[S.TEXT], str) else ""
    orig = row.get(TEXT_ORIG)
    if not isinstance(orig, str) or len(orig) != len(text):
        if isinstance(orig, str):
            log.info("kwic: %s: text_orig is not as long as text; showing the analysis layer",
                     row.get(S.ARTICLE_ID, row.get(S.DOC_ID)))
        orig = text
    return text, orig


def kwic(articles: pd.DataFrame, pattern, window: int = 20, *, regex: bool = False) -> pd.DataFrame:
    """Every occurrence of ``pattern`` in ``articles``, with ``window`` characters of context each side.

    ``articles``: nqp.clean's articles (``text``, ``text_orig``, ids, metadata); load_corpus's
    table also works (then the raw text is searched and shown). ``pattern``: a term, a list of
    variant terms, a regex string with ``regex=True``, or a compiled ``re.Pattern``; it is matched
    on ``text`` (see :func:`compile_pattern`), non-overlapping, left to right.

    Returns one row per match, sorted by ``doc_id``, article ``position``, ``start``: ``doc_id``,
    ``article_id``, ``outlet``, ``date``, ``left``, ``match``, ``right`` (from ``text_orig``, line
    breaks shown as spaces), ``start``, ``end`` (offsets of the match in the article's ``text`` and
    ``text_orig``), ``raw_start``, ``raw_end`` (offsets in the raw document text, <NA> when the
    cleaning stage cannot map them), ``term`` (the matched analysis-layer text).
    """
    articles = _check_articles(articles)
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise NqpError(f"window={window!r}: give the number of characters of context each side (an int >= 0)")
    rx = compile_pattern(pattern, regex=regex)
    if TEXT_ORIG not in articles.columns:
        log.info("kwic: articles have no text_orig column; context is shown from the analysis layer")
    raw_span = _raw_span_function(articles) if S.ARTICLE_ID in articles.columns else None
    rows = []
    for _, row in _ordered(articles).iterrows():
        text, orig = _layers(row)
        for m in rx.finditer(text):
            s, e = m.span()
            rs, re_ = _raw_offsets(raw_span, row, s, e)
            rows.append(
                {
                    S.DOC_ID: row[S.DOC_ID],
                    S.ARTICLE_ID: row.get(S.ARTICLE_ID, row[S.DOC_ID]),
                    S.OUTLET: row.get(S.OUTLET, pd.NA),
                    S.DATE: row.get(S.DATE, pd.NA),
                    "left": orig[max(0, s - window) : s].replace("\n", " "),
                    "match": orig[s:e].replace("\n", " "),
                    "right": orig[e : e + window].replace("\n", " "),
                    "start": s,
                    "end": e,
                    "raw_start": rs,
                    "raw_end": re_,
                    "term": m.group(0),
                }
            )
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    out = out.astype({"start": np.int64, "end": np.int64, "raw_start": "Int64", "raw_end": "Int64"})
    log.info("kwic: %d matches of %r in %d articles", len(out), rx.pattern, out[S.ARTICLE_ID].nunique())
    return out


def _heading_spans(row) -> list[tuple[int, int]]:
    spans = row.get(HEADINGS)
    if spans is None or (isinstance(spans, float) and np.isnan(spans)):
        return []
    try:
        return [(int(a), int(b)) for a, b in spans]
    except (TypeError, ValueError):
        return []


def exemplars(articles: pd.DataFrame, terms, *, min_chars: int = 8, max_chars: int = 120) -> pd.DataFrame:
    """One exemplar sentence per term, quoted in the original script, with its offsets.

    The exemplar is the first sentence, in article order (``doc_id``, ``position``), that contains
    the term in the analysis layer, is not a heading and has ``min_chars`` to ``max_chars``
    characters; failing that, the first such sentence of any length above ``min_chars``; failing
    that, the first sentence containing the term at all. Terms are matched literally (and in
    simplified script), as substrings of the text.

    Returns one row per term, in the order given: ``term``, ``doc_id``, ``article_id``,
    ``sentence`` (from ``text_orig``), ``start``, ``end`` (the sentence's offsets in the article's
    text), ``match_start``, ``match_end`` (the term's), ``raw_start``, ``raw_end`` (the sentence's
    offsets in the raw document, when available); <NA> throughout for a term found nowhere (logged).
    """
    articles = _check_articles(articles)
    terms = [terms] if isinstance(terms, str) else list(terms)
    raw_span = _raw_span_function(articles) if S.ARTICLE_ID in articles.columns else None
    patterns = {t: compile_pattern(t) for t in dict.fromkeys(terms) if isinstance(t, str) and t}
    best: dict[str, dict] = {}
    long_ok: dict[str, dict] = {}
    fallback: dict[str, dict] = {}
    pending = set(patterns)
    for _, row in _ordered(articles).iterrows():
        if not pending:
            break
        text, orig = _layers(row)
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
                    "term": term, S.DOC_ID: row[S.DOC_ID], S.ARTICLE_ID: row.get(S.ARTICLE_ID, row[S.DOC_ID]),
                    "sentence": orig[s:e], "start": s, "end": e, "match_start": ms, "match_end": me,
                    "_row": row,
                }
                in_heading = any(a <= ms < b for a, b in heads)
                fallback.setdefault(term, record)
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
            rows.append({"term": term})
            continue
        rec = dict(rec)
        row = rec.pop("_row")
        rec["raw_start"], rec["raw_end"] = _raw_offsets(raw_span, row, rec["start"], rec["end"])
        rows.append(rec)
    out = pd.DataFrame(rows, columns=EXEMPLAR_COLUMNS)
    return out.astype({c: "Int64" for c in ("start", "end", "match_start", "match_end", "raw_start", "raw_end")})


def textplot_xray(hits: pd.DataFrame, articles: pd.DataFrame, *, ax=None, label: str = S.ARTICLE_ID):
    """Lexical dispersion: where in each article the matches of :func:`kwic` fall (0 = start, 1 = end).

    One row per article of ``articles`` (in article order, those without a match included, so
    absence shows); one tick per match. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    articles = _check_articles(articles)
    if not isinstance(hits, pd.DataFrame) or not {"start", S.DOC_ID} <= set(hits.columns):
        raise NqpError("hits: expected the output of nqp.kwic")
    arts = _ordered(articles)
    id_col = S.ARTICLE_ID if S.ARTICLE_ID in arts.columns else S.DOC_ID
    ids = arts[id_col].astype(str).tolist()
    lengths = dict(zip(ids, arts[S.TEXT].fillna("").str.len()))
    names = arts[label].astype(str).tolist() if label in arts.columns else ids
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, max(2.5, 0.28 * len(ids) + 1.2)))
    else:
        fig = ax.figure
    ypos = {a: i for i, a in enumerate(ids)}
    key = S.ARTICLE_ID if S.ARTICLE_ID in hits.columns and id_col == S.ARTICLE_ID else S.DOC_ID
    for h in hits.itertuples(index=False):
        a = str(getattr(h, key))
        if a in ypos:
            ax.plot(h.start / max(1, lengths[a]), ypos[a], "|", color="#d62728", markersize=12, mew=2)
    ax.set_yticks(range(len(ids)), names)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the article (share of its length)")
    fig.tight_layout()
    return fig, ax


__all__ = ["compile_pattern", "exemplars", "kwic", "textplot_xray"]

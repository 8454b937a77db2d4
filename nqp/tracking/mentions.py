"""The mention table: every mention of a theme in nqp.clean's articles (:func:`theme`), made readable
(:func:`theme_table`).

What is matched comes from :mod:`nqp.tracking.variants`; what is shown (``match``, ``sentence``,
``speaker``) comes from ``text_orig`` at the same offsets. ``start``/``end`` are offsets in the raw
document (``corpus.text``), mapped by :func:`nqp.raw_span`. Counts are honest because cleaning
keeps text that the page layout printed twice only once; headings are counted and flagged
(``is_heading``).

Every theme function takes the articles of :func:`nqp.clean` and nothing else: never a path, never a
corpus to clean again (:func:`check_articles`). Mentions and articles join on ``article_id``.
"""

from __future__ import annotations

import logging
import os
import re

import numpy as np
import pandas as pd

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError
from ..text import sentence_at, sentence_spans
from .speakers import OUTLET_VOICE, _Speakers, load_speaker_rules, speaker_of
from .variants import theme_variants, variants_matcher

log = logging.getLogger(__name__)

__all__ = ["THEME_COLUMNS", "theme", "theme_table"]

THEME_COLUMNS = S.THEME_COLUMNS

#: the longest sentence quoted whole in the ``sentence`` column; a longer one (text without punctuation) is quoted
#: as a window of it around the mention (:func:`quoted_span`)
SENTENCE_MAX_CHARS = 1000
#: the window of a longer sentence is made of blocks of this many characters, counted from the sentence's start
SENTENCE_BLOCK_CHARS = 250

_REMEDY = "pass the articles of nqp.clean: nqp.clean(nqp.load_corpus(path)).articles"


def check_articles(articles, where: str = "articles", required=None) -> pd.DataFrame:
    """``articles`` when it is nqp.clean's articles table; else a clear error saying what to pass.

    A path or a corpus table is never loaded or cleaned here: the caller cleans once and passes the
    articles to every theme function. ``required``: columns needed beyond the articles' own.
    """
    if isinstance(articles, (str, bytes)) or isinstance(articles, os.PathLike):
        raise NqpTypeError(f"{where}: got a path ({str(articles)!r}); theme functions do not load or clean: {_REMEDY}.")
    if (isinstance(articles, pd.DataFrame) and S.ARTICLE_ID not in articles.columns
            and {S.DOC_ID, S.TEXT} <= set(articles.columns)):
        raise NqpValueError(
            f"{where}: this looks like a corpus (doc_id and text, no article_id); theme functions do not clean: "
            f"{_REMEDY}."
        )
    S.check_columns(articles, "articles", where)
    missing = [c for c in (required or ()) if c not in articles.columns]
    if missing:
        raise NqpValueError(f"{where}: missing column(s) {missing}; {_REMEDY}.")
    return articles


def check_mentions(mentions, where: str = "mentions") -> pd.DataFrame:
    """``mentions`` when it is the table of :func:`nqp.theme`; else a clear error."""
    if not isinstance(mentions, pd.DataFrame):
        raise NqpTypeError(f"{where}: expected the table of nqp.theme (a DataFrame), got {type(mentions).__name__}.")
    if not set(S.MENTION_KEY_COLUMNS).issubset(mentions.columns):
        raise NqpValueError(f"{where}: expected the table of nqp.theme (doc_id, article_id, term, text_start ...).")
    return mentions


def mentions_terms(mentions: pd.DataFrame) -> list[str]:
    """The theme's families of a mention table, in the order given to :func:`nqp.theme` (also those never found)."""
    terms = mentions.attrs.get("terms")
    return list(terms) if terms else sorted(mentions[S.TERM].unique())


def article_order(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` in the order mentions are listed: chronological, then document and position."""
    keys = [c for c in (S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, S.ARTICLE_ID) if c in articles.columns]
    return articles.sort_values(keys, kind="stable", na_position="last")


def article_text(text) -> str:
    """An article's ``text`` value as searched (a missing text is empty)."""
    return text if isinstance(text, str) else ""


_SPACE = re.compile(r"\s+")


def title_span(text: str, title) -> tuple[int, int] | None:
    """Where the headline ``title`` is printed in ``text`` (spaces and line breaks between its characters
    ignored), or None when the text does not hold it (a title given only as metadata)."""
    if not isinstance(title, str):
        return None
    chars = _SPACE.sub("", _normalize(title))
    if not chars:
        return None
    # the first place where the title's characters follow each other with only whitespace between them: the
    # first occurrence in the text with its whitespace removed (one pass in C; a regex per title would be
    # compiled anew for every article, the most of theme's time on many short articles)
    j = _SPACE.sub("", text).find(chars)
    if j < 0:
        return None
    return _unstripped(text, j), _unstripped(text, j + len(chars) - 1) + 1


def _unstripped(text: str, j: int) -> int:
    """The offset in ``text`` of its ``j``-th character that is not whitespace (counting from 0)."""
    removed = 0
    for m in _SPACE.finditer(text):
        if m.start() - removed > j:
            break
        removed += m.end() - m.start()
    return j + removed


def _normalize(s: str) -> str:
    from ..cleaning import normalize_text

    return normalize_text(s)


def chars_searched(articles: pd.DataFrame, titles: dict[str, tuple[str, str]] | None = None) -> pd.Series:
    """The characters a theme search reads in each article, on ``articles``' index: its text, plus its title
    where the title is searched as a field of its own (:func:`titles_to_search`, given as ``titles`` when
    already computed). The base of every per-10,000 rate of :func:`theme_trends` and :func:`theme_summary`.
    """
    titles = titles_to_search(articles) if titles is None else titles
    return pd.Series([len(article_text(t)) + (len(titles[i][0]) if i in titles else 0)
                      for t, i in zip(articles[S.TEXT], articles[S.ARTICLE_ID])], index=articles.index, dtype="int64")


def titles_to_search(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The titles searched as a field of their own: ``article_id -> (title as written, analysis layer)``.

    A title is searched apart from the text only when the article's text does not print it
    (:func:`title_span`); a document title shared by several of its articles is searched once, on the
    article with the lowest ``position``. The same rule serves :func:`theme` and :func:`nqp.theme_scope`.
    """
    if S.TITLE not in articles.columns:
        return {}
    out: dict[str, tuple[str, str]] = {}
    seen: set[tuple[str, str]] = set()
    keys = [c for c in (S.DOC_ID, S.POSITION, S.ARTICLE_ID) if c in articles.columns]
    orig = [S.TITLE_ORIG] if S.TITLE_ORIG in articles.columns else []
    for row in articles[[*keys, S.TITLE, *orig, S.TEXT]].sort_values(keys, kind="stable").to_dict("records"):
        title = row.get(S.TITLE)
        if not isinstance(title, str) or not title.strip():
            continue
        written = row.get(S.TITLE_ORIG)
        if isinstance(written, str) and len(written) == len(title) and _normalize(written) == _normalize(title):
            title = written  # as the outlet printed it (its script), character for character the same headline
        if title_span(article_text(row[S.TEXT]), title) is not None:
            continue
        norm = _normalize(title)
        key = (row[S.DOC_ID], norm)
        if key in seen:
            continue
        seen.add(key)
        out[row[S.ARTICLE_ID]] = (title, norm)
    return out


def quoted_span(ss: int, se: int, s: int, e: int) -> tuple[int, int]:
    """The part ``[ws, we)`` of the sentence ``[ss, se)`` quoted for the mention ``[s, e)``: the whole sentence
    when it has at most :data:`SENTENCE_MAX_CHARS` characters; else the blocks of :data:`SENTENCE_BLOCK_CHARS`
    characters (counted from ``ss``) from the one before the mention's first block to the one after its last:
    at least 250 characters either side of the mention (or up to the sentence's ends), at most 1,000 in all
    for a mention shorter than 250 characters. Mentions in the same blocks share one window, so the windows of a
    long sentence hold about three times its characters however many mentions it has (quoting it whole would
    copy it per mention when the table is written)."""
    if se - ss <= SENTENCE_MAX_CHARS:
        return ss, se
    k0 = (s - ss) // SENTENCE_BLOCK_CHARS
    k1 = (max(e, s + 1) - 1 - ss) // SENTENCE_BLOCK_CHARS
    return ss + max(0, k0 - 1) * SENTENCE_BLOCK_CHARS, min(se, ss + (k1 + 2) * SENTENCE_BLOCK_CHARS)


def theme(articles, terms, *, variants=None, compounds: bool = True, lexicon=None, speakers=None) -> pd.DataFrame:
    """Every mention of a theme in ``articles``: one row per mention, with sentence, offsets and speaker.

    Parameters
    ----------
    articles
        nqp.clean's articles: ``nqp.clean(corpus).articles`` (a path or a corpus table is an error).
    terms
        The theme: a term or a list of terms, in either script (see :func:`theme_variants` for the forms
        matched, and ``variants``, ``compounds``, ``lexicon``). Mentions do not overlap; at one place
        the longest form wins (产业建圈强链行动 is one mention, not three).
    speakers
        The speech-cue vocabulary for the speaker columns: None for ``nqp/data/speakers.toml``, or the
        path(s) of your own file(s) that extend it (:func:`nqp.load_speaker_rules`).

    Returns
    -------
    DataFrame, one row per mention, sorted by ``date_start``, ``date_end``, ``doc_id``, ``position``,
    ``text_start`` (chronological, then in reading order):
    ``doc_id``, ``article_id``, ``position``, ``outlet``, ``date``, ``date_precision``, ``date_start``,
    ``date_end``; ``term`` (the family, simplified); ``match`` (the form as written, original script);
    ``sentence`` (the sentence holding it, original script, :func:`nqp.text.sentence_at`; a heading is its
    own sentence; a sentence longer than 1,000 characters, text without punctuation, is quoted as a window
    of it of at most 1,000 characters around the mention, :func:`quoted_span`); ``sentence_offset`` (where
    ``match`` starts in ``sentence``: the quoted sentence starts at ``text_start - sentence_offset`` in the
    article's ``text``); ``start``/``end``
    (offsets in the raw document ``corpus.text``, via :func:`nqp.raw_span`); ``text_start``/
    ``text_end`` (offsets in the article's ``text`` and ``text_orig``); ``speaker``, ``speaker_role``,
    ``speaker_type``, ``speaker_cue``, ``speaker_cue_start``/``speaker_cue_end`` (the cue's offsets in the
    article's ``text``, nullable integers), ``attribution`` (see :func:`nqp.speaker_of`); ``is_heading``
    (the mention is in a heading or section label); ``in_title`` (the mention is in the headline);
    ``field`` (``"text"``, or ``"title"`` for a mention in a title given as metadata that the text does
    not print: its ``sentence`` is the title and every offset, ``start``/``end`` too, is into the
    title). A headline is searched once, never twice: when the text prints it, its mentions are the
    text's, flagged ``in_title``. Which articles a theme is about is :func:`nqp.theme_scope`, counted
    with this same matcher.

    ``df.attrs["terms"]`` lists the theme's families (also those never found).
    """
    from ..evidence.spans import raw_spans

    arts = check_articles(articles, required=[S.RAW_SEGMENTS])
    forms = theme_variants(terms, variants=variants, compounds=compounds, lexicon=lexicon)
    rules = load_speaker_rules(speakers)
    rx, owner = variants_matcher(forms)
    # the table by columns: a dict per mention (26 keys) kept to the end cost about 1.2 KB per mention
    columns: dict[str, list] = {c: [] for c in THEME_COLUMNS}

    def add(row: dict) -> None:
        for c, values in columns.items():
            values.append(row.get(c, np.nan))
    separate = titles_to_search(arts)
    for row in article_order(arts).to_dict("records"):
        text = article_text(row[S.TEXT])
        meta = {
            S.DOC_ID: row[S.DOC_ID],
            S.ARTICLE_ID: row[S.ARTICLE_ID],
            S.POSITION: int(row.get(S.POSITION, 0) or 0),
            S.OUTLET: row.get(S.OUTLET),
            S.DATE: row.get(S.DATE),
            S.DATE_PRECISION: row.get(S.DATE_PRECISION),
            S.DATE_START: row.get(S.DATE_START),
            S.DATE_END: row.get(S.DATE_END),
        }
        if row[S.ARTICLE_ID] in separate:
            title, norm = separate[row[S.ARTICLE_ID]]
            for m in rx.finditer(norm):
                add({
                    **meta, S.TERM: owner[m.group(0)], S.MATCH: title[m.start():m.end()], S.SENTENCE: title,
                    S.SENTENCE_OFFSET: m.start(), S.START: m.start(), S.END: m.end(), S.TEXT_START: m.start(),
                    S.TEXT_END: m.end(), **OUTLET_VOICE, S.ATTRIBUTION: "heading", S.IS_HEADING: True, S.IN_TITLE: True,
                    S.FIELD: "title",
                })
        hits = list(rx.finditer(text))
        if not hits:
            continue
        in_title = title_span(text, row.get(S.TITLE))
        orig = row.get(S.TEXT_ORIG)
        if not isinstance(orig, str) or len(orig) != len(text):
            log.info("theme: %s: text_orig missing or not aligned with text; quoting the analysis layer",
                     row.get(S.ARTICLE_ID))
            orig = text
        headings = row.get(S.HEADINGS)
        headings = [] if headings is None or (isinstance(headings, float) and np.isnan(headings)) else list(headings)
        sp = _Speakers(text, headings, rules)
        spans = sentence_spans(text)  # once per article: each mention's sentence is a binary search
        raws = raw_spans(row, [(m.start(), m.end()) for m in hits])
        quoted: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its mentions
        for m, (rs, re_) in zip(hits, raws):
            s, e = m.start(), m.end()
            ss, se = quoted_span(*sentence_at(text, s, e, spans=spans), s, e)
            sentence = quoted.get((ss, se))
            if sentence is None:
                sentence = quoted[(ss, se)] = orig[ss:se]
            who = speaker_of(text, s, e, headings=headings, text_orig=orig, _speakers=sp)
            add(
                {
                    **meta,
                    S.TERM: owner[m.group(0)],
                    S.MATCH: orig[s:e],
                    S.SENTENCE: sentence,
                    S.SENTENCE_OFFSET: s - ss,
                    S.START: int(rs),
                    S.END: int(re_),
                    S.TEXT_START: s,
                    S.TEXT_END: e,
                    **who,
                    S.IS_HEADING: sp.heading_of(s, e) is not None,
                    S.IN_TITLE: in_title is not None and in_title[0] <= s and e <= in_title[1],
                    S.FIELD: "text",
                }
            )
    # the sentences as Python objects: the mentions of one sentence share one string (a string column would copy
    # it once per mention, quadratic in a long unpunctuated paragraph: 4,705 mentions of an 80,000-character
    # sentence took 19 s)
    sentences = pd.Series(columns.pop(S.SENTENCE), dtype=object)
    out = (pd.DataFrame(columns) if len(sentences) else
           pd.DataFrame([], columns=[c for c in THEME_COLUMNS if c != S.SENTENCE]))
    out.insert(THEME_COLUMNS.index(S.SENTENCE), S.SENTENCE, sentences)
    for c in (S.DATE_START, S.DATE_END):
        out[c] = pd.to_datetime(out[c])
    for c in (S.POSITION, S.START, S.END, S.TEXT_START, S.TEXT_END, S.SENTENCE_OFFSET):
        out[c] = out[c].astype("int64")
    for c in (S.SPEAKER_CUE_START, S.SPEAKER_CUE_END):
        out[c] = out[c].astype("Int64")
    out[S.IS_HEADING] = out[S.IS_HEADING].astype(bool)
    out[S.IN_TITLE] = out[S.IN_TITLE].astype(bool)
    out[S.FIELD] = out[S.FIELD].astype(object)
    # reading order: an article's title field before its text
    out["_f"] = (out[S.FIELD] == "text").astype("int64")
    out = out.sort_values([S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, "_f", S.TEXT_START], kind="stable",
                          na_position="last").drop(columns="_f").reset_index(drop=True)
    families = list(dict.fromkeys(forms[S.TERM]))
    out.attrs["terms"] = families
    out.attrs["forms"] = sorted(set(forms[S.ANALYSIS_FORM]))
    counts = out[S.TERM].value_counts()
    log.info(
        "theme: %d mentions of %s in %d of %d articles (%d in headings, %d in titles, %d of them in a title "
        "the text does not print)",
        len(out), ", ".join(f"{t} ({int(counts.get(t, 0))})" for t in families),
        out[S.ARTICLE_ID].nunique(), len(arts), int(out[S.IS_HEADING].sum()), int(out[S.IN_TITLE].sum()),
        int((out[S.FIELD] == "title").sum()),
    )
    return out


def theme_table(mentions: pd.DataFrame, *, mark: tuple[str, str] = ("【", "】"), width: int | None = None) -> pd.DataFrame:
    """The mention table made for reading: one row per mention, in the order of ``mentions``.

    Columns: ``date`` (with its precision when coarser than a day; missing when undated), ``outlet``
    (missing when the document names none), ``speaker`` (name and
    type; ``outlet voice`` when nobody is quoted, ``own voice`` in a document without an outlet),
    ``heading`` (✓ for headings, ``✓ title`` for the
    headline), ``sentence`` (original
    script, the match between ``mark`` brackets; cut to ``width`` characters around it when given),
    ``doc_id``.
    """
    m = check_mentions(mentions)
    rows = []
    for r in m.itertuples(index=False):
        sent = getattr(r, S.SENTENCE)
        o = getattr(r, S.SENTENCE_OFFSET)
        n = len(getattr(r, S.MATCH))
        marked = sent[:o] + mark[0] + sent[o : o + n] + mark[1] + sent[o + n :]
        if width and len(marked) > width:
            half = max(0, (width - n - 2) // 2)
            a = max(0, o - half)
            b = min(len(marked), o + n + 2 + half)
            marked = ("…" if a > 0 else "") + marked[a:b] + ("…" if b < len(marked) else "")
        prec = getattr(r, S.DATE_PRECISION)
        day = getattr(r, S.DATE)
        date = (None if day is None or pd.isna(day)
                else str(day) + ("" if prec in (None, "day") or pd.isna(prec) else f" ({prec})"))
        outlet = getattr(r, S.OUTLET)
        has_outlet = isinstance(outlet, str) and bool(outlet)
        st = getattr(r, S.SPEAKER_TYPE)
        spk = getattr(r, S.SPEAKER)
        who = (("outlet voice" if has_outlet else "own voice") if st == "outlet"
               else (f"{spk} ({st})" if isinstance(spk, str) else f"? ({st})"))
        rows.append({S.DATE: date, S.OUTLET: outlet if has_outlet else None, S.SPEAKER: who,
                     "heading": ("✓ title" if getattr(r, S.IN_TITLE, False) else "✓") if getattr(r, S.IS_HEADING)
                     else ("✓ title" if getattr(r, S.IN_TITLE, False) else ""), S.SENTENCE: marked,
                     S.DOC_ID: getattr(r, S.DOC_ID)})
    return pd.DataFrame(rows, columns=[S.DATE, S.OUTLET, S.SPEAKER, "heading", S.SENTENCE, S.DOC_ID])

"""Cleaning: newspaper-page dumps become articles, and every character is accounted for.

``clean(corpus)`` turns each source document into one row per article. Every character of the raw
text either goes into an article or into the removal log with the name of the rule that removed it,
so kept spans and removed spans together give back the raw text exactly.

Two layers of text
------------------
``text``
    The analysis layer: simplified script (OpenCC ``t2s``), full-width ASCII made half-width, one
    convention for Chinese punctuation (see below), paragraphs joined by ``"\\n"`` (every line-ending
    convention of the raw text, lone CR, CRLF, U+2028 ..., reads as one line break: see
    :mod:`nqp.cleaning.normalize`).
``text_orig``
    The same characters in the original script and widths, for quoting (the line breaks as the raw text
    has them: a lone CR stays a CR, so that ``raw_segments`` quote it exactly). ``len(text) == len(text_orig)``
    and character ``i`` of one is character ``i`` of the other: conversions that would change the
    length of a phrase fall back to character-by-character conversion.

Punctuation convention of the analysis layer: ASCII ``, : ; ? ! ( )`` (the seeds already use them inside
Chinese text, and full-width forms are folded into them), Chinese ``。 、 “ ” ‘ ’ 《 》 — …`` and the
middle dot ``·``. Corner quotes 「」『』 become “” ‘’. The table is ``[normalize.punctuation]`` of
``nqp/data/clean_rules.toml``.

What is removed (rules are data, see ``nqp/data/clean_rules.toml``)
-----------------------------------------------------------------
image stubs, photo captions and credits, bylines and datelines (kept in the ``byline`` column, as printed), staff
credits, page-jump markers, repost disclaimers, verbatim layout repeats (``repeat``: a long passage printed
twice in one document is kept once), blank lines (``whitespace``) and the breaks inside paragraphs cut
by a column or page break (``paragraph_join``).

Pages and articles: each document is detected as a page dump or the text of one article (``layout``,
``layout_evidence``; the ``layout`` argument or a ``layout`` metadata column decide instead). What only a
page has runs only on pages: the captions above a photo credit, layout repeats, the split into articles and
paragraph joins. Paragraph joins: on a page, a body paragraph that does not end a sentence is joined with the
next body paragraph when the break shows one sentence cut by the layout (a word or a quotation across it, a
clause too short to end a paragraph ...: :func:`nqp.cleaning.page.break_evidence`); headings, section labels
and captions are never joined. Articles: a page is split where a run of headings is followed by a dateline
(本报讯(...)), a page-jump (紧接01版), a byline under the headline, a section label (两会·镜头), or follows a
photo column. Boilerplate: a phrase that opens or closes a large share of one outlet's documents is learned
from the corpus (:mod:`nqp.cleaning.boilerplate`). The page engine is :mod:`nqp.cleaning.page`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import warnings
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpTypeError, NqpValueError
from .boilerplate import learn_boilerplate
from .normalize import normalize_short
from .page import Page, new_page, run_passes
from .rules import KIND_ARTICLE, KIND_PHOTOS, PARAGRAPH_JOIN, REPEAT, CleanRules, load_clean_rules

log = logging.getLogger(__name__)

__all__ = ["Cleaned", "clean"]

#: columns of the articles table, in order (then the corpus metadata)
ARTICLE_COLUMNS = S.ARTICLE_COLUMNS
#: columns of the removal log
REMOVAL_COLUMNS = S.REMOVAL_COLUMNS


def corpus_frame(corpus) -> pd.DataFrame:
    """``corpus`` checked as the table of :func:`nqp.load_corpus` (a path is loaded, deprecated)."""
    if isinstance(corpus, (str, Path)):
        from ..corpus import load_corpus

        warnings.warn(
            f"nqp.clean({str(corpus)!r}): passing a path is deprecated; load it first: "
            "nqp.clean(nqp.load_corpus(path))",
            DeprecationWarning,
            stacklevel=3,
        )
        return load_corpus(corpus)
    if not isinstance(corpus, pd.DataFrame):
        raise NqpTypeError(
            f"corpus: expected the DataFrame of nqp.load_corpus (or a path to load), got {type(corpus).__name__}."
        )
    S.check_columns(corpus, "corpus", "corpus")
    ids = corpus[S.DOC_ID].tolist()
    if len(set(ids)) != len(ids):
        dup = corpus.loc[corpus[S.DOC_ID].duplicated(), S.DOC_ID].iloc[0]
        raise NqpValueError(f"corpus: doc_id {dup!r} occurs more than once. Give every document a unique doc_id.")
    col = corpus[S.TEXT]
    if pd.api.types.is_string_dtype(col.dtype) and not isinstance(col.dtype, np.dtype) and not col.isna().any():
        return corpus  # a string column without a missing value (no list of every text made to check it)
    texts = col.tolist()
    if not all(isinstance(t, str) for t in texts):
        bad = next(i for i, t in zip(ids, texts) if not isinstance(t, str))
        raise NqpValueError(f"corpus: the text of doc_id {bad!r} is not a string. Load it with nqp.load_corpus.")
    return corpus


def _all_runs(label: np.ndarray) -> tuple[list[int], list[int], list[int]]:
    """Runs of equal labels (kept runs included): ``(starts, ends, labels)`` as lists of ints."""
    if not len(label):
        return [], [], []
    change = np.flatnonzero(label[1:] != label[:-1]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(label)]))
    return starts.tolist(), ends.tolist(), label[starts].tolist()


@contextlib.contextmanager
def _cycle_collector_paused():
    """Pause Python's cyclic garbage collector while documents are cleaned.

    Cleaning builds no reference cycles (a test checks that a collection afterwards finds nothing),
    so everything it discards is freed at once by reference counting; the collector would only walk
    the growing output lists again and again (about a tenth of the cleaning time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bylines_by_article(page: Page) -> dict[int, list[str]]:
    """The bylines of each article: of the paragraph they sit on, or right above them."""
    bylines: dict[int, list[str]] = defaultdict(list)
    if not page.bylines:
        return bylines
    para_article = {k: ai for ai, g in enumerate(page.groups) for k in g}
    para_starts = [p.s for p in page.paras]
    for pos, text, inline in page.bylines:
        k = bisect_right(para_starts, pos) - 1
        if inline and k + 1 < len(page.paras) and page.paras[k + 1].s <= pos:
            k += 1
        k = max(k, 0)
        if para_article:
            ai = para_article.get(k, 0)
            if text not in bylines[ai]:
                bylines[ai].append(text)
    # one byline found by two rules (记者 张三 inside 新华社北京3月5日电(记者 张三)) is listed once, the longer
    for ai, found in bylines.items():
        bylines[ai] = [b for b in found if not any(b != o and b in o for o in found)]
    return bylines


def _title(page: Page, heading_paras: list, source: str | None = None) -> str:
    """The first heading that is not a section label, from the analysis layer, or from ``source`` (the raw
    text, whose offsets are the analysis layer's), with the heading line right under it (its subtitle)
    when both fit in :data:`TITLE_MAX_CHARS` and that line does not end in a colon (各位代表:, a salutation
    opening the text, is no subtitle)."""
    src = page.norm if source is None else source
    for hi, p in enumerate(heading_paras):
        if p.section is not None:
            continue
        head = src[p.s : p.e]
        nxt = heading_paras[hi + 1] if hi + 1 < len(heading_paras) else None
        if nxt is not None and nxt.section is None and nxt.line == p.line + 1:
            sub = page.norm[nxt.s : nxt.e].rstrip()  # judged on the analysis layer, whatever the source
            if not sub.endswith(":") and (nxt.e - nxt.s) + (p.e - p.s) + 1 <= TITLE_MAX_CHARS:
                return f"{head} {src[nxt.s : nxt.e]}"
        return head
    if heading_paras:
        return src[heading_paras[0].s : heading_paras[0].e]
    return ""


#: a title is a heading-like line: at most this many characters (a longer one is a paragraph, or the start
#: of one that the corpus took for its title)
TITLE_MAX_CHARS = 40


#: how many characters of a file's first line the corpus takes as its title when it has none
#: (:func:`nqp.load_corpus`)
FIRST_LINE_CHARS = 60


def _title_is_kept(title: str, page: Page) -> bool:
    """The corpus title is used for the first article unless it is text that cleaning removed (a credit), or
    a line of the text that is not a heading: a corpus without titles takes each file's first line (its
    first :data:`FIRST_LINE_CHARS` characters), which is a title only when it is a heading of at most
    :data:`TITLE_MAX_CHARS` characters."""
    key = title.replace(" ", "")
    if not key:
        return True
    for p in page.paras:
        para = page.norm[p.s : p.e].replace(" ", "")
        if para == key or (len(title) >= FIRST_LINE_CHARS and para.startswith(key)):
            return p.kind == "heading" and len(title) <= TITLE_MAX_CHARS
    for p in page.paras:
        if key[: min(len(key), 8)] in page.norm[p.s : p.e].replace(" ", ""):
            return True
    norm = page.norm.replace(" ", "")
    # a reprint's 原标题: line (removed as original_title) prints the headline again: it is the title, not a credit
    return key not in norm or f"原标题:{key}" in norm


def _title_or_none(title: str, text: str, limit: int | None = TITLE_MAX_CHARS) -> str:
    """``title`` when it is one: not the article's only paragraph (a one-line article has no title: its whole
    body is not a headline) and, for a heading found in the text, at most ``limit`` characters; else ``""``."""
    if not title or (limit is not None and len(title) > limit):
        return ""
    if "".join(title.split()) == "".join(text.split()):
        return ""
    return title


def _clean_one(doc_id: str, raw: str, doc_title, outlet, rules: CleanRules, ids: dict[str, int], names: list[str], out: dict[str, list], removed: dict[str, list] | None, layout: tuple[str, str] = (S.LAYOUT_AUTO, ""), boilerplate=None, layouts: list | None = None):
    """Clean one document: append its articles to the columns of ``out`` (all but the corpus
    metadata), its removals to ``removed``, its layout to ``layouts``; return the audit details (joins, repeats)."""
    page = run_passes(new_page(raw, rules, ids, outlet, layout=layout[0], layout_by=layout[1], boilerplate=boilerplate))
    if layouts is not None:
        layouts.append((doc_id, page.layout, page.evidence))
    label, groups, norm = page.label, page.groups, page.norm
    bylines = _bylines_by_article(page)
    n_articles = len(groups)
    width = max(2, len(str(n_articles - 1))) if n_articles else 2
    title_doc = normalize_short(str(doc_title).strip(), rules) if isinstance(doc_title, str) and doc_title.strip() else ""
    # runs of equal labels: kept runs (0) make the articles, the others the removal log
    run_starts, run_ends, run_vals = _all_runs(label)
    kept_runs = [(a, b) for a, b, v in zip(run_starts, run_ends, run_vals) if v == 0]
    k = 0
    for ai, g in enumerate(groups):
        a_s, a_e = page.paras[g[0]].s, page.paras[g[-1]].e
        segments = []  # (text_start, raw_start, length)
        t = 0
        while k < len(kept_runs) and kept_runs[k][0] < a_e:
            r0, r1 = kept_runs[k]
            if r1 > a_s:
                segments.append((t, r0, r1 - r0))
                t += r1 - r0
            k += 1
        text = "".join([norm[r0 : r0 + n] for _, r0, n in segments])
        orig = "".join([raw[r0 : r0 + n] for _, r0, n in segments])
        seg_raw = [r0 for _, r0, _ in segments]
        headings = []
        heading_paras = []
        for kk in g:
            p = page.paras[kk]
            if p.kind == "heading":
                # a raw offset maps to the number of kept characters before it: inside a kept segment it
                # falls where it is; inside a removed gap (a character removed inline) it stays at the end
                # of the segment before the gap (0 before the first one)
                bounds = []
                for x in (p.s, p.e):
                    j = bisect_right(seg_raw, x) - 1
                    bounds.append(segments[j][0] + min(x - segments[j][1], segments[j][2]) if j >= 0 else 0)
                hs, he = bounds
                if hs < he:  # a heading removed entirely inline has no span left in the text
                    headings.append((hs, he))
                heading_paras.append(p)
        # the title is a heading above the article's text: one after its first kept paragraph of text is a
        # section heading, a credit or a dateline inside it (九、努力做好…的工作 at character 1,153), never its title
        first_text = next((page.paras[k].s for k in g if page.paras[k].kind != "heading"
                           and (label[page.paras[k].s : page.paras[k].e] == 0).any()), None)
        leading = [p for p in heading_paras if first_text is None or p.s < first_text]
        title = _title(page, leading)
        if ai == 0 and title_doc and _title_is_kept(title_doc, page):
            title = _title_or_none(title_doc, text, None)  # the corpus's title: any length, never the whole body
            title_orig = str(doc_title).strip() if title else ""
        else:
            title = _title_or_none(title, text)
            title_orig = _title(page, leading, raw) if title else ""
        kinds = {page.paras[k].kind for k in g}
        section_kinds = {page.paras[k].section.kind for k in g if page.paras[k].section is not None}
        kind = KIND_PHOTOS if (KIND_PHOTOS in section_kinds or kinds <= {"heading", "caption"} and "caption" in kinds) else KIND_ARTICLE
        for col, value in (
            (S.DOC_ID, doc_id),
            (S.ARTICLE_ID, f"{doc_id}-{ai:0{width}d}"),
            (S.POSITION, ai),
            (S.KIND, kind),
            (S.TITLE, title),
            (S.TITLE_ORIG, title_orig),
            (S.BYLINE, "; ".join(bylines.get(ai, []))),
            (S.TEXT, text),
            (S.TEXT_ORIG, orig),
            (S.START, segments[0][1] if segments else a_s),
            (S.END, segments[-1][1] + segments[-1][2] if segments else a_e),
            (S.HEADINGS, headings),
            (S.RAW_SEGMENTS, segments),
            (S.N_CHARS, len(text)),
            (S.LAYOUT, page.layout),
            (S.LAYOUT_EVIDENCE, page.evidence),
        ):
            out[col].append(value)
    if removed is None:  # neither the log nor the details are wanted
        return []
    keep = [i for i, v in enumerate(run_vals) if v != 0]
    starts = [run_starts[i] for i in keep]
    ends = [run_ends[i] for i in keep]
    vals = [run_vals[i] for i in keep]
    removed[S.DOC_ID].extend([doc_id] * len(starts))
    removed[S.START].extend(starts)
    removed[S.END].extend(ends)
    removed[S.RULE].extend([names[v] for v in vals])
    removed[S.TEXT].extend([raw[a:b] for a, b in zip(starts, ends)])
    details = [
        {S.DOC_ID: doc_id, S.STEP: REPEAT, S.KEPT_START: ks, S.KEPT_END: ke, S.START: rs, S.END: re_, S.TEXT: raw[rs:re_],
         S.EVIDENCE: "layout repeat" if page.layout == S.LAYOUT_PAGE else "duplicated block"}
        for ks, ke, rs, re_ in page.repeats
    ] + [
        {S.DOC_ID: doc_id, S.STEP: PARAGRAPH_JOIN, S.KEPT_START: s, S.KEPT_END: e, S.START: s, S.END: e, S.TEXT: raw[s:e],
         S.EVIDENCE: why}
        for s, e, why in page.joins
    ]
    return details


@dataclass(frozen=True, eq=False)
class Cleaned:
    """The result of :func:`clean`: the articles and the record of what was done to the corpus.

    Attributes
    ----------
    articles : DataFrame
        One row per article (columns in :func:`clean`'s docstring): what the later stages take.
    removals : DataFrame
        The removal log: ``doc_id``, ``start``, ``end`` (raw offsets), ``rule``, ``text``. Kept spans
        (``articles.raw_segments``) and removed spans partition each raw text exactly.
    details : DataFrame
        The joins and repeats for the audit: ``doc_id``, ``step`` (``repeat`` / ``paragraph_join``),
        ``kept_start``/``kept_end``, ``start``/``end``/``text``, ``evidence`` (why a join was made).
    corpus : DataFrame
        The corpus that was cleaned (sorted by ``doc_id``), for the audit views that quote raw text.
    rules : CleanRules
        The rules that were applied.
    layouts : DataFrame
        One row per document (also one that kept nothing): ``doc_id``, ``layout`` (``page`` or
        ``article``), ``layout_evidence`` (why).
    boilerplate : DataFrame
        The phrases learned from the corpus and removed as ``boilerplate``: ``outlet``, ``where``
        (``open``/``close``), ``phrase``, ``n_docs`` (documents of the outlet with it), ``n_outlet_docs``, ``share``.

    The audit views are functions of it: :func:`clean_summary`, :func:`clean_joins`,
    :func:`clean_repeats`.
    """

    articles: pd.DataFrame
    removals: pd.DataFrame
    details: pd.DataFrame
    corpus: pd.DataFrame
    rules: CleanRules
    layouts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=S.DOC_LAYOUT_COLUMNS))
    boilerplate: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=S.BOILERPLATE_COLUMNS))

    def __repr__(self) -> str:
        return (
            f"Cleaned({len(self.corpus)} documents -> {len(self.articles)} articles, "
            f"{len(self.removals)} removals)"
        )

    def __iter__(self):  # ``articles, removals, details = clean(...)`` of the old 3-tuple, deprecated
        warnings.warn(
            "unpacking nqp.clean's result is deprecated; use its attributes: cleaned.articles, "
            "cleaned.removals, cleaned.details",
            DeprecationWarning,
            stacklevel=2,
        )
        return iter((self.articles, self.removals, self.details))


def clean(
    corpus,
    *,
    rules=None,
    layout: str = S.LAYOUT_AUTO,
    boilerplate: float | None = 0.5,
    boilerplate_min_articles: int = 20,
    theme=None,
    progress=None,
    return_removals=None,
) -> Cleaned:
    """Split each document of ``corpus`` into clean articles; log every removed character.

    Parameters
    ----------
    corpus
        The DataFrame of :func:`nqp.load_corpus` (``doc_id``, ``text`` and metadata). A path is still
        loaded, with a DeprecationWarning: call ``nqp.load_corpus(path)`` first.
    rules
        Extra rules: a path (or list of paths) to TOML files read after ``nqp/data/clean_rules.toml``,
        or a :class:`CleanRules` (see :func:`load_clean_rules`). ``None``: the package's rules.
    layout
        ``"auto"`` (default): each document is taken for a newspaper page dump or for the text of one
        article from the evidence in it (several articles, a page jump or whole-page byline, sentences
        cut by column breaks, a masthead line; see ``layout_evidence``). ``"page"`` or ``"article"``:
        every document is cleaned as that. With ``"auto"``, a corpus column ``layout`` (e.g. from
        metadata.csv: ``page``, ``article``, or empty / ``auto``) decides for its document. On an article
        only what is noise anywhere is removed (bylines, credits, disclaimers, boilerplate): no captions
        above a photo credit, no layout repeats, no split into articles, no paragraph joins.
    boilerplate
        The smallest share of one outlet's documents a phrase must open or close to be removed as
        ``boilerplate`` (新浪娱乐讯, 央视网消息:, a page footer), learned from the corpus; ``None``: learn
        nothing. The phrases are ``cleaned.boilerplate``.
    boilerplate_min_articles
        The fewest documents (of the outlet, and with the phrase) for a phrase to be learned: a small
        corpus teaches nothing.
    theme
        Deprecated and ignored: cleaning cleans, it does not judge relevance. Which articles are
        about a theme is :func:`nqp.theme_scope` (``nqp.articles_in_scope``), with the matcher of
        :func:`nqp.theme`.
    progress
        A progress bar over the documents: None shows it only on a terminal, True always, False never.
    return_removals
        Deprecated: the result always carries the removal log (``cleaned.removals``).

    Returns
    -------
    Cleaned
        ``.articles``, ``.removals``, ``.details``, ``.corpus``, ``.rules``; see :class:`Cleaned`.

    ``articles``, one row per article, sorted by ``doc_id`` then ``position``:
        ``doc_id``; ``article_id`` (``{doc_id}-{position:02d}``, unique); ``position`` (int, order in its
        document, from 0); ``kind`` (``article`` or ``photos`` for a picture column); ``title`` (analysis
        layer; the corpus title for the first article when the corpus has one, unless it is a line of the text
        that is no heading (a corpus without titles takes each file's first line), else the first heading of
        at most :data:`TITLE_MAX_CHARS` characters; ``""`` when there is none or when it would be the
        article's only paragraph, as in a one-line article; the corpus title is in ``doc_title`` either way);
        ``title_orig`` (the same title as the source printed it: its script and punctuation, for display); ``byline`` (bylines and
        datelines removed from the text, ``"; "``-joined); ``text`` (analysis layer: simplified,
        normalized, paragraphs joined by ``"\\n"``); ``text_orig`` (same characters in the original
        script, same length); ``start``/``end`` (raw offsets of the article's first and last kept
        character in ``corpus.text``); ``headings`` (list of ``(start, end)`` spans of ``text`` that are
        headings or section labels); ``raw_segments`` (list of ``(text_start, raw_start, length)``: text
        ``[t, t+length)`` is raw ``[r, r+length)``; see :func:`nqp.raw_span`); ``n_chars``;
        then the corpus metadata:
        ``outlet``, ``date``, ``date_precision``, ``date_start``, ``date_end``, ``script``, ``source``,
        ``doc_title`` and any further metadata columns.
    ``removals``, sorted by ``doc_id``, ``start``:
        ``doc_id``, ``start``, ``end`` (raw offsets), ``rule``, ``text`` (the raw characters removed).
        Kept spans (``raw_segments``) and removed spans partition each raw text exactly.
    ``details``: the joins and repeats for the audit:
        ``doc_id``, ``step`` (``repeat`` / ``paragraph_join``), ``kept_start``/``kept_end`` (raw span of
        the occurrence kept; for a join the break itself), ``start``/``end``/``text`` (raw span removed),
        ``evidence`` (for a join: what shows one sentence across the break, see
        :func:`nqp.cleaning.page.break_evidence`).

    The articles table also has ``layout`` (``page`` / ``article``) and ``layout_evidence``, the
    decision about its document (``cleaned.layouts`` has it for every document).
    """
    if return_removals is not None:
        warnings.warn(
            "nqp.clean(return_removals=...) is deprecated: the result always carries the removal log "
            "(cleaned.articles, cleaned.removals, cleaned.details)",
            DeprecationWarning,
            stacklevel=2,
        )
    if theme is not None:
        warnings.warn(
            "nqp.clean(theme=...) is deprecated and ignored: cleaning no longer judges relevance. Select the "
            "articles about a theme with nqp.articles_in_scope(articles, terms) (or nqp.theme_scope), which "
            "uses the matcher of nqp.theme.",
            DeprecationWarning,
            stacklevel=2,
        )
    df = corpus_frame(corpus)
    check_choice("layout", layout, S.LAYOUT_CHOICES)
    if boilerplate is not None:
        boilerplate = check_number("boilerplate", boilerplate, min=0, max=1)
        if boilerplate == 0:
            raise NqpValueError(
                "boilerplate=0: a share of 0 would remove the first words of every document; pass a share in "
                "(0, 1] (e.g. 0.5) or None to learn no boilerplate."
            )
    boilerplate_min_articles = check_int("boilerplate_min_articles", boilerplate_min_articles, min=2)
    r = load_clean_rules(rules)
    names = [""] + r.rule_names()
    ids = {nm: i for i, nm in enumerate(names) if nm}
    doc_ids = [str(x) for x in df[S.DOC_ID].tolist()]
    if any(a > b for a, b in zip(doc_ids, doc_ids[1:])):
        order = sorted(range(len(doc_ids)), key=doc_ids.__getitem__)
        df = df.iloc[order]
        doc_ids = [doc_ids[i] for i in order]
    df = df.reset_index(drop=True)
    text_col = df[S.TEXT]
    titles = df[S.TITLE].tolist() if S.TITLE in df.columns else [None] * len(df)
    outlets = df[S.OUTLET].tolist() if S.OUTLET in df.columns else [None] * len(df)
    doc_layouts = _document_layouts(df, doc_ids, layout)
    boiler_spans, boiler_table = learn_boilerplate(
        _texts(text_col), outlets, r, share=boilerplate, min_docs=boilerplate_min_articles
    )
    layouts: list[tuple[str, str, str]] = []
    rows: dict[str, list] = {c: [] for c in ARTICLE_COLUMNS}
    removals: dict[str, list] = {c: [] for c in REMOVAL_COLUMNS}
    doc_rows: list[int] = []
    details = []
    empty = []
    # the articles' columns are made into a table every CHUNK_CHARS characters of raw text: the Python
    # strings of a chunk (its raw texts, the articles' text and text_orig) are freed as soon as the table
    # holds them, instead of every article's strings waiting for one table at the end
    parts: list[pd.DataFrame] = []
    n_raw = chunk_chars = 0
    from ..progress import progress_bar

    docs = progress_bar(zip(doc_ids, _texts(text_col), titles, outlets), progress=progress, total=len(doc_ids), desc="clean", unit="doc")
    with _cycle_collector_paused():
        for i, (doc_id, text, title, outlet) in enumerate(docs):
            n_before = len(rows[S.DOC_ID])
            det = _clean_one(
                doc_id, text, title, outlet, r, ids, names, rows, removals,
                layout=doc_layouts[i], boilerplate=boiler_spans.get(i), layouts=layouts,
            )
            n_new = len(rows[S.DOC_ID]) - n_before
            if not n_new:
                empty.append(doc_id)
            doc_rows += [i] * n_new
            details += det
            n_raw += len(text)
            chunk_chars += len(text)
            if chunk_chars >= CHUNK_CHARS and rows[S.DOC_ID]:
                parts.append(pd.DataFrame(rows))
                rows = {c: [] for c in ARTICLE_COLUMNS}
                chunk_chars = 0
    n_kept = sum(int(p[S.N_CHARS].sum()) for p in parts) + sum(rows[S.N_CHARS])
    if rows[S.DOC_ID] or not parts:
        parts.append(pd.DataFrame(rows))
    articles = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    del parts, rows
    # the corpus metadata, one row per article (dtypes kept: dates stay Timestamps)
    take = np.asarray(doc_rows, dtype=np.int64)
    meta_cols = [c for c in df.columns if c not in (S.DOC_ID, S.TEXT, S.N_CHARS, S.ENCODING)]
    first = [c for c in S.METADATA_COLUMNS + [S.SCRIPT] if c in meta_cols]
    meta: dict[str, object] = {}
    for c in first + [c for c in meta_cols if c not in first]:
        name = S.DOC_TITLE if c == S.TITLE else (f"doc_{c}" if c in ARTICLE_COLUMNS or c in meta else c)
        col = df[c]
        if isinstance(col.dtype, np.dtype) or pd.api.types.is_string_dtype(col.dtype):
            meta[name] = col.to_numpy()[take]  # plain values: the frame infers the same dtype again
        else:  # categories, nullable integers ...: keep the dtype
            meta[name] = col.take(take).reset_index(drop=True)
    if meta:
        articles = pd.concat([articles, pd.DataFrame(meta, index=articles.index)], axis=1)
    # articles and removals are in document order already (documents sorted, offsets increasing)
    if log.isEnabledFor(logging.INFO):
        log.info(
            "clean: %d documents -> %d articles; kept %d of %d characters",
            len(df), len(articles), n_kept, n_raw,
        )
        count: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for rule, s0, e0 in zip(removals[S.RULE], removals[S.START], removals[S.END]):
            count[rule][0] += 1
            count[rule][1] += e0 - s0
        for rule, (n_spans, n_chars) in sorted(count.items(), key=lambda kv: (-kv[1][1], kv[0])):
            log.info("clean: removed %d characters in %d spans by rule %s", n_chars, n_spans, rule)
    if empty:
        log.info("clean: %d document(s) had nothing left after cleaning (all in the removal log): %s", len(empty), ", ".join(empty[:10]))
    removal_df = pd.DataFrame(removals, columns=REMOVAL_COLUMNS)
    detail_df = pd.DataFrame(details, columns=S.DETAIL_COLUMNS).sort_values(
        [S.DOC_ID, S.START], kind="stable"
    ).reset_index(drop=True)
    if return_removals is False:
        return articles
    if return_removals:
        return articles, removal_df, detail_df
    layout_df = pd.DataFrame(layouts, columns=S.DOC_LAYOUT_COLUMNS)
    if log.isEnabledFor(logging.INFO) and len(layout_df):
        n_page = int((layout_df[S.LAYOUT] == S.LAYOUT_PAGE).sum())
        log.info("clean: %d document(s) cleaned as pages, %d as articles", n_page, len(layout_df) - n_page)
    return Cleaned(
        articles=articles, removals=removal_df, details=detail_df, corpus=df, rules=r,
        layouts=layout_df, boilerplate=boiler_table,
    )


#: characters of raw text cleaned between two conversions of the articles' columns into a table
CHUNK_CHARS = 2_000_000


#: raw texts taken out of the corpus column at a time
TEXT_CHUNK = 2000


def _texts(col: pd.Series):
    """The strings of ``col`` one by one, taken out of the column :data:`TEXT_CHUNK` at a time (not all at once)."""
    chunk = TEXT_CHUNK
    for a in range(0, len(col), chunk):
        yield from col.iloc[a : a + chunk].tolist()


def _document_layouts(df: pd.DataFrame, doc_ids: list[str], layout: str) -> list[tuple[str, str]]:
    """``(layout, asked by)`` per document: the argument, else the corpus's ``layout`` column, else auto."""
    if layout != S.LAYOUT_AUTO:
        return [(layout, "layout argument")] * len(doc_ids)
    if S.LAYOUT not in df.columns:
        return [(S.LAYOUT_AUTO, "")] * len(doc_ids)
    out = []
    for doc_id, v in zip(doc_ids, df[S.LAYOUT].tolist()):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA or (isinstance(v, str) and not v.strip()):
            out.append((S.LAYOUT_AUTO, ""))
            continue
        value = v.strip().lower() if isinstance(v, str) else v
        if value not in S.LAYOUT_CHOICES:
            raise NqpValueError(
                f"corpus: the layout column of doc_id {doc_id!r} is {v!r}; it must be one of "
                f"{', '.join(S.LAYOUT_CHOICES)} (or empty: detected). Fix the metadata, or pass nqp.clean(layout=...)."
            )
        out.append((value, "layout column") if value != S.LAYOUT_AUTO else (S.LAYOUT_AUTO, ""))
    return out

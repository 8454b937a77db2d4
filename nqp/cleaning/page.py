"""The page engine: one raw document becomes labelled characters, paragraphs and article groups.

A :class:`Page` holds one document: its raw text, the analysis layer, a label per raw character (0:
kept; else the id of the rule that removed it), the paragraphs and what the passes found. The passes
are module-level functions ``(Page) -> Page`` applied in the order of :data:`PASSES`:

1. :func:`mark_lines`: removal rules and mastheads on each line; paragraphs, bylines, article signals;
2. :func:`classify_paragraphs`: headings (headlines, subheadings, section labels), body text, captions;
3. :func:`detect_layout`: is the document a page dump (several articles, page jumps, sentences cut by
   column breaks) or the text of one article (``page.layout``, ``page.evidence``)?
4. :func:`remove_repeats`: a long passage the layout printed twice is kept once (``page.repeats``; pages only);
5. :func:`split_articles`: where one article ends and the next begins (``page.groups``; pages only);
6. :func:`join_paragraphs`: the whitespace between paragraphs, and the joins of sentences cut by the
   layout (``page.joins``; pages only, and only with evidence of one sentence across the break).

The passes that only make sense on a page (the captions above a photo credit, repeats, splitting,
joins) leave a document whose layout is ``"article"`` as its author wrote it.

Each pass reads what the ones before it left; the label array is updated in place (one array per
page, never copied), so a pass returns the page it was given.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .normalize import from_utf32, normalize_array, normalize_short, utf32
from .. import schema as S
from .rules import BOILERPLATE, MASTHEAD, PARAGRAPH_JOIN, REPEAT, WHITESPACE, CleanRules, RulesError, SectionLabel

log = logging.getLogger(__name__)

__all__: list[str] = []  # the engine of nqp.clean; nothing here is public API

_TERMINAL = re.compile(r"[。!?;…]+[”’\"')\]】」』]*$")
#: a paragraph that ends like this is complete: never joined to the next (a colon introduces a list)
_COMPLETE = re.compile(r"[。!?;…:]+[”’\"')\]】」』]*(?:\([^()]{1,12}\))?$")
_QUESTION_END = re.compile(r"[?!]+[”’\"')]*$")
_SENTENCE_INSIDE = re.compile(r"[。;]")
_LONG_CLAUSE = 8
_LONG_CLAUSES = re.compile(r"[^,、;:。!?…\s][^,、;:。!?…]{%d,}" % (_LONG_CLAUSE - 1))
_LABELLED = re.compile(r":\s|\?\s|:")


@dataclass
class Para:
    """One paragraph of a page: raw offsets of its kept content and what the passes decided about it."""

    s: int  # raw start of the kept content of the line
    e: int  # raw end
    line: int
    blank_before: bool  # a blank line stands between this line and the previous line with content
    kind: str = "body"  # body | heading | caption
    signal: str | None = None  # "article" | "after_headings"
    section: SectionLabel | None = None
    terminated: bool = False
    cut: bool = False  # its end was removed as a layout repeat: never joined to the next paragraph


@dataclass(eq=False)
class Page:
    """One document under cleaning (see the module docstring); made by :func:`new_page`."""

    raw: str
    rules: CleanRules
    ids: dict[str, int]  # rule name -> label id
    raw32: np.ndarray
    norm32: np.ndarray
    norm: str
    label: np.ndarray
    mastheads: frozenset[str]
    paras: list[Para] = field(default_factory=list)
    bylines: list[tuple[int, str, bool]] = field(default_factory=list)  # (raw pos, text, on a kept line)
    marked: bool = False  # has any rule removed anything yet
    repeats: list[tuple[int, int, int, int]] = field(default_factory=list)  # (kept_s, kept_e, removed_s, removed_e)
    groups: list[list[int]] = field(default_factory=list)  # paragraph indices of each article
    joins: list[tuple[int, int, str]] = field(default_factory=list)  # raw gap spans joined, with their evidence
    requested: str = S.LAYOUT_AUTO  # the layout asked for ("auto": detected)
    requested_by: str = ""  # who asked for it (the layout argument, the layout metadata column)
    layout: str = S.LAYOUT_PAGE  # the layout decided by detect_layout
    evidence: str = ""  # why, in words
    hits: dict[str, int] = field(default_factory=dict)  # rule name -> lines it matched
    photo_above: list[Para] = field(default_factory=list)  # paragraphs made captions by a photo credit below
    preset: bool = False  # labels set before the passes (boilerplate learned from the corpus)
    sign_at: list[tuple[str, int]] = field(default_factory=list)  # (page_sign rule, index of the paragraph it signals)
    break_cache: dict[tuple[int, int], str | None] = field(default_factory=dict)  # (p.e, q.s) -> evidence
    ngrams: np.ndarray | set[str] | None = None  # the 4-grams of norm (see _elsewhere), made when a break needs them
    n_searches: int = 0


def new_page(
    raw: str,
    rules: CleanRules,
    rule_ids: dict[str, int],
    outlet="",
    *,
    layout: str = S.LAYOUT_AUTO,
    layout_by: str = "",
    boilerplate: list[tuple[int, int]] | None = None,
) -> Page:
    """The page of ``raw`` (``outlet``: its masthead lines are removed; ``layout``: ``"auto"`` to detect it,
    or ``"page"`` / ``"article"`` asked for by ``layout_by``; ``boilerplate``: raw spans labelled
    ``boilerplate`` before the passes run)."""
    raw32 = utf32(raw)
    norm32 = normalize_array(raw, rules, raw32)
    outlet = normalize_short(outlet.strip(), rules) if isinstance(outlet, str) else ""
    page = Page(
        raw=raw,
        rules=rules,
        ids=rule_ids,
        raw32=raw32,
        norm32=norm32,
        norm=from_utf32(norm32),
        label=np.zeros(len(raw), dtype=np.int16),
        mastheads=_mastheads(outlet),
        requested=layout,
        requested_by=layout_by,
    )
    if boilerplate:
        for s, e in boilerplate:
            _mark(page, s, e, BOILERPLATE)
        page.preset = True
    return page


def _common_run(text: str, a: int, b: int, n: int) -> int:
    """How many characters of ``text`` agree from ``a`` and ``b`` on: forwards for ``n > 0`` (``text[a:a+n]``
    against ``text[b:b+n]``), backwards for ``n < 0`` (the ``-n`` characters before).

    Compared in blocks that double (64, 128, ...) as string slices (in C) and stopped at the first block with
    a difference, which is then found by halving the block: the cost follows the length of the agreeing run,
    not of the rest of the paragraph (comparing the whole rest for every pair of repeated clauses made a long
    unstructured paragraph quadratic)."""
    if n == 0:
        return 0
    total, done, block = abs(n), 0, 64
    while done < total:
        m = min(block, total - done)
        if n > 0:
            x, y = text[a + done : a + done + m], text[b + done : b + done + m]
        else:
            x, y = text[a - done - m : a - done], text[b - done - m : b - done]
        if x != y:
            lo, hi = 0, m  # the longest agreeing run from the block's near end: x and y agree on lo, not on hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if (x[:mid] == y[:mid]) if n > 0 else (x[m - mid :] == y[m - mid :]):
                    lo = mid
                else:
                    hi = mid
            return done + lo
        done += m
        block *= 2
    return total


def _complete(norm: str, s: int, e: int) -> bool:
    """Does ``norm[s:e]`` end a sentence (or introduce a list with a colon)?"""
    last = norm[e - 1]
    if last in "。!?;…:":
        return True
    if last in "”’\"')]】」』":
        return bool(_COMPLETE.search(norm, s, e))
    return False


@lru_cache(maxsize=4096)
def _mastheads(outlet: str) -> frozenset[str]:
    """The lines that only repeat the outlet's name: the outlet, and the outlet without a final (...)."""
    return frozenset(m for m in (outlet, re.sub(r"\s*\([^()]*\)$", "", outlet)) if len(m) >= 2)


@lru_cache(maxsize=8)
def _numbered(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"[settings] heading_numbered = {pattern!r} is not a valid regular expression ({exc}).") from None


def _strongest(a: str | None, b: str | None) -> str | None:
    order = {None: 0, "after_headings": 1, "article": 2}
    return a if order[a] >= order[b] else b


def _mark(page: Page, s: int, e: int, rule: str) -> None:
    """Label the still unlabelled characters of ``[s, e)`` with ``rule``."""
    page.marked = True
    seg = page.label[s:e]
    seg[seg == 0] = page.ids[rule]


# -- 1. rules on lines -------------------------------------------------------------------------


def mark_lines(page: Page) -> Page:
    """Apply the removal rules and mastheads to each line; make the paragraphs of the kept content."""
    norm, label = page.norm, page.label
    segs = norm.split("\n")
    combined, plan = page.rules._plan
    # rules not anchored at the line start are tested on the lines only when they match the document
    unanchored = [m for _, m in plan if m is not None]
    joined = "\n".join(map(str.strip, segs)) if unanchored else ""
    active = [(r, m is None) for r, m in plan if m is None or m.search(joined)]
    any_unanchored = len(active) > len(plan) - len(unanchored)
    mastheads = page.mastheads
    line_max = page.rules.line_max_chars
    # a document of one line is an article: a not_alone rule (a caption) needs another line beside it
    alone = None  # found when a not_alone rule first matches
    paras = page.paras
    pending: str | None = None
    prev_line_para: Para | None = None
    prev_line_no = -2
    blank = False
    pos = 0
    block_rule, block_start, block_end = "", -1, -1  # a block="headlines" rule: its heading's line, the list's last
    for line_no, seg in enumerate(segs):
        text = seg.strip()
        n_seg = len(seg)
        if not text:
            blank = True
            pos += n_seg + 1
            continue
        cs = pos if text[0] == seg[0] else pos + n_seg - len(seg.lstrip())
        ce = cs + len(text)
        pos += n_seg + 1
        blank_before, blank = blank, False
        photo = marked = False
        if page.preset and label[cs:ce].any():
            marked = True  # boilerplate learned from the corpus
        if text in mastheads:
            _mark(page, cs, ce, MASTHEAD)
            page.hits[MASTHEAD] = page.hits.get(MASTHEAD, 0) + 1
            marked = True
        head = combined is not None and page.rules.head_matches(text)
        if head or any_unanchored:
            for rule, is_anchored in active:
                if is_anchored and not head:
                    continue
                m = rule.pattern.search(text)
                if not m:
                    continue
                if rule.opening and paras:  # only the opening of the document's text: a line of text kept above it
                    continue
                if rule.not_alone and alone is None:
                    alone = "\n" not in norm.strip()  # the first and last characters are on one line
                if rule.not_alone and alone:
                    log.debug("rule %s: not removing the only line of a document (an article, not a caption)", rule.name)
                    continue
                if rule.block:
                    end = _headline_list(page.rules, segs, line_no)
                    if end is None:  # no headline under it: a heading of the article's own text
                        continue
                if rule.scope == "line":
                    if len(text) - m.end() > line_max:  # a credit opening a line of text: no second sign
                        log.debug("rule %s: not removing a line of %d characters", rule.name, len(text))
                        continue
                    _mark(page, cs, ce, rule.name)
                    matches = [m]
                else:
                    matches = [m for m in rule.pattern.finditer(text) if m.end() > m.start()]
                    if not matches:
                        continue
                    for m in matches:
                        _mark(page, cs + m.start(), cs + m.end(), rule.name)
                marked = True
                page.hits[rule.name] = page.hits.get(rule.name, 0) + 1
                if rule.block:
                    block_rule, block_start, block_end = rule.name, line_no, end
                if rule.page_sign:  # the paragraph of this line (or the next one, when nothing of it is kept)
                    page.sign_at.append((rule.name, len(paras)))
                if rule.byline:
                    for m in matches:  # the byline as printed: the raw text at the match's offsets (the same)
                        a, z = m.span("byline") if m.groupdict().get("byline") is not None else m.span(0)
                        b = page.raw[cs + a:cs + z].strip()
                        if b:
                            page.bylines.append((cs + m.start(), b, rule.scope == "inline"))
                if rule.starts:
                    pending = _strongest(pending, rule.starts)
                photo = photo or rule.photo
                if rule.scope == "line":
                    break
        if block_start < line_no <= block_end and not label[cs:ce].all():
            _mark(page, cs, ce, block_rule)  # a headline of the list (what another rule took keeps its rule)
            marked = True
        # the kept content of the line
        if not marked:
            ks, ke = cs, ce
        else:
            kept = np.flatnonzero(label[cs:ce] == 0)
            ks = ke = cs
            if len(kept):
                ks, ke = cs + int(kept[0]), cs + int(kept[-1]) + 1
                while ks < ke and norm[ks].isspace():
                    ks += 1
                while ke > ks and norm[ke - 1].isspace():
                    ke -= 1
        if line_no != prev_line_no + 1:
            prev_line_para = None  # a blank line between: not the same block
        prev_line_no = line_no
        if photo and prev_line_para is not None and not prev_line_para.terminated and prev_line_para.kind != "caption":
            prev_line_para.kind = "caption"
            page.photo_above.append(prev_line_para)
        if ke > ks:
            p = Para(ks, ke, line_no, blank_before)
            p.terminated = _complete(norm, ks, ke)
            p.signal, pending = pending, None
            if photo:
                p.kind = "caption"
            paras.append(p)
            prev_line_para = p
        else:
            prev_line_para = None
    return page


def _headline_list(rules: CleanRules, segs: list[str], i: int) -> int | None:
    """The last line of the list of headlines under the heading on line ``i`` (延伸阅读, 相关新闻 ...): the lines
    below it that are headline-like (short, no sentence inside: :func:`_heading_like` as a heading under a
    heading), blank lines between them allowed, up to the end of the document or the first line that is not
    (a paragraph of text: kept). ``None`` when no headline stands right below the heading."""
    last = None
    for j in range(i + 1, len(segs)):
        t = segs[j].strip()
        if not t:
            continue
        if not _heading_like(rules, t, False, "heading"):
            break
        last = j
    return last


# -- 2. headings -------------------------------------------------------------------------------


def classify_paragraphs(page: Page) -> Page:
    """Each paragraph is a heading (headline, subheading, section label), body text or a caption.
    Headings and section labels are short: a line longer than ``heading_max_chars_labelled`` is body."""
    r = page.rules
    longest = r.heading_max_chars_labelled
    prev_kind = None
    for i, p in enumerate(page.paras):
        if p.kind == "caption":
            prev_kind = p.kind
            continue
        if p.e - p.s > longest:
            p.kind = prev_kind = "body"
            continue
        t = page.norm[p.s : p.e]
        if "\t" in page.raw[p.s : p.e]:  # a table row (cells a tab apart, as the .docx, .odt and HTML readers write them)
            p.kind = prev_kind = "body"
            continue
        for sec in r.sections:
            if sec.pattern.search(t):
                p.section = sec
                break
        p.kind = "heading" if (p.section or _heading_like(r, t, i == 0, prev_kind)) else "body"
        prev_kind = p.kind
    return page


def _heading_like(r: CleanRules, t: str, first: bool, prev_kind: str | None) -> bool:
    if _SENTENCE_INSIDE.search(t) or "…" in t:
        return False
    labelled = bool(_LABELLED.search(t))
    if r.heading_numbered and _numbered(r.heading_numbered).search(t):
        return len(t) <= r.heading_max_chars_labelled
    limit = r.heading_max_chars_labelled if labelled else r.heading_max_chars
    if len(t) > limit:
        return False
    if _TERMINAL.search(t) and not (_QUESTION_END.search(t) and len(t) <= r.heading_max_chars):
        return False
    commas = t.count(",") + t.count("、")
    if commas > r.heading_max_commas:
        return False
    last = t.rstrip("”’\"')")[-1:]
    if last and last in r.heading_never_ends_with and commas:
        return False
    if t.count("“") != t.count("”") or t.count("(") != t.count(")") or t.count("《") != t.count("》"):
        return False
    if "," in t and not (first or prev_kind == "heading" or labelled or " " in t):
        return False
    return True


# -- 3. layout ---------------------------------------------------------------------------------

#: a paragraph ending with one of these did not end its sentence (a clause comma, an enumeration comma)
_OPEN_PUNCT = ",、"
#: a paragraph beginning with one of these continues a sentence (punctuation, particles that never open one)
_CONTINUES = ",、;:。!?)》”’…的地得了着过们吗呢吧"
#: a character that never ends a paragraph: a preposition, conjunction or particle waiting for its object
_NEVER_ENDS = "的了在和与及并或对将把被从向于而但就也还又让使给跟所其据"
_CLAUSE_SEP = re.compile(r"[,、;:。!?…]")
_SENTENCE_END = re.compile(r"[。!?;…]")
_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("(", ")"))
#: a paragraph's last clause (after a comma) this short is a sentence cut off, not the end of a paragraph
_SHORT_CLAUSE = 3
_WINDOW = 6


@lru_cache(maxsize=1)
def _words():
    """A jieba tokenizer of our own (never jieba's global one), for the words across a break."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


_SEARCHES = 8


def _elsewhere(page: Page, gram: str) -> bool:
    """Does ``gram`` (four characters) stand in the page's analysis layer? The first few questions of a
    page are string searches; after them the page's set of 4-grams is built once, so the cost stays linear."""
    page.n_searches += 1
    if page.n_searches <= _SEARCHES:
        return gram in page.norm
    if page.ngrams is None:
        page.ngrams = _four_grams(page)
    if isinstance(page.ngrams, set):
        return gram in page.ngrams
    codes = np.frombuffer(gram.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) != 4:
        return gram in page.norm
    if int(codes.max()) >= 0x10000:  # the page is all BMP (else the set): not in it
        return False
    key = _gram_key(codes)[0]
    k = int(np.searchsorted(page.ngrams, key))
    return k < len(page.ngrams) and page.ngrams[k] == key


def _gram_key(codes: np.ndarray):
    """The 4-gram of code points ``codes[i:i+4]`` as one 64-bit integer (16 bits a character: exact in the BMP)."""
    c = codes.astype(np.uint64)
    return (c[:-3] << np.uint64(48)) | (c[1:-2] << np.uint64(32)) | (c[2:-1] << np.uint64(16)) | c[3:]


def _four_grams(page: Page):
    """Every 4-gram of the page's analysis layer: a sorted array of their 64-bit keys (built in numpy, not
    one Python string per position), or a set of strings when a character lies beyond the BMP."""
    codes = page.norm32
    if codes.size and int(codes.max()) >= 0x10000:
        norm = page.norm
        return {norm[i : i + 4] for i in range(len(norm) - 3)}
    if codes.size < 4:
        return np.zeros(0, dtype=np.uint64)
    return np.sort(_gram_key(codes))  # duplicates kept: a binary search finds a key all the same


def break_evidence(page: Page, p: Para, q: Para) -> str | None:
    """Why the break between body paragraphs ``p`` and ``q`` cuts one sentence, or ``None`` (no evidence).

    The evidence, in the order it is looked for: ``comma`` (``p`` ends with a clause or enumeration
    comma); ``continuation`` (``q`` begins with punctuation or a particle that never opens a sentence);
    ``function_word`` (``p`` ends with a preposition, conjunction or particle: 的 在 和 据 ...);
    ``titles`` (``》`` then ``《``: one list of titles); ``quotation`` (a quotation, a title or a bracket
    opened in ``p``'s last sentence and not closed there, or closed in ``q``'s first and not opened there); ``short_clause`` (``p``'s last clause,
    after a comma, has at most three characters); ``word`` (a word of jieba's dictionary runs across the
    break: 督|促, 获|悉); ``ngram`` (the four characters around the break stand unbroken elsewhere in the
    document: 成都智算|中心). A paragraph that does not end its sentence is otherwise left as it is: a
    text that stops (…分批次推进具有代表性的中小企业) is not glued to the next paragraph that begins one.
    """
    key = (p.e, q.s)
    if key in page.break_cache:
        return page.break_cache[key]
    norm = page.norm
    last, first = norm[p.e - 1], norm[q.s]
    why = None
    if last in _OPEN_PUNCT:
        why = "comma"
    elif first in _CONTINUES:
        why = "continuation"
    elif last in _NEVER_ENDS:
        why = "function_word"
    elif last == "》" and first == "《":
        why = "titles"
    else:
        tail_from = max((m.end() for m in _SENTENCE_END.finditer(norm, p.s, p.e)), default=p.s)
        m = _SENTENCE_END.search(norm, q.s, q.e)
        head_to = m.start() if m else q.e
        tail, head = norm[tail_from : p.e], norm[q.s : head_to]
        if any(tail.count(a) > tail.count(b) or head.count(b) > head.count(a) for a, b in _PAIRS):
            why = "quotation"
        else:
            seps = list(_CLAUSE_SEP.finditer(norm, p.s, p.e))
            if seps and p.e - seps[-1].end() <= _SHORT_CLAUSE:
                why = "short_clause"
            else:
                a, b = norm[max(p.s, p.e - _WINDOW) : p.e], norm[q.s : min(q.e, q.s + _WINDOW)]
                at = 0
                for w in _words().lcut(a + b, HMM=False):
                    if at < len(a) < at + len(w):
                        why = "word"
                        break
                    at += len(w)
                if why is None and len(a) >= 2 and len(b) >= 2 and _elsewhere(page, a[-2:] + b[:2]):
                    why = "ngram"
    page.break_cache[key] = why
    return why


def _joinable(p: Para, q: Para) -> bool:
    return p.kind == "body" and q.kind == "body" and not p.terminated and not p.cut


def detect_layout(page: Page) -> Page:
    """Decide whether the document is a page dump or the text of one article (``page.layout``).

    A page shows itself by one of: several articles under headlines (datelines, section labels, bylines
    under headlines in the middle of it: the groups :func:`split_articles` finds; a dateline or page jump
    inside the text with no headline above it is no sign on its own, a clean article can carry one), a line only pages have
    (a rule with ``page_sign``: page jumps, the byline of a whole page), two sentences cut by column
    breaks (:func:`break_evidence`), or one such break and a masthead line. Anything else is an
    article: the text as its author wrote it, none of the page-only passes run on it. A layout asked
    for (``page.requested``: the ``layout`` argument or metadata column) is taken as given.
    ``page.evidence`` says why, in words.
    """
    if page.requested != S.LAYOUT_AUTO:
        page.layout = page.requested
        page.evidence = f"{page.requested_by or 'layout'}={page.requested}"
    else:
        split_articles(page)
        paras = page.paras
        n_articles = len(page.groups)
        # an article begun by a dateline or a page jump in the middle of the text, with no headline above it,
        # is no evidence of a page on its own: a clean article can quote a dateline (or carry one sentence of
        # page noise); a page shows headlines over its articles
        headless = {g[0] for g in page.groups[1:] if paras[g[0]].kind != "heading"}
        n_headed = n_articles - len(headless)
        sign_hits: dict[str, int] = {}
        for name, k in page.sign_at:
            if k not in headless:
                sign_hits[name] = sign_hits.get(name, 0) + 1
        signs = sorted(sign_hits)
        n_signs = sum(sign_hits.values())
        breaks = 0
        for g in page.groups:
            for a, b in zip(g[:-1], g[1:]):
                if _joinable(paras[a], paras[b]) and break_evidence(page, paras[a], paras[b]):
                    breaks += 1
            if breaks >= 2:
                break
        mastheads = page.hits.get(MASTHEAD, 0)
        found = []
        if n_headed >= 2:
            found.append(f"{n_articles} articles")
        if n_signs:
            found.append(f"{n_signs} page line{'s' if n_signs > 1 else ''} ({', '.join(signs)})")
        if breaks >= 2 or (breaks and mastheads):
            found.append(f"{'at least 2' if breaks >= 2 else '1'} sentence{'s' if breaks >= 2 else ''} cut by a column break")
            if breaks < 2:
                found.append("a masthead line")
        if found:
            if n_articles >= 2 and n_headed < 2:  # a page by other signs: its articles are said too
                found.insert(0, f"{n_articles} articles")
            page.layout, page.evidence = S.LAYOUT_PAGE, "; ".join(found)
        else:
            page.layout = S.LAYOUT_ARTICLE
            page.evidence = "one article, no page signs" + (" (1 cut sentence, no masthead)" if breaks else "") + (
                f" ({len(headless)} dateline{'s' if len(headless) > 1 else ''} or page jump{'s' if len(headless) > 1 else ''}"
                " inside the text without a headline)" if headless else ""
            )
        page.groups = []
    if page.layout == S.LAYOUT_ARTICLE and page.photo_above:
        for p in page.photo_above:  # a caption above a photo credit is a page's layout: here it is text
            p.kind = "body"
        classify_paragraphs(page)
    return page


# -- 4. repeats --------------------------------------------------------------------------------


def remove_repeats(page: Page) -> Page:
    """Find verbatim repeats among body paragraphs; label one occurrence ``repeat``.

    Every clause of at least ``_LONG_CLAUSE`` characters found twice in body text seeds a candidate:
    the two copies are extended character by character, backwards and forwards, inside their
    paragraphs, while they agree. Cost: linear in the document's length plus the work where a long
    clause repeats: one regex pass finds the clauses, one Aho-Corasick pass (pyahocorasick) finds
    every occurrence of the repeated ones, and every later look-up (the paragraph of a position, the
    spans already found, the spans already removed) is a binary search.

    Sets ``page.repeats``: ``[(kept_start, kept_end, removed_start, removed_end), ...]`` (raw offsets).
    On a page, layout repeats (see ``clean_rules.toml``, ``repeat_min_chars``), inside one article of it
    (:func:`split_articles`' rule) and at most ``repeat_max_distance`` characters apart: a paragraph two
    articles of a page share, or one repeated farther away than a page runs, is text. In an article a passage
    said twice (a quotation of the lead, a formula) is the author's: only a duplicated block goes, a run
    of at least two whole paragraphs, ``repeat_min_chars_anywhere`` characters or more, printed again
    verbatim (a text pasted twice into its file: the 1959 and 1991 work reports).
    """
    norm, label = page.norm, page.label
    article = page.layout != S.LAYOUT_PAGE
    long_clauses = _LONG_CLAUSES.findall(norm)
    if len(set(long_clauses)) == len(long_clauses):  # (pages and articles alike: no clause twice, no repeat)
        page.repeats = []
        return page
    counts: dict[str, int] = defaultdict(int)
    for c in long_clauses:
        counts[c] += 1
    body = [p for p in page.paras if p.kind == "body"]
    starts = [p.s for p in body]

    # removed characters before each position (the labels do not change while candidates are sought)
    removed_before = np.concatenate(([0], np.cumsum(label != 0))) if page.marked else None

    def body_para(pos: int, length: int):
        k = bisect_right(starts, pos) - 1
        if k >= 0 and pos + length <= body[k].e and (
            removed_before is None or removed_before[pos + length] == removed_before[pos]
        ):
            return body[k]
        return None

    candidates = set()
    covered: dict[int, _Spans] = defaultdict(_Spans)  # offset b - a -> union of the spans found
    for clause, at_all in _occurrences(norm, sorted(c for c, n in counts.items() if n > 1)):
        occ = []
        for at in at_all:
            p = body_para(at, len(clause))
            if p is not None:
                occ.append((at, p))
        for (a, pa), (b, pb) in zip(occ, occ[1:]):
            if covered[b - a].contains(a):
                continue  # inside a repeat already found
            back = _common_run(norm, a, b, -min(a - pa.s, b - pb.s))
            a_s, b_s = a - back, b - back
            fwd = _common_run(norm, a, b, min(pa.e - a, pb.e - b, b_s - a))
            a_e, b_e = a + fwd, b + fwd
            covered[b - a].add(a_s, a_e)
            if a_e <= b_s and fwd >= len(clause):
                candidates.add((b_s, b_e, a_s, a_e))
    out = []
    removed = _Spans()
    para_starts = [p.s for p in page.paras]
    para_ends = {p.e for p in page.paras}
    if article:
        candidates = _duplicated_blocks(page, candidates, para_starts)
    else:  # on a page, a passage two of its articles share is theirs (a formula, a wire paragraph), not the layout's
        article_starts = _article_starts(page)
    for b_s, b_e, a_s, a_e in sorted(candidates):
        length = len(norm[b_s:b_e].replace(" ", ""))
        if length < page.rules.repeat_min_chars:
            continue
        if not article:
            ka, kb = bisect_right(para_starts, a_s) - 1, bisect_right(para_starts, b_s) - 1
            if bisect_right(article_starts, ka) != bisect_right(article_starts, kb):
                log.debug("repeat: %d characters in two articles of the page kept in both", length)
                continue
            if b_s - a_e > page.rules.repeat_max_distance:
                log.debug("repeat: %d characters %d apart kept twice (farther than a page)", length, b_s - a_e)
                continue
        # which occurrence goes: the later one, unless the earlier interrupts a cut paragraph
        drop, keep = (b_s, b_e), (a_s, a_e)
        ia = bisect_right(para_starts, a_s) - 1
        pa = page.paras[ia]
        if not article and a_s == pa.s and a_e == pa.e and _interrupts(page, ia):
            drop, keep = keep, drop
        if not article and length < page.rules.repeat_min_chars_anywhere and not _layout_like(page, *drop, para_starts, para_ends):
            continue  # a formula the author repeated, not the layout
        if removed.overlaps(*drop):
            continue
        removed.add(*drop)
        out.append((keep[0], keep[1], drop[0], drop[1]))
        _mark_in_paras(page, drop[0], drop[1], REPEAT, para_starts)
    if out:
        _refresh_paras(page, removed)
    out.sort(key=lambda x: x[2])
    page.repeats = out
    return page


def _duplicated_blocks(page: Page, candidates, para_starts) -> set:
    """The candidates (later copy, earlier copy) that are whole paragraphs copied whole, in runs of at least
    two consecutive paragraphs whose copies are consecutive too and that hold ``repeat_min_chars_anywhere``
    characters or more."""
    whole = {}
    for b_s, b_e, a_s, a_e in candidates:
        kb = bisect_left(para_starts, b_s)
        ka = bisect_left(para_starts, a_s)
        if (
            kb < len(para_starts) and ka < len(para_starts) and para_starts[kb] == b_s and para_starts[ka] == a_s
            and page.paras[kb].e == b_e and page.paras[ka].e == a_e and page.paras[kb].kind == "body"
        ):
            whole.setdefault(kb, (ka, (b_s, b_e, a_s, a_e)))
    out: set = set()
    run: list = []

    def flush():
        if len(run) >= 2 and sum(c[1] - c[0] for _, _, c in run) >= page.rules.repeat_min_chars_anywhere:
            out.update(c for _, _, c in run)

    for kb in sorted(whole):
        ka, cand = whole[kb]
        if run and not (kb == run[-1][0] + 1 and ka == run[-1][1] + 1):
            flush()
            run = []
        run.append((kb, ka, cand))
    flush()
    return out


def _occurrences(text: str, patterns: list[str]):
    """``(pattern, [start, ...])`` for each of ``patterns`` in their order: the starts of its
    occurrences in ``text`` that do not overlap, leftmost first (what repeated ``str.find`` from the
    end of the last one gives), found in one Aho-Corasick pass over ``text``."""
    import ahocorasick

    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for i, p in enumerate(patterns):
        auto.add_word(p, i)
    auto.make_automaton()
    hits = np.array(list(auto.iter(text)), dtype=np.int64).reshape(-1, 2)  # (end, pattern index) rows
    order = np.lexsort((hits[:, 0], hits[:, 1]))  # by pattern, then end
    ends_sorted, which = hits[order, 0], hits[order, 1]
    bounds = np.searchsorted(which, np.arange(len(patterns) + 1))
    for k, p in enumerate(patterns):
        n = len(p)
        starts = ends_sorted[bounds[k] : bounds[k + 1]] - (n - 1)
        if len(starts) < 2 or (np.diff(starts) >= n).all():  # no two overlap: every one counts
            yield p, starts.tolist()
            continue
        at_all, free = [], 0
        for at in starts.tolist():
            if at >= free:
                at_all.append(at)
                free = at + n
        yield p, at_all


class _Spans:
    """A union of half-open spans ``[s, e)``: sorted, disjoint, merged; membership and overlap by
    binary search (empty spans add nothing)."""

    __slots__ = ("starts", "ends")

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def contains(self, x: int) -> bool:
        """Is ``x`` inside one of the spans?"""
        k = bisect_right(self.starts, x) - 1
        return k >= 0 and x < self.ends[k]

    def overlaps(self, s: int, e: int) -> bool:
        """Does some span ``[s0, e0)`` satisfy ``s0 < e and s < e0``?"""
        k = bisect_right(self.ends, s)  # the first span ending after s
        return k < len(self.starts) and self.starts[k] < e

    def add(self, s: int, e: int) -> None:
        if e <= s:
            return
        lo = bisect_left(self.ends, s)  # the first span that ends at or after s: merged from here
        hi = bisect_right(self.starts, e)  # the spans starting at or before e: merged up to here
        if lo < hi:
            s, e = min(s, self.starts[lo]), max(e, self.ends[hi - 1])
        self.starts[lo:hi] = [s]
        self.ends[lo:hi] = [e]


def _layout_like(page: Page, s: int, e: int, para_starts=None, para_ends=None) -> bool:
    """The span is whole paragraphs, or runs to a paragraph's end from the middle of a sentence."""
    if para_starts is None:
        para_starts, para_ends = [p.s for p in page.paras], {p.e for p in page.paras}
    k = bisect_left(para_starts, s)
    at_start = k < len(para_starts) and para_starts[k] == s
    at_end = e in para_ends
    if at_start and at_end:
        return True
    if not at_end:
        return False
    k = s - 1
    while k >= 0 and page.norm[k].isspace():
        k -= 1
    return k >= 0 and page.norm[k] not in "。!?;…”’\n"


def _interrupts(page: Page, pi: int) -> bool:
    """Paragraph ``pi`` stands between a cut body paragraph and its continuation (a pull quote)."""
    if pi == 0 or pi + 1 >= len(page.paras):
        return False
    prev, nxt = page.paras[pi - 1], page.paras[pi + 1]
    return prev.kind == "body" and not prev.terminated and nxt.kind == "body"


def _mark_in_paras(page: Page, s: int, e: int, rule: str, para_starts=None) -> None:
    """Label ``[s, e)`` inside the body paragraphs it overlaps (``para_starts``: their starts, sorted)."""
    paras = page.paras
    if para_starts is None:
        para_starts = [p.s for p in paras]
    for k in range(max(0, bisect_right(para_starts, s) - 1), len(paras)):
        p = paras[k]
        if p.s >= e:
            break
        if p.e <= s or p.kind != "body":
            continue
        _mark(page, max(s, p.s), min(e, p.e), rule)


def _refresh_paras(page: Page, spans: _Spans) -> None:
    """Shrink (or drop) the paragraphs that ``spans`` removed text from."""
    norm, label = page.norm, page.label
    out: list[Para] = []
    carry: str | None = None
    for p in page.paras:
        if not spans.overlaps(p.s, p.e):
            if carry is not None:
                p.signal = _strongest(p.signal, carry)
                carry = None
            out.append(p)
            continue
        kept = np.flatnonzero(label[p.s : p.e] == 0)
        if not len(kept):
            carry = _strongest(carry, p.signal)
            continue
        s, e = p.s + int(kept[0]), p.s + int(kept[-1]) + 1
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if e <= s:
            carry = _strongest(carry, p.signal)
            continue
        if e < p.e and label[e : p.e].max() == page.ids[REPEAT]:
            p.cut = True
        p.s, p.e = s, e
        p.terminated = _complete(norm, s, e)
        p.signal = _strongest(p.signal, carry)
        carry = None
        out.append(p)
    page.paras = out


# -- 5. articles -------------------------------------------------------------------------------


def split_articles(page: Page) -> Page:
    """Group the paragraphs into articles (``page.groups``: lists of paragraph indices, in order).

    A new article begins at a run of headings with a section label that starts one, after a caption,
    above a paragraph that signals one (a dateline, a page jump, a byline under the headline), or at
    such a paragraph without a headline above it. An article (``page.layout``) is one group. On both, the
    title of each document of a series printed in one file (:func:`_recurring_titles`) begins one.
    """
    paras = page.paras
    n = len(paras)
    if page.layout == S.LAYOUT_ARTICLE:  # one article, unless the file holds a series of documents
        bounds = sorted({0} | _recurring_titles(page)) + [n] if n else []
    else:
        bounds = _article_starts(page) + [n]
    page.groups = [list(range(a, b)) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    return page


#: digits and Chinese numerals: what varies between the titles of documents of one series (2019年政府工作报告)
_NUMERALS = re.compile(r"[0-9]+|[〇零一二三四五六七八九十百千万]+")
#: a heading template (its numerals replaced) that titles at least this many headings of one document, each
#: with its own numbers, is the title of the documents one file holds one after another
RECURRING_TITLES = 3


def _recurring_titles(page: Page) -> set[int]:
    """The headings of ``page`` that title one of several documents of a series printed in one file, the
    first such heading of each run of headings: the same words (three or more characters of them) with
    other numbers (2018年政府工作报告, 2019年政府工作报告 ...), at least :data:`RECURRING_TITLES` times. A
    numbered section heading (一、, 第三部分, a bare 二) is a section, never one. The series opens the file: a
    heading whose first occurrence comes after body text is a line that closes its documents (a source
    line, 《人民日报》(2018年03月23日 01版), recurring at the end of some), never a title."""
    rules = page.rules
    numbered = _numbered(rules.heading_numbered) if rules.heading_numbered else None
    by_template: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, p in enumerate(page.paras):
        if p.kind != "heading" or p.section is not None:
            continue
        t = page.norm[p.s:p.e].strip()
        if len(t) > rules.heading_max_chars or (numbered is not None and numbered.search(t)):
            continue
        if t[:1] in "([" and t[-1:] in ")]":  # a line in brackets is a note or a dateline: (新华社北京3月5日电)
            continue
        key = _NUMERALS.sub("#", t)
        words = sum(1 for c in key if c.isalpha())  # 年政府工作报告: words beside the numbers, not 一 or 第#期 alone
        if key != t and words >= 3:
            by_template[key].append((i, t))
    first_body = next((i for i, p in enumerate(page.paras) if p.kind != "heading"), len(page.paras))
    titles = {i for heads in by_template.values() if len({t for _, t in heads}) >= RECURRING_TITLES
              and heads[0][0] < first_body for i, _ in heads}
    # one start per run of headings, at its first title: the title's own subtitle (——2019年3月5日在……) recurs
    # too, and the run's lines above the title (a dateline closing the document before) belong to that one
    starts, in_run = set(), False
    for i, p in enumerate(page.paras):
        if p.kind != "heading":
            in_run = False
        elif i in titles and not in_run:
            starts.add(i)
            in_run = True
    return starts


def _article_starts(page: Page) -> list[int]:
    """The paragraphs of a page where an article begins (:func:`split_articles`' rule), sorted: the first,
    each run of headings or signalling paragraph that starts one, and each title of a series printed in one
    file (:func:`_recurring_titles`)."""
    paras = page.paras
    n = len(paras)
    starts = {0} if n else set()
    titles = _recurring_titles(page)
    i = 0
    while i < n:
        p = paras[i]
        if p.kind == "heading":
            j = i
            while j < n and paras[j].kind == "heading":
                j += 1
            begin = False
            if any(paras[k].section is not None and paras[k].section.starts == "article" for k in range(i, j)):
                begin = True
            if i > 0 and paras[i - 1].kind == "caption":
                begin = True
            if j < n and paras[j].signal in ("article", "after_headings"):
                begin = True
            if any(paras[k].signal == "article" for k in range(i, j)):
                begin = True
            first_title = next((k for k in range(i, j) if k in titles), None)
            if first_title is not None:  # the documents of a series: at the title, the lines above it closing the last
                starts.add(first_title)
            elif begin:
                starts.add(i)
            i = j
            continue
        if p.signal == "article" and i > 0 and paras[i - 1].kind != "heading":
            starts.add(i)  # a dateline or page jump without a headline above it
        i += 1
    return sorted(starts)


# -- 6. gaps and joins -------------------------------------------------------------------------


def join_paragraphs(page: Page) -> Page:
    """Label the whitespace between paragraphs; join cut paragraphs (``page.joins``: raw gap spans).

    Between two paragraphs of an article one line break of the raw text is kept (it becomes the
    ``"\\n"`` of ``text``; a lone CR or U+2028 of the raw text is a break too, found in the analysis layer)
    and the rest is ``whitespace``; between the two parts of a sentence cut by the layout (on a page,
    with :func:`break_evidence`) the whole break is ``paragraph_join``. Outside articles, all is ``whitespace``. (Rules only ever remove text inside
    lines, so the line breaks are free.)
    """
    norm, label, paras, groups = page.norm, page.label, page.paras, page.groups
    n = len(page.raw)
    if not page.marked:  # nothing removed yet: every gap is free, label it slice by slice
        ws, jn = page.ids[WHITESPACE], page.ids[PARAGRAPH_JOIN]
        joins = []
        prev_end = 0
        for g in groups:
            first = paras[g[0]]
            label[prev_end : first.s] = ws
            for a, b in zip(g[:-1], g[1:]):
                p, q = paras[a], paras[b]
                why = _join_evidence(page, p, q)
                if why:
                    joins.append((p.e, q.s, why))
                    label[p.e : q.s] = jn
                else:
                    k = norm.find("\n", p.e, q.s)
                    label[p.e : q.s] = ws
                    if k >= 0:
                        label[k] = 0
            prev_end = paras[g[-1]].e
        label[prev_end:n] = ws
        page.joins = joins
        return page
    inside = np.zeros(n + 1, dtype=np.int32)  # +1 at paragraph starts, -1 at ends: cumsum > 0 inside
    joined = np.zeros(n + 1, dtype=np.int32)
    joins, kept_breaks = [], []
    for g in groups:
        for a, b in zip(g[:-1], g[1:]):
            p, q = paras[a], paras[b]
            why = _join_evidence(page, p, q)
            if why:
                joins.append((p.e, q.s, why))
                joined[p.e] += 1
                joined[q.s] -= 1
            else:
                k = norm.find("\n", p.e, q.s)
                if k >= 0:
                    kept_breaks.append(k)
    for p in paras:
        inside[p.s] += 1
        inside[p.e] -= 1
    free = (label == 0) & (np.cumsum(inside[:n]) == 0)
    if kept_breaks:
        free[np.asarray(kept_breaks, dtype=np.int64)] = False
    in_join = np.cumsum(joined[:n]) > 0
    label[free & in_join] = page.ids[PARAGRAPH_JOIN]
    label[free & ~in_join] = page.ids[WHITESPACE]
    page.joins = joins
    return page


def _join_evidence(page: Page, p: Para, q: Para) -> str | None:
    if page.layout != S.LAYOUT_PAGE or not _joinable(p, q):
        return None
    return break_evidence(page, p, q)


#: the passes of the page engine, in the order they run (each reads what the ones before it left)
PASSES = (mark_lines, classify_paragraphs, detect_layout, remove_repeats, split_articles, join_paragraphs)


def run_passes(page: Page, passes=PASSES) -> Page:
    """Apply ``passes`` to ``page`` in order (textacy's ``make_pipeline`` over one page)."""
    for step in passes:
        page = step(page)
    return page

"""Boilerplate learned from the corpus: a phrase that opens or closes a large share of one outlet's documents.

A site prints the same words at the top of every item of a channel (新浪娱乐讯, 央视网消息:, 【导语】) or at the
bottom (a page footer). No fixed rule can list them all, and left in the text they lead the keywords and
the topics. :func:`learn_boilerplate` finds them in one pass over the first and last line of each document:

- candidates: the start of a document's first line up to a delimiter (a space, a colon, a bracket or
  quote that closes, ``|``) within its first :data:`OPEN_MAX` characters, or the whole line when it is
  that short; the end of its last line after a sentence end, a space or a closing bracket, within its
  last :data:`CLOSE_MAX` characters, or the whole line when it is that short;
- a candidate is boilerplate of an outlet when at least ``min_docs`` of the outlet's documents (and at
  least ``share`` of them) have it; documents without an outlet are not grouped;
- each document loses the longest learned phrase it opens (closes) with, never its whole text;
- an opening that ends at a closing quote, bracket or mark is one only when a space or the line's end follows
  it (“十四五”时期 and 根据《条例》(以下简称...) open sentences; 【大公报讯】 and 央视网消息: are tags whatever
  follows); a closing phrase never starts at a space between words of Latin text; a dated footer or dateline,
  whose numbers change every day, is no phrase repeated: the rules ``paper_footer`` and ``dateline_agency``
  take them;
- a learned phrase inside a longer one that as many documents have is that longer phrase, listed once;
- a document whose first (last) line is a learned phrase whole has its next line inwards read the same way, up
  to :data:`DEPTH` lines at each end: a footer of two lines (自由時報's app prompt above its copyright line)
  is learned whole, not only its last line.

The cost is linear in the number of documents (only a few lines at each end are read).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict

import pandas as pd

from .. import schema as S
from ..text import LINE_BREAKS
from .normalize import normalize_short
from .rules import CleanRules

log = logging.getLogger(__name__)

__all__: list[str] = []  # used by nqp.clean (its boilerplate= argument); the learned phrases are Cleaned.boilerplate

#: the longest opening phrase looked for (characters)
OPEN_MAX = 24
#: the longest closing phrase looked for (characters)
CLOSE_MAX = 40
#: the lines read at each end: the first (last) line, and the next one inwards while the one before it is
#: learned whole (a footer of two lines: an app prompt above the copyright line)
DEPTH = 3
_OPEN_AFTER = ":|)】]」”》!?"  # a phrase ends with one of these ...
_OPEN_ALONE = ":|】]"  # ... (these mark a tag whatever follows; the others only before a space or the line's end)
_OPEN_BEFORE = " "  # ... or right before one of these
_CLOSE_AFTER = "。!?)】] "  # a closing phrase starts right after one of these
_BREAKS = frozenset(LINE_BREAKS) | {"\n"}
_PHRASE_SPACE = " \t\u3000"  # the spaces a phrase takes along
_WORD_CHARS = re.compile(r"[^\W_]")
_BREAK_RE = re.compile("[" + "".join(sorted(_BREAKS)) + "]")


def _wordy(phrase: str) -> bool:
    """A phrase holds two letters, digits or Chinese characters at least (版) is a fragment, not a phrase)."""
    return len(_WORD_CHARS.findall(phrase)) >= 2


def _first_line(raw: str) -> tuple[int, int]:
    """Raw span of the first line with content, stripped (``(0, 0)`` if none)."""
    i = len(raw) - len(raw.lstrip())  # str.strip strips what str.isspace calls whitespace
    if i == len(raw):
        return len(raw), len(raw)
    m = _BREAK_RE.search(raw, i)
    j = m.start() if m else len(raw)
    return i, i + len(raw[i:j].rstrip())


def _last_line(raw: str) -> tuple[int, int]:
    """Raw span of the last line with content, stripped (``(0, 0)`` if none)."""
    j = len(raw.rstrip())
    i = max(raw.rfind(c, 0, j) for c in _BREAKS) + 1
    return i + len(raw[i:j]) - len(raw[i:j].lstrip()), j


def _line_after(raw: str, pos: int) -> tuple[int, int]:
    """Raw span of the first line with content after ``pos`` (a line end), stripped (``(n, n)`` if none)."""
    n, i = len(raw), pos
    while i < n and raw[i].isspace():
        i += 1
    if i == n:
        return n, n
    m = _BREAK_RE.search(raw, i)
    j = m.start() if m else n
    while j > i and raw[j - 1].isspace():
        j -= 1
    return i, j


def _line_before(raw: str, end: int) -> tuple[int, int]:
    """Raw span of the last line with content before ``end`` (a line start), stripped (``(0, 0)`` if none)."""
    j = end
    while j > 0 and raw[j - 1].isspace():
        j -= 1
    if j == 0:
        return 0, 0
    i = max(raw.rfind(c, 0, j) for c in _BREAKS) + 1
    while i < j and raw[i].isspace():
        i += 1
    return i, j


def _openings(line: str) -> set[str]:
    out = set()
    if 2 <= len(line) <= OPEN_MAX:
        out.add(line)
    for k, c in enumerate(line[: OPEN_MAX + 1]):
        if c in _OPEN_AFTER and k + 1 >= 2 and (c in _OPEN_ALONE or k + 1 == len(line) or line[k + 1].isspace()):
            out.add(line[: k + 1])
        elif c in _OPEN_BEFORE and k >= 2:
            out.add(line[:k].rstrip())
    return {p for p in out if _wordy(p)}


def _closings(line: str) -> set[str]:
    out = set()
    if 2 <= len(line) <= CLOSE_MAX:
        out.add(line)
    n = len(line)
    for k in range(max(0, n - CLOSE_MAX - 1), n - 1):
        if line[k] == " " and k and line[k - 1].isascii() and line[k - 1].isalnum():
            continue  # a space between words of Latin text (rose 0.3 percent in March.) opens no phrase
        if line[k] in _CLOSE_AFTER:
            out.add(line[k + 1 :].lstrip())
    return {p for p in out if _wordy(p)}


def learn_boilerplate(
    texts, outlets: list, rules: CleanRules, *, share: float | None, min_docs: int
) -> tuple[dict[int, list[tuple[int, int]]], pd.DataFrame]:
    """The raw spans to remove per document index, and the table of the phrases learned.

    ``texts``: the raw texts in document order, any iterable (read once; only a few lines at each end of
    each document are kept, so a caller can hand them over in chunks). ``share``: the smallest share of an
    outlet's documents a phrase must open (or close); ``None``: learn nothing. ``min_docs``: the fewest
    documents, of the outlet and with the phrase, for a phrase to count.
    """
    empty = pd.DataFrame(columns=S.BOILERPLATE_COLUMNS)
    if share is None:
        return {}, empty
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(outlets):
        if isinstance(o, str) and o.strip():
            by_outlet[o].append(i)
    wanted = {i for members in by_outlet.values() if len(members) >= min_docs for i in members}
    spans: dict[int, list[tuple[int, int]]] = {}
    rows = []
    if not wanted:
        return spans, pd.DataFrame(rows, columns=S.BOILERPLATE_COLUMNS)
    lines = {}
    for i, raw in enumerate(texts):
        if i not in wanted:
            continue
        heads, tails = [], []  # (start, end, analysis layer, raw piece) of the first and last lines, outside in
        fs, fe = _first_line(raw)
        while fe > fs and len(heads) < DEPTH:
            j = fe  # the line with the spaces after it (an opening phrase takes them along)
            while j < len(raw) and raw[j] in _PHRASE_SPACE:
                j += 1
            heads.append((fs, fe, normalize_short(raw[fs:fe], rules), raw[fs:j]))
            fs, fe = _line_after(raw, fe)
        ls, le = _last_line(raw)
        first_end = heads[0][1] if heads else 0
        while le > ls and ls > first_end and len(tails) < DEPTH:
            tails.append((ls, le, normalize_short(raw[ls:le], rules), raw[ls:le]))
            ls, le = _line_before(raw, ls)
        if tails:  # an inner opening line stands above the last line
            heads = heads[:1] + [h for h in heads[1:] if h[0] < tails[0][0]]
        lines[i] = (heads, tails, len("".join(raw.split())))
    for outlet in sorted(by_outlet):
        members = by_outlet[outlet]
        if len(members) < min_docs:
            continue
        need = max(min_docs, share * len(members))
        learned: dict[str, dict[str, int]] = {"open": {}, "close": {}}
        cut: dict[str, dict[int, list[tuple[int, int, str]]]] = {"open": defaultdict(list), "close": defaultdict(list)}
        for where, side, phrases in (("open", 0, _openings), ("close", 1, _closings)):
            active = members
            for depth in range(DEPTH):  # a line read whole as boilerplate: the next line inwards is read too
                active = [i for i in active if len(lines[i][side]) > depth]
                counts = Counter()
                for i in active:
                    counts.update(phrases(lines[i][side][depth][2]))
                found = {p: n for p, n in counts.items() if n >= need}
                # a part of a longer learned phrase that no more documents have is that phrase (版) of 《人民日报》(... 版))
                within = str.startswith if where == "open" else str.endswith
                found = {p: n for p, n in found.items()
                         if not any(q != p and m == n and within(q, p) for q, m in found.items())}
                if not found:
                    break
                for p, n in found.items():
                    learned[where][p] = max(n, learned[where].get(p, 0))
                inward = []
                for i in active:
                    s, e, text, piece = lines[i][side][depth]
                    best = max((p for p in found if within(text, p)), key=len, default=None)
                    if best is None:
                        continue
                    if where == "open":
                        k = len(best)  # the analysis layer keeps a line's length: its offsets are the raw line's
                        while k < len(piece) and piece[k] in _PHRASE_SPACE:
                            k += 1
                        cut["open"][i].append((s, s + k, piece[:k]))
                    else:
                        a = e - len(best)
                        while a > s and piece[a - 1 - s] in _PHRASE_SPACE:
                            a -= 1
                        cut["close"][i].append((a, e, piece[a - s :]))
                    if best == text:
                        inward.append(i)
                active = inward
        if not any(learned.values()):
            continue
        for where in ("open", "close"):
            for phrase, n in sorted(learned[where].items()):
                rows.append([outlet, where, phrase, n, len(members), round(n / len(members), 4)])
        for i in members:
            found = cut["open"].get(i, [])
            opened = max((e for _, e, _ in found), default=0)
            found = found + [c for c in reversed(cut["close"].get(i, [])) if c[0] >= opened]
            removed = sum(len("".join(t.split())) for _, _, t in found)
            if found and removed < lines[i][2]:  # never the whole text
                spans[i] = [(s, e) for s, e, _ in found]
    table = pd.DataFrame(rows, columns=S.BOILERPLATE_COLUMNS)
    if len(table):
        log.info(
            "clean: boilerplate learned from the corpus: %s",
            "; ".join(f"{r[0]} {r[1]}s {r[2]!r} ({r[3]} of {r[4]})" for r in rows[:10]),
        )
    return spans, table

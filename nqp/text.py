"""Small text utilities shared by the stages: sentence spans and term patterns.

Every function returns offsets into the string it was given, so that a sentence found in the
analysis layer can be mapped back to the raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = ["sentence_spans", "split_sentences", "sentence_at", "share", "term_alternation", "term_pattern"]

#: the characters that end a line (Unicode's mandatory breaks, UAX #14): LF, CR (alone or before LF: CRLF is
#: one break), VT, FF, NEL, LINE SEPARATOR U+2028 and PARAGRAPH SEPARATOR U+2029. Cleaning reads each as "\n".
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
#: one line break of any convention (CRLF is one match)
LINE_BREAK = re.compile("\r\n|[" + LINE_BREAKS + "]")

#: sentence-final punctuation, with closing quotes/brackets that belong to the sentence
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)\]】\"']*|\n+|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of the sentences of ``text``, whitespace trimmed, in order.

    A sentence ends at 。！？!?；; (with any closing quotes after them) or at a line break.
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def sentence_at(text: str, start: int, end: int | None = None, *, spans=None) -> tuple[int, int]:
    """The span of the sentence (or sentences) of ``text`` that contain ``[start, end)``.

    ``spans``: ``sentence_spans(text)`` when the caller has it already (many look-ups in one text:
    computed once, each look-up is then a binary search instead of a pass over the whole text).
    """
    end = start + 1 if end is None else end
    if spans is None:
        spans = sentence_spans(text)
    # the spans are sorted and disjoint: the one holding a position is the last starting at or before it
    k = bisect_right(spans, (start, float("inf"))) - 1
    first = spans[k][0] if k >= 0 and start < spans[k][1] else start
    k = bisect_left(spans, (end, -1)) - 1  # the last span starting before end
    last = spans[k][1] if k >= 0 and end <= spans[k][1] else end
    return first, max(last, end)


def term_alternation(forms) -> str:
    """A regex alternation of the literal ``forms``, longest first (ties in code-point order), escaped.

    Longest first makes a compound win over the term it contains (产业建圈强链 before 建圈强链);
    duplicates and empty strings are dropped. A form that begins (ends) with a Latin letter or a digit is
    matched only where no letter or digit stands before (after) it: 5G is not in 15G or 5GB, AI not in AIDS,
    while 5G基站 holds 5G; a form that ends with + is not matched before a number (人工智能+1 is arithmetic, 人工智能+制造
    and 人工智能+5G hold it). The one place the package builds a term matcher.
    """
    unique = {f for f in forms if f}
    return "|".join(_bounded(f) for f in sorted(unique, key=lambda f: (-len(f), f)))


def _bounded(form: str) -> str:
    """``form`` escaped, with a guard against a letter or digit next to a Latin or digit end, and against a
    number after a closing plus (人工智能+ is not in 人工智能+1, arithmetic; it is in 人工智能+制造 and 人工智能+5G)."""
    return ((r"(?<![A-Za-z0-9])" if _LATIN_END.match(form[0]) else "") + re.escape(form)
            + (r"(?![A-Za-z0-9])" if _LATIN_END.match(form[-1]) else _NO_NUMBER if form[-1] == "+" else ""))


_LATIN_END = re.compile(r"[A-Za-z0-9]")
#: what may not follow a form that ends with +: a number (digits not followed by a letter or digit)
_NO_NUMBER = r"(?![0-9]+(?![A-Za-z0-9]))"
_NUMBER = re.compile(r"[0-9]+(?![A-Za-z0-9])")


def whole_at(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a whole word by the rule of :func:`term_alternation`: no letter or digit right
    before a Latin or digit first character, none right after a Latin or digit last one (AI in AIDS is not), no
    number right after a closing + (人工智能+ in 人工智能+1 is not)."""
    if end <= start:
        return False
    if start > 0 and _LATIN_END.match(text[start]) and _LATIN_END.match(text[start - 1]):
        return False
    if text[end - 1] == "+" and _NUMBER.match(text, end):
        return False
    return not (end < len(text) and _LATIN_END.match(text[end - 1]) and _LATIN_END.match(text[end]))


def term_pattern(forms) -> re.Pattern | None:
    """:func:`term_alternation` compiled; ``None`` when there is no non-empty form."""
    alternation = term_alternation(forms)
    return re.compile(alternation) if alternation else None


def share(part: float, whole: float) -> str:
    """``part`` of ``whole`` as a percentage for a sentence, with the decimals it needs: 12.5%, 0.014% (not a
    false 0.0% for a part that is not nothing), 99.986% (not 100.0% for a part that is not the whole)."""
    if not whole:
        return "0%"
    p = 100.0 * part / whole
    digits = 1
    while digits < 4 and ((0 < p and float(f"{p:.{digits}f}") == 0) or (p < 100 and float(f"{p:.{digits}f}") == 100)):
        digits += 1
    if 0 < p and float(f"{p:.{digits}f}") == 0:
        return f"under {10 ** -digits:.{digits}f}%"
    return f"{p:.{digits}f}%"

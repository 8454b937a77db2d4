"""The analysis layer: one character for one character.

``normalize_text`` gives the text that later stages count: simplified script (through :mod:`nqp.script`),
full-width ASCII made half-width, one convention for Chinese punctuation (``[normalize.punctuation]`` of
the rules), and one line break: every line break of :data:`nqp.text.LINE_BREAKS` (a lone CR of an old Mac
file, VT, FF, NEL, U+2028, U+2029) reads as ``"\n"``; in a CRLF the LF is the break and the CR stays (a space
at the line's end). The result always has the length of the input, so offsets carry over unchanged.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np

from ..script import has_traditional, to_simplified
from ..text import LINE_BREAKS
from .rules import CleanRules, load_clean_rules

log = logging.getLogger(__name__)

__all__ = ["normalize_text"]


def utf32(s: str) -> np.ndarray:
    """The code points of ``s``."""
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)


def from_utf32(a: np.ndarray) -> str:
    """The string of the code points ``a``."""
    return a.astype(np.uint32).tobytes().decode("utf-32-le")


@lru_cache(maxsize=16)
def _width_table(punctuation: tuple[tuple[str, str], ...]) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: code point -> code point of the analysis layer."""
    table = np.arange(0x10000, dtype=np.uint32)
    table[0xFF01:0xFF5F] -= 0xFEE0  # full-width ASCII -> ASCII
    table[0x3000] = ord(" ")
    for k, v in punctuation:
        if ord(k) < 0x10000:
            table[ord(k)] = ord(v)
    for c in LINE_BREAKS:  # one line break (the CR of a CRLF: see normalize_array)
        table[ord(c)] = ord("\n")
    return table


def normalize_array(text: str, rules: CleanRules, raw32: np.ndarray | None = None) -> np.ndarray:
    """Code points of the analysis layer of ``text`` (``raw32``: the code points of ``text``, if at hand)."""
    raw = a = raw32 if raw32 is not None else utf32(text)
    if has_traditional(text, a):
        a = utf32(to_simplified(text))
    table = _width_table(rules.punctuation)
    if a.size and a.max() < 0x10000:
        out = table[a]
    else:
        out = a.copy()
        bmp = a < 0x10000
        out[bmp] = table[a[bmp]]
    if "\r\n" in text:  # a CRLF is one line break: its LF; the CR before it stays a CR (whitespace)
        out[np.flatnonzero((raw[:-1] == 13) & (raw[1:] == 10))] = 13
    return out


def normalize_text(text: str, rules=None) -> str:
    """The analysis layer of ``text``: simplified script, half-width ASCII, one punctuation convention.

    ``len(normalize_text(t)) == len(t)`` always; character ``i`` of the result comes from character
    ``i`` of ``t``.
    """
    r = load_clean_rules(rules)
    out = from_utf32(normalize_array(text, r))
    assert len(out) == len(text)
    return out


@lru_cache(maxsize=4096)
def normalize_short(text: str, rules: CleanRules) -> str:
    """:func:`normalize_text` of a short string (a title, an outlet, a term), cached."""
    return normalize_text(text, rules)

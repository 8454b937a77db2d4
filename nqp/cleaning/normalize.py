"""The analysis layer: one character for one character.

``normalize_text`` gives the text that later stages count: the ideograph for each radical a PDF text layer
puts in its place (Kangxi Radicals U+2F00–U+2FD5 by NFKC, the whole-character forms of CJK Radicals
Supplement U+2E80–U+2EFF by :data:`SUPPLEMENT_FORMS`: ⽣产⼒ reads 生产力), simplified script (through
:mod:`nqp.script`; in a traditional text 著 reads 着 where the phrase says so, 著力 着力 but 著名 著名:
:func:`_zhe`), full-width ASCII made half-width, one convention for Chinese punctuation (``[normalize.punctuation]`` of
the rules), and one line break: every line break of :data:`nqp.text.LINE_BREAKS` (a lone CR of an old Mac
file, VT, FF, NEL, U+2028, U+2029) reads as ``"\n"``; in a CRLF the LF is the break and the CR stays (a space
at the line's end). The result always has the length of the input, so offsets carry over unchanged.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

import numpy as np

from ..script import converter, has_traditional, to_simplified
from ..text import LINE_BREAKS
from .rules import CleanRules, load_clean_rules

log = logging.getLogger(__name__)

__all__ = ["normalize_text"]

#: CJK Radicals Supplement characters that stand for a whole character -> that character (simplified
#: script, the analysis layer's). Components that are never a word on their own (⺅ ⺡ ⺘ ⻖ ...) stay.
SUPPLEMENT_FORMS = {
    "⺁": "厂", "⺎": "兀", "⺒": "巳", "⺓": "幺", "⺛": "旡", "⺜": "日", "⺝": "月", "⺟": "母", "⺠": "民",
    "⺩": "王", "⺪": "疋", "⺬": "示", "⺯": "糸", "⺼": "月", "⺽": "臼", "⻄": "西", "⻅": "见", "⻆": "角",
    "⻇": "角", "⻉": "贝", "⻋": "车", "⻑": "长", "⻓": "长", "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟",
    "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙",
    "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
}
#: words whose 著 is zhù and stays 著 in simplified script (the others, 著力 隨著 意味著 看著 ..., read 着)
ZHU_WORDS = frozenset(
    "著名 著作 著称 著述 著录 著者 著书 著文 显著 昭著 卓著 彰著 较著 土著 原著 编著 论著 名著 巨著 专著 译著 "
    "遗著 合著 新著 拙著 大著 撰著 宏著 鸿著 杰著 力著 佳著 所著".split()
)
_ZHU_CODE = ord("著")
#: the code points of the radical blocks (CJK Radicals Supplement, Kangxi Radicals)
_RADICALS = (0x2E80, 0x2FD6)


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


@lru_cache(maxsize=1)
def _radical_table() -> np.ndarray:
    """Code point -> code point over the radical blocks (``_RADICALS``): the ideograph, or itself."""
    lo, hi = _RADICALS
    table = np.arange(lo, hi, dtype=np.uint32)
    for c in range(0x2F00, hi):  # Kangxi Radicals: NFKC gives the ideograph (traditional ones are simplified later)
        form = unicodedata.normalize("NFKC", chr(c))
        if len(form) == 1:
            table[c - lo] = ord(form)
    for k, v in SUPPLEMENT_FORMS.items():
        table[ord(k) - lo] = ord(v)
    return table


def _radicals(a: np.ndarray) -> np.ndarray | None:
    """``a`` with every radical replaced by its ideograph, or None when ``a`` holds none (most texts)."""
    lo, hi = _RADICALS
    at = np.flatnonzero((a >= lo) & (a < hi))
    if not at.size:
        return None
    out = a.copy()
    out[at] = _radical_table()[a[at] - lo]
    return out


def _zhe(text: str, a: np.ndarray) -> np.ndarray:
    """``a`` (the code points of ``text`` in simplified script, by t2s) with 著 made 着 where the word is zhe
    or zhuó: t2s keeps 著 in every word (著力, 隨著 read 著力, 随著), OpenCC's tw2s reads the phrase (著力 着力,
    著名 著名), and a word of :data:`ZHU_WORDS` (土著, 原著, which tw2s makes 土着, 原着) keeps 著. Only the
    lines holding 著 are converted again; a line whose length tw2s changes is read in a window around each 著."""
    tw2s = converter("tw2s").convert
    out = a.copy()
    simplified = from_utf32(a)
    line = (-1, -1, "")  # start, end, tw2s of the line
    for i in np.flatnonzero(a == _ZHU_CODE).tolist():
        if not line[0] <= i < line[1]:
            ls, le = text.rfind("\n", 0, i) + 1, text.find("\n", i)
            le = len(text) if le < 0 else le
            conv = tw2s(text[ls:le])
            line = (ls, le, conv if len(conv) == le - ls else None)
        ls, le, conv = line
        if conv is not None:
            c = conv[i - ls]
        else:
            ws, we = max(ls, i - 8), min(le, i + 9)
            window = tw2s(text[ws:we])
            c = window[i - ws] if len(window) == we - ws else "著"
        if c == "着" and simplified[max(i - 1, 0):i + 1] not in ZHU_WORDS and simplified[i:i + 2] not in ZHU_WORDS:
            out[i] = ord("着")
    return out


def normalize_array(text: str, rules: CleanRules, raw32: np.ndarray | None = None) -> np.ndarray:
    """Code points of the analysis layer of ``text`` (``raw32``: the code points of ``text``, if at hand)."""
    raw = a = raw32 if raw32 is not None else utf32(text)
    if a.size and a.max() >= _RADICALS[0]:
        mapped = _radicals(a)
        if mapped is not None:  # the radicals read as ideographs, before the script is simplified
            a, text = mapped, from_utf32(mapped)
    if has_traditional(text, a):
        a = utf32(to_simplified(text))
        if (a == _ZHU_CODE).any():
            a = _zhe(text, a)
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
    """The analysis layer of ``text``: radicals as ideographs, simplified script, half-width ASCII, one
    punctuation convention.

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

"""Script conversion and detection: the one OpenCC cache of the package.

Every stage that converts between simplified and traditional script (the analysis layer of cleaning,
script detection when loading, lexicon variants, theme forms, query patterns) goes through
:func:`converter`, so each OpenCC configuration is built once per process.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

__all__ = ["converter", "convert", "has_traditional", "to_simplified", "script_counts", "detect_script"]


@lru_cache(maxsize=8)
def converter(config: str):
    """The OpenCC converter for ``config`` (``"t2s"``, ``"s2t"``, ``"s2tw"``, ``"s2hk"`` ...), built once."""
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """OpenCC conversion of ``text`` with ``config`` (phrase level: the length may change)."""
    return converter(config).convert(text)


_CHAR_T2S: dict[str, str] = {}


def _t2s_chars(text: str) -> str:
    """Character-by-character t2s (every character maps to exactly one)."""
    new = [c for c in set(text) if c not in _CHAR_T2S]
    if new:
        conv = converter("t2s").convert("\n".join(new)).split("\n")
        if len(conv) != len(new):  # pragma: no cover - OpenCC keeps line breaks
            conv = [converter("t2s").convert(c) for c in new]
        for c, t in zip(new, conv):
            _CHAR_T2S[c] = (t if len(t) == 1 else c).translate(_hk_variants())
    return "".join(_CHAR_T2S[c] for c in text)


@lru_cache(maxsize=1)
def _hk_variants() -> dict[int, str]:
    """The Hong Kong variant characters that t2s leaves alone and OpenCC's hk2s folds (衞 → 卫, 衹 → 只, 敍 → 叙,
    枱 → 台 …), as a ``str.translate`` table: a Hong Kong paper's 衞生 is 卫生, as a Taiwanese one's 衛生 is."""
    chars = [chr(c) for c in range(0x2E80, 0xFFFF) if not (0xD800 <= c < 0xE000) and chr(c).isprintable()]
    t2s = converter("t2s").convert("\n".join(chars)).split("\n")
    hk2s = converter("hk2s").convert("\n".join(chars)).split("\n")
    if len(t2s) != len(chars) or len(hk2s) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        return {}
    return {ord(c): h for c, t, h in zip(chars, t2s, hk2s) if t == c and h != c and len(h) == 1}


@lru_cache(maxsize=1)
def _t2s_changes() -> np.ndarray:
    """Boolean table over the Basic Multilingual Plane: does OpenCC t2s change this character on its own (or
    fold it as a Hong Kong variant, :func:`_hk_variants`)?"""
    flags = np.zeros(0x10000, dtype=bool)
    chars = [chr(c) for c in range(0x2E80, 0xFFFF) if not (0xD800 <= c < 0xE000) and chr(c).isprintable()]
    conv = converter("t2s").convert("\n".join(chars)).split("\n")
    if len(conv) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        conv = [converter("t2s").convert(c) for c in chars]
    for c, t in zip(chars, conv):
        if t != c:
            flags[ord(c)] = True
    flags[list(_hk_variants())] = True
    return flags


def has_traditional(text: str, a: np.ndarray | None = None) -> bool:
    """Does ``text`` (its code points ``a``, when already at hand) hold a character that t2s changes?"""
    if a is None:
        a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not a.size:
        return False
    top = a.max()
    if top < 0x2E80:  # no CJK at all
        return False
    if top < 0x10000:
        return bool(_t2s_changes()[a].any())
    bmp = a[a < 0x10000]
    return bool(_t2s_changes()[bmp].any()) or _non_bmp_traditional(text)


def _non_bmp_traditional(text: str) -> bool:
    extra = {c for c in text if ord(c) >= 0x10000}
    return any(converter("t2s").convert(c) != c for c in extra)


def to_simplified(text: str) -> str:
    """OpenCC ``t2s`` of ``text`` with the same length: char ``i`` of the result is char ``i`` converted; Hong Kong
    variants t2s leaves alone are folded too (:func:`_hk_variants`: 衞 → 卫).

    Phrase-level conversion is used line by line; a line whose length it would change is converted
    character by character instead. A text none of whose characters t2s changes on its own is returned
    as it is (without the phrase pass: a phrase of such characters, say 乾燥, keeps its form).
    """
    if not text or not has_traditional(text):
        return text
    conv = converter("t2s").convert(text).translate(_hk_variants())
    if conv == text:
        return text
    lines, clines = text.split("\n"), conv.split("\n")
    if len(lines) != len(clines):  # pragma: no cover - OpenCC keeps line breaks
        return _t2s_chars(text)
    out = []
    for a, b in zip(lines, clines):
        out.append(b if len(a) == len(b) else _t2s_chars(a))
    return "\n".join(out)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: character -> (traditional-specific, simplified-specific), filled as characters are met
_SCRIPT_OF: dict[str, tuple[bool, bool]] = {}


def _learn_scripts(chars: list[str]) -> None:
    joined = "\n".join(chars)
    t2s = converter("t2s").convert(joined).split("\n")
    s2t = converter("s2t").convert(joined).split("\n")
    for c, a, b in zip(chars, t2s, s2t):
        _SCRIPT_OF[c] = (a != c, b != c)


def script_counts(text: str) -> tuple[int, int]:
    """Count characters specific to traditional and to simplified script: ``(n_trad, n_simp)``.

    A character is traditional-specific when OpenCC's t2s changes it, simplified-specific when s2t
    changes it; characters both scripts share count for neither.
    """
    counts = Counter(text)
    new = [c for c in counts if c not in _SCRIPT_OF and _CJK.match(c)]
    if new:
        _learn_scripts(new)
    n_trad = n_simp = 0
    for c, n in counts.items():
        flags = _SCRIPT_OF.get(c)
        if flags:
            n_trad += n * flags[0]
            n_simp += n * flags[1]
    return n_trad, n_simp


def detect_script(text: str, threshold: float = 0.8) -> str:
    """Return ``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"unknown"`` for ``text``.

    ``traditional`` when at least ``threshold`` of the script-specific characters are traditional,
    ``simplified`` when at least ``threshold`` are simplified, ``mixed`` otherwise; ``unknown`` when
    the text has no script-specific character at all.
    """
    n_trad, n_simp = script_counts(text)
    total = n_trad + n_simp
    if total == 0:
        return "unknown"
    if n_trad / total >= threshold:
        return "traditional"
    if n_simp / total >= threshold:
        return "simplified"
    return "mixed"

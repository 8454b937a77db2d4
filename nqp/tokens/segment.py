"""Segmentation: the tokenizer configuration, the two backends, nqp's re-split rule and POS tags.

Why is 建圈强链 one token? :func:`_config` turns a :class:`~nqp.tokens.lexicon.Lexicon` into a
:class:`TokenizerConfig` (every form with its frequency and tag), :func:`_frequency` makes each
frequency high enough to keep the word whole against its own parts, and :class:`_Segmenter` adds
the words to a tokenizer of its own (never jieba's global one).

Two backends give the same tokens: ``"jieba"`` (pure Python) and ``"rjieba"`` (jieba-rs, the same
dictionary and algorithm in Rust, many times faster). The lexicon is applied to both identically
(same words, same frequencies, same tags, same order); runs of Latin letters, digits and
punctuation, where the two differ, are re-split by one rule of nqp's own (:func:`_normalize`).
Part-of-speech tags follow from the word (lexicon, then jieba's dictionary), so they agree too.

A segmentation with offsets travels in a packed form (:data:`Packed`: the words joined by one
separator, their start offsets as int32 bytes), the form the cache stores and the worker processes
return for the long table and the audit. The tokens table needs no offsets: :meth:`_Segmenter.words`
gives the same words by a shorter road (:func:`_resplit`), and nothing is packed when nothing crosses a
process or the disk.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from itertools import accumulate
from pathlib import Path

import numpy as np

from .._validate import check_choice
from ..errors import NqpError
from .lexicon import _TLDS, URL_PATTERN, Lexicon

log = logging.getLogger(__name__)

__all__ = ["BACKENDS", "CACHE_VERSION", "CATEGORY_TAGS", "DEFAULT_TAG", "LEXICON_MIN_FREQ", "TokenizerConfig"]

BACKENDS = ("auto", "jieba", "rjieba")
#: a lexicon term enters the dictionary with at least this frequency (or jieba's suggested one, if
#: higher): enough to keep the policy terms whole in context, low enough not to swallow neighbours
LEXICON_MIN_FREQ = 10
#: part-of-speech tag of a lexicon term, by category (jieba's tag set: ns place, nt organization,
#: nz other proper noun)
CATEGORY_TAGS = {"region": "ns", "organization": "nt"}
DEFAULT_TAG = "nz"
#: version of the packed segmentation format (and so of the cache that stores it); 3: a URL or e-mail
#: address is one word
CACHE_VERSION = 3

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_URL = re.compile(URL_PATTERN)
#: a text that may hold a URL: only those are searched for one (most texts have none). Every match of
#: :data:`_URL` holds ``://``, ``@``, ``www.`` or ``.`` and a top-level domain; the pattern opens with one
#: character class, which the regex engine scans for in C, and checks the rest behind it (three times
#: faster than the plain alternation on Chinese text)
_URL_HINT = re.compile(rf"[:@.Ww](?:(?<=:)//|(?<=@)|(?<=[Ww])(?i:ww)\.|(?<=\.)(?i:{_TLDS}))")
#: how a run of non-Chinese tokens is re-split (a URL or e-mail address whole; jieba's own rule for
#: Latin/digit runs, plus widths)
_PIECE = re.compile(rf"(?:{URL_PATTERN})|[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+(?:[.．][0-9０-９]+)?[%％]?|\s+|.", re.S)
_SEP = "\x1f"  # joins the words of one text in the packed form (a whitespace char: never inside a kept token)


# ---------------------------------------------------------------------------------------------
# configuration


@dataclass(frozen=True)
class TokenizerConfig:
    """What determines a segmentation: backend, HMM, and the words added to the dictionary.

    ``words``: ``(word, freq or 0 for nqp's default, tag)`` in the order they are added.
    """

    backend: str
    hmm: bool = True
    words: tuple[tuple[str, int, str], ...] = ()

    def key(self) -> str:
        payload = {
            "cache_version": CACHE_VERSION,
            "backend": self.backend,
            "backend_version": _backend_version(self.backend),
            "hmm": self.hmm,
            "min_freq": LEXICON_MIN_FREQ,
            "words": self.words,
        }
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _backend_version(backend: str) -> str:
    try:
        return metadata.version(backend)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _resolve_backend(backend: str) -> str:
    check_choice("backend", backend, BACKENDS)
    if backend == "auto":
        try:
            import rjieba  # noqa: F401

            return "rjieba"
        except ImportError:
            return "jieba"
    if backend == "rjieba":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            raise NqpError("backend='rjieba' needs the rjieba package: pip install rjieba (or use backend='jieba').") from None
    return backend


def _config(lexicon, backend: str = "auto", hmm: bool = True) -> TokenizerConfig:
    """The configuration of a segmentation with ``lexicon`` (anything :meth:`Lexicon.from_any` takes)."""
    lex = Lexicon.from_any(lexicon)
    words = []
    for term, variants, category, freq in zip(lex.terms, lex.variants, lex.categories, lex.freqs):
        tag = CATEGORY_TAGS.get(category, DEFAULT_TAG)
        f = 0 if freq is None else int(freq)
        for form in (term, *variants):
            words.append((form, f, tag))
    # shorter words first, then by form: a compound's suggested frequency sees its parts
    words.sort(key=lambda w: (len(w[0]), w[0]))
    return TokenizerConfig(backend=_resolve_backend(backend), hmm=bool(hmm), words=tuple(words))


def _frequency(word: str, asked: int, suggested: int) -> int:
    """The dictionary frequency of a lexicon word: ``asked`` (0: nqp's default, at least
    LEXICON_MIN_FREQ) but never below what keeps the word whole against its own parts, where jieba
    would split it without a word."""
    if not asked:
        return max(LEXICON_MIN_FREQ, suggested)
    if asked < suggested:
        log.warning(
            "lexicon: frequency %d of %r is too low to keep it whole (jieba would split it); using %d. "
            "Raise it in your lexicon file or leave it empty.", asked, word, suggested,
        )
        return suggested
    return asked


# ---------------------------------------------------------------------------------------------
# the backends


class _Segmenter:
    """A backend tokenizer of our own with the configured words added."""

    def __init__(self, config: TokenizerConfig):
        self.config = config
        self.freqs: dict[str, int] = {}
        if config.backend == "rjieba":
            import rjieba

            self.impl = rjieba.Jieba()
            suggest = self.impl.suggest_freq
            for word, freq, tag in config.words:
                f = _frequency(word, freq, suggest(word))
                self.impl.add_word(word, f, tag)
                self.freqs[word] = f
            self._cut = self.impl.cut
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self.impl = jieba.Tokenizer()
            self.impl.initialize()
            for word, freq, tag in config.words:
                f = _frequency(word, freq, self.impl.suggest_freq(word, False))
                self.impl.add_word(word, f, tag)
                self.freqs[word] = f
            lcut = self.impl.lcut
            self._cut = lambda text, hmm: lcut(text, HMM=hmm)
        self._cut = _urls_whole(self._cut)

    def has_word(self, word: str) -> bool:
        if self.config.backend == "rjieba":
            return self.impl.has_word(word)
        return self.impl.FREQ.get(word, 0) > 0

    def segment(self, text: str) -> tuple[list[str], list[int]]:
        """``(words, starts)`` of ``text``; whitespace dropped, non-Chinese runs re-split."""
        return _normalize(text, self._cut(text, self.config.hmm))

    def cut(self, text: str) -> list[str]:
        """The backend's raw cut of ``text`` (every character, whitespace too; nothing re-split)."""
        return self._cut(text, self.config.hmm)

    def words(self, text: str) -> list[str]:
        """The words of :meth:`segment` without their offsets, by a shorter road (:func:`_resplit`)."""
        return _resplit(text, self._cut(text, self.config.hmm))


def _urls_whole(cut):
    """``cut`` with every URL and e-mail address of the text (:data:`URL_PATTERN`) one token: the text between
    them is cut by the backend, each address kept whole (the backends cut them at every ``/``, ``.``, ``@``).
    The re-split (:func:`_resplit`) keeps such a token whole, as its rule has the same pattern first."""

    def cut_urls(text: str, hmm: bool) -> list[str]:
        if _URL_HINT.search(text) is None:
            return cut(text, hmm)
        out: list[str] = []
        at = 0
        for m in _URL.finditer(text):
            a, b = m.span()
            if a > at:
                out += cut(text[at:a], hmm)
            out.append(m.group())
            at = b
        if not at:
            return cut(text, hmm)
        if at < len(text):
            out += cut(text[at:], hmm)
        return out

    return cut_urls


_SEGMENTERS: dict[TokenizerConfig, _Segmenter] = {}


def _segmenter(config: TokenizerConfig) -> _Segmenter:
    """This process's segmenter of ``config`` (the last four configurations are kept)."""
    seg = _SEGMENTERS.get(config)
    if seg is None:
        if len(_SEGMENTERS) >= 4:
            _SEGMENTERS.pop(next(iter(_SEGMENTERS)))
        seg = _SEGMENTERS[config] = _Segmenter(config)
    return seg


# ---------------------------------------------------------------------------------------------
# nqp's rule for non-Chinese runs

#: a run of characters that are not Chinese, holding a letter, digit, whitespace, a character jieba
#: treats as part of a word (+#&._%-) or one beyond the BMP. Runs of anything else (，“ 。” …… ——)
#: need no re-splitting: both backends and the rule below give each of their characters alone. (A
#: lone punctuation mark or letter between Chinese characters has nothing to re-split either: runs of
#: one character are only re-split when they are whitespace.)
_NON_HAN = r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_NON_HAN_RUN = re.compile(
    rf"{_NON_HAN}*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\s+#&._%\-\U00010000-\U0010ffff]{_NON_HAN}*"
)


def _normalize(text: str, raw: list[str]) -> tuple[list[str], list[int]]:
    """Re-split the tokens that lie in runs of non-Chinese characters by nqp's own rule.

    jieba and jieba-rs agree on Chinese; on Latin letters, digits and punctuation they differ
    (``2.2GW``, ``2011-2020``). Every maximal group of consecutive tokens without a Chinese character
    is joined and cut again with jieba's own rule for such runs (letters and digits together, a
    decimal part and a percent sign attached, every other character alone), a URL or e-mail address
    (:data:`URL_PATTERN`) staying one piece; whitespace is dropped.
    """
    ends = list(accumulate(map(len, raw)))
    starts = [0, *ends[:-1]] if ends else []
    words: list[str] = []
    out_starts: list[int] = []
    done = 0  # raw[:done] are emitted
    for m in _NON_HAN_RUN.finditer(text):
        a, b = m.span()
        i = bisect_left(starts, a)  # first token starting in the run
        j = bisect_right(ends, b)  # tokens [i, j) lie wholly in the run
        if j <= i:
            continue
        if j - i == 1 and ends[i] - starts[i] == 1 and not raw[i].isspace():
            continue  # one punctuation mark or letter: nothing to re-split
        words.extend(raw[done:i])
        out_starts.extend(starts[done:i])
        at = starts[i]
        for piece in _PIECE.finditer(text, at, ends[j - 1]):
            w = piece.group()
            if not w.isspace():
                words.append(w)
                out_starts.append(piece.start())
        done = j
    words.extend(raw[done:])
    out_starts.extend(starts[done:])
    return words, out_starts


def _resplit(text: str, raw: list[str]) -> list[str]:
    """The words of :func:`_normalize` (``_normalize(text, raw)[0]``) without their offsets.

    The same runs and the same token ranges, found from the tokens' end offsets alone (one C-level pass
    over the tokens, none when the text has no run to re-split); tokens outside the runs are copied as
    list slices, never one by one.
    """
    runs = [m.span() for m in _NON_HAN_RUN.finditer(text)]
    if not runs:
        return raw
    ends = list(accumulate(map(len, raw)))
    words: list[str] = []
    done = 0  # raw[:done] are emitted
    for a, b in runs:
        i = bisect_left(ends, a) + 1 if a else 0  # first token starting in the run (token k starts at ends[k-1])
        j = bisect_right(ends, b)  # tokens [i, j) lie wholly in the run
        if j <= i:
            continue
        at = ends[i - 1] if i else 0
        if j - i == 1 and ends[i] - at == 1 and not raw[i].isspace():
            continue  # one punctuation mark or letter: nothing to re-split
        words += raw[done:i]
        words += [w for w in _PIECE.findall(text, at, ends[j - 1]) if not w.isspace()]
        done = j
    if not done:
        return raw
    words += raw[done:]
    return words


# ---------------------------------------------------------------------------------------------
# part-of-speech tags


def _rule_tag(w: str) -> str:
    """jieba-rs's tag for a word outside the dictionary: m (digits), eng (Latin), x (anything else)."""
    eng = m = 0
    for ch in w:
        if ch.isascii() and ch.isalnum():
            eng += 1
            m += ch.isdigit()
    return "x" if eng == 0 else ("m" if eng == m else "eng")


@lru_cache(maxsize=1)
def _jieba_tags() -> dict[str, str]:
    """word -> part-of-speech tag from jieba's dictionary file (the dictionary rjieba embeds too)."""
    import jieba

    tags = {}
    with open(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def _tagger(config: TokenizerConfig):
    """word -> tag: the lexicon's, else jieba's dictionary's, else by rule (x for Chinese words the
    HMM found, m digits, eng Latin). The same for both backends by construction."""
    lex = {w: t for w, _, t in config.words}
    dictionary = _jieba_tags()
    memo: dict[str, str] = {}

    def tag(w: str) -> str:
        t = memo.get(w)
        if t is None:
            t = memo[w] = lex.get(w) or dictionary.get(w) or (_rule_tag(w) if not _HAN.search(w) else "x")
        return t

    return tag


# ---------------------------------------------------------------------------------------------
# the packed form

#: one text's segmentation: (words joined by _SEP, starts as int32 bytes)
Packed = tuple[str, bytes]


def _pack(words: list[str], starts: list[int]) -> Packed:
    return _SEP.join(words), np.asarray(starts, dtype=np.int32).tobytes()


def _unpack(p: Packed) -> tuple[list[str], list[int]]:
    if not p[0]:
        return [], []
    return p[0].split(_SEP), np.frombuffer(p[1], dtype=np.int32).tolist()


def _words(p: Packed) -> list[str]:
    """The words of a packed segmentation, without their offsets."""
    return p[0].split(_SEP) if p[0] else []

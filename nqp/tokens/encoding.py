"""Token ids: the words of many texts as int32 ids into one vocabulary, from the cut to the tokens table.

The tokens table needs each text's words without offsets. Working on Python strings one token at a
time (re-splitting, classifying, filtering) costs several times the Rust segmenter's own work, so
:class:`_Encoder` turns each cut into an array of ids as it arrives (one dictionary lookup per token,
in C) and does everything else once per distinct word or as array operations over all texts:

- nqp's re-split of non-Chinese runs (:func:`nqp.tokens.segment._resplit`) changes a text only where a
  word without a Chinese character is not a single piece of the re-split rule, or where two such words
  side by side could join into one piece (a letter, digit, ``.``, ``%`` on both sides). Those two facts
  are known per distinct word; the texts where either occurs (few: ``2.2GW``, spaces between Latin
  words) are re-split exactly, word by word, and the others are left as the backend cut them. The
  result is the re-split's, word for word (``tests/internal/test_tokens_identity.py``).
- the removal layers and the canonical forms are looked up once per distinct word; the kept tokens of
  every text are one fancy index into the vocabulary's forms, sliced per text.

Worker processes (``n_jobs``) encode their chunk with a vocabulary of their own and send it with the
ids; the parent maps each chunk's vocabulary onto its own once and re-indexes the ids as an array.
"""

from __future__ import annotations

import gc
import logging

import numpy as np
import pyarrow as pa

from .lexicon import _LAYER_CODES
from .segment import _HAN, _NON_HAN_RUN, _PIECE, _SEP

log = logging.getLogger(__name__)

__all__: list[str] = []

#: characters that can continue a piece of the re-split rule across a word boundary
_JOINS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.%．％"
                   + "".join(chr(c) for r in ((0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF10, 0xFF19))
                             for c in range(r[0], r[1] + 1)))


def _word_flags(w: str) -> tuple[bool, bool, bool, bool, bool]:
    """``(alone, left, right, space, outside)`` of a word: whether the re-split could change it by itself
    (a word without a Chinese character that is not one piece of the rule, whitespace apart), whether its
    first or last character could join a neighbour without a Chinese character into one piece, whether it
    is whitespace (which the re-split drops, and which no piece crosses), and whether it has no Chinese
    character at all (so that it lies in a run the re-split may cut again)."""
    if _HAN.search(w) is not None:
        return False, False, False, False, False
    if w.isspace():
        return False, False, False, True, True
    m = _PIECE.match(w)
    alone = m is None or m.end() != len(w)
    return alone, w[0] in _JOINS, w[-1] in _JOINS, False, True


def _flags(words: list[str]) -> np.ndarray:
    """:func:`_word_flags` of every word, an array of 5 columns; the Chinese words (most) found in C."""
    out = np.zeros((len(words), 5), dtype=bool)
    han = np.fromiter(map(bool, map(_HAN.search, words)), dtype=bool, count=len(words))
    rest = np.flatnonzero(~han)
    if len(rest):
        out[rest] = [_word_flags(words[i]) for i in rest.tolist()]
    return out


#: the bits of :meth:`_Index.bits`, in the order of :func:`_word_flags`
_ALONE, _LEFT, _RIGHT, _SPACE, _OUTSIDE = (np.uint8(1 << k) for k in range(5))


class _Index(dict):
    """word -> id; a word seen for the first time gets the next id (``__missing__``, called from C)."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, w: str) -> int:
        i = self[w] = len(self.words)
        self.words.append(w)
        return i

    def flags(self) -> np.ndarray:
        """:func:`_flags` of every word, computed once per word (a worker's index lives for a whole call)."""
        done = getattr(self, "_flags", None)
        if done is None or len(done) < len(self.words):
            new = _flags(self.words[0 if done is None else len(done):])
            self._flags = new if done is None else np.concatenate([done, new])
        return self._flags

    def bits(self) -> np.ndarray:
        """:meth:`flags` of every word as one byte (the bits :data:`_ALONE` ... :data:`_OUTSIDE`)."""
        return np.packbits(self.flags(), axis=1, bitorder="little")[:, 0]


#: words of whole texts that :meth:`_Encoder.finish` and :func:`_kept_tokens` take at a time (their
#: temporary arrays are a batch's)
_BATCH = 1 << 17
#: words gathered by :class:`_Encoder` before they are encoded in one pass: each pass maps its distinct
#: words onto the vocabulary in Python, so larger passes do less of that (2^20 words, about 2 MB of text,
#: were 10% faster than 2^17 over the whole of ``nqp.tokenize``); a pass holds about 50 bytes a word
_ENCODE_BATCH = 1 << 20
_SEP_BYTE = ord(_SEP)


class _Encoder:
    """The words of many texts, in order, as int32 ids into one vocabulary (``index.words``).

    A text's words are joined by ``\x1f`` at once (in C) and the strings let go; every
    :data:`_ENCODE_BATCH` words, the batch is encoded to UTF-8 once and Arrow hashes each word (with its
    separator) as a slice of that buffer in C++ (:meth:`_encode`): only the distinct words of a batch
    become Python strings and meet the vocabulary's dictionary. A text whose words hold the separator is encoded word by word.

    :meth:`add_cut` takes a backend's raw cut (re-split later, see the module's docstring),
    :meth:`add_words` words already re-split, :meth:`add_encoded` a worker's chunk; :meth:`finish`
    re-splits the texts that need it and returns ``(vocabulary, ids, bounds)``: text ``k``'s words are
    ``vocabulary[ids[bounds[k]:bounds[k + 1]]]``.
    """

    def __init__(self, index: _Index | None = None):
        self.index = _Index() if index is None else index
        self._get = self.index.__getitem__
        self._parts: list[np.ndarray] = []
        self._ends: list[int] = []  # per part: how many texts the parts up to it hold
        self._lengths: list[int] = []
        self._raw: list[bool] = []  # per text: a raw cut, to be checked for the re-split
        self._joined: list[str] = []  # the batch: each text's words joined by _SEP ...
        self._n = 0  # ... and how many words they are

    def _ids(self, words: list[str]) -> np.ndarray:
        return np.fromiter(map(self._get, words), dtype=np.int32, count=len(words))

    def _add(self, words: list[str], raw: bool) -> None:
        self._lengths.append(len(words))
        self._raw.append(raw)
        if not words:
            return
        joined = _SEP.join(words)
        if joined.count(_SEP) != len(words) - 1:  # a word holds the separator: this text word by word
            self._lengths.pop()  # the batch before it ends before it
            self._raw.pop()
            self._flush()
            self._lengths.append(len(words))
            self._raw.append(raw)
            self._part(self._ids(words))
            return
        self._joined.append(joined)
        self._n += len(words)
        if self._n >= _ENCODE_BATCH:
            self._flush()

    def _part(self, ids: np.ndarray) -> None:
        """A part of the ids: the words of the texts added since the last part (whole texts)."""
        self._parts.append(ids)
        self._ends.append(len(self._lengths))

    def _flush(self) -> None:
        if self._n:
            self._part(self._encode(self._joined, self._n))
            self._joined, self._n = [], 0

    def _encode(self, joined: list[str], n: int) -> np.ndarray:
        """The ids of the ``n`` words of ``joined`` (texts' words joined by _SEP, in order): each word and its
        separator a slice of the batch's UTF-8, dictionary-encoded by Arrow, the distinct words mapped onto
        the vocabulary once."""
        text = _SEP.join(joined) + _SEP
        try:
            data, kind = text.encode("utf-8"), pa.large_string()
        except UnicodeEncodeError:  # a lone surrogate (the jieba backend keeps it): bytes, decoded the same way
            data, kind = text.encode("utf-8", "surrogatepass"), pa.large_binary()
        offsets = np.zeros(n + 1, dtype=np.int64)
        offsets[1:] = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _SEP_BYTE) + 1
        words = pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
        enc = words.dictionary_encode()
        if kind == pa.large_binary():
            distinct = [w[:-1].decode("utf-8", "surrogatepass") for w in enc.dictionary.to_pylist()]
        else:
            distinct = [w[:-1] for w in enc.dictionary.to_pylist()]
        return self.ids_of(distinct)[enc.indices.to_numpy()]

    def ids_of(self, words: list[str]) -> np.ndarray:
        """The ids of ``words`` (distinct) in this encoder's vocabulary (new words are added)."""
        if not self.index:  # an empty vocabulary becomes ``words``, in C
            self.index.update(zip(words, range(len(words))))
            self.index.words.extend(words)
            return np.arange(len(words), dtype=np.int32)
        return self._ids(words)

    def add_cut(self, raw: list[str]) -> None:
        """A backend's raw cut of a text (whitespace included; re-split in :meth:`finish`)."""
        self._add(raw, True)

    def add_words(self, words: list[str]) -> None:
        """Words already re-split (from the cache)."""
        self._add(words, False)

    def add_encoded(self, vocab: list[str], ids: np.ndarray, lengths: np.ndarray) -> None:
        """A chunk another encoder finished (:meth:`finish` in a worker): its ids mapped onto this vocabulary."""
        self._flush()
        if vocab is not None and len(vocab):
            ids = self._ids(vocab)[ids]
        self._lengths.extend(lengths.tolist())
        self._raw.extend([False] * len(lengths))
        self._part(ids.astype(np.int32, copy=False))

    def finish(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """``(vocabulary, ids, bounds)``, the texts re-split where needed. The work goes batch by batch of
        whole texts (about :data:`_BATCH` words), each batch's parts let go once it is done, so the
        temporary arrays (flags, masks, the re-split's pieces) are a batch's, not the corpus's: the peak is
        the parts and the one array of the result."""
        self._flush()
        lengths = np.asarray(self._lengths, dtype=np.int64)
        raw = np.asarray(self._raw, dtype=bool)
        parts, ends = self._parts, self._ends
        self._parts, self._ends = [], []
        if not raw.any():  # nothing to re-split (words from the cache or from workers): the parts as they are
            ids = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
            del parts
            bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
            np.cumsum(lengths, out=bounds[1:])
            return self.index.words, ids, bounds
        state = {"bits": self.index.bits(), "memo": {}}
        out, new_lengths, begin = [], np.zeros(len(lengths), dtype=np.int64), 0
        for k in range(len(parts)):
            part, end = parts[k], ends[k]
            parts[k] = None  # let go as soon as it is done
            sizes = lengths[begin:end]
            at = np.zeros(len(sizes) + 1, dtype=np.int64)
            np.cumsum(sizes, out=at[1:])
            a = 0
            while a < len(sizes):  # batches of whole texts within the part (a worker's chunk is large)
                b = max(int(np.searchsorted(at, at[a] + _BATCH, side="right")) - 1, a + 1)
                ids, bounds = self._finish_batch(part[at[a]:at[b]], at[a:b + 1] - at[a], raw[begin + a:begin + b],
                                                 state)
                out.append(ids)
                new_lengths[begin + a:begin + b] = np.diff(bounds)
                a = b
            del part
            begin = end
        ids = np.concatenate(out) if out else np.zeros(0, dtype=np.int32)
        del out
        bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(new_lengths, out=bounds[1:])
        return self.index.words, ids, bounds

    def _finish_batch(self, ids, bounds, raw, state):
        """One batch of whole texts re-split: ``(ids, bounds)``. ``raw``: per text, whether it came as a raw
        cut; ``state``: the vocabulary's flag bytes (refreshed when the re-split adds words) and the runs
        already re-split, shared by the batches."""
        if not raw.any() or not len(ids):
            return ids, bounds
        all_raw = bool(raw.all())
        per_word = True if all_raw else np.repeat(raw, np.diff(bounds))
        bits = state["bits"]
        code = bits[ids]  # the word's flags, one byte per word: one pass over the ids
        ids, bounds, code = self._resplit(ids, bounds, code, bits, per_word, state)
        space = (code & _SPACE) != 0  # with the pieces the re-split made
        if not all_raw:
            space &= np.repeat(raw, np.diff(bounds))
        if space.any():  # whitespace left where nothing needed re-splitting: dropped, as the re-split drops it
            ids, bounds = ids[~space], _shrunk(bounds, space)
        return ids, bounds

    def _resplit(self, ids, bounds, code, bits, raw, state):
        """nqp's re-split (:func:`_resplit`) applied exactly, word by word, to the runs of words without a
        Chinese character in which it could change something (see the module's docstring); the others
        are left as the backend cut them. ``code``: the :meth:`_Index.bits` of every word. Returns the new
        ``(ids, bounds, code)``; a run met twice (the same words, in any batch: ``state["memo"]``) is
        re-split once; ``state["bits"]`` is refreshed when the pieces are new words."""
        n = len(ids)
        starts = bounds[:-1][bounds[:-1] < n]  # first word of each text with words
        hit = (code & _ALONE).view(bool)
        pair = ((code[:-1] & _RIGHT) != 0) & ((code[1:] & _LEFT) != 0)  # words i and i+1 ...
        pair[starts[starts > 0] - 1] = False  # ... of the same text
        hit[:-1] |= pair
        if raw is not True:
            hit &= raw
        if not hit.any():
            return ids, bounds, code
        outside = (code & _OUTSIDE) != 0
        if raw is not True:
            outside &= raw
        opens = np.zeros(n, dtype=bool)  # a text's first word
        opens[starts] = True
        begin = outside.copy()
        begin[1:] &= ~outside[:-1] | opens[1:]
        end = outside.copy()
        end[:-1] &= ~outside[1:] | opens[1:]
        first, ends = np.flatnonzero(begin), np.flatnonzero(end) + 1  # the runs of words outside Chinese
        todo = np.unique(np.searchsorted(first, np.flatnonzero(hit), side="right") - 1)
        words_of = self.index.words
        run_a, run_b = first[todo], ends[todo]
        old_len = run_b - run_a
        inside = _ranges(run_a, old_len)  # positions of the words of the runs, run after run
        vals = ids[inside].tolist()
        at = np.zeros(len(todo) + 1, dtype=np.int64)
        np.cumsum(old_len, out=at[1:])
        at = at.tolist()
        memo: dict[tuple, list[str]] = state["memo"]
        new_words, sizes = [], []
        for j in range(len(todo)):
            key = tuple(vals[at[j]:at[j + 1]])
            words = memo.get(key)
            if words is None:
                words = [words_of[i] for i in key]
                run = "".join(words)
                if _NON_HAN_RUN.match(run):  # the run the re-split cuts again (not a run of punctuation only)
                    words = [w for w in _PIECE.findall(run) if not w.isspace()]
                memo[key] = words
            new_words += words
            sizes.append(len(words))
        new_ids = self._ids(new_words)  # one pass for all the runs' new words
        if len(bits) != len(words_of):
            bits = state["bits"] = self.index.bits()
        new_code = bits[new_ids]
        sizes = np.asarray(sizes, dtype=np.int64)
        # the runs' words taken out, their new words put in at the same place
        where = np.repeat(run_a - np.asarray(at[:-1], dtype=np.int64), sizes)
        out_ids = np.insert(np.delete(ids, inside), where, new_ids)
        out_code = np.insert(np.delete(code, inside), where, new_code)
        text_of = np.searchsorted(bounds, run_a, side="right") - 1
        new_bounds = bounds.copy()
        new_bounds[1:] += np.cumsum(np.bincount(text_of, weights=sizes - old_len, minlength=len(bounds) - 1)
                                    ).astype(np.int64)
        log.debug("tokenize: %d runs of non-Chinese words re-split in a batch (%d distinct so far)", len(todo),
                  len(memo))
        return out_ids, new_bounds, out_code


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[k] + 0 .. lengths[k] - 1`` for every k, in order, as one array."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    step = np.ones(total, dtype=np.int64)
    nz = lengths > 0
    first = (ends - lengths)[nz]  # where each non-empty range begins in the output
    step[first] = starts[nz] - np.concatenate([[0], (starts + lengths - 1)[nz][:-1]])
    step[0] = starts[nz][0]
    return np.cumsum(step)


def _shrunk(bounds: np.ndarray, dropped: np.ndarray) -> np.ndarray:
    """``bounds`` of texts after the words flagged in ``dropped`` (one flag per word) are taken out."""
    return bounds - np.searchsorted(np.flatnonzero(dropped), bounds)


def _kept_tokens(vocab: list[str], ids: np.ndarray, bounds: np.ndarray, layers, canon: dict[str, str]):
    """The tokens table's lists from encoded texts: ``(tokens, n_words, n_stopwords, n_formula)``.

    ``layers``: the layer code of every word of ``vocab`` (:func:`~nqp.tokens.lexicon._layers_of`; None
    keeps all); each word is mapped to its canonical form (``canon``) once; the kept tokens of a batch of
    whole texts (about :data:`_BATCH` words) are one fancy index into the forms, then one list per text,
    so the temporary arrays are a batch's and the token lists are the only thing that grows with the
    corpus. Every occurrence of a word shares one string object."""
    n = len(vocab)
    keep = np.ones(n, dtype=bool) if layers is None else layers == 0
    formula = np.zeros(n, dtype=bool) if layers is None else layers == _LAYER_CODES.index("formula")
    forms = np.empty(n, dtype=object)
    forms[:] = list(map(canon.get, vocab, vocab)) if canon else vocab
    n_texts = len(bounds) - 1
    n_words = np.diff(bounds)
    n_kept = np.zeros(n_texts, dtype=np.int64)
    n_formula = np.zeros(n_texts, dtype=np.int64)
    any_formula = bool(formula.any())
    tokens: list[list[str]] = []
    was_enabled = gc.isenabled()
    gc.disable()  # one new list per text, none of them in a cycle: no collection to run while they are made
    try:
        a = 0
        while a < n_texts:
            b = max(int(np.searchsorted(bounds, bounds[a] + _BATCH, side="right")) - 1, a + 1)
            b = min(b, n_texts)
            lo = bounds[a]
            part = ids[lo:bounds[b]]
            local = bounds[a:b + 1] - lo
            at = np.flatnonzero(keep[part])  # positions of the kept words in the batch
            flat = forms[part[at]]
            kb = np.searchsorted(at, local)  # kept words before each text's start
            bl = kb.tolist()
            tokens.extend(flat[x:y].tolist() for x, y in zip(bl[:-1], bl[1:]))
            n_kept[a:b] = np.diff(kb)
            if any_formula:
                n_formula[a:b] = np.diff(np.searchsorted(np.flatnonzero(formula[part]), local))
            del at, flat, part
            a = b
    finally:
        if was_enabled:
            gc.enable()
    return tokens, n_words, n_words - n_kept - n_formula, n_formula

"""The segmentation cache: Parquet parts on disk, keyed by the text's hash and the tokenizer configuration.

``cache_dir`` keeps segmentations on disk, keyed by the text's hash and the tokenizer configuration
(backend and its version, HMM, every lexicon word with its frequency and tag), so a changed lexicon
never reads a stale entry and deleting the cache changes no result, only the time it takes.
:func:`_segmented` is the one way to a segmentation with offsets: from the cache where possible, else
segmented (in worker processes for ``n_jobs > 1``) and stored; :func:`_words_of` is the way to the words
alone (the tokens table), which without a cache never packs, hashes or unpacks anything.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path

from ..errors import NqpValueError
from ..io import check_output
from .encoding import _Encoder
from .parallel import _encoded, _segment_many
from .segment import _SEP, CACHE_VERSION, Packed, TokenizerConfig, _words

log = logging.getLogger(__name__)

__all__: list[str] = []


def _cache_root(cache_dir) -> Path | None:
    """The cache folder asked for (``cache_dir``, else ``NQP_CACHE_DIR``), checked as a writable folder."""
    if cache_dir is False:
        return None
    if cache_dir is None:
        env = os.environ.get("NQP_CACHE_DIR")
        if not env:
            return None
        try:
            return check_output(env, name="NQP_CACHE_DIR", kind="folder")
        except NqpValueError as exc:
            raise NqpValueError(
                f"the environment variable {exc} Or set NQP_CACHE_DIR to a folder you can write to, or unset it "
                "(export NQP_CACHE_DIR=) to tokenize without a cache."
            ) from None
    return check_output(".nqp-cache" if cache_dir is True else cache_dir, name="cache_dir", kind="folder")


def _valid(packed, text: str) -> bool:
    """Whether a cache entry is a segmentation of ``text``: one int32 start per word, each word found at its start."""
    return not _invalid([("", *packed)], {"": text})


def _invalid(rows, texts: dict[str, str]) -> set[str]:
    """The keys of the entries ``(key, words, starts)`` that are not a segmentation of their text ``texts[key]``
    (:func:`_valid`), checked all at once: every character of every word compared with the text's character at
    the word's start plus its place in the word, as arrays (a Python loop over the words took half the time of
    a read from the cache)."""
    import numpy as np

    bad: set[str] = set()
    ok = []
    for k, words, starts in rows:
        text = texts[k]
        if not isinstance(words, str) or not isinstance(starts, (bytes, bytearray)) or len(starts) % 4:
            bad.add(k)
        elif not words:
            if starts or text.strip():
                bad.add(k)
        elif words.count(_SEP) + 1 != len(starts) // 4:
            bad.add(k)
        else:
            ok.append((k, words, starts))
    if not ok:
        return bad
    # one array of every text's code points and one of every entry's words (its separators kept as boundaries)
    t_codes = np.frombuffer("".join(texts[k] for k, _, _ in ok).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    t_len = np.array([len(texts[k]) for k, _, _ in ok], dtype=np.int64)
    t_base = np.concatenate(([0], np.cumsum(t_len)[:-1]))
    w_codes = np.frombuffer(_SEP.join(w for _, w, _ in ok).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at = np.concatenate([np.frombuffer(s, dtype=np.int32) for _, _, s in ok]).astype(np.int64)
    n_words = np.array([len(s) // 4 for _, _, s in ok], dtype=np.int64)
    entry = np.repeat(np.arange(len(ok)), n_words)  # the entry of each word
    is_sep = w_codes == ord(_SEP)
    word = np.cumsum(is_sep)  # the word of each position (a separator counts for the next)
    word_start = np.concatenate(([0], np.flatnonzero(is_sep) + 1))  # each word's first position in w_codes
    pos = np.flatnonzero(~is_sep)
    w_of = word[pos]
    target = at[w_of] + (pos - word_start[w_of])  # in the word's own text
    e_of = entry[w_of]
    inside = (at[w_of] >= 0) & (target < t_len[e_of])
    same = np.zeros(len(pos), dtype=bool)
    same[inside] = t_codes[(t_base[e_of] + target)[inside]] == w_codes[pos[inside]]
    lens = np.diff(np.concatenate((word_start, [len(w_codes) + 1]))) - 1
    wrong = np.zeros(len(ok), dtype=bool)
    np.logical_or.at(wrong, e_of[~same], True)
    empty = np.flatnonzero(lens == 0)  # an empty word is at a start inside its text, as str.startswith has it
    np.logical_or.at(wrong, entry[empty[(at[empty] < 0) | (at[empty] > t_len[entry[empty]])]], True)
    return bad | {ok[i][0] for i in np.flatnonzero(wrong)}


class _Cache:
    """Segmentations on disk, one folder per tokenizer configuration, Parquet parts written atomically.

    A part is written to a temporary name and renamed into place, so a reader never sees half a
    file; concurrent writers at worst write the same entries twice. Deleting the folder changes no
    result, only the time it takes.
    """

    MAX_PARTS = 16

    def __init__(self, root: Path, config: TokenizerConfig):
        self.dir = root / f"tokens-v{CACHE_VERSION}" / config.key()[:24]

    def _parts(self) -> list[Path]:
        return sorted(self.dir.glob("part-*.parquet")) if self.dir.is_dir() else []

    def get(self, texts: dict[str, str]) -> dict[str, Packed]:
        """The entries for the texts ``{key: text}`` found in the cache and checked against their text.

        Anything malformed is a cache miss, logged: a part that cannot be read or has not the cache's
        columns and types is removed, an entry that is not a segmentation of its text (offsets
        truncated, words and offsets not matching) is dropped from its part, which is rewritten.
        """
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted = pa.array(sorted(texts), type=pa.string())
        found: dict[str, Packed] = {}
        for part in self._parts():
            try:
                table = pq.read_table(part)
                if not {"key", "words", "starts"} <= set(table.column_names) or not (
                    pa.types.is_string(table["key"].type) or pa.types.is_large_string(table["key"].type)
                ):
                    raise ValueError(f"columns {table.schema.names} of types {[str(t) for t in table.schema.types]}")
                table = table.filter(pc.is_in(table["key"], value_set=wanted))
                rows = list(zip(*(table[c].to_pylist() for c in ("key", "words", "starts"))))
            except FileNotFoundError:  # removed meanwhile (compacted by another process)
                continue
            except (OSError, ValueError, TypeError, pa.ArrowException) as exc:  # unreadable or not the cache's shape
                log.warning("tokenize cache: %s is malformed (%s); ignored and removed, its texts segmented again",
                            part, exc)
                part.unlink(missing_ok=True)
                continue
            bad = _invalid(rows, texts)
            for k, w, s in rows:
                if k not in bad:
                    found[k] = (w, s)
            if bad:
                log.warning("tokenize cache: %d malformed entries in %s; ignored, segmented again and rewritten",
                            len(bad), part)
                self._drop(part, sorted(bad))
        return found

    def _drop(self, part: Path, keys: list[str]) -> None:
        """Rewrite ``part`` without the entries ``keys`` (removed when none is left)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(part)
        except (OSError, pa.ArrowException):
            return
        table = table.filter(pc.invert(pc.is_in(table["key"], value_set=pa.array(keys, type=pa.string()))))
        if table.num_rows:
            self._write(table, part)
        else:
            part.unlink(missing_ok=True)

    def put(self, entries: dict[str, Packed]) -> None:
        if not entries:
            return
        import pyarrow as pa

        self.dir.mkdir(parents=True, exist_ok=True)
        keys = sorted(entries)
        table = pa.table(
            {
                "key": pa.array(keys, type=pa.string()),
                "words": pa.array([entries[k][0] for k in keys], type=pa.large_string()),
                "starts": pa.array([entries[k][1] for k in keys], type=pa.large_binary()),
            }
        )
        name = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:24]
        self._write(table, self.dir / f"part-{name}.parquet")
        parts = self._parts()
        if len(parts) > self.MAX_PARTS:
            self._compact(parts)

    def _write(self, table, path: Path) -> None:
        import pyarrow.parquet as pq

        tmp = path.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}.parquet")
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _compact(self, parts: list[Path]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = []
        for part in parts:
            try:
                table = pq.read_table(part)
            except (OSError, pa.ArrowException):
                continue
            if {"key", "words", "starts"} <= set(table.column_names):
                table = table.select(["key", "words", "starts"])
                if not tables or table.schema.equals(tables[0].schema):  # a part of another shape stays a miss
                    tables.append(table)
        if not tables:
            return
        table = pa.concat_tables(tables)
        keys = table["key"].to_pylist()
        first = sorted({k: i for i, k in reversed(list(enumerate(keys)))}.items())
        table = table.take(pa.array([i for _, i in first]))
        self._write(table, self.dir / f"part-{uuid.uuid4().hex[:24]}.parquet")
        for part in parts:
            try:
                part.unlink()
            except FileNotFoundError:
                pass


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _segmented(texts: list[str], config: TokenizerConfig, n_jobs: int, cache_dir, progress=None) -> list[Packed]:
    """The packed segmentation of every text, from the cache where possible."""
    keys = [_text_key(t) for t in texts]
    root = _cache_root(cache_dir)
    cache = _Cache(root, config) if root is not None else None
    found = cache.get(dict(zip(keys, texts))) if cache is not None else {}
    todo = {}
    for k, t in zip(keys, texts):
        if k not in found and k not in todo:
            todo[k] = t
    if todo:
        done = _segment_many(config, list(todo.values()), n_jobs, progress)
        new = dict(zip(todo.keys(), done))
        if cache is not None:
            cache.put(new)
        found.update(new)
    if cache is not None:
        log.info("tokenize cache %s: %d texts found, %d segmented", cache.dir, len(set(keys)) - len(todo), len(todo))
    return [found[k] for k in keys]


def _words_of(column, config: TokenizerConfig, n_jobs: int, cache_dir, progress=None):
    """The words of every text of ``column`` (a pandas Series of str) as ids (:func:`nqp.tokens.parallel._encoded`'s
    ``(vocabulary, ids, bounds)``); with a cache, through :func:`_segmented`, so that the cache stores what
    the paths with offsets read."""
    if _cache_root(cache_dir) is None:
        return _encoded(config, column, n_jobs, progress)
    enc = _Encoder()
    for p in _segmented(column.tolist(), config, n_jobs, cache_dir, progress):
        enc.add_words(_words(p))
    return enc.finish()

"""The segmentation cache: Parquet parts on disk, keyed by the text's hash and the tokenizer configuration.

``cache_dir`` keeps segmentations on disk, keyed by the text's hash and the tokenizer configuration
(backend and its version, HMM, every lexicon word with its frequency and tag), so a changed lexicon
never reads a stale entry and deleting the cache changes no result, only the time it takes.
:func:`_segmented` is the one way to a segmentation: from the cache where possible, else segmented
(in worker processes for ``n_jobs > 1``) and stored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path
from typing import Iterable

from .parallel import _segment_many
from .segment import CACHE_VERSION, Packed, TokenizerConfig

log = logging.getLogger(__name__)

__all__: list[str] = []


def _cache_root(cache_dir) -> Path | None:
    if cache_dir is False:
        return None
    if cache_dir is None:
        env = os.environ.get("NQP_CACHE_DIR")
        return Path(env) if env else None
    if cache_dir is True:
        return Path(".nqp-cache")
    return Path(cache_dir)


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

    def get(self, keys: Iterable[str]) -> dict[str, Packed]:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted = pa.array(sorted(set(keys)), type=pa.string())
        found: dict[str, Packed] = {}
        for part in self._parts():
            try:
                table = pq.read_table(part)
            except (OSError, pa.ArrowInvalid) as exc:  # removed meanwhile, or unreadable: a cache miss
                log.info("tokenize cache: ignoring %s (%s)", part.name, exc)
                continue
            table = table.filter(pc.is_in(table["key"], value_set=wanted))
            for k, w, s in zip(*(table[c].to_pylist() for c in ("key", "words", "starts"))):
                found[k] = (w, s)
        return found

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
                tables.append(pq.read_table(part))
            except (OSError, pa.ArrowInvalid):
                continue
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
    found = cache.get(keys) if cache is not None else {}
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

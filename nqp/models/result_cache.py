"""A user-level cache of results that cost seconds and depend only on their inputs (the report's reference corpus).

:func:`result_entry` reads (and :meth:`ResultEntry.store` writes) a result kept on disk under a key
made of the caller's key (its inputs: tables are hashed by content, other values by their ``repr``),
nqp's own code and data (a hash of every file of the package, so any change of nqp reads no old
entry) and the versions of Python and the libraries underneath (the segmenters among them);
:func:`result_cached` is the same around one function. An entry is one file, written atomically,
holding a digest of its contents and its full key: an entry that cannot be read, whose digest or key
does not match, or that fails to load is a miss (logged), computed again and rewritten, never
returned. Deleting the folder changes no result, only the time it takes.

The folder: ``cache_dir``, else ``$NQP_RESULT_CACHE_DIR`` (empty: no cache), else ``nqp`` in the user's
cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``). It is not the tokenizer cache of
``NQP_CACHE_DIR``, which ``nqp report`` points at a folder of the run and removes: this one outlives
the run. Entries are pickles: keep the folder your own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import uuid
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["ResultEntry", "result_cached", "result_entry"]

_MAGIC = b"nqp-result-v1\n"


def _root(cache_dir) -> Path | None:
    if cache_dir is False:
        return None
    if cache_dir is None or cache_dir is True:
        env = os.environ.get("NQP_RESULT_CACHE_DIR")
        if env is not None:
            return Path(env) if env else None
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "nqp"
    return Path(cache_dir)


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """A hash of every file of the nqp package (code and data), and the versions of what it runs on."""
    import numpy
    import pandas
    import scipy
    import sklearn

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(repr((sys.version, numpy.__version__, pandas.__version__, scipy.__version__, sklearn.__version__,
                   _version("jieba"), _version("rjieba"), _version("pyarrow"))).encode())
    return h.hexdigest()


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return ""


def _part(value) -> str:
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value if isinstance(value, pd.DataFrame) else value.to_frame()
        h = hashlib.sha256(repr((list(frame.columns), list(map(str, frame.dtypes)))).encode())
        try:
            rows = pd.util.hash_pandas_object(value, index=True)
        except (TypeError, ValueError):  # cells pandas cannot hash (lists): by their text
            rows = pd.util.hash_pandas_object(value.astype(str), index=True)
        h.update(rows.to_numpy().tobytes())
        return f"table {value.shape} {h.hexdigest()}"
    return repr(value)


class ResultEntry:
    """One entry of the user-level result cache, for a result computed step by step where it is used.

    ``found``: whether a valid entry is there; ``value``: what it holds (None when not found);
    :meth:`store` writes a value and returns it. :func:`result_entry` makes one, :func:`result_cached`
    is the same for a result one function computes.
    """

    def __init__(self, path: Path | None, full: bytes):
        self.path, self._full = path, full
        found = _read(path, full) if path is not None else None
        self.found = found is not None
        self.value = found[0] if found is not None else None
        if self.found:
            log.info("result cache: read %s", path)

    def store(self, value):
        """Write ``value`` as this entry (logged and left uncached when the folder cannot be written); return it."""
        if self.path is not None:
            _write(self.path, self._full, value)
        self.found, self.value = True, value
        return value


def result_entry(name: str, key: dict, *, cache_dir=None) -> ResultEntry:
    """The entry of the user-level result cache for ``(name, key)`` and this nqp: read it if it is there and valid.

    ``name``: what is cached (a short word, part of the file's name). ``key``: every input the result
    depends on, ``{name: value}``; tables (DataFrame, Series) by their content, other values by their
    ``repr`` (so give numbers, strings, lists, never objects whose ``repr`` hides their state).
    ``cache_dir``: a folder; None or True: the user's cache (see the module); False: no cache (never
    found, :meth:`ResultEntry.store` writes nothing). Use::

        entry = nqp.result_entry("reference-scan", {"reports": reports, "ks": ks})
        if not entry.found:
            entry.store(compute_it())
        value = entry.value
    """
    root = _root(cache_dir)
    full = repr((name, sorted((str(k), _part(v)) for k, v in key.items()), _code_hash())).encode()
    path = None if root is None else root / "results-v1" / f"{name}-{hashlib.sha256(full).hexdigest()[:32]}.pkl"
    return ResultEntry(path, full)


def result_cached(name: str, key: dict, compute, *, cache_dir=None):
    """``compute()`` (called without arguments), from the user-level cache when a valid entry for ``(name, key)``
    and this nqp is there, else computed and stored (pickled). Arguments as for :func:`result_entry`."""
    if _root(cache_dir) is None:
        return compute()
    entry = result_entry(name, key, cache_dir=cache_dir)
    return entry.value if entry.found else entry.store(compute())


def _read(path: Path, full: bytes):
    """``(value,)`` of the entry at ``path`` if it is whole and its key is ``full``, else None (logged)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("result cache: %s cannot be read (%s); computed again", path, exc)
        return None
    head = len(_MAGIC) + 65
    if (not data.startswith(_MAGIC) or len(data) < head
            or hashlib.sha256(data[head:]).hexdigest().encode() != data[len(_MAGIC):head - 1]):
        log.warning("result cache: %s is malformed (not an entry or its digest does not match); computed again", path)
        return None
    try:
        stored_key, value = pickle.loads(data[head:])
    except Exception as exc:  # noqa: BLE001 (an entry that fails to load, whatever the reason, is a miss)
        log.warning("result cache: %s does not load (%s); computed again", path, exc)
        return None
    if stored_key != full:
        log.warning("result cache: %s holds another key; computed again", path)
        return None
    return (value,)


def _write(path: Path, full: bytes, value) -> None:
    payload = pickle.dumps((full, value), protocol=pickle.HIGHEST_PROTOCOL)
    data = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    tmp = path.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        log.info("result cache: wrote %s", path)
    except OSError as exc:
        log.warning("result cache: %s cannot be written (%s); the result is not cached", path, exc)
    finally:
        if tmp.exists():
            tmp.unlink()

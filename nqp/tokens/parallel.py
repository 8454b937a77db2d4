"""Segmentation in worker processes: the pool, its start method, and one retry on a broken pool.

``n_jobs`` runs the segmentation in worker processes. The workers are module-level functions, so
they work under the spawn start method of macOS and Windows; each loads the dictionary once, in its
initializer. The pool of the last call is kept for the next call with the same configuration
(starting processes and loading the dictionary costs seconds) and shut down at exit.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import count

import numpy as np
import pandas as pd

from .._validate import check_int
from ..errors import NqpError, NqpValueError
from .encoding import _Encoder, _Index
from .segment import Packed, TokenizerConfig, _pack, _Segmenter, _segmenter

log = logging.getLogger(__name__)

__all__ = ["pool_shutdown"]

#: start method of the worker processes for n_jobs > 1 (set it on this module:
#: ``nqp.tokens.parallel.START_METHOD``); None: "forkserver" where the platform has it (Linux, macOS:
#: nqp is imported once, then every worker forks from a clean server process), else "spawn" (Windows). Never "fork": forking a process that runs threads (pyarrow's) can deadlock.
START_METHOD: str | None = None


def resolve_n_jobs(n_jobs) -> int:
    """The number of processes ``n_jobs`` asks for: a positive integer, or -1 for all cores."""
    n_jobs = check_int("n_jobs", n_jobs, min=-1)
    if n_jobs == 0:
        raise NqpValueError("n_jobs=0: expected a positive integer, or -1 for all cores.")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


# module-level worker functions: importable under the spawn start method (macOS, Windows)
_WORKER: _Segmenter | None = None


def _worker_init(config: TokenizerConfig) -> None:
    global _WORKER
    _WORKER = _Segmenter(config)


def _worker_segment(texts: list[str]) -> list[Packed]:
    return [_pack(*_WORKER.segment(t)) for t in texts]


#: the vocabulary a worker keeps across the chunks of one call: (the call's tag, word -> id)
_WORKER_VOCAB: tuple[tuple, _Index] | None = None
_WORKER_SEQ = count()


def _worker_encode(job: tuple[tuple, list[str]]) -> tuple[int, int, int, list[str], np.ndarray, np.ndarray]:
    """A chunk's words as ids (:class:`~nqp.tokens.encoding._Encoder`) into a vocabulary this worker keeps for
    the whole call (``job``: the call's tag and the texts), so that each word is sent to the parent once
    per worker, not once per chunk: ``(pid, chunk number in this worker, words known before, the new
    words, ids, words per text)``."""
    global _WORKER_VOCAB
    call, texts = job
    if not isinstance(texts, list):  # an Arrow slice of the texts column
        texts = texts.to_pylist()
    if _WORKER_VOCAB is None or _WORKER_VOCAB[0] != call:
        _WORKER_VOCAB = (call, _Index())
    index = _WORKER_VOCAB[1]
    known = len(index.words)
    enc = _Encoder(index)
    cut = _WORKER.cut
    for t in texts:
        enc.add_cut(cut(t))
    vocab, ids, bounds = enc.finish()
    return os.getpid(), next(_WORKER_SEQ), known, vocab[known:], ids, np.diff(bounds)


def _merge_workers(parts: list, enc: _Encoder) -> None:
    """Add the workers' chunks (:func:`_worker_encode`, in the order of the texts) to ``enc``: each worker's
    vocabulary rebuilt from its chunks in the order it made them, mapped onto ``enc``'s once."""
    by_worker: dict[int, list] = {}
    for p in parts:
        by_worker.setdefault(p[0], []).append(p)
    mapping = {}
    for pid, chunks in by_worker.items():
        words: list[str] = []
        for _, _, known, new, _, _ in sorted(chunks, key=lambda c: c[1]):
            if known != len(words):  # pragma: no cover - a worker answers every chunk it was given
                raise NqpError(f"tokenize: worker {pid} sent chunks out of order; run again or with n_jobs=1.")
            words += new
        mapping[pid] = enc.ids_of(words)
    for pid, _, _, _, ids, lengths in parts:
        enc.add_encoded(None, mapping[pid][ids], lengths)


def _mp_context():
    method = START_METHOD or ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["nqp.tokens"])
    return ctx


def _segment_many(config: TokenizerConfig, texts: list[str], n_jobs: int, progress=None) -> list[Packed]:
    """The packed segmentation of every text, in order: in this process, or in ``n_jobs`` workers."""
    from ..progress import progress_bar

    if n_jobs == 1 or len(texts) < 2:
        seg = _segmenter(config)
        return [_pack(*seg.segment(t)) for t in progress_bar(texts, progress=progress, desc="tokenize", unit="text")]
    parts = _run_chunks(_worker_segment, config, texts, n_jobs, progress)
    return [p for part in parts for p in part]


def _encoded(config: TokenizerConfig, column, n_jobs: int, progress=None):
    """The words of every text of ``column`` (a pandas Series of str, or a list), in order, without offsets,
    as ids: ``(vocabulary, ids, bounds)`` of :meth:`~nqp.tokens.encoding._Encoder.finish`, what the tokens
    table needs and nothing more.

    In this process the raw cuts go straight into the encoder (nothing is packed or unpacked); with
    ``n_jobs`` workers each chunk goes out as a slice of the column's Arrow array (no Python string made
    or pickled in this process, when the column is Arrow-backed) and comes back as its vocabulary once and
    int32 ids, so no word crosses the pipe twice and the parent's work is one lookup per distinct word of
    a chunk and array indexing.
    """
    from ..progress import progress_bar

    enc = _Encoder()
    if n_jobs == 1 or len(column) < 2:
        texts = column if isinstance(column, list) else column.tolist()
        cut, add = _segmenter(config).cut, enc.add_cut
        for t in progress_bar(texts, progress=progress, desc="tokenize", unit="text"):
            add(cut(t))
    else:
        texts = _arrow_texts(column)
        if texts is None:
            texts = column if isinstance(column, list) else column.tolist()
        _merge_workers(_run_chunks(_worker_encode, config, texts, n_jobs, progress, tag=(os.getpid(), next(_CALLS))),
                       enc)
    return enc.finish()


def _arrow_texts(column):
    """``column``'s texts as an Arrow chunked array of strings when it is Arrow-backed (pandas' ``str``
    dtype), else None."""
    if not isinstance(getattr(column, "dtype", None), pd.StringDtype) or column.dtype.storage != "pyarrow":
        return None
    import pyarrow as pa

    arr = pa.array(column.array)
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def _chunk_bounds(sizes: np.ndarray, n_jobs: int) -> list[int]:
    """Where to cut texts of ``sizes`` characters into chunks of about equal length, in order: sixteen
    per worker, so that the last ones to finish leave little idle time at the end."""
    n_chunks = min(len(sizes), n_jobs * 16)
    ends = np.cumsum(sizes, dtype=np.int64)
    target = max(int(ends[-1]), 1) / n_chunks
    cuts = np.searchsorted(ends, target * np.arange(1, n_chunks), side="left") + 1
    return sorted({0, *cuts[cuts < len(sizes)].tolist(), len(sizes)})


_CALLS = count()


def _run_chunks(fn, config: TokenizerConfig, texts: list[str], n_jobs: int, progress, tag=None) -> list:
    """``fn`` over chunks of ``texts`` in the worker pool, results in order (one retry on a broken pool);
    with a ``tag``, ``fn`` gets ``(tag, chunk)``."""
    from ..progress import progress_bar

    if isinstance(texts, list):
        cuts = _chunk_bounds(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), n_jobs)
        chunks = [texts[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    else:  # an Arrow chunked array: each chunk its own compact copy, so that only its text is pickled
        import pyarrow as pa
        import pyarrow.compute as pc

        cuts = _chunk_bounds(pc.utf8_length(texts).to_numpy(), n_jobs)
        chunks = [pa.concat_arrays(texts.slice(a, b - a).chunks) for a, b in zip(cuts[:-1], cuts[1:])]
    if tag is not None:
        chunks = [(tag, c) for c in chunks]
    for attempt in (1, 2):
        ex = _pool(config, n_jobs)
        try:
            parts = list(progress_bar(ex.map(fn, chunks), progress=progress, total=len(chunks),
                                      desc=f"tokenize ({n_jobs} processes)", unit="chunk"))
            break
        except BrokenProcessPool:
            pool_shutdown()
            if attempt == 2:
                raise NqpError(
                    f"tokenize: a worker process died twice (n_jobs={n_jobs}); run with n_jobs=1, or with fewer "
                    "processes if memory is short."
                ) from None
            log.info("tokenize: a worker process died; starting the pool again")
    return parts


#: the worker pool of the last n_jobs > 1 call, kept for the next call with the same configuration
#: (starting processes and loading the dictionary in each costs seconds); shut down at exit
_POOL: tuple[tuple, ProcessPoolExecutor] | None = None


def _pool(config: TokenizerConfig, n_jobs: int) -> ProcessPoolExecutor:
    global _POOL
    key = (config, n_jobs, START_METHOD)
    if _POOL is not None and _POOL[0] == key:
        return _POOL[1]
    pool_shutdown()
    ex = ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context(), initializer=_worker_init, initargs=(config,))
    _POOL = (key, ex)
    return ex


def pool_shutdown() -> None:
    """Stop the worker processes that ``n_jobs > 1`` started and keeps for the next call (also done at exit)."""
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None


atexit.register(pool_shutdown)

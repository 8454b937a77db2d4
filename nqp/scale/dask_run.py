"""The Dask path: clean and tokenize a corpus dataset partition by partition (:func:`pipeline`).

Also the pieces the out-of-core steps share: the scheduler or cluster client, the session's local
process pool, computing a dask DataFrame of small per-partition results, and handing a finished
partition's memory back to the system.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from pathlib import Path

import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpError, NqpTypeError, NqpValueError
from ..progress import progress_bar, progress_disable
from ..io import check_output
from .parts import (
    ARTICLES,
    TOKENS_DIR,
    begin_dataset,
    dataset_marker,
    mark_complete,
    parquet_parts,
    read_part,
    write_part,
)
from .stream import corpus_to_parquet

log = logging.getLogger(__name__)

__all__ = ["pipeline"]

SCHEDULERS = ("processes", "threads", "sync")
#: the optional part of the install that the Dask path needs (``pip install 'nqp[dask]'``)
DASK_EXTRA = "dask"


def require_dask(what: str):
    """``dask.dataframe``, or an :class:`NqpError` naming ``what`` needs it and the extra that installs it.

    The Dask path (:func:`pipeline`, :func:`nqp.dtm_parquet`) is an optional part of nqp: ``pip install nqp``
    leaves out dask and distributed; ``pip install 'nqp[dask]'`` (or the repository's ``make`` commands)
    brings them. Everything else, :func:`nqp.corpus_to_parquet` included, works without them.
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:
        missing = getattr(exc, "name", None) or "dask"
        raise NqpError(
            f"{what} runs through Dask, which is not installed ({missing} cannot be imported): it is an optional "
            f"part of nqp. Install it with pip install 'nqp[{DASK_EXTRA}]' (dask[dataframe] and distributed), "
            "or use the in-memory path (nqp.clean, nqp.tokenize, nqp.dtm)."
        ) from None
    del dask
    return dd


@contextlib.contextmanager
def _client(scheduler):
    """Yield ``(client, local_scheduler)``: a distributed Client (ours closed afterwards) or None and the
    name of a local dask scheduler."""
    if scheduler is None or scheduler in SCHEDULERS:
        yield None, scheduler or "processes"
        return
    try:
        from distributed import Client
    except ImportError:
        raise NqpError(
            f"scheduler={scheduler!r}: a cluster needs the 'distributed' package, which is not installed: it is an "
            f"optional part of nqp. Install it with pip install 'nqp[{DASK_EXTRA}]', or pass scheduler=None to run "
            "on local processes."
        ) from None
    if isinstance(scheduler, Client):
        yield scheduler, None
        return
    if hasattr(scheduler, "scheduler_address"):  # a LocalCluster or another cluster object
        scheduler = scheduler.scheduler_address
    if not isinstance(scheduler, str) or "://" not in scheduler:
        raise NqpError(
            f"scheduler={scheduler!r}: expected None (local processes), 'processes', 'threads', 'sync', a "
            "scheduler address such as 'tcp://10.0.0.5:8786', a distributed.Client or a cluster object."
        )
    try:
        client = Client(scheduler, set_as_default=False)
    except OSError as exc:
        raise NqpError(f"scheduler={scheduler!r}: cannot connect ({exc}). Is the dask scheduler running there?") from None
    try:
        yield client, None
    finally:
        client.close()


_POOLS: dict = {}


def _process_pool(n_workers: int | None):
    """A process pool kept for the session (spawned once: the workers keep their tokenizers warm)."""
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = _pool_size(n_workers)
    pool = _POOLS.get(n)
    if pool is None:
        pool = _POOLS[n] = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(pool.shutdown, wait=False, cancel_futures=True)
    return pool


def _pool_size(n_workers: int | None) -> int:
    import os

    return int(n_workers or os.cpu_count() or 1)


def _release_pool(scheduler, n_workers: int | None) -> None:
    """Stop the session's local worker processes (they hold tokenizers and the heap of their largest
    partition); the next call that needs them starts new ones."""
    if scheduler not in (None, "processes"):
        return
    pool = _POOLS.pop(_pool_size(n_workers), None)
    if pool is not None:
        pool.shutdown(wait=True)


def _no_string_conversion():
    """dask would turn string columns into pyarrow strings; the in-memory path keeps pandas' own."""
    import dask

    return dask.config.set({"dataframe.convert-string": False})


def _compute(frame, scheduler, progress, desc: str, n_workers: int | None = None) -> pd.DataFrame:
    """Compute a dask DataFrame of small per-partition results, with a progress bar."""
    with _no_string_conversion(), _client(scheduler) as (client, local):
        if client is not None:
            from distributed import as_completed

            futures = client.compute(frame.to_delayed())
            for _ in progress_bar(as_completed(futures, loop=client.loop), progress=progress, total=len(futures), desc=desc, unit="part"):
                pass
            parts = client.gather(futures)
        else:
            import dask
            from tqdm.dask import TqdmCallback

            kwargs = {"num_workers": n_workers} if n_workers and local == "threads" else {}
            if local == "processes":
                # dask batches 6 tasks per submission by default: with few partitions every one would
                # land in the same worker process. A partition is a large unit of work: one per submit.
                kwargs["pool"] = _process_pool(n_workers)
                kwargs["chunksize"] = 1
            with TqdmCallback(desc=desc, disable=progress_disable(progress), leave=False):
                (parts,) = dask.compute(frame.to_delayed(), scheduler=local, **kwargs)
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else None


def _run_part(corpus: pd.DataFrame, out: str, names: list[str], clean_options: dict, tokenize_options, partition_info=None):
    """One partition: clean, write articles, tokenize, write tokens; return a one-row summary."""
    from ..cleaning import clean
    from ..tokens import tokenize

    name = names[partition_info["number"]] if partition_info else names[0]
    out = Path(out)
    articles = clean(corpus, **clean_options).articles
    write_part(articles, out / ARTICLES / name)
    n_tokens = 0
    if tokenize_options is not None:
        if len(articles):
            tokens = tokenize(articles, **tokenize_options)
        else:
            tokens = articles.drop(columns=[c for c in S.TOKENS_DROPPED if c in articles.columns]).assign(
                **{S.TOKENS: [], S.N_WORDS: [], S.N_STOPWORDS: [], S.N_FORMULA: []})
        n_tokens = int(sum(len(t) for t in tokens[S.TOKENS])) if S.TOKENS in tokens.columns else len(tokens)
        write_part(tokens, out / TOKENS_DIR / name)
    summary = pd.DataFrame(
        [[name, len(corpus), int(corpus[S.TEXT].str.len().sum()) if len(corpus) else 0, len(articles),
          int(articles[S.N_CHARS].sum()) if len(articles) else 0, n_tokens]],
        columns=S.PIPELINE_STATS_COLUMNS,
    )
    articles = corpus = tokens = None  # the partition's frames go before the heap is handed back
    _release_memory()
    return summary


def _release_memory() -> None:
    """Hand the heap a finished partition freed back to the system (glibc keeps it otherwise, so a
    long-lived worker process would hold its largest partition's peak for the rest of the session)."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        import ctypes
        import ctypes.util

        try:
            _MALLOC_TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to do
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM = None


def _options_record(options):
    """``options`` as a record a rerun can be compared by: files named by their size and modification time; an
    option that is not plain data (a DataFrame, a Lexicon ...) makes the run one that no rerun resumes."""
    import os
    import uuid

    def plain(v):
        if isinstance(v, (str, os.PathLike)):
            f = Path(v)
            return [str(v), f.stat().st_size, f.stat().st_mtime_ns] if f.is_file() else str(v)
        if v is None or isinstance(v, (bool, int, float)):
            return v
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in sorted(v.items())}
        return f"not comparable: {uuid.uuid4().hex}"

    return plain(options)


def _summary(corpus_part: Path, out: Path, tokenized: bool) -> list:
    """The summary row :func:`_run_part` gave for a partition already written (same values)."""
    import pyarrow.parquet as pq

    name = corpus_part.name
    # n_chars, not the texts: a resumed run reads none of the text of the partitions done
    corpus = pq.read_table(corpus_part, columns=[S.N_CHARS])[S.N_CHARS].to_pylist()
    articles = pq.read_table(out / ARTICLES / name, columns=[S.N_CHARS])[S.N_CHARS].to_pylist()
    n_tokens = 0
    if tokenized:
        tokens = pq.read_table(out / TOKENS_DIR / name, columns=[S.TOKENS])[S.TOKENS].to_pylist()
        n_tokens = int(sum(len(t) for t in tokens if t is not None))
    return [name, len(corpus), int(sum(corpus)), len(articles), int(sum(articles)), n_tokens]


def _empty_part(path: Path) -> pd.DataFrame:
    """A part's columns and types without its rows (from the Parquet schema: no text is read)."""
    import pyarrow.parquet as pq

    from .parts import restore_lists

    return restore_lists(pq.read_schema(path).empty_table().to_pandas())


def _stats_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object" if c == S.PART_COLUMN else "int64") for c in S.PIPELINE_STATS_COLUMNS})


def pipeline(
    corpus,
    out,
    *,
    clean: dict | None = None,
    tokenize: dict | bool | None = None,
    scheduler=None,
    n_workers: int | None = None,
    partition_size: int = 5000,
    progress=None,
) -> pd.DataFrame:
    """Clean and tokenize a corpus partition by partition with Dask; write ``out/articles`` and ``out/tokens``.

    ``corpus``: a corpus dataset of :func:`corpus_to_parquet` (a folder of ``part.*.parquet``), or
    anything :func:`nqp.load_corpus` reads (then it is streamed into ``out/corpus`` first, with
    ``partition_size`` documents per partition). ``clean``: keyword arguments of ``nqp.clean``
    (``rules``; ``theme`` is deprecated and ignored, as by ``nqp.clean``); ``tokenize``: keyword arguments of ``nqp.tokenize`` (``lexicon``,
    ``stopwords``, ``backend`` ...; ``False`` skips tokenizing). ``n_jobs`` of tokenize stays 1:
    the partitions are the parallelism.

    ``scheduler``: None or ``"processes"`` (dask's local process pool, ``n_workers`` processes),
    ``"threads"``, ``"sync"`` (one process, for debugging), a scheduler address
    (``"tcp://host:8786"``: a ``distributed.Client`` is created and closed), a ``distributed.Client``
    or a cluster object (``LocalCluster``). On a cluster the workers must be able to read the corpus
    and write ``out`` (a shared file system).

    The partitions of ``out/articles`` and ``out/tokens`` have the names of the corpus partitions,
    and each folder gets its completion marker once every partition is written; read them with :func:`parquet_read` or ``dask.dataframe.read_parquet``. Concatenated they equal
    ``nqp.clean(corpus)`` and ``nqp.tokenize(articles)`` in memory (same rows, order and columns).
    Returns one row per partition, in order: ``part``, ``documents``, ``characters``, ``articles``,
    ``article_characters``, ``tokens`` (tokens kept).

    Needs the optional Dask part of nqp (``pip install 'nqp[dask]'``); without it an :class:`NqpError`
    says so before any work.
    """
    dd = require_dask("nqp.pipeline")

    n_workers = check_int("n_workers", n_workers, min=1, allow_none=True)
    src = Path(corpus).expanduser() if isinstance(corpus, (str, Path)) else None
    if src is None:
        raise NqpTypeError(f"corpus: expected a path (a corpus dataset folder or a corpus to load), got {type(corpus).__name__}.")
    out = check_output(out, name="out", kind="folder").absolute()  # the workers may run in another working directory
    is_dataset = src.is_dir() and any(src.glob("part.*.parquet"))
    if not is_dataset:
        src = corpus_to_parquet(src, out / "corpus", partition_size=partition_size, progress=progress)
    files = parquet_parts(src)
    clean_options = dict(clean or {})
    if tokenize is False:
        tokenize_options = None
    else:
        tokenize_options = dict(tokenize or {}) if tokenize is not True else {}
        tokenize_options.setdefault("n_jobs", 1)
    bad = sorted(set(clean_options) - {"rules", "theme"})
    if bad:
        raise NqpValueError(f"clean: unknown option(s) {bad}; nqp.clean takes rules= here.")
    if clean_options.pop("theme", None) is not None:  # warned once here, not once per partition in the workers
        warnings.warn(
            "nqp.pipeline(clean={'theme': ...}) is deprecated and ignored: cleaning no longer judges relevance. "
            "Select the articles about a theme afterwards with nqp.articles_in_scope(articles, terms).",
            DeprecationWarning,
            stacklevel=2,
        )
    if tokenize_options is not None and "long" in tokenize_options:
        raise NqpValueError("tokenize: long=True is not supported by the pipeline; it writes the token lists.")
    corpus_sha256 = dataset_marker(src).get("corpus_sha256")
    run = {"writer": "nqp.pipeline", "corpus": str(src.absolute()), "corpus_sha256": corpus_sha256,
           "parts": [f.name for f in files], "clean": _options_record(clean_options),
           "tokenize": _options_record(tokenize_options)}
    kept = begin_dataset(out / ARTICLES, run)
    if tokenize_options is not None:
        kept &= begin_dataset(out / TOKENS_DIR, run)  # a partition is done when both its parts are written
    else:
        begin_dataset(out / TOKENS_DIR, run)
    done = [f for f in files if f.name in kept]
    files = [f for f in files if f.name not in kept]
    names = [f.name for f in files]
    with _no_string_conversion():
        frame = dd.from_map(read_part, [str(f) for f in files or done], meta=_empty_part((files or done)[0]))
        stats = frame.map_partitions(
            _run_part, str(out), names, clean_options, tokenize_options, meta=_stats_meta(), align_dataframes=False
        )
    table = _compute(stats, scheduler, progress, "clean+tokenize", n_workers) if files else None
    if done:  # the partitions of the run this one resumes: their summary from the parts written
        log.info("pipeline: resuming: %d of %d partitions kept from the run before", len(done), len(done) + len(files))
        kept_rows = pd.DataFrame([_summary(f, out, tokenize_options is not None) for f in done], columns=S.PIPELINE_STATS_COLUMNS)
        table = kept_rows if table is None else pd.concat([table, kept_rows], ignore_index=True)
    mark_complete(out / ARTICLES, corpus_sha256)  # last, once every partition is written
    if tokenize_options is not None:
        mark_complete(out / TOKENS_DIR, corpus_sha256)
    table = table.sort_values(S.PART_COLUMN, kind="stable").reset_index(drop=True)
    log.info("pipeline: %d documents (%d characters) in %d partitions -> %d articles, %d tokens, in %s",
             int(table["documents"].sum()), int(table["characters"].sum()), len(table), int(table["articles"].sum()),
             int(table["tokens"].sum()), out.name)
    return table


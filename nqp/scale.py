"""Scale: the stages partition by partition through Dask, on Parquet, for corpora larger than memory.

The in-memory path (``load_corpus -> clean -> tokenize -> dtm``) holds the whole corpus at once. This
module runs the same functions on partitions of a few thousand documents, reading and writing
Parquet datasets (a folder of ``part.00000.parquet``, ``part.00001.parquet`` ... in ``doc_id``
order), so memory depends on the partition size, not on the corpus:

1. :func:`corpus_to_parquet` streams a folder of ``.txt`` files or a big ``.jsonl``/``.csv``/``.parquet``
   table into a corpus dataset, partitioned and sorted by ``doc_id`` (never the whole text in memory);
2. :func:`pipeline` runs ``nqp.clean`` and ``nqp.tokenize`` on each partition through
   ``dask.dataframe`` (``from_map`` + ``map_partitions``), writing ``articles/`` and ``tokens/``
   datasets beside each other; on a ``distributed`` cluster when given a scheduler address
   (``scheduler="tcp://host:8786"``, the workers must see the output folder), else on the local
   processes scheduler;
3. :func:`dtm_parquet` builds the document-term matrix from a tokens dataset in two passes
   (document frequencies, then sparse rows written per partition and assembled once);
4. :func:`topics_partial_fit` fits MiniBatchNMF or online LDA batch by batch (``partial_fit``).

Every partition sees exactly what the in-memory path sees for its documents, and cleaning and
tokenizing work document by document, so the results are the same: ``parquet_read(out / "articles")``
equals ``nqp.clean(nqp.load_corpus(path))`` and :func:`dtm_parquet` equals ``nqp.dtm`` of the same
tokens (``tests/test_scale.py`` checks both). Corpus-wide steps (``nqp.near_duplicates``) are not
partitioned: run them on the articles table when it fits in memory.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schema as S
from .errors import CorpusError, NqpError
from .progress import progress_bar, progress_disable

log = logging.getLogger("nqp")

PART = "part.{:05d}.parquet"
ARTICLES = "articles"
TOKENS_DIR = "tokens"
TOKENS = "tokens"
#: list columns of the articles/tokens tables and how their items come back from Parquet
_TUPLE_LISTS = (S.HEADINGS, S.RAW_SEGMENTS)
_STR_LISTS = (TOKENS,)
STATS_COLUMNS = ["part", "documents", "characters", "articles", "article_characters", "tokens"]
SCHEDULERS = ("processes", "threads", "sync")


# ---------------------------------------------------------------------------------------------
# datasets


def parquet_parts(path) -> list[Path]:
    """The part files of a dataset folder (``part.*.parquet``), in order; a single file is its own part.

    The paths are absolute: worker processes started earlier may run in another working directory."""
    p = Path(path).expanduser().absolute()
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise NqpError(f"{p}: no such dataset folder. Write one with nqp.corpus_to_parquet or nqp.pipeline.")
    parts = sorted(p.glob("part.*.parquet"))
    if not parts:
        raise NqpError(f"{p}: no part.*.parquet files in this folder. Write it with nqp.corpus_to_parquet or nqp.pipeline.")
    return parts


def _restore(df: pd.DataFrame) -> pd.DataFrame:
    """Give list columns back their in-memory form (lists of tuples / lists of str)."""
    for c in _TUPLE_LISTS:
        if c in df.columns:
            df[c] = [[tuple(int(y) for y in x) for x in v] if v is not None else [] for v in df[c]]
    for c in _STR_LISTS:
        if c in df.columns:
            df[c] = [list(v) if v is not None else [] for v in df[c]]
    return df


def _read_part(path, columns=None) -> pd.DataFrame:
    return _restore(pd.read_parquet(path, columns=columns))


def _write_part(df: pd.DataFrame, path: Path) -> Path:
    df = df.copy()
    for c in _TUPLE_LISTS:
        if c in df.columns:
            df[c] = [[[int(y) for y in x] for x in v] for v in df[c]]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(path)  # a part is either complete or absent
    return path


def parquet_read(path, columns=None) -> pd.DataFrame:
    """Read a whole dataset written by this module into one DataFrame (parts in order).

    List columns come back as in memory: ``headings``/``raw_segments`` lists of tuples, ``tokens``
    lists of str. Only for datasets that fit in memory; otherwise use ``dask.dataframe.read_parquet``.
    """
    parts = [_read_part(f, columns) for f in parquet_parts(path)]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def _clear(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for f in list(out.glob("part.*.parquet")) + list(out.glob("part.*.tmp")):
        f.unlink()


def _check_partition_size(partition_size) -> int:
    if isinstance(partition_size, bool) or not isinstance(partition_size, (int, np.integer)) or partition_size < 1:
        raise NqpError(f"partition_size: expected a positive number of documents per partition, got {partition_size!r}.")
    return int(partition_size)


# ---------------------------------------------------------------------------------------------
# corpus -> Parquet, streamed


def corpus_to_parquet(
    path,
    out,
    *,
    partition_size: int = 5000,
    text_column: str = "text",
    id_column: str | None = None,
    encoding: str | None = None,
    progress=None,
) -> Path:
    """Stream a corpus into a Parquet dataset ``out/part.NNNNN.parquet``, ``partition_size`` documents each.

    ``path`` as for :func:`nqp.load_corpus`: a folder of ``.txt`` files (with ``metadata.csv``) or a
    ``.jsonl``/``.csv``/``.parquet`` table (a ``.json`` array is read whole). The rows and columns are
    those of ``load_corpus`` (same ids, dates, scripts, titles), sorted by ``doc_id`` across the whole
    dataset; memory holds one partition (plus every document's id) at a time: files are read a
    partition at a time, tables in chunks of ``partition_size`` rows, bucketed by ``doc_id`` rank on
    disk when the table is not already in ``doc_id`` order. Existing parts in ``out`` are replaced.
    Returns ``out``.
    """
    from . import corpus as C

    partition_size = _check_partition_size(partition_size)
    if path is None or str(path).strip() == "":
        raise CorpusError("path: no corpus path given. Pass a folder of .txt files or a .csv/.jsonl/.parquet table.")
    p = Path(path).expanduser()
    out = Path(out).expanduser()
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder. Pass a folder of .txt files or a .csv/.jsonl/.parquet table.")
    if out.resolve() == p.resolve():
        raise NqpError(f"out={str(out)!r}: must not be the corpus itself; choose another folder.")
    _clear(out)
    if p.is_dir():
        n_docs, n_chars = _folder_to_parquet(p, out, partition_size, encoding, progress, C)
    elif p.suffix.lower() in (".jsonl", ".ndjson", ".csv", ".parquet", ".pq"):
        n_docs, n_chars = _table_to_parquet(p, out, partition_size, text_column, id_column, progress, C)
    elif p.suffix.lower() in C.TABLE_SUFFIXES + C.TEXT_SUFFIXES:
        corpus = C.load_corpus(p, text_column=text_column, id_column=id_column, encoding=encoding)
        n_docs, n_chars = len(corpus), int(corpus[S.N_CHARS].sum())
        for i, start in enumerate(range(0, len(corpus), partition_size)):
            _write_part(corpus.iloc[start : start + partition_size], out / PART.format(i))
    else:
        raise CorpusError(f"{p}: unsupported file type {p.suffix!r}. Use a folder of .txt files or a .jsonl/.csv/.parquet table.")
    log.info("corpus_to_parquet: %d documents, %d characters from %s into %d partitions of up to %d documents",
             n_docs, n_chars, p.name, len(parquet_parts(out)), partition_size)
    return out


def _folder_to_parquet(folder: Path, out: Path, size: int, encoding, progress, C) -> tuple[int, int]:
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in C.TEXT_SUFFIXES)
    if not files:
        raise CorpusError(f"{folder}: no .txt files in this folder. Put one UTF-8 .txt file per document there.")
    meta_path = folder / C.METADATA_FILE
    meta = C._read_metadata(meta_path) if meta_path.exists() else None
    by_file = {} if meta is None else {r["file"]: r for r in meta.to_dict("records")}
    ids = [str((by_file.get(f.name) or {}).get(S.DOC_ID) or f.stem) for f in files]
    dup = sorted({i for i, n in Counter(ids).items() if n > 1})
    if dup:
        raise CorpusError(f"{meta_path if meta is not None else folder}: duplicate doc_id {', '.join(dup[:10])}. Give every document its own id.")
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    files = [files[i] for i in order]
    meta_cols = [c for c in (meta.columns if meta is not None else []) if c not in ("file", S.DOC_ID, S.SCRIPT)]
    n_docs = n_chars = 0
    bar = progress_bar(total=len(files), progress=progress, desc="load", unit="file")
    for i, start in enumerate(range(0, len(files), size)):
        chunk = files[start : start + size]
        sub = None if meta is None else meta[meta["file"].isin({f.name for f in chunk})]
        frame = C._load_files(chunk, folder, sub, encoding=encoding, progress=False)
        for c in meta_cols:  # a partition of unlisted files still gets every metadata column
            if c not in frame.columns:
                frame[c] = None
        _write_part(frame, out / PART.format(i))
        n_docs += len(frame)
        n_chars += int(frame[S.N_CHARS].sum())
        bar.update(len(chunk))
    bar.close()
    return n_docs, n_chars


def _table_chunks(path: Path, size: int, columns=None):
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with pd.read_json(path, lines=True, dtype=False, chunksize=size) as reader:
            yield from reader
    elif suffix == ".csv":
        with pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str, chunksize=size) as reader:
            for chunk in reader:
                yield chunk.replace({"": None})
    else:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=size, columns=columns):
            yield batch.to_pandas()


def _table_to_parquet(path: Path, out: Path, size: int, text_column: str, id_column, progress, C) -> tuple[int, int]:
    suffix = path.suffix.lower()
    # pass 1: every row's id (and the columns), never more than one chunk of text in memory
    columns: list[str] = []
    id_values, years, n_rows = [], [], 0
    empty = []
    parquet_cols = None
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        names = pq.ParquetFile(path).schema_arrow.names
        parquet_cols = [c for c in names if c != text_column]
        if text_column not in names:
            raise CorpusError(f"{path}: no text column {text_column!r} (columns: {', '.join(names)}). Pass text_column=....")
    try:
        for chunk in progress_bar(_table_chunks(path, size, parquet_cols), progress=progress, desc="load: ids", unit="chunk"):
            for c in chunk.columns:
                if c not in columns:
                    columns.append(c)
            if parquet_cols is None:
                if text_column not in chunk.columns:
                    raise CorpusError(
                        f"{path}: no text column {text_column!r} (columns: {', '.join(map(str, chunk.columns))}). "
                        "Pass text_column=... naming the column that holds the text."
                    )
                empty += [f"{path.name}:{n_rows + i + 1}" for i, t in enumerate(chunk[text_column])
                          if not isinstance(t, str) or not t.strip()]
            id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in chunk.columns), None)
            if id_col and id_col in chunk.columns:
                id_values += list(chunk[id_col].astype(str))
            if "year" in chunk.columns:
                years.append(chunk["year"])
            n_rows += len(chunk)
    except CorpusError:
        raise
    except Exception as exc:  # noqa: BLE001 - reader errors vary by format; one clear message
        raise CorpusError(f"{path}: cannot be read as {suffix[1:]} ({type(exc).__name__}: {exc}).") from None
    if parquet_cols is not None:
        columns.append(text_column)
    if n_rows == 0:
        raise CorpusError(f"{path}: the table has no rows.")
    if id_column and id_column not in columns:
        raise CorpusError(f"{path}: no id column {id_column!r}. Columns: {', '.join(map(str, columns))}.")
    if empty:
        raise CorpusError(f"{path}: empty text in {len(empty)} row(s) ({', '.join(empty[:5])}). Remove those rows or fill them.")
    id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in columns), None)
    year = pd.concat(years, ignore_index=True) if years else None
    ids = C.table_doc_ids(path.stem, n_rows, id_values if id_col else None, year)
    dup = sorted({i for i, n in Counter(ids).items() if n > 1})
    if dup:
        raise CorpusError(f"{path}: duplicate doc_id {', '.join(map(str, dup[:10]))}. Give every document its own id.")
    ids_arr = np.array(ids, dtype=object)
    rank = np.empty(n_rows, dtype=np.int64)
    rank[np.argsort(ids_arr, kind="stable")] = np.arange(n_rows)
    target = rank // size
    n_parts = int(target.max()) + 1
    in_order = bool((np.diff(rank) == 1).all()) if n_rows > 1 else True
    # pass 2: the chunks again, each row through load_corpus's own steps, to its partition
    renamed = [("origin" if c == S.SOURCE else S.TEXT if c == text_column else c) for c in columns]
    extra_order = [c for c in renamed if c not in S.CORPUS_COLUMNS]
    buckets = out / ".buckets"
    n_chars = 0
    offset = 0
    pending: list[pd.DataFrame] = []  # in-order tables: rows waiting for their partition to fill
    next_part = 0
    bar = progress_bar(total=n_rows, progress=progress, desc="load", unit="doc")
    for ci, chunk in enumerate(_table_chunks(path, size)):
        n = len(chunk)
        table = chunk.rename(columns={S.SOURCE: "origin"}).rename(columns={text_column: S.TEXT}).reset_index(drop=True)
        table[S.DOC_ID] = ids_arr[offset : offset + n]
        table[S.SOURCE] = [f"{path.name}:{offset + i + 1}" for i in range(n)]
        if S.DATE not in table.columns and "year" in table.columns:
            table[S.DATE] = table["year"].astype(str)
            table[S.DATE_PRECISION] = "year"
        table[S.ENCODING] = "utf-8" if suffix not in (".parquet", ".pq") else "parquet"
        frame = C._finish(table, where=str(path))
        for c in extra_order:
            if c not in frame.columns:
                frame[c] = None
        frame = frame[S.CORPUS_COLUMNS + extra_order]
        n_chars += int(frame[S.N_CHARS].sum())
        if in_order:
            pending.append(frame)
            have = sum(len(f) for f in pending)
            while have >= size or (have and offset + n == n_rows):
                allrows = pd.concat(pending, ignore_index=True)
                _write_part(allrows.iloc[:size], out / PART.format(next_part))
                next_part += 1
                pending = [allrows.iloc[size:]] if len(allrows) > size else []
                have = sum(len(f) for f in pending)
        else:
            # _finish sorted the chunk by doc_id: find each row's place in the table again
            at = pd.Index(ids_arr[offset : offset + n]).get_indexer(frame[S.DOC_ID].astype(object))
            t = target[offset + at]
            for part in np.unique(t):
                where = buckets / f"{part:05d}"
                where.mkdir(parents=True, exist_ok=True)
                frame[t == part].to_parquet(where / f"{ci:06d}.parquet", index=False)
        offset += n
        bar.update(n)
    bar.close()
    if not in_order:
        for part in progress_bar(range(n_parts), progress=progress, desc="load: sort", unit="part"):
            pieces = [pd.read_parquet(f) for f in sorted((buckets / f"{part:05d}").glob("*.parquet"))]
            frame = pd.concat(pieces, ignore_index=True).sort_values(S.DOC_ID, kind="stable").reset_index(drop=True)
            _write_part(frame, out / PART.format(part))
        shutil.rmtree(buckets, ignore_errors=True)
    return n_rows, n_chars


# ---------------------------------------------------------------------------------------------
# the Dask path


@contextlib.contextmanager
def _client(scheduler):
    """Yield ``(client, local_scheduler)``: a distributed Client (ours closed afterwards) or None and the
    name of a local dask scheduler."""
    if scheduler is None or scheduler in SCHEDULERS:
        yield None, scheduler or "processes"
        return
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise NqpError("scheduler: a cluster address needs the 'distributed' package: pip install distributed.") from None
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
    from .clean import clean
    from .tokens import tokenize

    name = names[partition_info["number"]] if partition_info else names[0]
    out = Path(out)
    articles = clean(corpus, **clean_options).articles
    _write_part(articles, out / ARTICLES / name)
    n_tokens = 0
    if tokenize_options is not None:
        if len(articles):
            tokens = tokenize(articles, **tokenize_options)
        else:
            tokens = articles.drop(columns=[c for c in (S.TEXT, S.TEXT_ORIG) if c in articles.columns]).assign(
                **{TOKENS: [], "n_words": [], "n_stopwords": [], "n_formula": []})
        n_tokens = int(sum(len(t) for t in tokens[TOKENS])) if TOKENS in tokens.columns else len(tokens)
        _write_part(tokens, out / TOKENS_DIR / name)
    summary = pd.DataFrame(
        [[name, len(corpus), int(corpus[S.TEXT].str.len().sum()) if len(corpus) else 0, len(articles),
          int(articles[S.N_CHARS].sum()) if len(articles) else 0, n_tokens]],
        columns=STATS_COLUMNS,
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


def _stats_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object" if c == "part" else "int64") for c in STATS_COLUMNS})


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
    (``rules``, ``theme``); ``tokenize``: keyword arguments of ``nqp.tokenize`` (``lexicon``,
    ``stopwords``, ``backend`` ...; ``False`` skips tokenizing). ``n_jobs`` of tokenize stays 1:
    the partitions are the parallelism.

    ``scheduler``: None or ``"processes"`` (dask's local process pool, ``n_workers`` processes),
    ``"threads"``, ``"sync"`` (one process, for debugging), a scheduler address
    (``"tcp://host:8786"``: a ``distributed.Client`` is created and closed), a ``distributed.Client``
    or a cluster object (``LocalCluster``). On a cluster the workers must be able to read the corpus
    and write ``out`` (a shared file system).

    The partitions of ``out/articles`` and ``out/tokens`` have the names of the corpus partitions;
    read them with :func:`parquet_read` or ``dask.dataframe.read_parquet``. Concatenated they equal
    ``nqp.clean(corpus)`` and ``nqp.tokenize(articles)`` in memory (same rows, order and columns).
    Returns one row per partition, in order: ``part``, ``documents``, ``characters``, ``articles``,
    ``article_characters``, ``tokens`` (tokens kept).
    """
    import dask.dataframe as dd

    out = Path(out).expanduser().absolute()  # the workers may run in another working directory
    src = Path(corpus).expanduser() if isinstance(corpus, (str, Path)) else None
    if src is None:
        raise NqpError(f"corpus: expected a path (a corpus dataset folder or a corpus to load), got {type(corpus).__name__}.")
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
        raise NqpError(f"clean: unknown option(s) {bad}; nqp.clean takes rules= and theme= here.")
    if tokenize_options is not None and "long" in tokenize_options:
        raise NqpError("tokenize: long=True is not supported by the pipeline; it writes the token lists.")
    for sub in (ARTICLES, TOKENS_DIR):
        _clear(out / sub)
    names = [f.name for f in files]
    with _no_string_conversion():
        frame = dd.from_map(_read_part, [str(f) for f in files], meta=_read_part(files[0]).iloc[:0])
        stats = frame.map_partitions(
            _run_part, str(out), names, clean_options, tokenize_options, meta=_stats_meta(), align_dataframes=False
        )
    table = _compute(stats, scheduler, progress, "clean+tokenize", n_workers)
    table = table.sort_values("part", kind="stable").reset_index(drop=True)
    log.info("pipeline: %d documents (%d characters) in %d partitions -> %d articles, %d tokens, in %s",
             int(table["documents"].sum()), int(table["characters"].sum()), len(table), int(table["articles"].sum()),
             int(table["tokens"].sum()), out.name)
    return table


# ---------------------------------------------------------------------------------------------
# out-of-core document-term matrix


def _part_frequencies(path: str) -> pd.DataFrame:
    tokens = pd.read_parquet(path, columns=[TOKENS])[TOKENS]
    df, count = Counter(), Counter()
    for t in tokens:
        if t is None or len(t) == 0:
            continue
        t = list(t)
        count.update(t)
        df.update(set(t))
    terms = sorted(count)
    out = pd.DataFrame({
        "term": pd.Series(terms, dtype=object),
        "df": np.array([df[t] for t in terms], dtype=np.int64),
        "count": np.array([count[t] for t in terms], dtype=np.int64),
    })
    del tokens, df, count
    _release_memory()
    return out


def _part_rows(path: str, vocab: pd.Index, out: str, number: int) -> pd.DataFrame:
    """One partition's rows as int64 counts, written to ``out``; the caller checks them against its dtype."""
    tokens = pd.read_parquet(path, columns=[TOKENS])[TOKENS]
    n = len(tokens)
    lengths = np.fromiter((0 if t is None else len(t) for t in tokens), dtype=np.int64, count=n)
    flat = [w for t in tokens if t is not None for w in t]
    del tokens
    cols = vocab.get_indexer(pd.Index(flat, dtype=object)) if flat else np.zeros(0, dtype=np.intp)
    del flat
    rows = np.repeat(np.arange(n), lengths)
    keep = cols >= 0
    m = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], cols[keep])), shape=(n, len(vocab)), dtype=np.int64,
    )
    del rows, cols, keep
    m.sum_duplicates()
    m.sort_indices()
    sp.save_npz(Path(out) / f"{number:05d}.npz", m, compressed=False)
    summary = pd.DataFrame({"number": [number], "rows": [m.shape[0]], "nnz": [m.nnz],
                            "max": [int(m.data.max()) if m.nnz else 0]})
    del m
    _release_memory()
    return summary


def dtm_parquet(
    tokens,
    *,
    min_df: float | int = 1,
    max_df: float | int = 1.0,
    columns: list[str] | None = None,
    dtype=np.int32,
    scheduler=None,
    n_workers: int | None = None,
    progress=None,
):
    """The :class:`nqp.Dtm` of a tokens dataset (``out/tokens`` of :func:`pipeline`), built out of core.

    Two passes over the partitions (through Dask, ``scheduler`` as for :func:`pipeline`): document
    frequencies and counts of every term, which fix the sorted vocabulary and the ``min_df``/
    ``max_df`` trimming exactly as ``nqp.dtm`` does; then each partition's sparse rows, written to a
    temporary folder beside the dataset (on a cluster, one the workers share) and assembled once into
    preallocated arrays, so the peak is the matrix plus one partition. With the local process pool
    (``scheduler=None``), its worker processes are stopped before the assembly, so their memory
    (tokenizers from :func:`pipeline`) is free for the matrix; the next :func:`pipeline` starts new ones.

    ``columns``: the ``docs`` columns to keep (None: every column but ``tokens``, as ``nqp.dtm``).
    ``dtype``: of the counts; int32 (the default) takes half the memory of ``nqp.dtm``'s int64 (a count
    too large for it is an error, never a wrap-around). With ``dtype=np.int64`` the result equals
    ``nqp.dtm(parquet_read(tokens), min_df=..., max_df=...)`` (tested).
    """
    import dask.dataframe as dd

    from .matrix import Dtm, df_bounds as _df_bounds

    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind not in "iu":
        raise NqpError("dtype: expected an integer type for the counts, such as np.int32 (the default) or np.int64.")
    files = parquet_parts(tokens)
    n_rows = [_num_rows(f) for f in files]
    n_docs = int(sum(n_rows))
    if n_docs == 0:
        raise NqpError("tokens: no documents. Check the corpus and the cleaning step (on_topic filters?).")
    lo, hi = _df_bounds(n_docs, min_df, max_df)
    meta = pd.DataFrame({"term": pd.Series(dtype=object), "df": pd.Series(dtype="int64"), "count": pd.Series(dtype="int64")})
    freq = dd.from_map(_part_frequencies, [str(f) for f in files], meta=meta)
    freq = _compute(freq, scheduler, progress, "dtm: vocabulary", n_workers)
    if freq is None:
        raise NqpError("dtm: every document's token list is empty: check the tokenizing step.")
    freq = freq.groupby("term", sort=True)[["df", "count"]].sum()
    terms = freq.index.to_numpy(dtype=object)
    order = np.argsort(terms, kind="stable")  # code-point order, as CountVectorizer sorts
    freq = freq.iloc[order]
    keep = np.ones(len(freq), dtype=bool)
    note = ""
    if lo > 1 or hi < n_docs:
        keep = (freq["df"].to_numpy() >= lo) & (freq["df"].to_numpy() <= hi)
        if not keep.any():
            raise NqpError(f"dtm: after trimming (min_df={min_df!r}, max_df={max_df!r}) no terms remain among "
                           f"{n_docs} documents. Lower min_df or raise max_df.")
        dropped = int((~keep).sum())
        if dropped:
            lost = int(freq["count"].to_numpy()[~keep].sum())
            log.info("dtm: trimmed %d of %d terms (%d token occurrences) outside min_df=%r, max_df=%r; %d remain",
                     dropped, len(keep), lost, min_df, max_df, int(keep.sum()))
            note = f"; trimmed {dropped} terms ({lost} tokens)"
    vocab = np.asarray(freq.index.to_numpy(dtype=object)[keep], dtype=object)
    index = pd.Index(vocab, dtype=object)
    # the workers write their rows beside the dataset: on a cluster, a folder they all share (the
    # system's temporary folder is each machine's own); a read-only dataset falls back to it
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".nqp-dtm-", dir=files[0].parent.parent))
    except OSError:
        tmp = Path(tempfile.mkdtemp(prefix="nqp-dtm-"))
        log.warning("dtm: cannot write beside %s; the workers' rows go to %s, which workers on other machines "
                    "cannot reach", files[0].parent, tmp)
    try:
        rmeta = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("number", "rows", "nnz", "max")})
        # counts are computed in int64 and checked against the asked dtype before it is used
        rows = dd.from_map(_RowsPart(index, str(tmp)), list(enumerate(str(f) for f in files)), meta=rmeta)
        stats = _compute(rows, scheduler, progress, "dtm: rows", n_workers).sort_values("number").reset_index(drop=True)
        biggest = int(stats["max"].max())
        if biggest > np.iinfo(dtype).max:
            raise NqpError(f"dtype={dtype.name}: a document counts one term {biggest} times, more than {dtype.name} "
                           "holds. Pass dtype=np.int64.")
        # the matrix is assembled in this process: the local workers, idle now, give their memory back first
        _release_pool(scheduler, n_workers)
        total = int(stats["nnz"].sum())
        idx_dtype = np.int32 if max(total, len(vocab)) < np.iinfo(np.int32).max else np.int64
        data = np.empty(total, dtype=dtype)
        indices = np.empty(total, dtype=idx_dtype)
        indptr = np.zeros(n_docs + 1, dtype=idx_dtype)
        at, row = 0, 0
        for number in progress_bar(stats["number"], progress=progress, desc="dtm: assemble", unit="part"):
            m = sp.load_npz(tmp / f"{int(number):05d}.npz")
            data[at : at + m.nnz] = m.data
            indices[at : at + m.nnz] = m.indices
            indptr[row + 1 : row + m.shape[0] + 1] = m.indptr[1:] + at
            at += m.nnz
            row += m.shape[0]
            del m
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n_docs, len(vocab)))
    if columns is None:
        docs = pd.concat([_doc_columns(f) for f in files], ignore_index=True)
    else:
        docs = pd.concat([_read_part(f, columns=list(columns)) for f in files], ignore_index=True)
    history = (f"dtm(min_df={min_df!r}, max_df={max_df!r}): {matrix.shape[0]} docs x {matrix.shape[1]} terms{note}",)
    return Dtm(matrix=matrix, vocab=vocab, docs=docs, history=history)


class _RowsPart:
    """Picklable callable for ``from_map``: (number, path) -> one-row summary, rows written to disk."""

    def __init__(self, vocab: pd.Index, out: str):
        self.vocab = vocab
        self.out = out

    def __call__(self, item) -> pd.DataFrame:
        number, path = item
        return _part_rows(path, self.vocab, self.out, number)


def _num_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _doc_columns(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    names = [c for c in pq.ParquetFile(path).schema_arrow.names if c != TOKENS]
    return _read_part(path, columns=names)


# ---------------------------------------------------------------------------------------------
# minibatch / online topic models


def topics_partial_fit(
    d,
    k: int,
    method: str = "nmf",
    random_state: int = 0,
    *,
    batch_size: int = 4096,
    n_epochs: int = 3,
    n_terms: int = 20,
    progress=None,
):
    """Fit a topic model batch by batch (``partial_fit``) on a large :class:`nqp.Dtm`; return :class:`nqp.Topics`.

    ``method="nmf"``: scikit-learn's ``MiniBatchNMF`` on sublinear TF-IDF weights (as ``nqp.topics``
    weights NMF); ``"lda"``: ``LatentDirichletAllocation(learning_method="online", n_jobs=1)`` on
    counts. Rows are visited in ``n_epochs`` passes of batches of ``batch_size`` rows, shuffled by
    ``random_state`` (so the same input and seed give the same topics). Only one batch is densified
    by scikit-learn at a time. Topics are numbered by share (1 = largest), as in ``nqp.topics``; the
    result has ``topic_terms``, ``doc_topics``, ``labels`` (no exemplars: pass its topics to
    ``nqp.topic_exemplars`` with articles that fit in memory) and ``model`` (the scikit-learn
    estimator).
    """
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    from .matrix import Dtm, tfidf
    from .topics import EXEMPLAR_COLUMNS, Topics, _doc_topics, _labels, _normalize_rows, _topic_terms

    if not isinstance(d, Dtm):
        raise NqpError(f"d: expected an nqp.Dtm (from nqp.dtm or nqp.dtm_parquet), got {type(d).__name__}.")
    if method not in ("nmf", "lda"):
        raise NqpError(f"method: expected 'nmf' or 'lda', got {method!r}.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 2 <= k <= min(d.shape):
        raise NqpError(f"k: expected an int from 2 to {min(d.shape)} (documents and terms), got {k!r}.")
    for name, value in (("batch_size", batch_size), ("n_epochs", n_epochs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise NqpError(f"{name}: expected a positive int, got {value!r}.")
    if method == "lda" and d.matrix.dtype.kind == "f":
        raise NqpError("d: LDA needs counts, but this Dtm holds weights (after nqp.tfidf?). Pass the count Dtm.")
    X = d.matrix
    if method == "nmf":
        # nqp.tfidf: scikit-learn's sublinear TF-IDF numbers, sharing the counts' index arrays (only the
        # weights take new memory; TfidfTransformer would copy the matrix twice)
        X = X if X.dtype.kind == "f" else tfidf(d, sublinear_tf=True).matrix
        est = MiniBatchNMF(n_components=k, init="nndsvda", batch_size=batch_size, random_state=random_state)
    else:
        est = LatentDirichletAllocation(n_components=k, learning_method="online", batch_size=batch_size,
                                        random_state=random_state, n_jobs=1, total_samples=X.shape[0])
    if X.dtype != np.float64:  # LDA's counts: float weights over the same index arrays, no copy of those
        X = sp.csr_matrix((X.data.astype(np.float64), X.indices, X.indptr), shape=X.shape, copy=False)
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    n_batches = -(-n // batch_size)
    bar = progress_bar(total=n_epochs * n_batches, progress=progress, desc=f"topics ({method}, k={k})", unit="batch")
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for b in range(n_batches):
            rows = np.sort(order[b * batch_size : (b + 1) * batch_size])
            batch = X[rows]
            batch.sort_indices()
            est.partial_fit(batch)
            bar.update(1)
    bar.close()
    weights = np.vstack([est.transform(X[i : i + batch_size]) for i in range(0, n, batch_size)])
    weights = _normalize_rows(weights)
    share = weights.mean(axis=0)
    order = np.lexsort((np.arange(k), -np.round(share, 12)))
    weights = weights[:, order]
    components = _normalize_rows(est.components_)[order]
    vocab = np.asarray(d.vocab, dtype=object)
    note = f"topics_partial_fit({method}, k={k}, random_state={random_state}, batch_size={batch_size}, n_epochs={n_epochs})"
    return Topics(
        topic_terms=_topic_terms(components, vocab, n_terms),
        doc_topics=_doc_topics(weights, d.docs),
        labels=_labels(components, vocab, weights),
        exemplars=pd.DataFrame(columns=EXEMPLAR_COLUMNS),
        docs=d.docs,
        model=est,
        method=method,
        k=k,
        random_state=random_state,
        history=tuple(d.history) + (note,),
    )


__all__ = [
    "corpus_to_parquet",
    "dtm_parquet",
    "parquet_parts",
    "parquet_read",
    "pipeline",
    "topics_partial_fit",
]

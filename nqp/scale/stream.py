"""Streaming a corpus into a Parquet dataset, one partition in memory at a time (:func:`corpus_to_parquet`).

The rows are those of :func:`nqp.load_corpus`: the same public building blocks of :mod:`nqp.corpus`
(:func:`~nqp.corpus.read_files`, :func:`~nqp.corpus.table_rows`, :func:`~nqp.corpus.finish_corpus` ...)
run on a partition of files or a chunk of table rows.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .. import corpus as C
from .. import schema as S
from .._validate import check_int
from ..errors import CorpusError, NqpError
from ..progress import progress_bar
from ..io import check_output
from .parts import PART, RUN, begin_dataset, mark_complete, parquet_parts, write_part

log = logging.getLogger(__name__)

__all__ = ["corpus_to_parquet"]


def corpus_to_parquet(
    path,
    out,
    *,
    partition_size: int = 5000,
    text_column: str = "text",
    id_column: str | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
    title_column: str | None = None,
    encoding: str | None = None,
    progress=None,
) -> Path:
    """Stream a corpus into a Parquet dataset ``out/part.NNNNN.parquet``, ``partition_size`` documents each.

    ``path`` as for :func:`nqp.load_corpus`: a folder of documents, subfolders included (with ``metadata.csv``), or a
    ``.jsonl``/``.csv``/``.parquet`` table (a ``.json`` array is read whole). The rows and columns are
    those of ``load_corpus`` (same ids, dates, scripts, titles; ``date_column``, ``outlet_column``,
    ``title_column`` read columns of other names as ``load_corpus`` does, and an export's alias column that looks
    the part is warned about alike), sorted by ``doc_id`` across the whole
    dataset; memory holds one partition (plus every document's id) at a time: files are read a
    partition at a time, tables in chunks of ``partition_size`` rows, bucketed by ``doc_id`` rank on
    disk when the table is not already in ``doc_id`` order. ``out`` is checked first (a folder, or one
    that can be made, writable).

    The completion marker ``out/_SUCCESS`` is written last, with the rows of each part and the
    corpus hash (:func:`nqp.corpus_hash` of the whole dataset; read it with :func:`dataset_marker`). A
    rerun of the same call (same corpus, unchanged files, same options) into the same ``out``, after a
    run that was stopped, keeps the complete parts and writes only the missing ones: the result is the
    dataset a fresh run writes. For a table it also keeps the ids of its first pass and, when the table is
    not in ``doc_id`` order, the chunks already bucketed (in ``out/.resume``, removed at the end): the rerun
    reads the table at most once more, and makes corpus rows only of the chunks not done (see
    ``_table_to_parquet`` for what is parsed again and why). Any other run replaces the parts in ``out``.
    Returns ``out``.
    """
    partition_size = check_int("partition_size", partition_size, min=1)
    p = C.check_corpus_path(path)
    text_column, id_column, encoding = C.check_load_arguments(text_column, id_column, encoding)
    columns = C.check_column_arguments(date_column, outlet_column, title_column)
    out = check_output(out, name="out", kind="folder")
    if out.resolve() == p.resolve():
        raise NqpError(f"out={str(out)!r}: must not be the corpus itself; choose another folder.")
    suffix = p.suffix.lower()
    if not p.is_dir() and suffix in C.CONVERT_REMEDIES:
        raise C.refuse_unread(str(p), suffix)
    if not p.is_dir() and suffix not in C.TABLE_SUFFIXES + C.DOCUMENT_SUFFIXES:
        raise CorpusError(f"{p}: unsupported file type {p.suffix!r}. Use a folder of documents "
                          f"({', '.join(C.DOCUMENT_SUFFIXES)}) or a .jsonl/.csv/.parquet/.xlsx table.")
    kept = begin_dataset(out, {
        "writer": "nqp.corpus_to_parquet", "corpus": str(p.absolute()), "stamp": _stamp(p),
        "partition_size": partition_size, "text_column": text_column, "id_column": id_column, "encoding": encoding,
        **{C.COLUMN_OPTIONS[role]: column for role, column in columns.items()},
    })
    if p.is_dir():
        n_docs, n_chars = _folder_to_parquet(p, out, partition_size, encoding, progress, kept, columns)
    elif suffix in (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".pq", *C.EXCEL_SUFFIXES):
        n_docs, n_chars = _table_to_parquet(p, out, partition_size, text_column, id_column, encoding, progress, kept,
                                            columns)
    else:
        corpus = C.load_corpus(p, text_column=text_column, id_column=id_column, encoding=encoding,
                               **{C.COLUMN_OPTIONS[role]: column for role, column in columns.items()})
        n_docs, n_chars = len(corpus), int(corpus[S.N_CHARS].sum())
        for i, start in enumerate(range(0, len(corpus), partition_size)):
            if PART.format(i) not in kept:
                write_part(corpus.iloc[start : start + partition_size], out / PART.format(i))
    mark_complete(out)  # last: a dataset without it is a run that stopped before the end
    shutil.rmtree(out / RESUME, ignore_errors=True)  # what a rerun would have resumed from
    log.info("corpus_to_parquet: %d documents, %d characters from %s into %d partitions of up to %d documents%s",
             n_docs, n_chars, p.name, len(parquet_parts(out)), partition_size,
             f" ({len(kept)} kept from the run before)" if kept else "")
    return out


def _stamp(p: Path) -> str:
    """A fingerprint of the corpus files (names, sizes, modification times): a resumed run reads the same input."""
    import hashlib

    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{f.relative_to(p) if p.is_dir() else f.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _folder_to_parquet(folder: Path, out: Path, size: int, encoding, progress, kept=frozenset(),
                       columns: dict | None = None) -> tuple[int, int]:
    files = C.corpus_files(folder)
    meta_path = C.metadata_file(folder)
    if meta_path is None:
        C._no_columns(columns, f"{folder}: the folder has no {C.METADATA_FILE}, so")
    meta = C.read_metadata(meta_path, files, encoding=encoding, columns=columns) if meta_path is not None else None
    by_file = {} if meta is None else {r["file"]: r for r in meta.to_dict("records")}
    keys = [C.file_key(f, folder) for f in files]
    ids = [str((by_file.get(k) or {}).get(S.DOC_ID) or C.key_doc_id(k)) for k in keys]
    dup = sorted({i for i, n in Counter(ids).items() if n > 1})
    if dup:
        sources = [k for k, i in zip(keys, ids) if i == dup[0]]
        raise CorpusError(f"{meta_path if meta is not None else folder}: duplicate doc_id {dup[0]} (from {' and '.join(sources)}). "
                          "Give every document its own id: rename a file, or give a doc_id per file in metadata.csv.")
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    files = [files[i] for i in order]
    keys = [keys[i] for i in order]
    meta_cols = [c for c in (meta.columns if meta is not None else []) if c not in ("file", S.DOC_ID, S.SCRIPT)]
    n_docs = n_chars = 0
    bar = progress_bar(total=len(files), progress=progress, desc="load", unit="file")
    for i, start in enumerate(range(0, len(files), size)):
        chunk = files[start : start + size]
        if PART.format(i) in kept:  # written by the run this one resumes
            frame = pd.read_parquet(out / PART.format(i), columns=[S.N_CHARS])
            n_docs += len(frame)
            n_chars += int(frame[S.N_CHARS].sum())
            bar.update(len(chunk))
            continue
        sub = None if meta is None else meta[meta["file"].isin(set(keys[start : start + size]))]
        frame = C.read_files(chunk, folder, sub, encoding=encoding, progress=False)
        for c in meta_cols:  # a partition of unlisted files still gets every metadata column
            if c not in frame.columns:
                frame[c] = None
        write_part(frame, out / PART.format(i))
        n_docs += len(frame)
        n_chars += int(frame[S.N_CHARS].sum())
        bar.update(len(chunk))
    bar.close()
    return n_docs, n_chars


#: the folder in a dataset where a table's run keeps what a rerun resumes from: the ids pass, the buckets of
#: an unsorted table and which chunks are in them (removed once the parts are written; readers skip ``.`` names)
RESUME = ".resume"


def _resume_folder(out: Path) -> Path:
    """``out/.resume`` for the run recorded in ``out/_RUN``: kept when it is that run's, else made anew."""
    folder = out / RESUME
    run = (out / RUN).read_text(encoding="utf-8")
    try:
        same = (folder / RUN).read_text(encoding="utf-8") == run
    except OSError:
        same = False
    shutil.rmtree(out / ".buckets", ignore_errors=True)  # the unresumable buckets of earlier versions
    if not same:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _write_atomic(folder / RUN, run)
    return folder


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _frame_atomic(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)


def _renamed(chunk: pd.DataFrame, path: Path, text_column: str, columns: dict | None, first: bool) -> pd.DataFrame:
    """A chunk's columns as str, those ``columns`` names (``{role: column}``) renamed to their roles
    (:func:`nqp.corpus.column_renames`); on the ``first`` chunk, an alias column that looks the part is warned about."""
    chunk.columns = [str(c) for c in chunk.columns]
    if columns:
        chunk = chunk.rename(columns=C.column_renames(chunk.columns, str(path), columns, text_column=text_column))
    if first and text_column in chunk.columns:
        C.column_alias_warnings(chunk, str(path), text_column=text_column)
    return chunk


def _table_ids(path: Path, size: int, text_column: str, id_column, encoding, progress, resume: Path,
               columns_given: dict | None = None) -> dict:
    """Pass 1 over a table: its encoding, columns, row count and every row's ``doc_id``, the columns and texts
    checked as :func:`nqp.load_corpus` checks them, never more than one chunk of text in memory. Kept in
    ``resume`` (``ids.parquet``, ``table.json``), so that a rerun of a stopped run does not read the table for it."""
    record, ids_file = resume / "table.json", resume / "ids.parquet"
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
        found["ids"] = pd.read_parquet(ids_file)[S.DOC_ID].to_numpy(dtype=object)
        log.info("%s: resuming: the ids of %d rows from the run before", path.name, found["n_rows"])
        return found
    except (OSError, ValueError, KeyError):
        pass
    columns: list[str] = []
    id_values, years, n_rows = [], [], 0
    # the encoding found once for both passes (finding it reads the whole file)
    enc = None if path.suffix.lower() in C.BINARY_TABLE_SUFFIXES else C.table_encoding(path, encoding)
    for ci, chunk in enumerate(progress_bar(C.table_chunks(path, size, decoded_as=enc), progress=progress,
                                            desc="load: ids", unit="chunk")):
        chunk = _renamed(chunk, path, text_column, columns_given, first=ci == 0)
        for c in chunk.columns:
            if c not in columns:
                columns.append(c)
        C.check_table_columns(chunk.columns, path, text_column, None,
                              texts=None if text_column in chunk.columns else {c: chunk[c] for c in chunk.columns})
        C.check_table_texts(chunk[text_column], path, offset=n_rows)
        id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in chunk.columns), None)
        if id_col and id_col in chunk.columns:
            id_values += list(chunk[id_col].astype(str))
        if "year" in chunk.columns:
            years.append(chunk["year"])
        n_rows += len(chunk)
    if n_rows == 0:
        raise CorpusError(f"{path}: the table has no rows.")
    C.check_table_columns(columns, path, text_column, id_column)
    id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in columns), None)
    year = pd.concat(years, ignore_index=True) if years else None
    ids = C.table_doc_ids(path.stem, n_rows, id_values if id_col else None, year)
    dup = sorted({i for i, n in Counter(ids).items() if n > 1})
    if dup:
        raise CorpusError(f"{path}: duplicate doc_id {', '.join(map(str, dup[:10]))}. Give every document its own id.")
    _frame_atomic(pd.DataFrame({S.DOC_ID: pd.Series(ids, dtype=object)}), ids_file)
    found = {"encoding": enc, "columns": columns, "n_rows": n_rows}
    _write_atomic(record, json.dumps(found, ensure_ascii=False))
    return dict(found, ids=np.array(ids, dtype=object))


def _table_to_parquet(path: Path, out: Path, size: int, text_column: str, id_column, encoding, progress,
                      kept=frozenset(), columns_given: dict | None = None) -> tuple[int, int]:
    """A table into the parts of ``out``, in ``doc_id`` order; ``kept``: the parts a stopped run of the same call
    wrote already. Returns the rows and characters of the dataset.

    Pass 1 (:func:`_table_ids`) reads every row's id; pass 2 reads the table again and runs each chunk through
    :func:`nqp.corpus.table_rows`. A table already in ``doc_id`` order is cut into parts as it goes; any other is
    bucketed by part on disk, then each bucket is sorted into its part. What a rerun after a stop does not redo:
    pass 1 (its ids are kept), a part already written, and for an unsorted table a chunk already bucketed (each
    bucket file is written atomically, then the chunk is marked done; once all are, the table is not read at
    all). What it must redo, and its bound: the chunks before the first one not done are parsed again (CSV and
    JSON Lines cannot be entered in the middle, a Parquet file is read in the same batches), but not decoded
    into corpus rows: at most one parse of the table, without the work per row.
    """
    resume = _resume_folder(out)
    table = _table_ids(path, size, text_column, id_column, encoding, progress, resume, columns_given)
    enc, columns, n_rows, ids_arr = table["encoding"], table["columns"], table["n_rows"], table["ids"]
    rank = np.empty(n_rows, dtype=np.int64)
    rank[np.argsort(ids_arr, kind="stable")] = np.arange(n_rows)
    target = rank // size
    n_parts = int(target.max()) + 1
    in_order = bool((np.diff(rank) == 1).all()) if n_rows > 1 else True
    renamed = [("origin" if c == S.SOURCE else S.TEXT if c == text_column else c) for c in columns]
    extra_order = [c for c in renamed if c not in S.CORPUS_COLUMNS]
    buckets, done_dir, bucketed = resume / "buckets", resume / "chunks", resume / "_BUCKETED"
    encoding_label = C.table_encoding_label(path, decoded_as=enc)
    skip_table = all(PART.format(i) in kept for i in range(n_parts)) or (not in_order and bucketed.is_file())
    offset = 0
    pending: list[pd.DataFrame] = []  # in-order tables: rows waiting for their partition to fill
    next_part = 0
    bar = progress_bar(total=0 if skip_table else n_rows, progress=progress, desc="load", unit="doc")
    chunks = () if skip_table else C.table_chunks(path, size, decoded_as=enc)
    for ci, chunk in enumerate(chunks):
        n = len(chunk)
        if in_order and not pending and offset == next_part * size and n == min(size, n_rows - offset) \
                and PART.format(next_part) in kept:  # this chunk is a part the run resumed wrote
            next_part += 1
            offset += n
            bar.update(n)
            continue
        done = done_dir / f"{ci:06d}"
        if not in_order and done.is_file():  # bucketed by the run resumed
            offset += n
            bar.update(n)
            continue
        chunk = _renamed(chunk, path, text_column, columns_given, first=False)
        frame = C.table_rows(chunk, path, ids_arr[offset : offset + n], text_column=text_column, offset=offset,
                             encoding=encoding_label)
        for c in extra_order:
            if c not in frame.columns:
                frame[c] = None
        frame = frame[S.CORPUS_COLUMNS + extra_order]
        if in_order:
            pending.append(frame)
            have = sum(len(f) for f in pending)
            while have >= size or (have and offset + n == n_rows):
                allrows = pd.concat(pending, ignore_index=True)
                write_part(allrows.iloc[:size], out / PART.format(next_part))
                next_part += 1
                pending = [allrows.iloc[size:]] if len(allrows) > size else []
                have = sum(len(f) for f in pending)
        else:
            # finish_corpus sorted the chunk by doc_id: find each row's place in the table again
            at = pd.Index(ids_arr[offset : offset + n]).get_indexer(frame[S.DOC_ID].astype(object))
            t = target[offset + at]
            for part in np.unique(t):
                if PART.format(int(part)) in kept:
                    continue
                where = buckets / f"{part:05d}"
                where.mkdir(parents=True, exist_ok=True)
                _frame_atomic(frame[t == part], where / f"{ci:06d}.parquet")
            done_dir.mkdir(exist_ok=True)
            done.touch()
        offset += n
        bar.update(n)
    bar.close()
    if not in_order:
        bucketed.touch()
        for part in progress_bar(range(n_parts), progress=progress, desc="load: sort", unit="part"):
            if PART.format(part) in kept:
                continue
            pieces = [pd.read_parquet(f) for f in sorted((buckets / f"{part:05d}").glob("*.parquet"))]
            frame = pd.concat(pieces, ignore_index=True).sort_values(S.DOC_ID, kind="stable").reset_index(drop=True)
            write_part(frame, out / PART.format(part))
    import pyarrow.parquet as pq

    n_chars = sum(int(pq.read_table(f, columns=[S.N_CHARS])[S.N_CHARS].to_numpy().sum())
                  for f in sorted(out.glob("part.*.parquet")))
    return n_rows, n_chars

"""Parquet datasets: a folder of ``part.00000.parquet``, ``part.00001.parquet`` ... and a completion marker.

Every writer of a dataset (:func:`nqp.corpus_to_parquet`, :func:`nqp.pipeline`) first removes the
marker and records what it is about to write (:data:`RUN`: the writer, its input and options), writes
each part atomically (a part is complete or absent), and writes the marker (:data:`COMPLETE`) last,
with the part count, the rows of each part and the corpus hash. A reader refuses a folder without the
marker, or whose parts do not match it: after a killed run the parts written so far would otherwise
look like a whole dataset. A rerun of the same call into the same folder (same :data:`RUN` record)
keeps the complete parts and writes only the missing ones; any other run starts the folder afresh.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from .. import schema as S
from ..errors import NqpError

log = logging.getLogger(__name__)

__all__ = ["dataset_marker", "parquet_parts", "parquet_read"]

PART = "part.{:05d}.parquet"
#: the completion marker, written last (Spark's and Hadoop's name; readers such as pyarrow skip ``_`` files)
COMPLETE = "_SUCCESS"
#: what the writer of a dataset is writing (its input and options), written before the first part
RUN = "_RUN"
ARTICLES = "articles"
TOKENS_DIR = "tokens"
#: list columns of the articles/tokens tables and how their items come back from Parquet
_TUPLE_LISTS = (S.HEADINGS, S.RAW_SEGMENTS)
_STR_LISTS = (S.TOKENS,)


def parquet_parts(path) -> list[Path]:
    """The part files of a complete dataset folder (``part.*.parquet``), in order; a single file is its own part.

    A folder without its completion marker (a writer stopped before the end) or with other parts than
    the marker records is refused with an error naming the folder and how to write it again. The paths
    are absolute: worker processes started earlier may run in another working directory.
    """
    p = Path(path).expanduser().absolute()
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise NqpError(f"{p}: no such dataset folder. Write one with nqp.corpus_to_parquet or nqp.pipeline.")
    parts = sorted(p.glob("part.*.parquet"))
    if not parts:
        raise NqpError(f"{p}: no part.*.parquet files in this folder. Write it with nqp.corpus_to_parquet or nqp.pipeline.")
    marker = p / COMPLETE
    if not marker.is_file():
        raise NqpError(
            f"{p}: incomplete dataset: {len(parts)} part(s) but no completion marker {COMPLETE}, so the run that "
            f"wrote it{_writer(p)} stopped before the end and these may be only some of its parts. To resume, "
            "run the same call again with this folder as out (nqp.corpus_to_parquet for a corpus, nqp.pipeline "
            "for articles and tokens): it keeps the complete parts and writes the rest."
        )
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
        expected = record["parts"]
    except (ValueError, KeyError, TypeError, OSError):
        raise NqpError(
            f"{marker}: not a completion marker nqp wrote (unreadable). Remove it and run the call that wrote "
            "the dataset again with this folder as out; it keeps the complete parts."
        ) from None
    if expected != len(parts):
        raise NqpError(
            f"{p}: {len(parts)} part(s), but the completion marker {COMPLETE} records {expected}: parts were "
            "added or removed after it was written. Write it again with nqp.corpus_to_parquet or nqp.pipeline."
        )
    rows = record.get("part_rows")
    if rows is not None:
        import pyarrow.parquet as pq

        have = [pq.ParquetFile(f).metadata.num_rows for f in parts]
        if have != rows:
            bad = next(f.name for f, a, b in zip(parts, have, rows) if a != b)
            raise NqpError(
                f"{p}: {bad} does not have the rows the completion marker {COMPLETE} records for it: a part was "
                "replaced after the dataset was written. Write it again with nqp.corpus_to_parquet or nqp.pipeline."
            )
    return parts


def _writer(folder: Path) -> str:
    try:
        return f" ({json.loads((folder / RUN).read_text(encoding='utf-8'))['writer']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def dataset_marker(path) -> dict:
    """The completion record of a complete dataset: ``parts``, ``rows``, ``part_rows``, ``corpus_sha256``."""
    p = Path(path).expanduser().absolute()
    parquet_parts(p)  # refuses an incomplete one
    return json.loads((p / COMPLETE).read_text(encoding="utf-8"))


def restore_lists(df: pd.DataFrame) -> pd.DataFrame:
    """Give list columns back their in-memory form (lists of tuples / lists of str)."""
    for c in _TUPLE_LISTS:
        if c in df.columns:
            df[c] = [[tuple(int(y) for y in x) for x in v] if v is not None else [] for v in df[c]]
    for c in _STR_LISTS:
        if c in df.columns:
            df[c] = [list(v) if v is not None else [] for v in df[c]]
    return df


def read_part(path, columns=None) -> pd.DataFrame:
    """One part file as in memory (list columns restored, see :func:`parquet_read`)."""
    return restore_lists(pd.read_parquet(path, columns=columns))


def write_part(df: pd.DataFrame, path: Path) -> Path:
    """Write one part atomically (a part is either complete or absent); list columns as Parquet lists."""
    df = df.copy()
    for c in _TUPLE_LISTS:
        if c in df.columns:
            df[c] = [[[int(y) for y in x] for x in v] for v in df[c]]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path


def parquet_read(path, columns=None) -> pd.DataFrame:
    """Read a whole dataset written by :mod:`nqp.scale` into one DataFrame (parts in order).

    List columns come back as in memory: ``headings``/``raw_segments`` lists of tuples, ``tokens``
    lists of str. Only for datasets that fit in memory; otherwise use ``dask.dataframe.read_parquet``.
    An incomplete dataset (no completion marker) is refused, see :func:`parquet_parts`.
    """
    parts = [read_part(f, columns) for f in parquet_parts(path)]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def begin_dataset(out: Path, run: dict) -> set[str]:
    """Make ``out`` ready for a writer whose input and options are ``run``; the names of the parts kept.

    The completion marker goes first. When ``out`` holds the record of the same run (a run that was
    stopped, or a complete one written again), its complete parts are kept and their names returned:
    the writer writes only the others. Otherwise the old parts go and ``run`` is recorded.
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / COMPLETE).unlink(missing_ok=True)
    for f in out.glob("part.*.tmp"):
        f.unlink()
    run = json.loads(json.dumps(run, sort_keys=True, default=str))
    try:
        previous = json.loads((out / RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if previous == run:
        kept = {f.name for f in out.glob("part.*.parquet")}
        if kept:
            log.info("%s: resuming the same %s run: %d complete part(s) kept", out, run.get("writer"), len(kept))
        return kept
    for f in out.glob("part.*.parquet"):
        f.unlink()
    tmp = out / f"{RUN}.tmp"
    tmp.write_text(json.dumps(run, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(out / RUN)
    return set()


def parts_hash(out: Path) -> str:
    """:func:`nqp.corpus_hash` of a corpus dataset, one part in memory at a time (the parts are in ``doc_id`` order)."""
    import hashlib

    import pyarrow.parquet as pq

    h = hashlib.sha256()
    last = None
    for f in sorted(out.glob("part.*.parquet")):
        table = pq.read_table(f, columns=[S.DOC_ID, S.TEXT])
        rows = sorted(zip((str(i) for i in table[S.DOC_ID].to_pylist()), table[S.TEXT].to_pylist()))
        if rows and last is not None and rows[0][0] < last:
            raise NqpError(f"{out}: {f.name} is not in doc_id order after the part before it; write the dataset again.")
        for doc_id, text in rows:
            h.update(json.dumps([doc_id, text], ensure_ascii=False).encode("utf-8"))
        last = rows[-1][0] if rows else last
    return h.hexdigest()


def mark_complete(out: Path, corpus_sha256: str | None = None) -> Path:
    """Write the completion marker of the dataset ``out``, after its last part.

    It records the part count, each part's rows (from the Parquet footers), their sum and the hash of
    the corpus the dataset holds or was made from (``corpus_sha256``; None: computed from ``out``'s
    ``doc_id`` and ``text`` when it has them).
    """
    import pyarrow.parquet as pq

    parts = sorted(out.glob("part.*.parquet"))
    rows = [pq.ParquetFile(f).metadata.num_rows for f in parts]
    if corpus_sha256 is None and parts and {S.DOC_ID, S.TEXT} <= set(pq.ParquetFile(parts[0]).schema_arrow.names):
        corpus_sha256 = parts_hash(out)
    record = {"parts": len(parts), "rows": int(sum(rows)), "part_rows": rows, "corpus_sha256": corpus_sha256}
    marker = out / COMPLETE
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
    tmp.replace(marker)
    log.debug("%s: complete, %d parts, %d rows", out, len(parts), record["rows"])
    return marker

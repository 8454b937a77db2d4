"""Parquet datasets: a folder of ``part.00000.parquet``, ``part.00001.parquet`` ... and a completion marker.

Every writer of a dataset (:func:`nqp.corpus_to_parquet`, :func:`nqp.pipeline`) first removes the
marker and the old parts, writes each part atomically, and writes the marker (:data:`COMPLETE`) last.
A reader refuses a folder without it: after a killed run the parts written so far would otherwise
look like a whole dataset.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from .. import schema as S
from ..errors import NqpError

log = logging.getLogger(__name__)

__all__ = ["parquet_parts", "parquet_read"]

PART = "part.{:05d}.parquet"
#: the completion marker, written last (Spark's and Hadoop's name; readers such as pyarrow skip ``_`` files)
COMPLETE = "_SUCCESS"
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
            "wrote it stopped before the end and these may be only some of its parts. Write it again with "
            "nqp.corpus_to_parquet (a corpus) or nqp.pipeline (articles and tokens)."
        )
    expected = json.loads(marker.read_text(encoding="utf-8")).get("parts")
    if expected != len(parts):
        raise NqpError(
            f"{p}: {len(parts)} part(s), but the completion marker {COMPLETE} records {expected}: parts were "
            "added or removed after it was written. Write it again with nqp.corpus_to_parquet or nqp.pipeline."
        )
    return parts


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


def clear_dataset(out: Path) -> None:
    """Make ``out`` an empty dataset folder: the completion marker goes first, then the old parts."""
    out.mkdir(parents=True, exist_ok=True)
    (out / COMPLETE).unlink(missing_ok=True)
    for f in list(out.glob("part.*.parquet")) + list(out.glob("part.*.tmp")):
        f.unlink()


def mark_complete(out: Path) -> Path:
    """Write the completion marker of the dataset ``out``, after its last part; it records the part count."""
    n = len(list(out.glob("part.*.parquet")))
    marker = out / COMPLETE
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"parts": n}) + "\n", encoding="utf-8")
    tmp.replace(marker)
    log.debug("%s: complete, %d parts", out, n)
    return marker

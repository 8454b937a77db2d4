"""Writing nqp's tables to files: one writer for articles, removal logs, mentions and keyword tables."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from . import schema as S
from .errors import NqpValueError

__all__ = ["TABLE_SUFFIXES", "write_table"]

#: the file types :func:`write_table` writes
TABLE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv")


def write_table(table: pd.DataFrame, out) -> Path:
    """Write a table of nqp (articles, removals, mentions ...) to ``out``: ``.parquet``/``.pq``, ``.csv`` or ``.tsv``.

    In CSV, list columns (``headings``, ``raw_segments``) are written as JSON; Parquet keeps them as
    lists. The file is written beside ``out`` under a temporary name and renamed into place, so a
    failed or interrupted write never leaves a half-written file. Returns the path written.
    """
    out = Path(out).expanduser()
    suffix = out.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise NqpValueError(
            f"out={str(out)!r}: unsupported file type {suffix or '(none)'!r}. Use a .parquet, .csv or .tsv file name."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    df = table.copy()
    list_cols = [c for c in (S.HEADINGS, S.RAW_SEGMENTS) if c in df.columns]
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        if suffix in (".csv", ".tsv"):
            for c in list_cols:
                df[c] = df[c].map(lambda v: json.dumps([list(map(int, x)) for x in v]))
            df.to_csv(tmp, index=False, encoding="utf-8", sep="\t" if suffix == ".tsv" else ",")
        else:
            for c in list_cols:
                df[c] = df[c].map(lambda v: [[int(y) for y in x] for x in v])
            df.to_parquet(tmp, index=False)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out

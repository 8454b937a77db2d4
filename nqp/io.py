"""Writing nqp's outputs: the one check of an output path (:func:`check_output`) and one writer for tables.

Every command and function that writes (``write_table``, the report's folder, the Parquet datasets of
:mod:`nqp.scale`, the command line) checks its output paths with :func:`check_output` before any work
starts, so a bad path fails in a second with its remedy instead of after the work, or half-way through
writing several files.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import pandas as pd

from . import schema as S
from .errors import NqpError, NqpTypeError, NqpValueError

log = logging.getLogger(__name__)

__all__ = ["TABLE_SUFFIXES", "check_output", "read_text_file", "write_table"]

#: the file types :func:`write_table` writes
TABLE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv")


def check_output(path, *, name: str = "out", kind: str = "file", suffixes: tuple[str, ...] | None = None) -> Path:
    """``path`` as a :class:`~pathlib.Path` (``~`` expanded) when nqp can write a ``kind`` (``"file"`` or ``"folder"``) there.

    Checks, without creating or writing anything: that a path is given; for a file, that it is not an
    existing folder and (with ``suffixes``) has one of those suffixes; for a folder, that it is not an
    existing file; that the nearest existing folder above it (the place where the missing folders
    would be made) is a folder, not a file, and is writable. Raises :class:`~nqp.errors.NqpValueError`
    whose message names ``name`` (the argument or command-line option), the path and the remedy.
    """
    if kind not in ("file", "folder"):
        raise NqpValueError(f"kind={kind!r}: expected 'file' or 'folder'.")
    if path is None or str(path).strip() == "":
        raise NqpValueError(f"{name}: no output path given. Pass the {kind} to write.")
    if not isinstance(path, (str, os.PathLike)):
        raise NqpTypeError(f"{name}={path!r}: expected a path (str or pathlib.Path), got {type(path).__name__}.")
    p = Path(path).expanduser()
    shown = f"{name} {str(p)!r}" if name.startswith("-") else f"{name}={str(p)!r}"  # an option, or an argument
    if kind == "file":
        if p.is_dir():
            raise NqpValueError(
                f"{shown}: is a folder, but a file is expected here. Name a file, e.g. {str(p / ('table' + (suffixes or ('.csv',))[0]))!r}."
            )
        if suffixes is not None and p.suffix.lower() not in suffixes:
            raise NqpValueError(
                f"{shown}: unsupported file type {p.suffix.lower() or '(none)'!r}. Use a file name ending in "
                f"{', '.join(suffixes)}."
            )
    elif p.exists() and not p.is_dir():
        raise NqpValueError(
            f"{shown}: is an existing file, but a folder is expected here. Choose another folder, or remove the file."
        )
    above = p if kind == "folder" and p.is_dir() else p.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise NqpValueError(
            f"{shown}: {str(above)!r} is a file, so no folder can be made under it. Choose a path under a folder."
        )
    if not os.access(above, os.W_OK | os.X_OK):
        raise NqpValueError(
            f"{shown}: the folder {str(above)!r} is not writable (permission denied). Choose a folder you can "
            "write to, or make this one writable."
        )
    return p


def write_table(table: pd.DataFrame, out) -> Path:
    """Write a table of nqp (articles, removals, mentions ...) to ``out``: ``.parquet``/``.pq``, ``.csv`` or ``.tsv``.

    In CSV, list columns (``headings``, ``raw_segments``) are written as JSON; Parquet keeps them as
    lists. The file is written beside ``out`` under a temporary name and renamed into place, so a
    failed or interrupted write never leaves a half-written file. ``out`` is checked first
    (:func:`check_output`). Returns the path written.
    """
    out = check_output(out, name="out", suffixes=TABLE_SUFFIXES)
    suffix = out.suffix.lower()
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


def read_text_file(path, what: str, expected: str = "a text file") -> str:
    """The UTF-8 text of a file nqp reads as configuration (a lexicon, a word list, a dictionary).

    A BOM is dropped (it would otherwise become part of the first entry). A missing file, a folder or
    bytes that are not UTF-8 give an error naming ``what`` (e.g. ``"lexicon file"``), the path and the
    remedy; ``expected`` says what to give instead of a folder (e.g. ``"a .csv or .txt file"``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NqpError(f"{what} {path} does not exist. Check the path (relative to the working directory).") from None
    except IsADirectoryError:
        raise NqpError(f"{what} {path} is a folder; give the path of {expected}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NqpError(
            f"{what} {path} is not UTF-8 (byte {exc.start}). Re-save it as UTF-8 (with or without BOM)."
        ) from None

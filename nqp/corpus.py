"""Loading: a folder of text files or a table becomes a corpus DataFrame.

The corpus has one row per source document and keeps the decoded text untouched; every later stage
works from it. See :func:`load_corpus` for the schema.

The steps of :func:`load_corpus` are public building blocks for the streaming path
(:func:`nqp.corpus_to_parquet` runs them partition by partition, so its rows are the same):
:func:`check_corpus_path`, :func:`corpus_files`, :func:`read_metadata`, :func:`read_files` (text files),
:func:`table_doc_ids` and :func:`table_rows` (table rows), and :func:`finish_corpus` (ids, dates,
script, titles, column order). They are not in ``__all__``: import them from ``nqp.corpus``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
import warnings
from pathlib import Path

import pandas as pd

from . import schema as S
from .dates import date_bounds, parse_date
from .errors import CorpusError
from .script import detect_script

log = logging.getLogger(__name__)

__all__ = ["corpus_hash", "corpus_layout", "corpus_summary", "decode_bytes", "load_corpus"]

TEXT_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
METADATA_FILE = "metadata.csv"

# Legacy encodings Chinese text really comes in; charset-normalizer chooses among them when a file is
# not valid UTF-8 and carries no byte-order mark.
CHINESE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "cp950", "gbk", "gb2312", "utf_16"]
#: charset-normalizer's "chaos" (mess ratio) above which a decoding is not trusted
MAX_CHAOS = 0.15

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


# ---------------------------------------------------------------------------------------------
# decoding


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a Chinese text file; return ``(text, encoding)``.

    Byte-order marks are trusted (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 is tried, then
    charset-normalizer chooses among GB18030/GBK, Big5 and UTF-16. A BOM is not part of the text.
    Raises :class:`CorpusError` naming ``name`` for empty, binary or undecodable input.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason} "
                    f"at byte {exc.start}). Re-save the file as UTF-8."
                ) from None
            return _check_text(text.lstrip("\ufeff"), name), enc
    if b"\x00" in data:
        raise CorpusError(
            f"{name}: contains NUL bytes and no UTF-16 byte-order mark, so it looks like a binary file, "
            "not text. Remove it from the corpus folder, or re-save it as UTF-8 text."
        )
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None or best.chaos > MAX_CHAOS:
        found = "nothing" if best is None else f"{best.encoding} with mess ratio {best.chaos:.2f}"
        raise CorpusError(
            f"{name}: cannot be decoded confidently as UTF-8, GB18030/GBK, Big5 or UTF-16 "
            f"(best guess: {found}). Re-save it as UTF-8, or pass encoding=... to load_corpus."
        )
    return _check_text(str(best), name), best.encoding


def _check_text(text: str, name: str) -> str:
    if not text.strip():
        raise CorpusError(f"{name}: is empty or holds only whitespace. Remove it or give it its text.")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > max(3, 0.01 * len(text)):
        raise CorpusError(
            f"{name}: {controls} control characters in {len(text)}; this looks like a binary file, "
            "not text. Remove it from the corpus."
        )
    return text


# ---------------------------------------------------------------------------------------------
# script detection


# ---------------------------------------------------------------------------------------------
# loading


def load_corpus(
    path,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    encoding: str | None = None,
    progress=None,
) -> pd.DataFrame:
    """Load a corpus: one row per source document, text decoded but otherwise untouched.

    ``path`` is either

    * a folder of ``.txt`` files, with an optional ``metadata.csv`` beside them whose columns are
      ``file`` (required: the file name), and optionally ``doc_id`` (default: the file name without
      ``.txt``), ``outlet``, ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``date_precision``
      (``year``/``month``/``day``; inferred from the date when absent), ``title``, ``script`` (the
      script you expect; compared with the detected one) and any other columns, carried as they are;
    * a single table, ``.csv``, ``.jsonl`` or ``.parquet``, with a text column (``text_column``) and
      any metadata columns; a ``year`` column is a date of year precision; the id comes from
      ``id_column``, ``doc_id`` or ``id``, else a unique ``year``, else the row number; a column
      named ``source`` is kept as ``origin``.

    Returns a DataFrame sorted by ``doc_id`` with the columns

    ``doc_id`` (str, unique), ``source`` (file name, or ``table:row``), ``outlet``, ``date``
    (normalized string at its own precision), ``date_precision``, ``date_start``/``date_end`` (the
    first and last day the date may stand for), ``title`` (from metadata, else the first line),
    ``script`` (detected: simplified / traditional / mixed / unknown), ``encoding`` (the one used to
    decode), ``n_chars``, ``text``; then any further metadata columns.

    Bad input raises :class:`nqp.errors.CorpusError` naming the file and the fix; a text file
    without a metadata row is kept and warned about. ``progress``: a progress bar over the files of a
    folder (None: only on a terminal, see :mod:`nqp.progress`).
    """
    p = check_corpus_path(path)
    if p.is_dir():
        corpus = _load_folder(p, encoding=encoding, progress=progress)
    elif p.suffix.lower() in TABLE_SUFFIXES:
        corpus = _load_table(p, text_column=text_column, id_column=id_column)
    elif p.suffix.lower() in TEXT_SUFFIXES:
        corpus = read_files([p], p.parent, None, encoding=encoding)
    else:
        raise CorpusError(
            f"{p}: unsupported file type {p.suffix!r}. Use a folder of .txt files or a "
            f"{'/'.join(TABLE_SUFFIXES)} table."
        )
    log.info("loaded %d documents, %d characters from %s", len(corpus), int(corpus[S.N_CHARS].sum()), p.name)
    return corpus


def check_corpus_path(path) -> Path:
    """``path`` as a :class:`~pathlib.Path` (``~`` expanded) when it names an existing file or folder.

    The one check of a corpus path, shared by :func:`load_corpus` and :func:`nqp.corpus_to_parquet`;
    raises :class:`CorpusError` with the remedy for a missing or empty path.
    """
    if path is None or str(path).strip() == "":
        raise CorpusError("path: no corpus path given. Pass a folder of .txt files or a .csv/.jsonl/.parquet table.")
    p = Path(path).expanduser()
    if not p.exists():
        raise CorpusError(
            f"{p}: no such file or folder. Pass a folder of .txt files (with an optional metadata.csv) "
            "or a .csv/.jsonl/.parquet table."
        )
    return p


def corpus_files(folder: Path) -> list[Path]:
    """The text files of a corpus folder, in name order; :class:`CorpusError` when there are none."""
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        others = sorted(f.name for f in folder.iterdir() if f.is_file())[:5]
        raise CorpusError(
            f"{folder}: no .txt files in this folder (found: {', '.join(others) or 'nothing'}). "
            "Put one UTF-8 .txt file per document there, or pass a .csv/.jsonl/.parquet table."
        )
    return files


def _load_folder(folder: Path, encoding: str | None, progress=None) -> pd.DataFrame:
    files = corpus_files(folder)
    meta_path = folder / METADATA_FILE
    meta = read_metadata(meta_path) if meta_path.exists() else None
    return read_files(files, folder, meta, encoding=encoding, progress=progress)


def read_metadata(meta_path: Path) -> pd.DataFrame:
    """The ``metadata.csv`` of a corpus folder, checked: a ``file`` column, each file once and present.

    All columns are strings; empty cells are None. Raises :class:`CorpusError` naming the file and the fix.
    """
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - any parse failure gets the same remedy
        raise CorpusError(f"{meta_path}: cannot be read as CSV ({exc}). Save it as UTF-8 CSV.") from None
    if "file" not in meta.columns:
        raise CorpusError(
            f"{meta_path}: needs a 'file' column naming each .txt file (has: {', '.join(meta.columns)})."
        )
    dup = meta["file"][meta["file"].duplicated()].tolist()
    if dup:
        raise CorpusError(f"{meta_path}: files listed twice: {', '.join(dup)}. Keep one row per file.")
    missing = [f for f in meta["file"] if not (meta_path.parent / f).is_file()]
    if missing:
        raise CorpusError(
            f"{meta_path}: rows name files that do not exist: {', '.join(missing)}. "
            "Correct the file names or remove those rows."
        )
    return meta.replace({"": None})


def read_files(files: list[Path], folder: Path, meta: pd.DataFrame | None, encoding: str | None = None,
               progress=None) -> pd.DataFrame:
    """The corpus rows of some text ``files`` of ``folder``, with their rows of ``meta`` (from :func:`read_metadata`).

    Each file is decoded (``encoding``, else :func:`decode_bytes`) and finished by :func:`finish_corpus`:
    the rows are those :func:`load_corpus` gives for the same files. Every undecodable file is named
    in one :class:`CorpusError`; a file without a metadata row is warned about.
    """
    from .progress import progress_bar

    by_file = {} if meta is None else {r["file"]: r for r in meta.to_dict("records")}
    rows, problems, unlisted = [], [], []
    for f in progress_bar(files, progress=progress, desc="load", unit="file"):
        name = f.name
        try:
            data = f.read_bytes()
            if encoding:
                text, enc = _check_text(data.decode(encoding), name), encoding
            else:
                text, enc = decode_bytes(data, name)
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        except (UnicodeDecodeError, LookupError) as exc:
            problems.append(f"{name}: cannot be decoded as {encoding!r} ({exc}).")
            continue
        row = dict(by_file.get(name, {}))
        row.pop("file", None)
        if meta is not None and name not in by_file:
            unlisted.append(name)
        row.setdefault(S.DOC_ID, None)
        row[S.DOC_ID] = row[S.DOC_ID] or f.stem
        row[S.SOURCE] = str(f.relative_to(folder)) if f.is_relative_to(folder) else name
        row[S.TEXT] = text
        row[S.ENCODING] = enc
        rows.append(row)
    if problems:
        raise CorpusError("cannot load the corpus in " + str(folder) + ":\n  " + "\n  ".join(problems))
    if unlisted:
        warnings.warn(
            f"{folder / METADATA_FILE}: no row for {', '.join(unlisted)}; loaded without outlet or date. "
            "Add a row per file to metadata.csv.",
            stacklevel=3,
        )
    return finish_corpus(pd.DataFrame(rows), where=str(folder / METADATA_FILE) if meta is not None else str(folder))


def _load_table(path: Path, text_column: str, id_column: str | None) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
            table = table.replace({"": None})
        elif suffix in (".jsonl", ".ndjson"):
            table = pd.read_json(path, lines=True, dtype=False)
        elif suffix == ".json":
            table = pd.read_json(path, dtype=False)
        else:
            table = pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - reader errors vary by format; one clear message
        raise CorpusError(f"{path}: cannot be read as {suffix[1:]} ({type(exc).__name__}: {exc}).") from None
    if table.empty:
        raise CorpusError(f"{path}: the table has no rows.")
    if text_column not in table.columns:
        raise CorpusError(
            f"{path}: no text column {text_column!r} (columns: {', '.join(map(str, table.columns))}). "
            "Pass text_column=... naming the column that holds the text."
        )
    renamed = _table_columns(table, text_column)
    id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in renamed.columns), None)
    if id_column and id_column not in renamed.columns:
        raise CorpusError(f"{path}: no id column {id_column!r}. Columns: {', '.join(map(str, renamed.columns))}.")
    ids = table_doc_ids(
        path.stem, len(renamed), renamed[id_col] if id_col else None, renamed["year"] if "year" in renamed.columns else None
    )
    empty = [
        f"{path.name}:{i + 1}" for i, t in enumerate(renamed[S.TEXT]) if not isinstance(t, str) or not t.strip()
    ]
    if empty:
        raise CorpusError(
            f"{path}: empty text in {len(empty)} row(s) ({', '.join(empty[:5])}). Remove those rows or fill them."
        )
    return table_rows(table, path, ids, text_column=text_column)


def _table_columns(table: pd.DataFrame, text_column: str) -> pd.DataFrame:
    # a table's own "source" column (where its text came from) is kept as "origin"
    return table.rename(columns={S.SOURCE: "origin"}).rename(columns={text_column: S.TEXT}).reset_index(drop=True)


def table_rows(table: pd.DataFrame, path: Path, ids, *, text_column: str = "text", offset: int = 0) -> pd.DataFrame:
    """Rows of the table at ``path`` (all of them, or a chunk starting at row ``offset``) as corpus rows.

    ``ids``: their ``doc_id`` values (:func:`table_doc_ids` over the whole table). The text column
    becomes ``text``, a ``source`` column ``origin``; ``source`` is ``{file name}:{row number}``; a
    ``year`` column without a ``date`` is a date of year precision; then :func:`finish_corpus`. This is
    what :func:`load_corpus` does with a table, and what :func:`nqp.corpus_to_parquet` does chunk by chunk.
    """
    table = _table_columns(table, text_column)
    table[S.DOC_ID] = ids
    table[S.SOURCE] = [f"{path.name}:{offset + i + 1}" for i in range(len(table))]
    if S.DATE not in table.columns and "year" in table.columns:
        table[S.DATE] = table["year"].astype(str)
        table[S.DATE_PRECISION] = "year"
    table[S.ENCODING] = "utf-8" if path.suffix.lower() not in (".parquet", ".pq") else "parquet"
    return finish_corpus(table, where=str(path))


def table_doc_ids(stem: str, n_rows: int, ids=None, year=None) -> list[str]:
    """The ``doc_id`` of each row of a table: its id column, else ``{stem}_{year}`` when the years are
    unique, else ``{stem}_{row number}`` zero-padded."""
    if ids is not None:
        return [str(i) for i in ids]
    if year is not None:
        year = pd.Series(year)
        if year.notna().all() and year.is_unique:
            return [f"{stem}_{y}" for y in year.astype(str)]
    width = len(str(n_rows))
    return [f"{stem}_{i:0{width}d}" for i in range(n_rows)]


def finish_corpus(df: pd.DataFrame, where: str) -> pd.DataFrame:
    """Rows with ``doc_id`` and ``text`` (and any metadata) made into the corpus table of :func:`load_corpus`.

    Checks the ids are unique; parses ``date`` at its ``date_precision`` and adds ``date_start``/
    ``date_end``; detects the ``script`` (a declared one is kept as ``script_declared`` and warned
    about when it disagrees); fills ``title`` from the first text line; adds ``n_chars``; orders the
    columns and sorts by ``doc_id``. ``where`` names the source in error messages.
    """
    dup = df[S.DOC_ID][df[S.DOC_ID].duplicated()].unique().tolist()
    if dup:
        raise CorpusError(f"{where}: duplicate doc_id {', '.join(map(str, dup[:10]))}. Give every document its own id.")
    for col in (S.OUTLET, S.DATE, S.DATE_PRECISION, S.TITLE):
        if col not in df.columns:
            df[col] = None
    dates, precs, problems = [], [], []
    for doc_id, date, prec in zip(df[S.DOC_ID], df[S.DATE], df[S.DATE_PRECISION]):
        if date is None or (not isinstance(date, str) and pd.isna(date)) or str(date).strip() == "":
            dates.append(None)
            precs.append(None)
            continue
        try:
            d, p = parse_date(date, prec, name=f"{where}, {doc_id}")
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        dates.append(d)
        precs.append(p)
    if problems:
        raise CorpusError("bad dates:\n  " + "\n  ".join(problems))
    df[S.DATE] = dates
    df[S.DATE_PRECISION] = precs
    bounds = [date_bounds(d, p) for d, p in zip(dates, precs)]
    df[S.DATE_START] = pd.to_datetime([b[0] for b in bounds])
    df[S.DATE_END] = pd.to_datetime([b[1] for b in bounds])
    if S.SCRIPT in df.columns:
        df = df.rename(columns={S.SCRIPT: S.SCRIPT_DECLARED})
    df[S.SCRIPT] = [detect_script(t) for t in df[S.TEXT]]
    if S.SCRIPT_DECLARED in df.columns:
        for doc_id, declared, found in zip(df[S.DOC_ID], df[S.SCRIPT_DECLARED], df[S.SCRIPT]):
            if declared and declared != found:
                warnings.warn(f"{where}: {doc_id} is declared {declared} but reads as {found}.", stacklevel=4)
    df[S.TITLE] = [
        t if isinstance(t, str) and t.strip() else _first_line(text) for t, text in zip(df[S.TITLE], df[S.TEXT])
    ]
    df[S.N_CHARS] = df[S.TEXT].str.len().astype("int64")
    df[S.DOC_ID] = df[S.DOC_ID].astype(str)
    extra = [c for c in df.columns if c not in S.CORPUS_COLUMNS]
    return df[S.CORPUS_COLUMNS + extra].sort_values(S.DOC_ID, kind="stable").reset_index(drop=True)


#: a Markdown image stub, ``![caption](url)``, as page dumps leave them
IMAGE_STUB = r"!\[[^\]]*\]\([^)]*\)"
_MARKUP_LINE = re.compile(rf"^\s*({IMAGE_STUB}|<[^>]+>)\s*$")


def _first_line(text: str, limit: int = 60) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not _MARKUP_LINE.match(line):
            return line[:limit]
    return ""


def corpus_hash(corpus: pd.DataFrame) -> str:
    """SHA-256 over the ids and texts of a corpus (any row order gives the same hash)."""
    h = hashlib.sha256()
    for doc_id, text in sorted(zip(corpus[S.DOC_ID].astype(str), corpus[S.TEXT])):
        h.update(json.dumps([doc_id, text], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def corpus_summary(corpus: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """Documents per ``by`` value: ``documents``, ``characters``, ``first``/``last`` date and the
    precisions present, sorted by first date then name."""
    data = corpus.assign(_key=corpus[by].fillna("(none)").astype(str))
    out = (
        data.groupby("_key")
        .agg(
            documents=(S.DOC_ID, "size"),
            characters=(S.N_CHARS, "sum"),
            first=(S.DATE_START, "min"),
            last=(S.DATE_END, "max"),
            precision=(S.DATE_PRECISION, lambda s: ", ".join(sorted(set(s.dropna())))),
            script=(S.SCRIPT, lambda s: ", ".join(sorted(set(s.dropna())))),
        )
        .rename_axis(by)
        .reset_index()
    )
    return out.sort_values(["first", by], kind="stable").reset_index(drop=True)


def corpus_layout(corpus: pd.DataFrame) -> pd.DataFrame:
    """The raw page layout of each document, before cleaning: one row per document, in corpus order.

    Columns: ``doc_id``; ``lines`` (line breaks + 1); ``blank_line_share`` (the share of the text's
    lines that hold only whitespace); ``image_stubs`` (Markdown image stubs ``![...](...)``).
    """
    corpus = S.check_columns(corpus, "corpus", "corpus")
    text = corpus[S.TEXT]
    lines = text.str.count("\n") + 1
    blank = [sum(1 for line in t.splitlines() if not line.strip()) / max(1, len(t.splitlines())) for t in text]
    out = corpus[[S.DOC_ID]].assign(**{
        S.LINES: lines,
        S.BLANK_LINE_SHARE: pd.Series(blank, index=corpus.index, dtype="float64"),
        S.IMAGE_STUBS: text.str.count(IMAGE_STUB),
    })
    return out[S.LAYOUT_COLUMNS]

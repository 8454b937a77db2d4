"""The report as a reader sees it: every notebook a page, every table sortable, searchable and downloadable.

Two halves, one on each side of the kernel:

- **In the kernel.** :func:`inject_display` puts a cell first in each notebook before it runs; it calls
  :func:`display_setup`, after which every DataFrame, Series and pandas ``Styler`` a cell shows is an
  interactive table (itables, its JavaScript embedded in the notebook: nothing is fetched from the
  network), formatted for reading by :func:`table_style` (Chinese text left-aligned, numbers right-aligned
  with thousands separated, shares as percentages, missing values as an empty cell or "—", a
  keyword-in-context table laid out as a concordance), and carries its data as CSV in the same output
  (MIME type ``text/csv``, the rows of :func:`table_frame`).
- **After execution.** :func:`render_html` turns the executed notebook into a :class:`RenderedPage`: the
  HTML (``lang="zh-Hans"``, a font stack naming the simplified-Chinese fonts, a title, links to the index
  and to the previous and next page, code cells hidden behind a toggle, no script, style or font loaded
  from the network) and the CSV of each table, linked under it; :meth:`RenderedPage.write` puts both in
  the report's folder. :func:`index_html` is the index: each page's question and its first findings.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import json
import logging
import math
import numbers
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = [
    "RenderedPage",
    "display_setup",
    "glyph_warnings",
    "index_html",
    "inject_display",
    "manifest_markdown",
    "page_findings",
    "page_list",
    "render_html",
    "table_frame",
    "table_style",
    "title_and_question",
]

#: the tag of the display cell :func:`inject_display` adds (its input never shows on a page)
DISPLAY_TAG = "nqp-display"
#: the tag of cells whose input never shows (the code that renders a Findings cell)
HIDE_INPUT_TAG = "hide-input"
#: the MIME type under which a displayed table carries its data
CSV_MIME = "text/csv"
#: rows of one table embedded in a page (pandas renders about 1,000 rows a second); its CSV holds every row
MAX_TABLE_ROWS = 500
#: rows per page of an interactive table, and the choices offered
PAGE_LENGTH = 10
LENGTH_MENU = [10, 25, 50, 100, 500]
#: the page language: Chromium picks the simplified-Chinese glyph forms of a CJK font for it
LANG = "zh-Hans"
#: the font stack of every page, simplified-Chinese fonts first
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Source Han Sans CN", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif'
)
MONO_STACK = '"Noto Sans Mono CJK SC", "Source Han Mono SC", "DejaVu Sans Mono", monospace'
GLYPH_WARNING = re.compile(r"Glyph \d+ .* missing from (current )?font", re.I)
#: float columns shown as percentages: named share (blank_line_share, share_articles ...) or one of these
SHARE_NAMES = {"containment", "jaccard", "precision", "ci_low", "ci_high", "coverage"}
#: integer columns shown without a thousands separator (a year is 2024, not 2,024)
PLAIN_INT = re.compile(r"(^|[_ ])(year|years|decade|period)$", re.I)
#: list cells are joined with this in the page and in the CSV
LIST_JOIN = "、"
MISSING_TEXT = "—"
#: a cell holding the versions table (the page's manifest lists the same versions)
VERSIONS_CELL = re.compile(r"^\s*pd\.Series\(nqp\.report\.versions\(\)[^\n]*$")
CSV_SLOT = "<!--nqp-csv-->"


# -- in the kernel: what a table holds, how it reads, and its display ---------------------------------


def table_frame(table):
    """The data a displayed table holds, as one flat DataFrame: exactly what its CSV contains.

    ``table``: a DataFrame, a Series (one column) or a pandas ``Styler`` (its data, less the columns and
    the index it hides). A named or non-integer index becomes the leading columns (a pivot's rows, a
    ``groupby`` key); an unnamed integer index (row numbers) is dropped. Column levels are joined with
    " · ", column names made unique; list, tuple and set cells are joined with "、" (sets sorted).
    """
    import pandas as pd
    from pandas.io.formats.style import Styler

    from .errors import NqpTypeError

    keep_index = None
    if isinstance(table, Styler):
        data = table.data
        hidden = set(getattr(table, "hidden_columns", []) or [])
        if hidden:
            data = data.iloc[:, [i for i in range(data.shape[1]) if i not in hidden]]
        keep_index = not all(getattr(table, "hide_index_", [False]) or [False])
        table = data
    if isinstance(table, pd.Series):
        table = table.to_frame(name=table.name if table.name is not None else "value")
    if not isinstance(table, pd.DataFrame):
        raise NqpTypeError(f"table: expected a DataFrame, Series or Styler, got {type(table).__name__}.")
    df = table.copy()
    df.columns = _unique([_label(c) for c in df.columns])
    index = df.index
    named = any(n is not None for n in index.names)
    if keep_index is None:
        keep_index = named or not (pd.api.types.is_integer_dtype(index.dtype) or len(index) == 0)
    if keep_index:
        names = [_label(n) if n is not None else ("index" if index.nlevels == 1 else f"level_{i}")
                 for i, n in enumerate(index.names)]
        taken = set(df.columns)
        names = [f"{n} (index)" if n in taken else n for n in names]
        df.index = index.set_names(names)
        df = df.reset_index()
    else:
        df = df.reset_index(drop=True)
    for col in df.columns:
        if df[col].dtype == object and df[col].map(lambda v: isinstance(v, (list, tuple, set, frozenset))).any():
            df[col] = df[col].map(_joined)
    return df


def _label(value) -> str:
    if isinstance(value, tuple):
        return " · ".join(str(v) for v in value if str(v) != "")
    return str(value)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def _joined(value):
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join(str(v) for v in value)
    return value


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        out = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return out is True or (hasattr(out, "dtype") and out.shape == () and bool(out))


def _column_kind(values, name: str) -> str:
    """How a column reads: bool, int, float, share, date or text."""
    import pandas as pd

    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "share" if _is_share(name) else "float"
    present = [v for v in values if not _missing(v)]
    if not present:
        return "text"
    if all(isinstance(v, (bool,)) or type(v).__name__ == "bool_" for v in present):
        return "bool"
    if all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in present):
        if all(isinstance(v, numbers.Integral) for v in present):
            return "int"
        return "share" if _is_share(name) else "float"
    if all(isinstance(v, (_dt.datetime, _dt.date)) for v in present):
        return "date"
    return "text"


def _is_share(name: str) -> bool:
    words = set(re.split(r"[_\s]+", name.lower()))
    return "share" in words or name.lower() in SHARE_NAMES


def _float_values(values):
    import numpy as np
    import pandas as pd

    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _decimals(values, cap: int = 3) -> int:
    """The fewest decimals (up to ``cap``) that show every finite value exactly; else by magnitude."""
    import numpy as np

    finite = values[np.isfinite(values)]
    if not len(finite):
        return 0
    for d in range(cap + 1):
        if np.all(np.abs(finite - np.round(finite, d)) < 1e-9):
            return d
    big = float(np.max(np.abs(finite)))
    return min(cap, 1 if big >= 100 else 2 if big >= 1 else 3)


def _number(decimals: int, thousands: bool = True, percent: bool = False):
    sep = "," if thousands else ""

    def fmt(value) -> str:
        if _missing(value):
            return ""
        x = float(value)
        if math.isinf(x):
            return "∞" if x > 0 else "-∞"
        if percent:
            return f"{x * 100:{sep}.{decimals}f}%"
        if decimals == 3 and x != 0 and abs(x) < 0.001:
            return f"{x:.1e}"  # a p-value, a tiny weight: its order of magnitude, not 0.000
        return f"{x:{sep}.{decimals}f}"

    return fmt


def _text(value) -> str:
    if _missing(value):
        return MISSING_TEXT
    return str(value)


def _yes_no(value) -> str:
    if _missing(value):
        return MISSING_TEXT
    return "yes" if bool(value) else "no"


def _date_format(values):
    import pandas as pd

    stamps = pd.to_datetime(values, errors="coerce")
    present = stamps.dropna()
    timed = bool(len(present)) and bool(((present - present.dt.normalize()) != pd.Timedelta(0)).any())
    pattern = "%Y-%m-%d %H:%M" if timed else "%Y-%m-%d"

    def fmt(value) -> str:
        if _missing(value):
            return MISSING_TEXT
        return pd.Timestamp(value).strftime(pattern)

    return fmt


def _long_text(values) -> bool:
    lengths = [len(str(v)) for v in values if not _missing(v)]
    if not lengths:
        return False
    lengths.sort()
    return lengths[len(lengths) // 2] > 24 or lengths[-1] > 60


def table_style(table, *, max_rows: int | None = MAX_TABLE_ROWS):
    """A table formatted for reading, as a pandas ``Styler`` (what every table of the report shows).

    ``table``: anything :func:`table_frame` takes. Text is left-aligned (long text wraps in a wide
    column, short text stays on one line), numbers right-aligned in tabular figures: integers with
    thousands separated (not years), floats with the fewest decimals that show them (at most 3; tiny
    values in scientific notation), shares (a column named ``share``, ``*_share``, ``containment`` ...)
    as percentages, booleans as yes/no, dates as YYYY-MM-DD; a missing number is an empty cell, missing
    text "—". A keyword-in-context table (columns ``left``, ``match``, ``right``) is a concordance: the
    left context right-aligned against the match, the right context left-aligned after it, none of the
    three wrapped. The index is not shown (:func:`table_frame` made the meaningful one columns).
    ``max_rows``: the first rows kept (None: all).
    """
    from ._validate import check_int

    frame = table_frame(table)
    if max_rows is not None:
        frame = frame.head(check_int("max_rows", max_rows, min=1))
    formats, styles = {}, {}
    kwic = {"left", "match", "right"} <= set(frame.columns)
    for col in frame.columns:
        kind = _column_kind(frame[col], col)
        if kind in ("int", "float", "share"):
            values = _float_values(frame[col])
            if kind == "share":
                formats[col] = _number(min(_decimals(values * 100), 1), percent=True)
            else:
                formats[col] = _number(0 if kind == "int" else _decimals(values), thousands=not PLAIN_INT.search(col))
            styles[col] = "text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;"
        elif kind == "bool":
            formats[col] = _yes_no
            styles[col] = "text-align: center; white-space: nowrap;"
        elif kind == "date":
            formats[col] = _date_format(frame[col])
            styles[col] = "text-align: left; white-space: nowrap;"
        else:
            formats[col] = _text
            if _long_text(frame[col]) and not (kwic and col in ("left", "match", "right")):
                styles[col] = "text-align: left; white-space: normal; min-width: 16em; max-width: 40em;"
            else:
                styles[col] = "text-align: left; white-space: nowrap;"
    if kwic:
        styles["left"] = "text-align: right; white-space: nowrap; padding-right: 0.1em;"
        styles["match"] = ("text-align: center; white-space: nowrap; font-weight: bold; color: #a1260d; "
                           "padding-left: 0.1em; padding-right: 0.1em;")
        styles["right"] = "text-align: left; white-space: nowrap; padding-left: 0.1em;"
    styler = frame.style.hide(axis="index").format(formats, escape="html")
    return _with_column_styles(styler, styles)


def _with_column_styles(styler, styles: dict):
    """Per-column CSS (``#T_id td.colN``): one rule per column, not one per cell."""
    table_styles = {}
    for col, props in styles.items():
        align = re.search(r"text-align: *(\w+)", props)
        header = f"text-align: {align.group(1) if align else 'left'}; white-space: nowrap;"
        table_styles[col] = [{"selector": "td", "props": props + " vertical-align: top;"},
                             {"selector": "th", "props": header}]
    return styler.set_table_styles(table_styles, overwrite=False) if table_styles else styler


def _readable(styler):
    """A copy of a Styler made elsewhere, with a missing value shown as "" (numbers) or "—" (text) instead of
    nan/None, and each column aligned by its kind where the Styler does not style that column itself."""
    import copy

    styler = copy.deepcopy(styler)  # the caller's Styler stays as it was
    data = styler.data
    kinds = {j: _column_kind(data.iloc[:, j], _label(c)) for j, c in enumerate(data.columns)}
    funcs = getattr(styler, "_display_funcs", None)  # pandas' per-cell display functions
    if isinstance(funcs, dict):
        for j, kind in kinds.items():
            blank = "" if kind in ("int", "float", "share") else MISSING_TEXT
            for i in range(data.shape[0]):
                funcs[(i, j)] = _guarded(funcs[(i, j)], blank)
    styled = " ".join(str(rule.get("selector", "")) for rule in styler.table_styles or [])
    styles = {}
    for j, c in enumerate(data.columns):
        if re.search(rf"\bcol{j}\b", styled):
            continue
        numeric = kinds[j] in ("int", "float", "share")
        styles[c] = ("text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;" if numeric
                     else "text-align: left;")
    return _with_column_styles(styler, styles)


def _guarded(func, blank: str):
    def show(value):
        return blank if _missing(value) else func(value)

    return show


def _table_html(table) -> tuple[str, str]:
    """(HTML of the interactive table with its caption, CSV of its data) for one displayed table."""
    import pandas as pd
    from itables import to_html_datatable
    from pandas.io.formats.style import Styler

    frame = table_frame(table)
    n_rows, n_cols = frame.shape
    if isinstance(table, Styler) and n_rows <= MAX_TABLE_ROWS:
        styler = _readable(table)
    else:
        styler = table_style(frame)
    with pd.option_context("styler.render.max_elements", max(262144, (MAX_TABLE_ROWS + 1) * (n_cols + 1))):
        body = to_html_datatable(
            styler,
            connected=False,
            allow_html=True,
            showIndex=not all(getattr(styler, "hide_index_", [False]) or [False]),
            classes="display compact",
            style="table-layout: auto; width: auto; margin: 0; caption-side: bottom;",
            pageLength=PAGE_LENGTH,
            lengthMenu=LENGTH_MENU,
        )
    shown = min(n_rows, MAX_TABLE_ROWS)
    what = (f"{n_rows:,} row{'s' if n_rows != 1 else ''} × {n_cols} column{'s' if n_cols != 1 else ''}"
            if shown == n_rows else
            f"the first {shown:,} of {n_rows:,} rows × {n_cols} columns (the CSV holds every row)")
    caption = f'<figcaption class="nqp-caption">{what}{CSV_SLOT}</figcaption>'
    page = f'<figure class="nqp-table" data-rows="{n_rows}" data-columns="{n_cols}">\n{body}\n{caption}\n</figure>'
    return page, frame.to_csv(index=False, lineterminator="\r\n")


def _table_bundle(table):
    page, csv = _table_html(table)
    return {"text/html": page, CSV_MIME: csv}


def display_setup() -> None:
    """Make every DataFrame, Series and Styler display as a readable interactive table with its CSV.

    Run inside a Jupyter kernel (the report's display cell does; call it in a notebook of your own to get
    the same tables). Loads the DataTables library into the notebook once, embedded (no network), and
    registers :func:`table_style` plus itables as the display of pandas tables; each output also holds the
    table's data under the MIME type ``text/csv``.
    """
    import itables
    import pandas as pd
    from IPython import get_ipython
    from pandas.io.formats.style import Styler

    from .errors import ReportError

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        raise ReportError("nqp.render.display_setup: run it inside a Jupyter kernel (a notebook cell).")
    itables.init_notebook_mode(all_interactive=False, connected=False)
    bundles = shell.display_formatter.mimebundle_formatter
    for kind in (pd.DataFrame, pd.Series, Styler):
        bundles.for_type(kind, _table_bundle)


def inject_display(nb):
    """Put the display cell first in ``nb``: it runs :func:`display_setup` before any other cell.

    The cell is tagged ``injected-parameters`` (the report's own cells, not counted when a failing cell is
    named) and ``nqp-display`` (its code never shows on a page; its output loads the tables' library).
    A display cell already there is replaced.
    """
    import nbformat

    cell = nbformat.v4.new_code_cell(
        "# The report's tables: sortable, searchable, offline, each with its data as CSV (nqp.render)\n"
        "import nqp.render\n\nnqp.render.display_setup()"
    )
    cell.metadata["tags"] = ["injected-parameters", DISPLAY_TAG]
    nb.cells[:] = [cell] + [c for c in nb.cells if DISPLAY_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb


# -- after execution: the pages, their tables and the index ---------------------------------------------


def glyph_warnings(nb) -> list[str]:
    """The outputs of ``nb`` that report a Chinese character drawn without a CJK font (cell: message)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if GLYPH_WARNING.search(text):
                found.append(f"cell {i + 1}: {GLYPH_WARNING.search(text).group(0)}")
    return found


def manifest_markdown(man: dict) -> str:
    """The run manifest as a Markdown table (the last section of every page)."""
    rows = [
        ("corpus", f"`{man['corpus']}`: {man['documents']:,} document{'s' if man['documents'] != 1 else ''}, {man['characters']:,} characters"),
        ("corpus SHA-256 (ids and texts)", f"`{man['corpus_sha256']}`"),
        *([("metadata SHA-256 (ids, dates, outlets, titles)", f"`{man['metadata_sha256']}`")] if "metadata_sha256" in man else []),
        *([("source file SHA-256", f"`{man['file_sha256']}`")] if "file_sha256" in man else []),
        ("parameters", ", ".join(f"`{k}={v!r}`" for k, v in man["parameters"].items()) or "defaults"),
        ("versions", ", ".join(f"{k} {v}" for k, v in man["versions"].items())),
        ("run at", man["run_at"]),
    ]
    return "### Run manifest\n\n| | |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def title_and_question(nb) -> tuple[str, str]:
    """The notebook's ``# title`` and the paragraph after it (its question)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not cell.source.lstrip().startswith("# "):
            continue
        head, _, rest = cell.source.strip().partition("\n")
        paragraphs = [p.strip() for p in rest.strip().split("\n\n") if p.strip()]
        return head[2:].strip(), " ".join(paragraphs[0].split()) if paragraphs else ""
    return "", ""


def page_findings(nb) -> list[str]:
    """The findings an executed notebook printed, one Markdown string per item, in order.

    Read from the Markdown output of the code cells after the last ``## Findings`` heading (up to the
    next heading of that level): each ``- `` bullet is one finding (a paragraph, when there are none).
    Empty before the notebook ran.
    """
    at = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.lstrip().startswith("## Findings")]
    if not at:
        return []
    text = []
    for cell in nb.cells[at[-1] + 1:]:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## "):
            break
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text.append(out.get("data", {}).get("text/markdown", ""))
    found, current = [], None
    for line in "\n".join(text).splitlines():
        bullet = re.match(r"^\s{0,1}[-*] +(.*)", line)
        if bullet:
            current = [bullet.group(1)]
            found.append(current)
        elif current is not None and line.strip():
            current.append(line.strip())
        else:
            current = None
    if found:
        return [" ".join(item) for item in found]
    return [" ".join(p.split()) for p in "\n".join(text).split("\n\n") if p.strip()]


def page_list(paths) -> list[tuple[str, str]]:
    """``(page file name, title)`` of each notebook in ``paths``, in order: the report's navigation."""
    import nbformat

    out = []
    for path in paths:
        path = Path(path)
        title, _ = title_and_question(nbformat.read(path, as_version=4))
        out.append((path.stem + ".html", title or path.stem))
    return out


@dataclasses.dataclass(frozen=True)
class RenderedPage:
    """One page of the report: its HTML and the CSV of each of its tables (file name: text).

    ``name`` is the page's file name (``02-cleaning.html``); ``title``, ``question`` and ``findings`` (the
    notebook's title, its question and what its Findings cell printed, Markdown) feed the index.
    """

    name: str
    title: str
    question: str
    findings: tuple[str, ...]
    html: str
    tables: dict

    def write(self, folder) -> list[Path]:
        """Write the page and its CSV files (UTF-8 with a BOM, so that Excel reads Chinese) into ``folder``."""
        folder = Path(folder)
        written = [_write(folder / self.name, self.html.encode("utf-8"))]
        for name, csv in self.tables.items():
            written.append(_write(folder / name, csv.encode("utf-8-sig")))
        return written


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def render_html(nb, man: dict, *, pages: list[tuple[str, str]] | None = None, show_code: bool = False) -> RenderedPage:
    """An executed notebook as a page of the report: standalone HTML (figures and scripts embedded) + CSVs.

    ``man``: the run manifest (:func:`nqp.report.manifest`), shown at the end of the page. ``pages``: the
    report's pages in order, ``(file name, title)`` (:func:`page_list`), for the links to the previous and
    the next page; the page is found in it by the notebook's name (``nb.metadata["nqp_name"]``, set by
    :func:`nqp.report.execute_notebook`). ``show_code``: show the code cells when the page opens (the
    reader can toggle them either way; the code that renders a Findings cell never shows).
    Each table displayed through :func:`display_setup` gets a CSV file, ``<page>-NN.csv``, linked under it.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    name = str(nb.metadata.get("nqp_name", "page.ipynb"))
    stem = Path(name).stem
    page_name = stem + ".html"
    title, question = title_and_question(nb)
    title = title or stem
    findings = tuple(page_findings(nb))

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and VERSIONS_CELL.match(c.source))]
    tables = _take_tables(nb, stem)
    nb.cells.append(nbformat.v4.new_markdown_cell(manifest_markdown(man)))
    nb.metadata["title"] = f"{title} · nqp report"

    logging.getLogger("traitlets").setLevel(logging.ERROR)  # nbconvert's notes on image alt text
    exporter = HTMLExporter(
        template_name="lab",
        template_file="nqp-page.html.j2",
        extra_loaders=[_template_loader()],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = LANG
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={HIDE_INPUT_TAG, DISPLAY_TAG}), enabled=True
    )
    resources = {"nqp": {"css": PAGE_CSS, "show_code": bool(show_code), "script": PAGE_SCRIPT,
                         "nav_top": _nav(page_name, pages, toggle=True, show_code=bool(show_code)),
                         "nav_bottom": _nav(page_name, pages, toggle=False, show_code=bool(show_code))}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return RenderedPage(name=page_name, title=title, question=question, findings=findings, html=body, tables=tables)


def _take_tables(nb, stem: str) -> dict:
    """Move each output's CSV out of the notebook copy into files, linking each under its table."""
    tables = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if CSV_MIME not in data:
                continue
            csv = data.pop(CSV_MIME)
            csv = "".join(csv) if isinstance(csv, list) else csv
            file = f"{stem}-{len(tables) + 1:02d}.csv"
            tables[file] = csv
            link = f' · <a class="nqp-csv" href="{html.escape(file)}" download>CSV</a>'
            page = data.get("text/html", "")
            page = "".join(page) if isinstance(page, list) else page
            data["text/html"] = page.replace(CSV_SLOT, link, 1) if CSV_SLOT in page else page + link
    return tables


def _nav(page: str, pages, *, toggle: bool, show_code: bool) -> str:
    names = [p for p, _ in pages or []]
    titles = dict(pages or [])
    links = ['<a class="nqp-index" href="index.html">nqp report · index</a>']
    if page in names:
        i = names.index(page)
        if i > 0:
            links.append(f'<a rel="prev" href="{html.escape(names[i - 1])}">← {html.escape(titles[names[i - 1]])}</a>')
        if i + 1 < len(names):
            links.append(f'<a rel="next" href="{html.escape(names[i + 1])}">{html.escape(titles[names[i + 1]])} →</a>')
    if toggle:
        label = "Hide code" if show_code else "Show code"
        links.append(f'<button type="button" class="nqp-toggle-code" aria-pressed="{str(show_code).lower()}">'
                     f"{label}</button>")
    where = "nqp-nav-top" if toggle else "nqp-nav-bottom"
    return f'<nav class="nqp-nav {where}">' + " ".join(links) + "</nav>"


def _template_loader():
    from jinja2 import DictLoader

    return DictLoader({"nqp-page.html.j2": PAGE_TEMPLATE})


PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
{{ resources.nqp.css }}
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook nqp-page{{ ' nqp-show-code' if resources.nqp.show_code else '' }}" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.nqp.nav_top }}
<main>
{%- endblock body_header -%}
{% block body_footer %}
</main>
{{ resources.nqp.nav_bottom }}
<script>
{{ resources.nqp.script }}
</script>
</body>
{% endblock body_footer %}
"""

PAGE_CSS = f"""
:root {{
  --jp-content-font-family: {FONT_STACK};
  --jp-ui-font-family: {FONT_STACK};
  --jp-code-font-family: {MONO_STACK};
}}
body.nqp-page {{ font-family: {FONT_STACK}; }}
.nqp-page main {{ max-width: 84rem; margin: 0 auto; }}
.nqp-page table.dataTable, .nqp-page .jp-RenderedHTMLCommon {{ font-family: {FONT_STACK}; }}
.nqp-nav {{ display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; align-items: center; padding: 0.5rem 1.5rem;
  background: #f4f4f4; border-bottom: 1px solid #ddd; font-size: 0.95rem; }}
.nqp-nav-top {{ position: sticky; top: 0; z-index: 10; }}
.nqp-nav-bottom {{ border-top: 1px solid #ddd; border-bottom: none; margin-top: 2rem; }}
.nqp-nav a {{ color: #1a55a5; text-decoration: none; }}
.nqp-nav a:hover {{ text-decoration: underline; }}
.nqp-nav button {{ margin-left: auto; font: inherit; padding: 0.15rem 0.7rem; cursor: pointer; }}
.nqp-nav-bottom button {{ display: none; }}
/* code out of the reader's way: inputs shown only when the page's toggle (or show_code) says so */
.nqp-page:not(.nqp-show-code) .jp-CodeCell .jp-Cell-inputWrapper {{ display: none; }}
.nqp-page:not(.nqp-show-code) .jp-CodeCell.jp-mod-noOutputs {{ display: none; }}
.nqp-page .celltag_nqp-display {{ display: none; }}
.nqp-page .jp-mod-noInput .jp-Cell-inputWrapper {{ display: none; }}
/* tables: JupyterLab's right-aligned, fixed-layout tables give way to each column's own alignment */
.nqp-table {{ margin: 0.6rem 0 1rem 0; overflow-x: auto; max-width: 100%; }}
.nqp-table table {{ table-layout: auto !important; margin-left: 0 !important; margin-right: auto !important; }}
.nqp-table td, .nqp-table th {{ text-align: left; vertical-align: top; line-height: 1.45; }}
.nqp-table th {{ white-space: nowrap; }}
.nqp-caption {{ font-size: 0.85rem; color: #555; margin-top: 0.3rem; }}
.nqp-caption a {{ color: #1a55a5; }}
.jp-RenderedHTMLCommon .nqp-table table {{ font-size: 0.9rem; }}
.jp-RenderedMarkdown li {{ margin-bottom: 0.35rem; }}
.nqp-page .jp-RenderedText, .nqp-page .jp-RenderedText pre {{ overflow: visible !important; white-space: pre-wrap; }}
"""

PAGE_SCRIPT = """
(function () {
  var button = document.querySelector(".nqp-toggle-code");
  if (!button) return;
  button.addEventListener("click", function () {
    var shown = document.body.classList.toggle("nqp-show-code");
    button.textContent = shown ? "Hide code" : "Show code";
    button.setAttribute("aria-pressed", shown ? "true" : "false");
  });
})();
"""


#: the measures the pages name, in plain words, for a reader who never opens the code (the index's glossary)
GLOSSARY = (
    ("segmentation, jieba", "Chinese is written without spaces; a segmenter (jieba, with nqp's lexicon of policy terms) "
     "cuts the text into words, and every count of words depends on where it cuts."),
    ("formula layer", "the stock words of policy prose (坚持, 推进, 加快, 发展 …), set aside so that what a text is about shows."),
    ("TF-IDF", "a word scores high for a document or an outlet that uses it often while few others do."),
    ("TextRank", "a word scores high when it sits next to many other well-connected words: the backbone of a text."),
    ("keyness, G²", "whether one part of the corpus uses a word more than another beyond chance: the log-likelihood "
     "G² measures the surprise, larger is stronger."),
    ("p, adjusted p", "the chance of a difference at least this large if there were none; adjusted "
     "(Benjamini-Hochberg) for the many words tested at once, so that at most about 5% of the words called significant are false alarms."),
    ("PMI", "how much more often two words occur together than if they were independent (log2: 1 is twice as often)."),
    ("topics (NMF, LDA)", "groups of words that tend to occur in the same documents, found by a model; each document is a "
     "mix of topics, and its shares add up to 1."),
    ("coherence (NPMI)", "how often a topic's top words share a sentence: near 0 as chance would have it, up to 1 always together."),
    ("stability", "how much a result comes back when it is refitted on other random samples of the documents "
     "(for clusters the adjusted Rand index, for topics the overlap of matched topics' top words): 1 always the "
     "same, near 0 no better than chance."),
    ("silhouette", "how much closer each document is to its own cluster than to the next one: near 1 clear clusters, near 0 none."),
    ("NMI", "agreement between two groupings of the same documents (clusters and outlets, say): 1 identical, 0 unrelated."),
    ("LSA", "the documents' word counts reduced to their 20 strongest dimensions, where similar documents lie close."),
    ("reprints (MinHash, containment)", "a passage counts as a copy when at least half of its short character "
     "sequences also occur in another; MinHash finds such pairs without comparing every passage with every other."),
    ("companions, z", "the words printed around the theme more often than across the corpus; z (a log-odds ratio "
     "over its standard error, after Monroe et al.) says how far beyond chance: above 1.96 is rarely chance."),
    ("per 10,000 characters", "a count divided by the text's length, so that long and short outlets or periods compare."),
    ("Wilson interval", "the range a category's precision lies in, 19 times in 20, given the hits a reader marked."),
)


def index_html(pages: list[RenderedPage], man: dict, *, findings: int = 2) -> str:
    """The report's index: each page's title (a link), its question and its first ``findings`` findings."""
    import mistune

    items = []
    for page in pages:
        found = "".join(f"<li>{_inline_markdown(mistune, f)}</li>" for f in page.findings[:findings])
        more = len(page.findings) - findings
        items.append(
            f'<li><a href="{html.escape(page.name)}">{html.escape(page.title)}</a>'
            f'<div class="q">{mistune.html(page.question)}</div>'
            + (f'<ul class="findings">{found}</ul>' if found else "")
            + (f'<div class="more"><a href="{html.escape(page.name)}">{more} more finding{"s" if more != 1 else ""} on the page</a></div>'
               if more > 0 else "")
            + "</li>"
        )
    manifest_rows = "\n".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in [
            ("corpus", f"{man['corpus']}: {man['documents']:,} document{'s' if man['documents'] != 1 else ''}, "
                       f"{man['characters']:,} characters"),
            ("corpus SHA-256 (ids and texts)", man["corpus_sha256"]),
            *([("metadata SHA-256 (ids, dates, outlets, titles)", man["metadata_sha256"])] if "metadata_sha256" in man else []),
            *([("source file SHA-256", man["file_sha256"])] if "file_sha256" in man else []),
            ("parameters", ", ".join(f"{k}={v!r}" for k, v in man["parameters"].items())),
            ("versions", ", ".join(f"{k} {v}" for k, v in man["versions"].items())),
            ("run at", man["run_at"]),
        ]
    )
    glossary = "\n".join(f"<dt>{html.escape(term)}</dt><dd>{html.escape(text)}</dd>" for term, text in GLOSSARY)
    return f"""<!DOCTYPE html>
<html lang="{LANG}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>nqp report: {html.escape(man['corpus'])}</title>
<style>
body {{ font-family: {FONT_STACK}; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #222; }}
ol.pages > li {{ margin: 1.1rem 0; }} ol.pages > li > a {{ font-size: 1.15rem; font-weight: 600; color: #1a55a5; }}
.q {{ color: #444; }} .q p {{ margin: 0.2rem 0; }}
ul.findings {{ margin: 0.3rem 0; padding-left: 1.3rem; color: #222; font-size: 0.95rem; }} ul.findings li {{ margin: 0.2rem 0; }}
.more {{ font-size: 0.85rem; }} .more a {{ color: #1a55a5; }}
th {{ text-align: left; padding-right: 1rem; vertical-align: top; }}
table {{ border-collapse: collapse; font-size: 0.9rem; }} td, th {{ border-top: 1px solid #ddd; padding: 0.3rem; }}
dl.glossary {{ font-size: 0.92rem; }} dl.glossary dt {{ font-weight: 600; margin-top: 0.5rem; }} dl.glossary dd {{ margin-left: 1.2rem; color: #333; }}
</style></head><body>
<h1>nqp report</h1>
<p>Chinese policy discourse in the corpus <code>{html.escape(man['corpus'])}</code>: the analyses in reading order,
each with its question and its first findings. Every table on the pages can be sorted, searched and downloaded as CSV.</p>
<ol class="pages">
{chr(10).join(items)}
</ol>
<h2>How to read the measures</h2>
<dl class="glossary">
{glossary}
</dl>
<h2>Run manifest</h2>
<table>
{manifest_rows}
</table>
</body></html>
"""


def _inline_markdown(mistune, text: str) -> str:
    out = mistune.html(text).strip()
    match = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return match.group(1) if match else out


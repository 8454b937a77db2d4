"""The report: every numbered notebook executed on a corpus and rendered to HTML, with an index.

Parameters reach the notebooks by papermill's convention: the cell tagged ``parameters`` holds the
defaults and a cell tagged ``injected-parameters`` is inserted after it with the values of this run.
Each page ends with a run manifest (corpus hash, versions, parameters, date).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import logging
import os
import platform
import re
from importlib import metadata as _md
from pathlib import Path

from .errors import ReportError
from .render import glyph_warnings as _glyph_warnings
from .render import index_html as _index_html
from .render import inject_display, page_list, render_html

log = logging.getLogger(__name__)

NOTEBOOK_NAME = re.compile(r"^\d{2}-[\w.-]+\.ipynb$")
#: packages whose versions go into every manifest
KEY_PACKAGES = (
    "nqp", "pandas", "numpy", "scikit-learn", "jieba", "rjieba", "opencc", "matplotlib", "wordcloud",
    "networkx", "nbclient", "nbconvert",
)
CELL_TIMEOUT = 1800


def default_notebook_dir() -> Path:
    """The ``notebooks/`` folder of the repository nqp runs from."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def is_seeds(corpus) -> bool:
    """Is ``corpus`` (a table of :func:`nqp.load_corpus`) the seeds corpus, by content?

    The guard of prose that only holds for the seeds: the same documents (corpus SHA-256) as the
    ``seeds/`` folder beside the notebooks. False when that folder is not there.
    """
    seeds = _seeds_hash()
    if seeds is None:
        return False
    from .corpus import corpus_hash

    return corpus_hash(corpus) == seeds


@functools.lru_cache(maxsize=1)
def _seeds_hash() -> str | None:
    folder = default_notebook_dir().parent / "seeds"
    if not folder.is_dir():
        return None
    from .corpus import corpus_hash, load_corpus

    return corpus_hash(load_corpus(folder))


def list_notebooks(folder: str | Path | None = None, only: list[str] | None = None) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) of ``folder`` in reading order."""
    folder = Path(folder) if folder else default_notebook_dir()
    if not folder.is_dir():
        raise ReportError(
            f"notebooks={str(folder)!r}: no such folder. Run from a clone of the nqp repository or pass --notebooks."
        )
    found = sorted(p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name))
    if only:
        found = [p for p in found if any(p.name.startswith(o) for o in only)]
    if not found:
        raise ReportError(f"notebooks={str(folder)!r}: no notebooks named NN-name.ipynb{' matching ' + str(only) if only else ''}.")
    return found


def versions() -> dict[str, str]:
    """Versions of Python and of nqp's key dependencies."""
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = _md.version(name)
        except _md.PackageNotFoundError:
            out[name] = "not installed"
    return out


def manifest(corpus: str | Path, params: dict) -> dict:
    """The run manifest: what was run, on what, with which versions, when."""
    from .corpus import corpus_hash, load_corpus

    docs = load_corpus(corpus)
    return {
        "corpus": Path(corpus).name,
        "corpus_sha256": corpus_hash(docs),
        "documents": int(len(docs)),
        "characters": int(docs["n_chars"].sum()),
        "parameters": params,
        "versions": versions(),
        "run_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def inject_parameters(nb, params: dict):
    """Insert an ``injected-parameters`` cell after the ``parameters`` cell (papermill's convention)."""
    import nbformat

    lines = [f"{k} = {v!r}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("# Parameters of this run\n" + "\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cells = nb.cells
    cells[:] = [c for c in cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise ReportError(f"{nb.metadata.get('nqp_name', 'notebook')}: no cell tagged 'parameters'; tag the cell that holds its defaults.")
    cells.insert(at, cell)
    return nb


def _failing_cell(nb) -> tuple[int, str]:
    """The failing cell's number as the committed notebook counts it (the injected cell not counted)."""
    number = 0
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        number += 1
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                return number, f"{out.get('ename')}: {out.get('evalue')}"
    return -1, "unknown error"


def execute_notebook(path: Path, params: dict, progress=None):
    """Execute one notebook with ``params`` injected; return the executed notebook node.

    Raises :class:`ReportError` naming the notebook and cell when a cell fails or a figure lacks
    Chinese glyphs.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    nb.metadata["nqp_name"] = path.name
    # paths are given relative to the notebook's folder (the kernel's working directory), so that the
    # pages shared as HTML do not show the machine's folders
    params = {k: _relative(v, path.parent) if k == "corpus" else v for k, v in params.items()}
    inject_parameters(nb, params)
    inject_display(nb)  # first cell: every table interactive, offline, with its CSV (nqp.render)
    hook = (lambda **kw: progress.update(1)) if progress is not None else None
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=hook,
    )
    env_backup = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        cell, what = _failing_cell(nb)
        where = f"cell {cell}" if cell > 0 else "a cell"
        raise ReportError(f"{path.name}, {where} failed: {what}\n{_short(str(exc))}") from None
    finally:
        if env_backup is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_backup
    bad = _glyph_warnings(nb)
    if bad:
        raise ReportError(f"{path.name}: Chinese characters drawn without a CJK font ({'; '.join(bad)}).")
    return nb


def _relative(value, folder: Path):
    try:
        return os.path.relpath(value, folder)
    except (TypeError, ValueError):  # not a path, or another drive on Windows
        return value


def _short(text: str, limit: int = 3000) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text if len(text) <= limit else text[:limit] + " …"


def run_report(
    corpus: str | Path = "seeds",
    out: str | Path = "build/report",
    notebooks: str | Path | None = None,
    only: list[str] | None = None,
    params: dict | None = None,
) -> Path:
    """Execute every numbered notebook on ``corpus``, write one HTML page each and ``index.html``.

    ``params`` are injected into every notebook besides ``corpus``. Returns the path of the index.
    The executed notebooks are written next to the pages (``*.ipynb``) for reuse in JupyterLab.
    ``out`` is checked (a folder, or one that can be made, writable) before anything runs.
    """
    from tqdm.auto import tqdm

    from .io import check_output

    out = check_output(out, name="out", kind="folder")  # before any notebook runs
    corpus_path = Path(corpus).expanduser().resolve()
    paths = list_notebooks(notebooks, only)
    run_params = {"corpus": str(corpus_path), **(params or {})}
    man = manifest(corpus_path, {"corpus": corpus_path.name, **(params or {})})
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    n_cells = sum(
        sum(1 for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code") + 2 for p in paths  # + injected
    )
    entries, pages = [], page_list(paths)
    with tqdm(total=n_cells, desc="report", unit="cell") as bar:
        for path in paths:
            bar.set_postfix_str(path.stem)
            nb = execute_notebook(path, run_params, progress=bar)
            page = render_html(nb, man, pages=pages)  # the page and the CSV of each of its tables
            page.write(out)
            nbformat.write(nb, out / path.name)
            entries.append(page)
            log.info("rendered %s", out / page.name)
    index = out / "index.html"
    index.write_text(_index_html(entries, man), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
    return index

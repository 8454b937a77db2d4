"""The report: every notebook executed on the seeds, rendered to HTML with a manifest; failures named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import nqp
from nqp.errors import ReportError
from nqp.report import NOTEBOOK_NAME, list_notebooks, run_report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="session")
def report(tmp_path_factory, seeds_path):
    out = tmp_path_factory.mktemp("report")
    # the seeds' theme, as `make report` gives it (without one, each theme section says how to give one)
    index = run_report(corpus=seeds_path, out=out, theme=["建圈强链"])
    return out, index


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_stripped_and_follows_the_conventions(path):
    assert NOTEBOOK_NAME.match(path.name), "notebooks are named NN-name.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks with outputs stripped"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]}"), "title first"
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1, "one cell tagged parameters"
    params = next(c for c in code if "parameters" in c.metadata.get("tags", []))
    assert re.search(r"^corpus = ", params.source, re.M), "the parameters cell names the corpus"
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert any(h.lstrip().startswith("## Findings") for h in headings), "a Findings section"
    findings_at = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
    assert any(c.cell_type == "code" and "Markdown(" in c.source for c in nb.cells[findings_at:]), (
        "findings are rendered from the data"
    )
    for c in code:
        assert not re.search(r"^[ \t]*(def|class)\s", c.source, re.M), "notebooks define no functions or classes"


@pytest.mark.slow
def test_report_renders_every_notebook(report):
    out, index = report
    html = index.read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        page = out / (path.stem + ".html")
        assert page.is_file(), f"{page.name} was not rendered"
        assert f'href="{page.name}"' in html
        body = page.read_text(encoding="utf-8")
        assert "Run manifest" in body and "corpus SHA-256" in body
        executed = nbformat.read(out / path.name, as_version=4)
        errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus_sha256"] == nqp.corpus_hash(nqp.load_corpus(ROOT / "seeds"))
    assert manifest["documents"] == 5
    assert "jieba" in manifest["versions"] and "scikit-learn" in manifest["versions"]


@pytest.mark.slow
def test_findings_contain_numbers(report):
    out, _ = report
    for path in NOTEBOOKS:
        executed = nbformat.read(out / path.name, as_version=4)
        at = max(i for i, c in enumerate(executed.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
        rendered = "".join(
            o.get("data", {}).get("text/markdown", "")
            for c in executed.cells[at:]
            if c.cell_type == "code"
            for o in c.outputs
        )
        assert re.search(r"\d", rendered), f"{path.name}: the Findings render no number"
        assert "{" not in rendered.replace("{{", ""), f"{path.name}: an unrendered placeholder in the Findings"


def _notebook(folder: Path, name: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · test\n\nA question."),
        nbformat.v4.new_code_cell('corpus = "../seeds"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ]
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_failing_cell_names_notebook_and_cell(tmp_path, seeds_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    _notebook(folder, "01-broken.ipynb", "import nqp\ndocs = nqp.load_corpus(corpus)\n1 / 0")
    with pytest.raises(ReportError, match=r"01-broken\.ipynb, cell 3 failed: ZeroDivisionError"):
        run_report(corpus=seeds_path, out=tmp_path / "out", notebooks=folder)


def test_missing_glyphs_fail_the_report(tmp_path, seeds_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    code = (
        "import matplotlib.pyplot as plt, warnings\nwarnings.simplefilter('always')\n"
        "fig, ax = plt.subplots()\nax.set_title('建圈强链', fontfamily='DejaVu Sans')\nfig.canvas.draw()"
    )
    _notebook(folder, "01-boxes.ipynb", code)
    with pytest.raises(ReportError, match=r"01-boxes\.ipynb: Chinese characters drawn without a CJK font"):
        run_report(corpus=seeds_path, out=tmp_path / "out", notebooks=folder)


def test_notebook_without_parameters_cell(tmp_path, seeds_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1")]
    nbformat.write(nb, folder / "01-x.ipynb")
    with pytest.raises(ReportError, match=r"01-x\.ipynb: no cell tagged 'parameters'"):
        run_report(corpus=seeds_path, out=tmp_path / "out", notebooks=folder)


def test_no_notebooks(tmp_path):
    with pytest.raises(ReportError, match=r"no notebooks named NN-name\.ipynb"):
        list_notebooks(tmp_path)


def test_only_a_page_that_is_not_there_lists_the_pages():
    names = [p.stem for p in list_notebooks()]
    with pytest.raises(ReportError, match=r"--only 8: no page's name starts with it; the pages are ") as err:
        list_notebooks(None, ["8"])
    assert ", ".join(names) in str(err.value)


def test_cli_reports_bad_corpus_in_one_line(tmp_path, capsys):
    from nqp.cli import main

    assert main(["report", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "nqp report:" in err and "no such file or folder" in err and "Traceback" not in err


@pytest.mark.slow
def test_first_notebook_on_the_reference_corpus(tmp_path, reference_path):
    index = run_report(corpus=reference_path, out=tmp_path / "ref", only=["01"])
    page = (tmp_path / "ref" / "01-corpus.html").read_text(encoding="utf-8")
    assert "57 documents" in page
    assert index.is_file()


def test_the_seeds_guard_knows_the_seeds_by_content(corpus, reference_corpus):
    from nqp.report import is_seeds

    assert is_seeds(corpus)
    assert not is_seeds(corpus.iloc[:4])  # four of the five documents are not the seeds
    assert not is_seeds(reference_corpus)

"""Notebook 06, the theme page, rendered on a corpus with planted diffusion and without a theme."""

from __future__ import annotations

import nbformat
import pytest
from planted_diffusion import OTHER, OUTLETS, TERM, planted_corpus

from nqp.report import run_report


def _findings(out) -> str:
    nb = nbformat.read(out / "06-theme.ipynb", as_version=4)
    at = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
    return "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells[at:] if c.cell_type == "code"
                   for o in c.outputs)


@pytest.mark.slow
def test_the_theme_page_reads_the_planted_diffusion(tmp_path):
    path = tmp_path / "planted.csv"
    planted_corpus().to_csv(path, index=False)
    run_report(corpus=path, out=tmp_path / "out", only=["06"],
               theme=[TERM, OTHER], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    n_outlets = len(OUTLETS) + 1
    assert f"**Adoption of {TERM}:** 8 of {n_outlets} outlets by 2023-12, starting in 2023-03" in text
    assert "municipal → provincial: 63 days" in text
    assert "provincial → central: 81 to 100 days" in text
    assert "1 only in a title the text does not print" in text
    assert "On the seeds" not in text and "Government work reports" not in text


@pytest.mark.slow
def test_without_a_theme_the_page_says_how_to_give_one(tmp_path):
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "a.txt").write_text("今天天气很好。我们去公园散步。", encoding="utf-8")
    run_report(corpus=folder, out=tmp_path / "out", only=["06"], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    assert "nqp report --theme 新质生产力" in text and "the 1 article in scope" in text

"""A small report of two notebooks: what a kernel displays becomes tables with CSVs, pages link up, code toggles."""

from __future__ import annotations

import csv
import io

import nbformat
import pytest
from bs4 import BeautifulSoup

from nqp.render import render_html
from nqp.report import manifest, run_report

pytestmark = pytest.mark.slow


def _notebook(folder, name, title, code):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nA question about 建圈强链?"),
        nbformat.v4.new_code_cell('corpus = "../seeds"', metadata={"tags": ["parameters"]}),
        *[nbformat.v4.new_code_cell(c) for c in code],
    ]
    nbformat.write(nb, folder / name)


@pytest.fixture(scope="module")
def small_report(tmp_path_factory, seeds_path):
    folder = tmp_path_factory.mktemp("nbs")
    _notebook(folder, "01-tables.ipynb", "01 · Tables", [
        "import pandas as pd\nfrom IPython.display import display",
        "df = pd.DataFrame({'term': ['建圈强链', '新质生产力'], 'n': [1200, None], 'share': [0.25, 0.5]})\ndisplay(df)",
        "df.style.hide(axis='index')",
        "pd.Series([3, 4], index=['成都', '重庆'], name='n')",
    ])
    _notebook(folder, "02-end.ipynb", "02 · The end", ["x = 1"])
    out = tmp_path_factory.mktemp("small-report")
    run_report(corpus=seeds_path, out=out, notebooks=folder)
    return out, folder


def test_each_displayed_table_is_a_csv_with_its_data(small_report):
    out, _ = small_report
    files = sorted(p.name for p in out.glob("01-tables-*.csv"))
    assert files == ["01-tables-01.csv", "01-tables-02.csv", "01-tables-03.csv"]
    read = [list(csv.reader(io.StringIO((out / f).read_bytes().decode("utf-8-sig"), newline=""))) for f in files]
    assert read[0] == [["term", "n", "share"], ["建圈强链", "1200.0", "0.25"], ["新质生产力", "", "0.5"]]
    assert read[1] == read[0]  # the Styler holds the same data
    assert read[2] == [["index", "n"], ["成都", "3"], ["重庆", "4"]]
    assert not list(out.glob("02-end-*.csv"))
    page = BeautifulSoup((out / "01-tables.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in page.find_all("a", class_="nqp-csv")] == files


def test_pages_link_to_their_neighbours_and_the_index(small_report):
    out, _ = small_report
    first = BeautifulSoup((out / "01-tables.html").read_text(encoding="utf-8"), "html.parser")
    last = BeautifulSoup((out / "02-end.html").read_text(encoding="utf-8"), "html.parser")
    assert first.title.get_text() == "01 · Tables · nqp report"
    assert first.find("a", rel="next")["href"] == "02-end.html" and not first.find("a", rel="prev")
    assert last.find("a", rel="prev")["href"] == "01-tables.html" and not last.find("a", rel="next")
    assert first.find("a", class_="nqp-index")["href"] == "index.html"


def test_the_index_explains_the_measures_the_pages_name(small_report):
    from nqp.render import GLOSSARY

    out, _ = small_report
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    glossary = index.find("dl", class_="glossary")
    assert [dt.get_text() for dt in glossary.find_all("dt")] == [term for term, _ in GLOSSARY]
    assert all(dd.get_text().strip() for dd in glossary.find_all("dd"))


def test_show_code_opens_the_page_with_its_code(small_report, seeds_path):
    out, folder = small_report
    executed = nbformat.read(out / "01-tables.ipynb", as_version=4)
    man = manifest(seeds_path, {"corpus": "seeds"})
    hidden = BeautifulSoup(render_html(executed, man).html, "html.parser")
    shown = BeautifulSoup(render_html(executed, man, show_code=True).html, "html.parser")
    assert "nqp-show-code" not in hidden.body["class"] and "nqp-show-code" in shown.body["class"]
    assert shown.find("button", class_="nqp-toggle-code").get_text() == "Hide code"
    # the code is on the page either way (the toggle shows it); the display cell's code never is
    for soup in (hidden, shown):
        assert "display(df)" in soup.get_text() and "display_setup()" not in soup.get_text()

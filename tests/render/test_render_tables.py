"""Tables formatted for reading (nqp.render.table_style) and the data their CSV holds (table_frame)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import nqp
from nqp.errors import NqpTypeError, NqpValueError
from nqp.render import RenderedPage, inject_display, page_findings, table_frame, table_style


def _cells(styler) -> tuple[list[str], list[list[str]]]:
    soup = BeautifulSoup(styler.to_html(), "html.parser")
    header = [th.get_text() for th in soup.find("thead").find_all("th")]
    rows = [[td.get_text() for td in tr.find_all(["th", "td"])] for tr in soup.find("tbody").find_all("tr")]
    return header, rows


def _rules(styler) -> dict[int, str]:
    css = styler.to_html().split("</style>")[0]
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"td\.col(\d+) \{([^}]*)\}", css)}


def test_numbers_shares_years_missing_values_lists_and_dates_read_as_a_reader_expects():
    table = pd.DataFrame(
        {
            "term": ["建圈强链", None],
            "n": [12345, 7],
            "year": [2024, 2025],
            "share_articles": [0.1234, np.nan],
            "g2": [1234.56789, 3.5],
            "p_value": [0.00001234, 0.5],
            "variants": [["建圈强链", "建圈強鏈"], []],
            "significant": [True, False],
            "date_start": pd.to_datetime(["2024-03-05", None]),
            "score": [0.25, 0.5],
        }
    )
    header, rows = _cells(table_style(table))
    assert header == list(table.columns)
    assert rows[0] == ["建圈强链", "12,345", "2024", "12.3%", "1,234.6", "1.2e-05", "建圈强链、建圈強鏈", "yes", "2024-03-05", "0.25"]
    assert rows[1] == ["—", "7", "2025", "", "3.5", "0.500", "", "no", "—", "0.50"]


def test_text_is_left_aligned_and_numbers_right_aligned():
    table = pd.DataFrame({"sentence": ["成都明确，就是在综合分析各产业链发展的现实基础、政策导向、市场环境等因素的基础上"] * 3,
                          "outlet": ["成都日报"] * 3, "n": [1, 2, 3]})
    rules = _rules(table_style(table))
    assert "text-align: left" in rules[0] and "white-space: normal" in rules[0]  # long text wraps in a wide column
    assert "text-align: left" in rules[1] and "white-space: nowrap" in rules[1]
    assert "text-align: right" in rules[2] and "tabular-nums" in rules[2]


def test_a_keyword_in_context_table_is_a_concordance(articles):
    hits = nqp.kwic(articles, "建圈强链", window=12)
    styler = table_style(hits)
    rules = _rules(styler)
    cols = list(hits.columns)
    left, match, right = (rules[cols.index(c)] for c in ("left", "match", "right"))
    assert "text-align: right" in left and "nowrap" in left
    assert "nowrap" in match and "text-align: center" in match
    assert "text-align: left" in right and "nowrap" in right
    _, rows = _cells(styler)
    assert [r[cols.index("match")] for r in rows] == hits["match"].tolist()


def test_the_frame_keeps_a_meaningful_index_and_drops_row_numbers():
    long = pd.DataFrame({"group": ["a", "a", "b"], "topic": [0, 1, 0], "share": [0.5, 0.5, 1.0]})
    wide = long.pivot(index="group", columns="topic", values="share")
    frame = table_frame(wide)
    assert list(frame.columns) == ["group", "0", "1"] and frame["group"].tolist() == ["a", "b"]
    filtered = long[long["share"] < 1]  # an unnamed integer index: row numbers, not data
    assert list(table_frame(filtered).columns) == ["group", "topic", "share"]
    by_term = long.set_index("group")  # a named index
    assert table_frame(by_term).columns[0] == "group"
    multi = long.pivot_table(index="group", columns="topic", values=["share"], aggfunc="sum")
    assert list(table_frame(multi).columns) == ["group", "share · 0", "share · 1"]
    series = pd.Series([1, 2], index=["x", "y"], name="n")
    assert table_frame(series).to_dict("list") == {"index": ["x", "y"], "n": [1, 2]}
    styler = long.style.hide(axis="index").hide(["topic"], axis="columns")
    assert list(table_frame(styler).columns) == ["group", "share"]


def test_a_clash_between_an_index_and_a_column_keeps_both():
    table = pd.DataFrame({"term": ["a"], "n": [1]}, index=pd.Index(["x"], name="term"))
    assert list(table_frame(table).columns) == ["term (index)", "term", "n"]


def test_bad_tables_are_refused():
    with pytest.raises(NqpTypeError, match="expected a DataFrame"):
        table_style([1, 2])
    with pytest.raises(NqpValueError, match="max_rows"):
        table_style(pd.DataFrame({"a": [1]}), max_rows=0)


def test_long_tables_keep_their_first_rows():
    table = pd.DataFrame({"n": range(50)})
    _, rows = _cells(table_style(table, max_rows=20))
    assert len(rows) == 20 and rows[-1] == ["19"]


def test_keyness_style_shows_no_nan():
    table = pd.DataFrame({"term": ["成都", "场景"], "direction": ["target", "reference"], "target_count": [1200, 3],
                          "reference_count": [5, 9], "log_ratio": [1.5, np.nan], "g2": [40.25, np.nan],
                          "p_adjusted": [1e-6, np.nan], "significant": [True, True], "exemplar": ["成都明确。", None]})
    _, rows = _cells(nqp.keyness_style(table))
    assert rows[0][:7] == ["成都", "target", "1,200", "5", "+1.50", "40.2", "1.0e-06"]
    assert rows[1][4:7] == ["", "", ""] and rows[1][-1] == "—"


def test_a_page_writes_its_csv_with_a_bom(tmp_path):
    page = RenderedPage(name="01-x.html", title="01 · x", question="", findings=(), html="<html lang=\"zh-Hans\"></html>",
                        tables={"01-x-01.csv": "term,n\r\n建圈强链,1\r\n"})
    written = page.write(tmp_path)
    assert [p.name for p in written] == ["01-x.html", "01-x-01.csv"]
    assert (tmp_path / "01-x-01.csv").read_bytes() == "\ufeffterm,n\r\n建圈强链,1\r\n".encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-x-01.csv", "01-x.html"]  # no temporary file left


def test_the_display_cell_is_first_and_injected_once():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · x"), nbformat.v4.new_code_cell("1")]
    inject_display(inject_display(nb))
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags[0] == ["injected-parameters", "nqp-display"] and sum("nqp-display" in t for t in tags) == 1
    assert "display_setup()" in nb.cells[0].source and len(nb.cells) == 3


def test_findings_are_read_from_the_printed_markdown():
    import nbformat

    nb = nbformat.v4.new_notebook()
    findings = nbformat.v4.new_code_cell("display(Markdown(text))")
    findings.outputs = [nbformat.v4.new_output("display_data", data={
        "text/markdown": "- **5 documents** from 2 outlets.\n- Dates run from 2024-01\n  to 2026-02.\n- A third.",
        "text/plain": "<IPython.core.display.Markdown object>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · x"), nbformat.v4.new_markdown_cell("## Findings"), findings]
    assert page_findings(nb) == ["**5 documents** from 2 outlets.", "Dates run from 2024-01 to 2026-02.", "A third."]
    assert page_findings(nbformat.v4.new_notebook()) == []

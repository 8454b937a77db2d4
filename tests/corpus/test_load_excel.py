"""Excel workbooks (.xlsx), as news databases and web scrapers export them: read as a table, every sheet with
the first sheet's columns, dates typed as dates read as dates, numbers as written; bad workbooks refused with
the sheet and the remedy named, an old .xls refused with the way to convert it."""

from __future__ import annotations

import datetime as dt
import warnings

import openpyxl
import pandas as pd
import pytest

import nqp
from nqp.corpus import EXCEL_CELL_LIMIT
from nqp.errors import CorpusError

TEXTS = ["成都加快发展新质生产力,聚焦产业转型升级。", "建圈强链:重点产业链高质量发展。", "科技创新引领现代化产业体系建设。"]


def _workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_is_read_as_a_table(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", {"Sheet1": [
        ["doc_id", "text", "date", "outlet", "title"],
        [101, TEXTS[0], dt.datetime(2023, 10, 5), "人民日报", "加快发展新质生产力"],
        [102, TEXTS[1], dt.datetime(2023, 11, 2, 14, 30), "成都日报", "建圈强链"],
        [103, TEXTS[2], "2024年3月", "新华社", None],
    ]})
    corpus = nqp.load_corpus(path)
    assert corpus["doc_id"].tolist() == ["101", "102", "103"]  # whole numbers as written, not 101.0
    assert corpus["text"].tolist() == TEXTS
    assert corpus["date"].tolist() == ["2023-10-05", "2023-11-02", "2024-03"]
    assert corpus["date_precision"].tolist() == ["day", "day", "month"]
    assert corpus["outlet"].tolist() == ["人民日报", "成都日报", "新华社"]
    assert corpus["encoding"].unique().tolist() == ["xlsx"]
    assert corpus["title"].iloc[0] == "加快发展新质生产力"


def test_sheets_with_the_same_columns_are_one_table_and_blank_rows_are_no_documents(tmp_path):
    head = ["正文", "来源"]
    path = _workbook(tmp_path / "export.xlsx", {
        "2023": [head, [TEXTS[0], "人民日报"], [None, None], [TEXTS[1], "成都日报"]],
        "empty": [],
        "2024": [[None, None], head, [TEXTS[2], "新华社"]],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 来源 looks like the outlet: warned about elsewhere
        corpus = nqp.load_corpus(path, text_column="正文", outlet_column="来源")
    assert corpus["text"].tolist() == TEXTS
    assert corpus["outlet"].tolist() == ["人民日报", "成都日报", "新华社"]


def test_a_missing_text_column_names_the_alias(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", {"Sheet1": [["标题", "正文"], ["a", TEXTS[0]]]})
    with pytest.raises(CorpusError, match=r"no text column 'text' .*The column '正文' looks like the text"):
        nqp.load_corpus(path)


@pytest.mark.parametrize(
    "sheets, message",
    [
        ({"A": [["text", "outlet"], [TEXTS[0], "x"]], "B": [["text", "date"], [TEXTS[1], "2024"]]},
         r"sheet 'B' has other columns \(text, date\) than sheet 'A' \(text, outlet\).*save each sheet as its own file"),
        ({"A": [["text", None, "outlet"], [TEXTS[0], "y", "x"]]}, r"sheet 'A' has a column without a name .*column 2"),
        ({"A": [["text", "text"], [TEXTS[0], "x"]]}, r"sheet 'A' names 'text' more than once"),
        ({"A": [["text"], [TEXTS[0], "stray"]]}, r"sheet 'A', row 2 has a value in column 2, which has no name"),
        ({"A": [], "B": []}, r"the workbook is empty"),
    ],
)
def test_bad_workbooks_are_refused_naming_the_sheet(tmp_path, sheets, message):
    path = _workbook(tmp_path / "bad.xlsx", sheets)
    with pytest.raises(CorpusError, match=message) as err:
        nqp.load_corpus(path)
    assert str(path) in str(err.value)


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "not.xlsx"
    path.write_text("正文\n" + TEXTS[0], encoding="utf-8")
    with pytest.raises(CorpusError, match=r"not\.xlsx: cannot be read as an Excel \.xlsx workbook .*save it as CSV UTF-8"):
        nqp.load_corpus(path)


@pytest.mark.parametrize("suffix, remedy", [(".xls", "save it as .xlsx"), (".et", "save it as .xlsx")])
def test_old_workbooks_are_refused_with_the_remedy(tmp_path, suffix, remedy):
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CorpusError, match=remedy):
        nqp.load_corpus(path)


def test_a_text_at_excels_cell_limit_is_warned_about(tmp_path):
    cut = ("发展新质生产力。" * EXCEL_CELL_LIMIT)[:EXCEL_CELL_LIMIT]
    path = _workbook(tmp_path / "long.xlsx", {"S": [["text"], [TEXTS[0]], [cut]]})
    with pytest.warns(UserWarning, match=r"1 cell\(s\) hold 32,767 characters.*S:3.*Export the corpus as CSV"):
        corpus = nqp.load_corpus(path)
    assert corpus["text"].str.len().tolist() == [len(TEXTS[0]), EXCEL_CELL_LIMIT]


def test_the_streaming_path_reads_a_workbook_alike(tmp_path):
    rows = [["text", "outlet"]] + [[f"{TEXTS[i % 3]}第{i}篇。", f"媒体{i % 4}"] for i in range(23)]
    path = _workbook(tmp_path / "export.xlsx", {"Sheet1": rows})
    out = nqp.corpus_to_parquet(path, tmp_path / "parts", partition_size=5)
    streamed = pd.concat([pd.read_parquet(f) for f in sorted(out.glob("part.*.parquet"))], ignore_index=True)
    loaded = nqp.load_corpus(path)
    key = ["doc_id", "text", "outlet"]
    assert streamed[key].sort_values("doc_id").reset_index(drop=True).equals(
        loaded[key].sort_values("doc_id").reset_index(drop=True))
    assert len(loaded) == 23


def test_every_document_keeps_its_sheet_and_row(tmp_path):
    """Each document traces back to its cell: excel_sheet and excel_row (Excel's own row number, header = 1)."""
    head = ["正文", "来源"]
    path = _workbook(tmp_path / "export.xlsx", {
        "2023": [head, [TEXTS[0], "人民日报"], [None, None], [TEXTS[1], "成都日报"]],
        "2024": [[None, None], head, [TEXTS[2], "新华社"]],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = nqp.load_corpus(path, text_column="正文")
    by_text = corpus.set_index("text")
    assert [(by_text.loc[t, "excel_sheet"], int(by_text.loc[t, "excel_row"])) for t in TEXTS] == [
        ("2023", 2), ("2023", 4), ("2024", 3)]
    book = openpyxl.load_workbook(path)
    for t in TEXTS:  # the cell named holds the text
        sheet, row = by_text.loc[t, "excel_sheet"], int(by_text.loc[t, "excel_row"])
        assert book[sheet].cell(row=row, column=1).value == t


def test_a_workbooks_own_place_columns_are_kept(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", {"S": [["text", "excel_sheet", "excel_row"], [TEXTS[0], "mine", 7]]})
    corpus = nqp.load_corpus(path)
    assert corpus["excel_sheet"].tolist() == ["mine"] and corpus["excel_row"].tolist() == ["7"]


@pytest.mark.slow
def test_page_01_says_the_sheets_read(tmp_path):
    from nqp.report import execute_notebook

    path = _workbook(tmp_path / "export.xlsx", {"新闻": [["text"], [TEXTS[0]], [TEXTS[1]]], "评论": [["text"], [TEXTS[2]]]})
    page = next((nqp.report.list_notebooks(None)[0].parent).glob("01-*.ipynb"))
    nb = execute_notebook(page, {"corpus": str(path)})
    shown = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert ("- The workbook's 2 sheets are read as one table: 新闻 (2 documents), 评论 (1 document); "
            "`excel_sheet` and `excel_row` name each document's cell.") in shown

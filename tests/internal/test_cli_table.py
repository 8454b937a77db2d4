"""The command line's table printer: display widths, alignment, cuts with …, header breaks, left-out columns
(expected lines written out by hand: a Chinese character takes two columns)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqp.cli import _cell, _format_table

TABLE = pd.DataFrame({
    "outlet": ["成都日报", "ABC"],
    "n": [1, 12345],
    "share": [0.5, np.nan],
    "terms": [["新质生产力", "产业"], []],
    "flag": [True, False],
})


def test_aligned_by_display_width():
    assert _format_table(TABLE, width=200).splitlines() == [
        "outlet        n  share  terms             flag",
        "成都日报      1  0.500  新质生产力、产业  yes",
        "ABC       12345                           no",
    ]


def test_cut_to_fit_then_columns_left_out():
    assert _format_table(TABLE, width=40).splitlines() == [
        "outlet        n  share  terms       flag",
        "成都日报      1  0.500  新质生产…   yes",
        "ABC       12345                     no",
    ]
    assert _format_table(TABLE, width=30, hint="see --out").splitlines() == [
        "outlet        n  share",
        "成都日报      1  0.500",
        "ABC       12345",
        "(2 more columns not shown: terms, flag; see --out)",
    ]


def test_number_names_break_after_underscores():
    table = pd.DataFrame({"target_count": [1, 2], "text": ["一二三四五六七八九十" * 3, "短"]})
    assert _format_table(table, width=30).splitlines() == [
        "target_",
        "  count  text",
        "      1  一二三四五六七八九十…",
        "      2  短",
    ]


def test_rows_shown_and_how_many_more():
    table = pd.DataFrame({"term": ["甲", "乙", "丙"], "n": [3, 2, 1]})
    assert _format_table(table, width=80, rows=1, hint="--out FILE writes the whole table").splitlines() == [
        "term  n", "甲    3", "(… 2 more rows; --out FILE writes the whole table)",
    ]
    assert _format_table(table.iloc[:0], width=80) == "(no rows)"


def test_cells():
    assert [_cell(v) for v in (None, float("nan"), pd.NaT, pd.NA)] == ["", "", "", ""]
    assert _cell(pd.Timestamp("2024-05-01")) == "2024-05-01"
    assert _cell(1.23e-5) == "1.2e-05" and _cell(12345.678) == "12,345.7" and _cell(0.0) == "0.000"
    assert _cell(np.float64(0.25)) == "0.250" and _cell(np.int64(7)) == "7" and _cell(np.bool_(True)) == "yes"
    assert _cell("第一段\n第二段\r\n第三段\t完") == "第一段 ⏎ 第二段 ⏎ 第三段 完"

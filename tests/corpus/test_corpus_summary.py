"""``nqp.corpus_summary``: documents per outlet with the first and last date as the sources write them (a
month-dated document is a month, no day invented), sorted by the first date's start."""

from __future__ import annotations

import pandas as pd

import nqp


def _corpus(tmp_path, rows):
    path = tmp_path / "export.csv"
    pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]).to_csv(path, index=False)
    return nqp.load_corpus(path)


def test_first_and_last_are_the_dates_as_written(tmp_path):
    rows = [("a1", "成都日报", "2021-01", "建圈强链。"), ("a2", "成都日报", "2021-03-15", "产业建圈强链。"),
            ("a3", "成都日报", "2022-06", "一。"), ("b1", "四川日报", "2020-12-31", "二。"),
            ("b2", "四川日报", "2021", "三。"), ("c1", None, None, "四。")]
    docs = _corpus(tmp_path, rows)
    summary = nqp.corpus_summary(docs).set_index("outlet")
    assert summary.loc["成都日报", "first"] == "2021-01"  # not 2021-01-01
    assert summary.loc["成都日报", "last"] == "2022-06"  # not 2022-06-30
    # 四川日报: 2021 (a year) ends after 2020-12-31, so it is the last; the first starts earliest
    assert summary.loc["四川日报", "first"] == "2020-12-31"
    assert summary.loc["四川日报", "last"] == "2021"
    assert summary.loc["成都日报", "documents"] == 3
    assert summary.loc["成都日报", "characters"] == sum(len(t) for _, o, _, t in rows if o == "成都日报")
    assert summary.loc["成都日报", "precision"] == "day, month"
    # sorted by the start of the first date: 四川日报 (2020-12-31) before 成都日报 (2021-01); undated last
    assert list(summary.index) == ["四川日报", "成都日报", "(no outlet)"]
    assert pd.isna(summary.loc["(no outlet)", "first"]) and pd.isna(summary.loc["(no outlet)", "last"])

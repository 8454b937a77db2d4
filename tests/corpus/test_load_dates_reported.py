"""A document dated after the day of the run is named in a warning (kept as given), once per load."""

from __future__ import annotations

import warnings

import pandas as pd

import nqp
from nqp.corpus import _future_dates


def _table(tmp_path, dates):
    path = tmp_path / "export.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(dates))], "text": ["新质生产力。"] * len(dates),
                  "date": dates}).to_csv(path, index=False)
    return path


def test_dates_after_today_are_named_with_the_remedy(tmp_path):
    today = pd.Timestamp.now().normalize()
    later = [(today + pd.Timedelta(days=d)).strftime("%Y-%m-%d") for d in (400, 30)]
    path = _table(tmp_path, ["2023-05-04", later[0], later[1], f"{today.year + 3}"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = nqp.load_corpus(path)
    said = [str(w.message) for w in caught if "dated after today" in str(w.message)]
    assert len(said) == 1
    message = said[0]
    assert message.startswith(f"{path}: 3 documents are dated after today ({today:%Y-%m-%d}): ")
    # earliest first, each with its document
    assert f"{later[1]} (d2), {later[0]} (d1), {today.year + 3} (d3)" in message
    assert "Check these dates in the source" in message
    assert docs["date"].tolist() == ["2023-05-04", later[0], later[1], f"{today.year + 3}"]  # kept as given


def test_the_current_month_and_year_are_not_in_the_future():
    today = pd.Timestamp("2026-12-03")
    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2026-12", "2026", "2026-12-04"],
                       "date_start": pd.to_datetime(["2026-12-01", "2026-01-01", "2026-12-04"])})
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        said = _future_dates(df, "t.csv", today=today)
    assert len(said) == 1 and "1 document is dated after today (2026-12-03): 2026-12-04 (c)." in said[0]
    assert _future_dates(df.iloc[:2], "t.csv", today=today) == []


def test_bad_dates_are_all_counted_and_the_first_ten_listed_with_the_remedy(tmp_path, capsys):
    from nqp.cli import LIST_SHOWN, main

    bad = ["unknown"] * 6 + ["2021-13-45"] * 6
    path = _table(tmp_path, bad + ["2021-01-01", "2022"])
    try:
        nqp.load_corpus(path)
    except nqp.CorpusError as exc:
        message = str(exc)
    else:  # pragma: no cover - the test fails below
        message = ""
    head, *problems = message.splitlines()
    assert head == "12 bad dates (correct them, or leave a date empty to mark its document undated):"
    assert [p.strip().split(":")[0] for p in problems] == [f"{path}, d{i}" for i in range(12)]
    assert main(["theme", str(path), "新质生产力"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == LIST_SHOWN + 1  # ten problems, then how many more
    assert err[0].startswith(f"nqp theme: {head} {path}, d0: cannot read the date 'unknown'.")
    assert err[LIST_SHOWN - 1].strip().startswith(f"{path}, d9: the date '2021-13-45' does not exist")
    assert err[-1] == f"  (and {len(bad) - LIST_SHOWN} more: --debug shows them)"

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

"""What a page shows of a per-period table: from the first active period, head and tail, and a note."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp


def _years(first: int, last: int, active_from: int) -> pd.DataFrame:
    years = list(range(first, last + 1))
    return pd.DataFrame({"period": [str(y) for y in years],
                         "n_mentions": [int(y >= active_from) * (y - active_from + 1) for y in years]})


def test_the_empty_periods_before_the_first_mention_are_left_out_and_counted():
    t = _years(1954, 2025, 2018)  # the work reports' years, a theme from 2018
    shown, note = nqp.periods_shown(t, 40, t["n_mentions"] > 0, name="by_period")
    assert shown["period"].tolist() == [str(y) for y in range(2018, 2026)]
    assert note == ("8 of 72 periods shown: the 64 periods before 2018, empty, left out "
                    "(every period: the table `by_period`)")


def test_a_long_run_shows_where_it_starts_and_where_it_stands():
    t = _years(1900, 2025, 1906)
    shown, note = nqp.periods_shown(t, 40, t["n_mentions"] > 0)
    years = [int(p) for p in shown["period"]]
    assert years == list(range(1906, 1926)) + list(range(2006, 2026))
    left = 126 - 6 - 40
    assert note == f"40 of 126 periods shown: the 6 periods before 1906, empty, left out; {left} periods between 1925 and 2006 left out"


def test_everything_fits_no_note_and_the_index_labels_a_pivot():
    t = _years(2020, 2024, 2020)
    shown, note = nqp.periods_shown(t, 40, t["n_mentions"] > 0)
    assert note is None
    pd.testing.assert_frame_equal(shown, t)
    pivot = t.set_index("period")[["n_mentions"]].iloc[:0]
    assert nqp.periods_shown(pivot, 10, [])[1] is None
    wide = _years(2001, 2030, 2001).set_index("period")
    shown, note = nqp.periods_shown(wide, 4, wide["n_mentions"] > 0)
    assert shown.index.tolist() == ["2001", "2002", "2029", "2030"] and "26 periods between 2002 and 2029" in note
    nothing = _years(2001, 2003, 2100)  # no active period: nothing is taken for empty lead
    assert nqp.periods_shown(nothing, 40, nothing["n_mentions"] > 0)[0]["period"].tolist() == ["2001", "2002", "2003"]


def test_active_must_match_the_table():
    with pytest.raises(nqp.NqpValueError, match="active has 2 values for a table of 3 rows"):
        nqp.periods_shown(_years(2001, 2003, 2001), 10, [True, False])

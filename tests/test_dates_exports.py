"""parse_date on the dates real exports hold: a year or month written with 年/月, a day with a time of day and/or
a weekday, full-width digits and separators. Precision stays what the value gives; garbage is still refused."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.dates import parse_date
from nqp.errors import CorpusError


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023年", ("2023", "year")),
        (" 2023年 ", ("2023", "year")),
        ("2023年10月", ("2023-10", "month")),
        ("2023-10-05 14:30", ("2023-10-05", "day")),
        ("2023/10/05 08:00:00", ("2023-10-05", "day")),
        ("2023年10月5日 星期四", ("2023-10-05", "day")),
        ("2023-10-05T08:00:00+08:00", ("2023-10-05", "day")),
        ("2023-10-05T23:30:00-05:00", ("2023-10-05", "day")),  # the day as written, not moved by the offset
        ("2023-10-05T08:00:00Z", ("2023-10-05", "day")),
        ("2023-10-05 08:00:00.123", ("2023-10-05", "day")),
        ("2023年10月5日 14:30", ("2023-10-05", "day")),
        ("2023年10月5日14:30", ("2023-10-05", "day")),
        ("2023年10月5日 星期四 14:30", ("2023-10-05", "day")),
        ("2023年10月5日星期四14:30", ("2023-10-05", "day")),
        ("2023-10-05 Thu. 14:30", ("2023-10-05", "day")),
        ("2023年10月5日（周四）", ("2023-10-05", "day")),
        ("2023年10月5日 下午3点", ("2023-10-05", "day")),
        ("2023年10月5日 14时30分", ("2023-10-05", "day")),
        ("2023-10-05 Thu", ("2023-10-05", "day")),
        ("２０２３－１０－０５", ("2023-10-05", "day")),
        ("２０２３年１０月５日", ("2023-10-05", "day")),
        ("２０２３／１０／０５　１４：３０", ("2023-10-05", "day")),
        ("２０２３年", ("2023", "year")),
        # the compact forms of news databases: a day, a month, a column of them read as numbers
        ("20231005", ("2023-10-05", "day")),
        ("20231005 14:30", ("2023-10-05", "day")),
        ("20231005T08:00:00", ("2023-10-05", "day")),
        ("202310", ("2023-10", "month")),
        ("20231005.0", ("2023-10-05", "day")),
        (20231005, ("2023-10-05", "day")),
        # Chinese numerals, the Republic of China's calendar (Taiwan: year 1 is 1912), English months
        ("二〇二三年", ("2023", "year")),
        ("二〇二三年十月", ("2023-10", "month")),
        ("二〇二三年十月五日", ("2023-10-05", "day")),
        ("二〇二四年十二月三十一日", ("2024-12-31", "day")),
        ("二〇二四年三月二十日", ("2024-03-20", "day")),
        ("民國113年3月5日", ("2024-03-05", "day")),
        ("中華民國112年12月31日", ("2023-12-31", "day")),
        ("民国113年", ("2024", "year")),
        # Taiwan's databases: the Republic of China's year in digits, and the weekday as a bracketed numeral
        ("113/03/05", ("2024-03-05", "day")),
        ("113.3.5", ("2024-03-05", "day")),
        ("113-03", ("2024-03", "month")),
        ("1130305", ("2024-03-05", "day")),
        ("113/03/05 14:20", ("2024-03-05", "day")),
        ("2024年3月5日（二）", ("2024-03-05", "day")),
        ("2024年3月5日(日) 14:30", ("2024-03-05", "day")),
        ("2024年3月5日 週二", ("2024-03-05", "day")),
        ("2024年3月5日 禮拜二", ("2024-03-05", "day")),
        ("Mar 5, 2024", ("2024-03-05", "day")),
        ("March 5 2024", ("2024-03-05", "day")),
        ("5 March 2024", ("2024-03-05", "day")),
        ("5 Mar. 2024 14:30", ("2024-03-05", "day")),
        ("Sept 1, 2023", ("2023-09-01", "day")),
        ("March 2024", ("2024-03", "month")),
    ],
)
def test_export_dates(value, expected):
    assert parse_date(value) == expected


def test_a_time_does_not_raise_a_coarser_precision():
    # the user's precision still caps what is kept, and a month is still never made a day
    assert parse_date("2023-10-05 14:30", "month") == ("2023-10", "month")
    assert parse_date("2023年", "year") == ("2023", "year")
    with pytest.raises(CorpusError, match="Never invent a day"):
        parse_date("2023年10月", "day")


@pytest.mark.parametrize(
    "bad",
    ["2023-10-05 garbage", "2023年10月5日 星期八", "2023-10-05T", "2023-10-0514:30", "2023年年", "113年3月5日",
     "Foo 5, 2024", "二〇二三年三月五", "民國年3月5日",
     "2023-10-05 14:30 later", "10/05/2023", "2023100", "202310051", "2023100514:30",
     "24/03/05", "2024年3月5日（八）"],
)
def test_garbage_is_still_refused(bad):
    with pytest.raises(CorpusError, match=r"cannot read the date .*Write it as YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_date(bad, name="metadata.csv, a")


@pytest.mark.parametrize("bad", ["2023-10-05 25:00", "2023-10-05 14:75", "2023年10月5日 24时", "20231005 25:00"])
def test_a_time_that_does_not_exist_is_refused(bad):
    with pytest.raises(CorpusError, match=r"time of day that does not exist"):
        parse_date(bad)


def test_a_date_that_does_not_exist_is_refused_in_full_width():
    with pytest.raises(CorpusError, match=r"does not exist"):
        parse_date("２０２３－０２－３０")


def test_a_roc_date_that_does_not_exist_is_refused():
    with pytest.raises(CorpusError, match=r"'113/13/05' does not exist"):
        parse_date("113/13/05")


def test_loaded_table_with_export_dates(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": ["成都加快发展新质生产力。"] * 3,
                  "date": ["2023年", "２０２３年１０月５日", "2023-10-05 14:30"]}).to_csv(path, index=False)
    corpus = nqp.load_corpus(path)
    assert corpus["date"].tolist() == ["2023", "2023-10-05", "2023-10-05"]
    assert corpus["date_precision"].tolist() == ["year", "day", "day"]
    assert corpus["date_start"].iloc[0] == pd.Timestamp("2023-01-01")
    assert corpus["date_end"].iloc[0] == pd.Timestamp("2023-12-31")


def test_a_few_coarser_dates_do_not_make_the_whole_corpus_coarse():
    from nqp.dates import COARSE_SHARE, finest_precision

    # 6 year-dated documents among 800 (0.75%): months, the six left out of them; 60% month-dated: months
    assert finest_precision(["day"] * 709 + ["month"] * 85 + ["year"] * 6) == "month"
    assert finest_precision(["day"] * 2 + ["month"] * 3) == "month"
    assert finest_precision(["day"] * 96 + ["month"] * 4) == "day"  # 4% coarser: days
    assert finest_precision(["day"] * 94 + ["year"] * 6) == "year"  # 6% year-dated: years
    assert COARSE_SHARE == 0.05
    assert finest_precision([None, "day"]) == "day" and finest_precision([None]) is None

"""Dates with their precision: parsing, the span a date stands for, and date bins.

A date is only as precise as its source: ``2024`` (year), ``2024-03`` (month) or ``2024-03-05`` (day).
:func:`date_bounds` gives the first and last day it may stand for, and :func:`date_bins` places a
document in a bin only when its whole span lies inside it, so a month is never put on a day.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import unicodedata

import numpy as np
import pandas as pd

from . import schema as S
from .errors import CorpusError, NqpError

log = logging.getLogger(__name__)

__all__ = ["FREQS", "COARSE_SHARE", "parse_date", "date_bounds", "date_bins", "date_freq", "finest_precision", "period_name"]

FREQS = ("day", "week", "month", "quarter", "year", "decade")


#: a weekday as exports write it beside a date: 星期四, 周四, 週四, 礼拜四, 禮拜四, Thu, Thursday (in brackets or not), or
#: the bare numeral in brackets as Taiwan's papers print it: 2024年3月5日（二）
_WEEKDAY = (r"(?:[(\[]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天七][)\]]?|[(\[][一二三四五六日天][)\]]"
            r"|[(\[]?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?[)\]]?)")
#: a time of day: 14:30, 08:00:00, 08:00:00.123, with a UTC offset (+08:00, Z) or 上午/下午, or 14时30分 / 14点30分
_TIME = (
    r"(?:(?:上午|下午|晚上|凌晨)\s*)?"
    r"(?:(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?"
    r"|(?P<hz>\d{1,2})[时点](?:(?P<mz>\d{1,2})分(?:(?P<sz>\d{1,2})秒)?)?)"
    r"(?:\s*(?:Z|UTC|GMT|CST|[+-]\d{2}(?::?\d{2})?))?"
)
#: what may follow the day of a date: a weekday and/or a time, in either order; a time after a space, a T, or
#: straight after 日 or a weekday (2023年10月5日14:30, 2023年10月5日星期四14:30), never straight after a digit
_DAY_TAIL = rf"(?:\s*{_WEEKDAY})?(?:(?:\s+|T|(?<=[日天一二三四五六七)\]a-z.]))\s*{_TIME})?(?:\s*{_WEEKDAY})?"

_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})年?$"), "year"),
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), "month"),
    (re.compile(rf"^(\d{{4}})[-/.年](\d{{1,2}})[-/.月](\d{{1,2}})日?{_DAY_TAIL}$"), "day"),
    # the compact form of news databases and file names, 20240305 (a time after a space or a T)
    (re.compile(rf"^(\d{{4}})(\d{{2}})(\d{{2}})(?:(?:\s+|T)\s*{_TIME})?$"), "day"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),  # 202403
]


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_CN_YEAR = re.compile(r"^([〇○零一二三四五六七八九]{4})年")
_CN_NUMBER = re.compile(r"([一二三四五六七八九十]{1,3})(?=[月日号])")
_ROC = re.compile(r"^(?:中华民国|中華民國|民国|民國)\s?(\d{1,3})\s?年")
#: the Republic of China's calendar with digits only, as Taiwan's databases write it: 113/03/05, 113.3.5,
#: 113-03 (a three-digit year: two digits would be a Western 24/03/05), and 1130305 (a compact day)
_ROC_DIGITS = re.compile(r"^(1\d{2})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?|(\d{2})(\d{2}))(?!\d)")
_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for m in names}
_EN_MDY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(.*)$")  # Mar 5, 2024 / March 5 2024
_EN_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(.*)$")  # 5 March 2024 (Factiva, LexisNexis)
_EN_MY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{4})$")  # March 2024


def _cn_number(text: str) -> str:
    """一 .. 三十一 as digits (the month or day of a date written in Chinese numerals)."""
    if "十" not in text:
        return "".join(_CN_DIGITS[c] for c in text)
    tens, _, ones = text.partition("十")
    return str((int(_CN_DIGITS[tens]) if tens else 1) * 10 + (int(_CN_DIGITS[ones]) if ones else 0))


def _plain(text: str) -> str:
    """A date as typed, with full-width digits and separators made ASCII (NFKC: ２０２３－１０－０５ is 2023-10-05,
    the ideographic space a space) and surrounding whitespace dropped; a date in Chinese numerals
    (二〇二四年三月五日), of the Republic of China's calendar (民國113年3月5日, 113/03/05, 1130305: 113 + 1911) or with an English month
    (Mar 5, 2024; 5 March 2024; March 2024) written as 2024年3月5日 (2024年3月)."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _CN_YEAR.match(text)
    if m:
        text = "".join(_CN_DIGITS[c] for c in m.group(1)) + text[4:]
        text = _CN_NUMBER.sub(lambda x: _cn_number(x.group(1)), text)
    m = _ROC.match(text)
    if m:
        text = f"{int(m.group(1)) + 1911}年" + text[m.end():].lstrip()
    m = _ROC_DIGITS.match(text)
    if m:
        year = int(m.group(1)) + 1911
        month, day = (m.group(3), m.group(4)) if m.group(3) else (m.group(5), m.group(6))
        text = f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "") + text[m.end():]
    m = _EN_MDY.match(text) or _EN_DMY.match(text)
    if m:
        a, b, year, rest = m.groups()
        month_name, day = (a, b) if m.re is _EN_MDY else (b, a)
        month = _MONTHS.get(month_name.lower())
        if month:
            text = f"{year}年{month}月{int(day)}日" + rest
    m = _EN_MY.match(text)
    if m and _MONTHS.get(m.group(1).lower()):
        text = f"{m.group(2)}年{_MONTHS[m.group(1).lower()]}月"
    return text


def _time_exists(m: re.Match) -> bool:
    """Is the time of day a date carries (if any) a real one (hour below 24, minutes and seconds below 60)?"""
    h, mi, sec = (m.group("h") or m.group("hz")), (m.group("m") or m.group("mz")), (m.group("s") or m.group("sz"))
    return (h is None or int(h) < 24) and (mi is None or int(mi) < 60) and (sec is None or int(sec) < 61)


def period_name(period) -> str:
    """A period's label as it reads in a sentence: ``the 2020s`` for a decade, else the label (``2020``,
    ``2020-03``, ``2020Q1``)."""
    label = str(period)
    return f"the {label}" if re.fullmatch(r"\d{3}0s", label) else label


def parse_date(value, precision: str | None = None, name: str = "date") -> tuple[str, str]:
    """Normalize a date to ``("YYYY" | "YYYY-MM" | "YYYY-MM-DD", precision)``.

    Accepts ``2024`` and ``2024年`` (year), ``2024-03``, ``2024/3``, ``2024年3月``, ``202403`` (month),
    ``2024-03-05``, ``2024/03/05``, ``2024年3月5日``, ``20240305`` (day) and datetime values (day); also
    ``二〇二四年三月五日``, ``民國113年3月5日``, ``113/03/05``, ``1130305`` (the Republic of China's calendar) and English months
    (``Mar 5, 2024``, ``5 March 2024``, ``March 2024``). Full-width digits and separators
    (``２０２４－０３－０５``) read as their ASCII forms. A day may carry what exports add to it, a time of
    day and/or a weekday (``2024-03-05 14:30``, ``2024/03/05 08:00:00``, ``2024-03-05T08:00:00+08:00``,
    ``2024年3月5日 星期二``, ``2024年3月5日（二）``, ``2024年3月5日 14:30``, ``2024年3月5日14时30分``): it is still a day, the day as
    written (a UTC offset does not move it to another day). Anything else is refused, naming the value.
    ``precision`` given by the user must not claim more than the value holds: a month is never turned
    into a day.
    """
    if isinstance(value, (pd.Timestamp,)) or hasattr(value, "year") and hasattr(value, "day"):
        ts = pd.Timestamp(value)
        found, parts = "day", (ts.year, ts.month, ts.day)
    else:
        s = _plain(str(value))
        if re.fullmatch(r"\d{4}(?:\d{2}){0,2}\.0", s):  # a year (or 202403, 20240305) column read as float
            s = s[:-2]
        for pattern, prec in _DATE_PATTERNS:
            m = pattern.match(s)
            if m:
                found, parts = prec, tuple(int(g) for g in m.groups()[: {"year": 1, "month": 2, "day": 3}[prec]])
                break
        else:
            raise CorpusError(
                f"{name}: cannot read the date {value!r}. Write it as YYYY, YYYY-MM or YYYY-MM-DD (also read: "
                "2024/3/5, 2024年3月5日, 20240305, 二〇二四年三月五日, 民國113年3月5日, 113/03/05, 5 March 2024, with a time or weekday after "
                "the day; keep only as much precision "
                "as the source gives)."
            )
        if prec == "day" and not _time_exists(m):
            raise CorpusError(f"{name}: the date {value!r} has a time of day that does not exist. Correct it, "
                              "or give the date alone (YYYY-MM-DD).")
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise CorpusError(f"{name}: the date {value!r} does not exist ({exc}). Correct it.") from None
    text = "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])
    if precision is not None and not (isinstance(precision, float) and np.isnan(precision)) and str(precision).strip():
        precision = str(precision).strip()
        if precision not in S.PRECISIONS:
            raise CorpusError(
                f"{name}: date_precision {precision!r} is not one of {', '.join(S.PRECISIONS)}."
            )
        if S.PRECISIONS.index(precision) > S.PRECISIONS.index(found):
            raise CorpusError(
                f"{name}: date_precision says {precision!r} but the date {value!r} only gives the "
                f"{found}. Never invent a day or month: correct date_precision or the date."
            )
        keep = {"year": 1, "month": 2, "day": 3}[precision]
        text = "-".join(text.split("-")[:keep])
        found = precision
    return text, found


def date_bounds(date: str | None, precision: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a date of this precision may stand for (NaT for a missing date)."""
    if date is None or precision is None or pd.isna(date):
        return pd.NaT, pd.NaT
    period = pd.Period(date, freq={"year": "Y", "month": "M", "day": "D"}[precision])
    return period.start_time.normalize(), period.end_time.normalize()


def date_bins(docs: pd.DataFrame, freq: str = "month") -> pd.DataFrame:
    """The date bin of each document at ``freq``, respecting its date precision.

    ``freq``: one of ``day``, ``week``, ``month``, ``quarter``, ``year``, ``decade``. A document is
    placed in a bin only when its whole date span (``date_start`` .. ``date_end``) lies in it: a
    month-precision date goes into its month, quarter or year, but never onto a day or a week, and a
    year-precision date never into a month. Documents that cannot be placed (too coarse, or undated)
    get a missing bin, and how many is logged.

    Returns a DataFrame aligned with ``docs`` (same index): ``bin`` (str label such as ``2024-03``,
    ``2024Q1``, ``2024``, ``1950s``; missing when unplaced), ``bin_start`` (Timestamp), ``placed``
    (bool), ``reason`` ("" , "undated" or "coarser than <freq>").
    """
    if freq not in FREQS:
        raise NqpError(f"freq: expected one of {FREQS}, got {freq!r}.")
    missing = [c for c in (S.DATE_START, S.DATE_END) if c not in docs.columns]
    if missing:
        raise NqpError(
            f"docs: no {missing} column; date bins need the date_start/date_end columns that nqp.load_corpus "
            "adds (they carry the date precision)."
        )
    start = pd.to_datetime(docs[S.DATE_START])
    end = pd.to_datetime(docs[S.DATE_END])
    s_start, s_label = _bin_of(start, freq)
    e_start, _ = _bin_of(end, freq)
    undated = start.isna() | end.isna()
    placed = ~undated & (s_start == e_start)
    coarse = ~undated & ~placed
    reason = np.where(undated, "undated", np.where(coarse, f"coarser than {freq}", ""))
    out = pd.DataFrame(
        {"bin": s_label.where(placed), "bin_start": s_start.where(placed), "placed": placed, "reason": reason},
        index=docs.index,
    )
    if coarse.any() or undated.any():
        prec = docs.loc[coarse, S.DATE_PRECISION].value_counts().to_dict() if S.DATE_PRECISION in docs else {}
        log.info(
            "date_bins: %d of %d documents not placed in %s bins: %d undated, %d dated more coarsely (%s)",
            int((~placed).sum()), len(docs), freq, int(undated.sum()), int(coarse.sum()), prec,
        )
    return out


#: the period each date precision allows at the finest: a date is never put in a period shorter than it
_FINEST = {"day": "day", "month": "month", "year": "year"}
#: approximate length of one period in days, to count the periods a span covers
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25, "decade": 3652.5}


#: the largest share of the dated documents that may be dated more coarsely than the bins chosen for them
#: (left out of the periods, and said so): six year-dated documents among 800 dated to the day do not make the
#: whole corpus yearly
COARSE_SHARE = 0.05


def finest_precision(precisions) -> str | None:
    """The finest of ``day``, ``month``, ``year`` that all but at most :data:`COARSE_SHARE` of the dated documents
    (their ``date_precision`` values, missing ones left out) have; None when none is given."""
    values = pd.Series(precisions, dtype=object).dropna()
    values = values[values.isin(("day", "month", "year"))]
    if not len(values):
        return None
    for p, coarser in (("day", ("month", "year")), ("month", ("year",))):
        if values.isin(coarser).mean() <= COARSE_SHARE:
            return p
    return "year"


def date_freq(docs: pd.DataFrame, max_bins: int = 80) -> str | None:
    """The bin frequency that follows the dates' precision: the finest one the dated documents fit in (all but at
    most :data:`COARSE_SHARE` of them, which are then left out of the periods), made coarser (week, month, quarter,
    year, decade) until the dates span at most ``max_bins`` periods.

    ``docs``: a table with ``date_start``/``date_end`` (and ``date_precision``) as :func:`nqp.load_corpus`
    gives. A corpus whose documents are dated to the year is binned by year at the finest, one dated only to the
    month by month (also with 6 of 800 documents dated to the year), a corpus of day-dated documents over ten
    years by month or quarter. Returns one of :data:`FREQS`, or None when no document is dated.
    """
    from ._validate import check_int

    max_bins = check_int("max_bins", max_bins, min=1)
    missing = [c for c in (S.DATE_START, S.DATE_END) if c not in docs.columns]
    if missing:
        raise NqpError(f"docs: no {missing} column; date_freq needs the date_start/date_end columns of nqp.load_corpus.")
    start = pd.to_datetime(docs[S.DATE_START])
    end = pd.to_datetime(docs[S.DATE_END])
    dated = start.notna() & end.notna()
    if not dated.any():
        return None
    if S.DATE_PRECISION in docs.columns and docs.loc[dated, S.DATE_PRECISION].notna().any():
        finest = finest_precision(docs.loc[dated, S.DATE_PRECISION]) or "day"
    else:  # no precision named: the widest span a date stands for decides
        widest = (end[dated] - start[dated]).max()
        finest = "year" if widest > pd.Timedelta(days=31) else "month" if widest > pd.Timedelta(0) else "day"
    span_days = (end[dated].max() - start[dated].min()).days + 1
    for freq in FREQS[FREQS.index(_FINEST[finest]):]:
        if span_days / _PERIOD_DAYS[freq] <= max_bins or freq == FREQS[-1]:
            return freq
    return FREQS[-1]  # pragma: no cover (the loop returns at decade)


def _bin_of(ts: pd.Series, freq: str) -> tuple[pd.Series, pd.Series]:
    if freq == "decade":
        years = ts.dt.year
        decade = (years // 10) * 10
        starts = pd.to_datetime(decade.astype("Int64").astype(str) + "-01-01", errors="coerce")
        labels = decade.astype("Int64").astype(str) + "s"
        return starts.where(ts.notna()), labels.where(ts.notna())
    code = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}[freq]
    periods = ts.dt.to_period(code)
    starts = periods.dt.start_time
    # a week is labelled by its first day; the other periods by pandas' own label (2024-01-25, 2024-01, 2024Q1, 2024)
    labels = starts.dt.strftime("%Y-%m-%d") if freq == "week" else periods.astype(str)
    return starts.where(ts.notna()), labels.where(ts.notna())

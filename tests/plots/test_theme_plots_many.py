"""Theme figures stay readable with many documents and periods: the timeline numbers only stacks of two
mentions or more, and never two numbers that would run together on a row; the share heatmap of
``theme_cooccurrence`` thins its period labels and leaves its cells unwritten when they are too narrow."""

from __future__ import annotations

import matplotlib
import pandas as pd

import nqp

matplotlib.use("Agg")


def _articles(tmp_path, dates, outlet="成都日报", text="推进建圈强链，发展产业链。"):
    path = tmp_path / "export.csv"
    pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(dates))], "text": [text] * len(dates),
                           "date": dates, "outlet": [outlet] * len(dates)}).to_csv(path, index=False)
    return nqp.clean(nqp.load_corpus(path), progress=False).articles


def _numbers(ax):
    return [t.get_text() for t in ax.texts]


def test_single_mentions_are_not_numbered(tmp_path):
    arts = _articles(tmp_path, [f"2023-01-{d:02d}" for d in range(1, 29)])  # one mention each, a day apart
    mentions = nqp.theme(arts, "建圈强链")
    assert len(mentions) == 28
    fig, ax = nqp.textplot_theme_dispersion(mentions, arts)
    assert _numbers(ax) == []  # 28 "1"s side by side would read as 11111...


def test_numbers_that_would_collide_are_left_out(tmp_path):
    # documents with two mentions each: 20 of them a day apart in January, one in December
    days = [f"2023-01-{d:02d}" for d in range(1, 21)] + ["2023-12-30"]
    arts = _articles(tmp_path, days, text="推进建圈强链。深化建圈强链。")
    mentions = nqp.theme(arts, "建圈强链")
    assert mentions.groupby("doc_id").size().eq(2).all()
    fig, ax = nqp.textplot_theme_dispersion(mentions, arts)
    numbers = _numbers(ax)
    # the axis spans 363 days, 2% of it is 7.26 days: in January every 8th day keeps its number (1, 9, 17)
    span = pd.Timestamp("2023-12-30") - pd.Timestamp("2023-01-01")
    expected, last = 0, None
    for d in pd.to_datetime(days):
        if last is None or d - last >= span * 0.02:
            expected, last = expected + 1, d
    assert expected == 4
    assert numbers == ["2"] * expected


def test_the_share_heatmap_thins_many_periods(tmp_path):
    dates = [f"{y}-{m:02d}-05" for y in (2021, 2022, 2023, 2024) for m in range(1, 13)][:41]
    arts = _articles(tmp_path, dates)
    mentions = nqp.theme(arts, "建圈强链")
    c = nqp.theme_cooccurrence(mentions, arts, terms=["产业链"], by="period", freq="month")
    assert c["group"].nunique() == 41
    fig, ax = nqp.textplot_theme_companions(c)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert 2 <= len(labels) <= 25 and labels[0].startswith("2021-01") and labels[-1].startswith("2024-05")
    assert _numbers(ax) == []  # no share written into a cell too narrow for it
    assert fig.get_size_inches()[0] <= 16
    few = nqp.theme_cooccurrence(mentions[mentions["date"] < "2021-06"], arts, terms=["产业链"], by="period",
                                 freq="month")
    fig, ax = nqp.textplot_theme_companions(few)
    assert len(ax.get_xticklabels()) == few["group"].nunique() == 5
    assert _numbers(ax) == ["100%"] * 5


def test_an_adoption_of_one_period_is_drawn(tmp_path):
    arts = _articles(tmp_path, ["2023", "2023"])  # dated to the year: one period
    mentions = nqp.theme(arts, "建圈强链")
    adoption = nqp.theme_adoption(mentions, arts)
    assert adoption["period_start"].notna().sum() == 1
    fig, ax = nqp.textplot_theme_adoption(adoption, what="docs")
    (line,) = ax.lines
    assert len(line.get_xdata()) == 1 and line.get_marker() == "o"  # a point, not an empty step

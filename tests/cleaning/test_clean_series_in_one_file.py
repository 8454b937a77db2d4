"""A file that holds a series of documents one after another (the year's reports, each under its title) is
split at each title, whatever its layout; numbered section headings never split a document."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp


def _reports(n: int = 5) -> pd.DataFrame:
    reports = nqp.gov_work_reports()
    return reports[reports["date_start"].dt.year >= 2016].head(n)


@pytest.mark.parametrize("layout", ["auto", "page", "article"])
def test_the_reports_of_several_years_in_one_file_are_split_at_their_titles(layout):
    reports = _reports()
    years = reports["date_start"].dt.year.tolist()
    # each report under a title line of its own, as a collection pasted into one text file prints them
    text = "\n\n".join(f"{y}年政府工作报告\n\n{t.strip()}" for y, t in zip(years, reports["text"]))
    arts = nqp.clean(pd.DataFrame({"doc_id": ["all"], "text": [text]}), layout=layout, progress=False).articles
    titled = arts[arts["title"].str.fullmatch(r"\d{4}年政府工作报告.*")]
    assert [int(t[:4]) for t in titled["title"]] == years
    # every report's text is in the article under its own title, not in its neighbour's
    for (_, a), y, t in zip(titled.iterrows(), years, reports["text"]):
        last = [line for line in t.strip().splitlines() if len(line.strip()) > 20][-1].strip()
        own = arts[(arts["position"] >= a["position"])]
        nxt = titled[titled["position"] > a["position"]]["position"]
        own = own[own["position"] < (nxt.iloc[0] if len(nxt) else 10**9)]
        assert nqp.normalize_text(last)[:20] in "".join(own["text"]), y


def test_a_report_is_not_split_at_its_numbered_sections():
    one = nqp.gov_work_reports()
    for doc_id in ("gov_work_reports_1960", "gov_work_reports_2019", "gov_work_reports_2024"):
        arts = nqp.clean(one[one["doc_id"] == doc_id], progress=False).articles
        assert len(arts) == 1, (doc_id, arts["title"].tolist())


def test_two_titles_of_a_series_are_not_enough():
    text = "2023年工作回顾\n今年经济稳中向好，就业总体稳定。\n2024年工作安排\n明年要继续扩大内需，稳住外贸。"
    arts = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}), layout="article", progress=False).articles
    assert len(arts) == 1

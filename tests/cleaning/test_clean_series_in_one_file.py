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
        # its last line of text (the paper's footer that closes three of them, 《 人民日报 》( ... 版), is noise)
        last = [line for line in t.strip().splitlines() if len(line.strip()) > 20 and not line.startswith("《")][-1].strip()
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


def test_a_source_line_closing_some_documents_is_no_title_of_the_next():
    """Three reports end with the line of the paper that printed them (《 人民日报 》（ 2018年03月23日 01 版）):
    the same words with other numbers three times, but after body text, so the line closes its report and
    the next report still begins at its own title."""
    reports = _reports(6)
    years = reports["date_start"].dt.year.tolist()
    closing = {0: "2018年03月23日", 2: "2021年03月13日", 3: "2022年03月13日"}
    parts = []
    for i, (y, t) in enumerate(zip(years, reports["text"])):
        tail = f"\n《 人民日报 》（ {closing[i]} 01 版）" if i in closing else ""
        parts.append(f"{y}年政府工作报告\n{t.strip()}{tail}")
    cleaned = nqp.clean(pd.DataFrame({"doc_id": ["all"], "text": ["\n".join(parts)]}), progress=False)
    arts = cleaned.articles
    assert [t.split()[0] for t in arts["title"]] == [f"{y}年政府工作报告" for y in years]
    # each footer is removed as one (paper_footer) from the end of its own report, never a title of the next
    footers = cleaned.removals[cleaned.removals["rule"] == "paper_footer"]
    assert {f"《 人民日报 》（ {day} 01 版）" for day in closing.values()} <= set(footers["text"])
    for i, day in closing.items():  # the footer right after its own report's text
        at = footers.loc[footers["text"] == f"《 人民日报 》（ {day} 01 版）", "start"]
        assert ((arts["start"].iloc[i] < at) & (at < arts["start"].iloc[i + 1])).any(), years[i]


def test_a_salutation_under_the_headline_is_no_subtitle():
    text = "2017年政府工作报告\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n过去一年，经济运行稳中向好。"
    arts = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}), layout="article", progress=False).articles
    assert arts["title"].tolist() == ["2017年政府工作报告"] and arts["title_orig"].tolist() == ["2017年政府工作报告"]
    long_sub = "1957年国务院政府工作报告——1957年6月26日在第一届全国人民代表大会第四次会议上"
    text = f"1957年政府工作报告\n{long_sub}\n从第一届全国人民代表大会第三次会议闭幕以来，已经整整一年了。"
    arts = nqp.clean(pd.DataFrame({"doc_id": ["y"], "text": [text]}), layout="article", progress=False).articles
    assert arts["title"].tolist() == ["1957年政府工作报告"]  # headline and subtitle exceed a title's length


def test_a_heading_inside_the_text_is_no_title():
    """An article whose first line is text: a section heading, a credit or a dateline further down is not its title."""
    text = ("过去一年，经济运行总体平稳，就业形势保持稳定，居民收入持续增加。\n"
            "扎实推进各项改革\n"
            "明年要坚持稳中求进，扎实推进各项改革，推动经济持续健康发展。\n")
    arts = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}), layout="article", progress=False).articles
    assert arts["title"].tolist() == [""] and arts["title_orig"].tolist() == [""]
    titled = "年度工作安排\n" + text
    arts = nqp.clean(pd.DataFrame({"doc_id": ["y"], "text": [titled]}), layout="article", progress=False).articles
    assert arts["title"].tolist() == ["年度工作安排"]

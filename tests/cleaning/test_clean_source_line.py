"""A web page's line of article data (来源: … 发布时间: … 作者: …) is removed as ``source_line``, only as a whole line
of two fields or more; a line of text that merely begins like one is kept."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp

LEAD = "成都加快发展新质生产力,聚焦产业转型升级。"
TAIL = "推动科技创新和产业创新深度融合。"


def _removed(line: str) -> list[str]:
    frame = pd.DataFrame({"doc_id": ["x"], "text": [f"{LEAD}\n{line}\n{TAIL}"]})
    cleaned = nqp.clean(frame)
    text = cleaned.articles["text"].iloc[0]
    assert LEAD in text and TAIL in text
    return cleaned.removals.loc[cleaned.removals["rule"] == "source_line", "text"].tolist()


@pytest.mark.parametrize("line", [
    "来源：新华财经网　发布时间：2020-12-06　作者：记者 张三",
    "来源:新华社 时间:2024-03-05",
    "发布时间：2024-03-05 14:30:00 来源：央视网 字号：大 中 小",
    "作者：张三 编辑：李四",
])
def test_a_line_of_article_data_is_removed_whole(line):
    assert _removed(line) == [line]


@pytest.mark.parametrize("line", [
    "时间：2024年3月5日 地点：成都",  # a notice in the text: 地点 is no article data
    "来源于群众的智慧，时间：很久",
    "记者：王五。他说：今年经济增长稳定",
    "来源：新华社",  # one field: a credit the staff rules judge, not this one
])
def test_text_that_begins_like_one_is_kept(line):
    assert _removed(line) == []


def test_the_seeds_and_the_work_reports_have_none():
    for corpus in (nqp.load_corpus(nqp.report.seeds_dir()), nqp.gov_work_reports()):
        removals = nqp.clean(corpus).removals
        assert not (removals["rule"] == "source_line").any()

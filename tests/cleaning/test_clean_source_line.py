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
    "2023年5月8日 来源：人民日报 作者：记者 张三",  # a date first, then the fields
    "2024-03-05 14:30 来源：央视网 作者：李明",
])
def test_a_line_of_article_data_is_removed_whole(line):
    assert _removed(line) == [line]


@pytest.mark.parametrize("line", [
    "时间：2024年3月5日 地点：成都",  # a notice in the text: 地点 is no article data
    "来源于群众的智慧，时间：很久",
    "记者：王五。他说：今年经济增长稳定",
    "来源：新华社",  # one field: a credit the staff rules judge, not this one
    "2023年5月8日 来源于群众的智慧",  # a date, then text
    "2023年5月8日，记者：王五报道",
])
def test_text_that_begins_like_one_is_kept(line):
    assert _removed(line) == []


def test_the_seeds_and_the_work_reports_have_none():
    for corpus in (nqp.load_corpus(nqp.report.seeds_dir()), nqp.gov_work_reports()):
        removals = nqp.clean(corpus).removals
        assert not (removals["rule"] == "source_line").any()


def _notes(text: str) -> tuple[list[str], str]:
    cleaned = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}))
    removals = cleaned.removals
    return removals.loc[removals["rule"] == "editor_note", "text"].tolist(), cleaned.articles["text"].iloc[0]


@pytest.mark.parametrize("note", ["（责任编辑：李四）", "(责任编辑:王五 张六)", "［来源：新华社］", "（编辑：赵六）"])
def test_an_editor_note_in_brackets_is_removed_at_the_end_of_a_line(note):
    removed, text = _notes(f"{LEAD}\n{TAIL}{note}")
    assert removed == [note] and text.endswith(nqp.normalize_text(TAIL))
    removed, text = _notes(f"{LEAD}\n{TAIL}\n{note}")  # on a line of its own
    assert removed == [note] and nqp.normalize_text(note) not in text


@pytest.mark.parametrize("line", ["他说，要继续推进改革（编辑说明见下）。", "李四（责任编辑）表示同意。",
                                  "会上（来源：市经信局）介绍了情况，并作了部署。"])
def test_brackets_inside_the_text_are_kept(line):
    removed, text = _notes(f"{LEAD}\n{line}\n{TAIL}")
    assert removed == [] and nqp.normalize_text(line) in text

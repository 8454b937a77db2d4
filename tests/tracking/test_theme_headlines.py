"""Headlines count: a mention in a title is a mention, marked as such, and never counted twice."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp

TERM = "高质量发展"


@pytest.fixture(scope="module")
def titled(tmp_path_factory):
    table = pd.DataFrame({
        "doc_id": ["only-title", "title-printed", "body", "none"],
        "title": [f"推动{TERM}迈上新台阶", f"{TERM}的新篇章", "经济运行总体平稳", "天气晴好"],
        "text": ["会议强调要抓好各项工作。", f"{TERM}的新篇章\n各地围绕{TERM}出台措施。", f"全年坚持{TERM}不动摇。",
                 "今天天气很好。"],
        "outlet": ["人民日报", "四川日报", "成都日报", "成都日报"],
        "date": ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"],
    })
    path = tmp_path_factory.mktemp("titles") / "titled.csv"
    table.to_csv(path, index=False)
    articles = nqp.clean(nqp.load_corpus(path), progress=False).articles
    return articles, nqp.theme(articles, TERM)


def test_a_title_the_text_does_not_print_is_searched_and_marked(titled):
    _, m = titled
    row = m[m["doc_id"] == "only-title"]
    assert len(row) == 1
    r = row.iloc[0]
    assert r["field"] == "title" and r["in_title"] and r["is_heading"]
    assert r["sentence"] == f"推动{TERM}迈上新台阶" and r["sentence"][r["start"]:r["end"]] == TERM


def test_a_printed_title_is_counted_once_in_the_text(titled):
    articles, m = titled
    printed = m[m["doc_id"] == "title-printed"]
    assert len(printed) == 2  # the headline line and the body, no third mention from the title field
    assert set(printed["field"]) == {"text"}
    assert printed["in_title"].tolist() == [True, False]
    counts = nqp.theme_scope(articles, TERM).set_index(articles["doc_id"])["theme_mentions"]
    assert counts.to_dict() == {"only-title": 1, "title-printed": 2, "body": 1, "none": 0}
    assert counts.sum() == len(m)


def test_readable_table_and_companions_know_titles(titled):
    articles, m = titled
    table = nqp.theme_table(m)
    assert table.loc[table["doc_id"] == "only-title", "heading"].tolist() == ["✓ title"]
    ctx = nqp.theme_contexts(m, articles)
    t = ctx[ctx["field"] == "title"].iloc[0]
    assert t["context"] == t["sentence"]

"""A table row of a Word, OpenDocument or HTML file (cells a tab apart) is body text, never a heading: a row that
holds the theme is not counted as a mention in a heading."""

from __future__ import annotations

import pandas as pd

import nqp

TEXT = ("关于新质生产力的报道\n\n今年以来，各地加快发展新质生产力，成效明显。\n\n新质生产力相关企业（家）\t120\t168\n\n"
        "指标\t2023年\t2024年\n\n下一步，将继续推进。")


def test_table_rows_are_no_headings():
    article = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [TEXT]})).articles.iloc[0]
    text = article["text"]
    headings = [text[s:e] for s, e in article["headings"]]
    assert headings == ["关于新质生产力的报道"]
    assert "新质生产力相关企业(家) 120 168" in text  # kept, as body text
    mentions = nqp.theme(nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [TEXT]})).articles, ["新质生产力"])
    assert int(mentions["is_heading"].sum()) == 1 and len(mentions) == TEXT.count("新质生产力")

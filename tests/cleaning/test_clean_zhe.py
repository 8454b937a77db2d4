"""著 in traditional text: 着 in 著力, 隨著, 意味著 ... (simplified script), 著 in 著名, 顯著, 土著 ..."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

#: (traditional, simplified), the simplified written by hand
ZHE = [
    ("著力推進產業建圈強鏈", "着力推进产业建圈强链"),
    ("著重發展", "着重发展"),
    ("著手準備", "着手准备"),
    ("著眼未來", "着眼未来"),
    ("隨著時代發展", "随着时代发展"),
    ("接著說", "接着说"),
    ("這意味著變化", "这意味着变化"),
    ("看著他們", "看着他们"),
    ("著名學者", "著名学者"),
    ("成效顯著", "成效显著"),
    ("學術著作", "学术著作"),
    ("土著居民", "土著居民"),
    ("原著小說", "原著小说"),
    ("主編著述", "主编著述"),
]


@pytest.mark.parametrize("raw, expected", ZHE, ids=[r for r, _ in ZHE])
def test_zhe_and_zhu(raw, expected):
    out = nqp.normalize_text(raw)
    assert out == expected
    assert len(out) == len(raw)


def test_a_long_traditional_article_line_by_line():
    lines = [r for r, _ in ZHE]
    text = "，".join(lines[:7]) + "\n" + "；".join(lines[7:])
    out = nqp.normalize_text(text)
    assert out.split("\n") == [",".join(e for _, e in ZHE[:7]), ";".join(e for _, e in ZHE[7:])]


def test_simplified_text_keeps_its_zhu():
    # a simplified text is left as it is: its 著 is 著名's
    assert nqp.normalize_text("显著提高,著名企业") == "显著提高,著名企业"


def test_tokens_of_a_traditional_article_count_zhuoli():
    body = "各地著力推進新質生產力發展。隨著改革深化,著名企業顯著增長。"
    arts = nqp.clean(pd.DataFrame({"doc_id": ["t"], "text": [body + "\n\n" + body]}), progress=False).articles
    text = arts.iloc[0][S.TEXT]
    assert text.count("着力") == 2 and text.count("随着") == 2 and text.count("著名") == 2 and text.count("显著") == 2
    assert arts.iloc[0][S.TEXT_ORIG].count("著力") == 2  # the original script keeps 著
    tokens = nqp.tokenize(arts)[S.TOKENS].iloc[0]
    assert "着力" in tokens and "著力" not in tokens

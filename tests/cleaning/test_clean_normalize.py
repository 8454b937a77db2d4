"""The analysis layer (nqp.normalize_text) and its alignment with the original script."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seed_ids import D003

import nqp
import pandas as pd
from nqp import schema as S

NORMALIZE = [
    ("建圈強鏈", "建圈强链"),
    ("產業高質量發展", "产业高质量发展"),
    ("ＡＩ，全角！", "AI,全角!"),
    ("双「圈」辉映", "双“圈”辉映"),
    ("『引号』", "‘引号’"),
    ("１２３　ｋｍ", "123 km"),
    ("計劃于2028年", "计划于2028年"),
    ("圖片來源:每經記者 張建 攝", "图片来源:每经记者 张建 摄"),
    ("中国—中亚", "中国—中亚"),
    ("新质生产力。", "新质生产力。"),
]

@pytest.mark.parametrize("raw, expected", NORMALIZE, ids=[r for r, _ in NORMALIZE])
def test_normalize_text(raw, expected):
    assert nqp.normalize_text(raw) == expected

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_normalize_keeps_length(text):
    assert len(nqp.normalize_text(text)) == len(text)

def test_text_and_text_orig_align(articles):
    row = articles[articles[S.DOC_ID] == D003].iloc[0]
    assert len(row[S.TEXT]) == len(row[S.TEXT_ORIG])
    i = row[S.TEXT].index("建圈强链")
    assert row[S.TEXT_ORIG][i : i + 4] == "建圈強鏈"


def test_hong_kong_variants_read_as_simplified_like_any_traditional_form():
    # 衞 (Hong Kong) and 衛 (Taiwan, OpenCC's standard) are both 卫; the same for the few variants t2s leaves alone
    import opencc

    from nqp.script import to_simplified

    hk = opencc.OpenCC("hk2s")
    text = "香港衞生署表示,防衞工作與衛星發射敍述如下。"
    assert to_simplified(text) == hk.convert(text) == "香港卫生署表示,防卫工作与卫星发射叙述如下。"
    assert nqp.normalize_text("衞生") == nqp.normalize_text("衛生") == "卫生"
    articles = nqp.clean(pd.DataFrame({"doc_id": ["hk", "tw"], "text": ["推進衞生事業發展。", "推進衛生事業發展。"]})).articles
    assert articles["text"].tolist() == ["推进卫生事业发展。"] * 2
    assert articles["text_orig"].tolist() == ["推進衞生事業發展。", "推進衛生事業發展。"]

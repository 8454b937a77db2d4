"""Near-duplicate passages across documents (nqp.near_duplicates)."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import clean
from nqp import schema as S


def test_near_duplicates_finds_syndicated_paragraphs():
    para = (
        "成都高新区的成都智算中心,位于“东数西算”全国一体化算力网络成渝国家枢纽节点。作为西南地区首个获批建设的"
        "国家新一代人工智能公共算力开放创新平台,成都智算中心已被纳入全国人工智能算力战略体系。"
    )
    copy = para.replace("获批建设", "批建设").replace("公共算力", "算力")
    other = "二季度,光谷加快培育和发展新质生产力,集中开工项目聚焦优势产业发展、创新平台建设、公共服务提升等方面。"
    corpus = pd.DataFrame(
        {S.DOC_ID: ["a", "b", "c"], S.TEXT: [f"标题一\n\n{para}", f"标题二\n\n{other}\n\n{copy}", f"{para}\n\n{para}x"]}
    )
    arts = clean(corpus).articles
    nd = nqp.near_duplicates(arts)
    pairs = set(zip(nd["doc_id_a"], nd["doc_id_b"]))
    assert pairs == {("a", "b"), ("a", "c"), ("b", "c")}
    assert nd["containment"].between(0.5, 1).all()
    assert (nd["text_a"].str.contains("成都智算中心")).all()
    row = nd.iloc[0]
    text_a = arts.set_index(S.ARTICLE_ID).loc[row["article_id_a"], S.TEXT]
    assert text_a[row["start_a"] : row["end_a"]] == row["text_a"]
    pd.testing.assert_frame_equal(nd, nqp.near_duplicates(arts))

def test_near_duplicates_on_seeds_sentences(articles):
    nd = nqp.near_duplicates(articles, unit="sentence")
    assert {("002", "004")} <= {(a[:3], b[:3]) for a, b in zip(nd["doc_id_a"], nd["doc_id_b"])}
    assert not (nd["doc_id_a"] == nd["doc_id_b"]).any()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"threshold": 0}, nqp.NqpValueError, r"must be in \(0, 1\]"),
        ({"threshold": 1.5}, nqp.NqpValueError, "threshold=1.5"),
        ({"k": 1}, nqp.NqpValueError, "k=1"),
        ({"k": 2.5}, nqp.NqpTypeError, "k=2.5"),
        ({"sample": 0}, nqp.NqpValueError, "sample=0"),
        ({"min_chars": 3}, nqp.NqpValueError, "min_chars=3"),
        ({"unit": "line"}, nqp.NqpValueError, "unit='line'"),
    ],
)
def test_near_duplicates_checks_its_arguments(articles, kwargs, error, message):
    with pytest.raises(error, match=message):
        nqp.near_duplicates(articles, **kwargs)


def test_near_duplicates_needs_an_articles_table():
    with pytest.raises(nqp.NqpTypeError, match="expected the articles of nqp.clean"):
        nqp.near_duplicates(["not", "a", "table"])
    with pytest.raises(nqp.NqpValueError, match=r"missing column\(s\) \['article_id'\]"):
        nqp.near_duplicates(pd.DataFrame({S.DOC_ID: ["a"], S.TEXT: ["x"]}))

"""Cleaning: seeds phenomena (tables of real strings), the accounting invariant, articles, relevance."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S
from nqp.clean import clean, raw_span

D000 = "000_b3a9ed95d35d7aba"
D001 = "001_170771dc1d63228a"
D002 = "002_8cc5eebcb8ce380e"
D003 = "003_2a9e08fc7e99da65"
D004 = "004_8af99f92f70cf692"


@pytest.fixture(scope="module")
def cleaned(corpus):
    return clean(corpus, return_removals=True)


@pytest.fixture(scope="module")
def articles(cleaned):
    return cleaned[0]


@pytest.fixture(scope="module")
def removals(cleaned):
    return cleaned[1]


def _assert_accounts_for(raw_by_doc: dict[str, str], articles: pd.DataFrame, removals: pd.DataFrame) -> None:
    """Kept spans and removed spans partition every raw text; nothing lost, nothing invented."""
    for doc_id, raw in raw_by_doc.items():
        owner = [None] * len(raw)
        for row in articles[articles[S.DOC_ID] == doc_id].itertuples(index=False):
            assert len(row.text) == len(row.text_orig)
            for t0, r0, n in row.raw_segments:
                assert row.text_orig[t0 : t0 + n] == raw[r0 : r0 + n]
                for i in range(r0, r0 + n):
                    assert owner[i] is None, f"{doc_id}: char {i} kept twice"
                    owner[i] = "kept"
            assert sum(n for _, _, n in row.raw_segments) == len(row.text)
        for row in removals[removals[S.DOC_ID] == doc_id].itertuples(index=False):
            assert row.text == raw[row.start : row.end]
            for i in range(row.start, row.end):
                assert owner[i] is None, f"{doc_id}: char {i} both kept and removed ({row.rule})"
                owner[i] = row.rule
        missing = [i for i, o in enumerate(owner) if o is None]
        assert not missing, f"{doc_id}: {len(missing)} characters neither kept nor removed, e.g. {raw[missing[0]:missing[0]+10]!r}"


def test_seeds_every_character_accounted_for(corpus, articles, removals):
    _assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), articles, removals)


def test_contract_columns_and_order(articles):
    for col in [
        S.DOC_ID, S.ARTICLE_ID, S.POSITION, S.TITLE, S.BYLINE, S.TEXT, S.TEXT_ORIG, S.START, S.END,
        S.HEADINGS, S.RELEVANCE, S.ON_TOPIC, S.OUTLET, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END, S.SCRIPT,
    ]:
        assert col in articles.columns, col
    assert articles[S.ARTICLE_ID].is_unique
    assert list(articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)) == sorted(
        articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)
    )
    assert (articles[S.TEXT].str.len() == articles[S.TEXT_ORIG].str.len()).all()


def test_on_topic_decisions_on_page_001(articles):
    page = articles[articles[S.DOC_ID] == D001].set_index(S.TITLE)
    roundtable = page.loc["如何以科技创新引领现代化产业体系建设,加快形成新质生产力?"]
    uzbekistan = page.loc["习近平同乌兹别克斯坦总统米尔济约耶夫会谈"]
    safety = page.loc["要求坚决遏制各类安全事故多发连发势头 确保人民群众生命财产安全和社会大局稳定"]
    assert bool(roundtable[S.ON_TOPIC]) is True
    assert bool(uzbekistan[S.ON_TOPIC]) is False
    assert bool(safety[S.ON_TOPIC]) is False
    assert roundtable[S.RELEVANCE] > uzbekistan[S.RELEVANCE]


def test_raw_span_quotes_the_original(corpus, articles):
    raw = dict(zip(corpus[S.DOC_ID], corpus[S.TEXT]))
    row = articles[articles[S.DOC_ID] == D003].iloc[0]
    i = row[S.TEXT].index("建圈强链")
    rs, re_ = raw_span(row, i, i + 4)
    assert raw[D003][rs:re_] == "建圈強鏈"
    assert nqp.clean.raw_span is raw_span

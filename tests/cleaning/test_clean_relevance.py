"""Theme relevance and on-topic flags of the articles (nqp.cleaning.relevance)."""

from __future__ import annotations

import pytest
from cleaning_seeds import D001, D003

import nqp
from nqp import clean
from nqp import schema as S


def test_on_topic_decisions_on_page_001(articles):
    page = articles[articles[S.DOC_ID] == D001].set_index(S.TITLE)
    roundtable = page.loc["如何以科技创新引领现代化产业体系建设,加快形成新质生产力?"]
    uzbekistan = page.loc["习近平同乌兹别克斯坦总统米尔济约耶夫会谈"]
    safety = page.loc["要求坚决遏制各类安全事故多发连发势头 确保人民群众生命财产安全和社会大局稳定"]
    assert bool(roundtable[S.ON_TOPIC]) is True
    assert bool(uzbekistan[S.ON_TOPIC]) is False
    assert bool(safety[S.ON_TOPIC]) is False
    assert roundtable[S.RELEVANCE] > uzbekistan[S.RELEVANCE]

def test_flagged_never_deleted(corpus, articles):
    """Off-topic articles stay in the table, flagged; every document keeps its articles."""
    assert set(articles[S.DOC_ID]) == set(corpus[S.DOC_ID])
    off = articles[~articles[S.ON_TOPIC]]
    assert len(off) >= 5
    assert (off[S.RELEVANCE] < articles[articles[S.ON_TOPIC]][S.RELEVANCE].min()).all()

def test_custom_theme(corpus):
    arts = clean(corpus, theme=["乌兹别克斯坦"]).articles
    on = arts[arts[S.ON_TOPIC]]
    assert list(on[S.TITLE]) == ["习近平同乌兹别克斯坦总统米尔济约耶夫会谈"]
    weighted = clean(corpus, theme={"新质生产力": 2.0}).articles
    assert weighted[S.THEME_MENTIONS].sum() > 0

def test_theme_in_traditional_script_is_matched(corpus):
    arts = clean(corpus, theme=["建圈強鏈"]).articles
    assert arts.loc[arts[S.DOC_ID] == D003, S.ON_TOPIC].all()


def test_relevance_columns_are_the_weighted_mentions(corpus, articles):
    """theme_mentions, relevance and on_topic recomputed by hand from the articles' text and the rules."""
    rules = nqp.load_clean_rules()
    weights = dict(rules.theme)
    terms = sorted(weights, key=lambda t: (-len(t), t))
    for row in articles.itertuples(index=False):
        text, n, weight, i = row.text, 0, 0.0, 0
        while i < len(text):  # leftmost match, longest term first, no overlaps
            hit = next((t for t in terms if text.startswith(t, i)), None)
            if hit is None:
                i += 1
                continue
            n, weight, i = n + 1, weight + weights[hit], i + len(hit)
        assert row.theme_mentions == n, row.article_id
        assert row.relevance == round(1000.0 * weight / max(len(text), 1), 4)
        assert row.on_topic == (weight >= rules.on_topic_min_weight)
    assert articles[S.THEME_MENTIONS].sum() > 20


def test_theme_relevance_on_its_own():
    from nqp.cleaning import theme_relevance, theme_terms

    terms = theme_terms({"建圈強鏈": 2.0, "产业链": 1.0})
    assert terms == [("建圈强链", 2.0), ("产业链", 1.0)]  # analysis layer, longest first
    cols = theme_relevance(["建圈强链与产业链。", "", "产业"], terms)
    assert cols == {
        S.THEME_MENTIONS: [2, 0, 0],
        S.RELEVANCE: [round(1000 * 3.0 / 9, 4), 0.0, 0.0],
        S.ON_TOPIC: [True, False, False],
    }


@pytest.mark.parametrize(
    "theme, error, message",
    [(42, nqp.NqpTypeError, "pass a list of terms"), ([" ", ""], nqp.NqpValueError, "no terms")],
)
def test_bad_theme_fails_before_cleaning(corpus, theme, error, message):
    with pytest.raises(error, match=message):
        clean(corpus, theme=theme)

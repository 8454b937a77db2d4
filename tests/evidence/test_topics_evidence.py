"""Quoting topics: nqp.topics_exemplars on the seeds, and the deprecated ways in (topics(articles=), topic_exemplars)."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError


@pytest.fixture(scope="module")
def seeds(corpus):
    articles = nqp.clean(corpus).articles
    d = nqp.dtm(nqp.tokenize(articles), min_df=2)
    return articles, d, nqp.topics(d, 5, random_state=0)


def test_exemplars_quote_the_original_script(seeds):
    articles, d, res = seeds
    ex = nqp.topics_exemplars(res, articles)
    assert list(ex.columns) == nqp.schema.TOPIC_EXEMPLAR_COLUMNS
    assert len(ex) > 0 and set(ex["topic"]) <= set(range(1, 6))
    assert ex.equals(ex.sort_values(["topic", "rank"]))
    assert ex.groupby("topic").size().max() <= 3
    by_id = articles.set_index("article_id")
    for row in ex.itertuples():
        art = by_id.loc[row.article_id]
        assert row.sentence == art["text_orig"][row.start : row.end]
        for term in row.terms.split(" · "):
            assert term in art["text"][row.start : row.end]
    traditional = articles.loc[articles["doc_id"].str.startswith("003"), "article_id"]
    again = nqp.topics_exemplars(res, articles, n=50)
    quoted = again[again["article_id"].isin(traditional)]
    # the seeds' traditional-script repost (003) carries topic sentences, and they stay traditional
    assert len(quoted) > 0
    assert quoted["sentence"].str.contains("[產業鏈發與國會]").any()


def test_fitting_no_longer_quotes(seeds):
    articles, d, res = seeds
    assert res.exemplars.empty and list(res.exemplars.columns) == nqp.schema.TOPIC_EXEMPLAR_COLUMNS


def test_topics_articles_is_deprecated_and_fills_exemplars(seeds):
    articles, d, res = seeds
    with pytest.warns(DeprecationWarning, match=r"topics_exemplars\(result, articles"):
        old = nqp.topics(d, 5, random_state=0, articles=articles, n_exemplars=2)
    pd.testing.assert_frame_equal(old.exemplars, nqp.topics_exemplars(res, articles, n=2))
    for name in ("topic_terms", "doc_topics", "labels"):
        pd.testing.assert_frame_equal(getattr(old, name), getattr(res, name))


def test_topic_exemplars_is_a_deprecated_alias(seeds):
    articles, d, res = seeds
    with pytest.warns(DeprecationWarning, match="nqp.topic_exemplars is deprecated.*nqp.topics_exemplars"):
        old = nqp.topic_exemplars(res, articles, n=2)
    pd.testing.assert_frame_equal(old, nqp.topics_exemplars(res, articles, n=2))


def test_bad_arguments(seeds):
    articles, d, res = seeds
    with pytest.raises(NqpError, match="Topics"):
        nqp.topics_exemplars(articles, articles)
    with pytest.raises(NqpError, match="articles"):
        nqp.topics_exemplars(res, articles.drop(columns=["text"]))
    with pytest.raises(NqpError, match="n=0"):
        nqp.topics_exemplars(res, articles, n=0)

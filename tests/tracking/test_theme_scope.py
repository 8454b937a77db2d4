"""theme_scope: which articles a theme is about, counted with exactly nqp.theme's matcher."""

from __future__ import annotations

import pandas as pd
import pytest
from seed_ids import D001, D002, D003, D004

import nqp
from nqp.errors import NqpError


@pytest.mark.parametrize("terms", ["建圈强链", "新质生产力", ["关键子链", "链主"], "供给侧结构性改革"])
def test_counts_are_the_themes_own(articles, terms):
    scope = nqp.theme_scope(articles, terms)
    assert list(scope.columns) == ["article_id", "theme_mentions", "relevance", "in_scope"]
    assert scope.index.equals(articles.index) and scope["article_id"].tolist() == articles["article_id"].tolist()
    per_article = nqp.theme(articles, terms).groupby("article_id").size()
    expected = articles["article_id"].map(per_article).fillna(0).astype("int64")
    assert scope["theme_mentions"].tolist() == expected.tolist()
    assert scope["theme_mentions"].dtype == "int64" and scope["in_scope"].dtype == bool
    assert scope["in_scope"].tolist() == (expected >= 1).tolist()
    n_chars = articles["text"].str.len()
    assert scope["relevance"].round(4).tolist() == (1000 * expected / n_chars).round(4).tolist()


def test_the_seeds_in_scope_for_jianquan_qianglian(articles):
    scope = nqp.theme_scope(articles, "建圈強鏈").set_index("article_id")
    docs = articles.set_index("article_id").loc[scope.index[scope["in_scope"]], "doc_id"]
    # the documents that name 建圈强链 (see theme_seeds.TRUE_COUNTS): all but 000
    assert sorted(set(docs)) == [D001, D002, D003, D004]
    assert int(scope["theme_mentions"].sum()) == 9


def test_min_mentions(articles):
    scope = nqp.theme_scope(articles, "建圈强链", min_mentions=2)
    assert scope["in_scope"].tolist() == (scope["theme_mentions"] >= 2).tolist()
    per = nqp.theme(articles, "建圈强链").groupby("article_id").size()
    assert set(scope.loc[scope["in_scope"], "article_id"]) == set(per[per >= 2].index)
    assert 0 < int(scope["in_scope"].sum()) < int((scope["theme_mentions"] >= 1).sum())


def test_no_theme_puts_every_article_in_scope(articles):
    scope = nqp.theme_scope(articles)
    assert scope["in_scope"].all() and len(scope) == len(articles)
    assert (scope["theme_mentions"] == 0).all()


def test_aligned_with_a_reordered_table(articles):
    shuffled = articles.sample(frac=1.0, random_state=3)
    scope = nqp.theme_scope(shuffled, "新质生产力")
    assert scope.index.equals(shuffled.index)
    assert scope.sort_index().equals(nqp.theme_scope(articles.sort_index(), "新质生产力"))


def test_takes_articles_only(corpus, seeds_path, articles):
    with pytest.raises(NqpError, match="nqp.clean"):
        nqp.theme_scope(corpus, "建圈强链")
    with pytest.raises(NqpError, match="nqp.clean"):
        nqp.theme_scope(str(seeds_path), "建圈强链")
    with pytest.raises(NqpError, match="min_mentions"):
        nqp.theme_scope(articles, "建圈强链", min_mentions=-1)
    assert isinstance(nqp.theme_scope(articles, "建圈强链"), pd.DataFrame)

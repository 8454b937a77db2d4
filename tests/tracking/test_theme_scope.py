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


# -- articles_in_scope: the one selection rule of the notebooks and the command line ---------------

def test_no_theme_keeps_every_article_of_the_kinds(articles):
    used = nqp.articles_in_scope(articles)
    assert used["article_id"].tolist() == articles.loc[articles["kind"] == "article", "article_id"].tolist()
    assert len(nqp.articles_in_scope(articles, kinds=None)) == len(articles)


def test_theme_keeps_the_articles_that_name_it(articles):
    used = nqp.articles_in_scope(articles, ["新质生产力"])
    # independently: the analysis layer is simplified, so a plain substring test finds every form
    expected = articles[(articles["kind"] == "article") & articles["text"].str.contains("新质生产力", regex=False)]
    assert used["article_id"].tolist() == expected["article_id"].tolist()
    assert (used["theme_mentions"] >= 1).all()
    assert list(used.columns[: len(articles.columns)]) == list(articles.columns)


def test_page_001_is_judged_by_the_theme_asked_about(articles):
    # the roundtable on 新质生产力 is about the theme; the state visit and the work-safety directive are not
    page = articles[articles["doc_id"] == D001].set_index("title")
    roundtable = page.loc["如何以科技创新引领现代化产业体系建设,加快形成新质生产力?", "article_id"]
    visit = page.loc["习近平同乌兹别克斯坦总统米尔济约耶夫会谈", "article_id"]
    used = set(nqp.articles_in_scope(articles, ["新质生产力", "建圈强链", "现代化产业体系"])["article_id"])
    assert roundtable in used and visit not in used
    # and by another theme, the other way round
    assert set(nqp.articles_in_scope(articles, ["乌兹别克斯坦"])["article_id"]) == {visit}


def test_bad_kinds(articles):
    with pytest.raises(NqpError, match="kinds"):
        nqp.articles_in_scope(articles, kinds="article")


def test_scope_figure_draws_and_the_old_one_says_what_to_use(articles):
    import matplotlib.pyplot as plt

    scope = nqp.theme_scope(articles, "建圈强链")
    fig, ax = nqp.textplot_theme_scope(scope, articles, max_articles=5)
    assert len(ax.patches) == 5 and "5 most relevant of" in ax.get_title()
    plt.close(fig)
    fig, ax = nqp.textplot_theme_scope(scope, articles)
    assert len(ax.patches) == len(articles)
    plt.close(fig)
    with pytest.raises(NqpError, match="textplot_theme_scope"):
        nqp.textplot_relevance(articles)

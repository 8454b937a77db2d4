"""articles_scope: the articles a page uses and the scope line it prints, checked against counts made here."""

from __future__ import annotations

import pytest

import nqp
from nqp.errors import NqpValueError


def _facts(articles, terms):
    """Every article of kind "article", and those of them with a mention in nqp.theme: counted here."""
    every = articles[articles["kind"] == "article"]
    mentioned = set(nqp.theme(articles, terms)["article_id"]) if terms else set()
    named = every[every["article_id"].isin(mentioned)]
    return every, named


def test_all_articles_with_a_theme(articles, corpus):
    every, named = _facts(articles, ["建圈强链"])
    got = nqp.articles_scope(articles, ["建圈强链"], "all", n_documents=len(corpus))
    assert list(got.articles["article_id"]) == list(every["article_id"])
    assert list(got.named["article_id"]) == list(named["article_id"])
    n_photo = len(articles) - len(every)
    assert got.note == f"all {len(every)} articles"
    assert got.text == (f"**Scope:** all {len(every)} articles, from {len(corpus)} documents"
                        + (f" ({n_photo} picture column{'s' if n_photo != 1 else ''} left out)" if n_photo else "")
                        + f"; {len(named)} of them mention 建圈强链.")


def test_theme_scope_keeps_the_articles_that_mention_it(articles):
    every, named = _facts(articles, ["建圈强链"])
    assert 0 < len(named) < len(every)
    got = nqp.articles_scope(articles, "建圈强链", "theme")
    assert list(got.articles["article_id"]) == list(named["article_id"])
    assert got.note == f"the {len(named)} of {len(every)} articles that mention 建圈强链"
    # from the documents that hold those articles, of all the corpus's
    assert got.text.startswith(f"**Scope:** the {len(named)} of {len(every)} articles that mention 建圈强链, from "
                               f"{named['doc_id'].nunique()} of {articles['doc_id'].nunique()} documents")
    assert got.articles.index.tolist() == list(range(len(named)))


@pytest.mark.parametrize("theme, why", [(None, "needs a theme"), (["不存在的口号"], "no article mentions 不存在的口号")])
def test_theme_scope_without_articles_to_keep_uses_them_all_and_says_why(articles, theme, why):
    every, _ = _facts(articles, None)
    got = nqp.articles_scope(articles, theme, "theme")
    assert len(got.articles) == len(every)
    assert why in got.note and f"so all {len(every)} articles are used" in got.note
    assert ("No theme was given" in got.text) == (theme is None)


def test_one_article(articles):
    one = articles[articles["kind"] == "article"].head(1)
    got = nqp.articles_scope(one)
    assert got.text == ("**Scope:** the only article, from the one document. No theme was given: pass one with "
                        "`nqp report --theme 新质生产力`.")
    named = nqp.articles_scope(one, ["新质生产力"]).text
    mentioned = "新质生产力" in one["text"].iloc[0]
    assert named == ("**Scope:** the only article, from the one document; it "
                     + ("mentions" if mentioned else "does not mention") + " 新质生产力.")


def test_a_bad_scope_is_named(articles):
    with pytest.raises(NqpValueError, match=r"scope='topic': expected one of 'all', 'theme'"):
        nqp.articles_scope(articles, ["建圈强链"], "topic")

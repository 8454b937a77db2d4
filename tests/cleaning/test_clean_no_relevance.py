"""Cleaning cleans; it does not judge relevance (one definition of a theme: the tracking stage's)."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S


def test_articles_carry_no_relevance_judgement(cleaned, articles):
    assert not {"on_topic", "relevance", "theme_mentions"} & set(articles.columns)
    assert "on_topic" not in nqp.clean_summary(cleaned).columns
    assert "theme" not in {f.name for f in __import__("dataclasses").fields(cleaned.rules)}


def test_theme_argument_is_deprecated_and_changes_nothing(corpus, articles):
    with pytest.warns(DeprecationWarning, match="articles_in_scope"):
        again = nqp.clean(corpus, theme=["乌兹别克斯坦"]).articles
    pd.testing.assert_frame_equal(again, articles)


def test_a_rules_file_with_theme_terms_is_refused_with_the_remedy(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[theme.terms]\n"建圈强链" = 3.0\n', encoding="utf-8")
    with pytest.raises(nqp.RulesError, match=r"mine.toml.*articles_in_scope"):
        nqp.load_clean_rules(path)
    path.write_text("[settings]\non_topic_min_weight = 2.0\n", encoding="utf-8")
    with pytest.raises(nqp.RulesError, match="no longer cleaning rules"):
        nqp.load_clean_rules(path)
    assert S.KIND in nqp.clean(pd.DataFrame({S.DOC_ID: ["x"], S.TEXT: ["一段文字。"]})).articles.columns

"""The audit views of cleaning: clean_summary, clean_joins, clean_repeats."""

from __future__ import annotations

import pandas as pd
import pytest
from seed_ids import D002, D003, D004

import nqp
from nqp import schema as S


def test_audit_views_take_the_result(corpus, cleaned):
    summary = nqp.clean_summary(cleaned)
    assert summary["n_chars"].sum() == corpus["text"].str.len().sum()
    with pytest.warns(DeprecationWarning, match="clean_summary"):
        old = nqp.clean_summary(corpus, cleaned.articles, cleaned.removals)
    pd.testing.assert_frame_equal(old, summary)
    assert "Cleaned(5 documents" in repr(cleaned)

def test_clean_summary_adds_up(corpus, articles, removals, cleaned):
    summary = nqp.clean_summary(cleaned)
    assert list(summary[S.DOC_ID]) == sorted(corpus[S.DOC_ID])
    assert (summary[S.N_CHARS] == summary["kept"] + summary["removed"] + summary["paragraph_join"] + summary["whitespace"]).all()
    row = summary.set_index(S.DOC_ID).loc[D003]
    assert row["platform_disclaimer"] == 253 and row["image_stub"] == 20

def test_clean_joins_side_by_side(corpus, articles, cleaned):
    joins = nqp.clean_joins(cleaned)
    row = joins[joins["before"].str.endswith("国务院安委会要督")].iloc[0]
    assert row["after"].startswith("促各地各有关方面")
    assert row["joined"].endswith("安委会要督‖促各地各有关方面,狠抓安全责")
    pull = joins[joins["before"].str.endswith("我们建立了")].iloc[0]
    assert "成都阿加犀" in pull["between"]

def test_clean_repeats_side_by_side(corpus, cleaned):
    reps = nqp.clean_repeats(cleaned).set_index(S.DOC_ID)
    assert reps.loc[D002, "where"] == "pasted at a paragraph end"
    assert reps.loc[D004, "where"] == "pull quote inside a sentence"
    assert reps.loc[D004, "kept"] == reps.loc[D004, "removed"]


def test_clean_joins_context(cleaned):
    wide = nqp.clean_joins(cleaned, context=30)
    narrow = nqp.clean_joins(cleaned, context=3)
    assert len(wide) == len(narrow) == len(cleaned.details[cleaned.details["step"] == "paragraph_join"])
    assert (narrow["before"].str.len() <= 3).all() and (wide["before"].str.len() > 3).any()
    with pytest.raises(nqp.NqpValueError, match="context=-1"):
        nqp.clean_joins(cleaned, context=-1)


def test_audit_views_refuse_a_result_with_extra_tables(cleaned):
    with pytest.raises(nqp.NqpValueError, match="pass only the result of nqp.clean"):
        nqp.clean_summary(cleaned, cleaned.articles)

"""How a theme spreads: honest counts against the raw text, first mentions, speakers, summaries, periods."""

from __future__ import annotations

import pandas as pd
import pytest
from seed_ids import D002
from theme_seeds import RAW_COUNTS, TRUE_COUNTS

import nqp
from nqp.errors import NqpError



# ---------------------------------------------------------------------------------------------
# honest counts


def test_audit_against_a_naive_raw_search(mentions, cleaned):
    audit = nqp.theme_audit(mentions, cleaned).set_index("doc_id")
    assert audit["raw_search"].to_dict() == {**TRUE_COUNTS, **RAW_COUNTS}
    assert audit["mentions"].to_dict() == TRUE_COUNTS
    assert audit["not_counted"].to_dict() == {d: RAW_COUNTS.get(d, 0) - n for d, n in TRUE_COUNTS.items()}


def test_audit_with_the_corpus_is_deprecated(mentions, cleaned, corpus):
    with pytest.warns(DeprecationWarning, match=r"theme_audit\(mentions, nqp.clean\(corpus\)\)"):
        old = nqp.theme_audit(mentions, corpus)
    pd.testing.assert_frame_equal(old, nqp.theme_audit(mentions, cleaned))


def test_audit_checks_the_mentions_come_from_the_cleaned(mentions, corpus):
    other = nqp.clean(corpus[corpus["doc_id"] != D002])
    with pytest.raises(NqpError, match="not in cleaned.articles"):
        nqp.theme_audit(mentions, other)
    with pytest.raises(TypeError, match="nqp.clean"):
        nqp.theme_audit(mentions, "seeds")


# ---------------------------------------------------------------------------------------------
# first mentions, speakers


def test_first_mention_per_outlet(mentions):
    first = nqp.theme_first(mentions)
    assert first["outlet"].tolist() == ["成都日报 (锦观新闻)", "科技日报", "羊城晚报", "每日经济新闻 (网易号)"]
    assert first["date"].tolist() == ["2024-01-25", "2024-05", "2024-08", "2026-02-25"]
    assert first["n_mentions"].tolist() == [1, 1, 4, 3]
    assert first["speaker"].iloc[0] == "邱士安"


def test_speakers_table(mentions):
    sp = nqp.theme_speakers(mentions)
    assert sp[["speaker_type", "speaker", "n_mentions"]].values.tolist() == [
        ["expert", "宋瑾", 4], ["outlet", "(outlet voice)", 4], ["official", "邱士安", 1],
    ]
    assert sp.loc[1, "outlets"] == "每日经济新闻 (网易号), 科技日报"
    assert sp.loc[2, "cues"] == "他建议"


# ---------------------------------------------------------------------------------------------
# summaries


def test_summary_per_outlet(mentions, articles):
    s = nqp.theme_summary(mentions, articles, by="outlet").set_index("outlet")
    assert s["n_mentions"].sum() == 9
    assert s.loc["华西都市报·封面新闻", "n_mentions"] == 0  # outlets without a mention are listed too
    assert s.loc["成都日报 (锦观新闻)", ["n_articles", "n_articles_mentioning"]].tolist() == [9, 1]
    assert s.loc["羊城晚报", "share_articles"] == 1.0
    assert s.loc["羊城晚报", "n_headings"] == 1
    assert s.loc["科技日报", "first_date"] == "2024-05 (month)"


def test_summary_periods_respect_date_precision(mentions, articles):
    by_month = nqp.theme_summary(mentions, articles, by="period")
    assert by_month["period"].tolist() == ["2024-01", "2024-03", "2024-05", "2024-08", "2026-02"]
    assert by_month["n_mentions"].tolist() == [1, 0, 1, 4, 3]
    by_day = nqp.theme_summary(mentions, articles, by="period", freq="day")
    # month-precision issues are never put on a day
    coarse = by_day.set_index("period").loc["(coarser than day)"]
    assert (coarse["n_docs"], coarse["n_mentions"]) == (3, 5)
    assert by_day["n_mentions"].sum() == 9


def test_summary_by_term_and_period_lists_zeros(articles):
    m = nqp.theme(articles, ["建圈强链", "关键子链"])
    s = nqp.theme_summary(m, articles, by=["term", "period"], freq="year")
    assert s[["term", "period", "n_mentions"]].values.tolist() == [
        ["建圈强链", "2024", 6], ["建圈强链", "2026", 3], ["关键子链", "2024", 0], ["关键子链", "2026", 8],
    ]


def test_summary_joins_on_article_id(mentions, articles):
    # a mention joins its article by article_id alone: with the ids changed, nothing matches
    renamed = mentions.assign(article_id=mentions["article_id"] + "-x")
    assert nqp.theme_summary(renamed, articles)["n_mentions"].sum() == 0
    with pytest.raises(NqpError, match="article_id"):
        nqp.theme_summary(mentions, articles.drop(columns="article_id"))


def test_bad_groups(mentions, articles):
    with pytest.raises(NqpError, match="by="):
        nqp.theme_summary(mentions, articles, by="nonsense")
    with pytest.raises(NqpError, match="by="):
        nqp.theme_first(mentions, by="nonsense")


# ---------------------------------------------------------------------------------------------
# the government work reports (only when ../shared/corpora is beside the repository)


@pytest.fixture(scope="module")
def reports(reference_corpus):
    return nqp.clean(reference_corpus).articles


@pytest.mark.parametrize("term, first", [("新质生产力", "2024"), ("高质量发展", "2018"), ("供给侧结构性改革", "2016")])
def test_when_slogans_enter_the_work_reports(reports, term, first):
    m = nqp.theme(reports, term)
    assert nqp.theme_first(m, by="term")["date"].tolist() == [first]
    s = nqp.theme_summary(m, reports, by="period")
    assert (s["period"] == s["period"].str.extract(r"^(\d{4})$")[0]).all()  # year precision: yearly periods
    assert s.loc[s["period"] < first, "n_mentions"].sum() == 0


def test_high_quality_development_in_every_report_since_2018(reports, reference_corpus):
    m = nqp.theme(reports, "高质量发展")
    raw = reference_corpus.set_index("doc_id")["text"]
    assert all(raw[r.doc_id][r.start : r.end] == r.match for r in m.itertuples())
    s = nqp.theme_summary(m, reports, by="period")
    after = s[s["period"] >= "2018"]
    assert len(after) >= 8 and (after["n_mentions"] > 0).all()
    for r in m.itertuples():  # offsets round-trip in the reports too
        assert reports.set_index("article_id").loc[r.article_id, "text_orig"][r.text_start : r.text_end] == r.match

"""Trends of several terms at once on the bundled government work reports, against counts made here."""

from __future__ import annotations

import re

import pytest

import nqp

TERMS = ["新质生产力", "高质量发展", "供给侧结构性改革"]


@pytest.fixture(scope="module")
def reports():
    articles = nqp.clean(nqp.gov_work_reports(), progress=False).articles
    return articles, nqp.theme(articles, TERMS)


def test_work_report_trends_equal_counts_made_by_hand(reports):
    articles, mentions = reports
    trends = nqp.theme_trends(mentions, articles)
    assert trends.attrs["freq"] == "year"  # year-dated reports: periods are years
    years = sorted(articles["date"].astype(str).unique())
    assert list(dict.fromkeys(trends["period"])) == years
    for term in TERMS:
        t = trends[trends["term"] == term].set_index("period")
        for year in years:
            rows = articles[articles["date"].astype(str) == year]
            texts = [nqp.normalize_text(x) for x in rows["text"]]
            # a title the text does not print is searched, and counted, as text of its own (1954年政府工作报告)
            # (printed means: there, spaces and line breaks between its characters aside)
            bare = [re.sub(r"\s+", "", x) for x in texts]
            texts += [nqp.normalize_text(t) for t, x in zip(rows["title"], bare) if isinstance(t, str) and t and
                      re.sub(r"\s+", "", nqp.normalize_text(t)) not in x]
            n = sum(x.count(term) for x in texts)
            chars = sum(len(x) for x in texts)
            assert t.loc[year, "n_mentions"] == n, (term, year)
            assert t.loc[year, "n_chars"] == chars
            assert t.loc[year, "per_10k_chars"] == pytest.approx(1e4 * n / chars)
    by_year = trends.set_index(["term", "period"])["n_mentions"]
    assert by_year[("新质生产力", "2024")] > 0 and by_year[("新质生产力", "2023")] == 0


def test_a_date_range_keeps_only_the_years_inside(reports):
    articles, mentions = reports
    trends = nqp.theme_trends(mentions, articles, start="2015", end="2020")
    assert list(dict.fromkeys(trends["period"])) == [str(y) for y in range(2015, 2021)]
    with pytest.raises(nqp.errors.NqpValueError, match="start="):
        nqp.theme_trends(mentions, articles, start="soon")


def test_adoption_of_three_slogans_counts_reports(reports):
    articles, mentions = reports
    adoption = nqp.theme_adoption(mentions, articles)
    for term in TERMS:
        using = {d for d, x in zip(articles["date"].astype(str), articles["text"]) if term in nqp.normalize_text(x)}
        last = adoption[adoption["term"] == term].iloc[-1]
        assert last["docs"] == len(using)
        first = adoption[(adoption["term"] == term) & (adoption["new_docs"] > 0)].iloc[0]
        assert first["period"] == min(using)

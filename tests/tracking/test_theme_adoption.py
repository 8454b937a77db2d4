"""Adoption curves, levels and lags on a corpus with planted diffusion (tests/tracking/planted_diffusion.py).

The expected values are computed here from the planted schedule, never from nqp's own tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from planted_diffusion import COUNTY, OTHER, OUTLETS, PLANTED, PLANTED_OTHER, TERM, planted_corpus

import nqp


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("planted") / "planted.csv"
    planted_corpus().to_csv(path, index=False)
    docs = nqp.load_corpus(path)
    articles = nqp.clean(docs, progress=False).articles
    return docs, articles, nqp.theme(articles, [TERM, OTHER])


@pytest.fixture(scope="module")
def planted(planted_run):
    return planted_run[1:]


def _month(date: str) -> str:
    return date[:7]


def test_every_planted_mention_is_found_once_title_only_ones_as_titles(planted):
    _, m = planted
    found = sorted(zip(m.loc[m["term"] == TERM, "outlet"], m.loc[m["term"] == TERM, "date"]))
    assert found == sorted((o, d) for o, d, _, _ in PLANTED)
    titles = m[m["field"] == "title"]
    assert list(zip(titles["outlet"], titles["date"])) == [(o, d) for o, d, _, w in PLANTED if w == "title"]
    assert titles["in_title"].all() and not m.loc[m["field"] == "text", "in_title"].any()


def test_the_adoption_curve_counts_outlets_and_documents_by_month(planted):
    articles, m = planted
    curve = nqp.theme_adoption(m, articles)
    months = [f"2023-{k:02d}" for k in range(1, 13)]
    n_outlets = len(OUTLETS) + 1
    for term, plan in ((TERM, PLANTED), (OTHER, PLANTED_OTHER)):
        c = curve[curve["term"] == term]
        assert list(c["period"]) == months
        first_month = {}
        for outlet, date, _, _ in plan:
            first_month.setdefault(outlet, _month(date))
        expected_outlets = [sum(1 for v in first_month.values() if v <= p) for p in months]
        expected_docs = [sum(1 for _, d, _, _ in plan if _month(d) <= p) for p in months]
        assert list(c["outlets"]) == expected_outlets
        assert list(c["docs"]) == expected_docs
        assert list(c["share_outlets"]) == pytest.approx([k / n_outlets for k in expected_outlets])
        n_docs = articles["doc_id"].nunique()
        assert list(c["share_docs"]) == pytest.approx([k / n_docs for k in expected_docs])
    aug = curve[(curve["term"] == TERM) & (curve["period"] == "2023-08")].iloc[0]
    assert aug["new_outlet_names"] == "新华社, 人民日报"  # the month-dated 新华社 may be first: it sorts first


def test_adopters_carry_the_first_mention_with_its_offsets(planted_run):
    docs, articles, m = planted_run
    ad = nqp.theme_adopters(m)
    a = ad[(ad["term"] == TERM) & (ad["outlet"] == "成都日报")].iloc[0]
    assert a["date"] == "2023-03-10" and a["n_mentions"] == 2
    raw = docs.set_index("doc_id").loc[a["doc_id"], "text"]
    assert raw[a["start"]:a["end"]] == TERM == a["match"]  # the raw offsets give back the match
    assert TERM in a["sentence"]
    title = ad[(ad["term"] == TERM) & (ad["outlet"] == "经济日报")].iloc[0]
    assert title["field"] == "title" and title["sentence"][title["start"]:title["end"]] == TERM


def test_levels_first_mentions_and_which_outlet(planted):
    articles, m = planted
    lv = nqp.theme_levels(m, articles).set_index(["term", "level"])
    ts = pd.Timestamp
    assert (lv.loc[(TERM, "municipal"), ["first_start", "first_end", "outlet"]].tolist()
            == [ts("2023-03-10"), ts("2023-03-10"), "成都日报"])
    assert (lv.loc[(TERM, "provincial"), ["first_start", "first_end", "outlet"]].tolist()
            == [ts("2023-05-12"), ts("2023-05-12"), "四川日报"])
    # central: 新华社 dated 2023-08 (the month) and 人民日报 2023-08-20: first between Aug 1 and Aug 20
    assert (lv.loc[(TERM, "central"), ["first_start", "first_end", "outlet"]].tolist()
            == [ts("2023-08-01"), ts("2023-08-20"), "新华社"])
    assert lv.loc[(TERM, "county"), "outlet"] == COUNTY  # from the corpus's level column
    assert lv.loc[(TERM, "central"), "n_outlets_mentioning"] == 3  # 新华社, 人民日报, 经济日报 (headline)
    assert lv.loc[(TERM, "central"), "n_outlets"] == 4
    assert pd.isna(lv.loc[(OTHER, "municipal"), "first_start"])


def test_lags_between_levels_respect_date_precision(planted):
    articles, m = planted
    lag = nqp.theme_lag(m, articles)
    lag = lag[lag["term"] == TERM].set_index(["from_level", "to_level"])
    d = lambda a, b: (pd.Timestamp(b) - pd.Timestamp(a)).days  # noqa: E731
    mp = lag.loc[("municipal", "provincial")]
    assert bool(mp["exact"]) and mp["lag_days"] == d("2023-03-10", "2023-05-12") == 63
    mc = lag.loc[("municipal", "central")]
    assert not mc["exact"] and pd.isna(mc["lag_days"])
    assert (mc["lag_min_days"], mc["lag_max_days"]) == (d("2023-03-10", "2023-08-01"), d("2023-03-10", "2023-08-20"))
    pc = lag.loc[("provincial", "central")]
    assert (pc["lag_min_days"], pc["lag_max_days"]) == (d("2023-05-12", "2023-08-01"), d("2023-05-12", "2023-08-20"))
    assert bool(pc["consecutive"]) and not bool(mc["consecutive"])
    assert pc["to_date"] == "2023-08 (month)"


def test_levels_mapping_is_extendable_and_checked(planted, tmp_path):
    articles, m = planted
    assert nqp.outlet_levels(pd.DataFrame({"outlet": ["华西都市报·封面新闻", "某某周刊", None]})).tolist() == [
        "provincial", None, None]
    # a name in traditional script is looked up as written, then in simplified script
    assert nqp.outlet_levels(pd.DataFrame({"outlet": ["聯合報", "人民日報", "香港01新聞", "經濟日報", "经济日报"]})).tolist() == [
        "hong_kong_macao_taiwan", "central", "hong_kong_macao_taiwan", "hong_kong_macao_taiwan", "central"]
    extra = tmp_path / "mine.toml"
    extra.write_text('[levels]\nindustry = ["成都商报"]\n', encoding="utf-8")
    lv = nqp.theme_levels(m, articles, levels=extra)
    assert lv[(lv["term"] == TERM) & (lv["level"] == "industry")]["outlet"].tolist() == ["成都商报"]
    assert nqp.load_levels({"某某周刊": "foreign"})["某某周刊"] == "foreign"
    bad = tmp_path / "bad.toml"
    bad.write_text('[levels]\ncentral = "人民日报"\n', encoding="utf-8")
    with pytest.raises(nqp.errors.NqpValueError, match="must be a list"):
        nqp.load_levels(bad)
    with pytest.raises(nqp.errors.NqpValueError, match="no such file"):
        nqp.load_levels(tmp_path / "missing.toml")


def test_trends_on_the_planted_corpus_with_a_date_range(planted):
    articles, m = planted
    tr = nqp.theme_trends(m, articles, start="2023-03", end="2023-06")
    assert list(dict.fromkeys(tr["period"])) == ["2023-03", "2023-04", "2023-05", "2023-06"]
    t = tr[tr["term"] == TERM]
    assert t["n_mentions"].tolist() == [1, 1, 1, 1]
    oct_ = nqp.theme_trends(m, articles, start="2023-10", end="2023-10")
    row = oct_[oct_["term"] == TERM].iloc[0]
    assert row["n_mentions"] == 1 and row["n_title_mentions"] == 1
    with pytest.raises(nqp.errors.NqpValueError, match="after end"):
        nqp.theme_trends(m, articles, start="2024", end="2023")


def test_figures_draw_adoption_levels_and_trends(planted):
    import matplotlib.pyplot as plt

    articles, m = planted
    fig, ax = nqp.textplot_theme_adoption(nqp.theme_adoption(m, articles), share=True)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [TERM, OTHER]
    fig2, ax2 = nqp.textplot_theme_levels(nqp.theme_levels(m, articles))
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["central", "provincial", "municipal", "county"]
    fig3, ax3 = nqp.textplot_theme_trends(nqp.theme_trends(m, articles))
    assert len(ax3.get_lines()) == 2
    plt.close("all")


def test_the_trend_line_breaks_over_months_without_an_article(tmp_path):
    """Articles in 2024-01..03 and 2025-01..02 only: the months between were not measured, so the line has
    a gap there instead of a segment joining 2024-03 to 2025-01."""
    import matplotlib.pyplot as plt

    months = ["2024-01", "2024-02", "2024-03", "2025-01", "2025-02"]
    rows = [{"doc_id": f"d{i}", "article_id": f"d{i}-00", "date": f"{m}-10", "outlet": "成都日报",
             "text": f"{TERM}。" * (i + 1) + "其他内容。" * 20} for i, m in enumerate(months)]
    path = tmp_path / "gap.csv"
    pd.DataFrame(rows)[["doc_id", "date", "outlet", "text"]].to_csv(path, index=False)
    articles = nqp.clean(nqp.load_corpus(path)).articles
    trends = nqp.theme_trends(nqp.theme(articles, [TERM]), articles)
    assert trends["period"].tolist() == months and trends.attrs["freq"] == "month"
    fig, ax = nqp.textplot_theme_trends(trends)
    line = ax.get_lines()[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == len(months) + 1 and int(np.isnan(y).sum()) == 1
    assert np.isnan(y[3])  # between 2024-03 and 2025-01
    np.testing.assert_allclose(y[~np.isnan(y)], trends["per_10k_chars"].to_numpy())
    plt.close("all")

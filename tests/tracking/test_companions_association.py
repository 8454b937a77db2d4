"""Companions by association: the weighted log-odds with an informative Dirichlet prior and G² equal a hand
computation; per period a planted word enters and another leaves when planted; degenerate corpora say why."""

from __future__ import annotations

import math
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError

matplotlib.use("Agg")

THEME = "新质生产力"


def _articles(tmp_path, rows) -> pd.DataFrame:
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    arts = nqp.clean(nqp.load_corpus(path), boilerplate=None).articles
    for r in rows:  # the test's own precondition: cleaning kept every paragraph (commas become ASCII)
        text = arts.loc[arts["doc_id"] == r["doc_id"], "text"].iloc[0]
        assert text == r["text"].replace("，", ","), text
    return arts


def _hand_tokens(articles: pd.DataFrame) -> pd.DataFrame:
    """The long tokens table made by hand: every run of Han characters is a word (no segmenter involved)."""
    rows = []
    for aid, doc, text in zip(articles["article_id"], articles["doc_id"], articles["text"]):
        for k, mt in enumerate(re.finditer(r"[\u4e00-\u9fff]+", text)):
            rows.append({"doc_id": doc, "article_id": aid, "sentence": 0, "position": k, "token": mt.group(0),
                         "pos": "n", "start": mt.start(), "end": mt.end()})
    return pd.DataFrame(rows)


SMALL = [
    {"doc_id": "a", "outlet": "甲报", "date": "2020-01-05", "title": "",
     "text": "新质生产力，创新，产业，创新。\n产业，农业，农业。\n新质生产力，创新，协同。"},
    {"doc_id": "b", "outlet": "乙报", "date": "2021-03-02", "title": "", "text": "产业，农业，创新。\n农业，产业。"},
]


@pytest.fixture()
def small(tmp_path):
    arts = _articles(tmp_path, SMALL)
    return nqp.theme(arts, THEME), arts, _hand_tokens(arts)


def _fightin(y, n, r, m, alpha0):
    """Monroe, Colaresi and Quinn (2008), written out for one word."""
    a = alpha0 * (y + r) / (n + m)
    delta = math.log((y + a) / (n + alpha0 - y - a)) - math.log((r + a) / (m + alpha0 - r - a))
    var = 1 / (y + a) + 1 / (r + a)
    return a, delta, var, delta / math.sqrt(var)


def _g2(o11, o12, o21, o22):
    n = o11 + o12 + o21 + o22
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    cells = {(0, 0): o11, (0, 1): o12, (1, 0): o21, (1, 1): o22}
    return 2 * sum(o * math.log(o / (rows[i] * cols[j] / n)) for (i, j), o in cells.items() if o > 0)


def test_the_statistics_equal_a_hand_computation(small):
    mentions, arts, tokens = small
    # the theme's paragraphs: 创新 创新 产业 | 创新 协同 (n = 5); the rest: 产业 农业 农业 | 产业 农业 创新 农业 产业 (m = 8)
    table = {"创新": (3, 1, 2), "产业": (1, 3, 1), "协同": (1, 0, 1)}  # count in contexts, in the rest, contexts
    n, m, alpha0 = 5, 8, 10.0
    got = nqp.theme_companions(mentions, arts, tokens, min_contexts=1, alpha0=alpha0).set_index("companion")
    assert sorted(got.index) == sorted(table)  # 农业 never travels with the theme: not tested
    p = {}
    for word, (y, r, k) in table.items():
        a, delta, var, z = _fightin(y, n, r, m, alpha0)
        g = _g2(y, r, n - y, m - r)
        row = got.loc[word]
        assert (row["count"], row["count_rest"], row["n_contexts"], row["n_words"], row["n_words_rest"]) == (y, r, k, n, m)
        assert row["n_group_contexts"] == 2 and row["share"] == k / 2
        assert row["prior"] == pytest.approx(a) and row["delta"] == pytest.approx(delta)
        assert row["delta_var"] == pytest.approx(var) and row["z"] == pytest.approx(z)
        assert row["g2"] == pytest.approx(g)
        p[word] = math.erfc(math.sqrt(g / 2))  # chi-squared with one degree of freedom
        assert row["p_value"] == pytest.approx(p[word])
    # Benjamini-Hochberg by hand: the i-th smallest of m p-values times m / i, then the running minimum from the top
    ranked = sorted(p, key=p.get)
    scaled = [p[w] * 3 / (i + 1) for i, w in enumerate(ranked)]
    adjusted = {w: min(scaled[i:]) for i, w in enumerate(ranked)}
    for w in table:
        assert got.loc[w, "p_adjusted"] == pytest.approx(min(adjusted[w], 1.0))
    assert list(got["z"]) == sorted(got["z"], reverse=True) and list(got["rank"]) == [1, 2, 3]
    assert not got["significant"].any()  # five words are no evidence
    bonf = nqp.theme_companions(mentions, arts, tokens, min_contexts=1, alpha0=alpha0, correction="bonferroni")
    assert bonf.set_index("companion").loc["创新", "p_adjusted"] == pytest.approx(min(3 * p["创新"], 1.0))


def test_the_default_prior_weighs_as_much_as_the_contexts(small):
    mentions, arts, tokens = small
    got = nqp.theme_companions(mentions, arts, tokens, min_contexts=1).set_index("companion")
    a, delta, var, z = _fightin(3, 5, 1, 8, alpha0=5)  # alpha0 = n, the words of the theme's contexts
    assert got.loc["创新", "prior"] == pytest.approx(a) and got.loc["创新", "z"] == pytest.approx(z)
    assert got.attrs["groups"][0]["alpha0"] == 5


def test_min_contexts_and_each_period_from_its_own_articles(small):
    mentions, arts, tokens = small
    assert nqp.theme_companions(mentions, arts, tokens, min_contexts=2)["companion"].tolist() == ["创新"]
    per = nqp.theme_companions(mentions, arts, tokens, by="period", min_contexts=1, alpha0=10.0)
    assert per.attrs["freq"] == nqp.date_freq(arts)  # the periods follow the dates' precision
    # 2020 holds document a only: the rest is its middle paragraph (产业 农业 农业), m = 3
    row = per.set_index(["group", "companion"]).loc[(per["group"].iloc[0], "创新")]
    assert (row["count"], row["count_rest"], row["n_words_rest"]) == (3, 0, 3)
    assert row["z"] == pytest.approx(_fightin(3, 5, 0, 3, 10.0)[3])
    assert per["group"].nunique() == 1  # document b never mentions the theme: no period of companions


def _planted_rows():
    """Five years, six documents a year: the theme's paragraph names 旧动能 until 2020, then 低空经济."""
    pool = ["推进", "工作", "会议", "部署", "落实", "建设", "项目", "服务", "群众", "基层", "机制", "保障"]
    rows = []
    for year in range(2019, 2024):
        for d in range(6):
            k = (year * 7 + d * 5) % len(pool)
            filler = ["，".join(pool[(k + 3 * p + j) % len(pool)] for j in range(4)) + "。" for p in range(4)]
            planted = "旧动能" if year <= 2020 else "低空经济"
            theme = f"{THEME}，{planted}，{pool[(k + d) % len(pool)]}，{pool[(k + d + 1) % len(pool)]}。"
            rows.append({"doc_id": f"y{year}-{d}", "outlet": f"报{d}", "date": str(year), "title": "",
                         "text": "\n".join(filler[:2] + [theme] + filler[2:])})
    return rows


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    arts = _articles(tmp_path_factory.mktemp("planted"), _planted_rows())
    return nqp.theme(arts, THEME), arts, _hand_tokens(arts)


def test_a_planted_word_enters_and_another_leaves_at_the_planted_period(planted):
    mentions, arts, tokens = planted
    per = nqp.theme_companions(mentions, arts, tokens, by="period")
    assert per.attrs["freq"] == "year" and list(dict.fromkeys(per["group"])) == ["2019", "2020", "2021", "2022", "2023"]
    company = per[per["significant"]].groupby("group")["companion"].agg(set)
    assert all(company[y] == {"旧动能"} for y in ("2019", "2020"))
    assert all(company[y] == {"低空经济"} for y in ("2021", "2022", "2023"))
    drift = nqp.companions_drift(per)
    changes = set(zip(drift["period"], drift["change"], drift["companion"], drift["previous"].fillna("-")))
    assert changes == {("2019", "enters", "旧动能", "-"), ("2021", "enters", "低空经济", "2020"),
                       ("2021", "leaves", "旧动能", "2020")}
    assert drift.attrs["periods"] == {THEME: ["2019", "2020", "2021", "2022", "2023"]}


def test_no_look_ahead(planted):
    mentions, arts, tokens = planted
    full = nqp.theme_companions(mentions, arts, tokens, by="period")
    early = arts[arts["date_start"] < "2021-01-01"]
    part = nqp.theme_companions(mentions[mentions["article_id"].isin(early["article_id"])], early,
                                tokens[tokens["article_id"].isin(early["article_id"])], by="period")
    pd.testing.assert_frame_equal(part, full[full["group"].isin(["2019", "2020"])].reset_index(drop=True))


def test_the_figure_shows_the_change(planted):
    import matplotlib.pyplot as plt

    mentions, arts, tokens = planted
    per = nqp.theme_companions(mentions, arts, tokens, by="period")
    fig, ax = nqp.textplot_theme_companions(per, top=5)
    fig.canvas.draw()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[:2] == ["旧动能", "低空经济"]  # in the order they enter
    bars = fig.axes[0]
    heights = sorted(p.get_height() for p in bars.patches if p.get_height() != 0)
    assert heights == [-1, 1, 1]  # 旧动能 enters (2019); in 2021 低空经济 enters and 旧动能 leaves
    plt.close(fig)
    fig, ax = nqp.textplot_theme_companions(nqp.theme_companions(mentions, arts, tokens))  # one group: bars
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == sorted(["旧动能", "低空经济"], key=lambda w: (
        -nqp.theme_companions(mentions, arts, tokens).set_index("companion").loc[w, "z"]))
    plt.close(fig)


def test_the_figure_stays_readable_at_a_hundred_periods():
    import matplotlib.pyplot as plt

    periods = pd.period_range("2015-01", periods=100, freq="M")
    rng = np.random.default_rng(0)
    rows = []
    for i, p in enumerate(periods):
        for w in range(30):
            z = float(rng.normal(0, 1.5)) + (4 if w == i % 30 else 0)
            rows.append({"term": THEME, "group": str(p), "period_start": p.start_time, "companion": f"词{w:02d}",
                         "z": z, "significant": z > 3, "n_contexts": 3})
    table = pd.DataFrame(rows)
    fig, ax = nqp.textplot_theme_companions(table, top=12)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(labels) <= 26 and labels[0] == "2015-01" and labels[-1] == str(periods[-1])
    assert len(ax.get_yticklabels()) == 12
    w, h = fig.get_size_inches()
    assert w <= 12 and h <= 12
    plt.close(fig)


def test_one_document(tmp_path):
    arts = _articles(tmp_path, [SMALL[0]])
    mentions, tokens = nqp.theme(arts, THEME), _hand_tokens(arts)
    got = nqp.theme_companions(mentions, arts, tokens, min_contexts=1)
    assert got["n_words_rest"].unique().tolist() == [3]  # the rest is its one other paragraph
    wide = nqp.tokenize(arts)
    whole = nqp.theme_companions(mentions, arts, wide, scope="article", min_contexts=1)
    assert whole.empty and list(whole.columns) == nqp.schema.COMPANION_COLUMNS
    assert "no rest of the corpus" in whole.attrs["groups"][0]["note"]
    assert nqp.companions_drift(whole).empty


def test_no_dates_theme_absent_and_one_period(tmp_path, small):
    rows = [{k: v for k, v in r.items() if k != "date"} for r in SMALL]
    arts = _articles(tmp_path, rows)
    mentions, tokens = nqp.theme(arts, THEME), _hand_tokens(arts)
    undated = nqp.theme_companions(mentions, arts, tokens, by="period", min_contexts=1)
    assert set(undated["group"]) == {"(undated)"} and undated.attrs["freq"] is None
    drift = nqp.companions_drift(undated)
    assert drift.empty and drift.attrs["periods"] == {THEME: []}
    absent = nqp.theme(arts, "低空经济")
    got = nqp.theme_companions(absent, arts, tokens, by="period")
    assert got.empty and list(got.columns) == nqp.schema.COMPANION_COLUMNS
    assert nqp.companions_drift(got).empty
    mentions, arts, tokens = small
    one = nqp.theme_companions(mentions, arts, tokens, by="period", min_contexts=1, correction="none", alpha=0.5)
    drift = nqp.companions_drift(one)
    assert set(drift["change"]) == {"enters"} and drift["previous"].isna().all()
    assert set(drift["companion"]) == set(one.loc[one["significant"], "companion"])


def test_too_few_contexts_is_said_and_passed_over(planted):
    mentions, arts, tokens = planted
    per = nqp.theme_companions(mentions, arts, tokens, by="period", min_contexts=7)  # six contexts a year
    assert per.empty and {r["note"] for r in per.attrs["groups"]} == {
        "no word occurs in 7 or more of the theme's 6 contexts"}
    drift = nqp.companions_drift(per)
    assert drift.empty and len(drift.attrs["skipped"]) == 5


def test_words_every_seed_uses_no_longer_lead(articles, mentions):
    tokens = nqp.tokenize_long(articles, formula=True)
    got = nqp.theme_companions(mentions, articles, tokens).set_index("companion")
    raw = nqp.theme_cooccurrence(mentions, articles, tokens)
    # by raw share 成都 and 企业 are second and third: every seed is Chengdu news about firms
    assert raw["companion"].tolist()[1:3] == ["成都", "企业"]
    for word in ("成都", "企业", "具有"):  # and 具有, noise of the raw ranking
        assert not got.loc[word, "significant"] and got.loc[word, "z"] < 1.96
    # counted independently: 成都's share of the words in the theme's paragraphs is close to its share elsewhere
    row = got.loc["成都"]
    inside, outside = row["count"] / row["n_words"], row["count_rest"] / row["n_words_rest"]
    assert 0.5 < inside / outside < 4
    again = nqp.theme_companions(nqp.theme(articles, "建圈强链"), articles, tokens).set_index("companion")
    pd.testing.assert_frame_equal(got, again)


def test_bad_arguments_say_what_to_pass(small):
    mentions, arts, tokens = small
    with pytest.raises(NqpError, match="tokenize_long"):
        nqp.theme_companions(mentions, arts, None)
    with pytest.raises(NqpError, match="tokenize_long"):
        nqp.theme_companions(mentions, arts, nqp.tokenize(arts), scope="paragraph")
    with pytest.raises(NqpError, match="not in tokens"):
        nqp.theme_companions(mentions, arts, tokens[tokens["doc_id"] != "a"])
    with pytest.raises(NqpError, match="not in articles"):
        nqp.theme_companions(mentions, arts[arts["doc_id"] != "b"], tokens)
    with pytest.raises(NqpError, match="alpha0"):
        nqp.theme_companions(mentions, arts, tokens, alpha0=0)
    with pytest.raises(NqpError, match="min_contexts"):
        nqp.theme_companions(mentions, arts, tokens, min_contexts=0)
    with pytest.raises(NqpError, match="by="):
        nqp.theme_companions(mentions, arts, tokens, by="speaker")
    with pytest.raises(NqpError, match="correction"):
        nqp.theme_companions(mentions, arts, tokens, correction="holm")
    with pytest.raises(NqpError, match="theme_companions"):
        nqp.companions_drift(nqp.theme_cooccurrence(mentions, arts, tokens))


def test_whole_articles_from_the_wide_table_and_groups_by_a_column(small):
    mentions, arts, tokens = small
    wide = tokens.groupby(["doc_id", "article_id"], sort=True)["token"].agg(list).rename("tokens").reset_index()
    got = nqp.theme_companions(mentions, arts, nqp.tokenize(arts).drop(columns="tokens").merge(
        wide[["article_id", "tokens"]], on="article_id"), scope="article", min_contexts=1, alpha0=10.0)
    got = got.set_index("companion")
    # article a is the one context: 创新 ×3, 产业 ×2, 农业 ×2, 协同 (n = 8); article b is the rest (m = 5)
    expected = {"创新": (3, 1), "产业": (2, 2), "农业": (2, 2), "协同": (1, 0)}
    assert {w: (got.loc[w, "count"], got.loc[w, "count_rest"]) for w in got.index} == expected
    assert got.loc["农业", "z"] == pytest.approx(_fightin(2, 8, 2, 5, 10.0)[3])
    by_outlet = nqp.theme_companions(mentions, arts, tokens, by="outlet", min_contexts=1)
    assert set(by_outlet["group"]) == {"甲报"} and set(by_outlet["n_words_rest"]) == {3}

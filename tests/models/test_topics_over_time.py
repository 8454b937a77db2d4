"""Topics over time: the class-based TF-IDF per topic and period against a hand computation, a planted word
shift recovered, no look-ahead, exemplars per period, the figure on a real time axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.dates import date_bounds
from nqp.errors import NqpError

ENERGY = "光伏 锂电 储能 电池 风电 新能源 充电桩 逆变器 硅片 电网".split()
AI = "算力 模型 芯片 算法 数据 智算 机器人 云计算 语料 训练".split()
NEW = "氢能"  # replaces 光伏 in the energy topic from 2022 on


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    bounds = [date_bounds(d, "year") for d in frame["date"]]
    return frame.assign(date_precision="year", date_start=[b[0] for b in bounds], date_end=[b[1] for b in bounds])


def shifted_tokens(years=(2020, 2021, 2022, 2023), per_year: int = 20, seed: int = 0) -> pd.DataFrame:
    """Each year 60% energy and 40% AI documents; in energy documents 光伏 becomes 氢能 from 2022."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in years:
        for i in range(per_year):
            energy = i < 0.6 * per_year
            words = list(ENERGY if energy else AI)
            if energy and year >= 2022:
                words[0] = NEW
            weights = np.linspace(2, 1, len(words))
            toks = [str(w) for w in rng.choice(words, size=50, p=weights / weights.sum())]
            rows.append({"doc_id": f"{year}-{i:02d}", "article_id": f"{year}-{i:02d}-0", "date": str(year), "tokens": toks})
    return _dated(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def shifted():
    tokens = shifted_tokens()
    d = nqp.dtm(tokens)
    return tokens, d, nqp.topics(d, 2, random_state=0)


def test_planted_word_shift_is_recovered(shifted):
    tokens, d, model = shifted
    over = nqp.topics_over_time(model, d, freq="year", n_terms=5)
    energy = int(model.topic_terms.query("term == '锂电'")["topic"].iloc[0])
    words = over.terms[over.terms["topic"] == energy].groupby("period")["term"].apply(set)
    assert list(words.index) == ["2020", "2021", "2022", "2023"]
    for year in ("2020", "2021"):
        assert "光伏" in words[year] and NEW not in words[year]
    for year in ("2022", "2023"):
        assert NEW in words[year] and "光伏" not in words[year]
    # the AI topic's words stay AI words in every period
    ai = over.terms[over.terms["topic"] != energy]
    assert set(ai["term"]) <= set(AI) and set(ai["period"]) == set(words.index)
    # shares: per period they sum to 1; energy holds about 60% in every year
    sums = over.shares.groupby("period")["share"].sum()
    assert np.allclose(sums, 1.0)
    e = over.shares[over.shares["topic"] == energy].set_index("period")["share"]
    assert e.between(0.5, 0.7).all()
    assert (over.shares["n_docs"] == 20).all()
    assert (over.shares["period_end"] - over.shares["period_start"]).dt.days.isin([365, 366]).all()
    wide = over.words(3)
    assert list(wide.index) == ["2020", "2021", "2022", "2023"] and list(wide.columns) == ["topic 1", "topic 2"]


def _four_documents():
    """Four documents, two periods, three terms, two topics with given weights: ``(vocab, counts, w, dtm, topics)``."""
    import scipy.sparse as sp

    vocab = np.array(["甲方", "乙方", "丙方"], dtype=object)
    counts = np.array([[3, 1, 0], [0, 2, 2], [1, 0, 4], [2, 2, 2]])
    w = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5], [1.0, 0.0]])
    docs = _dated(pd.DataFrame({"doc_id": list("abcd"), "date": ["2023", "2023", "2024", "2024"]}))
    d = nqp.Dtm(sp.csr_matrix(counts), vocab, docs)
    doc_topics = pd.DataFrame({"doc_id": np.repeat(list("abcd"), 2), "topic": [1, 2] * 4, "weight": w.ravel()})
    labels = pd.DataFrame({"topic": [1, 2], "label": ["一", "二"], "share": w.mean(axis=0), "top_terms": ["", ""]})
    topics = nqp.Topics(topic_terms=pd.DataFrame(columns=["topic", "term", "weight", "rank"]), doc_topics=doc_topics,
                        labels=labels, exemplars=pd.DataFrame(), docs=docs, model=None, method="nmf", k=2,
                        random_state=0)
    return vocab, counts, w, d, topics


def test_class_tfidf_equals_a_hand_computation():
    vocab, counts, w, d, topics = _four_documents()
    over = nqp.topics_over_time(topics, d, freq="year", n_terms=3, counts="share")
    for period, rows in (("2023", [0, 1]), ("2024", [2, 3])):
        # by hand, term by term: BERTopic's c-TF-IDF with topic-weighted counts, on this period alone
        mass = [[sum(w[r, c] * counts[r, t] for r in rows) for t in range(3)] for c in range(2)]
        avg = np.mean([sum(m) for m in mass if sum(m) > 0])
        for c in range(2):
            if sum(mass[c]) == 0:
                assert over.terms.query("period == @period and topic == @c + 1").empty
                continue
            expected = {vocab[t]: mass[c][t] / sum(mass[c]) * np.log(1 + avg / (mass[0][t] + mass[1][t]))
                        for t in range(3) if mass[c][t] > 0}
            got = over.terms.query("period == @period and topic == @c + 1")
            assert dict(zip(got["term"], got["weight"])) == pytest.approx(expected)
            assert list(got["rank"]) == list(range(1, len(expected) + 1))
            assert got["weight"].is_monotonic_decreasing
            assert dict(zip(got["term"], got["count"])) == pytest.approx({vocab[t]: mass[c][t] for t in range(3) if mass[c][t] > 0})
        share = over.shares.query("period == @period").set_index("topic")["share"]
        assert list(share) == pytest.approx(list(w[rows].mean(axis=0)))
    # a topic below min_share in a period gets no words there (topic 2 holds 25% of 2024), its share stays
    strict = nqp.topics_over_time(topics, d, freq="year", n_terms=3, min_share=0.3, counts="share")
    assert strict.terms.query("period == '2024' and topic == 2").empty
    assert not strict.terms.query("period == '2023' and topic == 2").empty
    pd.testing.assert_frame_equal(strict.shares, over.shares)


def test_no_look_ahead(shifted):
    """A period's tables do not change when documents of later periods are added."""
    tokens, d, model = shifted
    early = np.flatnonzero(d.docs["date"].isin(["2020", "2021"]).to_numpy())
    d_early = nqp.Dtm(d.matrix[early], d.vocab, d.docs.iloc[early].reset_index(drop=True))
    full = nqp.Topics.from_model(model.model, d)
    part = nqp.Topics.from_model(model.model, d_early)
    assert part.model is full.model or np.array_equal(part.model.order_, full.model.order_)  # same topic numbers
    a = nqp.topics_over_time(part, d_early, freq="year")
    b = nqp.topics_over_time(full, d, freq="year")
    for name in ("terms", "shares"):
        got = getattr(b, name)
        pd.testing.assert_frame_equal(getattr(a, name), got[got["period"].isin(["2020", "2021"])].reset_index(drop=True))


def test_deterministic_and_exemplars_per_period(shifted):
    tokens, d, model = shifted
    a = nqp.topics_over_time(model, d, freq="year")
    b = nqp.topics_over_time(model, d, freq="year")
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.shares, b.shares)
    # articles whose text is the tokens joined: every quote comes from its own period and holds its words
    articles = tokens.assign(text=tokens["tokens"].map(lambda ts: "。".join(" ".join(ts[i:i + 10]) for i in range(0, 50, 10)) + "。"))
    articles["text_orig"] = articles["text"]
    quotes = nqp.topics_over_time_exemplars(model, a, articles, n=2)
    assert list(quotes.columns[:2]) == ["period", "period_start"]
    assert set(quotes["period"]) == {"2020", "2021", "2022", "2023"}
    assert (quotes.groupby(["period", "topic"]).size() == 2).all()
    assert (quotes["article_id"].str[:4] == quotes["period"]).all()
    energy = int(model.topic_terms.query("term == '锂电'")["topic"].iloc[0])
    late = quotes[(quotes["topic"] == energy) & quotes["period"].isin(["2022", "2023"])]
    assert late["sentence"].str.contains(NEW).any() and not late["sentence"].str.contains("光伏").any()
    pd.testing.assert_frame_equal(quotes, nqp.topics_over_time_exemplars(model, b, articles, n=2))


@pytest.mark.parametrize("n_periods", [2, 100])
def test_figure_on_a_time_axis(n_periods):
    import matplotlib.dates as mdates

    rng = np.random.default_rng(1)
    months = pd.period_range("2016-01", periods=n_periods, freq="M").astype(str)
    rows = [{"doc_id": f"{m}-{i}", "date": m, "tokens": list(rng.choice(ENERGY if i % 2 else AI, 30))}
            for m in months for i in range(4)]
    frame = pd.DataFrame(rows)
    bounds = [date_bounds(x, "month") for x in frame["date"]]
    frame = frame.assign(date_precision="month", date_start=[b[0] for b in bounds], date_end=[b[1] for b in bounds])
    d = nqp.dtm(frame)
    over = nqp.topics_over_time(nqp.topics(d, 2), d, freq="month")
    fig, axes = nqp.textplot_topics_over_time(over)
    # the x axis holds dates: the bars start at the first day of each month
    lefts = sorted({round(p.get_x(), 6) for p in axes[1].patches})
    assert len(lefts) == n_periods
    assert mdates.num2date(lefts[0]).strftime("%Y-%m-%d") == "2016-01-01"
    assert mdates.num2date(lefts[-1]).strftime("%Y-%m") == months[-1]
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_undated_and_errors(shifted):
    tokens, d, model = shifted
    undated = nqp.Topics(**{**model.__dict__, "docs": model.docs.assign(date_start=pd.NaT, date_end=pd.NaT)})
    over = nqp.topics_over_time(undated, d)
    assert over.terms.empty and over.shares.empty and len(over.periods) == d.shape[0]
    fig, axes = nqp.textplot_topics_over_time(over)
    assert nqp.topics_over_time_exemplars(undated, over, tokens.assign(text="", text_orig="")).empty
    with pytest.raises(NqpError, match="freq"):
        nqp.topics_over_time(model, d, freq="fortnight")
    with pytest.raises(NqpError, match="same order"):
        nqp.topics_over_time(model, nqp.Dtm(d.matrix[:5], d.vocab, d.docs.iloc[:5]))
    with pytest.raises(NqpError, match="count"):
        nqp.topics_over_time(model, nqp.tfidf(d))
    with pytest.raises(NqpError, match="Topics"):
        nqp.topics_over_time(d, d)


def test_main_counts_give_each_document_to_its_heaviest_topic():
    """The default: a document's words count for its heaviest topic only (a tie: the lower topic), BERTopic's
    c-TF-IDF on those counts, by hand on four documents; the shares stay the mean weights."""
    vocab, counts, w, d, topics = _four_documents()
    over = nqp.topics_over_time(topics, d, freq="year", n_terms=3)
    heaviest = [0, 1, 0, 0]  # a: 1, b: 2, c: a tie, so 1, d: 1 (topics from 0 here)
    for period, rows in (("2023", [0, 1]), ("2024", [2, 3])):
        mass = [[sum(counts[r, t] for r in rows if heaviest[r] == c) for t in range(3)] for c in range(2)]
        avg = np.mean([sum(m) for m in mass if sum(m) > 0])
        for c in range(2):
            got = over.terms.query("period == @period and topic == @c + 1")
            if sum(mass[c]) == 0:  # 2024: no document's heaviest topic is 2
                assert got.empty
                continue
            expected = {vocab[t]: mass[c][t] / sum(mass[c]) * np.log(1 + avg / (mass[0][t] + mass[1][t]))
                        for t in range(3) if mass[c][t] > 0}
            assert dict(zip(got["term"], got["weight"])) == pytest.approx(expected)
            assert dict(zip(got["term"], got["count"])) == pytest.approx({vocab[t]: mass[c][t] for t in range(3) if mass[c][t] > 0})
        share = over.shares.query("period == @period").set_index("topic")["share"]
        assert list(share) == pytest.approx(list(w[rows].mean(axis=0)))
    with pytest.raises(NqpError, match="counts='words'"):
        nqp.topics_over_time(topics, d, counts="words")

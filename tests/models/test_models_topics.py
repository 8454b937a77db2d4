"""Topic models: determinism, the k scan, coherence on a planted corpus, stability, date bins, the estimator
(fit, partial_fit, Topics.from_model), deprecated names, errors."""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp.dates import date_bounds
from nqp.errors import NqpError, NqpTypeError

# ---------------------------------------------------------------------------------------------
# corpora


PLANTED = {
    "energy": "光伏 锂电 氢能 储能 电池 风电 新能源 充电桩 逆变器 硅片 组件 电网".split(),
    "ai": "算力 模型 芯片 算法 数据 智算 机器人 大模型 云计算 语料 推理 训练".split(),
    "region": "成渝 双城 经济圈 湾区 协同 区域 通道 枢纽 高铁 港口 走廊 一体化".split(),
    "finance": "金融 信贷 融资 银行 贷款 基金 保险 债券 上市 资本 股权 利率".split(),
}


def planted_tokens(n_docs: int = 80, length: int = 60, noise: float = 0.1, seed: int = 0) -> pd.DataFrame:
    """Documents drawn from four planted topics (90% from the document's own topic, 10% from any)."""
    rng = np.random.default_rng(seed)
    names = list(PLANTED)
    rows = []
    for i in range(n_docs):
        main = names[i % len(names)]
        words = [
            str(rng.choice(PLANTED[names[rng.integers(len(names))]] if rng.random() < noise else PLANTED[main]))
            for _ in range(length)
        ]
        rows.append({"doc_id": f"d{i:03d}", "outlet": ["甲报", "乙报"][i % 2], "tokens": words})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def planted():
    tokens = planted_tokens()
    return tokens, nqp.dtm(tokens)


_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_STOP = set("我们 他们 一个 进行 通过 表示 记者 今年 目前 同时 以及 已经 可以 没有 这个 作为".split())


def _seed_articles(corpus: pd.DataFrame) -> pd.DataFrame:
    """The seeds as articles: nqp.clean when it exists, else paragraphs as stand-in articles."""
    if hasattr(nqp, "clean") and callable(nqp.clean):
        return nqp.clean(corpus).articles
    import opencc

    to_simple = opencc.OpenCC("t2s")
    rows = []
    for doc in corpus.itertuples():
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", doc.text) if len(p.strip()) >= 80]
        for i, p in enumerate(paragraphs):
            simple = to_simple.convert(p)
            rows.append({
                "doc_id": doc.doc_id, "article_id": f"{doc.doc_id}-{i:02d}", "position": i, "title": p[:24],
                "text": simple if len(simple) == len(p) else p, "text_orig": p, "outlet": doc.outlet,
                "date": doc.date, "date_precision": doc.date_precision, "date_start": doc.date_start,
                "date_end": doc.date_end,
            })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def seeds(corpus):
    """(articles, tokens, dtm) of the seeds, tokenized by a private jieba tokenizer unless nqp.tokenize exists."""
    articles = _seed_articles(corpus)
    if hasattr(nqp, "tokenize") and callable(nqp.tokenize):
        tokens = nqp.tokenize(articles)
    else:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tokens = articles.drop(columns=["text", "text_orig"]).assign(
            tokens=[[w for w in tok.lcut(t) if _WORD.fullmatch(w) and w not in _STOP] for t in articles["text"]]
        )
    return articles, tokens, nqp.dtm(tokens, min_df=2)


# ---------------------------------------------------------------------------------------------
# the model and its tables


def test_planted_topics_are_recovered(planted):
    tokens, d = planted
    for method in ("nmf", "lda"):
        res = nqp.topics(d, 4, method, random_state=0)
        found = [set(v) for v in res.top_terms(10).values()]
        # every planted topic's best match among the found topics holds 10 of its 12 terms
        for words in PLANTED.values():
            assert max(len(f & set(words)) for f in found) == 10, (method, words, found)


def test_planted_coherence_separates_real_from_mixed_topics(planted):
    tokens, _ = planted
    names = list(PLANTED)
    real = pd.DataFrame(
        [(t + 1, w, 1.0, r + 1) for t, n in enumerate(names) for r, w in enumerate(PLANTED[n][:10])],
        columns=["topic", "term", "weight", "rank"],
    )
    # mixed topics: each takes 2-3 terms from every planted topic
    mixed = pd.DataFrame(
        [(t + 1, PLANTED[names[j % 4]][(j // 4) + 3 * t], 1.0, j + 1) for t in range(3) for j in range(10)],
        columns=["topic", "term", "weight", "rank"],
    )
    coh_real = nqp.topics_coherence(real, tokens)
    coh_mixed = nqp.topics_coherence(mixed, tokens)
    assert list(coh_real["topic"]) == [1, 2, 3, 4]
    assert (coh_real["n_pairs"] == 45).all()
    assert coh_real["coherence"].min() > 0.3
    assert coh_mixed["coherence"].max() < 0.0
    assert coh_real["coherence"].between(-1, 1).all() and coh_mixed["coherence"].between(-1, 1).all()


def test_scan_recommends_the_planted_k(planted):
    tokens, d = planted
    scan = nqp.topics_scan(d, tokens, ks=range(2, 7), random_state=0)
    t = scan.table
    assert list(t.columns) == ["k", "coherence", "coherence_min", "stability", "smallest_topic", "admissible", "recommended"]
    assert list(t["k"]) == [2, 3, 4, 5, 6]
    assert scan.recommended_k == 4 and t["recommended"].sum() == 1
    assert t.loc[t["k"] == 4, "stability"].item() == t["stability"].max()
    assert t["stability"].between(0, 1).all() and t["smallest_topic"].between(0, 1).all()
    assert "k=4" in scan.reason and "subsamples" in scan.reason
    assert len(scan.topic_coherence) == sum(range(2, 7))
    assert set(scan.topic_coherence.columns) == {"k", "topic", "coherence", "label"}


def test_tables_schema_and_order(seeds):
    articles, tokens, d = seeds
    res = nqp.topics(d, 5, random_state=0)
    tt, dt, lab = res.topic_terms, res.doc_topics, res.labels
    assert list(tt.columns) == ["topic", "term", "weight", "rank"]
    assert tt.equals(tt.sort_values(["topic", "rank"]))
    assert (tt.groupby("topic")["weight"].apply(lambda w: (np.diff(w.to_numpy()) <= 0).all())).all()
    assert set(tt["term"]) <= set(d.vocab)
    assert list(dt.columns[-2:]) == ["topic", "weight"] and "doc_id" in dt.columns
    assert len(dt) == d.shape[0] * 5
    sums = dt.groupby(dt.index // 5)["weight"].sum()
    assert np.allclose(sums[sums > 0], 1.0)
    # topics numbered by share: topic 1 is the largest
    assert list(lab["topic"]) == [1, 2, 3, 4, 5]
    assert (np.diff(lab["share"]) <= 1e-12).all()
    assert lab["share"].sum() == pytest.approx(1.0, abs=0.02)
    assert all(len(label.split(" · ")) == 3 for label in lab["label"])
    wide = res.doc_topic_matrix()
    assert wide.shape == (d.shape[0], 5)


def test_topics_deterministic(seeds, planted):
    articles, tokens, d = seeds
    for method in ("nmf", "lda"):
        a = nqp.topics(d, 4, method, random_state=3)
        b = nqp.topics(d, 4, method, random_state=3)
        for name in ("topic_terms", "doc_topics", "labels"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
        pd.testing.assert_frame_equal(nqp.topics_exemplars(a, articles), nqp.topics_exemplars(b, articles))
    ptokens, pd_ = planted
    s1 = nqp.topics_scan(pd_, ptokens, ks=[3, 4], n_seeds=5)
    s2 = nqp.topics_scan(pd_, ptokens, ks=[3, 4], n_seeds=5)
    pd.testing.assert_frame_equal(s1.table, s2.table)
    assert s1.reason == s2.reason


def test_scan_on_seeds_outputs(seeds):
    articles, tokens, d = seeds
    scan = nqp.topics_scan(d, tokens, ks=[2, 4, 3], n_seeds=5)
    assert list(scan.table["k"]) == [2, 3, 4]
    assert scan.table["stability"].between(0, 1).all()
    assert scan.table["coherence"].between(-1, 1).all()
    assert scan.recommended_k in (2, 3, 4) and str(scan.recommended_k) in scan.reason
    fig, axes = nqp.textplot_topics_scan(scan)
    assert len(axes) == 3


def test_sentence_units_from_a_long_table(planted):
    tokens, d = planted
    long = pd.DataFrame(
        [(doc, i // 10, i, w) for doc, ws in zip(tokens["doc_id"], tokens["tokens"]) for i, w in enumerate(ws)],
        columns=["doc_id", "sentence", "position", "token"],
    )
    res = nqp.topics(d, 4)
    coh = nqp.topics_coherence(res, long)
    assert (coh["unit"] == "sentence").all()
    assert coh["n_units"].iloc[0] == long.groupby(["doc_id", "sentence"]).ngroups
    assert coh["coherence"].min() > 0.3


def test_window_counting_matches_a_direct_count():
    tokens = pd.DataFrame({"tokens": [list("abcabcxyzab"), list("ab"), list("zzzzzzzzzzzzz")]})
    tt = pd.DataFrame({"topic": [1, 1, 1], "term": ["a", "b", "z"], "weight": [1.0] * 3, "rank": [1, 2, 3]})
    window, stride = 4, 2
    units = []
    for seq in tokens["tokens"]:
        n = len(seq)
        starts = range(0, max(1, n - window + stride), stride) if n > window else [0]
        units += [set(seq[s : s + window]) for s in starts]
    def npmi(x, y):
        p_x, p_y = (sum(t in u for u in units) / len(units) for t in (x, y))
        p_xy = sum({x, y} <= u for u in units) / len(units)
        return -1.0 if p_xy == 0 else np.log(p_xy / (p_x * p_y)) / -np.log(p_xy)

    expected = np.mean([npmi("a", "b"), npmi("a", "z"), npmi("b", "z")])
    assert npmi("a", "b") > 0 > npmi("a", "z")
    coh = nqp.topics_coherence(tt, tokens, n_terms=3, window=window, stride=stride)
    assert coh["n_units"].item() == len(units)
    assert coh["coherence"].item() == pytest.approx(expected)


# ---------------------------------------------------------------------------------------------
# stability


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sets(st.sampled_from(list("abcdefghijklmnop")), min_size=1, max_size=10), min_size=1, max_size=5),
        min_size=2,
        max_size=5,
    )
)
def test_stability_in_unit_interval(runs):
    s = nqp.topics_stability(runs)
    assert 0.0 <= s <= 1.0


@pytest.mark.parametrize(
    "runs, expected",
    [
        ([[{"a", "b"}, {"c", "d"}], [{"c", "d"}, {"a", "b"}]], 1.0),  # same topics, other order
        ([[{"a", "b"}], [{"c", "d"}]], 0.0),
        ([[{"a", "b"}, {"c", "d"}], [{"a", "b"}, {"a", "b"}]], 0.5),  # one-to-one: the duplicate cannot match twice
        ([[{"a", "b", "c", "d"}], [{"a", "b"}]], 0.5),
        ([[{"a"}], [{"a"}], [{"b"}]], 1 / 3),  # mean over the three pairs
    ],
)
def test_stability_values(runs, expected):
    assert nqp.topics_stability(runs) == pytest.approx(expected)


# ---------------------------------------------------------------------------------------------
# date bins and shares


def _dated(rows):
    out = []
    for date, precision in rows:
        start, end = date_bounds(date, precision)
        out.append({"date": date, "date_precision": precision, "date_start": start, "date_end": end})
    return pd.DataFrame(out)


@pytest.mark.parametrize(
    "date, precision, freq, expected",
    [
        ("2024-01-25", "day", "day", "2024-01-25"),
        ("2024-01-25", "day", "week", "2024-01-22"),
        ("2024-01-25", "day", "month", "2024-01"),
        ("2024-03", "month", "day", None),  # a month-precision date is never put on a day
        ("2024-03", "month", "week", None),
        ("2024-03", "month", "month", "2024-03"),
        ("2024-03", "month", "quarter", "2024Q1"),
        ("2024-08", "month", "year", "2024"),
        ("2026-02-25", "day", "quarter", "2026Q1"),
        ("2024", "year", "month", None),
        ("2024", "year", "quarter", None),
        ("2024", "year", "year", "2024"),
        ("1954", "year", "decade", "1950s"),
        ("2025-03-05", "day", "decade", "2020s"),
    ],
)
def test_date_bins_respect_precision(date, precision, freq, expected):
    docs = _dated([(date, precision)])
    bins = nqp.date_bins(docs, freq)
    got = bins["bin"].iloc[0]
    if expected is None:
        assert pd.isna(got) and not bins["placed"].iloc[0]
        assert bins["reason"].iloc[0] == f"coarser than {freq}"
    else:
        assert got == expected and bins["placed"].iloc[0]
        assert bins["bin_start"].iloc[0] <= docs["date_start"].iloc[0]


def test_date_bins_undated_and_bad_freq():
    docs = pd.DataFrame({"date_start": [pd.NaT], "date_end": [pd.NaT]})
    bins = nqp.date_bins(docs, "month")
    assert not bins["placed"].iloc[0] and bins["reason"].iloc[0] == "undated"
    with pytest.raises(NqpError, match="freq"):
        nqp.date_bins(docs, "fortnight")
    with pytest.raises(NqpError, match="date_start"):
        nqp.date_bins(pd.DataFrame({"date": ["2024"]}), "year")


def test_topics_shares_by_outlet_and_date(seeds, caplog):
    articles, tokens, d = seeds
    res = nqp.topics(d, 4)
    by_outlet = nqp.topics_shares(res, "outlet")
    assert list(by_outlet.columns) == ["group", "topic", "label", "share", "n_docs"]
    assert np.allclose(by_outlet.groupby("group")["share"].sum(), 1.0)
    assert set(by_outlet["group"]) == set(d.docs["outlet"])
    by_month = nqp.topics_shares(res, "date", freq="month")
    assert list(by_month["group"].unique()) == sorted(by_month["group"].unique())
    assert by_month["bin_start"].is_monotonic_increasing
    with caplog.at_level(logging.INFO, logger="nqp"):
        by_day = nqp.topics_shares(res, "date", freq="day")
    # only the day-precision documents can be placed on a day
    day_docs = d.docs["date_precision"].eq("day")
    assert by_day.drop_duplicates("group")["n_docs"].sum() <= day_docs.sum()
    assert not set(by_day["group"]) & {"2024-03", "2024-05", "2024-08"}
    assert (~day_docs).any()  # the seeds have month-precision documents (002, 004), and the log says so
    assert "not placed in day bins" in caplog.text
    fig, ax = nqp.textplot_topic_shares(by_outlet)
    # year-precision dates cannot go into months: an empty table and figure, not an error
    coarse = nqp.Topics(**{**res.__dict__, "docs": res.docs.assign(
        date_start=pd.Timestamp("2024-01-01"), date_end=pd.Timestamp("2024-12-31"), date_precision="year")})
    empty = nqp.topics_shares(coarse, "date", freq="month")
    assert empty.empty and list(empty.columns) == ["group", "bin_start", "topic", "label", "share", "n_docs"]
    fig, ax = nqp.textplot_topic_shares(empty)
    assert len(nqp.topics_shares(coarse, "date", freq="year")) == 4
    fig, axes = nqp.textplot_topic_terms(res)
    with pytest.raises(NqpError, match="by"):
        nqp.topics_shares(res, "newspaper")


def test_reference_corpus_by_decade(reference_corpus):
    bins = nqp.date_bins(reference_corpus, "decade")
    assert bins["placed"].all()
    assert list(bins["bin"].drop_duplicates()) == [f"{y}s" for y in range(1950, 2030, 10)]


# ---------------------------------------------------------------------------------------------
# the estimator and errors


def test_topic_model_is_an_estimator(planted):
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    tokens, d = planted
    model = nqp.TopicModel(k=4, method="lda", random_state=0)
    weights = model.fit_transform(d)
    assert weights.shape == (d.shape[0], 4) and np.allclose(weights.sum(axis=1), 1)
    again = clone(model).fit(d).transform(d)
    assert again.shape == weights.shape and np.allclose(again.sum(axis=1), 1)
    assert model.get_params()["k"] == 4 and model.components_.shape == (4, d.shape[1])
    with pytest.raises(NotFittedError, match="fit"):
        nqp.TopicModel(k=2).transform(d)
    with pytest.raises(NotFittedError):
        nqp.TopicModel(k=2).get_feature_names_out()
    assert list(model.get_feature_names_out()) == ["topic1", "topic2", "topic3", "topic4"]
    # the vocabulary check: a Dtm over other terms is refused with the remedy
    other = nqp.dtm(tokens.assign(tokens=[ts[:-1] + ["外来词"] for ts in tokens["tokens"]]))
    with pytest.raises(NqpError, match="vocabulary=model.vocab_"):
        model.transform(other)


@pytest.mark.parametrize("k", [0, -1, 2.5, "3", True, None, 81, 10_000])
def test_bad_k(planted, k):
    tokens, d = planted
    with pytest.raises(NqpError, match="k"):
        nqp.topics(d, k)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(ks=[]), "ks"),
        (dict(ks=[2, 0]), "ks"),
        (dict(ks=[2, 500]), "ks"),
        (dict(ks="abc"), "ks"),
        (dict(ks=[2], n_seeds=1), "n_seeds"),
        (dict(ks=[2], method="lsa"), "method"),
        (dict(ks=[2], window=1), "window"),
        (dict(ks=[2], min_stability=2), "min_stability"),
    ],
)
def test_bad_scan_arguments(planted, kwargs, match):
    tokens, d = planted
    with pytest.raises(NqpError, match=match):
        nqp.topics_scan(d, tokens, **kwargs)


def test_bad_inputs(planted):
    tokens, d = planted
    with pytest.raises(NqpError, match="method"):
        nqp.topics(d, 3, method="lsa")
    with pytest.raises(NqpError, match="LDA needs counts"):
        nqp.topics(nqp.tfidf(d), 3, method="lda")
    with pytest.raises(NqpError, match="Dtm"):
        nqp.topics(tokens, 3)
    with pytest.raises(NqpError, match="tokens"):
        nqp.topics_coherence(nqp.topics(d, 2), tokens.drop(columns=["tokens"]))
    with pytest.raises(NqpError, match="at least 2 runs"):
        nqp.topics_stability([[{"a"}]])


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_the_dtm_is_left_untouched(planted, method):
    import scipy.sparse as sp

    tokens, d = planted
    # unsorted column indices within rows, as a column permutation leaves them
    m = d.matrix.tocsr()
    perm = np.random.default_rng(0).permutation(m.shape[1])
    shuffled = sp.csr_matrix(m[:, perm])
    shuffled.has_sorted_indices = False
    d2 = nqp.Dtm(matrix=shuffled, vocab=d.vocab[perm], docs=d.docs)
    before = (shuffled.data.copy(), shuffled.indices.copy(), shuffled.indptr.copy())
    a = nqp.topics(d2, 3, method)
    after = (d2.matrix.data, d2.matrix.indices, d2.matrix.indptr)
    assert all(np.array_equal(x, y) for x, y in zip(before, after))
    b = nqp.topics(d2, 3, method)
    pd.testing.assert_frame_equal(a.topic_terms, b.topic_terms)


@pytest.mark.parametrize("random_state", [None, -1, 1.5, "0", np.random.RandomState(0)])
def test_random_state_is_checked_at_every_boundary(planted, random_state):
    tokens, d = planted
    calls = [
        lambda: nqp.topics(d, 3, random_state=random_state),
        lambda: nqp.topics_scan(d, tokens, ks=[2], random_state=random_state),
        lambda: nqp.TopicModel(k=3, random_state=random_state).fit(d),
    ]
    for call in calls:
        with pytest.raises(NqpError, match="random_state") as info:
            call()
        assert isinstance(info.value, (TypeError, ValueError))
    # topics_scan(random_state=None) was a bare TypeError at ``random_state + s``; now a clear one
    with pytest.raises(NqpTypeError, match=r"random_state=None: nqp needs an integer seed"):
        nqp.topics_scan(d, tokens, ks=[2], random_state=None)


def test_scan_seeds_beyond_the_seed_range_are_refused(planted):
    tokens, d = planted
    with pytest.raises(NqpError, match=r"random_state \+ n_seeds - 1"):
        nqp.topics_scan(d, tokens, ks=[2], n_seeds=3, random_state=2**32 - 2)


# ---------------------------------------------------------------------------------------------
# the estimator as a module-level class: lazy import, pickling, partial_fit, Topics.from_model


def test_import_nqp_does_not_import_sklearn():
    import subprocess
    import sys

    code = (
        "import sys, nqp\n"
        "assert 'sklearn' not in sys.modules, 'import nqp imported scikit-learn'\n"
        "m = nqp.TopicModel\n"
        "assert 'sklearn' in sys.modules and m.__module__ == 'nqp.models.topic_model'\n"
        "import nqp.models\n"
        "assert nqp.models.TopicModel is m and 'TopicModel' in nqp.models.__all__\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_topic_model_pickles(planted):
    import pickle

    tokens, d = planted
    model = nqp.TopicModel(k=4, random_state=0).fit(d)
    again = pickle.loads(pickle.dumps(model))
    assert type(again) is nqp.TopicModel
    np.testing.assert_array_equal(again.transform(d), model.transform(d))


def test_from_model_gives_the_tables_of_topics(planted):
    tokens, d = planted
    res = nqp.topics(d, 4, random_state=0, min_chars=1)
    model = nqp.TopicModel(k=4, random_state=0)
    weights = model.fit_transform(d)
    again = nqp.Topics.from_model(model, d, weights=weights)
    for name in ("topic_terms", "doc_topics", "labels", "docs"):
        pd.testing.assert_frame_equal(getattr(res, name), getattr(again, name))
    assert again.history == res.history and again.k == 4 and again.method == "nmf"
    # without weights: the model's transform, the same numbering (already by share)
    via_transform = nqp.Topics.from_model(model, d, batch_size=7)
    assert via_transform.model is model
    np.testing.assert_allclose(via_transform.doc_topics["weight"], model.transform(d).ravel())
    # a model whose topics are not in share order (as after partial_fit): renumbered, on a copy
    from copy import copy

    reversed_ = copy(model)
    reversed_.order_, reversed_.components_ = model.order_[::-1], model.components_[::-1]
    renumbered = nqp.Topics.from_model(reversed_, d)
    assert renumbered.model is not reversed_ and np.array_equal(reversed_.order_, model.order_[::-1])
    np.testing.assert_array_equal(renumbered.model.order_, model.order_)
    for name in ("topic_terms", "doc_topics", "labels"):
        pd.testing.assert_frame_equal(getattr(via_transform, name), getattr(renumbered, name))
    with pytest.raises(NqpError, match="TopicModel"):
        nqp.Topics.from_model(object(), d)


def _batches(d, size, n_epochs, seed):
    """Row batches as nqp.topics_partial_fit visits them: epochs of a shuffled order, sorted within a batch."""
    rng = np.random.default_rng(seed)
    n = d.shape[0]
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for b in range(-(-n // size)):
            yield np.sort(order[b * size : (b + 1) * size])


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_partial_fit_then_from_model_is_topics_partial_fit(seeds, method):
    """TopicModel.partial_fit over batches + Topics.from_model gives scale's topics_partial_fit tables."""
    articles, tokens, d = seeds
    size, n_epochs = 8, 2
    expected = nqp.topics_partial_fit(d, 3, method, random_state=0, batch_size=size, n_epochs=n_epochs)
    X = nqp.tfidf(d, sublinear_tf=True) if method == "nmf" else d
    model = nqp.TopicModel(k=3, method=method, random_state=0, batch_size=size, total_samples=d.shape[0])
    for rows in _batches(d, size, n_epochs, 0):
        assert model.partial_fit(X.matrix[rows]) is model
    assert np.array_equal(model.order_, np.arange(3))  # the estimator's order until from_model
    got = nqp.Topics.from_model(model, X)
    for name in ("topic_terms", "doc_topics", "labels"):
        pd.testing.assert_frame_equal(getattr(expected, name), getattr(got, name))
    # the result's model numbers topics as its tables do (MiniBatchNMF's transform depends on the rows it
    # solves together, so compare the same batches)
    again = np.vstack([got.model.transform(X.matrix[i : i + size]) for i in range(0, d.shape[0], size)])
    np.testing.assert_array_equal(again.ravel(), got.doc_topics["weight"].to_numpy())
    raw = np.vstack([model.transform(X.matrix[i : i + size]) for i in range(0, d.shape[0], size)])
    by_share = np.argsort(-raw.mean(axis=0), kind="stable")
    assert (got.model is model) == np.array_equal(by_share, np.arange(3))
    np.testing.assert_array_equal(got.model.order_, model.order_[by_share])


def test_partial_fit_first_call_initializes_later_calls_update(planted):
    from sklearn.decomposition import MiniBatchNMF

    tokens, d = planted
    X = nqp.tfidf(d, sublinear_tf=True)
    model = nqp.TopicModel(k=4, random_state=0).partial_fit(X.matrix[:40])
    assert isinstance(model.estimator_, MiniBatchNMF)
    first = model.estimator_
    before = model.components_.copy()
    model.partial_fit(X.matrix[40:])
    assert model.estimator_ is first and not np.allclose(before, model.components_)
    assert model.estimator_.n_steps_ == 2
    # IDF cannot be learned from a batch: counts need weighting="counts" (or TF-IDF rows)
    with pytest.raises(NqpError, match="TF-IDF"):
        nqp.TopicModel(k=4).partial_fit(d)
    counts = nqp.TopicModel(k=4, weighting="counts").partial_fit(d)
    assert counts.components_.shape == (4, d.shape[1])
    with pytest.raises(NqpError, match="vocabulary"):
        model.partial_fit(nqp.dtm(tokens.assign(tokens=[ts + ["外来词"] for ts in tokens["tokens"]])))


# ---------------------------------------------------------------------------------------------
# deprecated names and arguments


@pytest.mark.parametrize(
    "old, new, args",
    [
        ("topic_shares", "topics_shares", lambda res, tokens: (res, "outlet")),
        ("topic_coherence", "topics_coherence", lambda res, tokens: (res, tokens)),
        ("topic_stability", "topics_stability", lambda res, tokens: ([res, res],)),
    ],
)
def test_old_names_warn_and_agree(planted, old, new, args):
    tokens, d = planted
    res = nqp.topics(d, 4)
    with pytest.warns(DeprecationWarning, match=f"nqp.{old} is deprecated.*nqp.{new}"):
        got = getattr(nqp, old)(*args(res, tokens))
    want = getattr(nqp, new)(*args(res, tokens))
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want)
    else:
        assert got == want
    assert old in nqp.__all__ and new in nqp.__all__


def test_old_keyword_result_still_works(planted):
    tokens, d = planted
    res = nqp.topics(d, 4)
    with pytest.warns(DeprecationWarning):
        got = nqp.topic_shares(result=res, by="outlet")
    pd.testing.assert_frame_equal(got, nqp.topics_shares(res, "outlet"))

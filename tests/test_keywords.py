"""Keywords (TF-IDF, TextRank), keyness, collocations, networks and word clouds, on real seed strings."""

from __future__ import annotations

import logging
import math
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import nqp
from nqp.errors import NqpError

# -- small tables of real seed terms ---------------------------------------------------------------
# Token lists as nqp.tokenize returns them for short passages of the seeds (lexicon terms kept whole).
ROWS = [
    # 001: 以科技创新引领现代化产业体系建设,加快形成新质生产力 ...
    ("001", "001-01", "成都日报", 2024, ["科技创新", "引领", "现代化产业体系", "建设", "加快", "形成", "新质生产力",
                                      "新质生产力", "产业", "成都"]),
    # 003: 以重點產業鏈建圈強鏈破題 ... (analysis layer: simplified)
    ("003", "003-01", "每日经济新闻", 2026, ["重点", "产业链", "建圈强链", "破题", "成都", "建圈强链", "子链",
                                        "场景", "场景", "产业"]),
    # 002: 产业建圈强链,共筑成渝地区科技创新 ...
    ("002", "002-01", "羊城晚报", 2024, ["产业", "建圈强链", "共筑", "成渝地区双城经济圈", "科技创新", "重庆",
                                     "重庆", "成都"]),
    # 004: 完善现代化产业体系 打造科技创新策源地
    ("004", "004-01", "科技日报", 2024, ["完善", "现代化产业体系", "打造", "科技创新", "策源地", "高新区",
                                     "高新区", "产业"]),
]


@pytest.fixture()
def small() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["doc_id", "article_id", "outlet", "year", "tokens"])


def _sklearn_top(tokens: list[list[str]], top: int) -> list[list[tuple[str, float]]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda x: x)
    m = vec.fit_transform(tokens).toarray()
    vocab = vec.get_feature_names_out()
    out = []
    for row in m:
        pairs = sorted(((vocab[j], row[j]) for j in np.flatnonzero(row)), key=lambda p: (-p[1], p[0]))
        out.append(pairs[:top])
    return out


# -- dtm ---------------------------------------------------------------------------------------------


def test_dtm_trim_logs_what_it_removed(small, caplog):
    with caplog.at_level(logging.INFO, logger="nqp"):
        d = nqp.dtm(small, min_df=2)
    # terms in at least two of the four rows
    assert list(d.vocab) == sorted(["产业", "成都", "科技创新", "现代化产业体系", "建圈强链"])
    assert "trimmed" in caplog.text and "min_df=2" in caplog.text
    assert "trimmed" in d.history[0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_df": 1.5}, "min_df=1.5"),
        ({"max_df": -1}, "max_df=-1"),
        ({"min_df": 3, "max_df": 2}, "max_df=2"),
        ({"min_df": "2"}, "min_df"),
    ],
)
def test_dtm_rejects_bad_bounds(small, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.dtm(small, **kwargs)


def test_dtm_rejects_strings_as_tokens(small):
    with pytest.raises(NqpError, match="not a list of str"):
        nqp.dtm(small.assign(tokens=["建圈强链 产业"] * len(small)))


@pytest.mark.parametrize("sublinear_tf", [False, True])
@pytest.mark.parametrize("norm", ["l2", "l1", None])
@pytest.mark.parametrize("smooth_idf", [True, False])
def test_tfidf_equals_sklearn(small, sublinear_tf, norm, smooth_idf):
    from sklearn.feature_extraction.text import TfidfTransformer

    d = nqp.dtm(small)
    before = d.matrix.copy()
    w = nqp.tfidf(d, sublinear_tf=sublinear_tf, norm=norm, smooth_idf=smooth_idf)
    ref = TfidfTransformer(norm=norm, sublinear_tf=sublinear_tf, smooth_idf=smooth_idf).fit_transform(d.matrix)
    assert abs(w.matrix - ref).max() < 1e-12  # the same numbers (up to the order of a row sum)
    assert (d.matrix != before).nnz == 0 and d.matrix.dtype == np.int64  # the counts are untouched
    assert list(w.vocab) == list(d.vocab) and "tfidf" in w.history[-1]


def test_tfidf_of_a_hand_made_dtm_leaves_it_alone():
    from nqp.dtm import Dtm

    m = sp.csr_matrix((np.array([1, 2, 3]), np.array([1, 0, 1]), np.array([0, 2, 3])), shape=(2, 2))  # unsorted
    d = Dtm(matrix=m, vocab=np.array(["产业", "成都"], dtype=object), docs=pd.DataFrame({"doc_id": ["a", "b"]}))
    w = nqp.tfidf(d, norm=None)
    assert m.indices.tolist() == [1, 0, 1]
    np.testing.assert_allclose(w.matrix.toarray(), [[2 * nqp.idf(d)[0], nqp.idf(d)[1]], [0, 3 * nqp.idf(d)[1]]])
    with pytest.raises(NqpError, match="norm='max'"):
        nqp.tfidf(d, norm="max")


def test_group_keys_year_from_date_start_and_missing():
    docs = pd.DataFrame({"date_start": pd.to_datetime(["2024-01-25", None, "2026-02-25"]), "outlet": ["a", None, "b"]})
    assert nqp.group_keys(docs, "year").tolist() == ["2024", "(none)", "2026"]
    assert nqp.group_keys(docs, ["outlet", "year"]).tolist() == ["a | 2024", "(none) | (none)", "b | 2026"]
    with pytest.raises(NqpError, match="by='month'"):
        nqp.group_keys(docs, "month")


# -- keywords: TF-IDF ------------------------------------------------------------------------------


def test_keywords_per_row_equal_sklearn_tfidf(small):
    kw = nqp.keywords(small, top=4)
    assert list(kw.columns) == ["group", "term", "score", "rank", "count"]
    expected = _sklearn_top(small["tokens"].tolist(), 4)
    for article_id, pairs in zip(small["article_id"], expected):
        got = kw[kw["group"] == article_id]
        assert got["term"].tolist() == [t for t, _ in pairs]
        np.testing.assert_allclose(got["score"], [s for _, s in pairs])
        assert got["rank"].tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "article_id, first",
    [
        ("001-01", "新质生产力"),  # twice in its row, nowhere else
        ("003-01", "场景"),  # twice, only here; ties with 建圈强链 (twice, but in two rows) are broken by idf
        ("002-01", "重庆"),
        ("004-01", "高新区"),
    ],
)
def test_keywords_top_term_per_article(small, article_id, first):
    kw = nqp.keywords(small, top=1)
    assert kw.set_index("group").loc[article_id, "term"] == first


TERMS = ["新质生产力", "建圈强链", "产业", "成都", "链主", "场景", "重庆", "高新区", "算力", "子链"]


@given(
    docs=st.lists(st.lists(st.sampled_from(TERMS), min_size=0, max_size=25), min_size=1, max_size=8),
    top=st.integers(1, 6),
    method=st.sampled_from(["tfidf", "textrank"]),
)
@settings(max_examples=60, deadline=None)
def test_keywords_invariants(docs, top, method):
    if not any(docs):
        with pytest.raises(NqpError, match="empty"):
            nqp.keywords(pd.DataFrame({"doc_id": ["d0"] * len(docs), "tokens": docs}), method=method)
        return
    rows = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))], "tokens": docs})
    kw = nqp.keywords(rows, top=top, method=method, window=3)
    for group, part in kw.groupby("group"):
        tokens = docs[int(group[1:])]
        assert part["rank"].tolist() == list(range(1, len(part) + 1))
        assert len(part) == min(top, len(set(tokens)))
        assert set(part["term"]) <= set(tokens)
        assert part["count"].tolist() == [tokens.count(t) for t in part["term"]]
        pairs = list(zip(-part["score"], part["term"]))
        assert pairs == sorted(pairs)  # score descending, then term
    assert sorted(kw["group"].unique()) == sorted(f"d{i}" for i, t in enumerate(docs) if t)


def test_keywords_ties_broken_by_term():
    # every term once in one row, same idf: the order is the terms' order
    rows = pd.DataFrame({"doc_id": ["x", "y"], "tokens": [["链主", "建圈强链", "新三样", "东数西算"], ["成都"]]})
    kw = nqp.keywords(rows, top=4)
    assert kw[kw["group"] == "x"]["term"].tolist() == sorted(["链主", "建圈强链", "新三样", "东数西算"])
    assert kw[kw["group"] == "x"]["score"].nunique() == 1


def test_keywords_by_group_of_one_row_is_that_row(small):
    by_row = nqp.keywords(small, top=5)
    by_doc = nqp.keywords(small, "doc_id", top=5)
    ids = dict(zip(small["doc_id"], small["article_id"]))
    by_doc = by_doc.assign(group=by_doc["group"].map(ids))
    pd.testing.assert_frame_equal(by_row, by_doc)


def test_keywords_by_year_groups_and_counts(small):
    kw = nqp.keywords(small.drop(columns="year").assign(date_start=pd.to_datetime(
        ["2024-01-25", "2026-02-25", "2024-08-01", "2024-05-01"])), "year", top=3)
    assert sorted(kw["group"].unique()) == ["2024", "2026"]
    top2026 = kw[kw["group"] == "2026"]
    assert top2026["term"].iloc[0] == "场景" and top2026["count"].iloc[0] == 2
    # counts are the group's totals
    y2024 = kw[kw["group"] == "2024"].set_index("term")
    if "产业" in y2024.index:
        assert y2024.loc["产业", "count"] == 3


def test_keywords_from_dtm_and_weights_agree(small):
    d = nqp.dtm(small)
    a = nqp.keywords(small, top=3)
    b = nqp.keywords(d, top=3)
    c = nqp.keywords(nqp.tfidf(d), top=3)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a.drop(columns="count"), c.drop(columns="count"))
    assert c["count"].isna().all()
    with pytest.raises(NqpError, match="weights"):
        nqp.keywords(nqp.tfidf(d), "outlet")


@pytest.mark.parametrize(
    "top, shape, density, signed",
    [(1, (40, 300), 0.3, False), (3, (40, 300), 0.3, False), (100, (40, 300), 0.3, False),
     (10, (60, 500), 0.1, True), (5, (3000, 3000), 0.0005, False)],
)
@pytest.mark.parametrize("block", [None, 97])
def test_top_per_row_matches_full_sort(top, shape, density, signed, block, monkeypatch):
    if block:  # work through small blocks of rows, as on big matrices
        import sys

        monkeypatch.setattr(sys.modules["nqp.keywords"], "_BLOCK", block)
    rng = np.random.default_rng(top)
    m = sp.random(*shape, density=density, random_state=rng, format="csr")
    m.data = np.round(m.data * 4) / 4 + (-0.5 if signed else 0.25)  # many ties; zeros and negatives if signed
    if shape[0] == 3000:  # one long row of equal values: the exact-sort fallback
        m = sp.vstack([m, sp.csr_matrix(np.full((1, 3000), 0.5))]).tocsr()
    from nqp.keywords import _top_per_row

    rows, cols, vals, ranks, entry = _top_per_row(m, top)
    np.testing.assert_array_equal(m.data[entry], vals)
    # the plain way: every non-zero entry, sorted by row, value descending, column; the first `top` of each row
    c = m.tocoo()
    nz = c.data != 0
    r, j, v = c.row[nz], c.col[nz], c.data[nz]
    order = np.lexsort((j, -v, r))
    r, j = r[order], j[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r) + 1
    np.testing.assert_array_equal(rows, r[rank <= top])
    np.testing.assert_array_equal(cols, j[rank <= top])
    np.testing.assert_array_equal(ranks, rank[rank <= top])


@pytest.mark.parametrize("bad, message", [({"top": 0}, "top=0"), ({"method": "lda"}, "method='lda'"),
                                          ({"by": "region"}, "by='region'")])
def test_keywords_rejects_bad_arguments(small, bad, message):
    with pytest.raises(NqpError, match=message):
        nqp.keywords(small, **bad)


def test_keywords_rejects_a_table_without_tokens():
    with pytest.raises(NqpError, match="'tokens' column"):
        nqp.keywords(pd.DataFrame({"doc_id": ["a"], "text": ["建圈强链"]}))


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_keywords_min_chars_leaves_out_single_characters(method):
    rows = pd.DataFrame({"doc_id": ["001", "003"], "tokens": [["做", "做", "做", "新质生产力", "产业", "做"],
                                                              ["核", "核", "关键子链", "成都"]]})
    all_terms = nqp.keywords(rows, method=method, top=5)
    two = nqp.keywords(rows, method=method, top=5, min_chars=2)
    assert {"做", "核"} <= set(all_terms["term"])
    assert not {"做", "核"} & set(two["term"])
    kept = all_terms[all_terms["term"].str.len() >= 2]
    if method == "tfidf":  # same scores: short terms still count in the normalization
        merged = kept.merge(two, on=["group", "term"])
        np.testing.assert_allclose(merged["score_x"], merged["score_y"])
    assert two.groupby("group")["rank"].apply(list).tolist() == [[1, 2], [1, 2]]
    with pytest.raises(NqpError, match="min_chars=0"):
        nqp.keywords(rows, min_chars=0)


# -- keywords: TextRank ----------------------------------------------------------------------------


def test_textrank_equals_networkx_pagerank(small):
    kw = nqp.keywords(small, "doc_id", method="textrank", top=50, window=3)
    for doc_id, tokens in zip(small["doc_id"], small["tokens"]):
        g = nx.Graph()
        for i, a in enumerate(tokens):
            for b in tokens[i + 1 : i + 3]:
                if a != b:
                    w = g.edges[a, b]["weight"] + 1 if g.has_edge(a, b) else 1
                    g.add_edge(a, b, weight=w)
        pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12)
        best = max(pr.values())
        got = kw[kw["group"] == doc_id].set_index("term")["score"]
        assert set(got.index) == set(pr)
        for term, value in pr.items():
            assert got[term] == pytest.approx(value / best, rel=1e-6)


def test_textrank_ranks_the_hub_first():
    # 产业 links every other term of the passage
    tokens = [["产业", "建圈强链", "产业", "链主", "产业", "子链", "产业", "场景"]]
    kw = nqp.keywords(pd.DataFrame({"doc_id": ["003"], "tokens": tokens}), method="textrank", window=2)
    assert kw["term"].iloc[0] == "产业" and kw["score"].iloc[0] == 1.0
    assert kw["count"].iloc[0] == 4


def test_textrank_needs_tokens_not_dtm(small):
    with pytest.raises(NqpError, match="textrank"):
        nqp.keywords(nqp.dtm(small), method="textrank")


# -- keyness ---------------------------------------------------------------------------------------


def test_keyness_statistics_match_scipy(small):
    k = nqp.keyness(small, "2026", by="year", min_count=1, correction="none")
    A, B = k.attrs["target_total"], k.attrs["reference_total"]
    assert (A, B) == (10, 26)
    for row in k.itertuples():
        table = [[row.target_count, row.reference_count], [A - row.target_count, B - row.reference_count]]
        g2, p, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
        chi2, _, _, _ = chi2_contingency(table, correction=False)
        assert row.g2 == pytest.approx(g2, abs=1e-9)
        assert row.chi2 == pytest.approx(chi2, abs=1e-9)
        assert row.p_value == pytest.approx(p, rel=1e-9)


def test_keyness_log_ratio_with_a_zero_count(small):
    k = nqp.keyness(small, "2026", by="year", min_count=1).set_index("term")
    # 场景: 2 of 10 target tokens, 0 of 26 reference tokens -> 0.5 stands in for the zero
    assert k.loc["场景", "log_ratio"] == pytest.approx(math.log2((2 / 10) / (0.5 / 26)))
    assert k.loc["场景", "direction"] == "target"
    assert k.loc["重庆", "direction"] == "reference"


def test_keyness_order_and_min_count(small, caplog):
    with caplog.at_level(logging.INFO, logger="nqp"):
        k = nqp.keyness(small, "2026", by="year", min_count=2)
    assert ((k["target_count"] + k["reference_count"]) >= 2).all()
    assert "not tested" in caplog.text
    order = k["direction"].map({"target": 0, "reference": 1, "none": 2})
    assert order.is_monotonic_increasing
    for _, part in k.groupby("direction"):
        assert part["g2"].is_monotonic_decreasing


def test_keyness_min_chars_and_style(small):
    rows = small.assign(tokens=[t + ["做"] * 3 if y == 2026 else t for t, y in zip(small["tokens"], small["year"])])
    k = nqp.keyness(rows, "2026", by="year", min_count=1, min_chars=2)
    assert "做" not in set(k["term"]) and k.attrs["target_total"] == 13  # still counted in the totals
    html = nqp.keyness_style(nqp.keyness(rows, "2026", by="year", min_count=1), top=2, significant=False).to_html()
    assert "场景" in html and "log_ratio" in html


@pytest.mark.parametrize(
    "p, method, expected",
    [
        ([0.01, 0.04, 0.03, 0.005], "bh", [0.02, 0.04, 0.04, 0.02]),
        ([0.01, 0.04, 0.03, 0.005], "bonferroni", [0.04, 0.16, 0.12, 0.02]),
        ([0.5, 0.9], "bonferroni", [1.0, 1.0]),
        ([0.01, 0.02], "none", [0.01, 0.02]),
    ],
)
def test_p_adjust_known_values(p, method, expected):
    np.testing.assert_allclose(nqp.p_adjust(p, method), expected)


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_p_adjust_invariants(p):
    p = np.array(p)
    for method in ("bh", "bonferroni"):
        adj = nqp.p_adjust(p, method)
        assert np.all(adj >= p - 1e-15) and np.all(adj <= 1)
        order = np.argsort(p, kind="stable")
        assert np.all(np.diff(adj[order]) >= -1e-12)  # the order of the p-values is kept
    assert np.all(nqp.p_adjust(p, "bh") <= nqp.p_adjust(p, "bonferroni") + 1e-15)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": "2030", "by": "year"}, "no such group"),
        ({"target": "2026", "by": "year", "reference": ["2026", "2024"]}, "overlap"),
        ({"target": "2026", "by": "year", "correction": "holm"}, "correction='holm'"),
        ({"target": "2026", "by": "year", "min_count": 0}, "min_count=0"),
        ({"target": [True, False]}, "boolean mask"),
        ({}, "target"),
    ],
)
def test_keyness_rejects_bad_arguments(small, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.keyness(small, **kwargs)


def test_keyness_against_a_separate_reference(small):
    news, reference = small.iloc[:2], small.iloc[2:]
    k = nqp.keyness(news, reference=reference, min_count=1)
    joint = nqp.keyness(small, np.array([True, True, False, False]), min_count=1)
    pd.testing.assert_frame_equal(k, joint)


def test_keyness_mask_target(small):
    mask = (small["outlet"] == "每日经济新闻").to_numpy()
    a = nqp.keyness(small, mask, min_count=1)
    b = nqp.keyness(small, "每日经济新闻", by="outlet", min_count=1)
    pd.testing.assert_frame_equal(a, b)


# -- collocations ----------------------------------------------------------------------------------


def test_collocations_counts_pmi_and_g2_by_hand():
    # 新质生产力 and 加快 next to each other twice, in two sentences of 001
    tokens = pd.DataFrame({"doc_id": ["001", "001b"], "tokens": [["加快", "新质生产力", "产业"],
                                                                 ["加快", "新质生产力", "成都", "产业"]]})
    c = nqp.collocations(tokens, window=2, min_count=1)
    row = c[(c["term1"] == "加快") & (c["term2"] == "新质生产力")].iloc[0]
    # adjacent pairs: (加快,新质生产力)x2, (新质生产力,产业), (新质生产力,成都), (成都,产业): 5 pairs, n = 10 ends
    assert (row["count"], row["count1"], row["count2"], row["n"]) == (2, 2, 4, 10)
    assert row["pmi"] == pytest.approx(math.log2(2 * 10 / (2 * 4)))
    table = [[2, 0], [2, 6]]
    assert row["g2"] == pytest.approx(chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert (c["term1"] < c["term2"]).all()
    assert c["g2"].is_monotonic_decreasing


def test_collocations_within_sentences_of_a_long_table():
    long = pd.DataFrame(
        {
            "doc_id": ["003"] * 7,
            "article_id": ["003-01"] * 7,
            "sentence": [0, 0, 0, 1, 1, 2, 2],
            "position": [0, 1, 2, 0, 1, 0, 1],
            "token": ["建圈强链", "产业链", "成都", "建圈强链", "产业链", "场景", "成都"],
        }
    )
    c = nqp.collocations(long, window=None, min_count=1)
    row = c[(c["term1"] == "产业链") & (c["term2"] == "建圈强链")].iloc[0]
    assert (row["count"], row["count1"], row["count2"], row["n"]) == (2, 2, 2, 3)
    assert row["pmi"] == pytest.approx(math.log2(2 * 3 / 4))
    # windows never cross a sentence: 成都 (end of sentence 0) and 建圈强链 (start of sentence 1) are not paired
    w = nqp.collocations(long, window=2, min_count=1)
    assert not ((w["term1"] == "建圈强链") & (w["term2"] == "成都")).any()


def test_collocations_of_a_term_put_it_first(small):
    c = nqp.collocations(small, window=5, term="建圈强链", min_count=1)
    assert (c["term1"] == "建圈强链").all() and len(c) > 0
    full = nqp.collocations(small, window=5, min_count=1)
    pairs = full[(full["term1"] == "建圈强链") | (full["term2"] == "建圈强链")]
    assert len(pairs) == len(c)
    assert nqp.collocations(small, term="不存在的词").empty


def test_collocations_ordered():
    tokens = pd.DataFrame({"doc_id": ["a"], "tokens": [["成渝地区双城经济圈", "建设", "成渝地区双城经济圈", "建设"]]})
    c = nqp.collocations(tokens, window=2, ordered=True, min_count=1)
    got = {(r.term1, r.term2): r.count for r in c.itertuples()}
    assert got == {("成渝地区双城经济圈", "建设"): 2, ("建设", "成渝地区双城经济圈"): 1}


@pytest.mark.parametrize("kwargs, message", [({"window": 1}, "window=1"), ({"sort": "dice"}, "sort='dice'"),
                                             ({"window": None, "ordered": True}, "ordered")])
def test_collocations_rejects_bad_arguments(small, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.collocations(small, **kwargs)


def test_cooccurrence_network_and_figure(small):
    g = nqp.cooccurrence_network(small, "产业", window=4, top=5, min_count=1)
    assert "产业" in g and g.nodes["产业"]["center"]
    assert g.number_of_nodes() <= 6 and g.number_of_edges() >= 5
    assert all({"count", "pmi", "g2"} <= set(data) for _, _, data in g.edges(data=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = nqp.textplot_network(g)
        fig.canvas.draw()
    import matplotlib.pyplot as plt

    plt.close(fig)
    assert nqp.cooccurrence_network(small, "不存在的词").number_of_nodes() == 0


# -- figures ---------------------------------------------------------------------------------------


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_wordcloud_is_seeded_and_per_group(small):
    import matplotlib.pyplot as plt

    fig1, axes1 = nqp.textplot_wordcloud(small, "outlet", top=20, random_state=3)
    fig2, _ = nqp.textplot_wordcloud(small, "outlet", top=20, random_state=3)
    assert [ax.get_title() for ax in axes1.ravel()] == sorted(small["outlet"])
    assert np.array_equal(_pixels(fig1), _pixels(fig2))
    fig3, _ = nqp.textplot_wordcloud(nqp.keywords(small, "outlet", top=5), top=5, random_state=3, min_chars=2)
    for f in (fig1, fig2, fig3):
        plt.close(f)


def test_keyness_figure(small):
    import matplotlib.pyplot as plt

    k = nqp.keyness(small, "2026", by="year", min_count=1)
    fig, ax = nqp.textplot_keyness(k, top=5)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "场景" in labels and "重庆" in labels
    plt.close(fig)


# -- jieba's own extractor -------------------------------------------------------------------------


def test_keywords_jieba_leaves_the_global_tokenizer_alone():
    import jieba

    before = jieba.dt.initialized
    arts = pd.DataFrame({"doc_id": ["001"], "text": ["以科技创新引领现代化产业体系建设,加快形成新质生产力。新质生产力是关键词。"]})
    kw = nqp.keywords_jieba(arts, top=10)
    assert jieba.dt.initialized == before
    assert list(kw.columns) == ["group", "term", "score", "rank", "count"]
    # jieba's plain dictionary splits the slogan: 新质生产力 is not one of its words
    assert "新质生产力" not in set(kw["term"]) and "生产力" in set(kw["term"])


def test_keywords_overlap():
    a = pd.DataFrame({"group": ["x"] * 3, "term": ["新质生产力", "产业", "成都"], "rank": [1, 2, 3]})
    b = pd.DataFrame({"group": ["x", "x", "y"], "term": ["生产力", "产业", "重庆"], "rank": [1, 2, 1]})
    o = nqp.keywords_overlap(a, b).set_index("group")
    assert o.loc["x", "shared"] == 1 and o.loc["x", "jaccard"] == pytest.approx(1 / 4)
    assert o.loc["x", "only_a"] == ["新质生产力", "成都"] and o.loc["y", "n_a"] == 0


# -- on the seeds ----------------------------------------------------------------------------------


def _pipeline(corpus):
    """Articles and tokens of the seeds."""
    arts = nqp.clean(corpus).articles
    return arts, nqp.tokenize(arts)


@pytest.fixture(scope="module")
def seed_tokens(corpus):
    return _pipeline(corpus)


def test_seed_keyness_has_exemplars_in_the_original_script(seed_tokens):
    arts, tokens = seed_tokens
    k = nqp.keyness(tokens, "2026", by="year", articles=arts)
    key = k[k["significant"]]
    assert len(key) > 0 and key["exemplar"].notna().all()
    texts = arts.set_index("article_id")
    for row in key.itertuples():
        art = texts.loc[row.exemplar_article_id]
        assert art["text_orig"][row.exemplar_start : row.exemplar_end] == row.exemplar
        assert row.term in art["text"][row.exemplar_start : row.exemplar_end]
    # 2026 is the traditional-script repost (003): its exemplars are quoted in traditional script
    target = key[key["direction"] == "target"]
    assert target["exemplar_doc_id"].str.startswith("003").all()
    assert target["exemplar"].str.contains("產業|發展|鏈|會|為").any()


def test_seed_tables_are_deterministic(seed_tokens):
    arts, tokens = seed_tokens
    for f in (
        lambda: nqp.keywords(tokens, "outlet", top=15),
        lambda: nqp.keywords(tokens, "doc_id", method="textrank", top=15),
        lambda: nqp.keyness(tokens, "2026", by="year", articles=arts),
        lambda: nqp.collocations(tokens, window=5),
    ):
        pd.testing.assert_frame_equal(f(), f())


def test_seed_collocations_find_the_slogans(seed_tokens):
    _, tokens = seed_tokens
    if not callable(getattr(nqp, "tokenize", None)):
        pytest.skip("needs nqp.tokenize (its lexicon keeps 建圈强链 whole)")
    c = nqp.collocations(tokens, window=5, term="建圈强链", min_count=2)
    assert len(c) > 0 and (c["term1"] == "建圈强链").all()
    assert c["count"].max() >= 2


# -- command line ----------------------------------------------------------------------------------


def test_cli_keywords_by_outlet(seeds_path, capsys, tmp_path):
    from nqp.cli import main

    assert main(["keywords", str(seeds_path), "--by", "outlet", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "科技日报" in out and "羊城晚报" in out and "rank" in out
    target = tmp_path / "kw.csv"
    assert main(["keywords", str(seeds_path), "--by", "doc_id", "--top", "2", "--out", str(target)]) == 0
    table = pd.read_csv(target)
    assert list(table.columns) == ["group", "term", "score", "rank", "count"]
    assert table.groupby("group").size().max() == 2 and table["group"].nunique() == 5


def test_cli_keywords_bad_column_is_one_line(seeds_path, capsys):
    from nqp.cli import main

    assert main(["keywords", str(seeds_path), "--by", "region"]) == 2
    err = capsys.readouterr().err
    assert "by='region'" in err and "Traceback" not in err

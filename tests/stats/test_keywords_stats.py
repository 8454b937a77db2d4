"""Keywords (TF-IDF, TextRank) and jieba's extractor beside them, on real seed strings."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp.errors import NqpError


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


def test_keywords_per_row_equal_sklearn_tfidf(small_tokens):
    kw = nqp.keywords(small_tokens, top=4)
    assert list(kw.columns) == ["group", "term", "score", "rank", "count"]
    expected = _sklearn_top(small_tokens["tokens"].tolist(), 4)
    for article_id, pairs in zip(small_tokens["article_id"], expected):
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
def test_keywords_top_term_per_article(small_tokens, article_id, first):
    kw = nqp.keywords(small_tokens, top=1)
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


def test_keywords_by_group_of_one_row_is_that_row(small_tokens):
    by_row = nqp.keywords(small_tokens, top=5)
    by_doc = nqp.keywords(small_tokens, "doc_id", top=5)
    ids = dict(zip(small_tokens["doc_id"], small_tokens["article_id"]))
    by_doc = by_doc.assign(group=by_doc["group"].map(ids))
    pd.testing.assert_frame_equal(by_row, by_doc)


def test_keywords_by_year_groups_and_counts(small_tokens):
    dated = small_tokens.drop(columns="year").assign(date_start=pd.to_datetime(
        ["2024-01-25", "2026-02-25", "2024-08-01", "2024-05-01"]))
    kw = nqp.keywords(dated, "year", top=3)
    assert sorted(kw["group"].unique()) == ["2024", "2026"]
    top2026 = kw[kw["group"] == "2026"]
    assert top2026["term"].iloc[0] == "场景" and top2026["count"].iloc[0] == 2
    # counts are the group's totals: 产业 is once in each of the three 2024 rows; being in every row of
    # the corpus (the lowest IDF) it is not among the top 3, but it is among the top 10
    assert "产业" not in set(kw[kw["group"] == "2024"]["term"])
    y2024 = nqp.keywords(dated, "year", top=10).query("group == '2024'").set_index("term")
    assert y2024.loc["产业", "count"] == 3 and y2024.loc["产业", "rank"] > 3


def test_keywords_from_dtm_and_weights_agree(small_tokens):
    d = nqp.dtm(small_tokens)
    a = nqp.keywords(small_tokens, top=3)
    b = nqp.keywords(d, top=3)
    c = nqp.keywords(nqp.tfidf(d), top=3)
    pd.testing.assert_frame_equal(a, b)
    # the same numbers to the last bit: keywords weighs with nqp.tfidf itself
    pd.testing.assert_frame_equal(a.drop(columns="count"), c.drop(columns="count"), check_exact=True)
    assert c["count"].isna().all()
    with pytest.raises(NqpError, match="weights"):
        nqp.keywords(nqp.tfidf(d), "outlet")


@pytest.mark.parametrize("bad, message", [({"top": 0}, "top=0"), ({"method": "lda"}, "method='lda'"),
                                          ({"by": "region"}, "by='region'")])
def test_keywords_rejects_bad_arguments(small_tokens, bad, message):
    with pytest.raises(NqpError, match=message):
        nqp.keywords(small_tokens, **bad)


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


def test_textrank_equals_networkx_pagerank(small_tokens):
    kw = nqp.keywords(small_tokens, "doc_id", method="textrank", top=50, window=3)
    for doc_id, tokens in zip(small_tokens["doc_id"], small_tokens["tokens"]):
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


def test_textrank_needs_tokens_not_dtm(small_tokens):
    with pytest.raises(NqpError, match="textrank"):
        nqp.keywords(nqp.dtm(small_tokens), method="textrank")


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
    assert "--by 'region'" in err and "Traceback" not in err  # the option, not the Python parameter

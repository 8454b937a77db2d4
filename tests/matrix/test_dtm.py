"""The document-term matrix: nqp.dtm, dtm_trim, tfidf, idf, group_keys, on real seed terms."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import nqp
from nqp.errors import NqpError


def test_dtm_trim_logs_what_it_removed(small_tokens, caplog):
    with caplog.at_level(logging.INFO, logger="nqp"):
        d = nqp.dtm(small_tokens, min_df=2)
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
def test_dtm_rejects_bad_bounds(small_tokens, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.dtm(small_tokens, **kwargs)


def test_dtm_rejects_strings_as_tokens(small_tokens):
    with pytest.raises(NqpError, match="not a list of str"):
        nqp.dtm(small_tokens.assign(tokens=["建圈强链 产业"] * len(small_tokens)))


@pytest.mark.parametrize("sublinear_tf", [False, True])
@pytest.mark.parametrize("norm", ["l2", "l1", None])
@pytest.mark.parametrize("smooth_idf", [True, False])
def test_tfidf_equals_sklearn(small_tokens, sublinear_tf, norm, smooth_idf):
    from sklearn.feature_extraction.text import TfidfTransformer

    d = nqp.dtm(small_tokens)
    before = d.matrix.copy()
    w = nqp.tfidf(d, sublinear_tf=sublinear_tf, norm=norm, smooth_idf=smooth_idf)
    ref = TfidfTransformer(norm=norm, sublinear_tf=sublinear_tf, smooth_idf=smooth_idf).fit_transform(d.matrix)
    assert abs(w.matrix - ref).max() < 1e-12  # the same numbers (up to the order of a row sum)
    assert (d.matrix != before).nnz == 0 and d.matrix.dtype == np.int64  # the counts are untouched
    assert list(w.vocab) == list(d.vocab) and "tfidf" in w.history[-1]


@pytest.mark.parametrize("norm", ["l2", "l1"])
@pytest.mark.parametrize("block", [1, 7, 1 << 22])
def test_rows_normalized_in_blocks_as_sklearn_does(norm, block):
    # rows of every length, empty rows among them, cut into blocks of any size: scikit-learn's numbers exactly
    from sklearn.preprocessing import normalize

    from nqp.matrix import _normalize_rows

    x = sp.random(120, 40, density=0.08, format="csr", random_state=3, dtype=np.float64)
    x.data = np.round(x.data * 20) + 1.0
    keep = np.ones(120)
    keep[5:9] = 0
    x = sp.csr_matrix(sp.diags(keep) @ x)
    x.eliminate_zeros()
    assert (np.diff(x.indptr) == 0).any()
    ours = x.copy()
    _normalize_rows(ours, norm, block=block)
    assert np.array_equal(ours.toarray(), normalize(x, norm=norm).toarray())


def test_tfidf_of_a_hand_made_dtm_leaves_it_alone():
    from nqp.matrix import Dtm

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


def test_dtm_trim_by_count_and_document_frequency(small_tokens, caplog):
    from collections import Counter

    d = nqp.dtm(small_tokens)
    counts = Counter(t for row in small_tokens["tokens"] for t in row)
    rows_with = Counter(t for row in small_tokens["tokens"] for t in set(row))
    with caplog.at_level(logging.INFO, logger="nqp"):
        t = nqp.dtm_trim(d, min_count=3)
    assert list(t.vocab) == sorted(w for w, c in counts.items() if c >= 3)
    assert "trimmed" in caplog.text and "min_count=3" in caplog.text
    assert t.history[-1].startswith("dtm_trim(min_count=3") and f"removed {len(d.vocab) - len(t.vocab)} terms" in t.history[-1]
    # min_df / max_df: the same rule as nqp.dtm's (one implementation)
    both = nqp.dtm_trim(d, min_df=2, max_df=3)
    assert list(both.vocab) == sorted(w for w, n in rows_with.items() if 2 <= n <= 3)
    assert list(both.vocab) == list(nqp.dtm(small_tokens, min_df=2, max_df=3).vocab)
    np.testing.assert_array_equal(both.matrix.toarray(), nqp.dtm(small_tokens, min_df=2, max_df=3).matrix.toarray())
    with pytest.raises(NqpError, match="no terms remain"):
        nqp.dtm_trim(d, min_count=100)
    with pytest.raises(NqpError, match="min_count=0"):
        nqp.dtm_trim(d, min_count=0)


@pytest.mark.parametrize(
    "n_docs, min_df, max_df, expected",
    [(10, 1, 1.0, (1, 10.0)), (10, 0.2, 0.9, (2.0, 9.0)), (10, 3, 7, (3, 7)), (4, 0.5, 0.5, (2.0, 2.0))],
)
def test_df_bounds(n_docs, min_df, max_df, expected):
    assert nqp.df_bounds(n_docs, min_df, max_df) == pytest.approx(expected)


def test_df_bounds_rejects(small_tokens):
    with pytest.raises(NqpError, match="max_df=0.1"):
        nqp.df_bounds(10, 3, 0.1)
    with pytest.raises(TypeError, match="min_df"):  # an NqpTypeError is also a TypeError
        nqp.df_bounds(10, True, 1.0)


def test_tfidf_with_the_idf_of_other_rows(small_tokens):
    d = nqp.dtm(small_tokens)
    g = nqp.dtm_group(d, "year")
    w = nqp.tfidf(g, idf=nqp.idf(d))
    # by hand: the group's summed counts times the IDF over the four rows, each row scaled to length 1
    n = len(small_tokens)
    rows_with = np.array([sum(t in row for row in small_tokens["tokens"]) for t in d.vocab])
    expected = g.matrix.toarray() * (np.log((1 + n) / (1 + rows_with)) + 1)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(w.matrix.toarray(), expected, rtol=1e-12)
    assert w.history[-1].endswith("idf given)")
    # entry i of the weights is the weight of entry i of the counts
    np.testing.assert_array_equal(w.matrix.indices, g.matrix.indices)
    with pytest.raises(NqpError, match="one value per term"):
        nqp.tfidf(g, idf=nqp.idf(d)[:-1])


def test_short_terms():
    vocab = np.array(["做", "产业", "新质生产力", "核"], dtype=object)
    assert nqp.short_terms(vocab, 1).tolist() == [False] * 4
    assert nqp.short_terms(vocab, 2).tolist() == [True, False, False, True]
    assert nqp.short_terms(vocab, 3).tolist() == [True, True, False, True]
    with pytest.raises(NqpError, match="min_chars=0"):
        nqp.short_terms(vocab, 0)

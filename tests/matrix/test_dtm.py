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

"""nqp.dtm counts without scikit-learn: the matrix CountVectorizer(analyzer=identity) gives, entry for entry.

The reference is scikit-learn's own CountVectorizer, called in the test, on generated token lists, on the
seeds' tokens, and with fixed vocabularies; the comparison covers the column numbering, each row's entries
in their stored order, the counts and the vocabulary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

import nqp
from nqp import matrix as M
from nqp.errors import NqpError


def _sklearn(docs, vocabulary=None):
    vec = CountVectorizer(analyzer=M.identity, vocabulary=vocabulary, dtype=np.int64, lowercase=False)
    x = vec.fit_transform(docs)
    vocab = np.empty(len(vec.vocabulary_), dtype=object)
    vocab[list(vec.vocabulary_.values())] = list(vec.vocabulary_)
    return x.tocsr(), vocab


def _same(got, want):
    (m, v), (x, w) = got, want
    assert list(v) == list(w)
    assert m.shape == x.shape
    assert m.indptr.tolist() == x.indptr.tolist()
    assert m.indices.tolist() == x.indices.tolist()  # stored order too, not only the values
    assert m.data.tolist() == x.data.tolist() and m.data.dtype == np.int64


TERMS = st.sampled_from(["新质", "生产力", "发展", "的", "a", "B", "建圈强链", "２０", "x y"])


@pytest.mark.parametrize("block", [1, 5, 1 << 19])
@settings(max_examples=100, deadline=None)
@given(docs=st.lists(st.lists(TERMS, max_size=12), min_size=1, max_size=9).filter(lambda d: any(d)))
def test_counts_equal_countvectorizer(block, docs):
    old = M._BLOCK
    M._BLOCK = block
    try:
        _same(M._count(pd.Series(docs, dtype=object)), _sklearn(docs))
        fixed = ["生产力", "的", "新质", "zzz"]  # unsorted, with a term no document holds
        _same(M._count(pd.Series(docs, dtype=object), fixed), _sklearn(docs, fixed))
    finally:
        M._BLOCK = old


def test_seed_tokens_and_the_public_dtm(articles):
    tokens = nqp.tokenize(articles)
    _same(M._count(tokens["tokens"]), _sklearn(list(tokens["tokens"])))
    d = nqp.dtm(tokens)
    x, vocab = _sklearn(list(tokens["tokens"]))
    assert list(d.vocab) == list(vocab) and (d.matrix != x).nnz == 0
    some = sorted(vocab[:50].tolist(), reverse=True)
    d = nqp.dtm(tokens, vocabulary=some)
    x, _ = _sklearn(list(tokens["tokens"]), some)
    assert list(d.vocab) == sorted(some) and (d.matrix != x[:, np.argsort(some)]).nnz == 0


def test_vocabulary_forms_and_errors():
    tok = pd.DataFrame({"doc_id": ["a", "b"], "tokens": [["新质", "生产力", "新质"], ["生产力"]]})
    by_set = nqp.dtm(tok, vocabulary={"生产力", "新质"})
    by_map = nqp.dtm(tok, vocabulary={"新质": 1, "生产力": 0})
    for d in (by_set, by_map):
        assert list(d.vocab) == ["新质", "生产力"] and d.matrix.toarray().tolist() == [[2, 1], [0, 1]]
    with pytest.raises(NqpError, match="given twice"):
        nqp.dtm(tok, vocabulary=["新质", "新质"])
    with pytest.raises(NqpError, match="columns 0 to 1"):
        nqp.dtm(tok, vocabulary={"新质": 0, "生产力": 2})
    with pytest.raises(NqpError, match="it is empty"):
        nqp.dtm(tok, vocabulary=[])
    with pytest.raises(NqpError, match="empty vocabulary"):
        nqp.dtm(pd.DataFrame({"doc_id": ["a"], "tokens": [[]]}))


def test_the_first_dtm_imports_no_scikit_learn():
    import subprocess
    import sys

    code = ("import sys, pandas as pd, nqp\n"
            "nqp.dtm(pd.DataFrame({'doc_id': ['a'], 'tokens': [['新质', '生产力']]}))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout

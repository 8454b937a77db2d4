"""Topic models fitted batch by batch on a large Dtm (:func:`topics_partial_fit`)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validate import check_choice, check_int, check_random_state
from ..errors import NqpError, NqpTypeError
from ..progress import progress_bar

log = logging.getLogger(__name__)

__all__ = ["topics_partial_fit"]


def topics_partial_fit(
    d,
    k: int,
    method: str = "nmf",
    random_state: int = 0,
    *,
    batch_size: int = 4096,
    n_epochs: int = 3,
    n_terms: int = 20,
    progress=None,
):
    """Fit a topic model batch by batch (``partial_fit``) on a large :class:`nqp.Dtm`; return :class:`nqp.Topics`.

    ``method="nmf"``: scikit-learn's ``MiniBatchNMF`` on sublinear TF-IDF weights (as ``nqp.topics``
    weights NMF); ``"lda"``: ``LatentDirichletAllocation(learning_method="online", n_jobs=1)`` on
    counts. Rows are visited in ``n_epochs`` passes of batches of ``batch_size`` rows, shuffled by
    ``random_state`` (so the same input and seed give the same topics). Only one batch is densified
    by scikit-learn at a time. Topics are numbered by share (1 = largest), as in ``nqp.topics``; the
    result has ``topic_terms``, ``doc_topics``, ``labels`` (no exemplars: pass its topics to
    ``nqp.topic_exemplars`` with articles that fit in memory) and ``model`` (the scikit-learn
    estimator).
    """
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    from ..dtm import Dtm, tfidf

    # to become TopicModel.partial_fit and Topics.from_model (public) at merge
    from ..topics import (
        EXEMPLAR_COLUMNS,
        Topics,
        _doc_topics,
        _labels,
        _normalize_rows,
        _topic_terms,
    )

    if not isinstance(d, Dtm):
        raise NqpTypeError(f"d: expected an nqp.Dtm (from nqp.dtm or nqp.dtm_parquet), got {type(d).__name__}.")
    check_choice("method", method, ("nmf", "lda"))
    k = check_int("k", k, min=2, max=min(d.shape))
    batch_size = check_int("batch_size", batch_size, min=1)
    n_epochs = check_int("n_epochs", n_epochs, min=1)
    random_state = check_random_state(random_state)
    if method == "lda" and d.matrix.dtype.kind == "f":
        raise NqpError("d: LDA needs counts, but this Dtm holds weights (after nqp.tfidf?). Pass the count Dtm.")
    X = d.matrix
    if method == "nmf":
        # nqp.tfidf: scikit-learn's sublinear TF-IDF numbers, sharing the counts' index arrays (only the
        # weights take new memory; TfidfTransformer would copy the matrix twice)
        X = X if X.dtype.kind == "f" else tfidf(d, sublinear_tf=True).matrix
        est = MiniBatchNMF(n_components=k, init="nndsvda", batch_size=batch_size, random_state=random_state)
    else:
        est = LatentDirichletAllocation(n_components=k, learning_method="online", batch_size=batch_size,
                                        random_state=random_state, n_jobs=1, total_samples=X.shape[0])
    if X.dtype != np.float64:  # LDA's counts: float weights over the same index arrays, no copy of those
        X = sp.csr_matrix((X.data.astype(np.float64), X.indices, X.indptr), shape=X.shape, copy=False)
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    n_batches = -(-n // batch_size)
    bar = progress_bar(total=n_epochs * n_batches, progress=progress, desc=f"topics ({method}, k={k})", unit="batch")
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for b in range(n_batches):
            rows = np.sort(order[b * batch_size : (b + 1) * batch_size])
            batch = X[rows]
            batch.sort_indices()
            est.partial_fit(batch)
            bar.update(1)
    bar.close()
    weights = np.vstack([est.transform(X[i : i + batch_size]) for i in range(0, n, batch_size)])
    weights = _normalize_rows(weights)
    share = weights.mean(axis=0)
    order = np.lexsort((np.arange(k), -np.round(share, 12)))
    weights = weights[:, order]
    components = _normalize_rows(est.components_)[order]
    vocab = np.asarray(d.vocab, dtype=object)
    note = f"topics_partial_fit({method}, k={k}, random_state={random_state}, batch_size={batch_size}, n_epochs={n_epochs})"
    return Topics(
        topic_terms=_topic_terms(components, vocab, n_terms),
        doc_topics=_doc_topics(weights, d.docs),
        labels=_labels(components, vocab, weights),
        exemplars=pd.DataFrame(columns=EXEMPLAR_COLUMNS),
        docs=d.docs,
        model=est,
        method=method,
        k=k,
        random_state=random_state,
        history=tuple(d.history) + (note,),
    )

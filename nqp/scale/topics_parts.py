"""Topic models fitted batch by batch on a large Dtm (:func:`topics_partial_fit`)."""

from __future__ import annotations

import logging

import numpy as np

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
    ``nqp.topics_exemplars`` with articles that fit in memory) and ``model`` (the fitted
    :class:`nqp.TopicModel`). It is :meth:`nqp.TopicModel.partial_fit` over the batches, then
    :meth:`nqp.Topics.from_model`: the in-memory and batch paths share every step after the fit.
    """
    from ..matrix import Dtm, tfidf
    from ..models import Topics, TopicModel

    if not isinstance(d, Dtm):
        raise NqpTypeError(f"d: expected an nqp.Dtm (from nqp.dtm or nqp.dtm_parquet), got {type(d).__name__}.")
    check_choice("method", method, ("nmf", "lda"))
    k = check_int("k", k, min=2, max=min(d.shape))
    batch_size = check_int("batch_size", batch_size, min=1)
    n_epochs = check_int("n_epochs", n_epochs, min=1)
    random_state = check_random_state(random_state)
    if method == "lda" and d.matrix.dtype.kind == "f":
        raise NqpError("d: LDA needs counts, but this Dtm holds weights (after nqp.tfidf?). Pass the count Dtm.")
    # NMF weighs documents as nqp.topics does: sublinear TF-IDF (nqp.tfidf shares the counts' index
    # arrays; only the weights take new memory)
    X = tfidf(d, sublinear_tf=True) if method == "nmf" and d.matrix.dtype.kind != "f" else d
    model = TopicModel(k, method, random_state, batch_size=batch_size, total_samples=X.shape[0])
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    n_batches = -(-n // batch_size)
    bar = progress_bar(total=n_epochs * n_batches, progress=progress, desc=f"topics ({method}, k={k})", unit="batch")
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for b in range(n_batches):
            model.partial_fit(X.matrix[np.sort(order[b * batch_size : (b + 1) * batch_size])])
            bar.update(1)
    bar.close()
    note = f"topics_partial_fit({method}, k={k}, random_state={random_state}, batch_size={batch_size}, n_epochs={n_epochs})"
    return Topics.from_model(model, X, n_terms=n_terms, note=note)

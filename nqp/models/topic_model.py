"""``TopicModel``: NMF or LDA on a :class:`~nqp.Dtm` as a scikit-learn estimator, topics numbered by share.

This file imports scikit-learn. ``import nqp`` does not import it: ``nqp.TopicModel`` and
``nqp.models.TopicModel`` load this module on first use (PEP 562 ``__getattr__``), so worker
processes that only clean and tokenize never pay for scikit-learn.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted

from .._validate import check_choice, check_int, check_random_state
from ..matrix import Dtm
from ..errors import NqpTypeError, NqpValueError
from ._common import MINIBATCH_FROM, _check_k, _check_method, normalize_rows, share_order

log = logging.getLogger(__name__)

__all__ = ["TopicModel"]


class TopicModel(TransformerMixin, BaseEstimator):
    """A scikit-learn estimator: NMF or LDA on an :class:`~nqp.Dtm`, topics ordered by share.

    ``fit(dtm)`` weights the counts (NMF: TF-IDF by default; LDA: raw counts), fits the scikit-learn
    model and numbers the topics by their share of the corpus. ``transform(dtm)`` returns the
    document-topic weights (rows sum to 1, or 0 for a document with no known term) for a Dtm over the
    same vocabulary. ``partial_fit(X)`` learns batch by batch (MiniBatchNMF or online LDA): the first
    call initializes, later calls update; the topics then stay in the estimator's order until
    :meth:`nqp.Topics.from_model` numbers them by share over the whole Dtm.

    Fitted attributes: ``estimator_`` (the scikit-learn model), ``vocab_``, ``components_`` (topics x
    terms, each row sums to 1), ``order_`` (the model's component index of each topic), ``idf_`` (NMF
    with TF-IDF only), ``n_features_in_``. ``total_samples``: online LDA's corpus size for
    ``partial_fit`` (None: scikit-learn's default).
    """

    def __init__(
        self,
        k: int = 10,
        method: str = "nmf",
        random_state: int = 0,
        *,
        weighting: str | None = None,
        init: str | None = None,
        max_iter: int | None = None,
        minibatch: bool | None = None,
        batch_size: int = 2048,
        total_samples: int | None = None,
    ):
        self.k = k
        self.method = method
        self.random_state = random_state
        self.weighting = weighting
        self.init = init
        self.max_iter = max_iter
        self.minibatch = minibatch
        self.batch_size = batch_size
        self.total_samples = total_samples

    # -- internals -----------------------------------------------------------------------------
    def _weighting(self) -> str:
        weighting = self.weighting or ("tfidf" if self.method == "nmf" else "counts")
        check_choice("weighting", weighting, ("tfidf", "counts"))
        if self.method == "lda" and weighting != "counts":
            raise NqpValueError("weighting: LDA models counts; use weighting='counts' (or None) with method='lda'.")
        return weighting

    def _check_vocab(self, X) -> None:
        if isinstance(X, Dtm) and self.vocab_ is not None and not np.array_equal(np.asarray(X.vocab), self.vocab_):
            raise NqpValueError(
                "X: this Dtm has another vocabulary than the one the model was fitted on; build it with "
                "nqp.dtm(tokens, vocabulary=model.vocab_)."
            )

    def _matrix(self, X, fitting: bool, partial: bool = False) -> sp.csr_matrix:
        if isinstance(X, Dtm):
            matrix = X.matrix
        elif sp.issparse(X) or isinstance(X, np.ndarray):
            matrix = sp.csr_matrix(X)
        else:
            raise NqpTypeError(f"X: expected an nqp.Dtm or a sparse matrix, got {type(X).__name__}.")
        if matrix.dtype.kind == "f" and self.method == "lda":
            raise NqpValueError(
                "dtm: LDA needs counts, but this Dtm holds weights (after nqp.tfidf?). Pass the count Dtm."
            )
        if fitting:
            self._input_weights_ = matrix.dtype.kind == "f"
        if self._weighting() == "tfidf" and not self._input_weights_:
            from sklearn.feature_extraction.text import TfidfTransformer

            if partial:
                raise NqpValueError(
                    "X: partial_fit cannot learn TF-IDF weights from one batch; pass TF-IDF rows (batches of "
                    "nqp.tfidf(dtm, sublinear_tf=True), as nqp.topics weights NMF) or weighting='counts'."
                )
            if fitting:
                self._tfidf_ = TfidfTransformer(sublinear_tf=True).fit(matrix)
                self.idf_ = self._tfidf_.idf_
            matrix = self._tfidf_.transform(matrix)
        # a full copy: scipy may share the index arrays with the Dtm, and scikit-learn sorts them in place
        out = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
        out.sort_indices()
        return out

    def _make_estimator(self, n_docs: int, partial: bool = False):
        """The scikit-learn model; for ``partial_fit`` always the minibatch one, with scikit-learn's own
        ``max_iter`` unless one is given (MiniBatchNMF's transform iterates up to it)."""
        random_state = check_random_state(self.random_state)
        batch_size = check_int("batch_size", self.batch_size, min=1)
        max_iter = check_int("max_iter", self.max_iter, min=1, allow_none=True)
        minibatch = partial or (self.minibatch if self.minibatch is not None else n_docs >= MINIBATCH_FROM)
        if self.method == "nmf":
            from sklearn.decomposition import NMF, MiniBatchNMF

            if minibatch:
                return MiniBatchNMF(
                    n_components=self.k,
                    init=self.init or "nndsvda",
                    batch_size=batch_size,
                    max_iter=max_iter or (200 if partial else 20),
                    random_state=random_state,
                )
            return NMF(
                n_components=self.k,
                init=self.init or "nndsvda",
                max_iter=max_iter or 400,
                random_state=random_state,
            )
        from sklearn.decomposition import LatentDirichletAllocation

        extra = {} if self.total_samples is None else {"total_samples": check_int("total_samples", self.total_samples, min=1)}
        return LatentDirichletAllocation(
            n_components=self.k,
            learning_method="online" if minibatch else "batch",
            batch_size=batch_size,
            max_iter=max_iter or (10 if minibatch else 50),
            random_state=random_state,
            n_jobs=1,  # online LDA with n_jobs > 1 leaks memory
            **extra,
        )

    def _quiet(self, call, k: int, est):
        """``call()`` with scikit-learn's ConvergenceWarning turned into a log line."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            out = call()
        for w in caught:
            if issubclass(w.category, ConvergenceWarning):
                log.info("topics: %s did not converge for k=%d, random_state=%r (%s)", type(est).__name__, k,
                         self.random_state, w.message)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return out

    # -- estimator API -------------------------------------------------------------------------
    def fit(self, X, y=None):
        """Fit on a Dtm (or a documents x terms sparse matrix)."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None) -> np.ndarray:
        """Fit and return the document-topic weights of ``X`` (documents x topics, rows sum to 1)."""
        _check_method(self.method)
        matrix = self._matrix(X, fitting=True)
        k = _check_k(self.k, *matrix.shape)
        self.vocab_ = np.asarray(X.vocab) if isinstance(X, Dtm) else None
        est = self._make_estimator(matrix.shape[0])
        raw = self._quiet(lambda: est.fit_transform(matrix), k, est)
        self.estimator_ = est
        weights = normalize_rows(raw)
        self.order_ = share_order(weights)
        self.components_ = normalize_rows(est.components_)[self.order_]
        self.n_features_in_ = matrix.shape[1]
        return weights[:, self.order_]

    def partial_fit(self, X, y=None):
        """Learn from one batch of documents: the first call initializes, later calls update.

        The estimator is scikit-learn's ``MiniBatchNMF`` (NMF) or online ``LatentDirichletAllocation``
        (LDA), whatever ``minibatch`` says. NMF needs TF-IDF rows here (or ``weighting="counts"``),
        since IDF cannot be learned from one batch. Every batch must have the first batch's
        vocabulary (checked for a Dtm) and number of terms. Topics stay in the estimator's order
        (``order_`` is the identity) until :meth:`nqp.Topics.from_model` numbers them by share.
        """
        first = not hasattr(self, "estimator_")
        if first:
            _check_method(self.method)
            matrix = self._matrix(X, fitting=True, partial=True)
            k = _check_k(self.k, np.inf, matrix.shape[1])
            self.vocab_ = np.asarray(X.vocab) if isinstance(X, Dtm) else None
            est = self._make_estimator(matrix.shape[0], partial=True)
            self._quiet(lambda: est.partial_fit(matrix), k, est)
            self.estimator_ = est
            self.n_features_in_ = matrix.shape[1]
            self.order_ = np.arange(k)
        else:
            self._check_vocab(X)
            matrix = self._matrix(X, fitting=False, partial=True)
            if matrix.shape[1] != self.n_features_in_:
                raise NqpValueError(
                    f"X: this batch has {matrix.shape[1]} terms, the model {self.n_features_in_}; every batch "
                    "needs the same vocabulary."
                )
            self._quiet(lambda: self.estimator_.partial_fit(matrix), len(self.order_), self.estimator_)
        self.components_ = normalize_rows(self.estimator_.components_)[self.order_]
        return self

    def transform(self, X) -> np.ndarray:
        """Document-topic weights (documents x topics, rows sum to 1; all 0 for an empty document)."""
        check_is_fitted(self, "estimator_", msg="This TopicModel is not fitted yet: call fit(dtm) before transform.")
        self._check_vocab(X)
        matrix = self._matrix(X, fitting=False)
        return normalize_rows(self.estimator_.transform(matrix))[:, self.order_]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The names of ``transform``'s columns: ``topic1`` .. ``topic{k}``, in topic order."""
        check_is_fitted(self, "estimator_", msg="This TopicModel is not fitted yet: call fit(dtm) first.")
        return np.asarray([f"topic{t}" for t in range(1, len(self.order_) + 1)], dtype=object)

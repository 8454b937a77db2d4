"""Topic models (NMF, LDA) on a document-term matrix, with the evidence needed to read them.

A topic model is only worth reading when the reader can see why this number of topics, whether the
topics come back with another random seed, and which sentences stand behind each topic. So:

- :func:`topics` fits one model and returns a frozen :class:`Topics` of tidy tables
  (``topic_terms``, ``doc_topics``, ``labels``, ``exemplars``);
- :func:`topics_scan` fits a range of ``k``, each with several seeds, and reports NPMI coherence
  (:func:`topic_coherence`, on the same tokens, window or sentence co-occurrence) and stability
  (:func:`topic_stability`, best-match Jaccard of the top terms), with a recommended ``k`` and why;
- :func:`topic_shares` averages the document-topic weights per outlet or per date bin
  (:func:`date_bins` never puts a month-precision date on a day);
- :func:`topic_exemplars` finds the sentences that carry each topic and quotes them in the
  original script;
- ``textplot_topics_scan``, ``textplot_topic_terms``, ``textplot_topic_shares`` draw them.

Topics are numbered from 1 by their share of the corpus (topic 1 is the largest); every table is
sorted and identical for the same input and ``random_state``. scikit-learn does the fitting
(:class:`TopicModel` is an estimator); LDA always runs with ``n_jobs=1`` (online LDA with more jobs
leaks memory). For large collections (``minibatch=None`` switches at 20,000 documents) NMF becomes
``MiniBatchNMF`` and LDA the online variational Bayes.
"""

from __future__ import annotations

import functools
import logging
import warnings
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schema as S
from .dates import date_bins
from .matrix import Dtm
from .errors import NqpError
from .text import sentence_spans, term_pattern

log = logging.getLogger("nqp")

METHODS = ("nmf", "lda")
#: number of documents from which ``minibatch=None`` switches to MiniBatchNMF / online LDA
MINIBATCH_FROM = 20_000

TOPIC = S.TOPIC
TERM = S.TERM
WEIGHT = S.WEIGHT
RANK = S.RANK
LABEL = S.LABEL
SHARE = S.SHARE
GROUP = S.GROUP


# ---------------------------------------------------------------------------------------------
# validation helpers


def _check_dtm(dtm, name: str = "dtm") -> Dtm:
    if not isinstance(dtm, Dtm):
        raise NqpError(f"{name}: expected an nqp.Dtm (from nqp.dtm(tokens)), got {type(dtm).__name__}.")
    if dtm.shape[0] == 0 or dtm.shape[1] == 0:
        raise NqpError(f"{name}: the matrix is empty ({dtm.shape[0]} documents x {dtm.shape[1]} terms).")
    return dtm


def _check_k(k, n_docs: int, n_terms: int, name: str = "k") -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise NqpError(f"{name}: the number of topics must be an int, got {k!r} ({type(k).__name__}).")
    k = int(k)
    if k < 1:
        raise NqpError(f"{name}: the number of topics must be at least 1, got {k}.")
    limit = min(n_docs, n_terms)
    if k > limit:
        raise NqpError(
            f"{name}={k}: more topics than the matrix can hold ({n_docs} documents x {n_terms} terms); "
            f"use k <= {limit}, or add documents."
        )
    return k


def _check_method(method) -> str:
    if method not in METHODS:
        raise NqpError(f"method: expected one of {METHODS}, got {method!r}.")
    return method


def _id_columns(docs: pd.DataFrame) -> list[str]:
    cols = [c for c in (S.DOC_ID, S.ARTICLE_ID) if c in docs.columns]
    return cols


def _min_chars(dtm: Dtm, min_chars: int) -> Dtm:
    """The Dtm without terms shorter than ``min_chars`` characters (logged, recorded in history)."""
    if isinstance(min_chars, bool) or not isinstance(min_chars, (int, np.integer)) or min_chars < 1:
        raise NqpError(f"min_chars: expected a positive int (shortest term kept), got {min_chars!r}.")
    if min_chars == 1:
        return dtm
    keep = np.fromiter((len(str(t)) >= min_chars for t in dtm.vocab), dtype=bool, count=len(dtm.vocab))
    if keep.all():
        return dtm
    if not keep.any():
        raise NqpError(f"min_chars={min_chars}: no term of the Dtm is that long; use min_chars=1.")
    dropped = int((~keep).sum())
    log.info("topics: left out %d of %d terms shorter than %d characters (min_chars)", dropped, len(keep), min_chars)
    note = f"min_chars={min_chars}: left out {dropped} terms"
    return replace(dtm, matrix=sp.csr_matrix(dtm.matrix[:, keep]), vocab=dtm.vocab[keep], history=dtm.history + (note,))


# ---------------------------------------------------------------------------------------------
# the estimator


@functools.lru_cache(maxsize=1)
def _topic_model_class():
    """Define :class:`TopicModel` (importing scikit-learn) on first use; the same class every call."""
    from sklearn.base import BaseEstimator, TransformerMixin
    from sklearn.exceptions import ConvergenceWarning

    class TopicModel(TransformerMixin, BaseEstimator):
        """A scikit-learn estimator: NMF or LDA on an :class:`~nqp.Dtm`, topics ordered by share.

        ``fit(dtm)`` weights the counts (NMF: TF-IDF by default; LDA: raw counts), fits the
        scikit-learn model and numbers the topics by their share of the corpus. ``transform(dtm)``
        returns the document-topic weights (rows sum to 1, or 0 for a document with no known term) for
        a Dtm over the same vocabulary. Fitted attributes: ``estimator_`` (the scikit-learn model),
        ``vocab_``, ``components_`` (topics x terms, each row sums to 1), ``order_`` (the model's
        component index of each topic), ``idf_`` (NMF with TF-IDF only).
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
        ):
            self.k = k
            self.method = method
            self.random_state = random_state
            self.weighting = weighting
            self.init = init
            self.max_iter = max_iter
            self.minibatch = minibatch
            self.batch_size = batch_size

        # -- helpers ---------------------------------------------------------------------------
        def _weighting(self) -> str:
            weighting = self.weighting or ("tfidf" if self.method == "nmf" else "counts")
            if weighting not in ("tfidf", "counts"):
                raise NqpError(f"weighting: expected 'tfidf' or 'counts', got {weighting!r}.")
            if self.method == "lda" and weighting != "counts":
                raise NqpError("weighting: LDA models counts; use weighting='counts' (or None) with method='lda'.")
            return weighting

        def _matrix(self, X, fitting: bool) -> sp.csr_matrix:
            if isinstance(X, Dtm):
                matrix = X.matrix
            elif sp.issparse(X) or isinstance(X, np.ndarray):
                matrix = sp.csr_matrix(X)
            else:
                raise NqpError(f"X: expected an nqp.Dtm or a sparse matrix, got {type(X).__name__}.")
            if matrix.dtype.kind == "f" and self.method == "lda":
                raise NqpError(
                    "dtm: LDA needs counts, but this Dtm holds weights (after nqp.tfidf?). Pass the count Dtm."
                )
            if fitting:
                self._input_weights_ = matrix.dtype.kind == "f"
            if self._weighting() == "tfidf" and not self._input_weights_:
                from sklearn.feature_extraction.text import TfidfTransformer

                if fitting:
                    self._tfidf_ = TfidfTransformer(sublinear_tf=True).fit(matrix)
                    self.idf_ = self._tfidf_.idf_
                matrix = self._tfidf_.transform(matrix)
            # a full copy: scipy may share the index arrays with the Dtm, and scikit-learn sorts them in place
            out = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
            out.sort_indices()
            return out

        def _make_estimator(self, n_docs: int):
            minibatch = self.minibatch if self.minibatch is not None else n_docs >= MINIBATCH_FROM
            if self.method == "nmf":
                from sklearn.decomposition import NMF, MiniBatchNMF

                if minibatch:
                    return MiniBatchNMF(
                        n_components=self.k,
                        init=self.init or "nndsvda",
                        batch_size=self.batch_size,
                        max_iter=self.max_iter or 20,
                        random_state=self.random_state,
                    )
                return NMF(
                    n_components=self.k,
                    init=self.init or "nndsvda",
                    max_iter=self.max_iter or 400,
                    random_state=self.random_state,
                )
            from sklearn.decomposition import LatentDirichletAllocation

            return LatentDirichletAllocation(
                n_components=self.k,
                learning_method="online" if minibatch else "batch",
                batch_size=self.batch_size,
                max_iter=self.max_iter or (10 if minibatch else 50),
                random_state=self.random_state,
                n_jobs=1,  # online LDA with n_jobs > 1 leaks memory
            )

        # -- estimator API ---------------------------------------------------------------------
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
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                raw = est.fit_transform(matrix)
            for w in caught:
                if issubclass(w.category, ConvergenceWarning):
                    log.info("topics: %s did not converge for k=%d, random_state=%r (%s)", type(est).__name__, k,
                             self.random_state, w.message)
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            self.estimator_ = est
            weights = _normalize_rows(raw)
            share = weights.mean(axis=0)
            self.order_ = np.lexsort((np.arange(k), -np.round(share, 12)))
            self.components_ = _normalize_rows(est.components_)[self.order_]
            self.n_features_in_ = matrix.shape[1]
            return weights[:, self.order_]

        def transform(self, X) -> np.ndarray:
            """Document-topic weights (documents x topics, rows sum to 1; all 0 for an empty document)."""
            if not hasattr(self, "estimator_"):
                raise NqpError("TopicModel: call fit(dtm) before transform.")
            if isinstance(X, Dtm) and self.vocab_ is not None and not np.array_equal(np.asarray(X.vocab), self.vocab_):
                raise NqpError(
                    "X: this Dtm has another vocabulary than the one the model was fitted on; build it with "
                    "nqp.dtm(tokens, vocabulary=model.vocab_)."
                )
            matrix = self._matrix(X, fitting=False)
            return _normalize_rows(self.estimator_.transform(matrix))[:, self.order_]

    TopicModel.__module__ = __name__
    TopicModel.__qualname__ = "TopicModel"
    return TopicModel


def __getattr__(name: str):
    if name == "TopicModel":
        return _topic_model_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _normalize_rows(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    total = a.sum(axis=1, keepdims=True)
    out = np.zeros_like(a)
    np.divide(a, total, out=out, where=total > 0)
    return out


# ---------------------------------------------------------------------------------------------
# the result


@dataclass(frozen=True, eq=False)
class Topics:
    """A fitted topic model as tidy tables (from :func:`topics`).

    - ``topic_terms``: ``topic`` (int, 1 = largest), ``term``, ``weight`` (share of the topic's term
      mass, p(term | topic) for LDA), ``rank`` (1 = heaviest); the top ``n_terms`` per topic, sorted by
      topic then rank.
    - ``doc_topics``: the id columns of the Dtm (``doc_id``, ``article_id`` when present), ``topic``,
      ``weight`` (a document's weights sum to 1; 0 everywhere for a document with no term); one row per
      document and topic, in Dtm row order then topic.
    - ``labels``: ``topic``, ``label`` (three distinctive top terms, "产业链 · 建圈 · 强链"), ``share``
      (mean document weight), ``top_terms`` (the ten heaviest terms), sorted by topic.
    - ``exemplars``: see :func:`topic_exemplars` (empty until articles are given).
    - ``docs``: the Dtm's document table (metadata for shares); ``model``: the fitted
      :class:`TopicModel`; ``history``: the Dtm's history plus this step.
    """

    topic_terms: pd.DataFrame
    doc_topics: pd.DataFrame
    labels: pd.DataFrame
    exemplars: pd.DataFrame
    docs: pd.DataFrame
    model: TopicModel
    method: str
    k: int
    random_state: int
    history: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        return f"Topics({self.method}, k={self.k}, {len(self.docs)} documents, random_state={self.random_state})"

    def doc_topic_matrix(self) -> pd.DataFrame:
        """Document-topic weights as a wide table: one row per document (Dtm order), one column per topic."""
        ids = _id_columns(self.doc_topics)
        key = ids[-1] if ids else "row"
        wide = self.doc_topics.pivot(index=key, columns=TOPIC, values=WEIGHT)
        order = self.docs[key] if key in self.docs.columns else None
        return wide.loc[order.to_numpy()] if order is not None else wide

    def top_terms(self, n: int = 10) -> dict[int, list[str]]:
        """``{topic: [term, ...]}``, the ``n`` heaviest terms of each topic."""
        tt = self.topic_terms[self.topic_terms[RANK] <= n]
        return {int(t): list(g[TERM]) for t, g in tt.groupby(TOPIC, sort=True)}


EXEMPLAR_COLUMNS = [TOPIC, LABEL, RANK, S.DOC_ID, S.ARTICLE_ID, "start", "end", "sentence", "terms", "score", "doc_weight"]


def topics(
    dtm: Dtm,
    k: int,
    method: str = "nmf",
    random_state: int = 0,
    *,
    n_terms: int = 20,
    min_chars: int = 2,
    weighting: str | None = None,
    init: str | None = None,
    max_iter: int | None = None,
    minibatch: bool | None = None,
    batch_size: int = 2048,
    articles: pd.DataFrame | None = None,
    n_exemplars: int = 3,
) -> Topics:
    """Fit ``k`` topics on a count :class:`~nqp.Dtm` and return a :class:`Topics` of tidy tables.

    ``method``: ``"nmf"`` (default; on sublinear TF-IDF, initialised by NNDSVDa) or ``"lda"`` (on
    counts, batch variational Bayes, ``n_jobs=1``). ``random_state`` fixes every random step: the
    same Dtm and ``random_state`` give identical tables. ``n_terms``: terms kept per topic in
    ``topic_terms``. ``min_chars``: terms shorter than this are left out of the model (default 2:
    single characters such as 新, 年, 大 are mostly function-like in Chinese). ``minibatch``:
    ``True`` uses MiniBatchNMF (20 epochs) / online LDA (for 100,000 documents), ``None`` chooses by
    size (from 20,000 documents). ``articles``: the articles table of
    ``nqp.clean`` (``text``, ``text_orig``); when given, ``exemplars`` holds ``n_exemplars`` sentences
    per topic (see :func:`topic_exemplars`).
    """
    _check_dtm(dtm)
    _check_method(method)
    dtm = _min_chars(dtm, min_chars)
    k = _check_k(k, *dtm.shape)
    if not isinstance(n_terms, (int, np.integer)) or n_terms < 1:
        raise NqpError(f"n_terms: expected a positive int, got {n_terms!r}.")
    model = _topic_model_class()(
        k, method, random_state, weighting=weighting, init=init, max_iter=max_iter, minibatch=minibatch,
        batch_size=batch_size,
    )
    weights = model.fit_transform(dtm)
    empty = int((weights.sum(axis=1) == 0).sum())
    if empty:
        log.info("topics: %d of %d documents have no weight on any topic (no term of the vocabulary); their "
                 "weights are 0", empty, len(weights))
    topic_terms = _topic_terms(model.components_, dtm.vocab, n_terms)
    doc_topics = _doc_topics(weights, dtm.docs)
    labels = _labels(model.components_, dtm.vocab, weights)
    note = f"topics(k={k}, method={method!r}, random_state={random_state})"
    result = Topics(
        topic_terms=topic_terms,
        doc_topics=doc_topics,
        labels=labels,
        exemplars=pd.DataFrame(columns=EXEMPLAR_COLUMNS),
        docs=dtm.docs.reset_index(drop=True),
        model=model,
        method=method,
        k=k,
        random_state=random_state,
        history=dtm.history + (note,),
    )
    if articles is not None:
        result = replace(result, exemplars=topic_exemplars(result, articles, n=n_exemplars))
    return result


def _topic_terms(components: np.ndarray, vocab: np.ndarray, n_terms: int) -> pd.DataFrame:
    k, n_vocab = components.shape
    n = min(n_terms, n_vocab)
    rows_topic, rows_term, rows_weight, rows_rank = [], [], [], []
    terms_sorted_idx = np.arange(n_vocab)  # vocab is sorted: ties resolve by term
    for t in range(k):
        order = np.lexsort((terms_sorted_idx, -components[t]))[:n]
        rows_topic += [t + 1] * n
        rows_term += list(vocab[order])
        rows_weight += list(components[t, order])
        rows_rank += list(range(1, n + 1))
    return pd.DataFrame({TOPIC: rows_topic, TERM: rows_term, WEIGHT: rows_weight, RANK: rows_rank})


def _doc_topics(weights: np.ndarray, docs: pd.DataFrame) -> pd.DataFrame:
    n, k = weights.shape
    ids = _id_columns(docs)
    out = {c: np.repeat(docs[c].to_numpy(), k) for c in ids}
    if not ids:
        out["row"] = np.repeat(np.arange(n), k)
    out[TOPIC] = np.tile(np.arange(1, k + 1), n)
    out[WEIGHT] = weights.ravel()
    return pd.DataFrame(out)


def _labels(components: np.ndarray, vocab: np.ndarray, weights: np.ndarray, lam: float = 0.6, n_label: int = 3):
    """Three terms per topic by LDAvis relevance (lambda 0.6) among its 30 heaviest, plus top terms."""
    k = components.shape[0]
    share = weights.mean(axis=0) if len(weights) else np.full(k, 1 / k)
    overall = share @ components if share.sum() > 0 else components.mean(axis=0)
    eps = 1e-12
    idx = np.arange(components.shape[1])
    labels, tops = [], []
    for t in range(k):
        heavy = np.lexsort((idx, -components[t]))[:30]
        heavy = heavy[components[t, heavy] > 0] if (components[t, heavy] > 0).any() else heavy
        rel = lam * np.log(components[t, heavy] + eps) + (1 - lam) * np.log((components[t, heavy] + eps) / (overall[heavy] + eps))
        pick = heavy[np.lexsort((heavy, -rel))][:n_label]
        labels.append(" · ".join(vocab[pick]))
        tops.append(" ".join(vocab[np.lexsort((idx, -components[t]))[:10]]))
    return pd.DataFrame({TOPIC: np.arange(1, k + 1), LABEL: labels, SHARE: share, "top_terms": tops})


# ---------------------------------------------------------------------------------------------
# coherence and stability


class _Units:
    """Every token of the corpus as an integer code, with the co-occurrence unit(s) it belongs to.

    Built once (vectorized) and reused for every topic set: ``kind`` is "window" (windows of
    ``window`` tokens starting every ``stride`` tokens within a document; a shorter document is one
    window) or "sentence" (the sentences of a long token table).
    """

    def __init__(self, tokens: pd.DataFrame, window: int = 10, stride: int | None = None):
        if not isinstance(tokens, pd.DataFrame):
            raise NqpError(
                "tokens: expected the tokens DataFrame the Dtm was built from (a 'tokens' column), or the long "
                f"table of nqp.tokenize(long=True) ('token' and 'sentence' columns); got {type(tokens).__name__}."
            )
        if {S.TOKEN, S.SENTENCE} <= set(tokens.columns):
            keys = [c for c in (S.DOC_ID, S.ARTICLE_ID) if c in tokens.columns] + ["sentence"]
            self.kind = "sentence"
            self.unit = tokens.groupby(keys, sort=False).ngroup().to_numpy(np.int64)
            self.n_units = int(self.unit.max()) + 1 if len(self.unit) else 0
            flat = tokens["token"].astype(str).to_numpy()
        else:
            if S.TOKENS not in tokens.columns:
                raise NqpError(
                    f"tokens: no 'tokens' column (nor 'token' and 'sentence' of a long table); columns are "
                    f"{list(tokens.columns)}."
                )
            if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 2:
                raise NqpError(f"window: expected an int >= 2 (tokens per co-occurrence window), got {window!r}.")
            if stride is not None and (isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1):
                raise NqpError(f"stride: expected a positive int or None, got {stride!r}.")
            self.kind = "window"
            self.window, self.stride = int(window), int(stride or max(1, window // 2))
            lengths = tokens[S.TOKENS].map(len).to_numpy(np.int64)
            n_win = np.where(lengths > window, -(-(lengths - window) // self.stride) + 1, 1)
            self.first_unit = np.repeat(np.cumsum(n_win) - n_win, lengths)  # first window of the token's document
            self.n_win = np.repeat(n_win, lengths)
            self.pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            self.n_units = int(n_win.sum())
            flat = np.fromiter((str(t) for ts in tokens[S.TOKENS] for t in ts), dtype=object, count=int(lengths.sum()))
        cat = pd.Categorical(flat)
        self.vocab = {t: i for i, t in enumerate(cat.categories)}
        self.codes = cat.codes.astype(np.int64)

    def counts(self, terms: list[str]):
        """(n_units, units per term, joint units per pair) for ``terms``."""
        ids = np.array([self.vocab.get(t, -1) for t in terms], dtype=np.int64)
        lookup = np.full(len(self.vocab) + 1, -1, dtype=np.int64)
        present = ids >= 0
        lookup[ids[present]] = np.flatnonzero(present)
        col = lookup[self.codes]  # codes of -1 (never) map to the sentinel slot, itself -1
        hit = np.flatnonzero(col >= 0)
        if self.kind == "sentence":
            rows, cols = self.unit[hit], col[hit]
        else:
            pos, n_win = self.pos[hit], self.n_win[hit]
            first = np.maximum(0, -(-(pos - self.window + 1) // self.stride))
            last = np.minimum(n_win - 1, pos // self.stride)
            reps = np.maximum(0, last - first + 1)
            at = np.repeat(np.arange(len(hit)), reps)
            offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
            rows = self.first_unit[hit][at] + first[at] + offsets
            cols = col[hit][at]
        b = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n_units, len(terms)))
        b.sum_duplicates()
        b.data[:] = 1.0  # presence, not counts
        joint = (b.T @ b).toarray()
        return self.n_units, np.diag(joint).copy(), joint


def _npmi(n_units: int, df: np.ndarray, joint: np.ndarray, a: int, b: int) -> float:
    if n_units == 0 or joint[a, b] == 0 or df[a] == 0 or df[b] == 0:
        return -1.0
    p_ab = joint[a, b] / n_units
    if p_ab >= 1.0:
        return 1.0
    return float(np.log(p_ab / ((df[a] / n_units) * (df[b] / n_units))) / -np.log(p_ab))


def topic_coherence(
    topic_terms: pd.DataFrame | Topics,
    tokens: pd.DataFrame,
    n_terms: int = 10,
    window: int = 10,
    stride: int | None = None,
) -> pd.DataFrame:
    """NPMI coherence of each topic's ``n_terms`` top terms, counted on the same tokens as the Dtm.

    ``tokens``: the tokens DataFrame the Dtm was built from (a ``tokens`` column, one list per
    document): terms co-occur when they fall in the same window of ``window`` consecutive tokens
    (windows start every ``stride`` tokens, default ``window // 2``; a shorter document is one
    window). Or the long table of ``nqp.tokenize(long=True)`` (``token`` and ``sentence`` columns):
    terms co-occur when they are in the same sentence. NPMI of a pair is log(p(a,b) / p(a)p(b)) /
    -log p(a,b), from -1 (never together) through 0 (independent) to 1 (always together); a topic's
    coherence is the mean over its pairs.

    Returns ``topic``, ``coherence``, ``n_pairs``, ``unit`` ("window" or "sentence"), ``n_units``,
    sorted by topic.
    """
    units = tokens if isinstance(tokens, _Units) else _Units(tokens, window, stride)
    tt = topic_terms.topic_terms if isinstance(topic_terms, Topics) else topic_terms
    if not isinstance(tt, pd.DataFrame) or not {TOPIC, TERM, RANK} <= set(tt.columns):
        raise NqpError("topic_terms: expected a Topics result or its topic_terms table (topic, term, rank).")
    top = tt[tt[RANK] <= n_terms].sort_values([TOPIC, RANK])
    terms = sorted(set(top[TERM]))
    n_units, df, joint = units.counts(terms)
    kind = units.kind
    index = {t: i for i, t in enumerate(terms)}
    rows = []
    for t, g in top.groupby(TOPIC, sort=True):
        ids = [index[x] for x in g[TERM]]
        scores = [_npmi(n_units, df, joint, a, b) for a, b in combinations(ids, 2)]
        rows.append((int(t), float(np.mean(scores)) if scores else np.nan, len(scores)))
    out = pd.DataFrame(rows, columns=[TOPIC, "coherence", "n_pairs"])
    out["unit"] = kind
    out["n_units"] = n_units
    return out


def _jaccard_matrix(a: list[set], b: list[set]) -> np.ndarray:
    m = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            union = len(x | y)
            m[i, j] = len(x & y) / union if union else 1.0
    return m


def topic_stability(runs: list) -> float:
    """Mean best-match Jaccard similarity of top-term sets between every pair of runs, in [0, 1].

    ``runs``: a list of runs, each a list of topics, each topic a collection of terms (its top 10,
    say); or a list of :class:`Topics` (their top-10 terms are used). Topics of two runs are matched
    one to one (Hungarian assignment maximizing the summed Jaccard) and the matched similarities
    averaged over the larger run's topics (an unmatched topic counts 0). 1 means every run found the
    same top terms; near 0, no topic comes back.
    """
    from scipy.optimize import linear_sum_assignment

    sets = []
    for run in runs:
        if isinstance(run, Topics):
            sets.append([set(v) for _, v in sorted(run.top_terms(10).items())])
        else:
            sets.append([set(t) for t in run])
    if len(sets) < 2:
        raise NqpError(f"runs: stability needs at least 2 runs, got {len(sets)}.")
    scores = []
    for a, b in combinations(sets, 2):
        if not a or not b:
            scores.append(0.0)
            continue
        m = _jaccard_matrix(a, b)
        r, c = linear_sum_assignment(-m)
        scores.append(float(m[r, c].sum() / max(len(a), len(b))))
    return float(np.mean(scores))


# ---------------------------------------------------------------------------------------------
# choosing k


@dataclass(frozen=True, eq=False)
class TopicScan:
    """The result of :func:`topics_scan`.

    ``table``: one row per ``k``: ``k``, ``coherence`` (mean NPMI of the seed-``random_state`` model,
    the one :func:`topics` returns), ``coherence_min`` (its least coherent topic), ``stability``
    (mean best-match Jaccard of top-10 terms across the ``n_seeds`` runs), ``recommended`` (bool);
    sorted by k. ``topic_coherence``: per-topic coherence of each k's model (``k``, ``topic``,
    ``coherence``, ``label``). ``recommended_k`` and ``reason`` (one sentence with the numbers).
    """

    table: pd.DataFrame
    topic_coherence: pd.DataFrame
    recommended_k: int
    reason: str
    method: str
    n_seeds: int
    random_state: int
    min_stability: float
    tolerance: float

    def __repr__(self) -> str:
        return f"TopicScan({self.method}, k in {list(self.table['k'])}, recommended k={self.recommended_k})"


def topics_scan(
    dtm: Dtm,
    tokens: pd.DataFrame,
    ks=None,
    method: str = "nmf",
    random_state: int = 0,
    *,
    n_seeds: int = 5,
    n_terms: int = 10,
    min_chars: int = 2,
    window: int = 10,
    stride: int | None = None,
    min_stability: float = 0.6,
    tolerance: float = 0.05,
    max_iter: int | None = None,
    minibatch: bool | None = None,
    progress=None,
) -> TopicScan:
    """Fit each ``k`` of ``ks`` with ``n_seeds`` seeds; report coherence, stability and a recommended k.

    ``ks``: the numbers of topics to try; ``None`` scans 2 .. min(10, documents / 2) (a topic per one
    or two documents says little). ``tokens``: the tokens the Dtm was built from (see
    :func:`topic_coherence`; the long table of ``nqp.tokenize(long=True)`` gives sentence
    co-occurrence). ``min_chars`` as in :func:`topics`.

    For each k: the model of :func:`topics` (seed ``random_state``) gives the NPMI coherence of its
    top ``n_terms`` terms (:func:`topic_coherence` on ``tokens``, the same tokens as the Dtm); that
    model and ``n_seeds - 1`` more (seeds ``random_state + 1``, ...; NMF then starts from a random
    initialisation, since NNDSVD hardly depends on the seed; MiniBatchNMF from NNDSVD with random
    fill, ``nndsvdar``, as random starts do not converge in its few epochs) give the stability
    (:func:`topic_stability`). Recommended: among the k whose coherence is within ``tolerance`` of
    the best, the most stable (to two decimals; ties go to the more coherent, then to the smaller k);
    when its stability is below ``min_stability`` the ``reason`` warns. ``reason`` gives the numbers.
    ``progress``: a progress bar over the k (None: only on a terminal, see :mod:`nqp.progress`).
    """
    _check_dtm(dtm)
    _check_method(method)
    dtm = _min_chars(dtm, min_chars)
    if ks is None:
        ks = range(2, max(2, min(10, dtm.shape[0] // 2)) + 1)
    try:
        ks = sorted({int(k) if not isinstance(k, bool) and float(k).is_integer() else k for k in ks})
    except (TypeError, ValueError):
        raise NqpError(f"ks: expected a range or list of ints, got {ks!r}.") from None
    if not ks:
        raise NqpError("ks: no k to scan; give e.g. ks=range(2, 11).")
    for k in ks:
        _check_k(k, *dtm.shape, name="ks")
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, (int, np.integer)) or n_seeds < 2:
        raise NqpError(f"n_seeds: stability needs at least 2 seeds (5 recommended), got {n_seeds!r}.")
    if not 0 <= min_stability <= 1:
        raise NqpError(f"min_stability: expected a number in [0, 1], got {min_stability!r}.")
    units = _Units(tokens, window, stride)  # validated and indexed once, before fitting anything
    # NMF's NNDSVD start hardly depends on the seed, so the other seeds start at random; MiniBatchNMF does
    # not converge from random starts in a few epochs, so there the seed randomizes NNDSVD's zeros (nndsvdar)
    large = minibatch if minibatch is not None else dtm.shape[0] >= MINIBATCH_FROM
    seed_init = None if method == "lda" else "nndsvdar" if large else "random"
    rows, per_topic = [], []
    from .progress import progress_bar

    for k in progress_bar(ks, progress=progress, desc="topics_scan", unit="k"):
        first = topics(dtm, k, method, random_state, n_terms=n_terms, min_chars=1, max_iter=max_iter, minibatch=minibatch)
        coh = topic_coherence(first, units, n_terms=n_terms)
        runs = [[set(v) for _, v in sorted(first.top_terms(n_terms).items())]]
        for s in range(1, n_seeds):
            other = _topic_model_class()(k, method, random_state + s, init=seed_init, max_iter=max_iter, minibatch=minibatch)
            other.fit(dtm)
            other_terms = _topic_terms(other.components_, dtm.vocab, n_terms)
            runs.append([set(g[TERM]) for _, g in other_terms.groupby(TOPIC, sort=True)])
        stab = topic_stability(runs)
        rows.append((k, float(coh["coherence"].mean()), float(coh["coherence"].min()), stab))
        per_topic.append(coh[[TOPIC, "coherence"]].assign(k=k).merge(first.labels[[TOPIC, LABEL]], on=TOPIC))
        log.info("topics_scan: k=%d coherence %.3f stability %.3f", k, rows[-1][1], stab)
    table = pd.DataFrame(rows, columns=["k", "coherence", "coherence_min", "stability"])
    best_k, reason = _recommend(table, min_stability, tolerance, n_seeds)
    table["recommended"] = table["k"] == best_k
    per_topic = pd.concat(per_topic, ignore_index=True)[["k", TOPIC, "coherence", LABEL]]
    return TopicScan(table, per_topic, best_k, reason, method, n_seeds, random_state, min_stability, tolerance)


def _recommend(table: pd.DataFrame, min_stability: float, tolerance: float, n_seeds: int) -> tuple[int, str]:
    """Among the k within ``tolerance`` of the best coherence, the most stable (to 0.01); ties go to the
    more coherent, then the smaller k."""
    best = table.loc[table["coherence"].idxmax()]
    near = table[table["coherence"] >= best["coherence"] - tolerance].assign(_stab=lambda t: t["stability"].round(2))
    pick = near.sort_values(["_stab", "coherence", "k"], ascending=[False, False, True], kind="stable").iloc[0]
    k = int(pick["k"])
    stab = f"stability {pick['stability']:.2f} across {n_seeds} seeds"
    if len(near) == 1:
        why = f"k={k}: the most coherent (NPMI {pick['coherence']:.3f}; no other k within {tolerance}), {stab}"
    elif int(best["k"]) == k:
        others = ", ".join(f"k={int(x)}" for x in near["k"] if int(x) != k)
        why = f"k={k}: the most coherent (NPMI {pick['coherence']:.3f}) and the most stable ({stab}) of the k within {tolerance} of it ({others})"
    else:
        why = (
            f"k={k}: the most stable ({stab}) of the k whose coherence is within {tolerance} of the best "
            f"(k={int(best['k'])}, NPMI {best['coherence']:.3f}; k={k} has {pick['coherence']:.3f})"
        )
    if pick["stability"] < min_stability:
        why += (
            f"; but its topics do not reliably come back (stability below {min_stability:.2f}), so read them as "
            "one of several possible partitions"
        )
    return k, why + "."


# ---------------------------------------------------------------------------------------------
# shares per group and per date bin


def topic_shares(result: Topics, by: str = S.OUTLET, freq: str = "month") -> pd.DataFrame:
    """Mean topic weight per group: per ``docs`` column ``by``, or per date bin when ``by="date"``.

    Every document with any topic weight counts once (its weights sum to 1), so a group's shares
    sum to 1. With ``by="date"`` documents are binned at ``freq`` by :func:`date_bins`, which never
    places a month-precision date on a day: documents that cannot be placed are left out (logged).

    Returns ``group``, ``topic``, ``label``, ``share``, ``n_docs``, and ``bin_start`` for dates;
    sorted by group (by bin start for dates, else by name) then topic.
    """
    if not isinstance(result, Topics):
        raise NqpError(f"result: expected the Topics returned by nqp.topics, got {type(result).__name__}.")
    docs = result.docs
    weights = result.doc_topics[WEIGHT].to_numpy().reshape(len(docs), result.k)
    if by == "date" or by == S.DATE:
        bins = date_bins(docs, freq)
        keys = bins["bin"]
        starts = bins["bin_start"]
    else:
        if by not in docs.columns:
            raise NqpError(f"by: no column {by!r} in the documents (have {list(docs.columns)}); or use by='date'.")
        keys = docs[by].astype("string").fillna("(none)")
        starts = None
    has = weights.sum(axis=1) > 0
    if (~has).any():
        log.info("topic_shares: %d documents with no topic weight left out", int((~has).sum()))
    ok = has & keys.notna().to_numpy()
    columns = [GROUP] + (["bin_start"] if starts is not None else []) + [TOPIC, LABEL, SHARE, "n_docs"]
    if not ok.any():
        log.info("topic_shares: no document could be placed in a group (by=%r, freq=%r); the table is empty", by, freq)
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(weights[ok], columns=list(range(1, result.k + 1)))
    frame[GROUP] = keys.to_numpy()[ok]
    means = frame.groupby(GROUP, sort=True).mean()
    counts = frame.groupby(GROUP, sort=True).size()
    long = means.reset_index().melt(id_vars=GROUP, var_name=TOPIC, value_name=SHARE)
    long[TOPIC] = long[TOPIC].astype(int)
    long["n_docs"] = long[GROUP].map(counts).astype(int)
    long = long.merge(result.labels[[TOPIC, LABEL]], on=TOPIC, how="left")
    if starts is not None:
        first = pd.Series(starts.to_numpy()[ok], index=frame.index).groupby(frame[GROUP]).min()
        long["bin_start"] = long[GROUP].map(first)
        long = long.sort_values(["bin_start", TOPIC], kind="stable")
        return long[[GROUP, "bin_start", TOPIC, LABEL, SHARE, "n_docs"]].reset_index(drop=True)
    long = long.sort_values([GROUP, TOPIC], kind="stable")
    return long[[GROUP, TOPIC, LABEL, SHARE, "n_docs"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# exemplar sentences


def topic_exemplars(
    result: Topics,
    articles: pd.DataFrame,
    n: int = 3,
    n_terms: int = 20,
    max_chars: int = 160,
    n_docs: int = 20,
) -> pd.DataFrame:
    """The sentences that carry each topic, quoted in the original script.

    For each topic, the sentences (:func:`nqp.text.sentence_spans` of the analysis-layer ``text``)
    of its ``n_docs`` heaviest documents are scored: the summed weights of the distinct top-``n_terms``
    topic terms a sentence contains, times the document's weight on the topic. At most one sentence
    per document is taken while other documents remain; sentences longer than ``max_chars`` are used
    only when nothing shorter matches.

    ``articles``: the table of ``nqp.clean`` (``article_id`` or ``doc_id``, ``text``, ``text_orig``,
    the latter the same length as ``text``, char for char). Returns ``topic``, ``label``, ``rank``,
    ``doc_id``, ``article_id``, ``start``, ``end`` (offsets into ``text``/``text_orig``),
    ``sentence`` (from ``text_orig``), ``terms`` (matched topic terms), ``score``, ``doc_weight``;
    sorted by topic then rank.
    """
    if not isinstance(result, Topics):
        raise NqpError(f"result: expected the Topics returned by nqp.topics, got {type(result).__name__}.")
    if not isinstance(articles, pd.DataFrame) or S.TEXT not in articles.columns:
        raise NqpError("articles: expected the articles DataFrame of nqp.clean, with a 'text' column.")
    key = S.ARTICLE_ID if S.ARTICLE_ID in result.doc_topics.columns and S.ARTICLE_ID in articles.columns else S.DOC_ID
    if key not in result.doc_topics.columns or key not in articles.columns:
        raise NqpError(f"articles: cannot join to the topic model: need a '{key}' column in both.")
    orig_col = "text_orig" if "text_orig" in articles.columns else S.TEXT
    if orig_col == S.TEXT:
        log.info("topic_exemplars: articles have no 'text_orig'; quoting the analysis text")
    lookup = articles.drop_duplicates(key).set_index(key)
    tt = result.topic_terms
    dt = result.doc_topics
    rows = []
    for t in range(1, result.k + 1):
        terms = tt[(tt[TOPIC] == t) & (tt[RANK] <= n_terms)]
        w = dict(zip(terms[TERM], terms[WEIGHT] / max(terms[WEIGHT].sum(), 1e-12)))
        if not w:
            continue
        pattern = term_pattern(w)
        d = dt[(dt[TOPIC] == t) & (dt[WEIGHT] > 0)]
        d = d.assign(_order=np.arange(len(d))).sort_values([WEIGHT, "_order"], ascending=[False, True]).head(n_docs)
        cands = []
        for order, (doc_key, dw) in enumerate(zip(d[key], d[WEIGHT])):
            if doc_key not in lookup.index:
                continue
            art = lookup.loc[doc_key]
            text, orig = art[S.TEXT], art[orig_col]
            if not isinstance(text, str):
                continue
            if len(orig) != len(text):
                raise NqpError(
                    f"articles: {key}={doc_key!r}: text_orig has {len(orig)} characters but text {len(text)}; "
                    "they must align char for char (nqp.clean guarantees it)."
                )
            for s, e in sentence_spans(text):
                found = sorted(set(pattern.findall(text, s, e)), key=lambda x: (-w[x], x))
                if not found:
                    continue
                score = dw * sum(w[x] for x in found)
                cands.append((-(len(found) >= 2), e - s > max_chars, -score, order, s, e, doc_key, found, dw, score))
        cands.sort(key=lambda c: c[:5])
        chosen, used_docs = [], set()
        for c in cands:  # one sentence per document first
            if c[6] not in used_docs and len(chosen) < n:
                chosen.append(c)
                used_docs.add(c[6])
        for c in cands:
            if len(chosen) >= n:
                break
            if c not in chosen:
                chosen.append(c)
        chosen.sort(key=lambda c: c[:5])
        label = result.labels.loc[result.labels[TOPIC] == t, LABEL].iloc[0]
        for rank, c in enumerate(chosen, start=1):
            art = lookup.loc[c[6]]
            s, e = c[4], c[5]
            rows.append({
                TOPIC: t, LABEL: label, RANK: rank,
                S.DOC_ID: art[S.DOC_ID] if S.DOC_ID in lookup.columns else c[6],
                S.ARTICLE_ID: c[6] if key == S.ARTICLE_ID else None,
                "start": s, "end": e, "sentence": art[orig_col][s:e],
                "terms": " · ".join(c[7]), "score": c[9], "doc_weight": c[8],
            })
    out = pd.DataFrame(rows, columns=EXEMPLAR_COLUMNS)
    return out.astype({TOPIC: int, RANK: int, "start": int, "end": int}) if len(out) else out


# ---------------------------------------------------------------------------------------------
# figures


def _topic_colors(k: int):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab20" if k > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(k)]


def textplot_topics_scan(scan: TopicScan, ax=None):
    """Coherence (NPMI) and stability against k, the recommended k marked. Returns ``(fig, axes)``."""
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    if ax is None:
        fig, axes = plt.subplots(2, 1, figsize=(8, 5.5), sharex=True)
    else:
        axes = ax
        fig = axes[0].figure
    t = scan.table
    axes[0].plot(t["k"], t["coherence"], "o-", color="#1f77b4", label="mean NPMI")
    axes[0].plot(t["k"], t["coherence_min"], "o:", color="#1f77b4", alpha=0.5, label="least coherent topic")
    axes[0].set_ylabel("coherence (NPMI)")
    axes[0].legend(fontsize=8, loc="best")
    axes[1].plot(t["k"], t["stability"], "s-", color="#d62728")
    axes[1].axhline(scan.min_stability, color="#d62728", ls="--", lw=0.8, alpha=0.6)
    axes[1].set_ylabel(f"stability ({scan.n_seeds} seeds)")
    axes[1].set_ylim(0, 1.05)
    axes[1].set_xlabel("k (number of topics)")
    axes[1].set_xticks(list(t["k"]))
    for a in axes:
        a.axvline(scan.recommended_k, color="0.3", lw=1.2, alpha=0.5)
        a.grid(alpha=0.3)
    axes[0].set_title(f"{scan.method.upper()}: recommended k = {scan.recommended_k}", fontsize=11)
    fig.tight_layout()
    return fig, axes


def textplot_topic_terms(result: Topics, n: int = 8, ncols: int = 3):
    """The ``n`` heaviest terms of every topic, one small bar chart per topic. Returns ``(fig, axes)``."""
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    k = result.k
    ncols = min(ncols, k)
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 0.28 * n * nrows + 0.9 * nrows), squeeze=False)
    colors = _topic_colors(k)
    tt = result.topic_terms
    for t in range(1, k + 1):
        a = axes[(t - 1) // ncols][(t - 1) % ncols]
        g = tt[(tt[TOPIC] == t) & (tt[RANK] <= n)]
        a.barh(np.arange(len(g)), g[WEIGHT], color=colors[t - 1])
        a.set_yticks(np.arange(len(g)), list(g[TERM]))
        a.invert_yaxis()
        share = result.labels.loc[result.labels[TOPIC] == t, SHARE].iloc[0]
        a.set_title(f"{t} · {share:.0%}", fontsize=10)
        a.tick_params(axis="x", labelsize=7)
    for j in range(k, nrows * ncols):
        axes[j // ncols][j % ncols].axis("off")
    fig.tight_layout()
    return fig, axes


def textplot_topic_shares(shares: pd.DataFrame, ax=None, title: str | None = None):
    """Stacked bars of topic shares per group (from :func:`topic_shares`). Returns ``(fig, ax)``.

    Groups run down the y axis (outlets in name order, date bins in time order) and each bar is a
    group's documents' mean topic mix; the bar's annotation gives the number of documents.
    """
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    if not isinstance(shares, pd.DataFrame) or not {GROUP, TOPIC, SHARE} <= set(shares.columns):
        raise NqpError("shares: expected the table of nqp.topic_shares (group, topic, share).")
    if shares.empty:
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 1.6))
        else:
            fig = ax.figure
        ax.text(0.5, 0.5, "no document could be placed in a group (see the log: date precision?)", ha="center",
                va="center", transform=ax.transAxes)
        ax.set_axis_off()
        if title:
            ax.set_title(title, fontsize=11)
        return fig, ax
    groups = list(dict.fromkeys(shares[GROUP]))
    topics_ = sorted(shares[TOPIC].unique())
    wide = shares.pivot(index=GROUP, columns=TOPIC, values=SHARE).reindex(index=groups, columns=topics_).fillna(0)
    n_docs = shares.drop_duplicates(GROUP).set_index(GROUP)["n_docs"].reindex(groups)
    labels = shares.drop_duplicates(TOPIC).set_index(TOPIC)[LABEL].reindex(topics_) if LABEL in shares else None
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.45 * len(groups) + 1.8))
    else:
        fig = ax.figure
    colors = _topic_colors(max(topics_) if topics_ else 1)
    left = np.zeros(len(groups))
    y = np.arange(len(groups))
    for t in topics_:
        name = f"{t}: {labels[t]}" if labels is not None else str(t)
        ax.barh(y, wide[t].to_numpy(), left=left, color=colors[t - 1], label=name, height=0.75)
        left += wide[t].to_numpy()
    ax.set_yticks(y, [f"{g} (n={n_docs[g]})" for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean topic share of the group's documents")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="topic")
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig, ax


__all__ = [
    "TopicModel",
    "TopicScan",
    "Topics",
    "date_bins",
    "textplot_topic_shares",
    "textplot_topic_terms",
    "textplot_topics_scan",
    "topic_coherence",
    "topic_exemplars",
    "topic_shares",
    "topic_stability",
    "topics",
    "topics_scan",
]

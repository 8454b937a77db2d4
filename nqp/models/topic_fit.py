"""The :class:`Topics` result and :func:`topics`: one topic model as tidy tables.

:meth:`Topics.from_model` is the one place where a fitted :class:`~nqp.TopicModel` becomes tables
(topic terms, document topics, labels, topics numbered by share); :func:`topics` fits and calls it,
and so can a batch-by-batch fit (``TopicModel.partial_fit`` over batches, then ``Topics.from_model``).
"""

from __future__ import annotations

import logging
import warnings
from copy import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int, check_random_state
from ..matrix import Dtm
from ..errors import NqpTypeError
from ..schema import LABEL, RANK, SHARE, TERM, TOPIC, WEIGHT
from ._common import _check_dtm, _check_k, _check_method, _id_columns, _min_chars, share_order, small_fits_on_one_thread

if TYPE_CHECKING:
    from .topic_model import TopicModel

log = logging.getLogger(__name__)

# the table builders (topic_terms_table, doc_topics_table, topic_labels) are public names of this file
# for the scan and Topics.from_model, not part of the flat API
__all__ = ["Topics", "topics"]

#: the columns of ``Topics.exemplars`` and of :func:`nqp.topics_exemplars`
EXEMPLAR_COLUMNS = S.TOPIC_EXEMPLAR_COLUMNS


@dataclass(frozen=True, eq=False)
class Topics:
    """A fitted topic model as tidy tables (from :func:`topics` or :meth:`Topics.from_model`).

    - ``topic_terms``: ``topic`` (int, 1 = largest), ``term``, ``weight`` (share of the topic's term
      mass, p(term | topic) for LDA), ``rank`` (1 = heaviest); the top ``n_terms`` per topic, sorted by
      topic then rank.
    - ``doc_topics``: the id columns of the Dtm (``doc_id``, ``article_id`` when present), ``topic``,
      ``weight`` (a document's weights sum to 1; 0 everywhere for a document with no term); one row per
      document and topic, in Dtm row order then topic.
    - ``labels``: ``topic``, ``label`` (three distinctive top terms, "产业链 · 建圈 · 强链"), ``share``
      (mean document weight), ``top_terms`` (the ten heaviest terms), sorted by topic.
    - ``exemplars``: empty, unless the deprecated ``topics(..., articles=)`` filled it; quote the
      sentences behind each topic with :func:`nqp.topics_exemplars` (it goes with that argument).
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

    @classmethod
    def from_model(
        cls,
        model: TopicModel,
        dtm: Dtm,
        *,
        weights: np.ndarray | None = None,
        n_terms: int = 20,
        note: str | None = None,
        batch_size: int | None = None,
    ) -> Topics:
        """The tables of a fitted :class:`~nqp.TopicModel` on the documents of ``dtm``.

        ``weights``: the document-topic weights of ``dtm`` (``model.fit_transform(dtm)``); ``None``
        computes ``model.transform(dtm)``, ``batch_size`` rows at a time (default the model's). Topics
        are numbered by share over these documents (1 = largest): when the model's order differs (after
        ``partial_fit``), the result holds a copy of the model in share order, so ``result.model.
        transform`` numbers topics as the tables do. ``note``: the history entry (default
        ``topics(k=…, method=…, random_state=…)``). ``n_terms``: terms kept per topic.
        """
        from .topic_model import TopicModel

        _check_dtm(dtm)
        if not isinstance(model, TopicModel):
            raise NqpTypeError(f"model: expected a fitted nqp.TopicModel, got {type(model).__name__}.")
        n_terms = check_int("n_terms", n_terms, min=1)
        if weights is None:
            model._check_vocab(dtm)
            step = check_int("batch_size", batch_size if batch_size is not None else model.batch_size, min=1)
            n = dtm.shape[0]
            weights = np.vstack([model.transform(dtm.matrix[i : i + step]) for i in range(0, n, step)])
        order = share_order(weights)
        if not np.array_equal(order, np.arange(len(order))):
            model = copy(model)
            model.order_ = model.order_[order]
            model.components_ = model.components_[order]
            weights = weights[:, order]
        empty = int((weights.sum(axis=1) == 0).sum())
        if empty:
            log.info("topics: %d of %d documents have no weight on any topic (no term of the vocabulary); their "
                     "weights are 0", empty, len(weights))
        k = weights.shape[1]
        vocab = np.asarray(dtm.vocab, dtype=object)
        if note is None:
            note = f"topics(k={k}, method={model.method!r}, random_state={model.random_state})"
        return cls(
            topic_terms=topic_terms_table(model.components_, vocab, n_terms),
            doc_topics=doc_topics_table(weights, dtm.docs),
            labels=topic_labels(model.components_, vocab, weights),
            exemplars=pd.DataFrame(columns=EXEMPLAR_COLUMNS),
            docs=dtm.docs.reset_index(drop=True),
            model=model,
            method=model.method,
            k=k,
            random_state=model.random_state,
            history=tuple(dtm.history) + (note,),
        )

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


@small_fits_on_one_thread
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
    counts, batch variational Bayes, ``n_jobs=1``). ``random_state`` (an int) fixes every random step:
    the same Dtm and ``random_state`` give identical tables. ``n_terms``: terms kept per topic in
    ``topic_terms``. ``min_chars``: terms shorter than this are left out of the model (default 2:
    single characters such as 新, 年, 大 are mostly function-like in Chinese). ``minibatch``:
    ``True`` uses MiniBatchNMF (20 epochs) / online LDA (for 100,000 documents), ``None`` chooses by
    size (from 20,000 documents).

    The sentences behind each topic: ``nqp.topics_exemplars(result, articles)``. ``articles=`` (and
    ``n_exemplars``) still fill ``exemplars`` with that call, with a DeprecationWarning, for one
    release.
    """
    from .topic_model import TopicModel

    _check_dtm(dtm)
    _check_method(method)
    random_state = check_random_state(random_state)
    dtm = _min_chars(dtm, min_chars)
    k = _check_k(k, *dtm.shape)
    n_terms = check_int("n_terms", n_terms, min=1)
    model = TopicModel(
        k, method, random_state, weighting=weighting, init=init, max_iter=max_iter, minibatch=minibatch,
        batch_size=batch_size,
    )
    weights = model.fit_transform(dtm)
    note = f"topics(k={k}, method={method!r}, random_state={random_state})"
    result = Topics.from_model(model, dtm, weights=weights, n_terms=n_terms, note=note)
    if articles is not None:
        warnings.warn(
            "nqp.topics(..., articles=) is deprecated and will be removed in the next release: fitting no "
            "longer quotes; call nqp.topics_exemplars(result, articles, n=n_exemplars) on the result.",
            DeprecationWarning,
            stacklevel=2,
        )
        from ..evidence.topics_evidence import topics_exemplars

        result = replace(result, exemplars=topics_exemplars(result, articles, n=n_exemplars))
    return result


def topic_terms_table(components: np.ndarray, vocab: np.ndarray, n_terms: int) -> pd.DataFrame:
    """``topic``, ``term``, ``weight``, ``rank``: the ``n_terms`` heaviest terms of each row of
    ``components`` (topics x terms, in topic order; ties go to the earlier term of the sorted vocab)."""
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


def doc_topics_table(weights: np.ndarray, docs: pd.DataFrame) -> pd.DataFrame:
    """The long document-topic table: the id columns of ``docs`` (or ``row``), ``topic``, ``weight``."""
    n, k = weights.shape
    ids = _id_columns(docs)
    out = {c: np.repeat(docs[c].to_numpy(), k) for c in ids}
    if not ids:
        out["row"] = np.repeat(np.arange(n), k)
    out[TOPIC] = np.tile(np.arange(1, k + 1), n)
    out[WEIGHT] = weights.ravel()
    return pd.DataFrame(out)


def topic_labels(components: np.ndarray, vocab: np.ndarray, weights: np.ndarray, lam: float = 0.6, n_label: int = 3):
    """``topic``, ``label``, ``share``, ``top_terms``: three terms per topic by LDAvis relevance
    (lambda 0.6) among its 30 heaviest, the topic's mean document weight, its ten heaviest terms."""
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

"""Topics over time (:func:`topics_over_time`): each topic's share and its own words, period by period.

The words of a topic in a period are a class-based TF-IDF (the idea of BERTopic's
``topics_over_time``, written here from its definition) over that period's documents only, each
document's term counts given to its heaviest topic (or, on request, spread by its shares). Nothing from another period enters a
period's figures, so adding later documents never changes the tables of earlier periods.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_int, check_number
from ..dates import FREQS, date_bins
from ..errors import NqpTypeError, NqpValueError
from ..matrix import Dtm
from ..schema import RANK, SHARE, TERM, TOPIC, WEIGHT
from ._common import _id_columns
from .topic_fit import Topics

log = logging.getLogger(__name__)

__all__ = ["TopicsOverTime", "topics_over_time"]

#: the columns of ``TopicsOverTime.terms``
PERIOD_TERM_COLUMNS = [S.PERIOD, S.PERIOD_START, TOPIC, TERM, WEIGHT, S.COUNT, RANK]
#: the columns of ``TopicsOverTime.shares``
PERIOD_SHARE_COLUMNS = [S.PERIOD, S.PERIOD_START, S.PERIOD_END, TOPIC, SHARE, "n_docs"]

_STEP = {
    "day": pd.DateOffset(days=1),
    "week": pd.DateOffset(days=7),
    "month": pd.DateOffset(months=1),
    "quarter": pd.DateOffset(months=3),
    "year": pd.DateOffset(years=1),
    "decade": pd.DateOffset(years=10),
}


@dataclass(frozen=True, eq=False)
class TopicsOverTime:
    """The result of :func:`topics_over_time`.

    - ``terms``: ``period`` (the bin label of :func:`nqp.date_bins`: ``2024-03``, ``2024Q1``,
      ``2024``, ``1950s``), ``period_start`` (Timestamp), ``topic``, ``term``, ``weight`` (the
      term's class-based TF-IDF for the topic in the period), ``count`` (its occurrences in the
      period's documents of the topic, or weighted by their shares with ``counts="share"``), ``rank`` (1 = most
      characteristic); the top ``n_terms`` per topic and period, sorted by period start, topic, rank.
      A topic whose share in a period is below ``min_share`` has no rows there.
    - ``shares``: ``period``, ``period_start``, ``period_end`` (the first day after the period),
      ``topic``, ``share`` (the mean topic weight of the period's documents; a period's shares sum
      to 1), ``n_docs``; sorted by period start then topic.
    - ``periods``: the id columns of the documents (``doc_id``, ``article_id``), ``period`` and
      ``period_start`` (missing for a document that cannot be placed), in the Dtm's row order.
    - ``labels``: the model's topic labels (``topic``, ``label``, ``share`` over all documents), for
      legends; they are the model's, not the periods'.
    - ``freq``: the bin size; ``n_terms``.
    """

    terms: pd.DataFrame
    shares: pd.DataFrame
    periods: pd.DataFrame
    labels: pd.DataFrame
    freq: str
    n_terms: int

    def __repr__(self) -> str:
        n = self.shares[S.PERIOD].nunique() if len(self.shares) else 0
        return f"TopicsOverTime({n} {self.freq} periods, {self.labels[TOPIC].nunique()} topics)"

    def words(self, n: int = 5) -> pd.DataFrame:
        """A wide view: one row per period, one column per topic, its ``n`` top words joined by " · "."""
        n = check_int("n", n, min=1)
        top = self.terms[self.terms[RANK] <= n]
        if top.empty:
            return pd.DataFrame(index=pd.Index([], name=S.PERIOD))
        joined = top.groupby([S.PERIOD_START, S.PERIOD, TOPIC], sort=True)[TERM].agg(" · ".join).reset_index()
        wide = joined.pivot(index=[S.PERIOD_START, S.PERIOD], columns=TOPIC, values=TERM).sort_index()
        wide.index = wide.index.get_level_values(S.PERIOD)
        wide.columns = [f"topic {t}" for t in wide.columns]
        return wide.fillna("")


def topics_over_time(
    topics: Topics, dtm: Dtm, freq: str = "year", n_terms: int = 10, min_share: float = 0.05, *,
    counts: str = "main",
) -> TopicsOverTime:
    """Each topic's share and its characteristic words in each period of ``freq``.

    ``topics``: a :class:`Topics` (from :func:`nqp.topics` or ``TopicScan.topics``); ``dtm``: the
    count :class:`~nqp.Dtm` of the same documents in the same order (the one the model was fitted
    on, before ``min_chars``: only the model's vocabulary is used). Documents are binned by
    :func:`nqp.date_bins` (a date never placed in a bin finer than its precision; unplaced
    documents are left out, logged).

    For a period p and topic c, with ``x_dt`` the count of term t in document d and ``w_dc`` the
    document's part in c: 1 for its heaviest topic and 0 for the others (``counts="main"``, the default, as
    BERTopic counts a document in its topic), or its weight on c (``counts="share"``, rows sum to 1; every
    document then lends its words to every topic, and a period's common words top all of them): the
    topic's term mass ``m_ct = sum_d w_dc x_dt`` over the documents d of p; ``tf_ct = m_ct / sum_t m_ct``; ``f_t = sum_c m_ct`` (the term's occurrences in
    p); ``A`` the mean of ``sum_t m_ct`` over the topics present in p; the weight is ``tf_ct *
    log(1 + A / f_t)``. Everything comes from the period's own documents (no look-ahead: a
    period's rows do not change when documents of other periods are added or removed). The topic
    weights are the model's: fit the model on documents up to a date (and ``TopicModel.transform``
    later ones) for a strictly out-of-sample reading.

    ``n_terms``: words kept per topic and period. ``min_share``: a topic gets words in a period only
    when its share there is at least this (default 5%): the words of a topic that is barely present
    would only echo the period's other topics (in a one-document period every topic's weighted
    counts are proportional). Returns a :class:`TopicsOverTime`.
    """
    if not isinstance(topics, Topics):
        raise NqpTypeError(f"topics: expected the Topics of nqp.topics, got {type(topics).__name__}.")
    if not isinstance(dtm, Dtm):
        raise NqpTypeError(f"dtm: expected the count nqp.Dtm the topics were fitted on, got {type(dtm).__name__}.")
    if freq not in FREQS:
        raise NqpValueError(f"freq={freq!r}: expected one of {FREQS}.")
    n_terms = check_int("n_terms", n_terms, min=1)
    min_share = check_number("min_share", min_share, min=0, max=1)
    if counts not in ("main", "share"):
        raise NqpValueError(f"counts={counts!r}: expected 'main' (a document counts for its heaviest topic) or 'share'.")
    if dtm.matrix.dtype.kind == "f":
        raise NqpValueError("dtm: expected counts, but this Dtm holds weights (after nqp.tfidf?); pass the count Dtm.")
    docs = topics.docs
    ids = _id_columns(docs)
    if dtm.shape[0] != len(docs) or any(
        c not in dtm.docs.columns or not np.array_equal(dtm.docs[c].to_numpy(), docs[c].to_numpy()) for c in ids
    ):
        raise NqpValueError(
            f"dtm: its {dtm.shape[0]} documents are not the {len(docs)} documents of the topics, in the same order; "
            "pass the Dtm the model was fitted on."
        )
    vocab = topics.model.vocab_ if getattr(topics.model, "vocab_", None) is not None else None
    if vocab is not None:
        pos = pd.Index(dtm.vocab).get_indexer(vocab)
        if (pos < 0).any():
            raise NqpValueError(
                f"dtm: {int((pos < 0).sum())} terms of the model are not in its vocabulary; pass the Dtm the model "
                "was fitted on."
            )
        matrix, terms = sp.csr_matrix(dtm.matrix[:, pos]), np.asarray(vocab, dtype=object)
    else:
        matrix, terms = sp.csr_matrix(dtm.matrix), np.asarray(dtm.vocab, dtype=object)
    k = topics.k
    weights = topics.doc_topics[WEIGHT].to_numpy().reshape(len(docs), k)
    bins = date_bins(docs, freq)
    label = bins["bin"].to_numpy(dtype=object)
    start = pd.to_datetime(bins["bin_start"]).to_numpy()
    has = weights.sum(axis=1) > 0
    use = bins["placed"].to_numpy(bool) & has
    if (~has & bins["placed"].to_numpy(bool)).any():
        log.info("topics_over_time: %d dated documents with no topic weight left out", int((~has & bins["placed"]).sum()))
    periods = docs[ids].reset_index(drop=True).assign(**{S.PERIOD: bins["bin"].to_numpy(), S.PERIOD_START: bins["bin_start"].to_numpy()})
    term_rows, share_rows = [], []
    order = np.arange(len(terms))
    if use.any():
        keys = pd.DataFrame({"start": start[use], "label": label[use], "row": np.flatnonzero(use)})
        for (p_start, p_label), g in keys.groupby(["start", "label"], sort=True):
            rows = g["row"].to_numpy()
            w = weights[rows]
            x = matrix[rows]
            part = w if counts == "share" else np.eye(k)[np.argmax(w, axis=1)]  # ties: the lower topic
            mass = np.asarray((sp.csr_matrix(part.T) @ x).todense(), dtype=np.float64)  # topics x terms
            p_end = pd.Timestamp(p_start) + _STEP[freq]
            share = w.mean(axis=0)
            for t in range(k):
                share_rows.append((p_label, pd.Timestamp(p_start), p_end, t + 1, float(share[t]), len(rows)))
            total = mass.sum(axis=1)
            present = total > 0
            if not present.any():
                continue
            freq_t = mass.sum(axis=0)
            avg = total[present].mean()
            idf = np.zeros_like(freq_t)
            np.log1p(avg / np.where(freq_t > 0, freq_t, 1.0), out=idf, where=freq_t > 0)
            for t in np.flatnonzero(present & (share >= min_share - 1e-12)):
                score = mass[t] / total[t] * idf
                nz = np.flatnonzero(mass[t] > 0)
                top = nz[np.lexsort((order[nz], -score[nz]))][:n_terms]
                for r, j in enumerate(top, start=1):
                    term_rows.append((p_label, pd.Timestamp(p_start), t + 1, terms[j], float(score[j]), float(mass[t, j]), r))
    else:
        log.info("topics_over_time: no document could be placed in a %s bin (undated or coarser dates); the tables "
                 "are empty", freq)
    terms_table = pd.DataFrame(term_rows, columns=PERIOD_TERM_COLUMNS)
    shares_table = pd.DataFrame(share_rows, columns=PERIOD_SHARE_COLUMNS)
    if len(terms_table):
        terms_table = terms_table.astype({TOPIC: int, RANK: int})
    if len(shares_table):
        shares_table = shares_table.astype({TOPIC: int, "n_docs": int})
    return TopicsOverTime(
        terms=terms_table,
        shares=shares_table,
        periods=periods,
        labels=topics.labels[[TOPIC, S.LABEL, SHARE]].reset_index(drop=True),
        freq=freq,
        n_terms=n_terms,
    )

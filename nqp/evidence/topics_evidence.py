"""Quoting topics: the sentences that carry each topic of a :class:`~nqp.Topics` (:func:`topics_exemplars`), and
each topic in each period of a :class:`~nqp.TopicsOverTime` (:func:`topics_over_time_exemplars`)."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpTypeError, NqpValueError
from .._deprecation import deprecated_alias
from ..models.topic_fit import EXEMPLAR_COLUMNS, Topics
from ..models.topic_periods import TopicsOverTime
from ..schema import LABEL, RANK, TERM, TOPIC, WEIGHT
from ..text import sentence_spans, term_pattern

log = logging.getLogger(__name__)

__all__ = ["topic_exemplars", "topics_exemplars", "topics_over_time_exemplars"]


def topics_exemplars(
    topics: Topics,
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
    if not isinstance(topics, Topics):
        raise NqpTypeError(f"topics: expected the Topics returned by nqp.topics, got {type(topics).__name__}.")
    if not isinstance(articles, pd.DataFrame) or S.TEXT not in articles.columns:
        raise NqpTypeError("articles: expected the articles DataFrame of nqp.clean, with a 'text' column.")
    n = check_int("n", n, min=1)
    n_terms = check_int("n_terms", n_terms, min=1)
    max_chars = check_int("max_chars", max_chars, min=1)
    n_docs = check_int("n_docs", n_docs, min=1)
    key = S.ARTICLE_ID if S.ARTICLE_ID in topics.doc_topics.columns and S.ARTICLE_ID in articles.columns else S.DOC_ID
    if key not in topics.doc_topics.columns or key not in articles.columns:
        raise NqpValueError(f"articles: cannot join to the topic model: need a '{key}' column in both.")
    orig_col = "text_orig" if "text_orig" in articles.columns else S.TEXT
    if orig_col == S.TEXT:
        log.info("topics_exemplars: articles have no 'text_orig'; quoting the analysis text")
    lookup = articles.drop_duplicates(key).set_index(key)
    tt = topics.topic_terms
    dt = topics.doc_topics
    rows = []
    for t in range(1, topics.k + 1):
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
                raise NqpValueError(
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
        label = topics.labels.loc[topics.labels[TOPIC] == t, LABEL].iloc[0]
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


def topics_over_time_exemplars(
    topics: Topics,
    over_time: TopicsOverTime,
    articles: pd.DataFrame,
    n: int = 2,
    max_chars: int = 160,
    n_docs: int = 20,
) -> pd.DataFrame:
    """The sentences that carry each topic in each period, scored by that period's words.

    For each period of ``over_time`` (:func:`nqp.topics_over_time` on ``topics``), the choice of
    :func:`topics_exemplars` (same scoring and rules) made among the period's documents only, with the
    topic's words *in that period* (``over_time.terms``, their class-based TF-IDF as weights): so a
    period's quotes come from that period and show its vocabulary. ``articles``: the table of
    ``nqp.clean``. Returns ``period``, ``period_start``, then the columns of
    :func:`topics_exemplars`; sorted by period start, topic, rank. A topic without words in a period
    has no quote there.
    """
    if not isinstance(topics, Topics):
        raise NqpTypeError(f"topics: expected the Topics returned by nqp.topics, got {type(topics).__name__}.")
    if not isinstance(over_time, TopicsOverTime):
        raise NqpTypeError(f"over_time: expected the result of nqp.topics_over_time, got {type(over_time).__name__}.")
    n = check_int("n", n, min=1)
    periods = over_time.periods
    if len(periods) != len(topics.docs):
        raise NqpValueError(
            f"over_time: it has {len(periods)} documents, the topics {len(topics.docs)}; compute it with "
            "nqp.topics_over_time(topics, dtm)."
        )
    columns = [S.PERIOD, S.PERIOD_START, *EXEMPLAR_COLUMNS]
    k = topics.k
    period_of_row = periods[S.PERIOD].to_numpy(dtype=object)
    doc_period = np.repeat(period_of_row, k)  # doc_topics: k rows per document, in document order
    out = []
    for (p_start, period), terms in over_time.terms.groupby([S.PERIOD_START, S.PERIOD], sort=True):
        part = replace(
            topics,
            topic_terms=terms[[TOPIC, TERM, WEIGHT, RANK]].reset_index(drop=True),
            doc_topics=topics.doc_topics[doc_period == period].reset_index(drop=True),
        )
        quotes = topics_exemplars(part, articles, n=n, n_terms=over_time.n_terms, max_chars=max_chars, n_docs=n_docs)
        if len(quotes):
            out.append(quotes.assign(**{S.PERIOD: period, S.PERIOD_START: p_start}))
    if not out:
        return pd.DataFrame(columns=columns)
    return pd.concat(out, ignore_index=True)[columns]


topic_exemplars = deprecated_alias(topics_exemplars, "topic_exemplars", renames={"result": "topics"})

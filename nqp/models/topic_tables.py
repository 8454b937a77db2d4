"""Topic shares per group and per date bin (:func:`topics_shares`)."""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..dates import date_bins
from ..errors import NqpTypeError, NqpValueError
from ..schema import GROUP, LABEL, SHARE, TOPIC, WEIGHT
from .._deprecation import deprecated_alias
from .topic_fit import Topics

log = logging.getLogger(__name__)

__all__ = ["topic_shares", "topics_shares"]


def topics_shares(topics: Topics, by: str = S.OUTLET, freq: str = "month") -> pd.DataFrame:
    """Mean topic weight per group: per ``docs`` column ``by``, or per date bin when ``by="date"``.

    Every document with any topic weight counts once (its weights sum to 1), so a group's shares
    sum to 1. With ``by="date"`` documents are binned at ``freq`` by :func:`date_bins`, which never
    places a month-precision date on a day: documents that cannot be placed are left out (logged).

    Returns ``group``, ``topic``, ``label``, ``share``, ``n_docs``, and ``bin_start`` for dates;
    sorted by group (by bin start for dates, else by name) then topic.
    """
    if not isinstance(topics, Topics):
        raise NqpTypeError(f"topics: expected the Topics returned by nqp.topics, got {type(topics).__name__}.")
    docs = topics.docs
    weights = topics.doc_topics[WEIGHT].to_numpy().reshape(len(docs), topics.k)
    if by == "date" or by == S.DATE:
        bins = date_bins(docs, freq)
        keys = bins["bin"]
        starts = bins["bin_start"]
    else:
        if by not in docs.columns:
            raise NqpValueError(f"by: no column {by!r} in the documents (have {list(docs.columns)}); or use by='date'.")
        keys = docs[by].astype("string").fillna("(none)")
        starts = None
    has = weights.sum(axis=1) > 0
    if (~has).any():
        log.info("topics_shares: %d documents with no topic weight left out", int((~has).sum()))
    ok = has & keys.notna().to_numpy()
    columns = [GROUP] + (["bin_start"] if starts is not None else []) + [TOPIC, LABEL, SHARE, "n_docs"]
    if not ok.any():
        log.info("topics_shares: no document could be placed in a group (by=%r, freq=%r); the table is empty", by, freq)
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(weights[ok], columns=list(range(1, topics.k + 1)))
    frame[GROUP] = keys.to_numpy()[ok]
    means = frame.groupby(GROUP, sort=True).mean()
    counts = frame.groupby(GROUP, sort=True).size()
    long = means.reset_index().melt(id_vars=GROUP, var_name=TOPIC, value_name=SHARE)
    long[TOPIC] = long[TOPIC].astype(int)
    long["n_docs"] = long[GROUP].map(counts).astype(int)
    long = long.merge(topics.labels[[TOPIC, LABEL]], on=TOPIC, how="left")
    if starts is not None:
        first = pd.Series(starts.to_numpy()[ok], index=frame.index).groupby(frame[GROUP]).min()
        long["bin_start"] = long[GROUP].map(first)
        long = long.sort_values(["bin_start", TOPIC], kind="stable")
        return long[[GROUP, "bin_start", TOPIC, LABEL, SHARE, "n_docs"]].reset_index(drop=True)
    long = long.sort_values([GROUP, TOPIC], kind="stable")
    return long[[GROUP, TOPIC, LABEL, SHARE, "n_docs"]].reset_index(drop=True)


topic_shares = deprecated_alias(topics_shares, "topic_shares", renames={"result": "topics"})

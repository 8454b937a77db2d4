"""Collocations and co-occurrence networks: pairs of terms that occur together more often than chance.

PMI ``log2(O11 · N / (R1 · C1))`` and G² (:func:`nqp.stats._tables.g2`) from the 2×2 co-occurrence
table, where the units are sentences (``window=None``) or co-occurrence events within ``window``
tokens.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpTypeError, NqpValueError
from ..matrix import TOKENS, check_tokens
from ._tables import _encode, _window_pairs, g2
from .keyness_stats import CORRECTIONS, p_adjust

log = logging.getLogger(__name__)

__all__ = ["collocations", "cooccurrence_network"]

SORTS = ("g2", "pmi")


def _segments(tokens: pd.DataFrame, window):
    """Flat term codes, a segment id per token (rows, or sentences of a long table) and the sorted vocab."""
    if TOKENS in tokens.columns:
        if window is None:
            log.info("collocations: window=None on a tokens table counts co-occurrence within each row (article); "
                     "pass nqp.tokenize_long(...) for sentences")
        codes, segment, vocab = _encode(check_tokens(tokens))
        return codes, segment, vocab, len(tokens)
    if "token" not in tokens.columns:
        raise NqpValueError("tokens: expected the tokens table of nqp.tokenize (a 'tokens' column) or its long table "
                       f"(a 'token' column); got columns {list(tokens.columns)}")
    if len(tokens) == 0:
        raise NqpValueError("tokens: no rows.")
    unit = [c for c in (S.DOC_ID, S.ARTICLE_ID, "sentence") if c in tokens.columns]
    order = unit + [c for c in ("position", "start") if c in tokens.columns]
    t = tokens.sort_values(order, kind="stable") if order else tokens
    segment = t.groupby(unit, sort=False).ngroup().to_numpy() if unit else np.zeros(len(t), dtype=np.int64)
    codes, vocab = pd.factorize(t["token"].astype(object).to_numpy(), sort=True)
    n_seg = int(segment.max()) + 1 if len(segment) else 0
    return codes.astype(np.int64), segment.astype(np.int64), np.asarray(vocab, dtype=object), n_seg


def collocations(
    tokens: pd.DataFrame,
    *,
    window: int | None = 5,
    term: str | list[str] | None = None,
    min_count: int = 3,
    ordered: bool = False,
    sort: str = "g2",
    correction: str = "bh",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Pairs of terms that occur together more often than chance: PMI and log-likelihood (G²).

    ``tokens``: the tokens table of ``nqp.tokenize`` (windows stay inside a row) or its long table
    (:func:`nqp.tokenize_long`: ``token`` with ``sentence``; windows stay inside a sentence).
    ``window``: an int >= 2 counts each pair of token positions less than ``window`` apart; the
    2×2 table is over those co-occurrence events (``count1`` = events involving term1, ``n`` = all
    events, each counted once per side). ``window=None`` counts *contexts* instead: sentences of
    the long table (rows of a tokens table) containing both terms; ``count1`` = contexts with term1,
    ``n`` = contexts. ``ordered``: term1 must come first (window mode only); otherwise term1 < term2.
    ``term``: keep only pairs involving this term (or these terms); it is then put in ``term1``.
    ``min_count``: pairs seen fewer times are dropped (PMI overrates rare pairs).

    ``p_value``: G² against the chi-squared distribution with one degree of freedom; ``p_adjusted``
    corrects it for the number of pairs reported (``correction``: "bh", the Benjamini-Hochberg
    false-discovery rate, "bonferroni" or "none"); ``significant``: ``p_adjusted < alpha`` and the
    pair seen more often than chance would have it (``pmi > 0``; G² alone is two-sided).

    Returns (:data:`nqp.schema.COLLOCATION_COLUMNS`) ``term1``, ``term2``, ``count``, ``count1``,
    ``count2``, ``n``, ``pmi`` (log2), ``g2``, ``p_value``, ``p_adjusted``, ``significant``, sorted by
    ``sort`` ("g2" or "pmi") descending, then term1, term2.
    """
    check_choice("sort", sort, SORTS)
    check_choice("correction", correction, CORRECTIONS)
    alpha = check_number("alpha", alpha, min=0, max=1)
    window = check_int("window", window, min=2, allow_none=True)  # None: whole sentences
    if window is None and ordered:
        raise NqpValueError("ordered=True needs a window: within a sentence there is no single order of a pair")
    min_count = check_int("min_count", min_count, min=1)
    if not isinstance(tokens, pd.DataFrame):
        raise NqpTypeError(f"tokens: expected a DataFrame (nqp.tokenize's table); got {type(tokens).__name__}")
    codes, segment, vocab, n_seg = _segments(tokens, window)
    focus = None
    if term is not None:
        wanted = [term] if isinstance(term, str) else list(term)
        pos = np.searchsorted(vocab.astype(str), wanted)
        present = [w for w, p in zip(wanted, pos) if p < len(vocab) and vocab[p] == w]
        if not present:
            log.info("collocations: %r does not occur in the tokens", wanted)
            return pd.DataFrame(columns=S.COLLOCATION_COLUMNS)
        focus = np.zeros(len(vocab), dtype=bool)
        focus[np.searchsorted(vocab.astype(str), present)] = True
    V = len(vocab)
    if window is None:
        x = sp.csr_matrix((np.ones(len(codes)), (segment, codes)), shape=(n_seg, V))
        x.data[:] = 1.0  # binary: a context has the term or not
        df = np.asarray(x.sum(axis=0)).ravel()
        row_terms = np.flatnonzero(focus) if focus is not None else np.arange(V)
        co = sp.coo_matrix(x[:, row_terms].T @ x) if focus is not None else sp.coo_matrix(sp.triu(x.T @ x, k=1))
        t1, t2, cnt = row_terms[co.row].astype(np.int64), co.col.astype(np.int64), co.data
        r1, r2 = df[t1], df[t2]
        n = float(n_seg)
    else:
        i, j = _window_pairs(codes, segment, int(window))
        a, b = codes[i], codes[j]
        keep = a != b
        a, b = a[keep], b[keep]
        c = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(V, V))
        m = c if ordered else sp.csr_matrix(c + c.T)
        rows = np.asarray(m.sum(axis=1)).ravel()
        cols = np.asarray(m.sum(axis=0)).ravel()
        n = float(m.sum())
        mc = sp.coo_matrix(m)
        t1, t2, cnt = mc.row.astype(np.int64), mc.col.astype(np.int64), mc.data
        if focus is None:
            keep = np.ones(len(t1), dtype=bool) if ordered else t1 < t2
        elif ordered:
            keep = focus[t1] | focus[t2]
        else:  # each unordered pair is stored both ways: keep the one with a focus term first
            keep = focus[t1]
        t1, t2, cnt = t1[keep], t2[keep], cnt[keep]
        r1, r2 = rows[t1], cols[t2]
    if focus is not None and not ordered:  # a pair of two focus terms once, in term order
        keep = (t1 != t2) & (~focus[t2] | (t1 < t2))
        t1, t2, cnt, r1, r2 = t1[keep], t2[keep], cnt[keep], r1[keep], r2[keep]
    keep = cnt >= min_count
    t1, t2, cnt, r1, r2 = t1[keep], t2[keep], cnt[keep], r1[keep], r2[keep]
    with np.errstate(divide="ignore"):
        pmi = np.log2(cnt * n / (r1 * r2)) if len(cnt) else np.array([])
    o11, o12, o21 = cnt, r1 - cnt, r2 - cnt
    o22 = n - r1 - r2 + cnt
    out = pd.DataFrame(
        {
            "term1": vocab[t1].astype(object) if len(t1) else np.array([], dtype=object),
            "term2": vocab[t2].astype(object) if len(t2) else np.array([], dtype=object),
            "count": cnt.astype(np.int64),
            "count1": np.asarray(r1).astype(np.int64),
            "count2": np.asarray(r2).astype(np.int64),
            "n": np.full(len(cnt), int(n), dtype=np.int64),
            "pmi": pmi,
            "g2": g2(o11, o12, o21, o22),
        }
    )
    from scipy.stats import chi2  # scipy.stats costs a second to import: paid by the first call, not by import nqp

    out["p_value"] = chi2.sf(out["g2"].to_numpy(), 1) if len(out) else np.array([])
    out["p_adjusted"] = p_adjust(out["p_value"].to_numpy(), correction)
    out["significant"] = (out["p_adjusted"] < alpha) & (out["pmi"] > 0)
    out = out.sort_values([sort, "term1", "term2"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)


def cooccurrence_network(
    tokens: pd.DataFrame,
    term: str,
    *,
    window: int | None = 5,
    top: int = 15,
    measure: str = "g2",
    min_count: int = 2,
):
    """The co-occurrence network around ``term`` as a ``networkx.Graph``.

    Nodes: ``term`` and its ``top`` collocates by ``measure`` ("g2" or "pmi", see
    :func:`collocations`, pairs seen at least ``min_count`` times). Edges: every pair among those
    nodes seen at least ``min_count`` times, with attributes ``count``, ``pmi``, ``g2``. Node
    attributes: ``count`` (the term's co-occurrence total, ``count1`` of :func:`collocations`) and
    ``center`` (True for ``term``). Nodes are added in sorted order, so layouts are reproducible.
    """
    import networkx as nx

    top = check_int("top", top, min=1)
    first = collocations(tokens, window=window, term=term, min_count=min_count, sort=measure)
    graph = nx.Graph(term=term, window=window, measure=measure)
    if first.empty:
        log.info("cooccurrence_network: %r has no collocate seen %d times or more", term, min_count)
        return graph
    nodes = [term] + first["term2"].head(top).tolist()
    pairs = collocations(tokens, window=window, term=nodes, min_count=min_count, sort=measure)
    pairs = pairs[pairs["term1"].isin(nodes) & pairs["term2"].isin(nodes)]
    counts = pd.concat([pairs[["term1", "count1"]].set_axis(["t", "c"], axis=1),
                        pairs[["term2", "count2"]].set_axis(["t", "c"], axis=1)]).groupby("t")["c"].max()
    for node in sorted(nodes):
        graph.add_node(node, count=int(counts.get(node, 0)), center=node == term)
    for row in pairs.sort_values(["term1", "term2"]).itertuples(index=False):
        a, b = sorted((row.term1, row.term2))
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, count=int(row.count), pmi=float(row.pmi), g2=float(row.g2))
    return graph

"""Building blocks shared by the statistics of this folder (private: nothing here is public API).

- :func:`_top_per_row`: the ``top`` largest entries of each row of a sparse matrix, ties broken by
  column, in linear time (a bucketed preselection, :func:`_top_block`, then an exact sort of the
  candidates). Keywords and word clouds rank with it.
- :func:`_long_table`: the long keywords table from those arrays.
- :func:`g2` and :func:`chi2`: the one G² (log-likelihood) and Pearson χ² of 2×2 tables, used by
  keyness and collocations.
- row labels and token encoding shared by keywords and collocations.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from ..errors import NqpValueError
from ..matrix import TOKENS

log = logging.getLogger(__name__)

__all__: list[str] = []


def _row_id_column(docs: pd.DataFrame) -> str:
    for col in (S.ARTICLE_ID, S.DOC_ID):
        if col in docs.columns:
            return col
    raise NqpValueError(
        f"by=None ranks each row, labelled by its 'article_id' or 'doc_id', but the input has neither "
        f"(columns {list(docs.columns)}). Pass by=COLUMN or add an id column."
    )


#: value buckets per row used to find each row's candidates before the exact sort
_BUCKETS = 64


def _top_block(m: sp.csr_matrix, top: int):
    """(row, column, value, rank, entry) of the ``top`` largest entries of each row, sorted by row then rank.

    ``m``: CSR (column indices in any order within a row). Ties in value are broken by column (the
    vocabulary is sorted, so: by term); zeros are never returned. ``entry`` indexes ``m.data``. Linear-time
    preselection: each row's values are put in 64 equal buckets between the row's max and min;
    the candidates are the entries of the highest buckets that together hold at least
    ``top`` entries, a set that contains every entry >= the row's ``top``-th largest value. Only the
    candidates are then sorted exactly.
    """
    n_rows = m.shape[0]
    lengths = np.diff(m.indptr)
    itype = np.int32 if n_rows * _BUCKETS < 2**31 else np.int64  # halves memory traffic on big matrices
    rows = np.repeat(np.arange(n_rows, dtype=itype), lengths)
    data = m.data
    idx = None  # entries still in the running (None: all)
    if (data == 0).any():
        idx = np.flatnonzero(data != 0)
        rows, data = rows[idx], data[idx]
        lengths = np.bincount(rows, minlength=n_rows)
    if len(data) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float), empty, empty
    if lengths.max() > top:
        nonempty = lengths > 0
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
        lo = np.zeros(n_rows)
        hi = np.zeros(n_rows)
        lo[nonempty] = np.minimum.reduceat(data, starts)
        hi[nonempty] = np.maximum.reduceat(data, starts)
        span = hi - lo
        scale = np.divide(_BUCKETS, span, out=np.zeros(n_rows), where=span > 0)
        # bucket 0 holds each row's largest values; a row of equal values is all in bucket 0
        work = hi[rows]
        work -= data
        work *= scale[rows]
        bucket = work.astype(itype)
        del work
        np.minimum(bucket, _BUCKETS - 1, out=bucket)
        key = rows * itype(_BUCKETS)
        key += bucket
        hist = np.bincount(key, minlength=n_rows * _BUCKETS).reshape(n_rows, _BUCKETS)
        del key
        enough = np.cumsum(hist, axis=1) >= top
        last = np.where(enough.any(axis=1), enough.argmax(axis=1), _BUCKETS - 1).astype(itype)
        sel = np.flatnonzero(bucket <= last[rows])
        del bucket
        rows, data = rows[sel], data[sel]
        idx = sel if idx is None else idx[sel]
    entry = np.arange(len(data)) if idx is None else idx
    cols = m.indices[entry]
    # sort each row's candidates by value descending, then column: two stable sorts of a padded block
    counts = np.bincount(rows, minlength=n_rows)
    width = int(counts.max())
    if n_rows * width <= 8 * len(rows) + 1_000_000:
        cstart = np.concatenate([[0], np.cumsum(counts)[:-1]])
        slot = np.arange(len(rows)) - cstart[rows]
        pad_col = np.full((n_rows, width), np.iinfo(np.int64).max)
        pad_col[rows, slot] = cols
        by_col = np.argsort(pad_col, axis=1, kind="stable")
        pad_val = np.full((n_rows, width), np.inf)
        pad_val[rows, slot] = -data
        pad_val = np.take_along_axis(pad_val, by_col, axis=1)
        k = min(top, width)
        order = np.argsort(pad_val, axis=1, kind="stable")[:, :k]
        valid = np.take_along_axis(pad_val, order, axis=1) < np.inf
        pos = (cstart[:, None] + np.take_along_axis(by_col, order, axis=1))[valid]
        rank = np.broadcast_to(np.arange(1, k + 1, dtype=np.int64), (n_rows, k))[valid]
    else:
        order = np.lexsort((cols, -data, rows))
        first_of_row = np.searchsorted(rows[order], rows[order], side="left")
        rank_all = np.arange(len(order)) - first_of_row + 1
        pos, rank = order[rank_all <= top], rank_all[rank_all <= top]
    return rows[pos], cols[pos].astype(np.int64), data[pos], rank, entry[pos]


#: entries per block of rows in :func:`_top_per_row`: small temporaries stay in cache and are reused by
#: the allocator instead of being mapped afresh (page faults cost more than the arithmetic here)
_BLOCK = 1 << 17


def _top_per_row(matrix: sp.csr_matrix, top: int):
    """(row, column, value, rank, entry) of the ``top`` largest entries of each row, sorted by row then rank.

    Ties in value are broken by column (the vocabulary is sorted, so: by term); zeros are never
    returned. ``entry`` indexes ``matrix.data``; the column indices of a row may be in any order.
    Works through blocks of rows of about 131,000 entries each (see :func:`_top_block`).
    """
    m = sp.csr_matrix(matrix)
    n_rows = m.shape[0]
    if m.nnz <= _BLOCK:
        return _top_block(m, top)
    cuts = [0]
    while cuts[-1] < n_rows:
        target = m.indptr[cuts[-1]] + _BLOCK
        cuts.append(max(cuts[-1] + 1, min(n_rows, int(np.searchsorted(m.indptr, target, side="right")) - 1)))
    parts = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        r, c, v, k, e = _top_block(m[a:b], top)
        parts.append((r + a, c, v, k, e + m.indptr[a]))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(5))



def _long_table(labels, vocab, rows, cols, scores, ranks, counts=None) -> pd.DataFrame:
    """The keywords table from (row, column, score, rank) arrays sorted by row then rank.

    Rows are reordered so that groups come in sorted label order (they usually already do).
    """
    labels = np.asarray(labels, dtype=object)
    if len(labels) > 1 and not (labels[:-1] <= labels[1:]).all():
        label_rank = np.empty(len(labels), dtype=np.int64)
        label_rank[np.argsort(labels.astype(str), kind="stable")] = np.arange(len(labels))
        order = np.argsort(label_rank[rows], kind="stable")
        rows, cols, scores, ranks = rows[order], cols[order], scores[order], ranks[order]
        counts = None if counts is None else np.asarray(counts)[order]
    n = len(rows)
    if counts is None:
        count = pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    else:
        count = pd.array(np.asarray(counts, dtype=np.int64), dtype="Int64")
    return pd.DataFrame(
        {
            "group": pd.array(labels, dtype="str").take(rows),
            "term": pd.array(np.asarray(vocab, dtype=object), dtype="str").take(cols),
            "score": np.asarray(scores, dtype=float),
            "rank": np.asarray(ranks, dtype=np.int64),
            "count": count,
        }
    )[S.KEYWORD_COLUMNS]


def _encode(tokens: pd.DataFrame):
    """Flat term codes (codes follow sorted term order), row index per token, and the sorted vocab."""
    lists = tokens[TOKENS].tolist()
    lengths = np.fromiter((len(t) for t in lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter((w for t in lists for w in t), dtype=object, count=int(lengths.sum()))
    codes, vocab = pd.factorize(flat, sort=True)
    row = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    return codes.astype(np.int64), row, np.asarray(vocab, dtype=object)


def _window_pairs(codes: np.ndarray, segment: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), i < j < i + window, inside the same segment, in a fixed order."""
    left, right = [], []
    n = len(codes)
    for k in range(1, window):
        if k >= n:
            break
        i = np.arange(n - k)
        same = segment[i] == segment[i + k]
        left.append(i[same])
        right.append(i[same] + k)
    if not left:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(left), np.concatenate(right)


def _expected(cells):
    n = sum(cells)
    r = (cells[0] + cells[1], cells[2] + cells[3])
    c = (cells[0] + cells[2], cells[1] + cells[3])
    with np.errstate(divide="ignore", invalid="ignore"):
        return (r[0] * c[0] / n, r[0] * c[1] / n, r[1] * c[0] / n, r[1] * c[1] / n)


def _sum_over_cells(o11, o12, o21, o22, term) -> np.ndarray:
    """``sum(term(observed, expected))`` over the four cells of each 2×2 table (vectorized)."""
    cells = [np.asarray(x, dtype=float) for x in (o11, o12, o21, o22)]
    out = np.zeros(np.broadcast(*cells).shape)
    for o, e in zip(cells, _expected(cells)):
        with np.errstate(divide="ignore", invalid="ignore"):
            out += term(o, e)
    return out


def _g2_term(o, e):
    return np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / np.where(e > 0, e, 1)), 0.0)


def _chi2_term(o, e):
    return np.where(e > 0, (o - e) ** 2 / np.where(e > 0, e, 1), 0.0)


def g2(o11, o12, o21, o22) -> np.ndarray:
    """G² (log-likelihood ratio, one degree of freedom) of 2×2 tables given by their four cells.

    Vectorized: each argument is an array (or a scalar broadcast against the others) of observed
    counts, ``o11`` ``o12`` the first row, ``o21`` ``o22`` the second. ``0 · ln 0 = 0``; never negative.
    Keyness passes (term in target, term in reference, other target tokens, other reference tokens);
    collocations (pair, term1 without term2, term2 without term1, neither).
    """
    return np.maximum(2 * _sum_over_cells(o11, o12, o21, o22, _g2_term), 0.0)


def chi2(o11, o12, o21, o22) -> np.ndarray:
    """Pearson's χ² (no continuity correction) of the 2×2 tables of :func:`g2`, same arguments."""
    return _sum_over_cells(o11, o12, o21, o22, _chi2_term)

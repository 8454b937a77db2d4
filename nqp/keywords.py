"""Keywords, keyness, collocations, co-occurrence networks and word clouds, on nqp's own tokens.

Every function takes the ``tokens`` table of :func:`nqp.tokenize` (one row per article, a ``tokens``
column of ``list[str]``) or a count :class:`~nqp.dtm.Dtm` built from it, and returns a long
DataFrame whose columns and row order are documented in its docstring. Nothing here segments text
a second time, except :func:`keywords_jieba`, which exists to show what jieba's own keyword
extractor would say instead.

Statistics used (all on raw counts):

- **TF-IDF** (:func:`keywords`): a group's summed counts times scikit-learn's smoothed IDF computed
  over the *rows* of the input (the articles), ``idf = ln((1 + n) / (1 + df)) + 1``, then
  l2-normalized per group. A group of one row gets exactly that row's ``nqp.tfidf`` weights.
- **TextRank** (:func:`keywords`): PageRank (damping 0.85) on the undirected graph of terms that
  occur within ``window`` tokens of each other in the same row (self-pairs ignored, edge weight =
  number of co-occurrences), one graph per group; scores divided by the group's highest score.
- **Keyness** (:func:`keyness`): for each term the 2×2 table (term / other terms × target /
  reference). G² (log-likelihood ratio) and Pearson's χ² (no continuity correction), both with one
  degree of freedom; p-values from G²; Benjamini-Hochberg (false-discovery rate, default) or
  Bonferroni (family-wise error) correction over every term tested; the log-ratio effect size of
  Hardie (2014), ``log2((a/A) / (b/B))`` with a zero count replaced by 0.5.
- **Collocations** (:func:`collocations`): PMI ``log2(O11 · N / (R1 · C1))`` and G² from the 2×2
  co-occurrence table, where the units are sentences (``window=None``) or co-occurrence events
  within ``window`` tokens.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schema as S
from .dtm import TOKENS, Dtm, dtm, dtm_group, group_keys
from .errors import NqpError
from .fonts import use_cjk_font

log = logging.getLogger("nqp")

KEYWORD_COLUMNS = ["group", "term", "score", "rank", "count"]
KEYNESS_COLUMNS = [
    "term", "direction", "target_count", "reference_count", "target_per_10k", "reference_per_10k",
    "g2", "chi2", "log_ratio", "p_value", "p_adjusted", "significant",
]
EXEMPLAR_COLUMNS = ["exemplar", "exemplar_doc_id", "exemplar_article_id", "exemplar_start", "exemplar_end"]
COLLOCATION_COLUMNS = ["term1", "term2", "count", "count1", "count2", "n", "pmi", "g2"]
METHODS = ("tfidf", "textrank")
CORRECTIONS = ("bh", "bonferroni", "none")


# ---------------------------------------------------------------------------------------------
# shared helpers


def _row_id_column(docs: pd.DataFrame) -> str:
    for col in (S.ARTICLE_ID, S.DOC_ID):
        if col in docs.columns:
            return col
    raise NqpError(
        f"by=None ranks each row, labelled by its 'article_id' or 'doc_id', but the input has neither "
        f"(columns {list(docs.columns)}). Pass by=COLUMN or add an id column."
    )


def _check_tokens(tokens, what: str = "tokens") -> pd.DataFrame:
    if not isinstance(tokens, pd.DataFrame) or TOKENS not in tokens.columns:
        got = type(tokens).__name__ + (f" with columns {list(tokens.columns)}" if isinstance(tokens, pd.DataFrame) else "")
        raise NqpError(f"{what}: expected the tokens table of nqp.tokenize (a 'tokens' column of lists); got {got}")
    if len(tokens) == 0:
        raise NqpError(f"{what}: no rows. Check the corpus and the cleaning step (an on_topic filter?).")
    return tokens


def _check_top(top) -> int:
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise NqpError(f"top={top!r}: give a positive int (terms per group)")
    return int(top)


def _check_min_chars(min_chars) -> int:
    if isinstance(min_chars, bool) or not isinstance(min_chars, (int, np.integer)) or min_chars < 1:
        raise NqpError(f"min_chars={min_chars!r}: give an int >= 1 (2 leaves out single characters)")
    return int(min_chars)


def _short(vocab, min_chars: int) -> np.ndarray:
    """Boolean mask of the terms shorter than ``min_chars`` characters."""
    if min_chars <= 1:
        return np.zeros(len(vocab), dtype=bool)
    return np.fromiter((len(t) < min_chars for t in vocab), dtype=bool, count=len(vocab))


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


def _as_count_dtm(data, what: str = "tokens") -> Dtm:
    if isinstance(data, Dtm):
        if data.matrix.dtype.kind == "f":
            raise NqpError(f"{what}: this Dtm holds weights; pass the count Dtm from nqp.dtm (or the tokens table).")
        return data
    return dtm(_check_tokens(data, what))


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
    )


# ---------------------------------------------------------------------------------------------
# keywords


def keywords(
    data,
    by: str | list[str] | None = None,
    *,
    method: str = "tfidf",
    top: int = 10,
    window: int = 5,
    damping: float = 0.85,
    sublinear_tf: bool = False,
    min_chars: int = 1,
) -> pd.DataFrame:
    """The ``top`` keywords of each row or group, by TF-IDF or TextRank.

    ``data``: the tokens table of ``nqp.tokenize``; for ``method="tfidf"`` also a count Dtm
    (``nqp.dtm``) or, with ``by=None``, a weights Dtm (``nqp.tfidf``), used as it is.
    ``by``: None ranks each row (labelled by ``article_id``, else ``doc_id``); a column name (or
    list) ranks each group of rows, e.g. ``"outlet"``, ``"doc_id"``, ``"year"`` (derived from
    ``date_start``). See the module docstring for the two scores. ``min_chars``: terms shorter than
    this are not ranked (2 drops single characters such as 做 or 新, as jieba's extractor does);
    they still count in the IDF and the score's normalization.

    Returns a long DataFrame, sorted by ``group`` then ``rank``: ``group`` (str), ``term``,
    ``score`` (float, comparable within a group), ``rank`` (1 = best; ties in score broken by term,
    so ranks are unique), ``count`` (the term's count in the group; <NA> for a weights Dtm).
    A group with fewer distinct terms than ``top`` has fewer rows; an empty group has none.
    """
    top = _check_top(top)
    min_chars = _check_min_chars(min_chars)
    if method not in METHODS:
        raise NqpError(f"method={method!r}: choose one of {METHODS}")
    if method == "textrank":
        if isinstance(data, Dtm):
            raise NqpError("method='textrank' needs the order of the tokens: pass the tokens table, not a Dtm.")
        return _keywords_textrank(_check_tokens(data), by, top=top, window=window, damping=damping,
                                  min_chars=min_chars)

    if isinstance(data, Dtm) and data.matrix.dtype.kind == "f":
        if by is not None:
            raise NqpError("by: a weights Dtm cannot be regrouped (weights do not add up); pass the count Dtm "
                           "from nqp.dtm and let keywords weight the groups.")
        id_col = _row_id_column(data.docs)
        labels = data.docs[id_col].astype(str).to_numpy(dtype=object)
        if len(pd.unique(labels)) != len(labels):
            raise NqpError(f"by=None: the '{id_col}' values are not unique; pass by={id_col!r} with the count Dtm.")
        matrix = data.matrix
        if min_chars > 1:
            matrix = matrix.copy()
            matrix.data[_short(data.vocab, min_chars)[matrix.indices]] = 0.0
        rows, cols, scores, ranks, _ = _top_per_row(matrix, top)
        return _long_table(labels, data.vocab, rows, cols, scores, ranks)

    from sklearn.feature_extraction.text import TfidfTransformer

    d = _as_count_dtm(data)
    idf = TfidfTransformer(smooth_idf=True).fit(d.matrix)
    key = by if by is not None else _row_id_column(d.docs)
    keys = group_keys(d.docs, key)
    if by is None and keys.is_unique:
        counts, labels = d.matrix, keys.to_numpy(dtype=object)
    else:
        g = dtm_group(d, key)
        counts, labels = g.matrix, g.docs["group"].to_numpy(dtype=object)
    counts = sp.csr_matrix(counts)
    # weights with exactly the structure of the counts, so that a weight's entry is its count's entry
    tf = counts.data.astype(np.float64)
    if sublinear_tf:
        tf = np.log(tf) + 1.0
    w = tf * idf.idf_[counts.indices]
    lengths = np.diff(counts.indptr)
    sq = np.zeros(counts.shape[0])
    if len(w):
        sq[lengths > 0] = np.add.reduceat(w * w, counts.indptr[:-1][lengths > 0])
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    w /= np.repeat(norms, lengths)
    if min_chars > 1:
        w[_short(d.vocab, min_chars)[counts.indices]] = 0.0  # never ranked (zeros are skipped)
    weights = sp.csr_matrix((w, counts.indices, counts.indptr), shape=counts.shape)
    rows, cols, scores, ranks, entry = _top_per_row(weights, top)
    found = counts.data[entry]
    return _long_table(labels, d.vocab, rows, cols, scores, ranks, found)


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


def _keywords_textrank(tokens: pd.DataFrame, by, *, top: int, window: int, damping: float, min_chars: int = 1,
                       tol: float = 1e-10, max_iter: int = 500) -> pd.DataFrame:
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 2:
        raise NqpError(f"window={window!r}: TextRank links terms within `window` tokens; give an int >= 2")
    if not 0 < damping < 1:
        raise NqpError(f"damping={damping!r}: give a float between 0 and 1 (0.85 is usual)")
    docs = tokens.drop(columns=[TOKENS])
    keys = group_keys(docs, by if by is not None else _row_id_column(docs))
    labels, group_of_row = np.unique(keys.to_numpy(dtype=object).astype(str), return_inverse=True)
    codes, row, vocab = _encode(tokens)
    if len(codes) == 0:
        raise NqpError("tokens: every row's token list is empty; check the tokenizing step.")
    grp = group_of_row[row].astype(np.int64)
    node_key = grp * len(vocab) + codes
    node_keys, node = np.unique(node_key, return_inverse=True)  # sorted by (group, term)
    n_nodes = len(node_keys)
    node_group, node_term = node_keys // len(vocab), node_keys % len(vocab)
    node_count = np.bincount(node, minlength=n_nodes)
    i, j = _window_pairs(codes, row, window)
    keep = codes[i] != codes[j]
    short = _short(vocab, min_chars)
    if short.any():  # short terms are neither nodes nor links (their positions still count in the window)
        keep &= ~short[codes[i]] & ~short[codes[j]]
    a, b = node[i[keep]], node[j[keep]]
    w = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n_nodes, n_nodes)).tocsr()
    w = sp.csr_matrix(w + w.T)
    out_weight = np.asarray(w.sum(axis=1)).ravel()
    inv = np.divide(1.0, out_weight, out=np.zeros_like(out_weight), where=out_weight > 0)
    score = np.ones(n_nodes)
    for _ in range(max_iter):
        new = (1 - damping) + damping * (w @ (score * inv))
        done = np.max(np.abs(new - score)) < tol
        score = new
        if done:
            break
    else:
        log.info("keywords(textrank): PageRank stopped after %d iterations without reaching tol=%g", max_iter, tol)
    group_max = np.zeros(len(labels))
    np.maximum.at(group_max, node_group[~short[node_term]], score[~short[node_term]])
    group_max[group_max == 0] = 1.0
    score = score / group_max[node_group]
    order = np.lexsort((node_term, -score, node_group))
    order = order[~short[node_term[order]]]
    g_sorted = node_group[order]
    first = np.searchsorted(g_sorted, g_sorted, side="left")
    rank = np.arange(len(order)) - first + 1
    sel = order[rank <= top]
    return _long_table(labels, vocab, node_group[sel], node_term[sel], score[sel], rank[rank <= top], node_count[sel])


def keywords_jieba(
    articles: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    top: int = 10,
    column: str = S.TEXT,
    idf_path: str | None = None,
) -> pd.DataFrame:
    """jieba's own keywords (``jieba.analyse.TFIDF.extract_tags``), in the table of :func:`keywords`.

    For comparison only: jieba segments the ``column`` text (the analysis layer by default) itself
    with its plain dictionary, and weighs terms with a generic IDF table shipped with jieba (built
    from a general corpus, not this one; unknown words get the median IDF). A private extractor and
    a private ``jieba.Tokenizer`` are used, never jieba's global state. Rows of one group are joined
    with newlines. Same columns and order as :func:`keywords` (``count`` is <NA>).
    """
    import jieba
    import jieba.analyse

    top = _check_top(top)
    if not isinstance(articles, pd.DataFrame) or column not in articles.columns:
        raise NqpError(f"articles: expected a DataFrame with a {column!r} column (nqp.clean's articles)")
    jieba.setLogLevel(logging.WARNING)
    extractor = jieba.analyse.TFIDF(idf_path=idf_path)
    extractor.tokenizer = jieba.Tokenizer()  # never jieba.dt
    keys = group_keys(articles, by if by is not None else _row_id_column(articles))
    texts = articles[column].fillna("").astype(str).groupby(keys.to_numpy(dtype=object), sort=True).agg("\n".join)
    rows = []
    for group, text in texts.items():
        pairs = extractor.extract_tags(text, topK=None, withWeight=True)
        pairs.sort(key=lambda p: (-p[1], p[0]))
        rows += [(str(group), term, float(score), rank) for rank, (term, score) in enumerate(pairs[:top], start=1)]
    out = pd.DataFrame(rows, columns=["group", "term", "score", "rank"])
    out["count"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out = out.astype({"group": object, "term": object, "rank": np.int64})
    return out.sort_values(["group", "rank"], kind="stable").reset_index(drop=True)


def keywords_overlap(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """How far two keyword tables (:func:`keywords` / :func:`keywords_jieba`) agree, group by group.

    Returns one row per group present in either, sorted by group: ``group``, ``n_a``, ``n_b``,
    ``shared`` (terms in both), ``jaccard`` (shared / union), ``only_a``, ``only_b`` (lists of terms,
    in rank order).
    """
    for name, t in (("a", a), ("b", b)):
        if not isinstance(t, pd.DataFrame) or not {"group", "term", "rank"} <= set(t.columns):
            raise NqpError(f"{name}: expected a keywords table with group, term, rank columns")
    rows = []
    for group in sorted(set(a["group"]) | set(b["group"])):
        ta = a[a["group"] == group].sort_values("rank")["term"].tolist()
        tb = b[b["group"] == group].sort_values("rank")["term"].tolist()
        shared = set(ta) & set(tb)
        union = set(ta) | set(tb)
        rows.append({
            "group": group, "n_a": len(ta), "n_b": len(tb), "shared": len(shared),
            "jaccard": len(shared) / len(union) if union else np.nan,
            "only_a": [t for t in ta if t not in shared], "only_b": [t for t in tb if t not in shared],
        })
    return pd.DataFrame(rows, columns=["group", "n_a", "n_b", "shared", "jaccard", "only_a", "only_b"])


# ---------------------------------------------------------------------------------------------
# keyness


def _g2_chi2(a, b, A, B):
    """G² and Pearson χ² of the 2×2 tables [[a, b], [A - a, B - b]] (vectorized, 0·ln 0 = 0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    A, B = np.broadcast_to(np.asarray(A, dtype=float), a.shape), np.broadcast_to(np.asarray(B, dtype=float), a.shape)
    c, d = A - a, B - b
    n = A + B
    row1, row2 = a + b, c + d
    observed = (a, b, c, d)
    expected = (A * row1 / n, B * row1 / n, A * row2 / n, B * row2 / n)
    g2 = np.zeros_like(a)
    chi2 = np.zeros_like(a)
    for o, e in zip(observed, expected):
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / np.where(e > 0, e, 1)), 0.0)
            chi2 += np.where(e > 0, (o - e) ** 2 / np.where(e > 0, e, 1), 0.0)
    return np.maximum(2 * g2, 0.0), chi2


def p_adjust(p, method: str = "bh") -> np.ndarray:
    """Adjust p-values for multiple testing: ``"bh"`` (Benjamini-Hochberg), ``"bonferroni"`` or ``"none"``."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if method not in CORRECTIONS:
        raise NqpError(f"correction={method!r}: choose one of {CORRECTIONS}")
    if m == 0 or method == "none":
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _select(keys: pd.Series, values, what: str) -> np.ndarray:
    vals = [values] if isinstance(values, (str, int, np.integer)) else list(values)
    vals = [str(v) for v in vals]
    unknown = [v for v in vals if v not in set(keys)]
    if unknown:
        raise NqpError(f"{what}={unknown!r}: no such group; the groups are {sorted(set(keys))}")
    return keys.isin(vals).to_numpy()


def keyness(
    data,
    target=None,
    *,
    by: str | list[str] | None = None,
    reference=None,
    min_count: int = 5,
    correction: str = "bh",
    alpha: float = 0.05,
    articles: pd.DataFrame | None = None,
    min_chars: int = 1,
) -> pd.DataFrame:
    """Which terms a target part of the corpus uses more (or less) than a reference part.

    ``data``: the tokens table of ``nqp.tokenize`` or a count Dtm. The two sides:

    - ``by`` + ``target`` (+ ``reference``): groups of a column, e.g. ``by="outlet",
      target="科技日报"`` (reference: every other row), or ``by="year", target=2026, reference=2024``;
      ``target``/``reference`` may be one value or a list.
    - ``target``: a boolean mask over the rows (reference: the other rows, or ``reference`` mask).
    - ``reference``: another corpus (tokens table or count Dtm); ``target`` None means all of ``data``.

    Terms counted fewer than ``min_count`` times in target and reference together are not tested
    (logged), nor are terms shorter than ``min_chars`` characters (both still count in the token
    totals). ``correction`` (``"bh"``, ``"bonferroni"``, ``"none"``) adjusts the G² p-values over
    all tested terms; ``significant`` = ``p_adjusted < alpha``. See the module docstring.

    ``articles`` (nqp.clean's table, with ``text`` and ``text_orig``): when given, or when the
    tokens table carries those columns, each significant term gets an exemplar sentence in the
    original script from its own side (see :func:`nqp.exemplars`).

    Returns one row per tested term, sorted by ``direction`` ("target" first, then "reference",
    then "none"), then ``g2`` descending, then term: ``term``, ``direction``, ``target_count``,
    ``reference_count``, ``target_per_10k``, ``reference_per_10k`` (per 10,000 tokens), ``g2``,
    ``chi2``, ``log_ratio``, ``p_value``, ``p_adjusted``, ``significant``, and, with articles,
    ``exemplar``, ``exemplar_doc_id``, ``exemplar_article_id``, ``exemplar_start``,
    ``exemplar_end`` (offsets of the sentence in the article's text). ``attrs`` holds
    ``target_total``/``reference_total`` (tokens on each side) and the settings.
    """
    if correction not in CORRECTIONS:
        raise NqpError(f"correction={correction!r}: choose one of {CORRECTIONS}")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise NqpError(f"min_count={min_count!r}: give an int >= 1")
    if not 0 < alpha < 1:
        raise NqpError(f"alpha={alpha!r}: give a level between 0 and 1, e.g. 0.05")
    min_chars = _check_min_chars(min_chars)
    external = isinstance(reference, (pd.DataFrame, Dtm))
    d = _as_count_dtm(data, "data")
    n_rows = d.shape[0]
    if external:
        r = _as_count_dtm(reference, "reference")
        vocab = np.union1d(d.vocab.astype(str), r.vocab.astype(str)).astype(object)
        tmask = np.ones(n_rows, dtype=bool) if target is None else _mask(target, d, by, "target")
        t_counts = _counts_on(d, tmask, vocab)
        r_counts = _counts_on(r, np.ones(r.shape[0], dtype=bool), vocab)
        ref_docs = r.docs
    else:
        if target is None:
            raise NqpError("target: say which rows are the target (a value of `by`, or a boolean mask), "
                           "or pass a separate reference corpus as `reference`.")
        tmask = _mask(target, d, by, "target")
        rmask = ~tmask if reference is None else _mask(reference, d, by, "reference")
        if (tmask & rmask).any():
            raise NqpError("target and reference overlap: a row cannot be on both sides.")
        vocab = d.vocab
        t_counts = np.asarray(d.matrix[tmask].sum(axis=0)).ravel()
        r_counts = np.asarray(d.matrix[rmask].sum(axis=0)).ravel()
        ref_docs = d.docs[rmask]
    A, B = int(t_counts.sum()), int(r_counts.sum())
    if A == 0 or B == 0:
        raise NqpError(f"keyness: the {'target' if A == 0 else 'reference'} side has no tokens; choose other groups.")
    tested = (t_counts + r_counts) >= min_count
    log.info("keyness: %d of %d terms counted fewer than min_count=%d times; not tested", int((~tested).sum()),
             len(vocab), min_count)
    short = _short(vocab, min_chars) & tested
    if short.any():
        log.info("keyness: %d terms shorter than min_chars=%d; not tested", int(short.sum()), min_chars)
        tested &= ~short
    a, b = t_counts[tested].astype(float), r_counts[tested].astype(float)
    g2, chi2 = _g2_chi2(a, b, A, B)
    from scipy.stats import chi2 as chi2_dist

    p = chi2_dist.sf(g2, 1)
    lr = np.log2((np.where(a > 0, a, 0.5) / A) / (np.where(b > 0, b, 0.5) / B))
    direction = np.where(a / A > b / B, "target", np.where(a / A < b / B, "reference", "none"))
    out = pd.DataFrame(
        {
            "term": np.asarray(vocab, dtype=object)[tested],
            "direction": direction.astype(object),
            "target_count": a.astype(np.int64),
            "reference_count": b.astype(np.int64),
            "target_per_10k": a / A * 1e4,
            "reference_per_10k": b / B * 1e4,
            "g2": g2,
            "chi2": chi2,
            "log_ratio": lr,
            "p_value": p,
            "p_adjusted": p_adjust(p, correction),
        }
    )
    out["significant"] = out["p_adjusted"] < alpha
    out["_dir"] = out["direction"].map({"target": 0, "reference": 1, "none": 2})
    out = out.sort_values(["_dir", "g2", "term"], ascending=[True, False, True], kind="stable")
    out = out.drop(columns="_dir").reset_index(drop=True)
    text_source = articles
    if text_source is None and isinstance(data, pd.DataFrame) and S.TEXT in data.columns:
        text_source = data
    if text_source is not None:
        out = _attach_exemplars(out, text_source, d.docs[tmask], ref_docs)
    out.attrs.update(target_total=A, reference_total=B, min_count=min_count, correction=correction, alpha=alpha)
    log.info("keyness: %d terms tested, %d significant at %s-adjusted p < %g (target %d tokens, reference %d)",
             len(out), int(out["significant"].sum()), correction, alpha, A, B)
    return out


def keyness_style(table: pd.DataFrame, top: int | None = 12, *, significant: bool = True):
    """A keyness table ready to read: the ``top`` strongest terms of each side, rounded, exemplars wide.

    ``table``: the output of :func:`keyness`. Keeps the significant rows (``significant=False``:
    all), the first ``top`` of each direction (None: all), and the columns term, direction, the
    counts, log ratio, G², adjusted p, and the exemplar with its document (the offsets stay in
    ``table``). Returns a pandas ``Styler`` (it renders as HTML in notebooks and reports).
    """
    if not isinstance(table, pd.DataFrame) or not {"term", "direction", "g2"} <= set(table.columns):
        raise NqpError("table: expected the output of nqp.keyness")
    rows = table[table["significant"].astype(bool)] if significant and "significant" in table.columns else table
    if top is not None:
        rows = rows.groupby("direction", sort=False).head(_check_top(top))
    cols = [c for c in ["term", "direction", "target_count", "reference_count", "log_ratio", "g2", "p_adjusted",
                        "exemplar", "exemplar_doc_id"] if c in rows.columns]
    view = rows[cols].reset_index(drop=True)
    styler = view.style.hide(axis="index").format(
        {"log_ratio": "{:+.2f}", "g2": "{:.1f}", "p_adjusted": "{:.1e}"}, na_rep="—"
    )
    styler = styler.set_properties(subset=["term"], **{"white-space": "nowrap"})
    if "exemplar" in cols:
        styler = styler.set_properties(subset=["exemplar"], **{"text-align": "left", "min-width": "24em"})
    return styler


def _mask(selector, d: Dtm, by, what: str) -> np.ndarray:
    if by is not None:
        return _select(group_keys(d.docs, by), selector, what)
    mask = np.asarray(selector)
    if mask.dtype != bool or mask.shape != (d.shape[0],):
        raise NqpError(f"{what}: without `by`, give a boolean mask with one value per row ({d.shape[0]} rows); "
                       f"or pass by=COLUMN and {what}=VALUE (e.g. by='outlet', {what}='科技日报').")
    if not mask.any():
        raise NqpError(f"{what}: the mask selects no rows")
    return mask


def _counts_on(d: Dtm, mask: np.ndarray, vocab: np.ndarray) -> np.ndarray:
    totals = np.asarray(d.matrix[mask].sum(axis=0)).ravel()
    out = np.zeros(len(vocab), dtype=np.int64)
    out[np.searchsorted(vocab.astype(str), d.vocab.astype(str))] = totals
    return out


def _attach_exemplars(out: pd.DataFrame, articles: pd.DataFrame, target_docs: pd.DataFrame,
                      ref_docs: pd.DataFrame) -> pd.DataFrame:
    from .evidence import exemplars

    out = out.copy()
    for col in EXEMPLAR_COLUMNS:
        out[col] = pd.Series([pd.NA] * len(out), dtype=object if col in ("exemplar", "exemplar_doc_id",
                                                                         "exemplar_article_id") else "Int64")
    sig = out["significant"] & out["direction"].isin(["target", "reference"])
    for side, docs in (("target", target_docs), ("reference", ref_docs)):
        want = out.index[sig & (out["direction"] == side)]
        if len(want) == 0:
            continue
        id_col = S.ARTICLE_ID if S.ARTICLE_ID in docs.columns and S.ARTICLE_ID in articles.columns else S.DOC_ID
        if id_col not in docs.columns or id_col not in articles.columns:
            log.info("keyness: no %s to match the tokens to the articles; no exemplars", id_col)
            return out
        side_articles = articles[articles[id_col].isin(set(docs[id_col]))]
        found = exemplars(side_articles, out.loc[want, "term"].tolist()).set_index("term")
        for col, src in zip(EXEMPLAR_COLUMNS, ["sentence", S.DOC_ID, S.ARTICLE_ID, "start", "end"]):
            out.loc[want, col] = out.loc[want, "term"].map(found[src]).to_numpy()
    return out


# ---------------------------------------------------------------------------------------------
# collocations


def _segments(tokens: pd.DataFrame, window):
    """Flat term codes, a segment id per token (rows, or sentences of a long table) and the sorted vocab."""
    if TOKENS in tokens.columns:
        if window is None:
            log.info("collocations: window=None on a tokens table counts co-occurrence within each row (article); "
                     "pass nqp.tokenize(..., long=True) for sentences")
        codes, segment, vocab = _encode(_check_tokens(tokens))
        return codes, segment, vocab, len(tokens)
    if "token" not in tokens.columns:
        raise NqpError("tokens: expected the tokens table of nqp.tokenize (a 'tokens' column) or its long table "
                       f"(a 'token' column); got columns {list(tokens.columns)}")
    if len(tokens) == 0:
        raise NqpError("tokens: no rows.")
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
) -> pd.DataFrame:
    """Pairs of terms that occur together more often than chance: PMI and log-likelihood (G²).

    ``tokens``: the tokens table of ``nqp.tokenize`` (windows stay inside a row) or its long table
    (``long=True``: ``token`` with ``sentence``; windows stay inside a sentence).
    ``window``: an int >= 2 counts each pair of token positions less than ``window`` apart; the
    2×2 table is over those co-occurrence events (``count1`` = events involving term1, ``n`` = all
    events, each counted once per side). ``window=None`` counts *contexts* instead: sentences of
    the long table (rows of a tokens table) containing both terms; ``count1`` = contexts with term1,
    ``n`` = contexts. ``ordered``: term1 must come first (window mode only); otherwise term1 < term2.
    ``term``: keep only pairs involving this term (or these terms); it is then put in ``term1``.
    ``min_count``: pairs seen fewer times are dropped (PMI overrates rare pairs).

    Returns ``term1``, ``term2``, ``count``, ``count1``, ``count2``, ``n``, ``pmi`` (log2),
    ``g2``, sorted by ``sort`` ("g2" or "pmi") descending, then term1, term2.
    """
    if sort not in ("g2", "pmi"):
        raise NqpError(f"sort={sort!r}: choose 'g2' or 'pmi'")
    if window is not None and (isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 2):
        raise NqpError(f"window={window!r}: give an int >= 2 (tokens apart, plus one) or None for whole sentences")
    if window is None and ordered:
        raise NqpError("ordered=True needs a window: within a sentence there is no single order of a pair")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise NqpError(f"min_count={min_count!r}: give an int >= 1")
    if not isinstance(tokens, pd.DataFrame):
        raise NqpError(f"tokens: expected a DataFrame (nqp.tokenize's table); got {type(tokens).__name__}")
    codes, segment, vocab, n_seg = _segments(tokens, window)
    focus = None
    if term is not None:
        wanted = [term] if isinstance(term, str) else list(term)
        pos = np.searchsorted(vocab.astype(str), wanted)
        present = [w for w, p in zip(wanted, pos) if p < len(vocab) and vocab[p] == w]
        if not present:
            log.info("collocations: %r does not occur in the tokens", wanted)
            return pd.DataFrame(columns=COLLOCATION_COLUMNS)
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
    g2 = _g2_table(o11, o12, o21, o22)
    out = pd.DataFrame(
        {
            "term1": vocab[t1].astype(object) if len(t1) else np.array([], dtype=object),
            "term2": vocab[t2].astype(object) if len(t2) else np.array([], dtype=object),
            "count": cnt.astype(np.int64),
            "count1": np.asarray(r1).astype(np.int64),
            "count2": np.asarray(r2).astype(np.int64),
            "n": np.full(len(cnt), int(n), dtype=np.int64),
            "pmi": pmi,
            "g2": g2,
        }
    )
    out = out.sort_values([sort, "term1", "term2"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)


def _g2_table(o11, o12, o21, o22) -> np.ndarray:
    """G² of 2×2 tables given by their four cells (vectorized)."""
    cells = [np.asarray(x, dtype=float) for x in (o11, o12, o21, o22)]
    n = sum(cells)
    r = (cells[0] + cells[1], cells[2] + cells[3])
    c = (cells[0] + cells[2], cells[1] + cells[3])
    expected = (r[0] * c[0] / n, r[0] * c[1] / n, r[1] * c[0] / n, r[1] * c[1] / n) if len(cells[0]) else ()
    g = np.zeros_like(cells[0])
    for o, e in zip(cells, expected):
        with np.errstate(divide="ignore", invalid="ignore"):
            g += np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / np.where(e > 0, e, 1)), 0.0)
    return np.maximum(2 * g, 0.0)


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

    top = _check_top(top)
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


# ---------------------------------------------------------------------------------------------
# figures


def textplot_network(graph, *, ax=None, random_state: int = 0, weight: str = "g2", title: str | None = None):
    """Draw a :func:`cooccurrence_network`: node size by count, edge width by ``weight``, CJK labels.

    The layout is networkx's spring layout seeded with ``random_state``. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt
    import networkx as nx

    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 7))
    else:
        fig = ax.figure
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no co-occurrences", ha="center", va="center", transform=ax.transAxes)
        return fig, ax
    pos = nx.spring_layout(graph, seed=random_state, weight=weight)
    counts = np.array([graph.nodes[n].get("count", 1) for n in graph.nodes], dtype=float)
    sizes = 300 + 2200 * np.sqrt(counts / max(counts.max(), 1))
    colors = ["#d62728" if graph.nodes[n].get("center") else "#1f77b4" for n in graph.nodes]
    widths = np.array([graph.edges[e].get(weight, 1.0) for e in graph.edges], dtype=float)
    widths = 0.5 + 5 * widths / widths.max() if len(widths) and widths.max() > 0 else 1.0
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, alpha=0.35, edge_color="#555555")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.25)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=11, font_family=plt.rcParams["font.sans-serif"][0])
    ax.set_title(title or f"co-occurrence network of {graph.graph.get('term', '')} "
                          f"(window {graph.graph.get('window')}, edges by {weight})")
    fig.tight_layout()
    return fig, ax


def textplot_keyness(table: pd.DataFrame, *, top: int = 15, ax=None, target: str = "target",
                     reference: str = "reference"):
    """Bars of the strongest key terms of both sides (signed G²), significant ones in full colour.

    ``table``: the output of :func:`keyness`. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if not isinstance(table, pd.DataFrame) or not {"term", "g2", "direction", "significant"} <= set(table.columns):
        raise NqpError("table: expected the output of nqp.keyness")
    tgt = table[table["direction"] == "target"].head(top)
    ref = table[table["direction"] == "reference"].head(top)
    data = pd.concat([tgt.assign(signed=tgt["g2"]), ref.assign(signed=-ref["g2"])])
    data = data.sort_values(["signed", "term"], ascending=[True, True], kind="stable")
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(data) + 1.2)))
    else:
        fig = ax.figure
    colors = [("#d62728" if s > 0 else "#1f77b4") for s in data["signed"]]
    alphas = [1.0 if sig else 0.35 for sig in data["significant"]]
    y = np.arange(len(data))
    for yi, v, c, a in zip(y, data["signed"], colors, alphas):
        ax.barh(yi, v, color=c, alpha=a)
    ax.set_yticks(y, data["term"].tolist())
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlabel(f"G² (right: key in {target}; left: key in {reference}; pale: not significant)")
    fig.tight_layout()
    return fig, ax


def textplot_wordcloud(
    data,
    by: str | list[str] | None = None,
    *,
    top: int = 100,
    random_state: int = 0,
    ncols: int = 2,
    width: int = 800,
    height: int = 450,
    font_path=None,
    min_chars: int = 1,
):
    """One word cloud per group, from term frequencies (or keyword scores), drawn with the CJK font.

    ``data``: a tokens table or count Dtm with ``by`` (None: one cloud for everything), or a
    keywords table (``group``, ``term``, ``score``) from :func:`keywords`. The ``top`` terms of
    each group are drawn, sized by count (or score); ``random_state`` seeds wordcloud's layout,
    so the same input gives the same picture; terms shorter than ``min_chars`` are left out. Groups
    in sorted order. Returns ``(fig, axes)``.
    """
    import matplotlib.pyplot as plt
    from wordcloud import WordCloud

    font = use_cjk_font(font_path)
    top = _check_top(top)
    min_chars = _check_min_chars(min_chars)
    if isinstance(data, pd.DataFrame) and {"group", "term", "score"} <= set(data.columns):
        freqs = {g: {w: float(v) for w, v in zip(t["term"], t["score"]) if len(w) >= min_chars}
                 for g, t in data.groupby("group", sort=True)}
    else:
        d = _as_count_dtm(data, "data")
        if by is None:
            g = replace(d, matrix=sp.csr_matrix(d.matrix.sum(axis=0)), docs=pd.DataFrame({"group": ["all"]}))
        else:
            g = dtm_group(d, by)
        weights = g.matrix.astype(np.float64)
        weights.data[_short(d.vocab, min_chars)[weights.indices]] = 0.0
        rows, cols, vals, _, _ = _top_per_row(weights, top)
        labels = g.docs["group"].to_numpy(dtype=object)
        freqs = {str(lab): {} for lab in labels}
        for r, c, v in zip(rows, cols, vals):
            freqs[str(labels[r])][str(d.vocab[c])] = float(v)
    groups = sorted(freqs)
    ncols = max(1, min(ncols, len(groups)))
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.5 * ncols, 3.9 * nrows), squeeze=False)
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, group in zip(axes.ravel(), groups):
        f = dict(sorted(freqs[group].items(), key=lambda kv: (-kv[1], kv[0]))[:top])
        ax.set_title(str(group))
        if not f:
            ax.text(0.5, 0.5, "no terms", ha="center", va="center", transform=ax.transAxes)
            continue
        cloud = WordCloud(font_path=str(font), width=width, height=height, background_color="white",
                          random_state=random_state, max_words=top, prefer_horizontal=1.0, collocations=False)
        ax.imshow(cloud.generate_from_frequencies(f), interpolation="bilinear")
    fig.tight_layout()
    return fig, axes


__all__ = [
    "collocations",
    "cooccurrence_network",
    "keyness",
    "keyness_style",
    "keywords",
    "keywords_jieba",
    "keywords_overlap",
    "p_adjust",
    "textplot_keyness",
    "textplot_network",
    "textplot_wordcloud",
]

"""Keywords of each row or group: TF-IDF and TextRank on nqp's own tokens, and jieba's extractor beside them.

- **TF-IDF** (:func:`keywords`): a group's summed counts times scikit-learn's smoothed IDF computed
  over the *rows* of the input (the articles), ``idf = ln((1 + n) / (1 + df)) + 1``, then
  l2-normalized per group: :func:`nqp.tfidf` with ``idf=nqp.idf(articles_dtm)``. A group of one row
  gets exactly that row's ``nqp.tfidf`` weights.
- **TextRank** (:func:`keywords`): PageRank (damping 0.85) on the undirected graph of terms that
  occur within ``window`` tokens of each other in the same row (self-pairs ignored, edge weight =
  number of co-occurrences), one graph per group; scores divided by the group's highest score.

Nothing here segments text a second time, except :func:`keywords_jieba`, which exists to show what
jieba's own keyword extractor would say instead.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpTypeError, NqpValueError
from ..matrix import (
    TOKENS,
    Dtm,
    as_count_dtm,
    check_tokens,
    dtm_group,
    group_keys,
    idf,
    short_terms,
    tfidf,
)
from ._tables import _encode, _long_table, _row_id_column, _top_per_row, _window_pairs

log = logging.getLogger(__name__)

__all__ = ["keywords", "keywords_jieba", "keywords_overlap"]

METHODS = ("tfidf", "textrank")


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
    top = check_int("top", top, min=1)
    min_chars = check_int("min_chars", min_chars, min=1)
    check_choice("method", method, METHODS)
    if method == "textrank":
        if isinstance(data, Dtm):
            raise NqpTypeError("method='textrank' needs the order of the tokens: pass the tokens table, not a Dtm.")
        return _keywords_textrank(check_tokens(data), by, top=top, window=window, damping=damping,
                                  min_chars=min_chars)

    if isinstance(data, Dtm) and data.matrix.dtype.kind == "f":
        if by is not None:
            raise NqpValueError("by: a weights Dtm cannot be regrouped (weights do not add up); pass the count Dtm "
                           "from nqp.dtm and let keywords weight the groups.")
        id_col = _row_id_column(data.docs)
        labels = data.docs[id_col].astype(str).to_numpy(dtype=object)
        if len(pd.unique(labels)) != len(labels):
            raise NqpValueError(f"by=None: the '{id_col}' values are not unique; pass by={id_col!r} with the count Dtm.")
        matrix = data.matrix
        if min_chars > 1:
            matrix = matrix.copy()
            matrix.data[short_terms(data.vocab, min_chars)[matrix.indices]] = 0.0
        rows, cols, scores, ranks, _ = _top_per_row(matrix, top)
        return _long_table(labels, data.vocab, rows, cols, scores, ranks)

    d = as_count_dtm(data)
    key = by if by is not None else _row_id_column(d.docs)
    keys = group_keys(d.docs, key)
    if by is None and keys.is_unique:
        counts, labels = d, keys.to_numpy(dtype=object)
        weights = tfidf(d, sublinear_tf=sublinear_tf).matrix
    else:  # a group's summed counts, weighted with the IDF of the rows (articles) it sums
        counts = dtm_group(d, key)
        labels = counts.docs["group"].to_numpy(dtype=object)
        weights = tfidf(counts, sublinear_tf=sublinear_tf, idf=idf(d)).matrix
    # the weights have exactly the structure of the counts: a weight's entry is its count's entry
    if min_chars > 1:
        weights.data[short_terms(d.vocab, min_chars)[weights.indices]] = 0.0  # never ranked (zeros are skipped)
    rows, cols, scores, ranks, entry = _top_per_row(weights, top)
    found = counts.matrix.data[entry]
    return _long_table(labels, d.vocab, rows, cols, scores, ranks, found)



def _keywords_textrank(tokens: pd.DataFrame, by, *, top: int, window: int, damping: float, min_chars: int = 1,
                       tol: float = 1e-10, max_iter: int = 500) -> pd.DataFrame:
    window = check_int("window", window, min=2)
    if not 0 < check_number("damping", damping) < 1:
        raise NqpValueError(f"damping={damping!r}: give a float between 0 and 1 (0.85 is usual)")
    docs = tokens.drop(columns=[TOKENS])
    keys = group_keys(docs, by if by is not None else _row_id_column(docs))
    labels, group_of_row = np.unique(keys.to_numpy(dtype=object).astype(str), return_inverse=True)
    codes, row, vocab = _encode(tokens)
    if len(codes) == 0:
        raise NqpValueError("tokens: every row's token list is empty; check the tokenizing step.")
    grp = group_of_row[row].astype(np.int64)
    node_key = grp * len(vocab) + codes
    node_keys, node = np.unique(node_key, return_inverse=True)  # sorted by (group, term)
    n_nodes = len(node_keys)
    node_group, node_term = node_keys // len(vocab), node_keys % len(vocab)
    node_count = np.bincount(node, minlength=n_nodes)
    i, j = _window_pairs(codes, row, window)
    keep = codes[i] != codes[j]
    short = short_terms(vocab, min_chars)
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

    top = check_int("top", top, min=1)
    if not isinstance(articles, pd.DataFrame) or column not in articles.columns:
        raise NqpTypeError(f"articles: expected a DataFrame with a {column!r} column (nqp.clean's articles)")
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
    out = pd.DataFrame(rows, columns=S.KEYWORD_COLUMNS[:-1])
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
            raise NqpValueError(f"{name}: expected a keywords table with group, term, rank columns")
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
    return pd.DataFrame(rows, columns=S.KEYWORDS_OVERLAP_COLUMNS)

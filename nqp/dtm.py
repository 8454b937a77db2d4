"""Document-term matrices: sparse counts, a sorted vocabulary and one metadata row per document.

Built with scikit-learn's vectorizers on nqp's own tokens (``analyzer=identity``), so no second
segmentation happens here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schema as S
from .errors import NqpError

log = logging.getLogger("nqp")

TOKENS = "tokens"


def identity(tokens):
    """The analyzer for pre-tokenized text (module-level so that pipelines pickle)."""
    return tokens


@dataclass(frozen=True, eq=False)
class Dtm:
    """A document-term matrix.

    ``matrix``: ``scipy.sparse.csr_matrix`` of shape (documents, terms), counts (int64) or weights
    (float64, after :func:`tfidf`), without duplicate entries (the column indices within a row may
    come in any order, as scikit-learn leaves them: sorting them would cost more than the TF-IDF);
    ``vocab``: numpy array of the terms, sorted; ``docs``: DataFrame,
    one row per matrix row in the same order, with the id columns and metadata of the input;
    ``history``: what was done to it, in order (quanteda's habit: objects remember).
    """

    matrix: sp.csr_matrix
    vocab: np.ndarray
    docs: pd.DataFrame
    history: tuple[str, ...] = field(default=())

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def __repr__(self) -> str:
        kind = "weights" if self.matrix.dtype.kind == "f" else "counts"
        return f"Dtm({self.shape[0]} documents x {self.shape[1]} terms, {self.matrix.nnz} non-zero {kind})"

    def term_frequencies(self) -> pd.Series:
        """Total count (or weight) per term, sorted by value descending then term."""
        totals = np.asarray(self.matrix.sum(axis=0)).ravel()
        s = pd.Series(totals, index=pd.Index(self.vocab, name="term"), name="count")
        return s.sort_index().sort_values(ascending=False, kind="stable")


def _df_bounds(n_docs: int, min_df: float | int, max_df: float | int) -> tuple[float, float]:
    """Document-count bounds of ``min_df``/``max_df`` in scikit-learn's sense (int: a count, float: a share)."""
    for name, value in (("min_df", min_df), ("max_df", max_df)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise NqpError(f"{name}: expected an int (documents) or a float in [0, 1] (share); got {value!r}")
        if value < 0 or (isinstance(value, (float, np.floating)) and value > 1):
            raise NqpError(f"{name}={value!r}: a float is a share of documents and must lie in [0, 1]; "
                           "an int is a number of documents")
    lo = min_df if isinstance(min_df, (int, np.integer)) else min_df * n_docs
    hi = max_df if isinstance(max_df, (int, np.integer)) else max_df * n_docs
    if hi < lo:
        raise NqpError(f"max_df={max_df!r} keeps fewer documents ({hi:g}) than min_df={min_df!r} asks for ({lo:g}) "
                       f"among {n_docs} documents; raise max_df or lower min_df.")
    return lo, hi


def dtm(tokens: pd.DataFrame, *, min_df: float | int = 1, max_df: float | int = 1.0, vocabulary=None) -> Dtm:
    """Count the ``tokens`` column (a list of str per row) into a :class:`Dtm`.

    ``tokens``: a DataFrame with a ``tokens`` column, e.g. the output of ``nqp.tokenize``; every
    other column is kept in ``Dtm.docs`` (same row order). ``min_df``/``max_df`` trim terms as
    scikit-learn's ``CountVectorizer`` does (an int is a document count, a float a proportion); how
    many terms (and token occurrences) were trimmed is logged and kept in ``history``.
    ``vocabulary``: a fixed list of terms (then no trimming; terms absent from it are not counted).
    """
    from sklearn.feature_extraction.text import CountVectorizer

    if not isinstance(tokens, pd.DataFrame) or TOKENS not in tokens.columns:
        raise NqpError(
            "tokens: expected a DataFrame with a 'tokens' column (one list of str per row), as returned by "
            f"nqp.tokenize; got {type(tokens).__name__}"
            + (f" with columns {list(tokens.columns)}" if isinstance(tokens, pd.DataFrame) else "")
        )
    if len(tokens) == 0:
        raise NqpError("tokens: no documents. Check the corpus and the cleaning step (on_topic filters?).")
    bad = [i for i, t in enumerate(tokens[TOKENS].head(1000)) if isinstance(t, str) or not hasattr(t, "__iter__")]
    if bad:
        raise NqpError(
            f"tokens: row {bad[0]} of the 'tokens' column is {type(tokens[TOKENS].iloc[bad[0]]).__name__}, "
            "not a list of str. Tokenize first (nqp.tokenize) or split the text into a list of terms."
        )
    lo, hi = _df_bounds(len(tokens), min_df, max_df) if vocabulary is None else (0, len(tokens))
    vec = CountVectorizer(analyzer=identity, vocabulary=vocabulary, dtype=np.int64)
    try:
        matrix = vec.fit_transform(tokens[TOKENS])
    except ValueError as exc:
        raise NqpError(f"dtm: {exc}. Every document's token list is empty: check the tokenizing step.") from None
    vocab = np.empty(len(vec.vocabulary_), dtype=object)  # get_feature_names_out, without its sort
    vocab[np.fromiter(vec.vocabulary_.values(), dtype=np.int64, count=len(vocab))] = list(vec.vocabulary_)
    if len(vocab) > 1 and not (vocab[:-1] < vocab[1:]).all():
        order = np.argsort(vocab, kind="stable")  # a user vocabulary may come unsorted: the contract is sorted
        matrix, vocab = matrix[:, order], vocab[order]
    matrix = sp.csr_matrix(matrix)
    note = ""
    if vocabulary is None and (lo > 1 or hi < len(tokens)):
        df = np.bincount(matrix.indices, minlength=len(vocab))
        keep = (df >= lo) & (df <= hi)
        if not keep.any():
            raise NqpError(f"dtm: after trimming (min_df={min_df!r}, max_df={max_df!r}) no terms remain among "
                           f"{len(tokens)} documents. Lower min_df or raise max_df.")
        dropped = int((~keep).sum())
        if dropped:
            total = matrix.sum()
            matrix, vocab = sp.csr_matrix(matrix[:, keep]), vocab[keep]
            lost = int(total - matrix.sum())
            log.info("dtm: trimmed %d of %d terms (%d token occurrences) outside min_df=%r, max_df=%r; %d remain",
                     dropped, len(keep), lost, min_df, max_df, len(vocab))
            note = f"; trimmed {dropped} terms ({lost} tokens)"
    docs = tokens.drop(columns=[TOKENS]).reset_index(drop=True)
    history = (f"dtm(min_df={min_df!r}, max_df={max_df!r}): {matrix.shape[0]} docs x {matrix.shape[1]} terms{note}",)
    return Dtm(matrix=matrix, vocab=vocab, docs=docs, history=history)


def dtm_trim(d: Dtm, *, min_count: int = 1, min_df: float | int = 1, max_df: float | int = 1.0) -> Dtm:
    """Drop terms seen fewer than ``min_count`` times, or in too few / too many documents.

    ``min_df``/``max_df``: an int is a document count, a float a proportion of documents. Logs and
    records how many terms went.
    """
    n_docs = d.shape[0]
    df = np.asarray((d.matrix > 0).sum(axis=0)).ravel()
    total = np.asarray(d.matrix.sum(axis=0)).ravel()
    lo, hi = _df_bounds(n_docs, min_df, max_df)
    lo, hi = int(np.ceil(lo)), int(np.floor(hi))
    keep = (total >= min_count) & (df >= lo) & (df <= hi)
    if not keep.any():
        raise NqpError(
            f"dtm_trim: after pruning, no terms remain (min_count={min_count}, min_df={min_df}, max_df={max_df}). "
            "Try a lower min_count/min_df or a higher max_df."
        )
    dropped = int((~keep).sum())
    log.info("dtm_trim: removed %d of %d terms (min_count=%d, df in [%d, %d])", dropped, len(keep), min_count, lo, hi)
    note = f"dtm_trim(min_count={min_count}, min_df={min_df!r}, max_df={max_df!r}): removed {dropped} terms"
    return replace(d, matrix=sp.csr_matrix(d.matrix[:, keep]), vocab=d.vocab[keep], history=d.history + (note,))


def idf(d: Dtm, *, smooth_idf: bool = True) -> np.ndarray:
    """Inverse document frequency of each term of a count Dtm, as scikit-learn computes it.

    ``ln((1 + n) / (1 + df)) + 1`` with ``smooth_idf`` (``ln(n / df) + 1`` without), ``n`` the rows,
    ``df`` the rows in which the term occurs; in the order of ``d.vocab``.
    """
    n_docs, n_terms = d.shape
    df = np.bincount(d.matrix.indices, minlength=n_terms).astype(np.float64)
    df += float(smooth_idf)
    out = np.full_like(df, n_docs + int(smooth_idf))
    out /= df
    np.log(out, out=out)
    out += 1.0
    return out


def tfidf(d: Dtm, *, sublinear_tf: bool = False, norm: str | None = "l2", smooth_idf: bool = True) -> Dtm:
    """TF-IDF weights of a count :class:`Dtm`: the numbers of scikit-learn's ``TfidfTransformer``.

    ``sublinear_tf`` uses ``1 + ln(count)``; ``norm`` ("l2", "l1" or None) scales each row;
    ``smooth_idf``: see :func:`idf`. The weights matrix shares its index arrays with the counts
    (both are read-only by contract), so only the weights themselves take new memory.
    """
    from sklearn.preprocessing import normalize

    if not isinstance(d, Dtm):
        raise NqpError(f"d: expected a count Dtm from nqp.dtm; got {type(d).__name__}")
    if d.matrix.dtype.kind == "f":
        raise NqpError("tfidf: this Dtm already holds weights; pass the count Dtm from nqp.dtm.")
    if norm not in ("l2", "l1", None):
        raise NqpError(f"norm={norm!r}: choose 'l2', 'l1' or None")
    counts = d.matrix
    weights_idf = idf(d, smooth_idf=smooth_idf)
    data = weights_idf.take(counts.indices)
    if sublinear_tf:  # 1 + ln(count), in blocks: no temporary as large as the matrix
        step = 1 << 22
        for at in range(0, len(data), step):
            tf = np.log(counts.data[at : at + step], dtype=np.float64)
            tf += 1.0
            data[at : at + step] *= tf
    else:
        np.multiply(data, counts.data, out=data, casting="unsafe")
    weights = sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape, copy=False)
    if norm is not None:
        weights = sp.csr_matrix(normalize(weights, norm=norm, copy=False), copy=False)
    note = f"tfidf(sublinear_tf={sublinear_tf}, norm={norm!r}, smooth_idf={smooth_idf})"
    return replace(d, matrix=weights, history=d.history + (note,))


#: group label given to rows whose grouping value is missing
MISSING_GROUP = "(none)"


def group_keys(docs: pd.DataFrame, by: str | list[str]) -> pd.Series:
    """The group label (str) of each row of ``docs`` for ``by``: one column or several (joined " | ").

    ``by="year"`` works without a ``year`` column: the year is read from ``date_start`` (every date
    precision knows its year). Missing values become ``"(none)"`` (logged), never dropped.
    """
    cols = [by] if isinstance(by, str) else list(by)
    if not cols:
        raise NqpError("by: give at least one column name (e.g. 'outlet', 'doc_id', 'year').")
    frame = pd.DataFrame(index=docs.index)
    for c in cols:
        if c in docs.columns:
            values = docs[c]
        elif c == "year" and S.DATE_START in docs.columns:
            values = pd.to_datetime(docs[S.DATE_START]).dt.year.astype("Int64")
        else:
            raise NqpError(f"by={c!r}: no such column (have {list(docs.columns)}); 'year' also works when "
                           f"'{S.DATE_START}' is present.")
        missing = values.isna()
        if missing.any():
            log.info("group_keys: %d of %d rows have no %s; grouped as %r", int(missing.sum()), len(values), c,
                     MISSING_GROUP)
        frame[c] = values.astype(object).where(~missing, MISSING_GROUP).map(str)
    keys = frame[cols[0]] if len(cols) == 1 else frame[cols].agg(" | ".join, axis=1)
    return keys.astype(object).rename("group")


def dtm_group(d: Dtm, by: str | list[str]) -> Dtm:
    """Sum the rows of a count Dtm by one or more ``docs`` columns (outlet, year, ...).

    Returns a Dtm with one row per group, groups sorted by label; ``docs`` has ``group`` (str, see
    :func:`group_keys`) and ``n_docs`` (rows summed).
    """
    keys = group_keys(d.docs, by)
    groups, codes = np.unique(keys.to_numpy(dtype=object).astype(str), return_inverse=True)
    indicator = sp.csr_matrix((np.ones(len(codes), dtype=d.matrix.dtype), (codes, np.arange(len(codes)))),
                              shape=(len(groups), len(codes)))
    matrix = sp.csr_matrix(indicator @ d.matrix).astype(d.matrix.dtype)
    docs = pd.DataFrame({"group": groups.astype(object), "n_docs": np.bincount(codes)})
    cols = [by] if isinstance(by, str) else list(by)
    return replace(d, matrix=matrix, docs=docs, history=d.history + (f"dtm_group(by={cols})",))


__all__ = ["Dtm", "dtm", "dtm_group", "dtm_trim", "group_keys", "identity", "idf", "tfidf", "MISSING_GROUP", "TOKENS"]

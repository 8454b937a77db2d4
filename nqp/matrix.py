"""Document-term matrices: sparse counts, a sorted vocabulary and one metadata row per document.

Counted from nqp's own tokens (:func:`_count`: the matrix scikit-learn's ``CountVectorizer(analyzer=identity)``
gives, entry for entry, built with numpy and scipy alone, so the first :func:`dtm` imports no scikit-learn),
so no second segmentation happens here. The primitives every later stage shares live here, once: the
``min_df``/``max_df`` bounds (:func:`df_bounds`), term trimming (:func:`dtm` and :func:`dtm_trim`
share it), the short-term filter (:func:`short_terms`), :func:`idf` and :func:`tfidf`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schema as S
from ._validate import check_choice, check_int
from .errors import NqpTypeError, NqpValueError

log = logging.getLogger(__name__)

TOKENS = S.TOKENS


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


def df_bounds(n_docs: int, min_df: float | int, max_df: float | int) -> tuple[float, float]:
    """Document-count bounds ``(lo, hi)`` of ``min_df``/``max_df`` among ``n_docs`` documents.

    scikit-learn's sense: an int is a number of documents, a float in [0, 1] a share of ``n_docs``.
    A term is kept when its document frequency ``df`` satisfies ``lo <= df <= hi``. Raises a clear
    error for a bad value or for bounds that keep nothing. Used by :func:`dtm`, :func:`dtm_trim` and
    the out-of-core ``nqp.dtm_parquet``, so all three trim alike.
    """
    for name, value in (("min_df", min_df), ("max_df", max_df)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise NqpTypeError(f"{name}: expected an int (documents) or a float in [0, 1] (share); got {value!r}")
        if value < 0 or (isinstance(value, (float, np.floating)) and value > 1):
            raise NqpValueError(f"{name}={value!r}: a float is a share of documents and must lie in [0, 1]; "
                           "an int is a number of documents")
    lo = min_df if isinstance(min_df, (int, np.integer)) else min_df * n_docs
    hi = max_df if isinstance(max_df, (int, np.integer)) else max_df * n_docs
    if hi < lo:
        raise NqpValueError(f"max_df={max_df!r} keeps fewer documents ({hi:g}) than min_df={min_df!r} asks for ({lo:g}) "
                       f"among {n_docs} documents; raise max_df or lower min_df.")
    return lo, hi


def trim_mask(df: np.ndarray, lo: float, hi: float, *, n_docs: int, settings: str, where: str = "dtm",
              total: np.ndarray | None = None, min_count: int = 1) -> np.ndarray:
    """The terms to keep: document frequency ``df`` within ``[lo, hi]`` (:func:`df_bounds`), and, when
    ``total`` (each term's count) is given, a count of at least ``min_count``.

    ``settings`` (e.g. ``"min_df=2, max_df=1.0"``) and ``where`` go into the error raised when no term
    remains. The one trimming rule of :func:`dtm`, :func:`dtm_trim` and the out-of-core
    ``nqp.dtm_parquet`` (which counts ``df`` partition by partition).
    """
    keep = (df >= lo) & (df <= hi)
    if total is not None:
        keep &= total >= min_count
    if not keep.any():
        lower = "min_count/min_df" if total is not None else "min_df"
        raise NqpValueError(f"{where}: after trimming ({settings}) no terms remain among {n_docs} documents. "
                       f"Lower {lower} or raise max_df.")
    return keep


def log_trimmed(where: str, dropped: int, n_terms: int, lost: int, settings: str) -> None:
    """The one log line of a trim: terms and token occurrences dropped, under which settings, terms left."""
    log.info("%s: trimmed %d of %d terms (%d token occurrences) outside %s; %d remain",
             where, dropped, n_terms, lost, settings, n_terms - dropped)


def check_tokens(tokens, what: str = "tokens") -> pd.DataFrame:
    """``tokens`` when it is a non-empty DataFrame with a ``tokens`` column; else a clear error naming ``what``."""
    if not isinstance(tokens, pd.DataFrame) or TOKENS not in tokens.columns:
        raise NqpTypeError(
            f"{what}: expected a DataFrame with a 'tokens' column (one list of str per row), as returned by "
            f"nqp.tokenize; got {type(tokens).__name__}"
            + (f" with columns {list(tokens.columns)}" if isinstance(tokens, pd.DataFrame) else "")
        )
    if len(tokens) == 0:
        raise NqpValueError(f"{what}: no documents. Check the corpus, the cleaning step and the scope (articles_in_scope with a theme no article names?).")
    return tokens


def as_count_dtm(data, what: str = "tokens") -> Dtm:
    """A count :class:`Dtm` from a tokens table (counted with :func:`dtm`) or a count Dtm (as it is).

    The one entry of the statistics and figures that accept either; a weights Dtm (after
    :func:`tfidf`) is an error naming ``what``, since weights do not add up.
    """
    if isinstance(data, Dtm):
        if data.matrix.dtype.kind == "f":
            raise NqpValueError(f"{what}: this Dtm holds weights; pass the count Dtm from nqp.dtm (or the tokens table).")
        return data
    return dtm(check_tokens(data, what))


def dtm(tokens: pd.DataFrame, *, min_df: float | int = 1, max_df: float | int = 1.0, vocabulary=None) -> Dtm:
    """Count the ``tokens`` column (a list of str per row) into a :class:`Dtm`.

    ``tokens``: a DataFrame with a ``tokens`` column, e.g. the output of ``nqp.tokenize``; every
    other column is kept in ``Dtm.docs`` (same row order). ``min_df``/``max_df`` trim terms as
    scikit-learn's ``CountVectorizer`` does (an int is a document count, a float a proportion); how
    many terms (and token occurrences) were trimmed is logged and kept in ``history``.
    ``vocabulary``: a fixed list of terms (then no trimming; terms absent from it are not counted).
    """
    check_tokens(tokens)
    bad = [i for i, t in enumerate(tokens[TOKENS].head(1000)) if isinstance(t, str) or not hasattr(t, "__iter__")]
    if bad:
        raise NqpTypeError(
            f"tokens: row {bad[0]} of the 'tokens' column is {type(tokens[TOKENS].iloc[bad[0]]).__name__}, "
            "not a list of str. Tokenize first (nqp.tokenize) or split the text into a list of terms."
        )
    lo, hi = df_bounds(len(tokens), min_df, max_df) if vocabulary is None else (0, len(tokens))
    matrix, vocab = _count(tokens[TOKENS], vocabulary)
    if len(vocab) > 1 and not (vocab[:-1] < vocab[1:]).all():
        order = np.argsort(vocab, kind="stable")  # a user vocabulary may come unsorted: the contract is sorted
        matrix, vocab = matrix[:, order], vocab[order]
    matrix = sp.csr_matrix(matrix)
    note = ""
    if vocabulary is None and (lo > 1 or hi < len(tokens)):
        df = np.bincount(matrix.indices, minlength=len(vocab))
        settings = f"min_df={min_df!r}, max_df={max_df!r}"
        keep = trim_mask(df, lo, hi, n_docs=len(tokens), settings=settings)
        dropped = int((~keep).sum())
        if dropped:
            total = matrix.sum()
            matrix, vocab = sp.csr_matrix(matrix[:, keep]), vocab[keep]
            lost = int(total - matrix.sum())
            log_trimmed("dtm", dropped, len(keep), lost, settings)
            note = f"; trimmed {dropped} terms ({lost} tokens)"
    docs = tokens.drop(columns=[TOKENS]).reset_index(drop=True)
    history = (f"dtm(min_df={min_df!r}, max_df={max_df!r}): {matrix.shape[0]} docs x {matrix.shape[1]} terms{note}",)
    return Dtm(matrix=matrix, vocab=vocab, docs=docs, history=history)


class _Ids(dict):
    """term -> column; a term seen for the first time gets the next column (``__missing__``, called from C)."""

    def __missing__(self, term) -> int:
        i = self[term] = len(self)
        return i


def _fixed_vocabulary(vocabulary) -> dict:
    """``vocabulary`` (a mapping term -> column, or terms in column order; a set is sorted) as a dict, checked."""
    if isinstance(vocabulary, set):
        vocabulary = sorted(vocabulary)
    if hasattr(vocabulary, "items"):
        ids = dict(vocabulary)
        if sorted(ids.values()) != list(range(len(ids))):
            raise NqpValueError(f"vocabulary: a mapping must give the columns 0 to {len(ids) - 1} once each; "
                                "pass a list of terms instead.")
    else:
        ids = {}
        for i, term in enumerate(vocabulary):
            if ids.setdefault(term, i) != i:
                raise NqpValueError(f"vocabulary: the term {term!r} is given twice; give each term once.")
    if not ids:
        raise NqpValueError("vocabulary: it is empty; give at least one term, or None to count every term.")
    return ids


#: tokens counted per block of documents (bounds the temporary arrays: a few bytes per token of the block)
_BLOCK = 1 << 19


def _count(column, vocabulary=None) -> tuple[sp.csr_matrix, np.ndarray]:
    """The counts of the token lists of ``column`` and the terms of the columns: scikit-learn's
    ``CountVectorizer(analyzer=identity, vocabulary=vocabulary, dtype=np.int64).fit_transform(column)``
    and its ``vocabulary_`` in column order, entry for entry (the columns numbered in order of first
    occurrence, each row's entries in that order, then renumbered by sorted term; a fixed ``vocabulary``
    keeps its own numbering and leaves out the terms it does not hold), counted with numpy and scipy.

    Each term is looked up once per occurrence (in C); the counts of each block of documents are the
    distinct (row, column) pairs of the block, so memory grows with the block, not the corpus."""
    from itertools import chain, repeat

    docs = [t if isinstance(t, list) else list(t) for t in column]
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    ids = _Ids() if vocabulary is None else _fixed_vocabulary(vocabulary)
    lookup = ids.__getitem__ if vocabulary is None else None
    per_row = np.zeros(len(docs), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    # the entries go straight into the matrix's arrays, sized for the most there can be (one per token); the
    # pages past the last entry are never written, so they take no memory, and are given back at the end
    bound = max(int(starts[-1]), 1)
    index_type = np.int32 if bound <= np.iinfo(np.int32).max else np.int64
    indices = np.empty(bound, dtype=index_type)
    data = np.empty(bound, dtype=np.int64)
    nnz, a = 0, 0
    while a < len(docs):  # blocks of whole documents
        b = max(int(np.searchsorted(starts, starts[a] + _BLOCK, side="right")) - 1, a + 1)
        flat = chain.from_iterable(docs[a:b])
        n = int(starts[b] - starts[a])
        if lookup is not None:
            col = np.fromiter(map(lookup, flat), dtype=np.int64, count=n)
            row = np.repeat(np.arange(b - a, dtype=np.int64), lengths[a:b])
        else:
            col = np.fromiter(map(ids.get, flat, repeat(-1)), dtype=np.int64, count=n)
            known = col >= 0
            col, row = col[known], np.repeat(np.arange(b - a, dtype=np.int64), lengths[a:b])[known]
        width = max(len(ids), 1)
        pairs, c = np.unique(row * width + col, return_counts=True)  # sorted by row, then column
        del col, row
        r = pairs // width
        per_row[a:b] = np.bincount(r, minlength=b - a)
        k = len(pairs)
        indices[nnz:nnz + k] = pairs - r * width
        data[nnz:nnz + k] = c
        nnz += k
        a = b
    if vocabulary is None and not ids:
        raise NqpValueError("dtm: empty vocabulary; perhaps the documents only contain stop words. Every document's "
                            "token list is empty: check the tokenizing step.")
    indices.resize(nnz, refcheck=False)  # in place: the unused tail given back, nothing copied
    data.resize(nnz, refcheck=False)
    if index_type is not np.int32 and nnz <= np.iinfo(np.int32).max:  # more tokens than int32, fewer entries
        indices, index_type = indices.astype(np.int32), np.int32
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(per_row, out=indptr[1:])
    vocab = np.empty(len(ids), dtype=object)
    vocab[np.fromiter(ids.values(), dtype=np.int64, count=len(vocab))] = list(ids)
    if vocabulary is None:  # columns renumbered by sorted term, in place; each row keeps its entries' order
        order = np.argsort(vocab, kind="stable")
        rank = np.empty(len(order), dtype=index_type)
        rank[order] = np.arange(len(order), dtype=index_type)
        for at in range(0, nnz, _BLOCK):
            indices[at:at + _BLOCK] = rank[indices[at:at + _BLOCK]]
        vocab = vocab[order]
    matrix = sp.csr_matrix((data, indices, indptr.astype(index_type)), shape=(len(docs), len(vocab)), copy=False)
    return matrix, vocab


def dtm_trim(d: Dtm, *, min_count: int = 1, min_df: float | int = 1, max_df: float | int = 1.0) -> Dtm:
    """Drop terms seen fewer than ``min_count`` times, or in too few / too many documents.

    ``min_df``/``max_df``: an int is a document count, a float a proportion of documents. Logs and
    records how many terms went.
    """
    n_docs = d.shape[0]
    df = np.asarray((d.matrix > 0).sum(axis=0)).ravel()
    total = np.asarray(d.matrix.sum(axis=0)).ravel()
    min_count = check_int("min_count", min_count, min=1)
    lo, hi = df_bounds(n_docs, min_df, max_df)
    settings = f"min_count={min_count}, min_df={min_df!r}, max_df={max_df!r}"
    keep = trim_mask(df, lo, hi, n_docs=n_docs, settings=settings, where="dtm_trim", total=total, min_count=min_count)
    dropped = int((~keep).sum())
    log_trimmed("dtm_trim", dropped, len(keep), int(total[~keep].sum()), settings)
    note = f"dtm_trim(min_count={min_count}, min_df={min_df!r}, max_df={max_df!r}): removed {dropped} terms"
    return replace(d, matrix=sp.csr_matrix(d.matrix[:, keep]), vocab=d.vocab[keep], history=d.history + (note,))


def short_terms(vocab, min_chars: int) -> np.ndarray:
    """Boolean mask of the terms of ``vocab`` shorter than ``min_chars`` characters.

    The one short-term filter: keywords, keyness and word clouds leave these terms out of their
    rankings (``min_chars=2`` drops single characters such as 做 or 新), topic models out of the
    matrix. ``min_chars``: an int >= 1 (1 keeps every term).
    """
    min_chars = check_int("min_chars", min_chars, min=1)
    if min_chars <= 1:
        return np.zeros(len(vocab), dtype=bool)
    return np.fromiter((len(str(t)) < min_chars for t in vocab), dtype=bool, count=len(vocab))


def _inverse_df(d: Dtm, smooth_idf: bool) -> np.ndarray:
    n_docs, n_terms = d.shape
    df = np.bincount(d.matrix.indices, minlength=n_terms).astype(np.float64)
    df += float(smooth_idf)
    out = np.full_like(df, n_docs + int(smooth_idf))
    out /= df
    np.log(out, out=out)
    out += 1.0
    return out


def idf(d: Dtm, *, smooth_idf: bool = True) -> np.ndarray:
    """Inverse document frequency of each term of a count Dtm, as scikit-learn computes it.

    ``ln((1 + n) / (1 + df)) + 1`` with ``smooth_idf`` (``ln(n / df) + 1`` without), ``n`` the rows,
    ``df`` the rows in which the term occurs; in the order of ``d.vocab``.
    """
    return _inverse_df(d, smooth_idf)


def _normalize_rows(matrix: sp.csr_matrix, norm: str, block: int = 1 << 22) -> None:
    """Scale each row of a float CSR matrix in place to unit ``norm`` ("l2" or "l1"), as scikit-learn's
    ``normalize`` does (a row of zeros stays as it is; each row's sum taken in its stored order), in blocks
    of about ``block`` entries, so that no temporary is as large as the matrix."""
    indptr, data = matrix.indptr, matrix.data
    n_rows = matrix.shape[0]
    r0 = 0
    while r0 < n_rows:
        # the rows whose entries start within the next block (at least one row)
        r1 = max(r0 + 1, int(np.searchsorted(indptr, indptr[r0] + block, side="right")) - 1)
        r1 = min(r1, n_rows)
        a, b = int(indptr[r0]), int(indptr[r1])
        if b > a:
            part = data[a:b]
            lengths = np.diff(indptr[r0 : r1 + 1])
            filled = lengths > 0
            starts = (indptr[r0:r1] - a)[filled]
            sums = np.zeros(r1 - r0, dtype=np.float64)
            sums[filled] = np.add.reduceat(part * part if norm == "l2" else np.abs(part), starts)
            if norm == "l2":
                np.sqrt(sums, out=sums)
            sums[sums == 0.0] = 1.0
            part /= np.repeat(sums, lengths)
        r0 = r1


def tfidf(d: Dtm, *, sublinear_tf: bool = False, norm: str | None = "l2", smooth_idf: bool = True,
          idf: np.ndarray | None = None) -> Dtm:
    """TF-IDF weights of a count :class:`Dtm`: the numbers of scikit-learn's ``TfidfTransformer``.

    ``sublinear_tf`` uses ``1 + ln(count)``; ``norm`` ("l2", "l1" or None) scales each row;
    ``smooth_idf``: see :func:`idf`. ``idf``: the IDF to weigh with, one value per term of
    ``d.vocab`` (None: computed from ``d``'s own rows). Pass ``nqp.idf(articles_dtm)`` to weigh a
    grouped Dtm (``dtm_group``) with the IDF of the articles it sums, as :func:`nqp.keywords` does;
    this is scikit-learn's fit on one matrix, transform of another. The weights matrix shares its
    index arrays with the counts (both are read-only by contract), so only the weights themselves
    take new memory; entry ``i`` of ``weights.matrix.data`` is the weight of entry ``i`` of the counts.
    """
    if not isinstance(d, Dtm):
        raise NqpTypeError(f"d: expected a count Dtm from nqp.dtm; got {type(d).__name__}")
    if d.matrix.dtype.kind == "f":
        raise NqpValueError("tfidf: this Dtm already holds weights; pass the count Dtm from nqp.dtm.")
    check_choice("norm", norm, ("l2", "l1", None))
    counts = d.matrix
    if idf is None:
        weights_idf = _inverse_df(d, smooth_idf)
    else:
        weights_idf = np.asarray(idf, dtype=np.float64)
        if weights_idf.shape != (d.shape[1],):
            raise NqpValueError(f"idf: expected one value per term ({d.shape[1]}), got shape {weights_idf.shape}; "
                                "compute it with nqp.idf on a Dtm of the same vocabulary.")
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
        _normalize_rows(weights, norm)
    note = f"tfidf(sublinear_tf={sublinear_tf}, norm={norm!r}, smooth_idf={smooth_idf}"
    note += ")" if idf is None else ", idf given)"
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
        raise NqpValueError("by: give at least one column name (e.g. 'outlet', 'doc_id', 'year').")
    frame = pd.DataFrame(index=docs.index)
    for c in cols:
        if c in docs.columns:
            values = docs[c]
        elif c == "year" and S.DATE_START in docs.columns:
            values = pd.to_datetime(docs[S.DATE_START]).dt.year.astype("Int64")
        else:
            raise NqpValueError(f"by={c!r}: no such column (have {list(docs.columns)}); 'year' also works when "
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


__all__ = ["Dtm", "df_bounds", "dtm", "dtm_group", "dtm_trim", "group_keys", "idf", "short_terms", "tfidf"]

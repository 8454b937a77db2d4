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
    (float64, after :func:`tfidf`); ``vocab``: numpy array of the terms, sorted; ``docs``: DataFrame,
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


def dtm(tokens: pd.DataFrame, *, min_df: float | int = 1, max_df: float | int = 1.0, vocabulary=None) -> Dtm:
    """Count the ``tokens`` column (a list of str per row) into a :class:`Dtm`.

    ``tokens``: a DataFrame with a ``tokens`` column, e.g. the output of ``nqp.tokenize``; every
    other column is kept in ``Dtm.docs``. ``min_df``/``max_df`` trim terms as scikit-learn's
    ``CountVectorizer`` does (an int is a document count, a float a proportion); what is trimmed is
    logged. ``vocabulary``: a fixed list of terms (then no trimming).
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
    vec = CountVectorizer(analyzer=identity, min_df=min_df, max_df=max_df, vocabulary=vocabulary, dtype=np.int64)
    try:
        matrix = vec.fit_transform(tokens[TOKENS])
    except ValueError as exc:
        raise NqpError(f"dtm: {exc} (min_df={min_df!r}, max_df={max_df!r})") from None
    vocab = vec.get_feature_names_out().astype(object)
    order = np.argsort(vocab, kind="stable")  # CountVectorizer sorts already; keep the contract explicit
    matrix = sp.csr_matrix(matrix[:, order])
    vocab = vocab[order]
    removed = len(getattr(vec, "stop_words_", None) or ())
    if removed:
        log.info("dtm: trimmed %d terms outside min_df=%r, max_df=%r; %d remain", removed, min_df, max_df, len(vocab))
    docs = tokens.drop(columns=[TOKENS]).reset_index(drop=True)
    history = (f"dtm(min_df={min_df!r}, max_df={max_df!r}): {matrix.shape[0]} docs x {matrix.shape[1]} terms",)
    return Dtm(matrix=matrix, vocab=vocab, docs=docs, history=history)


def dtm_trim(d: Dtm, *, min_count: int = 1, min_df: float | int = 1, max_df: float | int = 1.0) -> Dtm:
    """Drop terms seen fewer than ``min_count`` times, or in too few / too many documents.

    ``min_df``/``max_df``: an int is a document count, a float a proportion of documents. Logs and
    records how many terms went.
    """
    n_docs = d.shape[0]
    df = np.asarray((d.matrix > 0).sum(axis=0)).ravel()
    total = np.asarray(d.matrix.sum(axis=0)).ravel()
    lo = min_df if isinstance(min_df, (int, np.integer)) else int(np.ceil(min_df * n_docs))
    hi = max_df if isinstance(max_df, (int, np.integer)) else int(np.floor(max_df * n_docs))
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


def tfidf(d: Dtm, *, sublinear_tf: bool = False, norm: str | None = "l2", smooth_idf: bool = True) -> Dtm:
    """TF-IDF weights of a count :class:`Dtm` (scikit-learn's ``TfidfTransformer``)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    if d.matrix.dtype.kind == "f":
        raise NqpError("tfidf: this Dtm already holds weights; pass the count Dtm from nqp.dtm.")
    weights = TfidfTransformer(norm=norm, sublinear_tf=sublinear_tf, smooth_idf=smooth_idf).fit_transform(d.matrix)
    note = f"tfidf(sublinear_tf={sublinear_tf}, norm={norm!r}, smooth_idf={smooth_idf})"
    return replace(d, matrix=sp.csr_matrix(weights), history=d.history + (note,))


def dtm_group(d: Dtm, by: str | list[str]) -> Dtm:
    """Sum the rows of a count Dtm by one or more ``docs`` columns (outlet, year, ...), groups sorted."""
    cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in d.docs.columns]
    if missing:
        raise NqpError(f"by: no column {missing} in the Dtm's documents (has {list(d.docs.columns)}).")
    keys = d.docs[cols].astype(str).agg(" | ".join, axis=1) if len(cols) > 1 else d.docs[cols[0]].astype(str)
    groups, codes = np.unique(keys.to_numpy(), return_inverse=True)
    indicator = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(groups), len(codes)))
    matrix = sp.csr_matrix(indicator @ d.matrix).astype(d.matrix.dtype)
    docs = pd.DataFrame({"group": groups, "n_docs": np.bincount(codes)})
    return replace(d, matrix=matrix, docs=docs, history=d.history + (f"dtm_group(by={cols})",))


__all__ = ["Dtm", "dtm", "dtm_group", "dtm_trim", "identity", "tfidf", "TOKENS"]

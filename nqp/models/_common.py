"""Checks and small numeric pieces shared by the files of :mod:`nqp.models` (private to the package)."""

from __future__ import annotations

import functools
import logging
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_choice, check_int
from ..matrix import Dtm, short_terms
from ..errors import NqpTypeError, NqpValueError

log = logging.getLogger(__name__)

__all__: list[str] = []

METHODS = ("nmf", "lda")
#: number of documents from which ``minibatch=None`` switches to MiniBatchNMF / online LDA
MINIBATCH_FROM = 20_000
#: below this many documents a model is fitted on one thread (OpenMP and BLAS): on a corpus this small the
#: thread pools cost more than they share out, and where the cores are busy their waiting threads spin
#: (clusters_scan on 1,000 documents, machine loaded: 46 s of CPU with the pools, 2.4 s on one thread;
#: benchmarks/bench_pages.py). The results are the same either way (tests/models).
ONE_THREAD_BELOW = 20_000


def _n_rows(x) -> int | None:
    """The documents of a Dtm, a Topics or a matrix; None when ``x`` has no such count."""
    docs = getattr(x, "docs", None)
    if docs is not None and hasattr(docs, "__len__"):
        return len(docs)
    shape = getattr(x, "shape", None)
    return int(shape[0]) if shape else None


def small_fits_on_one_thread(func):
    """Run ``func(x, ...)`` with the numeric libraries' thread pools limited to one thread when ``x`` holds
    fewer than :data:`ONE_THREAD_BELOW` documents (see there); as it is otherwise."""

    @functools.wraps(func)
    def wrapper(x, *args, **kwargs):
        n = _n_rows(x)
        if n is None or n >= ONE_THREAD_BELOW:
            return func(x, *args, **kwargs)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return func(x, *args, **kwargs)

    return wrapper


def _check_dtm(dtm, name: str = "dtm") -> Dtm:
    if not isinstance(dtm, Dtm):
        raise NqpTypeError(f"{name}: expected an nqp.Dtm (from nqp.dtm(tokens)), got {type(dtm).__name__}.")
    if dtm.shape[0] == 0 or dtm.shape[1] == 0:
        raise NqpValueError(f"{name}: the matrix is empty ({dtm.shape[0]} documents x {dtm.shape[1]} terms).")
    return dtm


def _check_k(k, n_docs: int, n_terms: int, name: str = "k") -> int:
    k = check_int(name, k, min=1)
    limit = min(n_docs, n_terms)
    if k > limit:
        raise NqpValueError(
            f"{name}={k}: more topics than the matrix can hold ({n_docs} documents x {n_terms} terms); "
            f"use k <= {limit}, or add documents."
        )
    return k


def _check_method(method) -> str:
    return check_choice("method", method, METHODS)


def _scan_ks(ks, n_docs: int) -> list:
    """The k of a scan, sorted and unique (integral floats as ints); ``None``: 2 .. min(10, documents / 2).

    Each k is checked by the fitting function it goes to.
    """
    if ks is None:
        return list(range(2, max(2, min(10, n_docs // 2)) + 1))
    try:
        ks = sorted({int(k) if not isinstance(k, bool) and float(k).is_integer() else k for k in ks})
    except (TypeError, ValueError):
        raise NqpTypeError(f"ks: expected a range or list of ints, got {ks!r}.") from None
    if not ks:
        raise NqpValueError("ks: no k to scan; give e.g. ks=range(2, 11).")
    return ks


def _id_columns(docs: pd.DataFrame) -> list[str]:
    return [c for c in (S.DOC_ID, S.ARTICLE_ID) if c in docs.columns]


def _min_chars(dtm: Dtm, min_chars: int) -> Dtm:
    """The Dtm without the terms that :func:`nqp.matrix.short_terms` flags as shorter than ``min_chars``
    characters (the one short-term filter, as in ``nqp.keywords``); logged, recorded in history."""
    keep = ~short_terms(dtm.vocab, min_chars)
    if keep.all():
        return dtm
    if not keep.any():
        raise NqpValueError(f"min_chars={min_chars}: no term of the Dtm is that long; use min_chars=1.")
    dropped = int((~keep).sum())
    log.info("topics: left out %d of %d terms shorter than %d characters (min_chars)", dropped, len(keep), min_chars)
    note = f"min_chars={min_chars}: left out {dropped} terms"
    return replace(dtm, matrix=sp.csr_matrix(dtm.matrix[:, keep]), vocab=dtm.vocab[keep], history=dtm.history + (note,))


def normalize_rows(a: np.ndarray) -> np.ndarray:
    """``a`` (as float64) with every row divided by its sum; a row summing to 0 stays all 0."""
    a = np.asarray(a, dtype=np.float64)
    total = a.sum(axis=1, keepdims=True)
    out = np.zeros_like(a)
    np.divide(a, total, out=out, where=total > 0)
    return out


def share_order(weights: np.ndarray) -> np.ndarray:
    """Column order that numbers topics by share: the largest mean weight first, ties by index."""
    share = weights.mean(axis=0)
    return np.lexsort((np.arange(weights.shape[1]), -np.round(share, 12)))

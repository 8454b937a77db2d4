"""The out-of-core document-term matrix of a tokens dataset (:func:`dtm_parquet`), in two passes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_int
from ..errors import NqpError, NqpTypeError
from ..progress import progress_bar
from .dask_run import _compute, _release_memory, _release_pool, require_dask
from .parts import parquet_parts, read_part

log = logging.getLogger(__name__)

__all__ = ["dtm_parquet"]


def _part_frequencies(path: str) -> pd.DataFrame:
    tokens = pd.read_parquet(path, columns=[S.TOKENS])[S.TOKENS]
    df, count = Counter(), Counter()
    for t in tokens:
        if t is None or len(t) == 0:
            continue
        t = list(t)
        count.update(t)
        df.update(set(t))
    terms = sorted(count)
    out = pd.DataFrame({
        "term": pd.Series(terms, dtype=object),
        "df": np.array([df[t] for t in terms], dtype=np.int64),
        "count": np.array([count[t] for t in terms], dtype=np.int64),
    })
    del tokens, df, count
    _release_memory()
    return out


def _part_rows(path: str, vocab: pd.Index, out: str, number: int) -> pd.DataFrame:
    """One partition's rows as int64 counts, written to ``out``; the caller checks them against its dtype."""
    tokens = pd.read_parquet(path, columns=[S.TOKENS])[S.TOKENS]
    n = len(tokens)
    lengths = np.fromiter((0 if t is None else len(t) for t in tokens), dtype=np.int64, count=n)
    flat = [w for t in tokens if t is not None for w in t]
    del tokens
    cols = vocab.get_indexer(pd.Index(flat, dtype=object)) if flat else np.zeros(0, dtype=np.intp)
    del flat
    rows = np.repeat(np.arange(n), lengths)
    keep = cols >= 0
    m = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], cols[keep])), shape=(n, len(vocab)), dtype=np.int64,
    )
    del rows, cols, keep
    m.sum_duplicates()
    m.sort_indices()
    sp.save_npz(Path(out) / f"{number:05d}.npz", m, compressed=False)
    summary = pd.DataFrame({"number": [number], "rows": [m.shape[0]], "nnz": [m.nnz],
                            "max": [int(m.data.max()) if m.nnz else 0]})
    del m
    _release_memory()
    return summary


def dtm_parquet(
    tokens,
    *,
    min_df: float | int = 1,
    max_df: float | int = 1.0,
    columns: list[str] | None = None,
    dtype=np.int32,
    scheduler=None,
    n_workers: int | None = None,
    progress=None,
):
    """The :class:`nqp.Dtm` of a tokens dataset (``out/tokens`` of :func:`pipeline`), built out of core.

    Two passes over the partitions (through Dask, ``scheduler`` as for :func:`pipeline`): document
    frequencies and counts of every term, which fix the sorted vocabulary and the ``min_df``/
    ``max_df`` trimming exactly as ``nqp.dtm`` does; then each partition's sparse rows, written to a
    temporary folder beside the dataset (on a cluster, one the workers share) and assembled once into
    preallocated arrays, so the peak is the matrix plus one partition. With the local process pool
    (``scheduler=None``), its worker processes are stopped before the assembly, so their memory
    (tokenizers from :func:`pipeline`) is free for the matrix; the next :func:`pipeline` starts new ones.

    ``columns``: the ``docs`` columns to keep (None: every column but ``tokens``, as ``nqp.dtm``).
    ``dtype``: of the counts; int32 (the default) takes half the memory of ``nqp.dtm``'s int64 (a count
    too large for it is an error, never a wrap-around). With ``dtype=np.int64`` the result equals
    ``nqp.dtm(parquet_read(tokens), min_df=..., max_df=...)`` (tested).

    Needs the optional Dask part of nqp (``pip install 'nqp[dask]'``), as :func:`nqp.pipeline` does.
    """
    from ..matrix import Dtm, df_bounds, log_trimmed, trim_mask

    dd = require_dask("nqp.dtm_parquet")

    n_workers = check_int("n_workers", n_workers, min=1, allow_none=True)
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind not in "iu":
        raise NqpTypeError("dtype: expected an integer type for the counts, such as np.int32 (the default) or np.int64.")
    files = parquet_parts(tokens)
    n_rows = [_num_rows(f) for f in files]
    n_docs = int(sum(n_rows))
    if n_docs == 0:
        raise NqpError("tokens: no documents. Check the corpus, the cleaning step and the scope (articles_in_scope with a theme no article names?).")
    lo, hi = df_bounds(n_docs, min_df, max_df)
    meta = pd.DataFrame({"term": pd.Series(dtype=object), "df": pd.Series(dtype="int64"), "count": pd.Series(dtype="int64")})
    freq = dd.from_map(_part_frequencies, [str(f) for f in files], meta=meta)
    freq = _compute(freq, scheduler, progress, "dtm: vocabulary", n_workers)
    if freq is None:
        raise NqpError("dtm: every document's token list is empty: check the tokenizing step.")
    freq = freq.groupby("term", sort=True)[["df", "count"]].sum()
    terms = freq.index.to_numpy(dtype=object)
    order = np.argsort(terms, kind="stable")  # code-point order, as CountVectorizer sorts
    freq = freq.iloc[order]
    keep = np.ones(len(freq), dtype=bool)
    note = ""
    if lo > 1 or hi < n_docs:  # the one trimming rule of nqp.dtm (nqp.matrix), on the summed frequencies
        settings = f"min_df={min_df!r}, max_df={max_df!r}"
        keep = trim_mask(freq["df"].to_numpy(), lo, hi, n_docs=n_docs, settings=settings)
        dropped = int((~keep).sum())
        if dropped:
            lost = int(freq["count"].to_numpy()[~keep].sum())
            log_trimmed("dtm", dropped, len(keep), lost, settings)
            note = f"; trimmed {dropped} terms ({lost} tokens)"
    vocab = np.asarray(freq.index.to_numpy(dtype=object)[keep], dtype=object)
    index = pd.Index(vocab, dtype=object)
    # the workers write their rows beside the dataset: on a cluster, a folder they all share (the
    # system's temporary folder is each machine's own); a read-only dataset falls back to it
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".nqp-dtm-", dir=files[0].parent.parent))
    except OSError:
        tmp = Path(tempfile.mkdtemp(prefix="nqp-dtm-"))
        log.warning("dtm: cannot write beside %s; the workers' rows go to %s, which workers on other machines "
                    "cannot reach", files[0].parent, tmp)
    try:
        rmeta = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("number", "rows", "nnz", "max")})
        # counts are computed in int64 and checked against the asked dtype before it is used
        rows = dd.from_map(_RowsPart(index, str(tmp)), list(enumerate(str(f) for f in files)), meta=rmeta)
        stats = _compute(rows, scheduler, progress, "dtm: rows", n_workers).sort_values("number").reset_index(drop=True)
        biggest = int(stats["max"].max())
        if biggest > np.iinfo(dtype).max:
            raise NqpError(f"dtype={dtype.name}: a document counts one term {biggest} times, more than {dtype.name} "
                           "holds. Pass dtype=np.int64.")
        # the matrix is assembled in this process: the local workers, idle now, give their memory back first
        _release_pool(scheduler, n_workers)
        total = int(stats["nnz"].sum())
        idx_dtype = np.int32 if max(total, len(vocab)) < np.iinfo(np.int32).max else np.int64
        data = np.empty(total, dtype=dtype)
        indices = np.empty(total, dtype=idx_dtype)
        indptr = np.zeros(n_docs + 1, dtype=idx_dtype)
        at, row = 0, 0
        for number in progress_bar(stats["number"], progress=progress, desc="dtm: assemble", unit="part"):
            m = sp.load_npz(tmp / f"{int(number):05d}.npz")
            data[at : at + m.nnz] = m.data
            indices[at : at + m.nnz] = m.indices
            indptr[row + 1 : row + m.shape[0] + 1] = m.indptr[1:] + at
            at += m.nnz
            row += m.shape[0]
            del m
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n_docs, len(vocab)))
    if columns is None:
        docs = pd.concat([_doc_columns(f) for f in files], ignore_index=True)
    else:
        docs = pd.concat([read_part(f, columns=list(columns)) for f in files], ignore_index=True)
    history = (f"dtm(min_df={min_df!r}, max_df={max_df!r}): {matrix.shape[0]} docs x {matrix.shape[1]} terms{note}",)
    return Dtm(matrix=matrix, vocab=vocab, docs=docs, history=history)


class _RowsPart:
    """Picklable callable for ``from_map``: (number, path) -> one-row summary, rows written to disk."""

    def __init__(self, vocab: pd.Index, out: str):
        self.vocab = vocab
        self.out = out

    def __call__(self, item) -> pd.DataFrame:
        number, path = item
        return _part_rows(path, self.vocab, self.out, number)


def _num_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _doc_columns(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    names = [c for c in pq.ParquetFile(path).schema_arrow.names if c != S.TOKENS]
    return read_part(path, columns=names)

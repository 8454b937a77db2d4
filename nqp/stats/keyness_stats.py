"""Keyness: which terms a target part of the corpus uses more (or less) than a reference part.

For each term the 2×2 table (term / other terms × target / reference). G² (log-likelihood ratio)
and Pearson's χ² (no continuity correction), both with one degree of freedom; p-values from G²;
Benjamini-Hochberg (false-discovery rate, default) or Bonferroni (family-wise error) correction
over every term tested; the log-ratio effect size of Hardie (2014), ``log2((a/A) / (b/B))`` with a
zero count replaced by 0.5. Statistics count here; the sentences that show a key term in use come
from the evidence layer (:func:`nqp.keyness_exemplars`).
"""

from __future__ import annotations

import json
import logging
import warnings

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError
from ..matrix import Dtm, as_count_dtm, group_keys, short_terms
from ._tables import chi2, g2

log = logging.getLogger(__name__)

__all__ = ["keyness", "keyness_each", "keyness_rows", "keyness_style", "p_adjust"]

CORRECTIONS = ("bh", "bonferroni", "none")


def p_adjust(p, method: str = "bh") -> np.ndarray:
    """Adjust p-values for multiple testing: ``"bh"`` (Benjamini-Hochberg), ``"bonferroni"`` or ``"none"``."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    check_choice("method", method, CORRECTIONS)
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
        raise NqpValueError(f"{what}={unknown!r}: no such group; the groups are {sorted(set(keys))}")
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

    Exemplar sentences come from the evidence layer: ``nqp.keyness_exemplars(table, articles)``.
    ``articles`` (deprecated, for one release) does that call here, with a ``DeprecationWarning``, as
    does a tokens table that still carries the ``text`` column.

    Returns one row per tested term, sorted by ``direction`` ("target" first, then "reference",
    then "none"), then ``g2`` descending, then term: ``term``, ``direction``, ``target_count``,
    ``reference_count``, ``target_per_10k``, ``reference_per_10k`` (per 10,000 tokens), ``g2``,
    ``chi2``, ``log_ratio``, ``p_value``, ``p_adjusted``, ``significant``. ``attrs`` holds
    ``target_total``/``reference_total`` (tokens on each side), the settings, and ``rows``: the
    ``doc_id``/``article_id`` of every document counted with its ``side`` ("target" or
    "reference"), which :func:`nqp.keyness_exemplars` quotes from.
    """
    check_choice("correction", correction, CORRECTIONS)
    min_count = check_int("min_count", min_count, min=1)
    if not 0 < check_number("alpha", alpha) < 1:
        raise NqpValueError(f"alpha={alpha!r}: give a level between 0 and 1, e.g. 0.05")
    min_chars = check_int("min_chars", min_chars, min=1)
    text_source = articles
    if text_source is None and isinstance(data, pd.DataFrame) and S.TEXT in data.columns:
        text_source = data
    if text_source is not None:
        warnings.warn(
            "keyness(articles=...) and keyness on a tokens table with a 'text' column are deprecated: statistics "
            "count, the evidence layer quotes. Call nqp.keyness_exemplars(nqp.keyness(...), articles) instead.",
            DeprecationWarning, stacklevel=2,
        )
    external = isinstance(reference, (pd.DataFrame, Dtm))
    d = as_count_dtm(data, "data")
    n_rows = d.shape[0]
    if external:
        r = as_count_dtm(reference, "reference")
        vocab = np.union1d(d.vocab.astype(str), r.vocab.astype(str)).astype(object)
        tmask = np.ones(n_rows, dtype=bool) if target is None else _mask(target, d, by, "target")
        t_counts = _counts_on(d, tmask, vocab)
        r_counts = _counts_on(r, np.ones(r.shape[0], dtype=bool), vocab)
        ref_docs = r.docs
    else:
        if target is None:
            raise NqpValueError("target: say which rows are the target (a value of `by`, or a boolean mask), "
                           "or pass a separate reference corpus as `reference`.")
        tmask = _mask(target, d, by, "target")
        rmask = ~tmask if reference is None else _mask(reference, d, by, "reference")
        if (tmask & rmask).any():
            raise NqpValueError("target and reference overlap: a row cannot be on both sides.")
        vocab = d.vocab
        t_counts = np.asarray(d.matrix[tmask].sum(axis=0)).ravel()
        r_counts = np.asarray(d.matrix[rmask].sum(axis=0)).ravel()
        ref_docs = d.docs[rmask]
    A, B = int(t_counts.sum()), int(r_counts.sum())
    if A == 0 or B == 0:
        raise NqpValueError(f"keyness: the {'target' if A == 0 else 'reference'} side has no tokens; choose other groups.")
    tested = (t_counts + r_counts) >= min_count
    log.info("keyness: %d of %d terms counted fewer than min_count=%d times; not tested", int((~tested).sum()),
             len(vocab), min_count)
    short = short_terms(vocab, min_chars) & tested
    if short.any():
        log.info("keyness: %d terms shorter than min_chars=%d; not tested", int(short.sum()), min_chars)
        tested &= ~short
    a, b = t_counts[tested].astype(float), r_counts[tested].astype(float)
    g2_values, chi2_values = g2(a, b, A - a, B - b), chi2(a, b, A - a, B - b)
    from scipy.stats import chi2 as chi2_dist

    p = chi2_dist.sf(g2_values, 1)
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
            "g2": g2_values,
            "chi2": chi2_values,
            "log_ratio": lr,
            "p_value": p,
            "p_adjusted": p_adjust(p, correction),
        }
    )
    out["significant"] = out["p_adjusted"] < alpha
    out["_dir"] = out["direction"].map({"target": 0, "reference": 1, "none": 2})
    out = out.sort_values(["_dir", "g2", "term"], ascending=[True, False, True], kind="stable")
    out = out[S.KEYNESS_COLUMNS].reset_index(drop=True)  # the schema's order (and without _dir)
    out.attrs.update(target_total=A, reference_total=B, min_count=min_count, correction=correction, alpha=alpha,
                     rows=_rows({"target": d.docs[tmask], "reference": ref_docs}))
    if text_source is not None:
        from ..evidence.keyness_evidence import keyness_exemplars

        out = keyness_exemplars(out, text_source)
    log.info("keyness: %d terms tested, %d significant at %s-adjusted p < %g (target %d tokens, reference %d)",
             len(out), int(out["significant"].sum()), correction, alpha, A, B)
    return out


def _rows(sides: dict[str, pd.DataFrame]) -> str:
    """The documents counted, for ``attrs["rows"]``: their id columns and the side each was counted on, as
    one JSON text (``{"doc_id": [...], "article_id": [...], "side": [...]}``, :func:`keyness_rows` reads it).

    One string, not lists: pandas deep-copies ``attrs`` at nearly every operation on the table, and lists of
    50,000 ids made each copy cost a walk over them (page 04 spent minutes on it); JSON, so the table
    still writes to Parquet (pandas stores ``attrs`` as JSON).
    """
    ids = [c for c in (S.DOC_ID, S.ARTICLE_ID) if all(c in docs.columns for docs in sides.values())]
    out: dict[str, list] = {c: [] for c in ids}
    out["side"] = []
    for side, docs in sides.items():
        for c in ids:
            out[c] += docs[c].astype(object).tolist()
        out["side"] += [side] * len(docs)
    return json.dumps(out, ensure_ascii=False)


def keyness_rows(table: pd.DataFrame) -> dict[str, list] | None:
    """The documents a keyness table counted (its ``attrs["rows"]``): ``{"doc_id": [...], "article_id": [...],
    "side": [...]}``, or None when the table does not say (pandas drops ``attrs`` on some operations)."""
    rows = table.attrs.get("rows") if isinstance(table, pd.DataFrame) else None
    if isinstance(rows, str):
        try:
            rows = json.loads(rows)
        except ValueError:
            return None
    return rows if isinstance(rows, dict) and "side" in rows else None


def keyness_each(
    data,
    by: str | list[str],
    *,
    min_count: int = 5,
    correction: str = "bh",
    alpha: float = 0.05,
    min_chars: int = 1,
) -> pd.DataFrame:
    """:func:`keyness` of every group of ``by`` against all the other rows, in one long table.

    ``data``: the tokens table of ``nqp.tokenize`` or a count Dtm; ``by``: a column (or list), e.g.
    ``"outlet"``; needs at least two groups. Each group is tested on its own (the multiple-testing
    correction runs over that group's terms), exactly as ``keyness(data, group, by=by, ...)``.

    Returns ``group`` (str) followed by the columns of :func:`keyness`, groups in sorted order, each
    in keyness order. ``attrs``: ``by``, the settings, ``target_total``/``reference_total`` (dicts by
    group) and ``rows`` (every document with its group as ``side``), which
    :func:`nqp.keyness_exemplars` quotes from.
    """
    d = as_count_dtm(data, "data")
    keys = group_keys(d.docs, by)
    groups = sorted(keys.unique())
    if len(groups) < 2:
        raise NqpValueError(f"by={by!r}: keyness_each needs at least two groups; the data has {groups}.")
    parts = [keyness(d, group, by=by, min_count=min_count, correction=correction, alpha=alpha, min_chars=min_chars)
             for group in groups]
    out = pd.concat([p.assign(**{S.GROUP: g}) for g, p in zip(groups, parts)], ignore_index=True)
    out = out[[S.GROUP] + [c for c in out.columns if c != S.GROUP]]
    out.attrs = {
        "by": by, "min_count": min_count, "correction": correction, "alpha": alpha,
        "target_total": {g: p.attrs["target_total"] for g, p in zip(groups, parts)},
        "reference_total": {g: p.attrs["reference_total"] for g, p in zip(groups, parts)},
        "rows": json.dumps({**{c: d.docs[c].astype(object).tolist() for c in (S.DOC_ID, S.ARTICLE_ID)
                               if c in d.docs.columns}, "side": keys.tolist()}, ensure_ascii=False),
    }
    return out


def keyness_style(table: pd.DataFrame, top: int | None = 12, *, significant: bool = True):
    """A keyness table ready to read: the ``top`` strongest terms of each side, rounded, exemplars wide.

    ``table``: the output of :func:`keyness`. Keeps the significant rows (``significant=False``:
    all), the first ``top`` of each direction (None: all), and the columns term, direction, the
    counts, log ratio, G², adjusted p, and the exemplar with its document (the offsets stay in
    ``table``). Returns a pandas ``Styler`` (it renders as HTML in notebooks and reports).
    """
    if not isinstance(table, pd.DataFrame) or not {"term", "direction", "g2"} <= set(table.columns):
        raise NqpValueError("table: expected the output of nqp.keyness")
    rows = table[table["significant"].astype(bool)] if significant and "significant" in table.columns else table
    if top is not None:
        rows = rows.groupby("direction", sort=False).head(check_int("top", top, min=1))
    cols = [c for c in ["term", "direction", "target_count", "reference_count", "log_ratio", "g2", "p_adjusted",
                        "exemplar", "exemplar_doc_id"] if c in rows.columns]
    view = rows[cols].reset_index(drop=True)
    numbers = {"target_count": "{:,}", "reference_count": "{:,}", "log_ratio": "{:+.2f}", "g2": "{:,.1f}",
               "p_adjusted": "{:.1e}"}
    numbers = {c: f for c, f in numbers.items() if c in cols}
    texts = [c for c in cols if c not in numbers]
    # a missing number is an empty cell (the column still sorts as numbers), missing text an explicit dash
    styler = view.style.hide(axis="index").format(numbers, na_rep="").format(subset=texts, na_rep="—")
    right = "text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; vertical-align: top;"
    left = "text-align: left; white-space: nowrap; vertical-align: top;"
    cells = {c: [{"selector": "td", "props": right if c in numbers else left},
                 {"selector": "th", "props": "text-align: right;" if c in numbers else "text-align: left;"}]
             for c in cols}
    if "exemplar" in cols:
        cells["exemplar"][0]["props"] = "text-align: left; white-space: normal; min-width: 24em; vertical-align: top;"
    return styler.set_table_styles(cells, overwrite=False)


def _mask(selector, d: Dtm, by, what: str) -> np.ndarray:
    if by is not None:
        return _select(group_keys(d.docs, by), selector, what)
    mask = np.asarray(selector)
    if mask.dtype != bool or mask.shape != (d.shape[0],):
        raise NqpValueError(f"{what}: without `by`, give a boolean mask with one value per row ({d.shape[0]} rows); "
                       f"or pass by=COLUMN and {what}=VALUE (e.g. by='outlet', {what}='科技日报').")
    if not mask.any():
        raise NqpValueError(f"{what}: the mask selects no rows")
    return mask


def _counts_on(d: Dtm, mask: np.ndarray, vocab: np.ndarray) -> np.ndarray:
    totals = np.asarray(d.matrix[mask].sum(axis=0)).ravel()
    out = np.zeros(len(vocab), dtype=np.int64)
    out[np.searchsorted(vocab.astype(str), d.vocab.astype(str))] = totals
    return out

"""Validating a dictionary the way content analysts do: a seeded sample of hits marked by a reader.

:func:`validation_sample` draws up to ``n`` hits per category (seeded) and writes them to a CSV with
an empty ``correct`` column; a reader marks each row right or wrong; :func:`validation_read` reads the
file back and estimates each category's precision with a Wilson score interval.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int, check_number, check_random_state
from ..errors import NqpError, NqpValueError

log = logging.getLogger(__name__)

__all__ = ["validation_sample", "validation_read", "wilson_interval"]

#: marks read as correct / wrong (case-insensitive, stripped); an empty cell is "not marked"
MARKS_TRUE = ("1", "y", "yes", "true", "t", "correct", "right", "✓", "对", "是")
MARKS_FALSE = ("0", "n", "no", "false", "f", "wrong", "incorrect", "✗", "x", "错", "否")


def wilson_interval(correct: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``correct / n`` at ``confidence``; (nan, nan) when ``n == 0``."""
    from statistics import NormalDist

    correct = check_int("correct", correct, min=0)
    n = check_int("n", n, min=0)
    confidence = check_number("confidence", confidence, min=0.5, max=0.999999)
    if correct > n:
        raise NqpValueError(f"correct={correct}: more than n={n}.")
    if n == 0:
        return math.nan, math.nan
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def validation_sample(hits: pd.DataFrame, n: int = 20, *, random_state: int = 0, path=None) -> pd.DataFrame:
    """A seeded random sample of up to ``n`` hits per category, for a reader to mark right or wrong.

    ``hits``: the table of :func:`nqp.category_hits`. ``random_state``: the seed (the same seed gives
    the same sample). ``path``: also write the sample there as CSV (atomically; the reader fills in
    ``correct`` with 1/0, y/n, yes/no, ✓/✗, 对/错 and gives it to :func:`validation_read`).

    Returns one row per sampled hit, by category (dictionary order) then in the order of ``hits``:
    ``sample_id`` (1, 2, ...), ``category``, ``term``, ``match`` and ``sentence`` (original script),
    ``article_id``, ``text_start``/``text_end``, ``start``/``end`` (raw offsets), ``correct`` (empty).
    A category with fewer than ``n`` hits gives them all.
    """
    n = check_int("n", n, min=1)
    seed = check_random_state(random_state)
    need = {S.CATEGORY, S.TERM, S.MATCH, S.SENTENCE, S.ARTICLE_ID, S.TEXT_START}
    if not isinstance(hits, pd.DataFrame) or not need <= set(hits.columns):
        raise NqpValueError("hits: expected the table of nqp.category_hits (category, term, match, sentence ...).")
    order = list(hits.attrs.get("categories") or []) + sorted(set(hits[S.CATEGORY]))
    order = list(dict.fromkeys(c for c in order if c in set(hits[S.CATEGORY])))
    parts = []
    for i, cat in enumerate(order):
        rows = hits[hits[S.CATEGORY] == cat]
        if len(rows) > n:
            rng = np.random.default_rng([seed, i])
            rows = rows.iloc[np.sort(rng.choice(len(rows), size=n, replace=False))]
        parts.append(rows)
    out = pd.concat(parts) if parts else hits.iloc[:0]
    out = out.reset_index(drop=True)
    for c in (S.TEXT_END, S.START, S.END):
        if c not in out.columns:
            out[c] = pd.NA
    out[S.SAMPLE_ID] = np.arange(1, len(out) + 1, dtype=np.int64)
    out[S.CORRECT] = ""
    out = out[S.VALIDATION_COLUMNS]
    small = [c for c in order if (hits[S.CATEGORY] == c).sum() < n]
    log.info("validation_sample: %d hits of %d categories (%d per category; %d categories have fewer)",
             len(out), len(order), n, len(small))
    if path is not None:
        from ..io import write_table

        if Path(path).suffix.lower() != ".csv":
            raise NqpValueError(f"path={str(path)!r}: write the sample as a .csv file, for a reader to mark.")
        write_table(out, path)
    return out


def _mark(value, where: str):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    v = str(value).strip().lower()
    if not v:
        return None
    if v in MARKS_TRUE:
        return True
    if v in MARKS_FALSE:
        return False
    raise NqpError(f"{where}: correct={value!r} is not a mark; write 1 or 0 (also y/n, yes/no, ✓/✗, 对/错), "
                   "or leave it empty for a hit not read.")


def validation_read(path, *, confidence: float = 0.95) -> pd.DataFrame:
    """The estimated precision of each category from a marked validation sample.

    ``path``: the CSV of :func:`validation_sample`, with ``correct`` filled in (empty: not read yet,
    left out of the estimate and counted in ``n_sampled`` only). A mark that is not one of the accepted
    forms is an error naming the line.

    Returns one row per category, in the file's order: ``category``, ``n_sampled``, ``n_marked``,
    ``n_correct``, ``precision`` (``n_correct / n_marked``; NaN when nothing is marked), ``ci_low``,
    ``ci_high`` (the Wilson score interval at ``confidence``). ``attrs["sample"]``: the rows read,
    with ``correct`` as True/False/<NA>.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise NqpError(f"validation file {path} does not exist. Write it with nqp.validation_sample(hits, path=...).")
    try:
        sample = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise NqpError(f"validation file {path} cannot be read as CSV ({exc}). Save it as UTF-8 CSV.") from None
    missing = [c for c in (S.CATEGORY, S.CORRECT) if c not in sample.columns]
    if missing:
        raise NqpError(f"validation file {path}: no {missing} column; keep the columns nqp.validation_sample wrote.")
    marks = [_mark(v, f"{path}, line {i + 2}") for i, v in enumerate(sample[S.CORRECT])]
    sample[S.CORRECT] = pd.array(marks, dtype="boolean")
    rows = []
    for cat in dict.fromkeys(sample[S.CATEGORY]):
        m = sample.loc[sample[S.CATEGORY] == cat, S.CORRECT]
        marked = int(m.notna().sum())
        right = int(m.fillna(False).sum())
        lo, hi = wilson_interval(right, marked, confidence=confidence)
        rows.append({S.CATEGORY: cat, S.N_SAMPLED: len(m), S.N_MARKED: marked, S.N_CORRECT: right,
                     S.PRECISION: right / marked if marked else math.nan, S.CI_LOW: lo, S.CI_HIGH: hi})
    out = pd.DataFrame(rows, columns=S.PRECISION_COLUMNS)
    unread = int(sample[S.CORRECT].isna().sum())
    if unread:
        log.warning("validation_read: %d of %d rows of %s are not marked; they are left out of the precision",
                    unread, len(sample), path)
    out.attrs["sample"] = sample
    return out

"""Multi-word expressions: runs of two or three adjacent words that hold together more than chance.

Scored as in quanteda's ``textstat_collocations`` (after Blaheta and Johnson 2001): for a candidate of
``size`` words, every window of ``size`` adjacent tokens of the corpus falls into one of ``2**size``
cells by which of its positions match the candidate's words; ``lambda`` is the ``size``-way interaction
of the saturated log-linear model of that table, ``sum over cells of (-1)**(size - matches) * log(n + 0.5)``
(0.5 added to every cell), its standard error ``sqrt(sum of 1 / (n + 0.5))`` and ``z = lambda / se``.
A large positive ``z``: the words keep each other's company beyond what their own frequencies explain.

Adjacent means adjacent in the text: two tokens of :func:`nqp.tokenize_long` are neighbours when one
ends where the next starts, in the same sentence, so a stopword, a number or punctuation removed in
between breaks the window (quanteda's "padding").
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError
from .keyness_stats import CORRECTIONS, p_adjust

log = logging.getLogger(__name__)

__all__ = ["expressions"]

EXPRESSION_COLUMNS = ["expression", "words", "size", "count", "lambda", "se", "z", "p_value", "p_adjusted",
                      "significant"]


def _windows(long: pd.DataFrame, size: int) -> np.ndarray:
    """For each token position, whether the ``size`` tokens starting there are contiguous in one sentence."""
    sent_key = long[S.ARTICLE_ID].astype(str) + "\x00" + long[S.SENTENCE].astype(str)
    same = sent_key.to_numpy()
    start, end = long[S.START].to_numpy(), long[S.END].to_numpy()
    linked = np.zeros(len(long), dtype=bool)  # token i and i + 1 are neighbours
    if len(long) > 1:
        linked[:-1] = (same[:-1] == same[1:]) & (end[:-1] == start[1:])
    ok = np.ones(max(len(long) - size + 1, 0), dtype=bool)
    for j in range(size - 1):
        ok &= linked[j : j + len(ok)]
    return ok


def expressions(
    tokens: pd.DataFrame,
    *,
    size=(2, 3),
    min_count: int = 3,
    min_chars: int = 1,
    correction: str = "bh",
    alpha: float = 0.05,
    top: int | None = None,
) -> pd.DataFrame:
    """Multi-word expressions of the long tokens table of :func:`nqp.tokenize_long`, scored by ``lambda`` and ``z``.

    ``size``: words per expression, an int or several (2 and 3 by default). Candidates are the runs of
    adjacent tokens seen at least ``min_count`` times whose words all have ``min_chars`` characters.
    ``p_value`` is one-sided (``z`` against the standard normal: the words attract each other),
    ``p_adjusted`` corrects it for the number of candidates scored (``correction``: "bh", the
    Benjamini-Hochberg false-discovery rate, "bonferroni" or "none") and ``significant`` is
    ``p_adjusted < alpha``.

    Returns (:data:`EXPRESSION_COLUMNS`) ``expression`` (the words written together, as Chinese is),
    ``words`` (separated by spaces), ``size``, ``count``, ``lambda``, ``se``, ``z``, ``p_value``,
    ``p_adjusted``, ``significant``, sorted by ``z`` descending then expression; the ``top`` rows (None:
    all). Each expression's sentences: ``nqp.kwic(articles, expression)``.
    """
    S.check_columns(tokens, "tokens", "tokens", required=(S.ARTICLE_ID, S.SENTENCE, S.TOKEN, S.START, S.END))
    sizes = [size] if isinstance(size, (int, np.integer)) else list(size)
    if not sizes:
        raise NqpValueError("size: give at least one number of words (2, 3 ...).")
    sizes = sorted({check_int("size", s, min=2, max=5) for s in sizes})
    min_count = check_int("min_count", min_count, min=1)
    min_chars = check_int("min_chars", min_chars, min=1)
    check_choice("correction", correction, CORRECTIONS)
    alpha = check_number("alpha", alpha, min=0, max=1)
    top = check_int("top", top, min=0, allow_none=True)
    order = [c for c in (S.DOC_ID, S.ARTICLE_ID, S.SENTENCE, S.POSITION) if c in tokens.columns]
    long = tokens.sort_values(order, kind="stable").reset_index(drop=True)
    codes, vocab = pd.factorize(long[S.TOKEN].astype(str).to_numpy(), sort=True)
    codes = codes.astype(np.int64)
    short = np.array([len(v) < min_chars for v in vocab], dtype=bool)
    frames = [_score(codes, vocab, short, _windows(long, n), n, min_count) for n in sizes]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EXPRESSION_COLUMNS)
    out["p_adjusted"] = p_adjust(out["p_value"].to_numpy(), correction) if len(out) else []
    out["significant"] = out["p_adjusted"] < alpha
    out = out.sort_values(["z", "expression"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return (out.head(top) if top is not None else out)[EXPRESSION_COLUMNS]


def _score(codes, vocab, short, ok, n, min_count) -> pd.DataFrame:
    empty = pd.DataFrame({c: [] for c in EXPRESSION_COLUMNS})
    starts = np.flatnonzero(ok)
    if len(starts) == 0:
        return empty
    width = max(int(len(vocab)).bit_length(), 1)
    if width * n > 62:
        raise NqpValueError(f"size={n}: the vocabulary ({len(vocab):,} words) is too large to score {n}-word expressions.")
    cols = [codes[starts + j] for j in range(n)]  # the window's word at each position

    def key(positions):
        k = np.zeros(len(starts), dtype=np.int64)
        for j in positions:
            k = (k << width) | cols[j]
        return k

    full = key(range(n))
    uniq, counts = np.unique(full, return_counts=True)
    keep = counts >= min_count
    uniq, counts = uniq[keep], counts[keep]
    # the candidates' words, decoded from their keys
    words = [(uniq >> (width * (n - 1 - j))) & ((1 << width) - 1) for j in range(n)]
    ok_words = ~np.any([short[w] for w in words], axis=0)
    uniq, counts, words = uniq[ok_words], counts[ok_words], [w[ok_words] for w in words]
    if len(uniq) == 0:
        return empty
    total = len(starts)
    # at_least[S]: windows whose positions in S hold the candidate's words there (others anything)
    at_least = {(): np.full(len(uniq), total, dtype=np.float64)}
    for r in range(1, n + 1):
        for subset in itertools.combinations(range(n), r):
            if r == n:
                at_least[subset] = counts.astype(np.float64)
                continue
            sub_keys, sub_counts = np.unique(key(subset), return_counts=True)
            cand = np.zeros(len(uniq), dtype=np.int64)
            for j in subset:
                cand = (cand << width) | words[j]
            pos = np.searchsorted(sub_keys, cand)
            at_least[subset] = sub_counts[pos].astype(np.float64)
    lam = np.zeros(len(uniq))
    inv = np.zeros(len(uniq))
    for match in itertools.product((0, 1), repeat=n):  # every cell: which positions match
        ones = tuple(j for j in range(n) if match[j])
        cell = np.zeros(len(uniq))
        others = [j for j in range(n) if not match[j]]
        for r in range(len(others) + 1):  # inclusion-exclusion: exactly these positions match
            for extra in itertools.combinations(others, r):
                cell += (-1) ** r * at_least[tuple(sorted(ones + extra))]
        cell = cell + 0.5
        lam += (-1) ** (n - len(ones)) * np.log(cell)
        inv += 1.0 / cell
    se = np.sqrt(inv)
    z = lam / se
    texts = [vocab[w] for w in words]
    from scipy.stats import norm  # scipy.stats costs a second to import: paid by the first call, not by import nqp

    return pd.DataFrame({
        "expression": ["".join(t) for t in zip(*texts)],
        "words": [" ".join(t) for t in zip(*texts)],
        "size": n,
        "count": counts.astype(np.int64),
        "lambda": lam,
        "se": se,
        "z": z,
        "p_value": norm.sf(z),
    })

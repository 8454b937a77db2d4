"""Choosing k: NPMI coherence, stability across seeds, the k scan (:class:`TopicScan`) and its recommendation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_int, check_number, check_random_state
from ..matrix import Dtm
from ..errors import NqpTypeError, NqpValueError
from ..schema import LABEL, RANK, TERM, TOPIC
from .._deprecation import deprecated_alias
from ._common import MINIBATCH_FROM, _check_dtm, _check_k, _check_method, _min_chars, _scan_ks
from .topic_fit import Topics, topic_terms_table, topics

log = logging.getLogger(__name__)

__all__ = [
    "TopicScan",
    "topic_coherence",
    "topic_stability",
    "topics_coherence",
    "topics_scan",
    "topics_stability",
]

# coherence and stability


class _Units:
    """Every token of the corpus as an integer code, with the co-occurrence unit(s) it belongs to.

    Built once (vectorized) and reused for every topic set: ``kind`` is "window" (windows of
    ``window`` tokens starting every ``stride`` tokens within a document; a shorter document is one
    window) or "sentence" (the sentences of a long token table).
    """

    def __init__(self, tokens: pd.DataFrame, window: int = 10, stride: int | None = None):
        if not isinstance(tokens, pd.DataFrame):
            raise NqpTypeError(
                "tokens: expected the tokens DataFrame the Dtm was built from (a 'tokens' column), or the long "
                f"table of nqp.tokenize_long ('token' and 'sentence' columns); got {type(tokens).__name__}."
            )
        if {S.TOKEN, S.SENTENCE} <= set(tokens.columns):
            keys = [c for c in (S.DOC_ID, S.ARTICLE_ID) if c in tokens.columns] + ["sentence"]
            self.kind = "sentence"
            self.unit = tokens.groupby(keys, sort=False).ngroup().to_numpy(np.int64)
            self.n_units = int(self.unit.max()) + 1 if len(self.unit) else 0
            flat = tokens["token"].astype(str).to_numpy()
        else:
            if S.TOKENS not in tokens.columns:
                raise NqpValueError(
                    f"tokens: no 'tokens' column (nor 'token' and 'sentence' of a long table); columns are "
                    f"{list(tokens.columns)}."
                )
            window = check_int("window", window, min=2)  # tokens per co-occurrence window
            stride = check_int("stride", stride, min=1, allow_none=True)
            self.kind = "window"
            self.window, self.stride = int(window), int(stride or max(1, window // 2))
            lengths = tokens[S.TOKENS].map(len).to_numpy(np.int64)
            n_win = np.where(lengths > window, -(-(lengths - window) // self.stride) + 1, 1)
            self.first_unit = np.repeat(np.cumsum(n_win) - n_win, lengths)  # first window of the token's document
            self.n_win = np.repeat(n_win, lengths)
            self.pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            self.n_units = int(n_win.sum())
            flat = np.fromiter((str(t) for ts in tokens[S.TOKENS] for t in ts), dtype=object, count=int(lengths.sum()))
        cat = pd.Categorical(flat)
        self.vocab = {t: i for i, t in enumerate(cat.categories)}
        self.codes = cat.codes.astype(np.int64)

    def counts(self, terms: list[str]):
        """(n_units, units per term, joint units per pair) for ``terms``."""
        ids = np.array([self.vocab.get(t, -1) for t in terms], dtype=np.int64)
        lookup = np.full(len(self.vocab) + 1, -1, dtype=np.int64)
        present = ids >= 0
        lookup[ids[present]] = np.flatnonzero(present)
        col = lookup[self.codes]  # codes of -1 (never) map to the sentinel slot, itself -1
        hit = np.flatnonzero(col >= 0)
        if self.kind == "sentence":
            rows, cols = self.unit[hit], col[hit]
        else:
            pos, n_win = self.pos[hit], self.n_win[hit]
            first = np.maximum(0, -(-(pos - self.window + 1) // self.stride))
            last = np.minimum(n_win - 1, pos // self.stride)
            reps = np.maximum(0, last - first + 1)
            at = np.repeat(np.arange(len(hit)), reps)
            offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
            rows = self.first_unit[hit][at] + first[at] + offsets
            cols = col[hit][at]
        b = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n_units, len(terms)))
        b.sum_duplicates()
        b.data[:] = 1.0  # presence, not counts
        joint = (b.T @ b).toarray()
        return self.n_units, np.diag(joint).copy(), joint


def _npmi(n_units: int, df: np.ndarray, joint: np.ndarray, a: int, b: int) -> float:
    if n_units == 0 or joint[a, b] == 0 or df[a] == 0 or df[b] == 0:
        return -1.0
    p_ab = joint[a, b] / n_units
    if p_ab >= 1.0:
        return 1.0
    return float(np.log(p_ab / ((df[a] / n_units) * (df[b] / n_units))) / -np.log(p_ab))


def topics_coherence(
    topic_terms: pd.DataFrame | Topics,
    tokens: pd.DataFrame,
    n_terms: int = 10,
    window: int = 10,
    stride: int | None = None,
) -> pd.DataFrame:
    """NPMI coherence of each topic's ``n_terms`` top terms, counted on the same tokens as the Dtm.

    ``tokens``: the tokens DataFrame the Dtm was built from (a ``tokens`` column, one list per
    document): terms co-occur when they fall in the same window of ``window`` consecutive tokens
    (windows start every ``stride`` tokens, default ``window // 2``; a shorter document is one
    window). Or the long table of ``nqp.tokenize_long`` (``token`` and ``sentence`` columns):
    terms co-occur when they are in the same sentence. NPMI of a pair is log(p(a,b) / p(a)p(b)) /
    -log p(a,b), from -1 (never together) through 0 (independent) to 1 (always together); a topic's
    coherence is the mean over its pairs.

    Returns ``topic``, ``coherence``, ``n_pairs``, ``unit`` ("window" or "sentence"), ``n_units``,
    sorted by topic.
    """
    units = tokens if isinstance(tokens, _Units) else _Units(tokens, window, stride)
    tt = topic_terms.topic_terms if isinstance(topic_terms, Topics) else topic_terms
    if not isinstance(tt, pd.DataFrame) or not {TOPIC, TERM, RANK} <= set(tt.columns):
        raise NqpTypeError("topic_terms: expected a Topics result or its topic_terms table (topic, term, rank).")
    top = tt[tt[RANK] <= n_terms].sort_values([TOPIC, RANK])
    terms = sorted(set(top[TERM]))
    n_units, df, joint = units.counts(terms)
    kind = units.kind
    index = {t: i for i, t in enumerate(terms)}
    rows = []
    for t, g in top.groupby(TOPIC, sort=True):
        ids = [index[x] for x in g[TERM]]
        scores = [_npmi(n_units, df, joint, a, b) for a, b in combinations(ids, 2)]
        rows.append((int(t), float(np.mean(scores)) if scores else np.nan, len(scores)))
    out = pd.DataFrame(rows, columns=[TOPIC, "coherence", "n_pairs"])
    out["unit"] = kind
    out["n_units"] = n_units
    return out


def _jaccard_matrix(a: list[set], b: list[set]) -> np.ndarray:
    m = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            union = len(x | y)
            m[i, j] = len(x & y) / union if union else 1.0
    return m


def topics_stability(runs: list) -> float:
    """Mean best-match Jaccard similarity of top-term sets between every pair of runs, in [0, 1].

    ``runs``: a list of runs, each a list of topics, each topic a collection of terms (its top 10,
    say); or a list of :class:`Topics` (their top-10 terms are used). Topics of two runs are matched
    one to one (Hungarian assignment maximizing the summed Jaccard) and the matched similarities
    averaged over the larger run's topics (an unmatched topic counts 0). 1 means every run found the
    same top terms; near 0, no topic comes back.
    """
    from scipy.optimize import linear_sum_assignment

    sets = []
    for run in runs:
        if isinstance(run, Topics):
            sets.append([set(v) for _, v in sorted(run.top_terms(10).items())])
        else:
            sets.append([set(t) for t in run])
    if len(sets) < 2:
        raise NqpValueError(f"runs: stability needs at least 2 runs, got {len(sets)}.")
    scores = []
    for a, b in combinations(sets, 2):
        if not a or not b:
            scores.append(0.0)
            continue
        m = _jaccard_matrix(a, b)
        r, c = linear_sum_assignment(-m)
        scores.append(float(m[r, c].sum() / max(len(a), len(b))))
    return float(np.mean(scores))


# ---------------------------------------------------------------------------------------------
# choosing k


@dataclass(frozen=True, eq=False)
class TopicScan:
    """The result of :func:`topics_scan`.

    ``table``: one row per ``k``: ``k``, ``coherence`` (mean NPMI of the seed-``random_state`` model,
    the one :func:`topics` returns), ``coherence_min`` (its least coherent topic), ``stability``
    (mean best-match Jaccard of top-10 terms across the ``n_seeds`` runs), ``recommended`` (bool);
    sorted by k. ``topic_coherence``: per-topic coherence of each k's model (``k``, ``topic``,
    ``coherence``, ``label``). ``recommended_k`` and ``reason`` (one sentence with the numbers).
    """

    table: pd.DataFrame
    topic_coherence: pd.DataFrame
    recommended_k: int
    reason: str
    method: str
    n_seeds: int
    random_state: int
    min_stability: float
    tolerance: float

    def __repr__(self) -> str:
        return f"TopicScan({self.method}, k in {list(self.table['k'])}, recommended k={self.recommended_k})"


def topics_scan(
    dtm: Dtm,
    tokens: pd.DataFrame,
    ks=None,
    method: str = "nmf",
    random_state: int = 0,
    *,
    n_seeds: int = 5,
    n_terms: int = 10,
    min_chars: int = 2,
    window: int = 10,
    stride: int | None = None,
    min_stability: float = 0.6,
    tolerance: float = 0.05,
    max_iter: int | None = None,
    minibatch: bool | None = None,
    progress=None,
) -> TopicScan:
    """Fit each ``k`` of ``ks`` with ``n_seeds`` seeds; report coherence, stability and a recommended k.

    ``ks``: the numbers of topics to try; ``None`` scans 2 .. min(10, documents / 2) (a topic per one
    or two documents says little). ``tokens``: the tokens the Dtm was built from (see
    :func:`topics_coherence`; the long table of ``nqp.tokenize_long`` gives sentence
    co-occurrence). ``min_chars`` as in :func:`topics`.

    For each k: the model of :func:`topics` (seed ``random_state``) gives the NPMI coherence of its
    top ``n_terms`` terms (:func:`topics_coherence` on ``tokens``, the same tokens as the Dtm); that
    model and ``n_seeds - 1`` more (seeds ``random_state + 1``, ...; NMF then starts from a random
    initialisation, since NNDSVD hardly depends on the seed; MiniBatchNMF from NNDSVD with random
    fill, ``nndsvdar``, as random starts do not converge in its few epochs) give the stability
    (:func:`topics_stability`). Recommended: among the k whose coherence is within ``tolerance`` of
    the best, the most stable (to two decimals; ties go to the more coherent, then to the smaller k);
    when its stability is below ``min_stability`` the ``reason`` warns. ``reason`` gives the numbers.
    ``progress``: a progress bar over the k (None: only on a terminal, see :mod:`nqp.progress`).
    """
    _check_dtm(dtm)
    _check_method(method)
    dtm = _min_chars(dtm, min_chars)
    ks = _scan_ks(ks, dtm.shape[0])
    for k in ks:
        _check_k(k, *dtm.shape, name="ks")
    n_seeds = check_int("n_seeds", n_seeds, min=2)  # stability needs at least 2 seeds (5 recommended)
    min_stability = check_number("min_stability", min_stability, min=0, max=1)
    tolerance = check_number("tolerance", tolerance, min=0)
    random_state = check_random_state(random_state)
    check_random_state(random_state + n_seeds - 1, "random_state + n_seeds - 1")  # the last seed of the scan
    units = _Units(tokens, window, stride)  # validated and indexed once, before fitting anything
    # NMF's NNDSVD start hardly depends on the seed, so the other seeds start at random; MiniBatchNMF does
    # not converge from random starts in a few epochs, so there the seed randomizes NNDSVD's zeros (nndsvdar)
    large = minibatch if minibatch is not None else dtm.shape[0] >= MINIBATCH_FROM
    seed_init = None if method == "lda" else "nndsvdar" if large else "random"
    rows, per_topic = [], []
    from ..progress import progress_bar
    from .topic_model import TopicModel

    for k in progress_bar(ks, progress=progress, desc="topics_scan", unit="k"):
        first = topics(dtm, k, method, random_state, n_terms=n_terms, min_chars=1, max_iter=max_iter, minibatch=minibatch)
        coh = topics_coherence(first, units, n_terms=n_terms)
        runs = [[set(v) for _, v in sorted(first.top_terms(n_terms).items())]]
        for s in range(1, n_seeds):
            other = TopicModel(k, method, random_state + s, init=seed_init, max_iter=max_iter, minibatch=minibatch)
            other.fit(dtm)
            other_terms = topic_terms_table(other.components_, dtm.vocab, n_terms)
            runs.append([set(g[TERM]) for _, g in other_terms.groupby(TOPIC, sort=True)])
        stab = topics_stability(runs)
        rows.append((k, float(coh["coherence"].mean()), float(coh["coherence"].min()), stab))
        per_topic.append(coh[[TOPIC, "coherence"]].assign(k=k).merge(first.labels[[TOPIC, LABEL]], on=TOPIC))
        log.info("topics_scan: k=%d coherence %.3f stability %.3f", k, rows[-1][1], stab)
    table = pd.DataFrame(rows, columns=S.TOPIC_SCAN_COLUMNS[:-1])  # "recommended" follows
    best_k, reason = _recommend(table, min_stability, tolerance, n_seeds)
    table["recommended"] = table["k"] == best_k
    per_topic = pd.concat(per_topic, ignore_index=True)[["k", TOPIC, "coherence", LABEL]]
    return TopicScan(table, per_topic, best_k, reason, method, n_seeds, random_state, min_stability, tolerance)


def _recommend(table: pd.DataFrame, min_stability: float, tolerance: float, n_seeds: int) -> tuple[int, str]:
    """Among the k within ``tolerance`` of the best coherence, the most stable (to 0.01); ties go to the
    more coherent, then the smaller k."""
    best = table.loc[table["coherence"].idxmax()]
    near = table[table["coherence"] >= best["coherence"] - tolerance].assign(_stab=lambda t: t["stability"].round(2))
    pick = near.sort_values(["_stab", "coherence", "k"], ascending=[False, False, True], kind="stable").iloc[0]
    k = int(pick["k"])
    stab = f"stability {pick['stability']:.2f} across {n_seeds} seeds"
    if len(near) == 1:
        why = f"k={k}: the most coherent (NPMI {pick['coherence']:.3f}; no other k within {tolerance}), {stab}"
    elif int(best["k"]) == k:
        others = ", ".join(f"k={int(x)}" for x in near["k"] if int(x) != k)
        why = f"k={k}: the most coherent (NPMI {pick['coherence']:.3f}) and the most stable ({stab}) of the k within {tolerance} of it ({others})"
    else:
        why = (
            f"k={k}: the most stable ({stab}) of the k whose coherence is within {tolerance} of the best "
            f"(k={int(best['k'])}, NPMI {best['coherence']:.3f}; k={k} has {pick['coherence']:.3f})"
        )
    if pick["stability"] < min_stability:
        why += (
            f"; but its topics do not reliably come back (stability below {min_stability:.2f}), so read them as "
            "one of several possible partitions"
        )
    return k, why + "."


topic_coherence = deprecated_alias(topics_coherence, "topic_coherence")
topic_stability = deprecated_alias(topics_stability, "topic_stability")

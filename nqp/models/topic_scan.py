"""Choosing k: NPMI coherence, stability across seeds, the k scan (:class:`TopicScan`) and its recommendation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema as S
from .._validate import check_int, check_number, check_random_state
from ..matrix import Dtm
from ..errors import NqpTypeError, NqpValueError
from ..schema import LABEL, RANK, TERM, TOPIC, WEIGHT
from .._deprecation import deprecated_alias
from ._common import _check_dtm, _check_k, _check_method, _min_chars, _scan_ks, small_fits_on_one_thread
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
    (mean best-match Jaccard of top terms between that model and ``n_seeds - 1`` models fitted on
    subsamples of the documents), ``smallest_topic`` (the share of the documents whose heaviest topic
    is the smallest topic), ``admissible`` (bool: the k passes the three tests of the rule, see
    :func:`topics_scan`), ``recommended`` (bool); sorted by k. ``topic_coherence``: per-topic coherence
    of each k's model (``k``, ``topic``, ``coherence``, ``label``). ``recommended_k`` and ``reason``
    (one sentence with the numbers). ``models``: ``{k: Topics}``, the model of each k, as
    :meth:`topics` returns it.
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
    sample: float = 0.8
    min_topic_share: float = 0.01
    models: dict = field(default_factory=dict, repr=False)
    n_docs: int = 0

    @property
    def min_smallest_topic(self) -> float:
        """The size test's threshold: ``min_topic_share``, and at least 2 documents."""
        return max(self.min_topic_share, 2 / self.n_docs) if self.n_docs else self.min_topic_share

    def __repr__(self) -> str:
        return f"TopicScan({self.method}, k in {list(self.table['k'])}, recommended k={self.recommended_k})"

    def topics(self, k: int | None = None) -> Topics:
        """The :class:`Topics` the scan fitted for ``k`` (default: the recommended k), without fitting again.

        It is what ``nqp.topics(dtm, k, method, random_state)`` returns on the scan's Dtm (the same
        tables; ``max(20, n_terms)`` terms per topic). A k outside the scan raises an error naming the
        scanned k; fit it with :func:`nqp.topics`.
        """
        k = self.recommended_k if k is None else k
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or int(k) not in self.models:
            raise NqpValueError(
                f"k={k!r}: the scan fitted k in {sorted(self.models)}; pick one of them, or fit this k with "
                "nqp.topics(dtm, k)."
            )
        return self.models[int(k)]


@small_fits_on_one_thread
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
    sample: float = 0.8,
    min_stability: float = 0.6,
    tolerance: float = 0.05,
    min_topic_share: float = 0.01,
    max_iter: int | None = None,
    minibatch: bool | None = None,
    progress=None,
) -> TopicScan:
    """Fit each ``k`` of ``ks``; report coherence, stability, the smallest topic and a recommended k.

    ``ks``: the numbers of topics to try; ``None`` scans 2 .. min(10, documents / 2) (a topic per one
    or two documents says little). ``tokens``: the tokens the Dtm was built from (see
    :func:`topics_coherence`; the long table of ``nqp.tokenize_long`` gives sentence
    co-occurrence). ``min_chars`` as in :func:`topics`.

    For each k, three measures:

    - **coherence**: the model of :func:`topics` (seed ``random_state``; kept in ``models``, so
      :meth:`TopicScan.topics` hands it on without a second fit) gives the NPMI coherence of its top
      ``n_terms`` terms (:func:`topics_coherence` on ``tokens``).
    - **stability** (Greene, O'Callaghan and Cunningham 2014): ``n_seeds - 1`` more models, each fitted
      on its own random subsample of ``sample`` (default 80%) of the documents (seeds
      ``random_state + 1``, ...), so the data really vary (NMF's NNDSVD start does not depend on the
      seed, so seeds alone would change nothing); the mean best-match Jaccard of the top-``n_terms``
      sets over every pair of the ``n_seeds`` models (:func:`topics_stability`). 1 means dropping a
      fifth of the documents never changes the topics.
    - **smallest topic**: the share of the documents whose heaviest topic is the smallest one (near 0:
      a topic that leads almost no document, a split too many).

    **The rule** does not maximise coherence (it falls as topics narrow on most corpora, so a rule
    that follows it ends at the smallest k), nor any criterion summed over k. A k is *admissible*
    when it passes three tests, in order: (1) its smallest topic leads at least ``min_topic_share``
    of the documents (and 2 documents); (2) among those, its coherence is within ``max(tolerance,
    half the range)`` of the best coherence, the range being that of the k passing (1) (coherence is
    a floor, normalised within the scan: only the worse half is ruled out); (3) among those, its
    stability is within ``tolerance`` of the best stability. The recommendation is the **largest**
    admissible k: of the k that are about equally stable and coherent, the one that resolves most
    topics. When no k passes (1), (1) is dropped and the reason says so; when the chosen k's
    stability is below ``min_stability`` the reason warns.

    Validated (in nqp's source repository: ``python -m benchmarks.bench_topics_k``, ``benchmarks/README.md``): on planted corpora
    (documents drawn from 3, 5 or 8 known word distributions) the rule finds 3, 5 and 8 (a test in
    ``tests/models``; the previous rule, the most stable k near the best coherence, took 7 for 8). On
    the 57 government work reports (terms in 5 to 90% of the reports, sentence NPMI) it finds k=2
    over 2 .. 12: the only k whose topics survive subsampling (stability 0.77, no other k above
    0.65; each report's heaviest topic agrees with its decade at NMI 0.52); over 3 .. 10 (notebook 05)
    k=6, each topic peaking in another decade (NMI 0.71), where the previous rule took the smallest, 3.

    ``progress``: a progress bar over the k (None: only on a terminal, see :mod:`nqp.progress`). The
    cost is ``len(ks) * (1 + (n_seeds - 1) * sample)`` fits, each linear in the documents.
    """
    _check_dtm(dtm)
    _check_method(method)
    dtm = _min_chars(dtm, min_chars)
    ks = _scan_ks(ks, dtm.shape[0])
    for k in ks:
        _check_k(k, *dtm.shape, name="ks")
    n_seeds = check_int("n_seeds", n_seeds, min=2)  # stability needs at least 2 models (5 recommended)
    n_terms = check_int("n_terms", n_terms, min=2)  # coherence needs a pair of terms
    sample = check_number("sample", sample, min=0, max=1)
    if sample == 0:
        raise NqpValueError("sample=0: each stability run needs documents; use a share such as 0.8.")
    min_stability = check_number("min_stability", min_stability, min=0, max=1)
    tolerance = check_number("tolerance", tolerance, min=0)
    min_topic_share = check_number("min_topic_share", min_topic_share, min=0, max=1)
    random_state = check_random_state(random_state)
    check_random_state(random_state + n_seeds - 1, "random_state + n_seeds - 1")  # the last seed of the scan
    units = _Units(tokens, window, stride)  # validated and indexed once, before fitting anything
    n_docs = dtm.shape[0]
    rows, per_topic, models = [], [], {}
    from ..progress import progress_bar
    from .topic_model import TopicModel

    subsamples = []
    for s in range(1, n_seeds):
        rng = np.random.default_rng([random_state, s])
        subsamples.append(np.sort(rng.choice(n_docs, max(1, int(round(sample * n_docs))), replace=False)))
    for k in progress_bar(ks, progress=progress, desc="topics_scan", unit="k"):
        first = topics(
            dtm, k, method, random_state, n_terms=max(20, n_terms), min_chars=1, max_iter=max_iter, minibatch=minibatch
        )
        models[k] = first
        coh = topics_coherence(first, units, n_terms=n_terms)
        runs = [[set(v) for _, v in sorted(first.top_terms(n_terms).items())]]
        for s, rows_s in enumerate(subsamples, start=1):
            if len(rows_s) < k:  # a subsample smaller than k: the whole matrix, with the seed's start
                rows_s = np.arange(n_docs)
            other = TopicModel(k, method, random_state + s, max_iter=max_iter, minibatch=minibatch)
            other.fit(dtm.matrix[rows_s])
            other_terms = topic_terms_table(other.components_, dtm.vocab, n_terms)
            runs.append([set(g[TERM]) for _, g in other_terms.groupby(TOPIC, sort=True)])
        stab = topics_stability(runs)
        weights = first.doc_topics[WEIGHT].to_numpy().reshape(n_docs, k)
        has = weights.sum(axis=1) > 0
        lead = np.bincount(weights[has].argmax(axis=1), minlength=k)
        smallest = float(lead.min() / has.sum()) if has.any() else 0.0
        rows.append((k, float(coh["coherence"].mean()), float(coh["coherence"].min()), stab, smallest))
        per_topic.append(coh[[TOPIC, "coherence"]].assign(k=k).merge(first.labels[[TOPIC, LABEL]], on=TOPIC))
        log.info("topics_scan: k=%d coherence %.3f stability %.3f smallest topic %.3f", k, rows[-1][1], stab, smallest)
    table = pd.DataFrame(rows, columns=["k", "coherence", "coherence_min", "stability", "smallest_topic"])
    min_share = max(min_topic_share, 2 / n_docs)  # and at least 2 documents
    best_k, reason, admissible = _recommend(table, min_stability, tolerance, min_share, n_seeds, sample)
    table["admissible"] = admissible
    table["recommended"] = table["k"] == best_k
    table = table[S.TOPIC_SCAN_COLUMNS]
    per_topic = pd.concat(per_topic, ignore_index=True)[["k", TOPIC, "coherence", LABEL]]
    return TopicScan(
        table, per_topic, best_k, reason, method, n_seeds, random_state, min_stability, tolerance, sample,
        min_topic_share, models, n_docs,
    )


def _recommend(
    table: pd.DataFrame,
    min_stability: float,
    tolerance: float,
    min_topic_share: float,
    n_seeds: int,
    sample: float = 0.8,
) -> tuple[int, str, np.ndarray]:
    """The rule of :func:`topics_scan`: ``(k, reason, admissible mask)``.

    ``table``: ``k``, ``coherence``, ``stability``, ``smallest_topic``; ``min_topic_share``: the size
    test's threshold (:func:`topics_scan` passes ``max(min_topic_share, 2 / documents)``).
    """
    t = table.reset_index(drop=True)
    eps = 1e-9  # no exclusion by float noise
    sized = t["smallest_topic"] >= min_topic_share - eps
    dropped_size = not sized.any()
    if dropped_size:
        sized = pd.Series(True, index=t.index)
    c_best = t.loc[sized, "coherence"].max()
    c_tol = max(tolerance, (c_best - t.loc[sized, "coherence"].min()) / 2)
    coherent = sized & (t["coherence"] >= c_best - c_tol - eps)
    s_best = t.loc[coherent, "stability"].max()
    stable = coherent & (t["stability"] >= s_best - tolerance - eps)
    pick = t[stable].sort_values("k").iloc[-1]
    k = int(pick["k"])
    k_best = int(t.loc[t.loc[sized, "coherence"].idxmax(), "k"])
    runs = f"{n_seeds - 1} subsample{'s' if n_seeds > 2 else ''} of {sample:.0%} of the documents"
    others = [int(x) for x in t.loc[stable, "k"] if int(x) != k]
    why = (
        f"k={k}: the largest k whose stability ({pick['stability']:.2f} across the model and {runs}) is within "
        f"{tolerance:g} of the best ({s_best:.2f}) among the k whose coherence is within {c_tol:.3f} of the best "
        f"(NPMI {c_best:.3f} at k={k_best}" + ("" if k_best == k else f"; k={k} has {pick['coherence']:.3f}") + ")"
    )
    if not dropped_size:
        why += f" and whose smallest topic leads at least {_pct(min_topic_share)} of the documents (k={k}: {_pct(pick['smallest_topic'])})"
    if others:
        why += f"; k={', '.join(map(str, others))} {'is' if len(others) == 1 else 'are'} as good but resolve{'s' if len(others) == 1 else ''} fewer topics"
    failed_size = [int(x) for x in t.loc[~sized, "k"]]
    if failed_size:
        why += f"; k={', '.join(map(str, failed_size))} {'has' if len(failed_size) == 1 else 'have'} a topic that leads almost no document"
    if dropped_size:
        why += f"; no k has a smallest topic leading {_pct(min_topic_share)} of the documents, so that test was dropped"
    if len(t) > 1 and k == int(t["k"].max()):
        why += f"; k={k} is the largest k scanned, so a larger k was not tried"
    if pick["stability"] < min_stability:
        why += (
            f"; but the topics of k={k} do not reliably come back (stability below {min_stability:.2f}), so read them as "
            "one of several possible partitions"
        )
    return k, why + ".", stable.to_numpy()


def _pct(x: float) -> str:
    """A share as a percentage with at most one decimal: 1%, 12.5%."""
    return f"{x:.1%}".replace(".0%", "%")


topic_coherence = deprecated_alias(topics_coherence, "topic_coherence")
topic_stability = deprecated_alias(topics_stability, "topic_stability")

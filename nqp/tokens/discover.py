"""New-term discovery: expressions the dictionary lacks, found from the characters alone (PMI and entropy)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict

import pandas as pd

from .. import schema as S
from .._validate import check_int, check_number
from ..errors import NqpValueError
from ..text import sentence_spans
from .lexicon import _NUMBER, Lexicon
from .segment import _config, _segmenter
from .tables import _check_articles

log = logging.getLogger(__name__)

__all__ = ["terms_discover"]

#: characters a multi-character term rarely starts or ends with (particles, prepositions, measure words)
_EDGE_CHARS = set("的了在是和与及或等也都而并就被把将对为从以于之其这那个们中上下着过吧呢吗啊有无不没要会能可已再又还所向由让使给到说")


def terms_discover(
    articles: pd.DataFrame,
    *,
    min_count: int = 3,
    min_len: int = 2,
    max_len: int = 6,
    min_pmi: float = 3.0,
    min_entropy: float = 0.5,
    top: int | None = 50,
    lexicon=None,
    backend: str = "auto",
    text_column: str = "text",
) -> pd.DataFrame:
    """Expressions the dictionary lacks, as lexicon candidates: frequent, cohesive, free at both ends.

    Character n-grams (``min_len`` to ``max_len`` Chinese characters, not crossing punctuation) seen at
    least ``min_count`` times are scored by cohesion (``pmi``: the smallest pointwise mutual
    information over the ways to cut the string in two, natural log) and freedom (``entropy``: the
    smaller of the entropies of the characters just before and just after it; a text boundary counts
    as a new character each time). Strings in jieba's dictionary, strings starting or ending with a
    function character (的, 了, 在 ...), with ``pmi < min_pmi`` or ``entropy < min_entropy`` are
    left out. ``score = log(n) * pmi * entropy``.

    Returns the ``top`` candidates (None: all), sorted by score descending then term
    (:data:`nqp.schema.DISCOVER_COLUMNS`): ``term``, ``n``, ``n_articles``, ``pmi``, ``left_entropy``,
    ``right_entropy``, ``entropy``, ``score``, ``in_lexicon`` (already in the lexicon: discovery
    re-finding it is a check on both), ``example`` (the first sentence it occurs in).
    """
    articles = _check_articles(articles, text_column)
    min_count = check_int("min_count", min_count, min=1)
    min_len = check_int("min_len", min_len, min=1)
    max_len = check_int("max_len", max_len, min=1)
    min_pmi = check_number("min_pmi", min_pmi)
    min_entropy = check_number("min_entropy", min_entropy)
    top = check_int("top", top, min=0, allow_none=True)
    if min_len < 2 or max_len < min_len:
        raise NqpValueError(f"terms_discover: need 2 <= min_len <= max_len, got min_len={min_len}, max_len={max_len}.")
    texts = list(articles[text_column])
    runs_per_text = [[m.group() for m in re.finditer(r"[\u4e00-\u9fff]+", t)] for t in texts]
    runs = [r for rs in runs_per_text for r in rs]
    n_chars = sum(len(r) for r in runs) or 1
    # level-wise n-gram counts: an n-gram is counted only where its prefix is frequent
    counts: dict[str, int] = Counter(ch for r in runs for ch in r)
    frequent = {g for g, c in counts.items() if c >= min_count}
    for n in range(2, max_len + 1):
        level = Counter()
        for r in runs:
            for i in range(len(r) - n + 1):
                if r[i : i + n - 1] in frequent:
                    level[r[i : i + n]] += 1
        frequent = {g for g, c in level.items() if c >= min_count}
        counts.update({g: c for g, c in level.items() if c >= min_count})
        if not frequent:
            break
    seg = _segmenter(_config(False, backend))
    lex_forms = set(Lexicon.from_any(lexicon).forms())
    cands = {}
    for g, c in counts.items():
        if len(g) < min_len or c < min_count or g[0] in _EDGE_CHARS or g[-1] in _EDGE_CHARS:
            continue
        if _NUMBER.match(g) or seg.has_word(g):
            continue
        pmi = min(math.log(c * n_chars / (counts[g[:k]] * counts[g[k:]])) for k in range(1, len(g)))
        if pmi >= min_pmi:
            cands[g] = pmi
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    lengths = sorted({len(g) for g in cands})
    boundary = 0
    for r in runs:
        for n in lengths:
            for i in range(len(r) - n + 1):
                g = r[i : i + n]
                if g in cands:
                    if i > 0:
                        left[g][r[i - 1]] += 1
                    else:
                        boundary += 1
                        left[g][boundary] += 1
                    if i + n < len(r):
                        right[g][r[i + n]] += 1
                    else:
                        boundary += 1
                        right[g][boundary] += 1
    rows = []
    for g, pmi in cands.items():
        le, re_ = _entropy(left[g]), _entropy(right[g])
        ent = min(le, re_)
        if ent < min_entropy:
            continue
        n = counts[g]
        rows.append((g, n, pmi, le, re_, ent, math.log(n) * pmi * ent, g in lex_forms))
    cols = [c for c in S.DISCOVER_COLUMNS if c not in (S.N_ARTICLES, "example")]
    frame = pd.DataFrame(rows, columns=cols)
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(top)
    frame[S.N_ARTICLES] = [sum(1 for t in texts if g in t) for g in frame["term"]]
    frame["example"] = [_first_sentence(texts, g) for g in frame["term"]]
    return frame[S.DISCOVER_COLUMNS].reset_index(drop=True)


def _entropy(counter: Counter) -> float:
    total = sum(counter.values())
    if not total:
        return 0.0
    return float(-sum(c / total * math.log(c / total) for c in counter.values()))


def _first_sentence(texts: list[str], term: str) -> str:
    for t in texts:
        at = t.find(term)
        if at >= 0:
            for s, e in sentence_spans(t):
                if s <= at < e:
                    return t[s:e]
    return ""

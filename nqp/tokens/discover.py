"""New-term discovery: expressions the dictionary lacks, found from the characters alone (PMI and entropy)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict

import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError
from ..text import sentence_spans
from .lexicon import _NUMBER, Lexicon
from .segment import _config, _segmenter
from .tables import _check_articles

log = logging.getLogger(__name__)

__all__ = ["terms_discover"]

#: characters a multi-character term rarely starts or ends with (particles, prepositions, measure words, pronouns and
#: 请: 我代表国务院 and 请予审议 are the formulas of a speech, not terms)
_RUN = re.compile(r"[\u4e00-\u9fff]+")  # the runs of Chinese characters n-grams are read from
_EDGE_CHARS = set("的了在是和与及或等也都而并就被把将对为从以于之其这那个们中上下着过吧呢吗啊有无不没要会能可已再又还所向由让使给到说我你您他她它请")


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
    min_ratio: float = 2000.0,
    boilerplate: str = "drop",
    boilerplate_share: float = 0.6,
) -> pd.DataFrame:
    """Expressions the dictionary lacks, as lexicon candidates: frequent, cohesive, free at both ends.

    Character n-grams (``min_len`` to ``max_len`` Chinese characters, not crossing punctuation) seen at
    least ``min_count`` times are scored by cohesion (``pmi``: the smallest pointwise mutual
    information over the ways to cut the string in two, natural log) and freedom (``entropy``: the
    smaller of the entropies of the characters just before and just after it; a text boundary counts
    as a new character each time). Where the string sits at the edge of a longer lexicon term (建圈强链
    inside 产业建圈强链), the lexicon says the compound is made of it and another word, so that side counts as a
    boundary too: a term mostly used inside its longer form still surfaces. Strings starting or ending with a
    function character (的, 了, 在 ...), with ``pmi < min_pmi`` or ``entropy < min_entropy`` are left
    out. A word of jieba's dictionary stays only when this corpus uses it at least ``min_ratio`` (2,000) times
    as often as jieba's dictionary counts it (``dictionary_ratio``: the corpus's occurrences per
    character over the dictionary's frequency per word): 园中园 in a corpus about industrial parks, not
    发展. ``score = log(n) * pmi * entropy``.

    Boilerplate (``boilerplate_reason``): a candidate that opens a paragraph in at least
    ``boilerplate_share`` of its occurrences ("paragraph start": 央视网消息, 导语), or that is in at
    least a third of the articles about once each ("once per article": 当地时间, 文章指出). With
    ``boilerplate="drop"`` (default) they are left out, with ``"flag"`` kept and marked.

    Returns the ``top`` candidates (None: all), sorted by score descending then term
    (:data:`nqp.schema.DISCOVER_COLUMNS`): ``term``, ``n``, ``n_articles``, ``pmi``, ``left_entropy``,
    ``right_entropy``, ``entropy``, ``score``, ``in_lexicon`` (already in the lexicon: discovery
    re-finding it is a check on both), ``in_dictionary`` (a word of jieba's dictionary),
    ``dictionary_ratio`` (see above; empty for other strings), ``paragraph_start`` (share of its
    occurrences that open a paragraph), ``boilerplate_reason`` (empty when none), ``example`` (the
    first sentence it occurs in).
    """
    articles = _check_articles(articles, text_column)
    min_count = check_int("min_count", min_count, min=1)
    min_len = check_int("min_len", min_len, min=1)
    max_len = check_int("max_len", max_len, min=1)
    min_pmi = check_number("min_pmi", min_pmi)
    min_entropy = check_number("min_entropy", min_entropy)
    top = check_int("top", top, min=0, allow_none=True)
    min_ratio = check_number("min_ratio", min_ratio, min=0)
    check_choice("boilerplate", boilerplate, ("drop", "flag"))
    boilerplate_share = check_number("boilerplate_share", boilerplate_share, min=0, max=1)
    if min_len < 2 or max_len < min_len:
        raise NqpValueError(f"terms_discover: need 2 <= min_len <= max_len, got min_len={min_len}, max_len={max_len}.")
    texts = list(articles[text_column])
    runs_per_text = [[m.group() for m in _RUN.finditer(t)] for t in texts]
    runs = [r for rs in runs_per_text for r in rs]
    n_chars = sum(len(r) for r in runs) or 1
    # level-wise n-gram counts: an n-gram is counted only where its prefix is frequent
    counts: dict[str, int] = Counter(ch for r in runs for ch in r)
    frequent = {g for g, c in counts.items() if c >= min_count}
    # where each run's frequent n-grams start, level by level: an n-gram is read only where its (n-1)-gram prefix
    # is frequent, and the positions left shrink with n (Counter.update counts each list in C)
    starts_at = {1: [[i for i, ch in enumerate(r) if ch in frequent] for r in runs]}
    for n in range(2, max_len + 1):
        level = Counter()
        for r, pos in zip(runs, starts_at[n - 1]):
            level.update([r[i : i + n] for i in pos if i + n <= len(r)])
        frequent = {g for g, c in level.items() if c >= min_count}
        counts.update({g: c for g, c in level.items() if c >= min_count})
        if not frequent:
            break
        starts_at[n] = [[i for i in pos if i + n <= len(r) and r[i : i + n] in frequent]
                        for r, pos in zip(runs, starts_at[n - 1])]
    seg = _segmenter(_config(False, backend))
    lex_forms = set(Lexicon.from_any(lexicon).forms())
    cands = {}
    known = {}
    for g, c in counts.items():
        if len(g) < min_len or c < min_count or g[0] in _EDGE_CHARS or g[-1] in _EDGE_CHARS:
            continue
        if _NUMBER.match(g):
            continue
        pmi = min(math.log(c * n_chars / (counts[g[:k]] * counts[g[k:]])) for k in range(1, len(g)))
        if pmi >= min_pmi:
            cands[g] = pmi
            if g not in lex_forms and seg.has_word(g):
                known[g] = None
    if known:
        freq, total = _dictionary_frequencies(set(known))
        for g in known:
            ratio = (counts[g] / n_chars) / (max(freq.get(g, 1), 1) / total)
            known[g] = ratio
            if ratio < min_ratio:
                del cands[g]
    # a part of a lexicon term seen (almost) only inside it is no expression of its own (新质 of 新质生产力,
    # 高质量 of 高质量发展 where the corpus never writes them apart): fewer than min_count occurrences outside
    # the lexicon's forms and it goes; a lexicon term inside a longer one (建圈强链 in 产业建圈强链) stays
    for g, n_outside in _outside_lexicon(runs, [g for g in cands if g not in lex_forms], lex_forms).items():
        if n_outside < min_count:
            del cands[g]
            known.pop(g, None)
    # a candidate at the edge of a longer lexicon term: that side of it is a boundary there
    inner = _lexicon_edges(cands, lex_forms, lambda w: w in lex_forms or seg.has_word(w))
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    lengths = sorted({len(g) for g in cands})
    boundary = 0
    for run, r in enumerate(runs):
        for n in lengths:
            # the positions of candidates (among those of the frequent n-grams), then each occurrence's neighbours
            for i in [i for i in starts_at[n][run] if r[i : i + n] in cands]:
                g = r[i : i + n]
                ends, starts = inner.get(g, ((), ()))
                if i > 0 and not any(i + n >= len(f) and r.startswith(f, i + n - len(f)) for f in ends):
                    left[g][r[i - 1]] += 1
                else:
                    boundary += 1
                    left[g][boundary] += 1
                if i + n < len(r) and not any(r.startswith(f, i) for f in starts):
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
        rows.append((g, n, pmi, le, re_, ent, math.log(n) * pmi * ent, g in lex_forms, g in known, known.get(g)))
    cols = ["term", S.N, "pmi", "left_entropy", "right_entropy", "entropy", "score", "in_lexicon", "in_dictionary",
            "dictionary_ratio"]
    frame = pd.DataFrame(rows, columns=cols)
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    at_start, per_article = _spread(texts, frame["term"].tolist())
    frame[S.N_ARTICLES] = per_article
    frame["paragraph_start"] = [a / n if n else 0.0 for a, n in zip(at_start, frame[S.N])]
    many = len(texts) >= 10  # "a third of the articles" means something from ten articles on
    frame["boilerplate_reason"] = [
        "paragraph start" if share >= boilerplate_share and n >= min_count
        else "once per article" if many and k >= len(texts) / 3 and n <= 1.2 * k
        else ""
        for share, n, k in zip(frame["paragraph_start"], frame[S.N], frame[S.N_ARTICLES])
    ]
    if boilerplate == "drop":
        frame = frame[frame["boilerplate_reason"] == ""]
    if top is not None:
        frame = frame.head(top)
    frame = frame.assign(example=[_first_sentence(texts, g) for g in frame["term"]])
    return frame[S.DISCOVER_COLUMNS].reset_index(drop=True)


def _outside_lexicon(runs: list[str], cands: list[str], lex_forms: set[str]) -> dict[str, int]:
    """For each candidate that is part of a longer lexicon form, its occurrences in ``runs`` outside every
    occurrence of a lexicon form (the forms cut out of the text, longest first, in one regex pass)."""
    inside = [g for g in cands if any(g in f and g != f for f in lex_forms)]
    if not inside:
        return {}
    forms = sorted((f for f in lex_forms if any(g in f for g in inside)), key=len, reverse=True)
    rest = re.compile("|".join(map(re.escape, forms))).sub("\n", "\n".join(runs))
    return {g: rest.count(g) for g in inside}


def _dictionary_frequencies(words: set[str]) -> tuple[dict[str, int], int]:
    """jieba's dictionary frequency of each of ``words`` and the dictionary's total (its dict.txt, read once)."""
    import jieba

    freq, total = {}, 0
    with jieba.get_dict_file() as fh:
        for line in fh:
            parts = line.decode("utf-8").split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit():
                f = int(parts[1])
                total += f
                if parts[0] in words:
                    freq[parts[0]] = f
    return freq, max(total, 1)


def _lexicon_edges(cands, lex_forms, is_word) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each candidate, the longer lexicon forms made of it and a word of two characters or more
    (产业建圈强链 = 产业 + 建圈强链): those it ends (its left side is inside them) and those it starts.
    A fragment (质生产力 in 新质生产力: 新 + 质生产力) is not a part the lexicon names.

    Each lexicon form is cut once at every point leaving at least two characters on the other side, and the
    part that is a candidate is looked up: the cost is the lexicon's characters, not candidates × forms."""
    ends: dict[str, list[str]] = defaultdict(list)
    starts: dict[str, list[str]] = defaultdict(list)
    for f in lex_forms:
        if len(f) <= 3:
            continue
        for cut in range(2, len(f)):  # f = f[:cut] + f[cut:]: the candidate f[cut:] ends f
            if f[cut:] in cands and is_word(f[:cut]):
                ends[f[cut:]].append(f)
        for cut in range(1, len(f) - 1):  # f = f[:cut] + f[cut:]: the candidate f[:cut] starts f
            if f[:cut] in cands and is_word(f[cut:]):
                starts[f[:cut]].append(f)
    return {g: (tuple(ends.get(g, ())), tuple(starts.get(g, ()))) for g in cands if g in ends or g in starts}


def _spread(texts: list[str], terms: list[str]) -> tuple[list[int], list[int]]:
    """Per term: its occurrences that open a paragraph (a line, leading spaces aside) and the articles it is in.

    One pass over the text: a term is a run of Chinese characters, so it occurs in an article only inside one
    of its runs, and each run is read once per term length (linear in the corpus, whatever the number of terms).
    """
    wanted = set(terms)
    lengths = sorted({len(g) for g in wanted})
    start_count: Counter = Counter()
    article_count: Counter = Counter()
    for t in texts:
        for ln in t.split("\n"):
            ln = ln.lstrip(" \t\u3000")
            for n in lengths:
                if n > len(ln):
                    break
                if ln[:n] in wanted:
                    start_count[ln[:n]] += 1
        seen = set()
        for m in _RUN.finditer(t):
            r = m.group()
            for n in lengths:
                for i in range(len(r) - n + 1):
                    g = r[i : i + n]
                    if g in wanted:
                        seen.add(g)
        article_count.update(seen)
    return [start_count[g] for g in terms], [article_count[g] for g in terms]


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

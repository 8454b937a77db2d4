"""Reprint families: the same article or passage (通稿, wire copy) printed by several outlets.

A policy slogan that appears in twenty outlets on one day may be one wire story printed twenty times,
not twenty adoptions. :func:`reprint_families` groups the articles (or paragraphs, or sentences) that
are copies of each other, nearly or exactly, into families with their earliest member (the likely
source); :func:`reprint_mentions` marks each theme mention that sits in a reprinted copy, and
:func:`reprint_counts` counts mentions both ways side by side: every printing, and once per family.

How copies are found, in time linear in the text: each unit's simplified text (so a copy in the other
script matches), without spaces and punctuation, is cut into character ``k``-grams; their MinHash
signatures are cut into bands (locality-sensitive hashing): units whose signatures agree on a whole
band are candidates, and only those are compared, on their exact
sets of k-grams. (The signatures and bands are computed with numpy over blocks of units: ``datasketch``,
the library for this, hashes item by item in Python, about ten times slower here; see
``benchmarks/bench_reprints.py``.) Pairs at or above the ``threshold`` of Jaccard similarity (or of containment, for
``unit="sentence"`` and a passage inside a longer one) are copies; a family is a source (its earliest
member) and the units that are copies of it, so a chain of copies of copies (a template filled in a hundred
times: A like B, B like C, A unlike C) does not become one family.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError
from ..text import sentence_spans
from .mentions import check_articles, check_mentions

log = logging.getLogger(__name__)

__all__ = ["reprint_families", "reprint_mentions", "reprint_counts", "reprint_summary", "reprint_copies"]

UNITS = ("article", "paragraph", "sentence")
#: characters left out of the k-grams: spaces and punctuation (an edit there is not an edit of the text)
_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_DEFAULT_MIN_CHARS = {"article": 100, "paragraph": 30, "sentence": 20}
_P = np.uint64(1_000_003)  # base of the rolling hash of the k-grams


def _grams(text: str, k: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the character k-grams of ``text`` (spaces and punctuation removed)."""
    return _all_grams([text], k)[0]


def _all_grams(pieces: list[str], k: int, block: int = 2_000_000) -> list[np.ndarray]:
    """:func:`_grams` of every piece, computed a block of pieces at a time over one array of code points
    (one hash pass and one sort per block instead of a numpy call per piece); the same values."""
    out: list[np.ndarray] = []
    batch: list[str] = []
    size = 0

    def flush():
        if not batch:
            return
        cleaned = [_NOT_TEXT.sub("", t) for t in batch]
        # the rolling hash of a k-gram: sum of code[i + j] * P^(k - 1 - j), wrapping at 2^64, then mixed
        lens = np.array([len(t) for t in cleaned], dtype=np.int64)
        codes = np.frombuffer("".join(cleaned).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        n_win = len(codes) - k + 1
        if n_win <= 0:
            out.extend(np.empty(0, dtype=np.uint32) for _ in batch)
            return
        h = np.zeros(n_win, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                h = h * _P + codes[j : j + n_win]
            h ^= h >> np.uint64(29)
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(32)
        h = (h & np.uint64(0xFFFFFFFF)).astype(np.int64)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        piece = np.repeat(np.arange(len(batch)), lens)[:n_win]
        # a window belongs to its piece when it ends inside it
        ok = np.zeros(n_win, dtype=bool)
        for_piece = np.maximum(lens - k + 1, 0)
        first = starts
        idx = np.repeat(first, for_piece) + (np.arange(for_piece.sum()) - np.repeat(np.cumsum(for_piece) - for_piece, for_piece))
        ok[idx] = True
        key = np.sort((piece[ok].astype(np.int64) << 32) | h[ok])
        # unique by sorting (numpy's hash-based np.unique is far slower on arrays of this size)
        key = key[np.concatenate(([True], key[1:] != key[:-1]))] if len(key) else key
        owner = key >> 32
        vals = (key & 0xFFFFFFFF).astype(np.uint32)
        cuts = np.searchsorted(owner, np.arange(len(batch) + 1))
        out.extend(vals[cuts[i]:cuts[i + 1]] for i in range(len(batch)))

    for t in pieces:
        batch.append(t)
        size += len(t)
        if size >= block:
            flush()
            batch, size = [], 0
    flush()
    return out


def _units(articles: pd.DataFrame, unit: str, min_chars: int):
    """(row index, start, end) of every unit of the articles' ``text`` with at least ``min_chars`` characters."""
    out = []
    for i, text in enumerate(articles[S.TEXT]):
        if unit == "article":
            spans = [(0, len(text))]
        elif unit == "paragraph":
            spans, pos = [], 0
            for line in text.split("\n"):
                spans.append((pos, pos + len(line)))
                pos += len(line) + 1
        else:
            spans = sentence_spans(text)
        for s0, e0 in spans:
            if len(_NOT_TEXT.sub("", text[s0:e0])) >= min_chars:
                out.append((i, s0, e0))
    return out


def _similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment in the smaller) of two sorted unique hash arrays."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    if len(a) > len(b):
        a, b = b, a
    at = b.searchsorted(a)
    at[at == len(b)] = len(b) - 1
    shared = int(np.count_nonzero(b[at] == a))
    small = min(len(a), len(b))
    return shared / (len(a) + len(b) - shared), (shared / small if small else 0.0)


def _bands(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm whose S-curve threshold (1/b)^(1/r) is the largest
    at or below ``threshold`` (so pairs at the threshold are found with high probability)."""
    best, best_t = (num_perm, 1), 0.0
    for r in range(1, num_perm + 1):
        b = num_perm // r
        t = (1 / b) ** (1 / r)
        if best_t < t <= threshold:
            best, best_t = (b, r), t
    return best


def _signatures(grams: list[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (units x ``num_perm``, uint32) of the k-gram sets, computed a block of units
    at a time: multiply-shift hashing ``(a * x + b) >> 32`` with odd 64-bit ``a``, one per permutation."""
    rng = np.random.default_rng(seed)
    top = np.iinfo(np.uint64).max
    mult = rng.integers(0, top, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
    add = rng.integers(0, top, size=num_perm, dtype=np.uint64, endpoint=True)
    sig = np.full((len(grams), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    block, n = [], 0
    size = 0

    def flush(rows):
        if not rows:
            return
        lens = np.array([len(grams[i]) for i in rows])
        allg = np.concatenate([grams[i] for i in rows]).astype(np.uint64)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        with np.errstate(over="ignore"):
            for p in range(num_perm):
                h = ((allg * mult[p] + add[p]) >> np.uint64(32)).astype(np.uint32)
                sig[rows, p] = np.minimum.reduceat(h, starts)

    for n, g in enumerate(grams):
        if len(g):
            block.append(n)
            size += len(g)
        if size >= 1_000_000:
            flush(block)
            block, size = [], 0
    flush(block)
    return sig


def _candidate_pairs(grams: list[np.ndarray], num_perm: int, seed: int, threshold: float) -> np.ndarray:
    """The candidate pairs of unit numbers (an array of ``(first, other)`` rows, ``first < other``, each pair
    once): units whose signatures agree on a whole band (LSH banding), each paired with the smallest unit
    number of its band's group. A unit without k-grams is in none."""
    sig = _signatures(grams, num_perm, seed)
    has = np.array([len(g) > 0 for g in grams], dtype=bool)
    idx = np.flatnonzero(has)
    if len(idx) < 2:
        return np.empty((0, 2), dtype=np.int64)
    b, r = _bands(num_perm, threshold)
    found = []
    with np.errstate(over="ignore"):
        for band in range(b):
            cols = sig[idx, band * r:(band + 1) * r].astype(np.uint64)
            key = np.zeros(len(idx), dtype=np.uint64)
            for c in range(r):  # one 64-bit key per band: a multiply-xor fold of its rows
                key = (key ^ cols[:, c]) * np.uint64(0x9E3779B97F4A7C15)
            order = np.lexsort((idx, key))  # by key, then unit number: a group's smallest unit comes first
            sk, members = key[order], idx[order]
            starts = np.concatenate(([True], sk[1:] != sk[:-1]))
            group = np.cumsum(starts) - 1
            first = members[np.flatnonzero(starts)][group]
            other = ~starts  # every member but the first of a group shared by two units or more
            found.append(np.stack([first[other], members[other]], axis=1))
    pairs = np.concatenate(found)
    code = np.unique(pairs[:, 0] * np.int64(len(grams)) + pairs[:, 1])
    return np.stack([code // len(grams), code % len(grams)], axis=1)


def reprint_families(
    articles: pd.DataFrame,
    *,
    unit: str = "article",
    threshold: float = 0.5,
    measure: str = "jaccard",
    k: int = 5,
    min_chars: int | None = None,
    num_perm: int = 64,
    seed: int = 1,
    stories: bool = False,
) -> pd.DataFrame:
    """Families of copies among the articles of ``nqp.clean(corpus).articles``.

    ``unit``: ``"article"`` (whole reprinted stories), ``"paragraph"`` (a wire paragraph inside otherwise
    different articles) or ``"sentence"``. A unit needs ``min_chars`` characters of text (spaces and
    punctuation not counted; default 100, 30 and 20) to be compared. Two units of different articles are
    copies when the ``measure`` of their character ``k``-gram sets is at least ``threshold``:
    ``"jaccard"`` (shared over all: a reprint, edited lightly) or ``"containment"`` (shared over the
    smaller set: a passage quoted whole inside a longer one). Candidates come from MinHash signatures
    (``num_perm`` permutations drawn with ``seed``) banded for locality-sensitive hashing; every link is
    verified on the exact sets, so a family never rests on an estimate. Every member is a copy of its family's
    source (the earliest member) by ``measure`` and ``threshold``: a copy of a copy that is unlike the source
    starts a family of its own.

    Returns one row per member unit, families numbered from 1 by their source's date, sorted by
    family then date: ``family``, ``n_members``, ``n_outlets``, ``is_source`` (the earliest member by
    ``date_start``, then ``doc_id``: the likely source; undated members come last), ``similarity``
    (the ``measure`` against the source), ``doc_id``, ``article_id``, ``outlet``, ``date``,
    ``date_precision``, ``date_start``, ``date_end``, ``text_start``/``text_end`` (the unit in the article's
    ``text``), ``raw_start``/``raw_end`` (in the document's raw text, when the articles carry
    ``raw_segments``) and ``passage`` (the unit in the original script). Empty (same columns) when no
    two articles share a unit.

    ``stories=True`` (with ``unit`` ``"paragraph"`` or ``"sentence"``): whole reprinted articles first, as
    the families ``unit="article"`` finds, then the ``unit``'s families, less those whose members all lie in
    the copies of one story (counted by their story: a reprinted story is one family, not one per
    paragraph); a passage copied beyond its story's copies keeps its family. Numbered stories first.
    """
    if stories and unit != "article":
        options = {"threshold": threshold, "measure": measure, "k": k, "num_perm": num_perm, "seed": seed}
        whole = reprint_families(articles, unit="article", **options)
        parts = reprint_families(articles, unit=unit, min_chars=min_chars, **options)
        return _without_stories(whole, parts)
    check_articles(articles)
    check_choice("unit", unit, UNITS)
    check_choice("measure", measure, ("jaccard", "containment"))
    threshold = check_number("threshold", threshold, min=0, max=1)
    if threshold == 0:
        raise NqpValueError(f"threshold={threshold!r}: must be in (0, 1] (0 would make every pair a copy).")
    k = check_int("k", k, min=2)
    min_chars = _DEFAULT_MIN_CHARS[unit] if min_chars is None else check_int("min_chars", min_chars, min=k)
    num_perm = check_int("num_perm", num_perm, min=16)
    seed = check_int("seed", seed, min=0)
    arts = articles.reset_index(drop=True)

    units = _units(arts, unit, min_chars)
    texts = arts[S.TEXT].tolist()
    grams = _all_grams([texts[i][s0:e0] for i, s0, e0 in units], k)
    art_of = np.array([i for i, _, _ in units], dtype=np.int64)
    # the bands find candidates at a lower similarity than asked, so few true pairs are missed;
    # containment has no banding of its own: its candidates are the Jaccard ones at a looser threshold
    loose = max(0.1, threshold * (0.5 if measure == "containment" else 0.8))
    pairs = _candidate_pairs(grams, num_perm, seed, loose)
    pairs = pairs[art_of[pairs[:, 0]] != art_of[pairs[:, 1]]]  # two units of one article are not copies
    neighbours: dict[int, set[int]] = {}
    pick = 0 if measure == "jaccard" else 1
    for first, other in pairs.tolist():
        if _similarity(grams[first], grams[other])[pick] >= threshold:
            neighbours.setdefault(first, set()).add(other)
            neighbours.setdefault(other, set()).add(first)
    rank = _printing_rank(arts, units)
    members, similarity = _against_sources(units, grams, neighbours, rank, measure, threshold)
    return _family_table(arts, units, members, similarity, rank)


def _without_stories(whole: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """The story families ``whole`` and the unit families ``parts`` not inside one story, numbered after
    them in their order (:func:`reprint_families` with ``stories=True``)."""
    if not len(whole):
        return parts
    story_of = dict(zip(whole[S.ARTICLE_ID], whole["family"]))
    inside = parts.groupby("family", sort=False)[S.ARTICLE_ID].agg(
        lambda ids: len({story_of.get(a) for a in ids}) == 1 and ids.iloc[0] in story_of)
    kept = parts[~parts["family"].map(inside)]
    if len(kept) < len(parts):
        log.info("reprint families: %d of %d passage families lie inside reprinted stories, counted by their story",
                 int(inside.sum()), len(inside))
    number = {f: i for i, f in enumerate(pd.unique(kept["family"]), start=int(whole["family"].max()) + 1)}
    kept = kept.assign(family=kept["family"].map(number).astype(whole["family"].dtype))
    return pd.concat([whole, kept], ignore_index=True)


def _printing_rank(arts: pd.DataFrame, units) -> list[int]:
    """Each unit's place in the order the units were printed: ``date_start`` (undated last), ``doc_id``,
    ``article_id``, then place in the article; the earliest member of a family is its source."""
    n = len(arts)

    def col(name):
        return arts[name] if name in arts.columns else pd.Series([None] * n, index=arts.index, dtype=object)

    def str_rank(values):  # the rank of each value's str in Python's own order of strings
        text = [str(v) for v in values]
        place = {v: i for i, v in enumerate(sorted(set(text)))}
        return np.array([place[v] for v in text], dtype=np.int64)

    start = pd.to_datetime(col(S.DATE_START), errors="coerce")
    undated = start.isna().to_numpy()
    day = np.where(undated, 0, start.to_numpy(dtype="datetime64[us]").astype(np.int64, copy=False))
    doc, art = str_rank(col(S.DOC_ID)), str_rank(col(S.ARTICLE_ID))
    if not units:
        return []
    row = np.array([i for i, _, _ in units], dtype=np.int64)
    pos = np.array([s0 for _, s0, _ in units], dtype=np.int64)
    order = np.lexsort((pos, art[row], doc[row], day[row], undated[row]))
    rank = np.empty(len(units), dtype=np.int64)
    rank[order] = np.arange(len(units))
    return rank.tolist()


def _against_sources(units, grams, neighbours, rank, measure, threshold) -> tuple[dict[int, set[int]], dict[int, float]]:
    """Families in which every copy is a copy of the family's source, not of another copy.

    Copies of copies chained by single links would merge a template's hundred fillings into one family
    (A like B, B like C, A unlike C). Instead the units are taken in the order they were printed; each joins
    the family of the most similar source among its verified neighbours' families when it is a copy of that
    source (the measure at least ``threshold`` against the source itself), else it starts a family of its
    own. Each unit is compared with at most one source per verified neighbour: linear in the pairs found.
    Returns the members of each family (by its source) and each copy's ``measure`` against its source.
    """
    when = rank.__getitem__
    art_of = [i for i, _, _ in units]
    source_of: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    in_articles: dict[int, set[int]] = {}  # the articles each family has a member in
    similarity: dict[int, float] = {}  # each copy's measure against its source
    for n in sorted(neighbours, key=when):
        best, best_sim = None, -1.0
        for src in sorted({source_of[m] for m in neighbours[n] if m in source_of}, key=when):
            if art_of[n] in in_articles[src]:
                continue  # an article holds at most one member of a family
            jac, cont = _similarity(grams[n], grams[src])
            sim = jac if measure == "jaccard" else cont
            if sim >= threshold and sim > best_sim:
                best, best_sim = src, sim
        if best is None:
            source_of[n] = n
            in_articles[n] = {art_of[n]}
        else:
            source_of[n] = best
            members.setdefault(best, {best}).add(n)
            in_articles[best].add(art_of[n])
            similarity[n] = best_sim
    # a unit that started a family before the copy linking it to an earlier source was seen (it was verified
    # only against a later unit): compared once more with the sources its neighbours joined, when earlier
    for n in sorted((n for n in source_of if source_of[n] == n and n not in members), key=when):
        best, best_sim = None, -1.0
        for src in sorted({source_of[m] for m in neighbours[n]} - {n}, key=when):
            if when(src) > when(n) or art_of[n] in in_articles[src] or source_of[src] != src:
                continue
            jac, cont = _similarity(grams[n], grams[src])
            sim = jac if measure == "jaccard" else cont
            if sim >= threshold and sim > best_sim:
                best, best_sim = src, sim
        if best is not None:
            source_of[n] = best
            members.setdefault(best, {best}).add(n)
            in_articles[best].add(art_of[n])
            similarity[n] = best_sim
    return members, similarity


def _family_table(arts, units, members, similarity, rank) -> pd.DataFrame:
    columns = [
        "family", "n_members", "n_outlets", "is_source", "similarity", S.DOC_ID, S.ARTICLE_ID, S.OUTLET,
        S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END, S.TEXT_START, S.TEXT_END, "raw_start", "raw_end", "passage",
    ]
    if not members:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    from ..evidence.spans import raw_spans

    def col(name):
        return arts[name].tolist() if name in arts.columns else [None] * len(arts)

    doc, art, outlet, date, prec = col(S.DOC_ID), col(S.ARTICLE_ID), col(S.OUTLET), col(S.DATE), col(S.DATE_PRECISION)
    start, stop = col(S.DATE_START), col(S.DATE_END)
    text, orig, segs = col(S.TEXT), col(S.TEXT_ORIG), col(S.RAW_SEGMENTS)
    when = rank.__getitem__

    # raw offsets: one raw_spans call per article, for all its member units
    wanted: dict[int, list[tuple[int, int]]] = {}
    for group in members.values():
        for n in group:
            i, s0, e0 = units[n]
            if segs[i] is not None:
                wanted.setdefault(i, []).append((s0, e0))
    raw_of = {}
    for i, spans in wanted.items():
        for span, raw in zip(spans, raw_spans({S.RAW_SEGMENTS: segs[i], S.TEXT: text[i]}, spans)):
            raw_of[(i, span)] = raw
    # the families by their source's printing, each member in its printing order (the source first)
    groups = sorted((sorted(group, key=when) for group in members.values()), key=lambda g: when(g[0]))
    flat = [n for g in groups for n in g]
    rows = [units[n][0] for n in flat]
    sizes = [len(g) for g in groups]
    n_outlets = [len({o for o in (outlet[units[n][0]] for n in g) if isinstance(o, str) and o}) for g in groups]
    table = pd.DataFrame({
        "family": np.repeat(np.arange(1, len(groups) + 1), sizes),
        "n_members": np.repeat(sizes, sizes),
        "n_outlets": np.repeat(n_outlets, sizes),
        "is_source": [j == 0 for g in groups for j in range(len(g))],
        "similarity": [round(similarity[n], 4) if j else 1.0 for g in groups for j, n in enumerate(g)],
        S.DOC_ID: [doc[i] for i in rows], S.ARTICLE_ID: [art[i] for i in rows], S.OUTLET: [outlet[i] for i in rows],
        S.DATE: [date[i] for i in rows], S.DATE_PRECISION: [prec[i] for i in rows],
        S.DATE_START: [start[i] for i in rows], S.DATE_END: [stop[i] for i in rows],
        S.TEXT_START: [units[n][1] for n in flat], S.TEXT_END: [units[n][2] for n in flat],
        "raw_start": [raw_of.get((units[n][0], units[n][1:]), (None, None))[0] for n in flat],
        "raw_end": [raw_of.get((units[n][0], units[n][1:]), (None, None))[1] for n in flat],
        "passage": [(orig[i] if isinstance(orig[i], str) else text[i])[units[n][1]:units[n][2]] for i, n in zip(rows, flat)],
    })
    order = table[S.DATE_START].isna()
    table = table.assign(_undated=order).sort_values(
        ["family", "is_source", "_undated", S.DATE_START, S.DOC_ID, S.ARTICLE_ID, S.TEXT_START],
        ascending=[True, False, True, True, True, True, True], kind="stable",
    ).drop(columns="_undated")
    return table[columns].reset_index(drop=True)


def reprint_mentions(mentions: pd.DataFrame, families: pd.DataFrame) -> pd.DataFrame:
    """The theme mentions of :func:`nqp.theme` with ``family`` (the reprint family whose unit holds the
    mention, else missing) and ``is_reprint`` (True when that unit is a copy, not the family's source).

    Counting the mentions with ``is_reprint`` False counts every family once, at its source.
    """
    m = check_mentions(mentions).copy()
    S.check_columns(families, "reprints", "families")
    fam = np.full(len(m), -1, dtype=np.int64)
    rep = np.zeros(len(m), dtype=bool)
    by_article: dict[str, list[tuple[int, int, int, bool]]] = {}
    for f, src, a, s0, e0 in zip(families["family"], families["is_source"], families[S.ARTICLE_ID],
                                 families[S.TEXT_START], families[S.TEXT_END]):
        by_article.setdefault(a, []).append((int(s0), int(e0), int(f), bool(src)))
    for j, (a, s) in enumerate(zip(m[S.ARTICLE_ID], m[S.TEXT_START])):
        for s0, e0, f, src in by_article.get(a, ()):
            if s0 <= int(s) < e0:
                fam[j], rep[j] = f, not src
                break
    m["family"] = pd.array([f if f >= 0 else None for f in fam], dtype="Int64")
    m["is_reprint"] = rep
    return m


def reprint_counts(mentions: pd.DataFrame, families: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """Theme mentions per ``by`` value counted two ways, side by side.

    Returns one row per group, sorted by ``n_mentions`` descending then the group: ``by``,
    ``n_mentions`` (every printing), ``n_once`` (each reprint family counted once, at its source),
    ``n_reprinted`` (the mentions in copies: the difference), ``n_families`` (families the group's
    mentions belong to).
    """
    m = reprint_mentions(mentions, families)
    if by not in m.columns:
        raise NqpValueError(f"by={by!r}: not a column of the mentions ({', '.join(map(str, m.columns))}).")
    key = m[by].astype(object).where(m[by].notna(), "(no " + by + ")")
    out = (
        pd.DataFrame({by: key, "reprint": m["is_reprint"], "family": m["family"]})
        .groupby(by, sort=True)
        .agg(n_mentions=("reprint", "size"), n_reprinted=("reprint", "sum"), n_families=("family", "nunique"))
        .reset_index()
    )
    out["n_once"] = out["n_mentions"] - out["n_reprinted"]
    out = out[[by, "n_mentions", "n_once", "n_reprinted", "n_families"]].astype(
        {"n_mentions": int, "n_once": int, "n_reprinted": int, "n_families": int})
    return out.sort_values(["n_mentions", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def reprint_summary(families: pd.DataFrame, *, width: int = 80) -> pd.DataFrame:
    """One row per family, its source and its least similar copy side by side (what changed shows at once).

    Columns: ``family``, ``n_members``, ``n_outlets``, ``first_date``, ``last_date``, ``source``
    (outlet, date and doc of the earliest member), ``source_passage``, ``copy`` (the least similar
    member), ``copy_passage``, ``min_similarity``; passages cut to ``width`` characters with "…".
    """
    width = check_int("width", width, min=10)
    cols = ["family", "n_members", "n_outlets", "first_date", "last_date", "source", "source_passage",
            "copy", "copy_passage", "min_similarity"]
    if families.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})

    def cut(t: str) -> str:
        t = t.replace("\n", " ")
        return t if len(t) <= width else t[: width - 1] + "…"

    def who(r) -> str:
        parts = [str(x) for x in (r[S.OUTLET], r[S.DATE]) if isinstance(x, str) and x]
        return f"{' '.join(parts)} ({r[S.DOC_ID]})" if parts else str(r[S.DOC_ID])

    rows = []
    for f, g in families.groupby("family", sort=True):
        src = g[g["is_source"]].iloc[0]
        others = g[~g["is_source"]].sort_values(["similarity", S.DOC_ID], kind="stable")
        cp = others.iloc[0]
        dates = g[S.DATE].dropna().astype(str)
        rows.append({
            "family": int(f), "n_members": int(src["n_members"]), "n_outlets": int(src["n_outlets"]),
            "first_date": dates.min() if len(dates) else None, "last_date": dates.max() if len(dates) else None,
            "source": who(src), "source_passage": cut(src["passage"]), "copy": who(cp),
            "copy_passage": cut(cp["passage"]), "min_similarity": float(others["similarity"].min()),
        })
    return pd.DataFrame(rows, columns=cols)


def reprint_copies(families: pd.DataFrame) -> pd.DataFrame:
    """Each copy of :func:`reprint_families` beside its family's source (the earliest member), the most similar
    first: one row per member that is not a source.

    Columns: ``family``, ``n_members``, ``article_id_a`` and ``text_a`` (the source and its passage),
    ``article_id_b`` and ``text_b`` (the copy), ``containment`` (the family table's ``similarity`` of the copy
    to its source, whichever measure made the families). Sorted by ``containment`` descending, then family and
    the copy's article.
    """
    cols = ["family", "n_members", "article_id_a", "article_id_b", "containment", "text_a", "text_b"]
    if families.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    S.check_columns(families, "reprints", "families")
    source = families[families["is_source"]].set_index("family")
    copy = families[~families["is_source"]]
    out = pd.DataFrame({
        "family": copy["family"].to_numpy(), "n_members": copy["n_members"].to_numpy(),
        "article_id_a": source.loc[copy["family"], S.ARTICLE_ID].to_numpy(),
        "article_id_b": copy[S.ARTICLE_ID].to_numpy(),
        "containment": copy["similarity"].round(4).to_numpy(),
        "text_a": source.loc[copy["family"], "passage"].to_numpy(), "text_b": copy["passage"].to_numpy(),
    }, columns=cols)
    return out.sort_values(["containment", "family", "article_id_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)

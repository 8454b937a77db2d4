"""Near-duplicates across documents: the same paragraph (or sentence), or nearly, in two documents."""

from __future__ import annotations

import logging
import re
import zlib
from collections import defaultdict

import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError

log = logging.getLogger(__name__)

__all__ = ["near_duplicates"]

_DROP_FOR_SHINGLES = re.compile(r"[\s,、;:。!?…“”‘’\"'()《》—·\-]+")


def _shingles(text: str, k: int) -> set[int]:
    """Deterministic hashes (crc32) of the character k-grams of ``text``, punctuation and spaces ignored."""
    t = _DROP_FOR_SHINGLES.sub("", text)
    if len(t) < k:
        return {zlib.crc32(t.encode("utf-8"))} if t else set()
    b = [t[i : i + k].encode("utf-8") for i in range(len(t) - k + 1)]
    return {zlib.crc32(x) for x in b}


def near_duplicates(
    articles: pd.DataFrame,
    *,
    unit: str = "paragraph",
    min_chars: int = 30,
    k: int = 5,
    threshold: float = 0.5,
    sample: int = 4,
    max_df: int = 50,
) -> pd.DataFrame:
    """Paragraphs (or sentences) that appear, the same or nearly, in two different documents.

    Syndicated copies and press-release passages show up this way. ``unit`` is ``"paragraph"`` (the
    lines of ``articles.text``) or ``"sentence"`` (:func:`nqp.sentence_spans`). Each unit with at least
    ``min_chars`` characters is cut into character
    ``k``-grams (punctuation and spaces ignored); every ``sample``-th hashed k-gram (by value, so the
    same ones are chosen in every copy) goes into an inverted index, and only paragraphs sharing one
    are compared — no comparison of every pair. A k-gram found in more than ``max_df`` paragraphs
    (boilerplate) is not used to find candidates. A pair is reported when the containment (shared
    k-grams over the k-grams of the shorter paragraph) is at least ``threshold``.

    Returns a DataFrame, one row per pair, sorted by ``containment`` descending then ids:
    ``doc_id_a``, ``article_id_a``, ``start_a``, ``end_a`` (span of the paragraph in the article's
    ``text``), ``doc_id_b``, ``article_id_b``, ``start_b``, ``end_b``, ``containment``, ``jaccard``,
    ``text_a``, ``text_b``; ``a`` is the pair's first document by ``doc_id``.
    """
    S.check_columns(articles, "articles", "articles", required=(S.DOC_ID, S.ARTICLE_ID, S.TEXT))
    threshold = check_number("threshold", threshold, min=0, max=1)
    if threshold == 0:
        raise NqpValueError(f"threshold={threshold!r}: must be in (0, 1].")
    k = check_int("k", k, min=2)
    sample = check_int("sample", sample, min=1)
    min_chars = check_int("min_chars", min_chars, min=k)
    max_df = check_int("max_df", max_df, min=1)
    check_choice("unit", unit, ("paragraph", "sentence"))
    from ..text import sentence_spans

    paras = []  # (doc_id, article_id, start, end, text, shingles)
    for doc_id, art_id, text in zip(articles[S.DOC_ID], articles[S.ARTICLE_ID], articles[S.TEXT]):
        if unit == "sentence":
            spans = sentence_spans(text)
        else:
            spans, pos = [], 0
            for line in text.split("\n"):
                spans.append((pos, pos + len(line)))
                pos += len(line) + 1
        for s0, e0 in spans:
            if e0 - s0 >= min_chars:
                paras.append((doc_id, art_id, s0, e0, text[s0:e0], _shingles(text[s0:e0], k)))
    index: dict[int, list[int]] = defaultdict(list)
    for pi, p in enumerate(paras):
        for h in p[5]:
            if h % sample == 0:
                index[h].append(pi)
    pairs: set[tuple[int, int]] = set()
    for plist in index.values():
        if len(plist) < 2 or len(plist) > max_df:
            continue
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                a, b = plist[x], plist[y]
                if paras[a][0] != paras[b][0]:
                    pairs.add((a, b))
    rows = []
    for a, b in pairs:
        pa, pb = paras[a], paras[b]
        if pa[0] > pb[0]:
            pa, pb = pb, pa
        inter = len(pa[5] & pb[5])
        small = min(len(pa[5]), len(pb[5])) or 1
        cont = inter / small
        if cont < threshold:
            continue
        jac = inter / (len(pa[5] | pb[5]) or 1)
        rows.append(
            [pa[0], pa[1], pa[2], pa[3], pb[0], pb[1], pb[2], pb[3], round(cont, 4), round(jac, 4), pa[4], pb[4]]
        )
    out = pd.DataFrame(rows, columns=S.NEAR_DUPLICATE_COLUMNS)
    out = out.sort_values(
        ["containment", "doc_id_a", "article_id_a", "start_a", "article_id_b", "start_b"],
        ascending=[False, True, True, True, True, True], kind="stable",
    ).reset_index(drop=True)
    log.info("near_duplicates: %d " + unit + "s compared through a k-gram index; %d cross-document pairs", len(paras), len(out))
    return out

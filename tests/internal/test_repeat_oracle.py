"""The layout-repeat pass against the algorithm it replaced (kept here as the oracle).

The pass in ``nqp/cleaning/page.py`` finds the occurrences of repeated clauses in one Aho-Corasick
pass and answers every later look-up by binary search; the oracle below is the earlier version,
which searched the whole text once per repeated clause (quadratic in the document's length).
Both run on the same pages, after the same first two passes; labels, repeats and paragraphs must
be the same.
"""

from __future__ import annotations

import copy
import dataclasses
from bisect import bisect_right
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp.cleaning import page as P
from nqp.cleaning.page import _LONG_CLAUSES, REPEAT, Page, Para, _common_run, _complete, _interrupts, _mark, _strongest

# -- the oracle: the pass as it was, verbatim apart from the names ------------------------------

def old_remove_repeats(page: Page) -> Page:
    """Find verbatim repeats among body paragraphs; label one occurrence ``repeat``.

    Every clause of at least ``_LONG_CLAUSE`` characters found twice in body text seeds a candidate:
    the two copies are extended character by character, backwards and forwards, inside their
    paragraphs, while they agree. Cost: one regex pass over the document, then work only where a
    long clause repeats (no comparison of all pairs of positions).

    Sets ``page.repeats``: ``[(kept_start, kept_end, removed_start, removed_end), ...]`` (raw offsets).
    """
    norm, label = page.norm, page.label
    long_clauses = _LONG_CLAUSES.findall(norm)
    if len(set(long_clauses)) == len(long_clauses):
        page.repeats = []
        return page
    counts: dict[str, int] = defaultdict(int)
    for c in long_clauses:
        counts[c] += 1
    body = [p for p in page.paras if p.kind == "body"]
    starts = [p.s for p in body]

    def body_para(pos: int, length: int):
        k = bisect_right(starts, pos) - 1
        if k >= 0 and pos + length <= body[k].e and not label[pos : pos + length].any():
            return body[k]
        return None

    candidates = set()
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)  # offset b - a -> spans found
    for clause in sorted(c for c, n in counts.items() if n > 1):
        occ = []
        at = norm.find(clause)
        while at >= 0:
            p = body_para(at, len(clause))
            if p is not None:
                occ.append((at, p))
            at = norm.find(clause, at + len(clause))
        for (a, pa), (b, pb) in zip(occ, occ[1:]):
            if any(s0 <= a < e0 for s0, e0 in covered[b - a]):
                continue  # inside a repeat already found
            back = _common_run(norm, a, b, -min(a - pa.s, b - pb.s))
            a_s, b_s = a - back, b - back
            fwd = _common_run(norm, a, b, min(pa.e - a, pb.e - b, b_s - a))
            a_e, b_e = a + fwd, b + fwd
            covered[b - a].append((a_s, a_e))
            if a_e <= b_s and fwd >= len(clause):
                candidates.add((b_s, b_e, a_s, a_e))
    out = []
    removed: list[tuple[int, int]] = []
    for b_s, b_e, a_s, a_e in sorted(candidates):
        length = len(norm[b_s:b_e].replace(" ", ""))
        if length < page.rules.repeat_min_chars:
            continue
        # added since (not in the old pass): a page's repeat lies in one of its articles, its copies within
        # repeat_max_distance, as the pass has it; the search it checks is unchanged
        ka, kb = (bisect_right([p.s for p in page.paras], x) - 1 for x in (a_s, b_s))
        arts = P._article_starts(page)
        if bisect_right(arts, ka) != bisect_right(arts, kb) or b_s - a_e > page.rules.repeat_max_distance:
            continue
        # which occurrence goes: the later one, unless the earlier interrupts a cut paragraph
        drop, keep = (b_s, b_e), (a_s, a_e)
        ia = bisect_right([p.s for p in page.paras], a_s) - 1
        pa = page.paras[ia]
        if a_s == pa.s and a_e == pa.e and _interrupts(page, ia):
            drop, keep = keep, drop
        if length < page.rules.repeat_min_chars_anywhere and not _old_layout_like(page, *drop):
            continue  # a formula the author repeated, not the layout
        if any(s < drop[1] and drop[0] < e for s, e in removed):
            continue
        removed.append(drop)
        out.append((keep[0], keep[1], drop[0], drop[1]))
        _old_mark_in_paras(page, drop[0], drop[1], REPEAT)
    if out:
        _old_refresh_paras(page, removed)
    out.sort(key=lambda x: x[2])
    page.repeats = out
    return page


def _old_layout_like(page: Page, s: int, e: int) -> bool:
    """The span is whole paragraphs, or runs to a paragraph's end from the middle of a sentence."""
    at_start = any(p.s == s for p in page.paras)
    at_end = any(p.e == e for p in page.paras)
    if at_start and at_end:
        return True
    if not at_end:
        return False
    k = s - 1
    while k >= 0 and page.norm[k].isspace():
        k -= 1
    return k >= 0 and page.norm[k] not in "。!?;…”’\n"


def _old_mark_in_paras(page: Page, s: int, e: int, rule: str) -> None:
    for p in page.paras:
        if p.e <= s or p.s >= e or p.kind != "body":
            continue
        _mark(page, max(s, p.s), min(e, p.e), rule)


def _old_refresh_paras(page: Page, spans: list[tuple[int, int]]) -> None:
    """Shrink (or drop) the paragraphs that ``spans`` removed text from."""
    norm, label = page.norm, page.label
    out: list[Para] = []
    carry: str | None = None
    for p in page.paras:
        if not any(a < p.e and p.s < b for a, b in spans):
            if carry is not None:
                p.signal = _strongest(p.signal, carry)
                carry = None
            out.append(p)
            continue
        kept = np.flatnonzero(label[p.s : p.e] == 0)
        if not len(kept):
            carry = _strongest(carry, p.signal)
            continue
        s, e = p.s + int(kept[0]), p.s + int(kept[-1]) + 1
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if e <= s:
            carry = _strongest(carry, p.signal)
            continue
        if e < p.e and label[e : p.e].max() == page.ids[REPEAT]:
            p.cut = True
        p.s, p.e = s, e
        p.terminated = _complete(norm, s, e)
        p.signal = _strongest(p.signal, carry)
        carry = None
        out.append(p)
    page.paras = out




# -- the comparison ------------------------------------------------------------------------------

RULES = nqp.load_clean_rules()
IDS = {n: i for i, n in enumerate([""] + RULES.rule_names()) if n}
#: shorter thresholds, so that generated pages reach every branch of the pass
LOW = dataclasses.replace(RULES, repeat_min_chars=12, repeat_min_chars_anywhere=30)


def both(raw: str, outlet: str = "", rules=RULES) -> tuple[Page, Page]:
    """The page after the repeat pass: the new one, and the oracle's."""
    page = P.classify_paragraphs(P.mark_lines(P.new_page(raw, rules, IDS, outlet)))
    twin = copy.deepcopy(page)
    return P.remove_repeats(page), old_remove_repeats(twin)


def assert_same(new: Page, old: Page) -> None:
    assert new.repeats == old.repeats
    assert np.array_equal(new.label, old.label)
    assert [vars(p) for p in new.paras] == [vars(p) for p in old.paras]


def test_the_seeds_and_their_concatenation_give_what_the_oracle_gives(corpus):
    texts = list(corpus["text"])
    for doc in corpus.itertuples(index=False):
        assert_same(*both(doc.text, doc.outlet))
    # every seed page three times over, in one file: each page's text repeats at a distance (too far to be
    # the layout's: kept), the repeats inside each page are found three times
    new, old = both("\n\n".join(texts * 3))
    assert_same(new, old)
    assert len(new.repeats) > 0


# a few real clauses of the seeds (each at least 8 characters, no clause punctuation inside)
_CLAUSES = [
    "推进产业建圈强链重在构建链主企业",
    "公共平台和中介机构集聚共生的产业生态",
    "成都市委十四届十二次全会提出",
    "以产业建圈强链为抓手推动高质量发展",
    "记者从市经信局获悉",
    "哈哈哈哈哈哈哈哈哈哈",
]
_PUNCT = [",", "。", "、", ";", ":", "!", "?", "…", " ", "“", "”"]

_piece = st.one_of(
    st.sampled_from(_CLAUSES),
    st.sampled_from(_PUNCT),
    st.text(alphabet="产业链强建圈发展哈", min_size=1, max_size=12),
)
_para = st.lists(_piece, min_size=1, max_size=20).map("".join)


@st.composite
def planted(draw):
    """A page of paragraphs (blank lines or single breaks between them), with passages copied from one
    paragraph into another: whole paragraphs, a paragraph's end, a middle, or a copy inside the same line."""
    paras = draw(st.lists(_para, min_size=1, max_size=10))
    for _ in range(draw(st.integers(0, 5))):
        src = draw(st.integers(0, len(paras) - 1))
        text = paras[src]
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        where = draw(st.sampled_from(["new", "append", "prepend", "same"]))
        piece = text[a:b]
        if where == "new":
            paras.insert(draw(st.integers(0, len(paras))), piece)
        else:
            dst = draw(st.integers(0, len(paras) - 1))
            paras[dst] = (paras[dst] + piece) if where in ("append", "same") else (piece + paras[dst])
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\n \n", "\n\n\n"]), min_size=len(paras), max_size=len(paras)))
    return "".join(p + s for p, s in zip(paras, seps))


@settings(max_examples=400, deadline=None)
@given(planted(), st.sampled_from([RULES, LOW]))
def test_planted_repeats_give_what_the_oracle_gives(raw, rules):
    assert_same(*both(raw, rules=rules))


@pytest.mark.parametrize("raw", [
    "",
    "短。",
    "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈",  # overlapping occurrences of one clause
    "推进产业建圈强链重在构建链主企业。\n\n推进产业建圈强链重在构建链主企业。\n\n推进产业建圈强链重在构建链主企业。",
])
def test_edge_pages_give_what_the_oracle_gives(raw):
    assert_same(*both(raw))


def test_spans_union_answers_as_the_list_of_spans():
    """The span index of the pass: membership and overlap as a plain scan of every span added."""
    import random

    rnd = random.Random(0)
    for _ in range(200):
        idx, spans = P._Spans(), []
        for _ in range(rnd.randint(0, 12)):
            s = rnd.randint(0, 40)
            e = s + rnd.randint(0, 8)
            idx.add(s, e)
            spans.append((s, e))
        for x in range(-2, 52):
            assert idx.contains(x) == any(s <= x < e for s, e in spans)
            for y in range(x + 1, x + 6):
                assert idx.overlaps(x, y) == any(s < y and x < e for s, e in spans if e > s)

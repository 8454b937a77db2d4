"""Theme and speaker attribution do work that grows with the text, not with the text times the names or
the mentions times the cues, and give what the regex versions they replaced gave.

The replaced pieces are kept here as the oracle, computed in the test: the cue of a known name as one regex
alternation of every known name (``_patterns(rules).names(known)``), the antecedent of a pronoun as the last
match of that alternation before it, a role's first occurrence as ``str.find``, headings by a scan of the
list, and the old resolution of demonstratives (every cue before it, for every mention). ``nqp.theme`` runs
with those on the seeds, the government work reports and long planted articles (one paragraph, one
sentence without punctuation, many mentions), and every column must be the same; the sentence too, except
that a sentence longer than ``SENTENCE_MAX_CHARS`` is quoted as a window of it (checked against the whole).
"""

from __future__ import annotations

import re
from bisect import bisect_left

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp import schema as S
from nqp.tracking import mentions as mentions_mod
from nqp.tracking import speakers as sp_mod
from nqp.tracking.speakers import _Speakers

TERMS = ["建圈强链", "高质量发展", "产业链", "科技创新", "新质生产力"]


# -- the oracle ----------------------------------------------------------------------------------------

class _RegexSpeakers(_Speakers):
    """The same rules, each replaced piece computed the way it was before."""

    def name_cues(self):
        return [(m.start(), m.end(), m.start("name"), m.end("name"))
                for m in self.px.names(self.known).finditer(self.text)]

    def antecedent(self, before):
        last = None
        for m in self._name_re.finditer(self.text, 0, before):
            last = m
        return None if last is None else last.span()

    def first_at(self, word):
        return self.text.find(word)

    def _in_heading(self, i):
        return any(s <= i < e for s, e in self.headings)

    def heading_of(self, start, end):
        for s, e in self.headings:
            if s <= start and end <= e:
                return (s, e)
            if s < end and start < e:
                return (s, e)
        return None


def old_resolve(sp, cue):
    """The resolution as it was: every cue before the demonstrative, every body named before it, per call."""
    text, rules = sp.text, sp.rules
    if cue.kind == "reference" or (cue.kind == "demonstrative" and cue.ref in sp_mod._patterns(rules).references):
        for a, b, name in reversed(sp.acting):
            if b <= cue.start:
                return a, b, None, sp_mod.body_type_of(name, rules)
        return None
    if cue.kind == "pronoun":
        m = sp.antecedent(cue.start)
        if m is None:
            return None
        name = text[m[0] : m[1]]
        role = sp.known.get(name)
        return m[0], m[1], role, old_person_type(sp, name, role)
    starts = (sp._index or sp._build_index())[0]
    for k in range(bisect_left(starts, cue.start) - 1, -1, -1):
        c = sp.cues[k]
        if c.end > cue.start:
            continue
        if c.kind == "government" and c.name.endswith(cue.ref):
            return c.name_start, c.name_end, None, sp_mod.body_type_of(c.name, rules)
        if c.kind == "person" and isinstance(c.role, str) and c.role.endswith(cue.ref):
            return c.name_start, c.name_end, c.role, old_person_type(sp, c.name, c.role)
        if c.kind == "person" and isinstance(c.role, str) and cue.ref in c.role:
            body = c.role[: c.role.rfind(cue.ref) + len(cue.ref)]
            a = text.find(body, c.start, c.end)
            if a >= 0 and len(body) > len(cue.ref):
                return a, a + len(body), None, sp_mod.body_type_of(body, rules)
        if c.kind in ("pronoun", "demonstrative") and c.name.endswith(cue.ref):
            return old_resolve(sp, c)
    for a, b, name in reversed(sp.acting):
        if b <= cue.start and name.endswith(cue.ref) and len(name) > len(cue.ref):
            return a, b, None, sp_mod.body_type_of(name, rules)
    return None


def old_person_type(sp, name, role):
    kind = sp_mod.speaker_type_of(role, sp.rules)
    if kind == "other" and name in sp_mod._patterns(sp.rules).officials:
        return "official"
    return kind


def old_theme(monkeypatch, articles, terms):
    """nqp.theme with the oracle's pieces, every sentence quoted whole."""
    with monkeypatch.context() as mp:
        mp.setattr(mentions_mod, "_Speakers", _RegexSpeakers)
        mp.setattr(sp_mod, "_resolve", old_resolve)
        mp.setattr(mentions_mod, "SENTENCE_MAX_CHARS", 10**12)
        return nqp.theme(articles, terms)


def assert_same_table(new: pd.DataFrame, old: pd.DataFrame, articles: pd.DataFrame) -> None:
    cap = mentions_mod.SENTENCE_MAX_CHARS
    assert len(new) == len(old)
    whole = (old[S.SENTENCE].str.len() <= cap).to_numpy()
    others = [c for c in old.columns if c not in (S.SENTENCE, S.SENTENCE_OFFSET)]
    pd.testing.assert_frame_equal(new[others], old[others])
    pd.testing.assert_frame_equal(new[whole].reset_index(drop=True), old[whole].reset_index(drop=True))
    assert new.attrs == old.attrs
    orig = articles.set_index(S.ARTICLE_ID)[S.TEXT_ORIG]
    for r_new, r_old in zip(new[~whole].itertuples(), old[~whole].itertuples()):
        # a window of the whole sentence, holding the match, where text_start - sentence_offset says
        ws = r_new.text_start - r_new.sentence_offset
        assert len(r_new.sentence) <= cap
        assert r_new.sentence == orig[r_new.article_id][ws : ws + len(r_new.sentence)]
        a = r_old.sentence_offset - r_new.sentence_offset
        assert a >= 0 and r_old.sentence[a : a + len(r_new.sentence)] == r_new.sentence
        assert r_new.sentence[r_new.sentence_offset :].startswith(r_new.match)


# -- planted long articles -------------------------------------------------------------------------------

def planted(shape: str, n_docs: int = 40, every: int = 15) -> pd.DataFrame:
    """nqp.clean's articles of generated reported speech made into one long article (``paragraph``: sentence
    ends kept, no line break; ``sentence``: no sentence end, line break or space either), a theme term
    planted every ``every`` characters."""
    from benchmarks.generate import generate

    texts = list(generate(n_docs, 18, speech=0.9)["text"])
    if shape == "sentence":
        texts = [re.sub(r"[。！？!?；;…\s]+", "", t) for t in texts]
    else:
        texts = [re.sub(r"\s+", "", t) for t in texts]
    text = "".join(texts)
    if every:
        text = "".join(text[i : i + every] + TERMS[(i // every) % len(TERMS)] for i in range(0, len(text), every))
    return _clean_one(text)


def _clean_one(text: str) -> pd.DataFrame:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "long.txt"
        p.write_text(text, encoding="utf-8")
        return nqp.clean(nqp.load_corpus(p)).articles


@pytest.fixture(scope="module")
def long_articles():
    return {"paragraph-dense": planted("paragraph", every=15), "sentence-dense": planted("sentence", every=15)}


def test_the_seeds_mention_table_is_the_regex_versions(monkeypatch, articles):
    for terms in (TERMS, ["供给侧结构性改革", "数字经济", "创新链"]):
        assert_same_table(nqp.theme(articles, terms), old_theme(monkeypatch, articles, terms), articles)


def test_the_work_reports_mention_table_is_the_regex_versions(monkeypatch, reference_corpus):
    articles = nqp.clean(reference_corpus).articles
    for terms in (TERMS, ["供给侧结构性改革", "数字经济", "创新链"]):
        assert_same_table(nqp.theme(articles, terms), old_theme(monkeypatch, articles, terms), articles)


@pytest.mark.parametrize("shape", ["paragraph", "sentence"])
@pytest.mark.parametrize("every", [0, 15])
def test_a_long_planted_article_is_the_regex_versions(monkeypatch, shape, every):
    articles = planted(shape, n_docs=200 if every == 0 else 40, every=every)
    assert len(articles) == 1
    new = nqp.theme(articles, TERMS)
    assert len(new) > (40 if every == 0 else 2000)
    assert_same_table(new, old_theme(monkeypatch, articles, TERMS), articles)
    assert (new[S.ATTRIBUTION] != "outlet").sum() >= 10  # speakers are found, not only the outlet
    if shape == "sentence":
        # one sentence as long as the article: quoted in windows, together about three times the text
        assert new[S.SENTENCE].str.len().max() <= mentions_mod.SENTENCE_MAX_CHARS
        quoted = {id(x): len(x) for x in new[S.SENTENCE]}
        assert sum(quoted.values()) <= 4 * len(articles[S.TEXT].iloc[0])


# -- the pieces, on generated text -------------------------------------------------------------------------

_PIECES = ["宋瑾", "邱士安", "研究人员宋瑾表示", "省政协委员邱士安说", "相关负责人说", "他建议", "她认为", "成都明确",
           "据宋瑾", "据邱士安介绍", "宋瑾华", "瑾华说", "在邱士安看来", "高质量发展", "该负责人表示", "该局指出",
           "国家统计局日前召开会议", "会议强调", "国家统计局新闻发言人付凌晖说", "“", "”", ",", ":", " ", "。", "!",
           ";", "\n", "要", "推进", "的", "宋瑾指出", "”宋瑾说", "教授汪锋指出", "他们认为", "邱士", "安说"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=80))
def test_name_cues_and_antecedents_are_the_regex_ones(pieces):
    text = "".join(pieces)
    sp = _Speakers(text)
    if not sp.known:
        return
    rx = sp.px.names(sp.known)
    assert sp.name_cues() == [(m.start(), m.end(), m.start("name"), m.end("name")) for m in rx.finditer(text)]
    names = sp._name_re
    for before in range(len(text) + 1):
        last = None
        for m in names.finditer(text, 0, before):
            last = m
        assert sp.antecedent(before) == (None if last is None else last.span()), (text, before)
    for c in sp.cues:
        if isinstance(c.role, str) and c.role:
            assert sp.first_at(c.role) == text.find(c.role)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=8), st.booleans())
def test_headings_are_found_as_by_a_scan_of_the_list(spans, disjoint):
    text = "宋瑾表示" * 20
    headings = [(s, s + n) for s, n in spans]
    if disjoint:  # as nqp.clean gives them: sorted, not overlapping
        headings, free = [], 0
        for s, n in sorted(spans):
            if s >= free:
                headings.append((s, s + n))
                free = s + n
    sp, old = _Speakers(text, headings), _RegexSpeakers(text, headings)
    assert (sp._heading_index is not None) or not disjoint
    for start in range(0, 75):
        assert sp._in_heading(start) == old._in_heading(start)
        for end in (start, start + 1, start + 5):
            assert sp.heading_of(start, end) == old.heading_of(start, end)


# -- the work done --------------------------------------------------------------------------------------

def test_no_alternation_of_the_known_names_is_used(monkeypatch, long_articles):
    """What grew with the text times the names (a regex alternation of every known name, tried at every clause
    start or position) is not used by nqp.theme on a long article with pronouns and names."""
    def refuse(*a, **k):
        raise AssertionError("an alternation of the known names was used")

    monkeypatch.setattr(sp_mod._Patterns, "names", refuse)
    monkeypatch.setattr(sp_mod._Speakers, "_name_re", property(refuse))
    m = nqp.theme(long_articles["paragraph-dense"], TERMS)
    assert (m[S.SPEAKER_CUE].str.match("他|她").fillna(False)).any()  # pronouns were resolved


def test_each_cue_is_resolved_once_however_many_mentions_it_speaks(monkeypatch):
    """A demonstrative that speaks many mentions looks back once, and only at the cues that may fit its word."""
    text = "国家统计局日前召开会议。" + "研究人员宋瑾表示,推进。" * 300 + "该局指出," + "高质量发展," * 500 + "。"
    articles = _clean_one(text)
    calls = []
    once = sp_mod._resolve_once
    monkeypatch.setattr(sp_mod, "_resolve_once", lambda sp, cue: calls.append(cue.start) or once(sp, cue))
    looked = []
    cands = sp_mod._Speakers.ref_candidates
    monkeypatch.setattr(sp_mod._Speakers, "ref_candidates", lambda self, ref: looked.append(ref) or cands(self, ref))
    m = nqp.theme(articles, ["高质量发展"])
    assert len(m) == 500 and (m[S.SPEAKER] == "国家统计局").all()
    assert len(calls) == len(set(calls)) == 1
    sp = _Speakers(articles[S.TEXT].iloc[0])
    assert len(sp.cues) > 300 and len(sp.ref_candidates("局")) < 5


def test_a_long_sentence_is_quoted_in_windows(long_articles):
    articles = long_articles["sentence-dense"]
    text = articles[S.TEXT].iloc[0]
    assert len(nqp.sentence_spans(text)) == 1 and len(text) > 20 * mentions_mod.SENTENCE_MAX_CHARS
    m = nqp.theme(articles, TERMS)
    cap, block = mentions_mod.SENTENCE_MAX_CHARS, mentions_mod.SENTENCE_BLOCK_CHARS
    n = m[S.SENTENCE].str.len()
    before = m[S.SENTENCE_OFFSET]
    after = n - before - m[S.MATCH].str.len()
    ws = m[S.TEXT_START] - before
    assert n.max() <= cap and ((n >= 2 * block) | (ws == 0) | (ws + n == len(text))).all()
    # at least a block either side where the sentence has it
    assert ((before >= block) | (ws == 0)).all() and ((after >= block) | (ws + n == len(text))).all()
    # the windows are shared: their number is about the number of blocks, not of mentions
    assert m[S.SENTENCE].map(id).nunique() <= 2 * len(text) // block + 2 < len(m)

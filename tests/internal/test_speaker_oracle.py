"""Speaker attribution against the version it replaced (kept here as the oracle).

``speaker_of`` now answers from indexes built once per article (line breaks, quotation pairs, cue
starts and ends, sentence ends, name matches); the oracle below is the earlier version, which
scanned the mention's whole line (and, for a pronoun, the whole text before it) for every mention.
Both run on the same article with the same cues, and what a cue gives (name, role, type, the cue's
span: ``_attribute``) is shared; every attribution must be the same.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp import schema as S
from nqp.text import sentence_at, sentence_spans
from nqp.tracking.speakers import _SPEECH_SENTENCE_END, OUTLET_VOICE, _attribute, _Cue, _Speakers

# -- the oracle: the earlier functions, verbatim apart from the names ---------------------------

def old_quote_around(par: str, s: int, e: int):
    """``(open, close)`` of the quotation “…” of ``par`` that contains ``[s, e)``, else None."""
    depth_open = []
    pairs = []
    for i, ch in enumerate(par):
        if ch == "“":
            depth_open.append(i)
        elif ch == "”" and depth_open:
            pairs.append((depth_open.pop(), i))
    inside = [(o, c) for o, c in pairs if o < s and e <= c]
    if not inside:
        return None
    return max(inside, key=lambda p: p[0])  # the innermost


def old_sentence_start(par: str, before: int) -> int:
    """Start of the sentence (ended by 。!? and closing quotes, not by ; or ,) holding ``before``."""
    start = 0
    for m in _SPEECH_SENTENCE_END.finditer(par, 0, before):
        if m.end() <= before:
            start = m.end()
    return start


def old_antecedent(sp: _Speakers, before: int):
    if sp._name_re is None:
        return None
    last = None
    for m in sp._name_re.finditer(sp.text, 0, before):
        last = m
    return None if last is None else last.span()


class _LinearSpeakers(_Speakers):
    """The same cues, the antecedent found by scanning the whole text before the pronoun."""

    def antecedent(self, before: int):
        return old_antecedent(self, before)


def old_speaker_of(text: str, start: int, end: int, orig: str, sp: _Speakers) -> dict:
    # what a cue gives (name, role, type, cue span) is shared with speaker_of (_attribute); the oracle
    # checks how the cue, the quotation and the sentence are found
    sp.__class__ = _LinearSpeakers
    outlet = dict(OUTLET_VOICE)

    def person(cue: _Cue, how: str) -> dict:
        return _attribute(sp, cue, how, text, orig)

    # 1. headings
    h = sp.heading_of(start, end)
    if h is not None:
        cue = sp.heading_cue.get(h)
        if cue is None:
            return dict(outlet, **{S.ATTRIBUTION: "heading"})
        return person(cue, "heading")

    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    p1 = len(text) if p1 < 0 else p1
    par = text[p0:p1]
    s, e = start - p0, end - p0
    cues = [c for c in sp.cues if p0 <= c.start and c.end <= p1]

    # 2. the quotation the mention stands in
    q = old_quote_around(par, s, e)
    if q is not None:
        qo, qc = q[0] + p0, q[1] + p0
        after = [c for c in cues if c.start == qc + 1]
        if after:
            return person(after[0], "quote")
        before = [c for c in cues if c.end <= qo and not text[c.end : qo].strip(" ,:")]
        if before:
            return person(before[-1], "quote")

    # 3. reported speech: a cue before the mention in its sentence, or one closing the sentence
    sent0 = old_sentence_start(par, s) + p0
    prior = [c for c in cues if sent0 <= c.start and c.end <= start]
    if q is not None:  # a cue inside the quotation is not the quotation's speaker
        prior = [c for c in prior if not (qo < c.start < qc)]
    if prior:
        return person(prior[-1], "reported")
    m = _SPEECH_SENTENCE_END.search(par, e)
    sent1 = (m.start() if m else len(par)) + p0
    closing = [c for c in cues if end <= c.start and c.end == sent1 and text[c.start - 1 : c.start] in ",，"]
    if closing:
        return person(closing[0], "reported")
    after = [c for c in cues if end <= c.start and c.end <= sent1]
    if after and q is None and after[0].start > p0 and text[after[0].start - 1] in ",，" and after[0].kind != "reference":
        return person(after[0], "reported")
    return outlet


def old_sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    end = start + 1 if end is None else end
    spans = sentence_spans(text)
    first = next((s for s, e in spans if s <= start < e), start)
    last = next((e for s, e in reversed(spans) if s < end <= e), end)
    return first, max(last, end)


# -- the comparison ------------------------------------------------------------------------------

_PIECES = ["宋瑾", "邱士安", "研究人员宋瑾表示", "省政协委员邱士安说", "相关负责人说", "他建议", "她认为", "成都明确",
           "市政府提出", "在邱士安看来", "产业建圈强链", "产业建圈强链行动", "“", "”", ",", ",", ":", " ", "。", "!",
           "?", ";", "\n", "\n\n", "要", "推进", "的", "发展", "宋瑾指出", "”宋瑾说", "教授汪锋指出",
           "“推进产业建圈强链”研究人员宋瑾表示", "宋瑾认为,“推进产业建圈强链", "邱士安说: “", "“产业建圈强链", "”他说。"]


@st.composite
def article_texts(draw):
    text = "".join(draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60)))
    spans = []
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # heading spans: whole lines
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        if lines:
            spans.append(draw(st.sampled_from(lines)))
    return text, sorted(set(spans))


def all_spans(text: str):
    """Every mention of the theme term, and a few other spans (also empty ones) of the text."""
    out = [(m.start(), m.end()) for m in re.finditer("产业建圈强链(?:行动)?", text)]
    rnd = random.Random(len(text))
    for _ in range(8):
        a = rnd.randint(0, len(text))
        out.append((a, rnd.randint(a, min(len(text), a + 6))))
    return out


def assert_same_attributions(text: str, headings) -> None:
    orig = text.replace("说", "說")  # another script, same length
    sp = _Speakers(text, headings)
    for s, e in all_spans(text):
        got = nqp.speaker_of(text, s, e, headings=headings, text_orig=orig, _speakers=sp)
        assert got == old_speaker_of(text, s, e, orig, _Speakers(text, headings)), (text, s, e)
        if e > s:
            assert sentence_at(text, s, e, spans=sentence_spans(text)) == old_sentence_at(text, s, e)


@settings(max_examples=400, deadline=None)
@given(article_texts())
def test_generated_articles_are_attributed_as_the_oracle_does(article):
    assert_same_attributions(*article)


@pytest.mark.parametrize("text", [
    "“宋瑾说“产业建圈强链”的事”研究人员宋瑾表示。",  # nested quotations
    "“产业建圈强链”” ,:研究人员宋瑾表示“产业建圈强链”",  # a stray close, a cue before an open
    "他建议产业建圈强链。宋瑾指出,他建议,产业建圈强链",  # a pronoun before and after the name
    "宋瑾" * 50 + "产业建圈强链,他建议产业建圈强链",  # many names before a pronoun
])
def test_hard_cases_are_attributed_as_the_oracle_does(text):
    assert_same_attributions(text, [])


def test_the_seeds_mentions_are_attributed_as_the_oracle_does(articles):
    for row in articles.to_dict("records"):
        text = row[S.TEXT]
        headings = [tuple(h) for h in (row[S.HEADINGS] if row[S.HEADINGS] is not None else [])]
        sp = _Speakers(text, headings)
        for m in re.finditer("产业建圈强链|建圈强链|产业链", text):
            got = nqp.speaker_of(text, m.start(), m.end(), headings=headings, text_orig=row[S.TEXT_ORIG], _speakers=sp)
            assert got == old_speaker_of(text, m.start(), m.end(), row[S.TEXT_ORIG], _Speakers(text, headings))

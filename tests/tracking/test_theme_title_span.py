"""Where a headline is printed in an article's text: the first place where the title's characters follow each
other with only whitespace between them. Checked against the direct regular expression on generated texts."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from nqp.tracking.mentions import _normalize, title_span

_SPACE = re.compile(r"\s+")
ALPHABET = "建圈强链新质 \n\u3000\t\u2028ab"


def _by_regex(text: str, title: str):
    chars = _SPACE.sub("", _normalize(title))
    if not chars:
        return None
    m = re.search(r"\s*".join(map(re.escape, chars)), text)
    return (m.start(), m.end()) if m else None


@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_title_span_is_the_first_match_with_whitespace_between(text, title):
    assert title_span(text, title) == _by_regex(text, title)


def test_title_span_examples():
    text = "  产业\n建圈 强链\u3000行动\n正文：产业建圈强链。"
    assert title_span(text, "产业建圈强链") == (2, 10)
    assert text[2:10] == "产业\n建圈 强链"
    assert title_span(text, "产业 建圈") == (2, 7)
    assert title_span(text, "强链行动") == (8, 13)
    assert title_span(text, "不在文中") is None
    assert title_span(text, "  ") is None and title_span(text, None) is None



def test_the_mentions_of_one_long_sentence_share_its_string(tmp_path):
    # a paragraph without sentence ends (8,500 characters): every mention's sentence is a window of it of at most
    # 1,000 characters (nqp.tracking.mentions.quoted_span), one string per window shared by its mentions, not the
    # paragraph copied once per mention (which made theme quadratic in the paragraph's length)
    import nqp

    text = "推进产业建圈强链和新质生产力发展，" * 500
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    articles = nqp.clean(nqp.load_corpus(tmp_path)).articles
    mentions = nqp.theme(articles, ["产业建圈强链"])
    assert len(mentions) == 500 == text.count("产业建圈强链")
    assert mentions["sentence"].map(id).nunique() <= 2 * (len(text) // 250 + 1)  # by first and last block
    assert mentions["sentence"].str.len().max() == 1000
    for r in mentions.itertuples():
        ws = r.text_start - r.sentence_offset
        assert r.sentence == text[ws : ws + len(r.sentence)]
        assert r.sentence_offset >= min(250, r.text_start) and len(r.sentence) - r.sentence_offset - 6 >= min(
            250, len(text) - r.text_end)
    assert (mentions["match"] == "产业建圈强链").all()

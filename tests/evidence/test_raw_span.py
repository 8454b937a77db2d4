"""The offset contract of the articles table: nqp.raw_span maps article text back to the raw text."""

from __future__ import annotations

import pytest
from seed_ids import D001, D003

import nqp
from nqp import schema as S
from nqp.evidence import raw_span


def test_raw_span_quotes_the_original(corpus, articles):
    raw = dict(zip(corpus[S.DOC_ID], corpus[S.TEXT]))
    row = articles[articles[S.DOC_ID] == D003].iloc[0]
    i = row[S.TEXT].index("建圈强链")
    rs, re_ = raw_span(row, i, i + 4)
    assert raw[D003][rs:re_] == "建圈強鏈"
    assert nqp.raw_span is raw_span
    assert not hasattr(nqp.clean, "raw_span")  # no attributes patched onto the function any more

def test_headings_map_back_to_raw(corpus, articles):
    raw = dict(zip(corpus[S.DOC_ID], corpus[S.TEXT]))
    n = 0
    for row in articles.itertuples():
        for s, e in row.headings:
            rs, re_ = raw_span(row, s, e)
            assert raw[row.doc_id][rs:re_] == row.text_orig[s:e]
            n += 1
    assert n > 40

def test_raw_span_across_a_join_covers_the_break(corpus, articles):
    row = articles[(articles[S.DOC_ID] == D001) & articles[S.TEXT].str.contains("安委会要督促")].iloc[0]
    i = row[S.TEXT].index("安委会要督促")
    rs, re_ = raw_span(row, i, i + 6)
    assert corpus.set_index(S.DOC_ID).loc[D001, S.TEXT][rs:re_] == "安委会要督\n\n促"

def test_raw_span_rejects_bad_offsets(articles):
    with pytest.raises(nqp.NqpError, match="start=5, end=2"):
        raw_span(articles.iloc[0], 5, 2)


def test_raw_spans_maps_each_span_by_the_segments(articles):
    """Many spans of one article at once: each one the raw position of its first character to just
    after the raw position of its last, read off the segments directly (an empty span: one position)."""
    from nqp.evidence import raw_spans

    for row in articles.head(12).to_dict("records"):
        n = len(row["text"])
        raw_of = {}  # text position -> raw position, from the segments
        for t0, r0, ln in row["raw_segments"]:
            for k in range(int(ln)):
                raw_of[int(t0) + k] = int(r0) + k
        spans = [(i, min(n, i + w)) for i in range(0, n, 97) for w in (0, 1, 5)]
        got = raw_spans(row, spans)
        assert len(got) == len(spans)
        for (s, e), (rs, re_) in zip(spans, got):
            if e > s:
                assert (rs, re_) == (raw_of[s], raw_of[e - 1] + 1)
            else:
                assert rs == re_ == raw_of[s]
        assert got == [raw_span(row, s, e) for s, e in spans]
    with pytest.raises(nqp.NqpValueError, match="start=5, end=2"):
        raw_spans(articles.iloc[0], [(0, 1), (5, 2)])

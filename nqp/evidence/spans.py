"""The offset contract of the articles table: a span of an article's ``text`` back to the raw text.

``articles.raw_segments`` lists ``(text_start, raw_start, length)``: text ``[t, t+length)`` is raw
``[r, r+length)`` of ``corpus.text``. :func:`raw_span` reads it; every quotation of the raw
document goes through it.
"""

from __future__ import annotations

import logging
from bisect import bisect_right

from .. import schema as S
from ..errors import NqpValueError

log = logging.getLogger(__name__)

__all__ = ["raw_span", "raw_spans"]


def raw_span(article_row, start: int, end: int) -> tuple[int, int]:
    """Map the span ``[start, end)`` of an article's ``text`` to ``(raw_start, raw_end)`` in ``corpus.text``.

    ``article_row`` is a row of the articles table (a Series, a dict, or a namedtuple from
    ``itertuples``). The raw span runs from the raw position of ``text[start]`` to just after the raw
    position of ``text[end - 1]``, so it also covers whatever was removed in between (a joined page
    break, for example). ``raw_text[raw_start:raw_end]`` is the passage to quote in the original.
    Many spans of one article: :func:`raw_spans` (the segments are read once).
    """
    return raw_spans(article_row, [(start, end)])[0]


def raw_spans(article_row, spans) -> list[tuple[int, int]]:
    """:func:`raw_span` of each ``(start, end)`` of ``spans`` (one article), in their order.

    The article's segments are read once, and each span is a binary search: the cost is linear in
    the number of spans (theme uses it for every mention of an article).
    """
    get = article_row.get if hasattr(article_row, "get") else lambda k, d=None: getattr(article_row, k, d)
    segs = get(S.RAW_SEGMENTS)
    text = get(S.TEXT)
    if segs is None or text is None:
        raise NqpValueError("article_row: needs the `raw_segments` and `text` columns of nqp.clean's articles table.")
    n = len(text)
    spans = [(int(start), int(end)) for start, end in spans]
    for start, end in spans:
        if not (0 <= start <= end <= n):
            raise NqpValueError(f"raw_span: start={start}, end={end} must satisfy 0 <= start <= end <= len(text) = {n}.")
    segs = [tuple(int(x) for x in s) for s in segs]
    if not segs:
        s0 = int(get(S.START))
        return [(s0, s0)] * len(spans)
    text_starts = [s[0] for s in segs]

    def raw_at(i: int) -> int:
        k = bisect_right(text_starts, i) - 1
        t0, r0, _ = segs[k]
        return r0 + (i - t0)

    out = []
    for start, end in spans:
        if start == end:
            if start == n:
                t0, r0, ln = segs[-1]
                out.append((r0 + ln, r0 + ln))
            else:
                r = raw_at(start)
                out.append((r, r))
        else:
            out.append((raw_at(start), raw_at(end - 1) + 1))
    return out

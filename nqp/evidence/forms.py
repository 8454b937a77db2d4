"""Terms as the corpus prints them: the analysis layer is simplified, a reader of Taiwan's or Hong Kong's
papers reads 質 and 產, not 质 and 产.

Matching and counting happen on ``text`` (simplified); ``text_orig`` is the same article in its original
script and of the same length, so a term found at ``text[s:e]`` is printed as ``text_orig[s:e]``.
:func:`printed_forms` names each term by the form printed most often.
"""

from __future__ import annotations

import logging
from collections import Counter

import pandas as pd

from .. import schema as S
from ..text import term_pattern
from .layers import articles_checked

log = logging.getLogger(__name__)

__all__ = ["printed_forms"]

#: passes over the texts: a term found only inside a longer one of the list (产业 in 产业链) is looked for alone
#: in the next pass
_PASSES = 3


def printed_forms(terms, articles: pd.DataFrame) -> dict[str, str]:
    """Each of ``terms`` (analysis-layer forms: simplified, as keywords, topics and companions name them) as
    the ``articles`` of :func:`nqp.clean` print it most often: ``{term: form}``.

    A term is counted where it occurs in ``text`` outside the longer terms of the list (as its tokens are: 产业
    beside 产业链), or, when it never does, inside them; its printed form is read from ``text_orig`` at the same
    offsets, and the most frequent printed form wins, a tie going to the term itself, then to the form first in
    code-point order. A term the articles never print, and every term when no article's ``text_orig``
    differs from its ``text`` (a corpus in simplified script: nothing is scanned), is itself. An article whose
    ``text_orig`` is not as long as its ``text`` is read on ``text``.
    """
    arts = articles_checked(articles)
    wanted = list(dict.fromkeys(str(t) for t in ([terms] if isinstance(terms, str) else terms) if str(t)))
    out = {t: t for t in wanted}
    if not wanted or S.TEXT_ORIG not in arts.columns:
        return out
    texts = arts[S.TEXT].fillna("").astype(str).tolist()
    origs = [o if isinstance(o, str) and len(o) == len(t) else t for t, o in zip(texts, arts[S.TEXT_ORIG])]
    if all(o == t for t, o in zip(texts, origs)):
        return out
    counts: dict[str, Counter] = {t: Counter() for t in wanted}
    left = set(wanted)
    for _ in range(_PASSES):
        pattern = term_pattern(left)
        if pattern is None:
            break
        for text, orig in zip(texts, origs):
            for m in pattern.finditer(text):
                counts[m.group()][orig[m.start():m.end()]] += 1
        left = {t for t in left if not counts[t]}
    for t, c in counts.items():
        if c:
            top = max(c.values())
            out[t] = min((f for f, n in c.items() if n == top), key=lambda f: (f != t, f))
    return out

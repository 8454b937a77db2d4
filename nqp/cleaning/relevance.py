"""Theme relevance of articles: how often the theme terms occur, and whether an article is on topic.

This is the one place where cleaning scores relevance (the ``theme_mentions``, ``relevance`` and
``on_topic`` columns of the articles table). It uses the terms of ``[theme.terms]`` in the rules, or
those passed as ``theme=``, matched on the analysis layer. It is kept apart from the rest of cleaning
because deciding what is on topic belongs to the theme stage; :func:`clean` only calls
:func:`theme_terms` (before it cleans, so a bad ``theme`` fails early) and :func:`theme_relevance`.
"""

from __future__ import annotations

import logging

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError
from ..text import term_pattern
from .normalize import normalize_short
from .rules import CleanRules, load_clean_rules

log = logging.getLogger(__name__)

__all__ = ["theme_relevance", "theme_terms"]


def theme_terms(theme=None, rules=None) -> list[tuple[str, float]]:
    """The theme terms and their weights, ``[(term, weight), ...]``, in the analysis layer, longest first.

    ``theme`` is a term, a list of terms (weight 1 each), a dict term -> weight, or ``None`` for
    ``[theme.terms]`` of the rules (see :func:`load_clean_rules`).
    """
    r = load_clean_rules(rules)
    if theme is None:
        terms = list(r.theme)
    elif isinstance(theme, str):
        terms = [(theme, 1.0)]
    elif isinstance(theme, dict):
        terms = [(str(k), float(v)) for k, v in theme.items()]
    else:
        try:
            terms = [(str(t), 1.0) for t in theme]
        except TypeError:
            raise NqpTypeError(f"theme={theme!r}: pass a list of terms, a dict term -> weight, or None for the default.") from None
    terms = [(t.strip(), w) for t, w in terms if str(t).strip()]
    if not terms:
        raise NqpValueError(f"theme={theme!r}: no terms. Pass at least one term, e.g. theme=['新质生产力', '建圈强链'].")
    # terms are matched on the analysis layer, so normalize them the same way
    return sorted({(normalize_short(t, r), w) for t, w in terms}, key=lambda tw: (-len(tw[0]), tw[0]))


def theme_relevance(texts, terms: list[tuple[str, float]], rules: CleanRules | None = None) -> dict[str, list]:
    """Score each text (analysis layer) against the theme ``terms`` of :func:`theme_terms`.

    Returns the three columns of the articles table, as lists in the order of ``texts``:
    ``theme_mentions`` (matches, longest term first, not overlapping), ``relevance`` (weighted matches
    per 1,000 characters, 4 decimals) and ``on_topic`` (weighted matches >= the rules'
    ``on_topic_min_weight``).
    """
    min_weight = load_clean_rules(rules).on_topic_min_weight
    weights = dict(terms)
    pattern = term_pattern([t for t, _ in terms])
    mentions, relevance, on_topic = [], [], []
    for text in texts:
        n, weight = 0, 0.0
        if pattern is not None:
            for m in pattern.finditer(text):
                n += 1
                weight += weights[m.group(0)]
        mentions.append(n)
        relevance.append(round(1000.0 * weight / max(len(text), 1), 4))
        on_topic.append(bool(weight >= min_weight))
    return {S.THEME_MENTIONS: mentions, S.RELEVANCE: relevance, S.ON_TOPIC: on_topic}

"""Temporary: the names other modules imported from ``nqp.clean`` before the cleaning stage became the
``nqp.cleaning`` package. Import them from ``nqp`` (or ``nqp.cleaning``, ``nqp.evidence``); this module
goes away.
"""

from __future__ import annotations

import logging

from .cleaning import (  # noqa: F401
    Cleaned,
    CleanRules,
    RemoveRule,
    RulesError,
    SectionLabel,
    clean,
    clean_joins,
    clean_repeats,
    clean_rules_table,
    clean_summary,
    load_clean_rules,
    near_duplicates,
    normalize_text,
)
from .evidence import raw_span  # noqa: F401
from .plots.cleaning import textplot_relevance, textplot_removals  # noqa: F401

log = logging.getLogger(__name__)

__all__ = [
    "CleanRules",
    "Cleaned",
    "RemoveRule",
    "RulesError",
    "SectionLabel",
    "clean",
    "clean_joins",
    "clean_repeats",
    "clean_rules_table",
    "clean_summary",
    "load_clean_rules",
    "near_duplicates",
    "normalize_text",
    "raw_span",
    "textplot_relevance",
    "textplot_removals",
]

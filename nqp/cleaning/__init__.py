"""The cleaning stage: a corpus of raw documents becomes a table of articles, every character accounted for.

One responsibility per file:

``rules.py``
    the rules (``nqp/data/clean_rules.toml`` and the user's files): :func:`load_clean_rules`,
    :func:`clean_rules_table`, :class:`CleanRules`;
``normalize.py``
    the analysis layer: :func:`normalize_text`;
``page.py``
    the page engine: the passes that label one document's characters, in the order of ``PASSES``;
``articles.py``
    :func:`clean` and its result :class:`Cleaned`: the articles table and the removal log;
``duplicates.py``
    :func:`near_duplicates` across documents;
``audit.py``
    :func:`clean_summary`, :func:`clean_joins`, :func:`clean_repeats`.

The figures are in :mod:`nqp.plots.cleaning`; the offsets back to the raw text (:func:`nqp.raw_span`)
in :mod:`nqp.evidence`.
"""

from __future__ import annotations

from .articles import *  # noqa: F401,F403
from .articles import __all__ as _articles_all
from .audit import *  # noqa: F401,F403
from .audit import __all__ as _audit_all
from .duplicates import *  # noqa: F401,F403
from .duplicates import __all__ as _duplicates_all
from .normalize import *  # noqa: F401,F403
from .normalize import __all__ as _normalize_all
from .page import __all__ as _page_all
from .rules import *  # noqa: F401,F403
from .rules import __all__ as _rules_all

__all__ = [*_rules_all, *_normalize_all, *_page_all, *_articles_all, *_duplicates_all, *_audit_all]

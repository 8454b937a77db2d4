"""Statistics on nqp's own tokens: keywords, keyness, collocations. Each returns a long DataFrame.

Every function takes the ``tokens`` table of :func:`nqp.tokenize` (one row per article, a ``tokens``
column of ``list[str]``) or a count :class:`~nqp.Dtm` built from it, and returns a table whose
columns and row order its docstring lists (column names in :mod:`nqp.schema`). Statistics count;
the sentences that show a result in use come from the evidence layer (``nqp.keyness_exemplars``).
The files: ``keywords_stats.py`` (TF-IDF, TextRank, jieba's extractor), ``keyness_stats.py``,
``collocations_stats.py``, ``expressions_stats.py`` (multi-word expressions, λ and z, from the long
tokens table); ``_tables.py`` holds the building blocks they share (top-k per row,
the one G²).
"""

from __future__ import annotations

from .collocations_stats import *  # noqa: F401,F403
from .collocations_stats import __all__ as _collocations_all
from .keyness_stats import *  # noqa: F401,F403
from .keyness_stats import __all__ as _keyness_all
from .keywords_stats import *  # noqa: F401,F403
from .keywords_stats import __all__ as _keywords_all
from .expressions_stats import *  # noqa: F401,F403
from .expressions_stats import __all__ as _expressions_all

__all__ = [*_keywords_all, *_keyness_all, *_collocations_all, *_expressions_all]

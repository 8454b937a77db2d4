"""Tokenizing: jieba with a policy-term lexicon, stopword layers, a segmentation audit and new-term discovery.

Plain jieba breaks the very words policy texts are about (建圈强链 -> 建圈 / 强链, 新质生产力 -> 新质 /
生产力). :func:`tokenize` segments every article with a tokenizer of its own (never jieba's global
one) that knows the policy-term lexicon shipped in ``nqp/data/lexicon.csv`` plus any lexicon files
of yours, removes stopwords in named layers, and returns token lists; :func:`tokenize_long` returns
one row per token with offsets into the article text, so every token traces back to its sentence.

One responsibility per file:

- ``lexicon.py``: the lexicon and word-list files, their formats and validation; the frozen
  :class:`Lexicon` value every ``lexicon=`` argument resolves to; the removal layers.
- ``segment.py``: :class:`TokenizerConfig`, the two backends (jieba and rjieba, the same tokens),
  nqp's re-split of non-Chinese runs, part-of-speech tags.
- ``parallel.py``: the worker pool of ``n_jobs``.
- ``cache.py``: the on-disk segmentation cache of ``cache_dir``.
- ``tables.py``: :func:`tokenize`, :func:`tokenize_long`, :func:`tokenize_text`, :func:`tokenize_texts`.
- ``audit.py``: :func:`tokenize_removed` (``tokens_removed`` deprecated), :func:`lexicon_audit`, :func:`lexicon_audit_detail`.
- ``discover.py``: :func:`terms_discover`.
"""

from __future__ import annotations

from . import audit, cache, discover, lexicon, parallel, segment, tables
from .audit import *  # noqa: F401,F403
from .cache import *  # noqa: F401,F403
from .discover import *  # noqa: F401,F403
from .lexicon import *  # noqa: F401,F403
from .parallel import *  # noqa: F401,F403
from .segment import *  # noqa: F401,F403
from .tables import *  # noqa: F401,F403

__all__ = [
    *lexicon.__all__,
    *segment.__all__,
    *parallel.__all__,
    *cache.__all__,
    *tables.__all__,
    *audit.__all__,
    *discover.__all__,
]

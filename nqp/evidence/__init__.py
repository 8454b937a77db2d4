"""The way back from any result to its text: one layer for every quotation.

Statistics and models count; this layer quotes. Every function takes a result (a term, keyness rows,
topics, offsets) and the articles of :func:`nqp.clean`, and returns the sentences, contexts and raw
offsets behind it, in the original script.
"""

from __future__ import annotations

from .keyness_evidence import *  # noqa: F401,F403
from .keyness_evidence import __all__ as _keyness_all

__all__: list[str] = [*_keyness_all]

"""Codebooks: coding text against a category scheme, with every hit traceable and validated.

- :mod:`.dictionary`: the :class:`Dictionary` value (YAML, CSV, LIWC files; nested categories; words,
  phrases, globs; either script) and nqp's policy-instrument codebook (:func:`policy_instruments`);
- :mod:`.coding`: every hit (:func:`category_hits`), counts per group (:func:`categories`) and the
  forms behind each category (:func:`category_forms`);
- :mod:`.validation`: a seeded sample for a reader to mark (:func:`validation_sample`) and the
  precision per category with a Wilson interval (:func:`validation_read`).

Figures are in :mod:`nqp.plots.codebook`.
"""

from __future__ import annotations

from .dictionary import *  # noqa: F401,F403
from .dictionary import __all__ as _dictionary_all
from .coding import *  # noqa: F401,F403
from .coding import __all__ as _coding_all
from .validation import *  # noqa: F401,F403
from .validation import __all__ as _validation_all

__all__ = [*_dictionary_all, *_coding_all, *_validation_all]

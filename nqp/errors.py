"""Exceptions raised at nqp's public boundary.

Every message names the file or argument at fault, the bad value and the remedy. A wrong value is
also a ``ValueError`` and a wrong type also a ``TypeError``, so ``except ValueError`` catches nqp's
argument errors as it catches scikit-learn's.
"""

from __future__ import annotations


class NqpError(Exception):
    """Base class for every error nqp raises on purpose."""


class NqpValueError(NqpError, ValueError):
    """An argument has the right type but a value nqp cannot use."""


class NqpTypeError(NqpError, TypeError):
    """An argument has a type nqp cannot use."""


class CorpusError(NqpError, ValueError):
    """A corpus path, file or metadata table cannot be loaded as given."""


class FontError(NqpError, RuntimeError):
    """No font with CJK glyphs is available for figures."""


class ReportError(NqpError, RuntimeError):
    """A notebook of the report failed to execute."""

"""Exceptions raised at nqp's public boundary.

Every message names the file or argument at fault, the bad value and the remedy.
"""

from __future__ import annotations


class NqpError(Exception):
    """Base class for every error nqp raises on purpose."""


class CorpusError(NqpError, ValueError):
    """A corpus path, file or metadata table cannot be loaded as given."""


class FontError(NqpError, RuntimeError):
    """No font with CJK glyphs is available for figures."""


class ReportError(NqpError, RuntimeError):
    """A notebook of the report failed to execute."""

"""Every figure of nqp, in one place: ``textplot_*`` functions, one file per stage.

Each function returns ``(fig, ax)`` (or ``(fig, axes)``), takes ``ax=`` to draw into an existing axes
where it draws one, and calls :func:`nqp.use_cjk_font` first, so a missing CJK font is a clear error
before anything is drawn. matplotlib is imported on first use, not with ``import nqp``.
"""

from __future__ import annotations

from .corpus import *  # noqa: F401,F403
from .corpus import __all__ as _corpus_all
from .keywords import *  # noqa: F401,F403
from .keywords import __all__ as _keywords_all

__all__ = [*_corpus_all, *_keywords_all]

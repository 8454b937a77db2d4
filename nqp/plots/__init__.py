"""Every figure of nqp, in one place: ``textplot_*`` functions, one file per stage.

Each function returns ``(fig, ax)`` (or ``(fig, axes)``), takes ``ax=`` to draw into an existing axes
where it draws one, and calls :func:`nqp.use_cjk_font` first, so a missing CJK font is a clear error
before anything is drawn. matplotlib is imported on first use, not with ``import nqp``.
"""

from __future__ import annotations

from .corpus import *  # noqa: F401,F403
from .corpus import __all__ as _corpus_all
from .cleaning import *  # noqa: F401,F403
from .cleaning import __all__ as _cleaning_all
from .evidence import *  # noqa: F401,F403
from .evidence import __all__ as _evidence_all
from .stats import *  # noqa: F401,F403
from .stats import __all__ as _stats_all
from .topic_models import *  # noqa: F401,F403
from .topic_models import __all__ as _topic_models_all
from .clusterings import *  # noqa: F401,F403
from .clusterings import __all__ as _clusterings_all
from .tracking import *  # noqa: F401,F403
from .tracking import __all__ as _tracking_all
from .codebook import *  # noqa: F401,F403
from .codebook import __all__ as _codebook_all
from .reprints import *  # noqa: F401,F403
from .reprints import __all__ as _reprints_all

__all__ = [*_corpus_all, *_cleaning_all, *_evidence_all, *_stats_all, *_topic_models_all, *_clusterings_all, *_tracking_all, *_codebook_all, *_reprints_all]

"""The way back from any result to its text: one layer for every quotation.

Statistics and models count; this layer quotes. Every function takes a result (a term, keyness rows,
topics, offsets) and the articles of :func:`nqp.clean`, and returns the sentences, contexts and raw
offsets behind it, in the original script.
"""

from __future__ import annotations

from .spans import *  # noqa: F401,F403
from .spans import __all__ as _spans_all
from .concordance import *  # noqa: F401,F403
from .concordance import __all__ as _concordance_all
from .sentences import *  # noqa: F401,F403
from .sentences import __all__ as _sentences_all
from .keyness_evidence import *  # noqa: F401,F403
from .keyness_evidence import __all__ as _keyness_evidence_all
from .topics_evidence import *  # noqa: F401,F403
from .topics_evidence import __all__ as _topics_evidence_all
from .forms import *  # noqa: F401,F403
from .forms import __all__ as _forms_all

__all__ = [*_spans_all, *_concordance_all, *_sentences_all, *_keyness_evidence_all, *_topics_evidence_all, *_forms_all]

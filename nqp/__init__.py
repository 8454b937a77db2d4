"""nqp: Chinese policy discourse in news text.

Plain functions over documented pandas DataFrames, one road through the stages (docs/ARCHITECTURE.md):

    load_corpus -> clean -> tokenize -> dtm -> stats / models -> tracking (theme) -> plots -> report

The public API is flat: every name below is ``nqp.<name>``. The implementation lives in one folder
or module per stage (``cleaning/``, ``tokens/``, ``matrix``, ``stats/``, ``evidence/``, ``models/``,
``tracking/``, ``plots/``, ``scale/``), each listing its public names in ``__all__``; ``nqp.__all__`` is
built from theirs, so no list is copied by hand.
"""

from __future__ import annotations

import logging

from . import cleaning as _cleaning
from . import codebook as _codebook
from . import corpus as _corpus
from . import evidence as _evidence
from . import matrix as _matrix
from . import models as _models
from . import plots as _plots
from . import scale as _scale
from . import stats as _stats
from . import tokens as _tokens
from . import tracking as _tracking
from .cleaning import *  # noqa: F401,F403
from .codebook import *  # noqa: F401,F403
from .corpus import *  # noqa: F401,F403
from .datasets import dataset_names, gov_work_reports, load_dataset, write_dataset  # noqa: F401 (in __all__ below)
from .dates import date_bins, date_bounds, date_freq, parse_date  # noqa: F401 (in __all__ below)
from .errors import CorpusError, FontError, NqpError, NqpTypeError, NqpValueError, ReportError  # noqa: F401
from .evidence import *  # noqa: F401,F403
from .fonts import find_cjk_font, use_cjk_font  # noqa: F401
from .matrix import *  # noqa: F401,F403
from .plots import *  # noqa: F401,F403
from .scale import *  # noqa: F401,F403
from .script import detect_script  # noqa: F401
from .stats import *  # noqa: F401,F403
from .text import sentence_spans, split_sentences, term_pattern  # noqa: F401
from .tokens import *  # noqa: F401,F403
from .tracking import *  # noqa: F401,F403
from . import report  # noqa: F401 (nqp.report.versions() in the notebooks)

# every model name but TopicModel, which a star import would load (and scikit-learn with it)
globals().update({_n: getattr(_models, _n) for _n in _models.__all__ if _n != "TopicModel"})

__version__ = "0.1.0"


def __getattr__(name: str):
    # TopicModel is a scikit-learn estimator class: its module imports scikit-learn (a second and tens
    # of MB), so it is loaded on first use. Worker processes that only clean and tokenize never import it.
    if name == "TopicModel":
        from .models import TopicModel

        return TopicModel
    raise AttributeError(f"module 'nqp' has no attribute {name!r}")


logging.getLogger("nqp").addHandler(logging.NullHandler())


def _public(names) -> list[str]:
    # constants (COMPANIONS, THEME_COLUMNS ...) stay in their packages: nqp.tracking.COMPANIONS
    return [n for n in names if not n.isupper()]


_STAGES = [_corpus, _cleaning, _tokens, _matrix, _stats, _evidence, _models, _tracking, _codebook, _plots, _scale]
__all__ = sorted(
    {
        *(n for m in _STAGES for n in _public(m.__all__)),
        "dataset_names", "gov_work_reports", "load_dataset", "write_dataset",
        "CorpusError", "FontError", "NqpError", "NqpTypeError", "NqpValueError", "ReportError",
        "date_bins", "date_bounds", "date_freq", "parse_date", "detect_script", "find_cjk_font", "use_cjk_font",
        "sentence_spans", "split_sentences", "term_pattern",
    }
)
del _STAGES

"""nqp: Chinese policy discourse in news text.

Plain functions over documented pandas DataFrames, one road through the stages (the map of them is docs/ARCHITECTURE.md in nqp's source repository):

    load_corpus -> clean -> tokenize -> dtm -> stats / models -> tracking (theme) -> plots -> report

The public API is flat: every name below is ``nqp.<name>``. The implementation lives in one folder
or module per stage (``cleaning/``, ``tokens/``, ``matrix``, ``stats/``, ``evidence/``, ``models/``,
``tracking/``, ``plots/``, ``scale/``), each listing its public names in ``__all__``; ``nqp.__all__`` is
built from theirs, so no list is copied by hand.
"""

from __future__ import annotations

import importlib
import logging

# the first stages of the road, imported with nqp (worker processes need nothing else); every other stage
# is imported on the first use of one of its names (module __getattr__ below), so import nqp does not
# import scipy.sparse, scipy.spatial, scikit-learn or matplotlib
from . import cleaning as _cleaning
from . import corpus as _corpus
from . import tokens as _tokens
from .cleaning import *  # noqa: F401,F403
from .corpus import *  # noqa: F401,F403
from .datasets import dataset_names, gov_work_reports, load_dataset, write_dataset  # noqa: F401 (in __all__ below)
from .dates import date_bins, date_bounds, date_freq, parse_date  # noqa: F401 (in __all__ below)
from .errors import CorpusError, FontError, NqpError, NqpTypeError, NqpValueError, ReportError  # noqa: F401
from .fonts import find_cjk_font, use_cjk_font  # noqa: F401
from .script import detect_script  # noqa: F401
from .text import sentence_spans, split_sentences, term_pattern  # noqa: F401
from .tokens import *  # noqa: F401,F403

__version__ = "0.1.0"

logging.getLogger("nqp").addHandler(logging.NullHandler())

#: the stages loaded on first use, in the order their names are looked for
_LAZY = ("matrix", "stats", "evidence", "models", "tracking", "codebook", "plots", "scale")
#: modules reached as attributes (nqp.report.versions() in the notebooks), imported on first use
_SUBMODULES = frozenset({"report", "render", "schema", "io", "progress", "fonts", "datasets", "dates", "text", "script"})
_OWN = (
    "dataset_names", "gov_work_reports", "load_dataset", "write_dataset",
    "CorpusError", "FontError", "NqpError", "NqpTypeError", "NqpValueError", "ReportError",
    "date_bins", "date_bounds", "date_freq", "parse_date", "detect_script", "find_cjk_font", "use_cjk_font",
    "sentence_spans", "split_sentences", "term_pattern",
)


def _public(names) -> list[str]:
    # constants (COMPANIONS, THEME_COLUMNS ...) stay in their packages: nqp.tracking.COMPANIONS
    return [n for n in names if not n.isupper()]


def _stage_names(module) -> list[str]:
    # TopicModel is a scikit-learn estimator class: its module imports scikit-learn, so nqp.models' star
    # names leave it out and it is loaded when first asked for (worker processes never import it)
    return [n for n in _public(module.__all__) if not (module.__name__ == "nqp.models" and n == "TopicModel")]


def _all() -> list[str]:
    stages = [_corpus, _cleaning, _tokens, *(importlib.import_module(f"{__name__}.{m}") for m in _LAZY)]
    names = {n for m in stages for n in _public(m.__all__)}
    return sorted(names | set(_OWN))


def __getattr__(name: str):
    if name == "__all__":
        value = _all()
    elif name in _SUBMODULES or name in _LAZY:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name == "TopicModel":
        from .models import TopicModel as value
    elif name.startswith("__"):
        raise AttributeError(f"module 'nqp' has no attribute {name!r}")
    else:
        for stage in _LAZY:
            module = importlib.import_module(f"{__name__}.{stage}")
            # constants (nqp.SPEAKER_TYPES ...) are reached too, as the stages' star imports reached them
            if name in module.__all__:
                value = getattr(module, name)
                break
        else:
            raise AttributeError(f"module 'nqp' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__getattr__("__all__")))

"""Models: topic models (NMF, LDA) and document clusters, fitted on a :class:`~nqp.Dtm`.

- ``topic_model.py``: :class:`TopicModel`, the scikit-learn estimator (``fit``, ``partial_fit``,
  ``transform``). It is the one file that imports scikit-learn at module level, so it is loaded on
  first use of the name (PEP 562 ``__getattr__`` below): ``import nqp`` stays free of scikit-learn.
- ``topic_fit.py``: the :class:`Topics` result, :func:`topics`, and :meth:`Topics.from_model` with
  the table builders it uses (also what a batch-by-batch fit needs).
- ``topic_scan.py``: coherence, stability, :func:`topics_scan` and its recommended k.
- ``topic_tables.py``: :func:`topics_shares` per group or date bin.
- ``topic_periods.py``: :func:`topics_over_time`, each topic's share and own words per period.
- ``clusters_fit.py``: :func:`clusters` (k-means on LSA by default) and its spaces;
- ``clusters_quality.py``: :func:`clusters_scan`, :func:`clusters_stability`, :func:`clusters_compare`,
  :func:`clusters_summary`.
- ``result_cache.py``: :func:`result_entry` and :func:`result_cached`, a user-level disk cache of results that depend only on their
  inputs (the report's reference-corpus scan).

Models count; quoting the sentences behind a topic is :func:`nqp.topics_exemplars` (``nqp.evidence``),
and the figures are in ``nqp.plots``.
"""

from __future__ import annotations

from .clusters_fit import *  # noqa: F401,F403
from .clusters_fit import __all__ as _clusters_all
from .clusters_quality import *  # noqa: F401,F403
from .clusters_quality import __all__ as _quality_all
from .result_cache import *  # noqa: F401,F403
from .result_cache import __all__ as _cache_all
from .topic_fit import *  # noqa: F401,F403
from .topic_fit import __all__ as _fit_all
from .topic_periods import *  # noqa: F401,F403
from .topic_periods import __all__ as _periods_all
from .topic_scan import *  # noqa: F401,F403
from .topic_scan import __all__ as _scan_all
from .topic_tables import *  # noqa: F401,F403
from .topic_tables import __all__ as _tables_all

#: names loaded on first use (their files import scikit-learn): name -> file
_LAZY = {"TopicModel": "topic_model"}

__all__ = [*_clusters_all, *_quality_all, *_fit_all, *_periods_all, *_scan_all, *_tables_all, *_cache_all, *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

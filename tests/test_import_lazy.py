"""import nqp loads the first stages of the road only; every other name is there on first use.

The stages after tokenizing (matrix, stats, models, tracking, plots, scale ...) import scipy, scikit-learn or
matplotlib, which cost seconds; ``import nqp`` leaves them for the first use of one of their names, while
``nqp.__all__``, ``dir(nqp)`` and ``from nqp import *`` give every public name as before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy.sparse", "scipy.stats", "scipy.spatial", "sklearn", "matplotlib", "nqp.matrix", "nqp.models")


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_nqp_loads_no_heavy_module_until_a_name_is_used():
    loaded = _run(f"import sys, nqp; print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    assert loaded == ""
    after = _run("import sys, nqp; nqp.dtm; print('nqp.matrix' in sys.modules, 'nqp.models' in sys.modules)")
    assert after == "True False"
    # the matrix and its weights need no scikit-learn: the first call pays no import of it
    weighed = _run("import sys, nqp; t = nqp.tokenize(nqp.clean(nqp.load_corpus('seeds')).articles); "
                   "nqp.tfidf(nqp.dtm(t)); print('sklearn' in sys.modules)")
    assert weighed == "False"


def test_every_public_name_is_listed_resolved_and_star_imported():
    code = (
        "import nqp, importlib\n"
        "stages = ['corpus', 'cleaning', 'tokens', 'matrix', 'stats', 'evidence', 'models', 'tracking', 'codebook',"
        " 'plots', 'scale']\n"
        "want = {n for s in stages for n in importlib.import_module('nqp.' + s).__all__ if not n.isupper()}\n"
        "assert want <= set(nqp.__all__), sorted(want - set(nqp.__all__))\n"
        "assert set(nqp.__all__) <= set(dir(nqp))\n"
        "ns = {}\n"
        "exec('from nqp import *', ns)\n"
        "assert set(nqp.__all__) <= set(ns), sorted(set(nqp.__all__) - set(ns))\n"
        "assert ns['dtm'] is nqp.matrix.dtm and ns['topics'] is nqp.models.topics and nqp.TopicModel\n"
        "print(len(nqp.__all__))\n"
    )
    assert int(_run(code)) > 100


def test_unknown_name_is_an_attribute_error():
    assert _run("import nqp\ntry:\n    nqp.no_such_name\nexcept AttributeError as e:\n    print(e)") == \
        "module 'nqp' has no attribute 'no_such_name'"


def test_the_stages_constants_are_reached_from_nqp_as_before():
    import nqp
    import nqp.tracking

    assert nqp.SPEAKER_TYPES is nqp.tracking.SPEAKER_TYPES
    assert "SPEAKER_TYPES" not in nqp.__all__  # constants stay out of the flat list of functions

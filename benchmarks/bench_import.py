"""Benchmark: what ``import nqp`` costs over ``import pandas``, and what the first ``nqp.dtm`` pays inside the call.

Every figure is a fresh interpreter (``python -c``), medians of ``--rounds`` runs alternating the sides,
with bytecode cached (a first run compiles it into a temporary folder, as an installed package has its
``.pyc`` files). Wall time of the import statements inside the child (``time.perf_counter``), so the
interpreter's own start is not counted on either side.

- ``import pandas`` against ``import pandas; import nqp`` (target, issue 16: nqp within 0.2 s of pandas);
- the first ``nqp.dtm`` on two tiny documents minus the second (what the first call pays: loading
  ``nqp.matrix`` and scipy.sparse, which ``import nqp`` leaves out; no scikit-learn), and the same after
  ``import nqp.matrix`` (what is left inside the call), and whether the first call imported scikit-learn.

``--compare DIR`` measures another checkout (DIR holds its ``nqp/``) in the same run, alternating with this one.

    python -m benchmarks.bench_import [--rounds 7] [--compare ../other-checkout]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PANDAS = "import time; t = time.perf_counter(); import pandas; print(time.perf_counter() - t)"
NQP = ("import time; t = time.perf_counter(); import pandas; a = time.perf_counter(); import nqp; "
       "print(time.perf_counter() - a)")
FIRST_DTM = (
    "import time, pandas as pd, nqp{pre}\n"
    "tok = pd.DataFrame({{'doc_id': ['a', 'b'], 'article_id': ['a-00', 'b-00'], 'tokens': [['新质', '生产力'], ['生产力']]}})\n"
    "t = time.perf_counter(); nqp.dtm(tok); first = time.perf_counter() - t\n"
    "t = time.perf_counter(); nqp.dtm(tok); print(first - (time.perf_counter() - t))\n"
)

SKLEARN = (
    "import sys, pandas as pd, nqp\n"
    "nqp.dtm(pd.DataFrame({'doc_id': ['a'], 'tokens': [['新质', '生产力']]}))\n"
    "print(float('sklearn' in sys.modules))\n"
)


def _run(code: str, root: Path, cache: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(root), PYTHONPYCACHEPREFIX=str(cache))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"child failed in {root}:\n{out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", type=Path, default=None, help="a checkout of another version (its nqp/ folder)")
    args = parser.parse_args(argv)
    sides = [("this checkout", ROOT)] + ([("--compare", args.compare.resolve())] if args.compare else [])
    probes = {
        "import pandas": PANDAS,
        "import nqp after pandas": NQP,
        "first nqp.dtm minus second": FIRST_DTM.format(pre=""),
        "the same, nqp.matrix imported first": FIRST_DTM.format(pre=", nqp.matrix"),
        "first nqp.dtm loads scikit-learn (1 yes, 0 no)": SKLEARN,
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        caches = {name: Path(tmp) / f"pyc{i}" for i, (name, _) in enumerate(sides)}
        for name, root in sides:  # compile the bytecode once
            _run(NQP, root, caches[name])
            _run(FIRST_DTM.format(pre=""), root, caches[name])
        times = {(s, p): [] for s, _ in sides for p in probes}
        for r in range(args.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            for name, root in order:
                for probe, code in probes.items():
                    times[(name, probe)].append(_run(code, root, caches[name]))
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start (other jobs share it: wall times vary); "
          f"medians of {args.rounds} fresh interpreters, bytecode cached")
    print(f"{'version':<16}{'probe':<48}{'seconds':>9}")
    for name, _ in sides:
        for probe in probes:
            print(f"{name:<16}{probe:<48}{statistics.median(times[(name, probe)]):>9.3f}")
    for name, _ in sides:
        extra = statistics.median(times[(name, "import nqp after pandas")])
        base = statistics.median(times[(name, "import pandas")])
        print(f"{name}: import nqp costs {extra:.2f} s over import pandas, {extra / base:.2f} of import pandas itself "
              f"(target <= 0.2 s: {'met' if extra <= 0.2 else 'missed'} at this load)")


if __name__ == "__main__":
    main()

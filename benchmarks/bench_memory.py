"""Benchmark: peak memory of the in-memory road, load -> clean -> tokenize -> dtm, per input character.

Each size runs in a fresh subprocess on a Parquet corpus written by ``benchmarks.generate`` (written beforehand,
in a process of its own). The child imports nqp and warms up (dictionaries, rules, OpenCC) on a few
documents, notes its resident memory, resets the peak, then runs ``nqp.load_corpus`` -> ``nqp.clean`` ->
``nqp.tokenize`` -> ``nqp.dtm`` and keeps every result alive, as a session does. Peak memory is the
child's ``VmHWM`` (Linux), reported whole and above the warmed-up process; divided by the characters
of the raw texts. Target (issue 16): at most 16 bytes of peak memory per input character at 100,000
documents (the code before it: about 54). Several sizes show whether the figure is flat with size. The peak of
loading and cleaning alone (``VmHWM`` read right after ``nqp.clean``) is printed too.

``--compare DIR`` runs the same children a second time with the nqp package of another checkout (DIR
holds its ``nqp/`` folder), alternating with this one, so the baseline is measured in the same run.

    python -m benchmarks.bench_memory                         # 5,000 and 20,000 documents
    python -m benchmarks.bench_memory --docs 5000 20000 100000 --compare ../other-checkout
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _status(key: str) -> float:
    """A field of /proc/self/status in MiB (VmHWM, VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{key} not in /proc/self/status (Linux only)")


def child(folder: str) -> dict:
    import gc

    import nqp

    warm = nqp.load_corpus(folder).head(5)
    nqp.tokenize(nqp.clean(warm).articles)
    nqp.dtm(nqp.tokenize(nqp.clean(warm).articles))  # scikit-learn imported here, before the measurement
    del warm
    gc.collect()
    idle = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident set
    t = time.perf_counter()
    corpus = nqp.load_corpus(folder)
    chars = int(corpus["text"].str.len().sum())
    cleaned = nqp.clean(corpus)
    clean_peak = _status("VmHWM")  # the peak of loading and cleaning alone
    tokens = nqp.tokenize(cleaned.articles)
    matrix = nqp.dtm(tokens)
    seconds = time.perf_counter() - t
    peak = _status("VmHWM")
    return {"docs": len(corpus), "chars": chars, "articles": len(cleaned.articles), "terms": len(matrix.vocab),
            "idle_mib": idle, "peak_mib": peak, "clean_peak_mib": clean_peak, "seconds": seconds}


def run(folder: Path, package_root: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    # this file loaded by its path, so that the nqp imported is the one of package_root (the working folder,
    # first on the path), not this checkout's
    cmd = [sys.executable, "-c", "import importlib.util, json; "
           f"spec = importlib.util.spec_from_file_location('bench_memory_here', {str(Path(__file__).resolve())!r}); "
           "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
           f"r = m.child({str(folder)!r}); import nqp; r['nqp'] = nqp.__file__; print(json.dumps(r))"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=package_root, timeout=7200)
    if out.returncode != 0:
        raise SystemExit(f"the child for {folder} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_corpus(n: int, where: Path) -> Path:
    folder = where / f"gen-{n}.parquet"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from benchmarks.generate import generate, write; "
            "write(generate(int(sys.argv[2]), seed=0), sys.argv[3])")
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(n), str(folder)], check=True, timeout=3600)
    return folder


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--compare", type=Path, default=None, help="a checkout of another version (its nqp/ folder)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start (other jobs share the machine: "
          "memory figures do not depend on it, seconds do)")
    sides = [("this checkout", ROOT)] + ([("--compare", args.compare.resolve())] if args.compare else [])
    print(f"{'version':<16}{'docs':>9}{'characters':>13}{'idle MiB':>10}{'peak MiB':>10}{'B/char':>8}"
          f"{'B/char above idle':>19}{'load+clean peak MiB':>21}{'seconds':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            folder = write_corpus(n, Path(tmp))
            for name, root in sides:
                r = run(folder, root)
                if not Path(r["nqp"]).resolve().is_relative_to(root):
                    raise SystemExit(f"the child for {name} imported {r['nqp']}, not the nqp of {root}")
                per = r["peak_mib"] * 2**20 / r["chars"]
                above = (r["peak_mib"] - r["idle_mib"]) * 2**20 / r["chars"]
                print(f"{name:<16}{r['docs']:>9,}{r['chars']:>13,}{r['idle_mib']:>10,.0f}{r['peak_mib']:>10,.0f}"
                      f"{per:>8.1f}{above:>19.1f}{r.get('clean_peak_mib', float('nan')):>21,.0f}{r['seconds']:>9.1f}", flush=True)
    print("target: <= 16 bytes of peak memory per input character (the whole process) at 100,000 documents")


if __name__ == "__main__":
    main()

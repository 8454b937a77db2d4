"""Run the whole benchmark suite and write ``benchmarks/results/results.csv`` and ``results.md``.

    python -m benchmarks                 # 1,000 and 10,000 documents, then the stage benchmarks
    python -m benchmarks --full          # adds 100,000 documents
    python -m benchmarks --out-of-core   # adds the ~1 GB out-of-core run
    python -m benchmarks --skip-others   # only the scale suite

The scale suite (:mod:`benchmarks.bench_scale`) measures every stage in its own subprocess; then the
stage benchmarks written with each stage (``bench_clean``, ``bench_tokenize``, ``bench_keywords``,
``bench_topics``, ``bench_codebook``, ``bench_linear``, ``bench_memory``, ``bench_import``, whichever exist) run as they are, their output captured into
``benchmarks/results/<name>.txt``. Targets are printed with pass/miss marks, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"  # default of --out
OTHERS = ("bench_clean", "bench_tokenize", "bench_keywords", "bench_topics", "bench_topics_k", "bench_clusters",
          "bench_codebook", "bench_linear", "bench_memory", "bench_import", "bench_speakers", "bench_pages")
COLUMNS = ["name", "docs", "n_jobs", "seconds", "docs_per_s", "chars_per_s", "peak_mb", "tree_peak_mb", "baseline",
           "baseline_seconds", "ratio", "target", "mark", "command"]


def machine() -> dict:
    """CPU model, cores, memory, OS, Python and library versions."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.1f} GB"
    except ImportError:  # pragma: no cover
        memory = "unknown"
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for name in ("nqp", "pandas", "numpy", "scipy", "scikit-learn", "jieba", "rjieba", "dask", "distributed", "pyarrow",
                 "opencc"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"cpu": cpu or "unknown", "cores": os.cpu_count(), "memory": memory,
            "os": f"{platform.system()} {platform.release()}", **versions}


def write_results(rows: list[dict], info: dict, others: list[tuple[str, str, float]], command: str,
                  out: Path = RESULTS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    lines = [
        f"# nqp benchmark results ({dt.datetime.now():%Y-%m-%d %H:%M})",
        "",
        f"Command: `{command}`",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()),
        "",
        "| stage | docs | n_jobs | seconds | docs/s | chars/s | peak MB | tree peak MB | baseline | baseline s | ratio | target | mark |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        def f(v, fmt):
            return "" if v is None or v == "" else format(v, fmt)

        lines.append(
            f"| {r['name']} | {r['docs']:,} | {r['n_jobs']} | {f(r['seconds'], '.2f')} | {f(r['docs_per_s'], ',.0f')} | "
            f"{f(r['chars_per_s'], ',.0f')} | {f(r['peak_mb'], ',.0f')} | {f(r.get('tree_peak_mb'), ',.0f')} | "
            f"{r['baseline']} | {f(r.get('baseline_seconds'), '.2f')} | {f(r['ratio'], '.2f')} | {r['target']} | {r['mark']} |"
        )
    lines += ["", "Each row's command: `" + (rows[0]["command"] if rows else "") + "` (and so on, see results.csv).", ""]
    if others:
        lines += ["## Stage benchmarks", "", "| benchmark | status | seconds | output |", "|---|---|---:|---|"]
        for name, status, secs in others:
            lines.append(f"| `python -m benchmarks.{name}` | {status} | {secs:.0f} | [{name}.txt]({name}.txt) |")
        lines.append("")
    (out / "results.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    from benchmarks import bench_scale

    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--full", action="store_true", help="also 100,000 documents")
    ap.add_argument("--out-of-core", action="store_true", help="also the ~1 GB out-of-core run")
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="numbers of documents (default 1000 10000)")
    ap.add_argument("--skip-others", action="store_true", help="only the scale suite")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each stage benchmark")
    ap.add_argument("--out", type=Path, default=RESULTS, help="folder of the results (default benchmarks/results)")
    args = ap.parse_args(argv)
    out = args.out
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    info = machine()
    print("machine:", "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    scale_args = (["--sizes", *map(str, args.sizes)] if args.sizes else []) + (["--full"] if args.full else [])
    scale_args += ["--out-of-core"] if args.out_of_core else []
    rows = bench_scale.main(scale_args)
    write_results(rows, info, [], command.strip(), out)
    others = []
    if not args.skip_others:
        env = dict(os.environ, NQP_PROGRESS="0", PYTHONPATH=str(ROOT))
        for name in OTHERS:
            if not (ROOT / "benchmarks" / f"{name}.py").exists():
                continue
            print(f"running benchmarks.{name} ...", flush=True)
            t = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=ROOT, env=env, capture_output=True,
                                      text=True, timeout=args.timeout)
                status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
                text = proc.stdout + ("\n--- stderr ---\n" + proc.stderr[-5000:] if proc.stderr.strip() else "")
            except subprocess.TimeoutExpired as exc:
                status = f"timeout after {args.timeout:.0f} s"
                text = (exc.stdout or b"").decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            secs = time.perf_counter() - t
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            others.append((name, status, secs))
            print(f"  {status} in {secs:.0f} s -> {out / (name + '.txt')}", flush=True)
        write_results(rows, info, others, command.strip(), out)
    print(f"results: {out / 'results.csv'} and results.md", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: what the report costs against the work it reports.

For each size (generated corpora of 1,000, 10,000 and, with ``--full``, 50,000 clean articles from
:mod:`benchmarks.generate`, written as Parquet), two measurements in subprocesses of their own:

- **the stages' own compute**: ``load_corpus``, ``clean``, ``tokenize`` and ``tokenize_long`` (formula
  layer, as the topic page uses them), ``dtm``, ``topics_scan`` (the topic page's default scan: NMF, k
  from 2 to 10, 5 seeds, on a seeded sample of 1,000 articles beyond that many, whose table the page
  reports), ``topics`` at the scan's k and ``theme`` of the
  theme, each timed alone, one after the other in one process (what a researcher would run by hand to
  get the tables the report shows);
- **the report**: ``nqp report --corpus PATH --theme THEME`` once, the whole report as a user runs it (one
  loading and cleaning for all pages, the pages' kernels, their figures, the HTML), wall clock; the time of
  each notebook (kernel start to its page written) from the run's ``manifest.json``, and the rest (loading
  the corpus for the manifest, the index) as ``report, other``.

Printed per size: seconds per stage, seconds per notebook, their totals and the ratio report / stages
(target: at most 1.5), computed here from the two measurements, in wall clock and in CPU time (user + system
of every process, the report's kernels included: on a machine other jobs load, the figure that load changes
least); then the wall-clock ratio without the topic
page and the topic stages (``topics_scan``, ``topics``), whose cost the topic page's own sampling decides.
The machine is shared and noisy (its load average is printed at the start and end of each size): the two
are measured in the same run, back to back, and only their ratio is read.

Each page's time is also split (from the manifest, which takes it from the kernel's own record of each
cell): the kernel's start to its first cell, the cells, the HTML page, and the cells that cost most. The
report runs its pages two at a time on two cores (``--jobs``): the pages' times then overlap, and their
sum is more than the report's wall clock.

``--seeds``: ``nqp report`` on the seeds against the seven bare notebooks executed one after the other by
``jupyter nbconvert --to html --execute`` (each loads and cleans the seeds itself, no index, no manifest),
wall clock and CPU time, in the same run (issue 16's target: at most 1.5); the report with ``--jobs 1`` too.

    python -m benchmarks.bench_report                # 1,000 and 10,000 articles
    python -m benchmarks.bench_report --full         # adds 50,000
    python -m benchmarks.bench_report --sizes 500    # any sizes
    python -m benchmarks.bench_report --seeds        # the seeds against bare nbconvert
    python -m benchmarks.bench_report --jobs 1       # the report's pages one at a time
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THEME = "新质生产力"
MAX_SCAN = 1000  # page 05's max_scan


def _stages(path: str, theme: str) -> dict[str, float]:
    import nqp

    times = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t0
        return out

    docs = timed("load_corpus", lambda: nqp.load_corpus(path))
    articles = timed("clean", lambda: nqp.clean(docs, progress=False).articles)
    tokens = timed("tokenize", lambda: nqp.tokenize(articles, formula=True))
    sentences = timed("tokenize_long", lambda: nqp.tokenize_long(articles, formula=True))
    matrix = timed("dtm", lambda: nqp.dtm(tokens, min_df=2))
    # the topic page's scan: on a seeded sample of max_scan (1,000) articles beyond that many, as page 05 runs it
    ids = articles["article_id"].sample(MAX_SCAN, random_state=0) if len(articles) > MAX_SCAN else None
    scan = timed("topics_scan", lambda: nqp.topics_scan(
        matrix if ids is None else nqp.dtm(tokens[tokens["article_id"].isin(ids)], min_df=2),
        sentences if ids is None else sentences[sentences["article_id"].isin(ids)],
        method="nmf", n_seeds=5, random_state=0))
    timed("topics", lambda: nqp.topics(matrix, scan.recommended_k, "nmf", random_state=0))
    timed("theme", lambda: nqp.theme(articles, [theme]))
    return times


def _children_cpu() -> float:
    """User + system seconds of every finished child process of this one (and theirs: the report's kernels)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load(avg) -> str:
    return " ".join(f"{x:.1f}" for x in avg)


def _timed(cmd, cwd=ROOT, **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the process and all its children, the completed process)."""
    t0, cpu0 = time.perf_counter(), _children_cpu()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, _children_cpu() - cpu0, run


def _failed(run) -> str:
    lines = (run.stderr or run.stdout or "").strip().splitlines()
    return lines[-1] if lines else f"exit status {run.returncode}"


def _breakdown(out_dir: Path, top: int = 3) -> None:
    """Each page's time in parts (manifest.json) and its costliest cells (the executed notebooks)."""
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    print(f"pages run {manifest.get('jobs', 1)} at a time\n")
    print("| notebook | page s | kernel start | cells | HTML | other | costliest cells (s: first line) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    sums = dict.fromkeys(("seconds", "kernel_seconds", "cells_seconds", "render_seconds"), 0.0)
    for name, entry in manifest["notebooks"].items():
        nb = json.loads((out_dir / name).read_text(encoding="utf-8"))
        cells = []
        for i, seconds in (entry.get("cell_seconds") or {}).items():
            source = "".join(nb["cells"][int(i)]["source"]).splitlines()
            lines = [x.strip() for x in source if x.strip() and not x.lstrip().startswith("#")]
            cells.append((seconds, lines[0][:60] if lines else ""))
        cells.sort(reverse=True)
        for k in sums:
            sums[k] += entry.get(k, 0.0)
        other = entry["seconds"] - sum(entry.get(k, 0.0) for k in ("kernel_seconds", "cells_seconds", "render_seconds"))
        costly = "; ".join(f"{sec:.1f}: `{line.replace('|', '/')}`" for sec, line in cells[:top])
        print(f"| {name.split('-')[0]} | {entry['seconds']:.1f} | {entry.get('kernel_seconds', 0):.1f} | "
              f"{entry.get('cells_seconds', 0):.1f} | {entry.get('render_seconds', 0):.1f} | {other:.1f} | {costly} |")
    other = sums["seconds"] - sums["kernel_seconds"] - sums["cells_seconds"] - sums["render_seconds"]
    print(f"| **sum** | **{sums['seconds']:.1f}** | {sums['kernel_seconds']:.1f} | {sums['cells_seconds']:.1f} | "
          f"{sums['render_seconds']:.1f} | {other:.1f} | |\n")
    print("(kernel start: launching the kernel to its first cell; the imports of nqp, pandas, matplotlib are in "
          "the first cells; other: between cells, the kernel's shutdown)\n")


def _seeds(jobs: int | None) -> int:
    """``nqp report`` on the seeds against the bare notebooks through ``jupyter nbconvert --execute``."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"\n## The seeds: nqp report against {len(notebooks)} bare notebooks through nbconvert\n")
        print(f"(2 cores shared with other jobs; load average {_load(os.getloadavg())} at the start)\n")
        rows = []
        bare_wall = bare_cpu = 0.0
        for nb in notebooks:
            wall, cpu, run = _timed([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
                                     str(nb), "--output-dir", str(Path(tmp) / "bare")])
            if run.returncode:
                print(f"nbconvert failed on {nb.name}: {_failed(run)}")
                return 1
            bare_wall, bare_cpu = bare_wall + wall, bare_cpu + cpu
            rows.append((nb.stem, wall, cpu))
        report = {}
        for label, extra in (("nqp report", [] if jobs is None else ["--jobs", str(jobs)]),
                             ("nqp report --jobs 1", ["--jobs", "1"])):
            if label != "nqp report" and jobs == 1:
                continue
            out_dir = Path(tmp) / label.replace(" ", "_")
            wall, cpu, run = _timed([sys.executable, "-m", "nqp", "report", "--corpus", "seeds", "--out", str(out_dir),
                                     *extra])
            if run.returncode:
                print(f"the report failed on the seeds: {_failed(run)}")
                return 1
            report[label] = (wall, cpu, out_dir)
        print("| run | wall s | CPU s |\n|---|---:|---:|")
        for stem, wall, cpu in rows:
            print(f"| nbconvert {stem} | {wall:.1f} | {cpu:.1f} |")
        print(f"| **bare notebooks, total** | **{bare_wall:.1f}** | **{bare_cpu:.1f}** |")
        for label, (wall, cpu, _) in report.items():
            print(f"| **{label}** | **{wall:.1f}** | **{cpu:.1f}** |")
        print()
        for label, (wall, cpu, _) in report.items():
            print(f"{label} / bare notebooks: wall clock **{wall / bare_wall:.2f}**, CPU time (user + system, every "
                  f"process) **{cpu / bare_cpu:.2f}** (target: at most 1.5)")
        print(f"\nload average at the end: {_load(os.getloadavg())}\n")
        _breakdown(report["nqp report"][2])
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--full", action="store_true", help="add 50,000 articles")
    parser.add_argument("--theme", default=THEME)
    parser.add_argument("--seeds", action="store_true", help="the seeds against the bare notebooks through nbconvert")
    parser.add_argument("--jobs", type=int, default=None, help="nqp report --jobs (default: the report's own)")
    parser.add_argument("--keep", default=None, metavar="DIR", help="copy each report (executed notebooks, pages, "
                        "manifest) into DIR/N")
    args = parser.parse_args(argv)
    if args.seeds:
        code = _seeds(args.jobs)
        if not args.sizes:
            return code
    sizes = args.sizes or ([1_000, 10_000, 50_000] if args.full else [1_000, 10_000])
    from benchmarks.generate import generate, write

    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = write(generate(n, seed=0), Path(tmp) / f"gen{n}.parquet")
            cpu0 = _children_cpu()
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_report", "--_stages", str(path), args.theme],
                cwd=ROOT, capture_output=True, text=True, check=True,
                env={**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")},  # as the report's kernels
            ).stdout
            s_cpu = _children_cpu() - cpu0
            stages = json.loads(out.strip().splitlines()[-1])
            load_before = os.getloadavg()
            out_dir = Path(tmp) / "report"
            r_total, r_cpu, run = _timed(
                [sys.executable, "-m", "nqp", "report", "--corpus", str(path), "--theme", args.theme,
                 "--out", str(out_dir), *([] if args.jobs is None else ["--jobs", str(args.jobs)])])
            if run.returncode:
                print(f"the report failed on {n:,} articles: {_failed(run)}")
                continue
            manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
            pages = {name.split("-")[0]: entry["seconds"] for name, entry in manifest["notebooks"].items()}
            s_total = sum(stages.values())
            print(f"\n## {n:,} generated articles\n")
            print(f"(2 cores shared with other jobs; load average {_load(load_before)} before the report, "
                  f"{_load(os.getloadavg())} after)\n")
            print("| stage | seconds |\n|---|---:|")
            for k, v in stages.items():
                print(f"| {k} | {v:.1f} |")
            print(f"| **stages, total** | **{s_total:.1f}** |\n")
            _breakdown(out_dir)
            if args.keep:
                shutil.copytree(out_dir, Path(args.keep) / str(n), dirs_exist_ok=True)
            print(f"report, wall clock: **{r_total:.1f}** s (the pages' times summed: {sum(pages.values()):.1f} s)\n")
            print(f"report / stages, wall clock: **{r_total / s_total:.2f}** (target: at most 1.5)")
            print(f"report / stages, CPU time (user + system, every process: {r_cpu:.1f} s / {s_cpu:.1f} s; the "
                  f"stages' process includes its own start and imports): **{r_cpu / s_cpu:.2f}**")
            if manifest.get("jobs", 1) == 1:
                topic_stages = stages.get("topics_scan", 0) + stages.get("topics", 0)
                rest = r_total - pages.get("05", 0)
                print(f"without the topic page and the topic stages: {rest:.1f} s / {s_total - topic_stages:.1f} s = "
                      f"**{rest / max(s_total - topic_stages, 1e-9):.2f}**")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--_stages":
        print(json.dumps(_stages(sys.argv[2], sys.argv[3])))
    else:
        sys.exit(main())

"""Benchmark: throughput, peak memory and ratios to the plain libraries for every stage, and the Dask path.

Each measurement runs in a fresh subprocess (``python -m benchmarks.bench_scale --child ...``) that
prepares its input, warms up (tokenizer dictionaries, OpenCC, rules), times the stage once and
reports its own peak resident memory (``VmHWM``; see :func:`peak_mb`) and, for the stages that start
worker processes (tokenize, Dask, out of core), the sampled sum over the whole process tree. Inputs come from ``benchmarks.generate`` (deterministic), kept under
``build/bench/``.

Stages and baselines (the plain library underneath, run in the same process on the same input):

- ``load``: ``nqp.load_corpus`` on a folder of ``.txt`` files vs reading the files (``Path.read_text``);
Short measurements (under 20 s) are the best of three alternating rounds (:func:`paired`).

- ``clean``: ``nqp.clean`` vs plain ``jieba`` tokenizing of the same raw text (target: cleaning >= 10x
  faster than tokenizing);
- ``tokenize``: ``nqp.tokenize`` (backend ``jieba`` and ``rjieba``, ``n_jobs`` 1 and 2) vs a plain
  ``jieba.Tokenizer().lcut`` loop (targets: jieba backend >= 0.9x per process, >= 1.7x with 2);
- ``dtm+tfidf``: ``nqp.dtm`` + ``nqp.tfidf`` vs ``TfidfVectorizer(analyzer=identity)`` (target: overhead <= 10%);
- ``topics``: ``nqp.topics(k=10)`` vs bare ``sklearn.decomposition.NMF`` on the same TF-IDF weights;
- ``dask``: ``nqp.pipeline`` (clean + tokenize per partition, 2 worker processes, Parquet in and out)
  vs in-memory ``nqp.clean`` + ``nqp.tokenize(n_jobs=2)`` (target: within 1.3x);
- ``out-of-core`` (``--out-of-core``): a ~1 GB corpus through corpus_to_parquet -> pipeline ->
  dtm_parquet -> topics_partial_fit, peak memory of the process tree (target < 2 GB).

    python -m benchmarks.bench_scale                 # 1,000 and 10,000 documents
    python -m benchmarks.bench_scale --sizes 1000    # quick
    python -m benchmarks.bench_scale --full          # adds 100,000
    python -m benchmarks.bench_scale --out-of-core   # adds the ~1 GB run
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: generated corpora and scratch folders (NQP_BENCH_DIR moves them, e.g. for the tests)
BUILD = Path(os.environ.get("NQP_BENCH_DIR") or ROOT / "build" / "bench")
DEFAULT_SIZES = (1000, 10000)
FULL_SIZES = (1000, 10000, 100000)
#: documents of the out-of-core corpus (about 2.2 KB of UTF-8 each: ~1 GB)
OUT_OF_CORE_DOCS = 450_000
#: the out-of-core target, 2 GB, in the MiB (2**20 bytes) that every memory figure here is given in
OOC_LIMIT_MB = 2e9 / 2**20

# stage -> (target ratio, what the ratio means); ratio = baseline seconds / nqp seconds unless noted
TARGETS = {
    "clean": (10.0, "tokenizing time / cleaning time >= 10"),
    "tokenize jieba n_jobs=1": (0.9, "plain jieba time / nqp time >= 0.9"),
    "tokenize jieba n_jobs=2": (1.7, "plain jieba time (1 process) / nqp time >= 1.7"),
    "dtm+tfidf": (1 / 1.1, "sklearn time / nqp time >= 0.91 (overhead <= 10%)"),
    "dask n_workers=2": (1 / 1.3, "in-memory time / Dask time >= 0.77 (within 1.3x)"),
}


# ---------------------------------------------------------------------------------------------
# inputs


def corpus_table(n_docs: int) -> Path:
    """The generated corpus of ``n_docs`` documents as Parquet (generated once)."""
    from benchmarks.generate import generate, write

    path = BUILD / f"gen{n_docs}.parquet"
    if not path.exists():
        write(generate(n_docs, seed=0), path)
    return path


def corpus_folder(n_docs: int) -> Path:
    """The same corpus as a folder of .txt files with metadata.csv."""
    import pandas as pd

    from benchmarks.generate import write

    path = BUILD / f"gen{n_docs}_txt"
    if not (path / "metadata.csv").exists():
        write(pd.read_parquet(corpus_table(n_docs)), path)
    return path


def peak_mb() -> float:
    """Peak resident memory of this process, in MiB.

    Linux: ``VmHWM`` of ``/proc/self/status``, the high-water mark of this program's own memory
    (``getrusage``'s ``ru_maxrss`` would not do: Linux carries it over ``exec``, so a child reports its
    parent's peak if that was higher). Elsewhere ``ru_maxrss``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(own / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def reset_peak() -> None:
    """Start this process's peak reading (:func:`peak_mb`) afresh from its current size, so that a
    baseline run before nqp's does not count as nqp's peak (Linux 4.0 and later; elsewhere a no-op)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


class TreeMemory:
    """Samples the summed resident memory of this process and all its descendants (psutil)."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self):  # may be entered again: the peak accumulates
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def paired(baseline, ours, short: float = 20.0, rounds: int = 3) -> tuple[float, float, float]:
    """Seconds of ``baseline()`` and ``ours()``, alternating, and the peak memory (MiB) of ``ours()``
    alone: best of ``rounds`` rounds when a round is short (under ``short`` seconds, where one hiccup
    of the machine would decide the ratio), else one."""
    base, secs, peak = float("inf"), float("inf"), 0.0
    for r in range(rounds):
        base = min(base, timed(baseline)[0])
        reset_peak()
        secs = min(secs, timed(ours)[0])
        peak = max(peak, peak_mb())
        if r == 0 and max(base, secs) >= short:
            break
    return base, secs, peak


# ---------------------------------------------------------------------------------------------
# one measurement (child process)


def _plain_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def measure(stage: str, n_docs: int, n_jobs: int = 1, backend: str | None = None) -> dict:

    import nqp

    logging.getLogger("nqp").setLevel(logging.WARNING)
    row = {"stage": stage, "docs": n_docs, "n_jobs": n_jobs, "backend": backend or ""}
    if stage == "load":
        folder = corpus_folder(n_docs)
        nqp.load_corpus(corpus_folder(min(n_docs, 50)) if n_docs > 50 else folder, progress=False)  # warm-up
        files = sorted(folder.glob("*.txt"))
        base, texts = timed(lambda: [f.read_text(encoding="utf-8") for f in files])
        del texts
        reset_peak()
        secs, corpus = timed(lambda: nqp.load_corpus(folder, progress=False))
        row.update(peak_mb=peak_mb(), seconds=secs, chars=int(corpus["n_chars"].sum()), baseline="Path.read_text loop", baseline_seconds=base)
    elif stage == "clean":
        corpus = nqp.load_corpus(corpus_table(n_docs))
        nqp.clean(corpus.head(20)).articles
        tok = _plain_jieba()
        texts = list(corpus["text"])
        base, secs, peak = paired(lambda: [tok.lcut(t) for t in texts], lambda: nqp.clean(corpus).articles)
        row.update(peak_mb=peak, seconds=secs, chars=int(corpus["n_chars"].sum()), baseline="jieba.Tokenizer().lcut of the raw text",
                   baseline_seconds=base)
    elif stage == "tokenize":
        articles = nqp.clean(nqp.load_corpus(corpus_table(n_docs))).articles
        # warm-up: dictionaries, and for n_jobs > 1 the worker pool, which later calls with the same
        # configuration reuse (its one-off start-up is reported in bench_tokenize)
        nqp.tokenize(articles.head(40), backend=backend, n_jobs=n_jobs, cache_dir=False)
        tok = _plain_jieba()
        texts = list(articles["text"])
        # with worker processes, their memory is sampled during nqp's runs (sampling costs the process
        # itself up to a tenth of its speed, so a single process is not sampled: its VmHWM says it all)
        mem = TreeMemory(interval=0.5)

        def ours():
            if n_jobs == 1:
                return nqp.tokenize(articles, backend=backend, n_jobs=n_jobs, cache_dir=False)
            with mem:
                return nqp.tokenize(articles, backend=backend, n_jobs=n_jobs, cache_dir=False)

        base, secs, peak = paired(lambda: [tok.lcut(t) for t in texts], ours)
        row.update(peak_mb=peak, tree_peak_mb=max(mem.peak_mb, peak))
        row.update(seconds=secs, chars=int(articles["n_chars"].sum()), baseline="jieba.Tokenizer().lcut loop, 1 process",
                   baseline_seconds=base)
    elif stage in ("dtm+tfidf", "topics"):
        from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

        from nqp.matrix import identity

        articles = nqp.clean(nqp.load_corpus(corpus_table(n_docs))).articles
        tokens = nqp.tokenize(articles, cache_dir=False)
        chars = int(articles["n_chars"].sum())
        del articles
        lists = list(tokens["tokens"])
        if stage == "dtm+tfidf":
            TfidfVectorizer(analyzer=identity).fit_transform(lists[:50])
            nqp.tfidf(nqp.dtm(tokens.head(50)))
            base, secs, peak = paired(lambda: TfidfVectorizer(analyzer=identity).fit_transform(lists),
                                      lambda: nqp.tfidf(nqp.dtm(tokens)))
            row.update(peak_mb=peak, baseline="sklearn TfidfVectorizer(analyzer=identity)", baseline_seconds=base)
        else:
            from sklearn.decomposition import NMF

            d = nqp.dtm(tokens, min_df=2)
            reset_peak()
            secs, _ = timed(lambda: nqp.topics(d, 10, "nmf", 0, min_chars=1))
            row["peak_mb"] = peak_mb()
            X = TfidfTransformer(sublinear_tf=True).fit_transform(d.matrix).astype("float64")
            base, _ = timed(lambda: NMF(10, init="nndsvda", max_iter=400, random_state=0).fit_transform(X))
            row.update(baseline="sklearn NMF(k=10, nndsvda) on the same TF-IDF", baseline_seconds=base)
        row.update(seconds=secs, chars=chars)
    elif stage == "dask":
        import shutil

        work = BUILD / f"dask{n_docs}"
        shutil.rmtree(work, ignore_errors=True)
        size = max(250, n_docs // (4 * n_jobs))  # a few partitions per worker
        dataset = nqp.corpus_to_parquet(corpus_table(n_docs), work / "corpus", partition_size=size, progress=False)
        corpus = nqp.load_corpus(corpus_table(n_docs))
        # warm both worker pools (each spawned once, as a session would)
        nqp.tokenize(nqp.clean(corpus.head(40)).articles, n_jobs=n_jobs, cache_dir=False)
        nqp.pipeline(dataset, work / "warm", n_workers=n_jobs, tokenize={"cache_dir": False}, progress=False)
        base, _ = timed(lambda: nqp.tokenize(nqp.clean(corpus).articles, n_jobs=n_jobs, cache_dir=False))
        from nqp.tokens import pool_shutdown

        pool_shutdown()  # the in-memory path's workers: not part of the Dask path's memory
        reset_peak()
        with TreeMemory() as mem:
            secs, _ = timed(lambda: nqp.pipeline(dataset, work / "out", n_workers=n_jobs, tokenize={"cache_dir": False},
                                                 progress=False))
        row.update(seconds=secs, chars=int(corpus["n_chars"].sum()), tree_peak_mb=mem.peak_mb,
                   baseline=f"in memory: clean + tokenize(n_jobs={n_jobs})", baseline_seconds=base)
        shutil.rmtree(work, ignore_errors=True)
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    row.setdefault("peak_mb", peak_mb())  # nqp's run alone where the stage reset the reading before it
    return row


def out_of_core(n_docs: int = OUT_OF_CORE_DOCS, n_workers: int = 2) -> list[dict]:
    """The ~1 GB run: each step timed, peak memory of the process tree sampled."""
    import shutil

    import pyarrow.parquet as pq

    import nqp

    logging.getLogger("nqp").setLevel(logging.INFO)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    table = BUILD / f"gen{n_docs}.jsonl"
    if not table.exists():  # written by the generator in a process of its own: its memory is not measured
        subprocess.run([sys.executable, "-m", "benchmarks.generate", str(n_docs), str(table)], cwd=ROOT, check=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    size_gb = table.stat().st_size / 1e9
    work = BUILD / "ooc"
    shutil.rmtree(work, ignore_errors=True)
    rows = []
    with TreeMemory(interval=0.5) as mem:
        secs, dataset = timed(lambda: nqp.corpus_to_parquet(table, work / "corpus", partition_size=5000, progress=False))
        n_chars = sum(pq.read_table(p, columns=["n_chars"])["n_chars"].to_numpy().sum() for p in nqp.parquet_parts(dataset))
        rows.append(("load (corpus_to_parquet)", secs, mem.peak_mb))
        secs, stats = timed(lambda: nqp.pipeline(dataset, work, n_workers=n_workers, tokenize={"cache_dir": False},
                                                 progress=False))
        rows.append(("clean+tokenize (pipeline)", secs, mem.peak_mb))
        secs, d = timed(lambda: nqp.dtm_parquet(work / "tokens", min_df=5, max_df=0.5, columns=["doc_id", "article_id"],
                                                progress=False))
        rows.append((f"dtm (dtm_parquet, {d.shape[0]} x {d.shape[1]}, nnz {d.matrix.nnz})", secs, mem.peak_mb))
        secs, _ = timed(lambda: nqp.topics_partial_fit(d, 10, batch_size=8192, n_epochs=1, progress=False))
        rows.append(("topics (MiniBatchNMF partial_fit, k=10, 1 epoch)", secs, mem.peak_mb))
    out = []
    for step, secs, peak in rows:
        out.append({"stage": f"out-of-core: {step}", "docs": n_docs, "n_jobs": n_workers, "backend": "auto",
                    "seconds": secs, "chars": int(n_chars), "tree_peak_mb": peak, "peak_mb": peak_mb(),
                    "baseline": f"{size_gb:.2f} GB JSONL", "baseline_seconds": None})
    shutil.rmtree(work, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------
# the suite (parent process)


def plan(sizes) -> list[tuple[str, int, int, str | None]]:
    runs = []
    for n in sizes:
        runs += [("load", n, 1, None), ("clean", n, 1, None)]
        for backend in ("jieba", "rjieba"):
            for jobs in (1, 2):
                runs.append(("tokenize", n, jobs, backend))
        runs += [("dtm+tfidf", n, 1, None), ("topics", n, 1, None), ("dask", n, 2, None)]
    return runs


def child_command(stage: str, n: int, jobs: int, backend: str | None) -> list[str]:
    cmd = [sys.executable, "-m", "benchmarks.bench_scale", "--child", stage, "--docs", str(n), "--n-jobs", str(jobs)]
    if backend:
        cmd += ["--backend", backend]
    return cmd


def run_child(cmd: list[str], timeout: float = 3600) -> dict:
    env = dict(os.environ, NQP_PROGRESS="0", PYTHONPATH=str(ROOT))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(cmd[1:])} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def finish_row(row: dict, command: str) -> dict:
    secs = row["seconds"]
    row["docs_per_s"] = round(row["docs"] / secs, 1) if secs else None
    row["chars_per_s"] = round(row["chars"] / secs) if secs else None
    base = row.get("baseline_seconds")
    row["ratio"] = round(base / secs, 3) if base and secs else None
    name = row["stage"]
    if name == "tokenize":
        name = f"tokenize {row['backend']} n_jobs={row['n_jobs']}"
    elif name == "dask":
        name = f"dask n_workers={row['n_jobs']}"
    row["name"] = name
    target = TARGETS.get(name)
    row["target"] = target[1] if target else ""
    row["mark"] = "" if not target or row["ratio"] is None else ("pass" if row["ratio"] >= target[0] else "miss")
    row["command"] = command
    return row


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="numbers of documents (default 1000 10000)")
    ap.add_argument("--full", action="store_true", help="also 100,000 documents")
    ap.add_argument("--out-of-core", action="store_true", help="also the ~1 GB out-of-core run")
    ap.add_argument("--ooc-docs", type=int, default=OUT_OF_CORE_DOCS)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, default=1000, help=argparse.SUPPRESS)
    ap.add_argument("--n-jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--backend", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child == "out-of-core":
        for row in out_of_core(args.docs, args.n_jobs):
            print(json.dumps(row, ensure_ascii=False))
        return []
    if args.child:
        print(json.dumps(measure(args.child, args.docs, args.n_jobs, args.backend), ensure_ascii=False))
        return []
    sizes = args.sizes or (FULL_SIZES if args.full else DEFAULT_SIZES)
    rows = []
    for n in sizes:  # generate the inputs first, outside the measurements
        corpus_table(n)
        corpus_folder(n)
    for stage, n, jobs, backend in plan(sizes):
        cmd = child_command(stage, n, jobs, backend)
        shown = "python -m benchmarks.bench_scale " + " ".join(cmd[3:])
        try:
            row = finish_row(run_child(cmd), shown)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"FAILED {shown}: {exc}", file=sys.stderr)
            continue
        rows.append(row)
        print(format_row(row), flush=True)
    if args.out_of_core:
        cmd = [sys.executable, "-m", "benchmarks.bench_scale", "--child", "out-of-core", "--docs", str(args.ooc_docs),
               "--n-jobs", "2"]
        env = dict(os.environ, NQP_PROGRESS="0", PYTHONPATH=str(ROOT))
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                row = finish_row(json.loads(line), "python -m benchmarks.bench_scale " + " ".join(cmd[3:]))
                if "topics" in row["stage"]:  # the target covers load -> clean -> tokenize -> dtm
                    row["target"], row["mark"] = "", ""
                else:
                    row["target"] = f"process-tree peak < 2 GB ({OOC_LIMIT_MB:,.0f} MiB)"
                    row["mark"] = "pass" if row["tree_peak_mb"] < OOC_LIMIT_MB else "miss"
                rows.append(row)
                print(format_row(row), flush=True)
        if proc.returncode != 0:
            print(f"FAILED out-of-core:\n{proc.stderr[-3000:]}", file=sys.stderr)
    return rows


def format_row(row: dict) -> str:
    ratio = f"{row['ratio']:.2f}x {row['mark']}" if row.get("ratio") is not None else row.get("mark", "")
    return (f"{row['name']:<28} {row['docs']:>7} docs {row['seconds']:8.2f} s {row['docs_per_s'] or 0:>9.0f} docs/s "
            f"{row['chars_per_s'] or 0:>11,.0f} chars/s peak {row['peak_mb']:>7.0f} MB  ratio {ratio}")


if __name__ == "__main__":
    main()

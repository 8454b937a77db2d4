"""Benchmark: time and memory of load, clean, tokenize and theme grow linearly with the input.

Two shapes of input per size (1, 5 and 20 MB of UTF-8 text; 50 MB with ``--full``):

- ``one file``: the five seed pages with their layout (bylines, captions, jump lines, repeats),
  one after another again and again, each followed by a few generated documents, in one ``.txt``
  file: one huge document whose pages and clauses repeat, the case where an algorithm that compares
  each paragraph with the whole text shows (the generated text keeps it from being all a repeat,
  which cleaning keeps once);
- ``many files``: the same volume as a folder of ``.txt`` files (``benchmarks.generate``: sentences
  resampled from the seeds and, when present, the government work reports);
- ``one paragraph``: the same generated text in one ``.txt`` file with every sentence end and line break
  removed: one article without any structure, one sentence as long as the file (the worst case for
  anything that works per paragraph or per sentence).

A stage that does not finish within ``--timeout`` seconds is reported as such and not run at the larger
sizes (nor are the stages after it, which need its result).

Each stage runs in its own subprocess (``load_corpus``; ``clean``; ``tokenize``, one process, no
segmentation cache; ``theme`` of 产业建圈强链), reading the previous stage's result from a pickle
written by an earlier run, so its seconds (CPU time of the stage call, ``time.process_time``: other work on a
shared machine does not count; after a warm-up on 600
characters that loads what the stage loads once per process) and its peak memory (the process's peak
resident set, input included) are its own. The baseline, in its own subprocess too,
is plain jieba: ``jieba.Tokenizer().lcut`` of every document's raw text.

Printed per stage and shape: seconds and peak MB at each size, the growth exponent between
consecutive sizes (``log(t2 / t1) / log(n2 / n1)`` with ``n`` the characters: 1 is linear, 2
quadratic) and the ratio of the stage's seconds to jieba's on the same text. The table is written
into ``benchmarks/README.md`` (the section "Linear time and memory"), with the date and machine.

    python -m benchmarks.bench_linear              # 1, 5, 20 MB
    python -m benchmarks.bench_linear --full       # adds 50 MB
    python -m benchmarks.bench_linear --sizes 1 2  # any sizes, in MB

``--theme`` measures ``nqp.theme`` alone where it has most to do: a mention of 高质量发展 or 科技创新 planted
every 15 characters (the density of the issue's 4,000 mentions in 77,000 characters) in ``one sentence``
(the generated text without any sentence end, line break or space: one sentence as long as the input),
``one paragraph`` (sentence ends kept, no line break) and ``many articles`` (the generated documents as
they are); cleaned beforehand, not timed. Each size in its own process: CPU time of ``nqp.theme`` (the
machine is shared; CPU time is less affected than wall clock), the process's peak resident set, the plain
library underneath measured in the same process (``re.finditer`` with the theme's own pattern over the
same texts: matching only) and the growth exponent between consecutive sizes. Not written into the README.

    python -m benchmarks.bench_linear --theme               # 0.25, 1 and 4 MB
    python -m benchmarks.bench_linear --theme --sizes 1 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
STAGES = ("load", "clean", "tokenize", "theme")
THEME = ["产业建圈强链"]
START, END = "<!-- bench_linear:start -->", "<!-- bench_linear:end -->"


def build_inputs(mb: float, folder: Path) -> dict[str, Path]:
    """``{"one file": path, "many files": folder}`` of about ``mb`` MB each (built once, reused)."""
    import nqp
    from benchmarks.generate import generate, write

    target = int(mb * 1e6)
    one = folder / f"one_{mb:g}mb" / "pages.txt"
    if not one.is_file():
        # the seed pages, each followed by a few generated documents: the layout (and its repeats)
        # again and again, and text that is not all a repeat (which cleaning would keep only once)
        pages = list(nqp.load_corpus(ROOT / "seeds")["text"])
        filler = generate(max(1, round(target / 3000)), seed=2)["text"]
        parts, size, k = [], 0, 0
        for k, text in enumerate(filler):
            if size >= target:
                break
            chunk = (pages[k // 4 % len(pages)] + "\n\n" if k % 4 == 0 else "") + text
            parts.append(chunk)
            size += len(chunk.encode("utf-8"))
        one.parent.mkdir(parents=True, exist_ok=True)
        one.write_text("\n\n".join(parts), encoding="utf-8")
    many = folder / f"many_{mb:g}mb"
    if not (many / "metadata.csv").is_file():
        sample = generate(200, seed=1)
        per_doc = sample["text"].str.encode("utf-8").str.len().mean()
        write(generate(max(1, round(target / per_doc)), seed=1), many)
    flat = folder / f"paragraph_{mb:g}mb" / "paragraph.txt"
    if not flat.is_file():
        import re

        texts, size = [], 0
        for text in generate(max(1, round(target / 2500)), seed=3)["text"]:
            text = re.sub(r"[。！？!?；;…\s]+", "", text)
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= target:
                break
        flat.parent.mkdir(parents=True, exist_ok=True)
        flat.write_text("".join(texts), encoding="utf-8")
    return {"one file": one, "many files": many, "one paragraph": flat}


THEME_DENSE = ["高质量发展", "科技创新"]
THEME_SHAPES = ("one sentence", "one paragraph", "many articles")


def build_theme_input(shape: str, mb: float, folder: Path) -> Path:
    """A ``.jsonl`` corpus of about ``mb`` MB with a theme mention planted every 15 characters (built once)."""
    import re

    import pandas as pd

    from benchmarks.generate import generate

    path = folder / f"theme_{shape.replace(' ', '_')}_{mb:g}mb.jsonl"
    if path.is_file():
        return path
    target, texts, size = int(mb * 1e6), [], 0
    for text in generate(max(1, round(target / 2500)), seed=4, speech=0.5)["text"]:
        if shape == "one sentence":
            text = re.sub(r"[。！？!?；;…\s]+", "", text)
        elif shape == "one paragraph":
            text = re.sub(r"\s+", "", text)
        text = "".join(text[i : i + 15] + ("科技创新" if i % 45 == 0 else "高质量发展") for i in range(0, len(text), 15))
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= target:
            break
    docs = texts if shape == "many articles" else ["".join(texts)]
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"doc_id": [f"d{i:05d}" for i in range(len(docs))], "text": docs}).to_json(
        path, orient="records", lines=True, force_ascii=False)
    return path


def theme_child(source: Path, work: Path) -> dict:
    """Clean ``source`` (not timed), then ``nqp.theme`` and ``re.finditer`` with its pattern, CPU seconds."""
    import nqp
    from nqp.tracking.variants import theme_variants, variants_matcher

    articles = nqp.clean(nqp.load_corpus(source)).articles
    warm_up("theme", work)
    t = time.process_time()
    mentions = nqp.theme(articles, THEME_DENSE)
    secs = time.process_time() - t
    rx, _ = variants_matcher(theme_variants(THEME_DENSE))
    texts = [x if isinstance(x, str) else "" for x in articles["text"]]
    t = time.process_time()
    n_re = sum(1 for x in texts for _ in rx.finditer(x))
    base = time.process_time() - t
    quoted = {id(x): len(x) for x in mentions["sentence"]}
    return {"seconds": secs, "baseline": base, "peak_mb": peak_mb(), "chars": sum(map(len, texts)),
            "mentions": len(mentions), "matched": n_re, "articles": len(articles),
            "longest_sentence": int(mentions["sentence"].str.len().max()) if len(mentions) else 0,
            "quoted_chars": sum(quoted.values())}


def theme_case(sizes: list[float], build: Path, timeout: float, shapes=None) -> int:
    """Print the theme case's table (see the module docstring), one process per shape and size."""
    print("nqp.theme, a mention every 15 characters; CPU seconds of nqp.theme and of re.finditer with its pattern "
          "(matching only) in the same process; the machine is shared", flush=True)
    print(f"{'input':14s} {'MB':>5s} {'characters':>11s} {'mentions':>9s} {'theme s':>8s} {'re s':>6s} "
          f"{'ratio':>6s} {'peak MB':>8s} {'quoted chars':>13s} {'exponent':>8s}", flush=True)
    env = dict(os.environ, NQP_PROGRESS="0", PYTHONPATH=str(ROOT))
    for shape in shapes or THEME_SHAPES:
        prev = None
        for mb in sizes:
            source = build_theme_input(shape, mb, build)
            with tempfile.TemporaryDirectory() as tmp:
                env["NQP_CACHE_DIR"] = str(Path(tmp) / "cache")
                try:
                    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_linear", "--theme-child", str(source),
                                           tmp], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
                except subprocess.TimeoutExpired:
                    print(f"{shape:14s} {mb:5g} did not finish in {timeout:g} s", flush=True)
                    break
            if proc.returncode != 0:
                raise SystemExit(f"theme on {source} failed:\n{proc.stderr[-3000:]}")
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            g = exponent(prev["seconds"], r["seconds"], prev["chars"], r["chars"]) if prev else None
            print(f"{shape:14s} {mb:5g} {r['chars']:11,d} {r['mentions']:9,d} {r['seconds']:8.2f} {r['baseline']:6.3f} "
                  f"{r['seconds'] / max(r['baseline'], 1e-9):6.0f} {r['peak_mb']:8,.0f} {r['quoted_chars']:13,d} "
                  f"{'' if g is None else f'{g:8.2f}'}", flush=True)
            prev = r
    return 0


def child(stage: str, source: Path, work: Path) -> dict:
    """Run one stage (or the jieba baseline) on the pickled result of the stage before it."""
    import nqp

    corpus_pkl, articles_pkl = work / "corpus.pkl", work / "articles.pkl"
    warm_up(stage, work)
    if stage == "load":
        t = time.process_time()
        corpus = nqp.load_corpus(source)
        secs = time.process_time() - t
        corpus.to_pickle(corpus_pkl)
        n = int(corpus["text"].str.len().sum())
    elif stage == "clean":
        corpus = pickle.loads(corpus_pkl.read_bytes())
        t = time.process_time()
        articles = nqp.clean(corpus).articles
        secs = time.process_time() - t
        articles.to_pickle(articles_pkl)
        n = int(corpus["text"].str.len().sum())
    elif stage == "tokenize":
        articles = pickle.loads(articles_pkl.read_bytes())
        t = time.process_time()
        nqp.tokenize(articles, n_jobs=1)
        secs = time.process_time() - t
        n = int(articles["text"].str.len().sum())
    elif stage == "theme":
        articles = pickle.loads(articles_pkl.read_bytes())
        t = time.process_time()
        mentions = nqp.theme(articles, THEME)
        secs = time.process_time() - t
        n = len(mentions)
    elif stage == "jieba":
        import jieba

        jieba.setLogLevel(60)
        corpus = pickle.loads(corpus_pkl.read_bytes())
        tok = jieba.Tokenizer()
        tok.initialize()
        texts = list(corpus["text"])
        t = time.process_time()
        for text in texts:
            tok.lcut(text)
        secs = time.process_time() - t
        n = sum(map(len, texts))
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    return {"stage": stage, "seconds": secs, "peak_mb": peak_mb(), "n": n}


def warm_up(stage: str, work: Path) -> None:
    """Run the stage once on a few hundred characters before it is timed: what it loads once per process
    (OpenCC, the cleaning rules, jieba's dictionary, the speaker rules) is then not counted as time that grows."""
    import nqp

    if stage == "jieba":
        return
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[0]
    tiny = work / "warm-up" / "tiny.txt"
    tiny.parent.mkdir(parents=True, exist_ok=True)
    tiny.write_text(seeds.read_text(encoding="utf-8")[:600], encoding="utf-8")
    corpus = nqp.load_corpus(tiny)
    if stage == "load":
        return
    articles = nqp.clean(corpus).articles
    if stage == "tokenize":
        nqp.tokenize(articles, n_jobs=1)
    elif stage == "theme":
        nqp.theme(articles, THEME)


def peak_mb() -> float:
    """This process's peak resident set in MiB: ``VmHWM`` (its own, from exec on), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stage(stage: str, source: Path, work: Path, timeout: float) -> dict:
    """The child's figures; ``seconds`` None when it did not finish within ``timeout`` (it is killed)."""
    env = dict(os.environ, NQP_PROGRESS="0", PYTHONPATH=str(ROOT), NQP_CACHE_DIR=str(work / "cache"))
    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_linear", "--child", stage, str(source), str(work)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"stage": stage, "seconds": None, "peak_mb": None, "n": None, "timeout": timeout}
    if proc.returncode != 0:
        raise SystemExit(f"{stage} on {source} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def exponent(t1: float, t2: float, n1: float, n2: float) -> float | None:
    if None in (t1, t2, n1, n2) or min(t1, t2, n1, n2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def table(results: list[dict]) -> list[str]:
    lines = ["| input | stage | MB | characters | seconds | peak MB | growth exponent | ratio to jieba lcut |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for shape in dict.fromkeys(r["shape"] for r in results):
        for stage in (*STAGES, "jieba"):
            rows = [r for r in results if r["shape"] == shape and r["stage"] == stage]
            prev = None
            for r in rows:
                g = exponent(prev["seconds"], r["seconds"], prev["chars"], r["chars"]) if prev else None
                jieba = next((x for x in results if x["shape"] == shape and x["mb"] == r["mb"] and x["stage"] == "jieba"), None)
                name = "jieba lcut (baseline)" if stage == "jieba" else stage
                chars = f"{r['chars']:,}" if r["chars"] else ""
                if r.get("skipped"):
                    lines.append(f"| {shape} | {name} | {r['mb']:g} | {chars} | not run: {r['skipped']} | | | |")
                    continue
                if r["seconds"] is None:
                    lines.append(f"| {shape} | {name} | {r['mb']:g} | {chars} | did not finish in {r['timeout']:g} s | | | |")
                    prev = r
                    continue
                ratio = "" if stage == "jieba" or not (jieba and jieba["seconds"]) else f"{r['seconds'] / jieba['seconds']:.2f}"
                lines.append(f"| {shape} | {name} | {r['mb']:g} | {chars} | {r['seconds']:.2f} | "
                             f"{r['peak_mb']:,.0f} | {'' if g is None else f'{g:.2f}'} | {ratio} |")
                prev = r
    return lines


def overall(results: list[dict]) -> list[str]:
    """The growth exponent of each stage from its smallest to its largest size that finished."""
    lines = ["| input | stage | from MB | to MB | growth exponent over the range |", "|---|---|---:|---:|---:|"]
    for shape in dict.fromkeys(r["shape"] for r in results):
        for stage in (*STAGES, "jieba"):
            rows = [r for r in results if r["shape"] == shape and r["stage"] == stage and r.get("seconds")]
            if len(rows) < 2:
                continue
            a, b = rows[0], rows[-1]
            g = exponent(a["seconds"], b["seconds"], a["chars"], b["chars"])
            name = "jieba lcut (baseline)" if stage == "jieba" else stage
            lines.append(f"| {shape} | {name} | {a['mb']:g} | {b['mb']:g} | {'' if g is None else f'{g:.2f}'} |")
    return lines


def write_readme(lines: list[str], command: str, info: dict, overall_lines: list[str] = ()) -> None:
    section = "\n".join([
        START,
        "## Linear time and memory (`python -m benchmarks.bench_linear`)",
        "",
        "Load, clean, tokenize and theme on one huge file of newspaper pages, on the same volume as many",
        "files, and on one paragraph without sentence ends or line breaks (one article without structure);",
        "each stage in its own process. The growth exponent is log(time ratio) / log(size ratio) between",
        "consecutive sizes (1 is linear, 2 quadratic); the ratio is the stage's seconds over plain jieba `lcut`",
        "of the same raw text, measured in the same run; seconds are the stage call's CPU time (other work on the",
        "machine does not count), each stage timed after a warm-up on 600 characters",
        "(what it loads once per process is not counted). Peak MB is the stage process's peak resident set,",
        "its input included. Characters are the raw input's. The one file's generated text resamples a finite",
        "pool of sentences, so cleaning removes more of it as layout repeats the larger it is: tokenize and theme",
        "then get less than the raw volume (the many-files rows are the volume test for them). A stage that",
        "does not finish within the timeout is not run at the larger sizes, nor are the stages that need its result.",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M}: `{command}`",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()),
        "",
        *lines,
        "",
        *overall_lines,
        END,
    ])
    text = README.read_text(encoding="utf-8") if README.is_file() else "# Benchmarks\n"
    if START in text and END in text:
        a, b = text.index(START), text.index(END) + len(END)
        text = text[:a] + section + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_linear", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=None, help="sizes in MB (default 1 5 20)")
    ap.add_argument("--full", action="store_true", help="also 50 MB")
    ap.add_argument("--shapes", nargs="+", default=None, metavar="SHAPE",
                    help="only these inputs ('one file', 'many files', 'one paragraph'; default: all)")
    ap.add_argument("--timeout", type=float, default=3600,
                    help="seconds allowed to each stage run; one that takes longer is reported and not run at larger sizes")
    ap.add_argument("--no-readme", action="store_true", help="print the table only")
    ap.add_argument("--results", type=Path, default=None,
                    help="a JSON Lines file: each figure is appended as it is measured (a run stopped before the end "
                         "keeps them)")
    ap.add_argument("--from-results", type=Path, default=None,
                    help="print (and write into the README) the tables of a --results file instead of measuring")
    ap.add_argument("--theme", action="store_true",
                    help="measure nqp.theme alone on inputs with a mention every 15 characters (see above)")
    ap.add_argument("--child", nargs=3, metavar=("STAGE", "SOURCE", "WORK"), help=argparse.SUPPRESS)
    ap.add_argument("--theme-child", nargs=2, metavar=("SOURCE", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.theme_child:
        print(json.dumps(theme_child(Path(args.theme_child[0]), Path(args.theme_child[1]))))
        return 0
    if args.theme:
        build = Path(os.environ.get("NQP_BENCH_DIR", ROOT / "build" / "bench")) / "linear"
        shapes = [s for s in THEME_SHAPES if not args.shapes or s in args.shapes]
        return theme_case(args.sizes or [0.25, 1.0, 4.0], build, args.timeout, shapes)
    if args.child:
        stage, source, work = args.child
        print(json.dumps(child(stage, Path(source), Path(work))))
        return 0
    from benchmarks.__main__ import machine

    sizes = args.sizes or [1.0, 5.0, 20.0] + ([50.0] if args.full else [])
    build = Path(os.environ.get("NQP_BENCH_DIR", ROOT / "build" / "bench")) / "linear"
    command = "python -m benchmarks.bench_linear " + " ".join(argv if argv is not None else sys.argv[1:])
    info = machine()
    print("machine:", "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    if args.from_results:
        results = [json.loads(line) for line in args.from_results.read_text(encoding="utf-8").splitlines() if line]
        lines, whole = table(results), overall(results)
        print("\n".join(lines + [""] + whole))
        if not args.no_readme:
            write_readme(lines, command.strip(), info, whole)
        return 0
    results = []

    def record(r: dict) -> None:
        results.append(r)
        if args.results:
            with open(args.results, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(r) + "\n")

    stopped: dict[tuple[str, str], str] = {}  # (shape, stage) -> why it is not run again
    for mb in sizes:
        for shape, source in build_inputs(mb, build).items():
            if args.shapes and shape not in args.shapes:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                chars = None
                for i, stage in enumerate((*STAGES, "jieba")):
                    why = stopped.get((shape, stage))
                    if why:
                        record({"stage": stage, "skipped": why, "shape": shape, "mb": mb, "chars": chars,
                                "seconds": None, "peak_mb": None})
                        print(f"{shape:13s} {mb:5g} MB {stage:9s} not run: {why}", flush=True)
                        continue
                    r = run_stage(stage, source, work, args.timeout)
                    chars = r["n"] if stage == "load" else chars
                    record(dict(r, shape=shape, mb=mb, chars=chars))
                    if r["seconds"] is None:
                        print(f"{shape:13s} {mb:5g} MB {stage:9s} did not finish in {args.timeout:g} s", flush=True)
                        # the stages after it need its result; at larger sizes it would not finish either
                        later = (*STAGES, "jieba") if stage == "load" else STAGES[i:] if stage in STAGES else (stage,)
                        for s_ in later:
                            stopped.setdefault((shape, s_), f"{stage} did not finish in {args.timeout:g} s at {mb:g} MB")
                        continue
                    print(f"{shape:13s} {mb:5g} MB {stage:9s} {r['seconds']:8.2f} s  peak {r['peak_mb']:7,.0f} MB",
                          flush=True)
    lines, whole = table(results), overall(results)
    print("\n".join(lines + [""] + whole))
    if not args.no_readme:
        write_readme(lines, command.strip(), info, whole)
        print(f"written into {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

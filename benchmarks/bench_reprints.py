"""Benchmark: reprint families (MinHash LSH) against the pairwise containment search it replaces.

A generated corpus (:mod:`benchmarks.generate`) of N articles, of which one in ten is a planted copy of
an earlier article (half of them exact, half lightly edited: every 40th character replaced) printed by
another outlet a few days later, and one in twenty carries a planted shared wire paragraph. The
corpus is cleaned once (not timed) and written to a pickle; then each method runs in its own
subprocess, so its seconds (the call alone) and peak memory (the process's peak resident set, input
included) are its own:

- ``nqp.reprint_families(articles, unit="paragraph")`` (MinHash signatures and LSH banding in numpy,
  exact check, families);
- the plain library underneath: ``datasketch``'s ``MinHash`` + ``MinHashLSH`` on the same k-gram sets,
  candidates only (the last column: candidate pairs);
- ``nqp.near_duplicates(articles, unit="paragraph")`` (sampled k-gram inverted index, pairwise
  containment): the method of earlier versions.

Printed per size: seconds, peak MB, the ratio of the two, and how many planted copies each recovered
(a planted article copy is recovered when one of its paragraphs is in a family, or a pair, with one
of the original's).

    python -m benchmarks.bench_reprints                 # 10,000 articles
    python -m benchmarks.bench_reprints --docs 10000 100000
"""

from __future__ import annotations

import argparse
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def planted_corpus(n_docs: int, seed: int = 0):
    import numpy as np

    from benchmarks.generate import generate

    docs = generate(n_docs, seed=seed)
    rng = np.random.default_rng(seed + 1)
    n_copies = n_docs // 10
    sources = rng.choice(np.arange(n_docs // 2), size=n_copies, replace=False)
    targets = rng.choice(np.arange(n_docs // 2, n_docs), size=n_copies, replace=False)
    texts = docs["text"].tolist()
    outlets = docs["outlet"].tolist()
    planted = []
    for k, (s, t) in enumerate(zip(sources, targets)):
        text = texts[s]
        if k % 2:
            text = "".join("某" if i % 40 == 39 else c for i, c in enumerate(text))
        texts[t] = text
        outlets[t] = outlets[(s + 1) % n_docs] if outlets[(s + 1) % n_docs] != outlets[s] else "新华社"
        planted.append((docs["doc_id"][s], docs["doc_id"][t]))
    wire = "新华社北京电 记者从国家发展改革委获悉,今年以来各地加快培育新质生产力,推动产业链供应链优化升级,取得积极进展。"
    for i in rng.choice(np.arange(n_docs), size=n_docs // 20, replace=False):
        texts[i] = texts[i] + "\n\n" + wire + "\n"
    docs["text"] = texts
    docs["outlet"] = outlets
    return docs, planted


def _measure(kind: str, pickle_path: str) -> None:
    import nqp

    with open(pickle_path, "rb") as fh:
        articles, planted = pickle.load(fh)
    t0 = time.perf_counter()
    if kind == "families":
        fam = nqp.reprint_families(articles, unit="paragraph")
        seconds = time.perf_counter() - t0
        together = set()
        for _, g in fam.groupby("family"):
            ids = sorted(g["doc_id"])
            together.update((a, b) for a in ids for b in ids if a < b)
        found = sum(1 for a, b in planted if tuple(sorted((a, b))) in together)
        groups = fam["family"].nunique() if len(fam) else 0
    elif kind == "datasketch":
        # the plain library underneath: datasketch's MinHash and MinHashLSH over the same k-gram sets,
        # candidates only (no exact check, no families): what reprint_families' own numpy banding replaces
        from datasketch import MinHash, MinHashLSH

        from nqp.tracking.reprints import _all_grams, _units

        texts = articles["text"].tolist()
        grams = _all_grams([texts[i][s0:e0] for i, s0, e0 in _units(articles, "paragraph", 30)], 5)
        lsh = MinHashLSH(threshold=0.4, num_perm=64)
        proto = MinHash(num_perm=64, seed=1, hashfunc=int)
        sigs = {}
        for n, g in enumerate(grams):
            if len(g):
                m = proto.copy()
                m.update_batch(g.tolist())
                lsh.insert(n, m, check_duplication=False)
                sigs[n] = m
        groups = sum(len(lsh.query(m)) - 1 for m in sigs.values())
        seconds = time.perf_counter() - t0
        found = -1
    else:
        pairs = nqp.near_duplicates(articles, unit="paragraph")
        seconds = time.perf_counter() - t0
        together = set(zip(pairs["doc_id_a"], pairs["doc_id_b"]))
        found = sum(1 for a, b in planted if tuple(sorted((a, b))) in together)
        groups = len(pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak:.0f} {found} {groups}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    import nqp

    print("| articles | method | seconds | peak MB | planted copies found | families / pairs / candidates |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in args.docs:
        docs, planted = planted_corpus(n, args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            corpus_path = Path(tmp) / "corpus.parquet"
            docs.to_parquet(corpus_path)
            articles = nqp.clean(nqp.load_corpus(corpus_path), progress=False).articles
            pk = Path(tmp) / "articles.pkl"
            with open(pk, "wb") as fh:
                pickle.dump((articles, planted), fh)
            results = {}
            for kind in ("families", "datasketch", "pairwise"):
                out = subprocess.run(
                    [sys.executable, "-m", "benchmarks.bench_reprints", "--_measure", kind, str(pk)],
                    cwd=ROOT, capture_output=True, text=True, check=True,
                ).stdout.split()
                results[kind] = out
                sec, peak, found, groups = out
                name = {"families": "nqp.reprint_families (numpy MinHash LSH + exact check)",
                        "datasketch": "datasketch MinHash + MinHashLSH (candidates only)",
                        "pairwise": "nqp.near_duplicates (pairwise containment)"}[kind]
                got = f"{found} of {len(planted)}" if int(found) >= 0 else ""
                print(f"| {n:,} | {name} | {float(sec):.2f} | {peak} | {got} | {int(groups):,} |")
            for other in ("datasketch", "pairwise"):
                print(f"| {n:,} | ratio reprint_families / {other} | "
                      f"{float(results['families'][0]) / float(results[other][0]):.2f} | "
                      f"{float(results['families'][1]) / float(results[other][1]):.2f} | | |")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--_measure":
        _measure(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())

"""The benchmark suite's machinery: a deterministic generator, and one command that writes the table.

Figures are never asserted (speed belongs to the benchmarks, not to tests); what is checked is that the
suite runs end to end on a tiny corpus and reports every stage with its baseline, ratio and command.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, sentence_pool, write  # noqa: E402


def test_generator_is_deterministic_and_resamples_real_sentences(tmp_path):
    a, b = generate(25, seed=3), generate(25, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not generate(25, seed=4)["text"].equals(a["text"])
    assert list(a["doc_id"]) == [f"gen{i:02d}" for i in range(25)]
    assert a["date_precision"].isin(["day", "month"]).all()
    pool = set(sentence_pool())
    first = a["text"].iloc[0].split("\n\n")[0]
    assert any(first.startswith(s) for s in pool)
    # byte for byte, in every format
    assert write(a, tmp_path / "a.jsonl").read_bytes() == write(b, tmp_path / "b.jsonl").read_bytes()


@pytest.mark.slow
def test_suite_runs_end_to_end_and_writes_the_table(tmp_path):
    env = dict(os.environ, NQP_BENCH_DIR=str(tmp_path / "build"), NQP_PROGRESS="0", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--sizes", "40", "--skip-others", "--out",
                           str(tmp_path / "results")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "FAILED" not in proc.stderr, proc.stderr[-3000:]
    rows = list(csv.DictReader(open(tmp_path / "results" / "results.csv", encoding="utf-8")))
    names = [r["name"] for r in rows]
    assert names == ["load", "clean", "tokenize jieba n_jobs=1", "tokenize jieba n_jobs=2", "tokenize rjieba n_jobs=1",
                     "tokenize rjieba n_jobs=2", "dtm+tfidf", "topics", "dask n_workers=2"]
    for r in rows:
        assert float(r["seconds"]) > 0 and float(r["baseline_seconds"]) > 0 and float(r["ratio"]) > 0
        assert float(r["peak_mb"]) > 0 and r["baseline"]
        assert r["command"].startswith("python -m benchmarks.bench_scale --child ")
    marked = {r["name"]: r["mark"] for r in rows if r["target"]}
    assert set(marked) == {"clean", "tokenize jieba n_jobs=1", "tokenize jieba n_jobs=2", "dtm+tfidf", "dask n_workers=2"}
    assert set(marked.values()) <= {"pass", "miss"}
    table = (tmp_path / "results" / "results.md").read_text(encoding="utf-8")
    assert "Machine: cpu" in table and "| dask n_workers=2 | 40 |" in table

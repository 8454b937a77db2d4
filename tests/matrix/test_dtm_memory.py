"""nqp.dtm's counting holds the matrix and a block of documents, not the matrix several times over.

``_count`` writes each block's entries straight into the matrix's arrays (sized for one entry per token; the
pages never written take no memory and are given back) and renumbers the columns in place. Measured in a
fresh process by its resident memory (Linux: ``VmRSS`` before, ``VmHWM`` after resetting it), on token lists
whose every entry counts two tokens, so the matrix has half as many entries as there are tokens. The bound
is the matrix's own bytes (computed here from its entries and dtypes), the term -> column dictionary and the
vocabulary's arrays (under 100 bytes a term), and 6 MiB: a block's temporaries (blocks of 2^14 tokens here) and
the last huge page (2 MiB) of each of the two arrays; the code before this held the entries about three times
over. The counts are checked against a Counter of each list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import gc, json, sys
from collections import Counter
from pathlib import Path
import numpy as np
import nqp.matrix as M

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024

M._BLOCK = 1 << 14
rng = np.random.default_rng(0)
terms = [f"词{i}" for i in range(50_000)]
docs = []
for _ in range(3_000):
    half = [terms[j] for j in rng.integers(0, len(terms), 400)]
    docs.append(half + half)
gc.collect()
before = status("VmRSS")
Path("/proc/self/clear_refs").write_text("5")
matrix, vocab = M._count(docs)
peak = status("VmHWM")
want = [Counter(d) for d in docs[:50]]
got = [{vocab[j]: int(v) for j, v in zip(matrix.indices[matrix.indptr[r]:matrix.indptr[r + 1]],
                                        matrix.data[matrix.indptr[r]:matrix.indptr[r + 1]])} for r in range(50)]
print(json.dumps({"rise": peak - before, "nnz": int(matrix.nnz), "index_bytes": matrix.indices.itemsize,
                  "data_bytes": matrix.data.itemsize, "same": got == [dict(w) for w in want],
                  "distinct": sum(len(set(d)) for d in docs), "terms": len(vocab)}))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc/self/clear_refs")
def test_counting_holds_the_matrix_and_a_block():
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["same"]
    assert r["nnz"] == r["distinct"]  # one entry per distinct term of a list: half the tokens
    matrix_bytes = r["nnz"] * (r["index_bytes"] + r["data_bytes"])
    bound = matrix_bytes + 100 * r["terms"] + 6 * 2**20
    assert r["rise"] <= bound, (r["rise"] / r["nnz"], bound / r["nnz"])

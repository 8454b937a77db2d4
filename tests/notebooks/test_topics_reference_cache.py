"""Notebook 05's reference-corpus section through the user-level result cache: the page a run that stores the
scan renders is the page a run that reads it back renders, the page of a run that recomputes a corrupt entry,
and the page without the cache (``reference_cache = False``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate, write  # noqa: E402


def _reference_outputs(nb) -> list[str]:
    """The text, markdown and HTML outputs of the page from the reference-corpus heading on (HTML tables' random
    ids left out)."""
    at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## The reference corpus" in c.source)
    out = []
    for c in nb.cells[at:]:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            data = o.get("data", {})
            out.append(data.get("text/markdown", "") + data.get("text/plain", "") + data.get("text/html", "")
                       + o.get("text", ""))
    return [re.sub(r"(id|T)_[0-9a-f]{5,}", "", s) for s in out]


@pytest.mark.slow
def test_the_reference_scan_read_from_the_cache_renders_the_same_page(tmp_path, monkeypatch):
    from nqp.report import execute_notebook

    cache = tmp_path / "cache"
    monkeypatch.setenv("NQP_RESULT_CACHE_DIR", str(cache))  # the kernels inherit it
    corpus = str(write(generate(12, 1), tmp_path / "corpus.parquet"))
    params = {"corpus": corpus, "n_seeds": 2, "reference_ks": [3, 4], "ks": [2, 3]}
    page = ROOT / "notebooks" / "05-topics.ipynb"

    stored = _reference_outputs(execute_notebook(page, params))
    (entry,) = sorted(cache.rglob("*.pkl"))
    written = entry.stat().st_mtime_ns
    assert "Recommendation" in "".join(stored)
    assert _reference_outputs(execute_notebook(page, params)) == stored
    assert entry.stat().st_mtime_ns == written  # read back, not computed and written again
    entry.write_bytes(entry.read_bytes()[:1000])  # truncated: computed again and rewritten
    assert _reference_outputs(execute_notebook(page, params)) == stored
    assert entry.stat().st_size > 1000
    assert _reference_outputs(execute_notebook(page, {**params, "reference_cache": False})) == stored
    assert sorted(cache.rglob("*.pkl")) == [entry]

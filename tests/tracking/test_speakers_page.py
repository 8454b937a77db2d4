"""Notebook 06's "Who says it" on the seeds, the work reports and generated news; a speakers file of one's own.

Each page is executed as ``nqp report`` executes it (``nqp.report.execute_notebook``); the sentence the
section prints is compared with the same facts computed here from the corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

import nqp
from nqp.report import execute_notebook, run_report

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate, write  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "06-theme.ipynb"
FAST = {"reference_corpus": None}


def section_text(nb) -> str:
    """The text the cells of "## Who says it" print."""
    at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## Who says it"))
    end = next(i for i in range(at + 1, len(nb.cells)) if nb.cells[i].cell_type == "markdown")
    return "".join(o.get("text", "") for c in nb.cells[at + 1 : end] for o in c.get("outputs", []))


def expected_line(corpus, theme) -> str:
    docs = nqp.load_corpus(corpus)
    m = nqp.theme(nqp.clean(docs, layout="auto", boilerplate=0.5).articles, theme)
    n, cited = len(m), int(m["speaker_cue"].notna().sum())
    unresolved = int((m["speaker_type"] == "unresolved").sum())
    return (f"{cited:,} of {n:,} mention{'s' if n != 1 else ''} rest on a speech cue; {unresolved:,} "
            f"({unresolved / n:.0%}) {'is' if unresolved == 1 else 'are'} unresolved")


@pytest.mark.slow
@pytest.mark.parametrize("which, theme", [("seeds", ["建圈强链", "新质生产力"]), ("reports", ["高质量发展"]),
                                          ("generated", ["高质量发展", "科技创新"])])
def test_who_says_it_on_three_corpora(tmp_path, seeds_path, reference_path, which, theme):
    if which == "seeds":
        corpus = str(seeds_path)
    elif which == "reports":
        corpus = str(reference_path)
    else:
        corpus = str(write(generate(120, 5, speech=0.6), tmp_path / "generated"))
    nb = execute_notebook(NOTEBOOK, {"corpus": corpus, "theme": theme, **FAST})
    text = section_text(nb)
    assert expected_line(corpus, theme) in text, text
    if which == "generated":  # the framed sentences have speakers of several kinds
        assert "attributed mentions shown" in text or "rest on a speech cue" in text


@pytest.mark.slow
def test_a_speakers_file_of_ones_own_reaches_the_page_and_the_manifest(tmp_path):
    folder = tmp_path / "wuhan"
    folder.mkdir()
    (folder / "a.txt").write_text("郭元强宣称,武汉要推动高质量发展。\n\n推动高质量发展是大势所趋。\n", encoding="utf-8")
    mine = tmp_path / "my_speakers.toml"
    mine.write_text('[cues]\nverbs = ["宣称"]\n[names]\npeople = ["郭元强"]\n', encoding="utf-8")
    out = tmp_path / "out"
    run_report(corpus=folder, out=out, only=["06"], theme=["高质量发展"], params={**FAST, "speakers": str(mine)})
    nb = nbformat.read(out / "06-theme.ipynb", as_version=4)
    assert "1 of 2 mentions rest on a speech cue; 0 (0%) are unresolved" in section_text(nb)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = json.dumps(manifest, ensure_ascii=False)
    import hashlib

    assert hashlib.sha256(mine.read_bytes()).hexdigest() in files  # the user's file, hashed
    assert hashlib.sha256((ROOT / "nqp" / "data" / "speakers.toml").read_bytes()).hexdigest() in files

"""Notebook 06's "What it travels with" and its Findings on the work reports (高质量发展), a generated corpus and one
document: the companions by association, the words that enter and leave per period, computed, and a reason when a
section cannot be computed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from seed_ids import D002

import nqp
from nqp.report import execute_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "06-theme.ipynb"
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate, write  # noqa: E402


def _run(corpus, theme: str) -> tuple[str, str, int]:
    """(the Findings' markdown, the section's text outputs, the section's figures) of 06 on ``corpus``."""
    nb = execute_notebook(NOTEBOOK, {"corpus": str(corpus), "theme": [theme], "reference_corpus": None})
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## What it"))
    end = next(i for i in range(start + 1, len(nb.cells)) if nb.cells[i].cell_type == "markdown")
    at = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
    findings = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells[at:] if c.cell_type == "code"
                       for o in c.outputs)
    outputs = [o for c in nb.cells[start:end] for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert not any(o.get("output_type") == "error" for o in outputs)
    return findings, text, sum("image/png" in o.get("data", {}) for o in outputs)


def _companions(corpus, theme: str):
    """What the page computes, computed here from the corpus with the page's defaults."""
    arts = nqp.clean(nqp.load_corpus(corpus)).articles
    mentions = nqp.theme(arts, theme)
    tokens = nqp.tokenize_long(arts, formula=True)
    words = nqp.theme_companions(mentions, arts, tokens, min_contexts=2)
    company = nqp.theme_companions(mentions, arts, tokens, by="period", min_contexts=2)
    return arts, mentions, words, company, nqp.companions_drift(company)


@pytest.mark.slow
def test_on_the_work_reports_the_words_that_enter_with_high_quality_development(reference_path):
    theme = "高质量发展"
    findings, text, figures = _run(reference_path, theme)
    arts, mentions, words, company, drift = _companions(reference_path, theme)
    reports = pd.read_json(reference_path, lines=True)
    first_year = int(reports.loc[reports["text"].str.contains(theme), "year"].min())
    assert first_year == 2018  # the slogan arrives with the 2018 report (after the 19th Party Congress)
    periods = drift.attrs["periods"][theme]
    assert periods[0] == str(first_year) and company.attrs["freq"] == "year"
    entering = drift[(drift["period"] == periods[0]) & (drift["change"] == "enters")]["companion"].tolist()
    assert len(entering) >= 5
    first = drift[(drift["period"] == periods[0]) & (drift["change"] == "enters")].head(5)
    # each word with its z (the first year: now only; later: before and now, "too rare" where it was not tested)
    said = ", ".join(f"{w} (z {z:.1f})" for w, z in zip(first["companion"], first["z"]))
    assert f"{periods[0]} (the first year compared): {said}" in findings
    nxt = drift[(drift["period"] == periods[1]) & (drift["change"] == "enters")].head(5)

    def _said(w, before, now):
        return (f"{w} (z {now:.1f}; too rare before)" if pd.isna(before) else
                f"{w} (z {before:.1f} before; too rare now)" if pd.isna(now) else f"{w} (z {before:.1f} → {now:.1f})")

    said = ", ".join(_said(w, b, z) for w, b, z in zip(nxt["companion"], nxt["z_previous"], nxt["z"]))
    assert f"; {periods[1]}: {said} enter" in findings
    # independently, on the raw text of the 2018 report: each word listed is in two or more of the paragraphs that
    # name the theme, and relatively more frequent there than in the report's other paragraphs
    paragraphs = [p for p in reports.loc[reports["year"] == first_year, "text"].iloc[0].split("\n") if p.strip()]
    near = [p for p in paragraphs if theme in p]
    rest = [p for p in paragraphs if theme not in p]
    for w in entering[:5]:
        assert sum(w in p for p in near) >= 2, w
        rate_near = sum(p.count(w) for p in near) / sum(map(len, near))
        rate_rest = sum(p.count(w) for p in rest) / sum(map(len, rest))
        assert rate_near > rate_rest, w
    sig = words[words["significant"]]
    assert (f"{len(sig):,} of the {len(words):,} words tested are significant companions; the strongest "
            f"{sig['companion'].iloc[0]} (z = {sig['z'].iloc[0]:.1f}") in findings
    assert figures >= 3  # the bars, the change per year and the network
    assert f"of {len(drift):,} entries and exits shown" in text


@pytest.mark.slow
def test_a_generated_corpus_and_one_document_say_what_they_cannot_show(tmp_path, seeds_path):
    path = write(generate(300, 5), tmp_path / "generated")
    findings, text, _ = _run(path, "新质生产力")
    _, mentions, words, company, drift = _companions(path, "新质生产力")
    assert len(mentions) and len(words)
    assert f"of the {len(words):,} words tested" in findings
    compared = drift.attrs["periods"]["新质生产力"]
    assert len(compared) == 1  # seven mentions spread over six years: one quarter has a word in two contexts
    assert f"no change over time to show: words were tested in 1 {company.attrs['freq']} ({compared[0]})" in text
    assert "Entering and leaving" not in findings
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seeds_path / f"{D002}.txt", one)
    meta = pd.read_csv(seeds_path / "metadata.csv")
    meta[meta["file"] == f"{D002}.txt"].to_csv(one / "metadata.csv", index=False)
    findings, text, _ = _run(one, "建圈强链")
    _, mentions, words, company, drift = _companions(one, "建圈强链")
    assert mentions["doc_id"].nunique() == 1 and len(words)
    # one article: its paragraphs with the theme against its other paragraphs
    assert words["n_words_rest"].iloc[0] > 0
    assert "- **What 建圈强链 travels with** (in its paragraphs" in findings
    assert f"words were tested in 1 {company.attrs['freq']} ({company['group'].iloc[0]}), a change needs two" in text

"""Notebooks 04 (keywords), 05 (topics) and 07 (categories) on corpora of every shape.

Each notebook is executed (as ``nqp report`` executes it, parameters injected) on one document,
an undated folder of two .txt files without metadata, every fifth government work report (year-dated,
no outlet, no mention of the theme asked for), one outlet with year-only dates and a generated corpus
with several outlets. Every run must finish, and its Findings must state facts computed here from the
corpus itself. The runs go in two worker processes.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.generate import generate, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {p.name[:2]: p for p in (ROOT / "notebooks").glob("0[457]-*.ipynb")}
FAST = {"reference_corpus": None}  # the reference corpus is exercised by the seeds report (tests/test_report.py)
FAST_TOPICS = {**FAST, "n_seeds": 2, "reference_ks": [3, 4]}


def _render(job: tuple[str, str, dict]) -> tuple[str, str]:
    """Execute one notebook; return (the Findings' markdown, every markdown and text output of the page)."""
    import nbformat  # noqa: F401  (the worker imports what execute_notebook needs)

    from nqp.report import execute_notebook

    name, corpus, params = job
    nb = execute_notebook(NOTEBOOKS[name], {"corpus": corpus, **params})
    at = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
    texts = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            texts.append((i, data.get("text/markdown", "") + out.get("text", "")))
    findings = "".join(t for i, t in texts if i > at)
    return findings, "\n".join(t for _, t in texts)


def _folder(frame: pd.DataFrame, path: Path) -> str:
    return str(write(frame, path))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory, reference_path):
    """The corpora (their frames, for the facts) and the path each notebook runs on."""
    base = tmp_path_factory.mktemp("shapes")
    one = generate(1, 7)
    undated = generate(2, 3)
    folder = base / "undated"
    folder.mkdir()
    for i, text in enumerate(undated["text"]):
        (folder / f"note{i}.txt").write_text(text, encoding="utf-8")
    years = generate(40, 4).assign(outlet="四川日报")
    years = years.assign(date=years["date"].str[:4], date_precision="year")
    several = generate(150, 2)
    # every fifth government work report, back from the latest: year-dated, no outlet, long documents
    lines = reference_path.read_text(encoding="utf-8").splitlines()[::-5][::-1]
    reports_path = base / "reports.jsonl"
    reports_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = pd.DataFrame([json.loads(line) for line in lines])
    reports["date"] = reports["year"].astype(str)
    return {
        "one": (one, _folder(one, base / "one")),
        "undated": (undated, str(folder)),
        "reports": (reports, str(reports_path)),
        "years": (years, _folder(years, base / "years")),
        "several": (several, _folder(several, base / "several")),
    }


JOBS = {
    ("04", "one"): FAST, ("05", "one"): FAST_TOPICS,
    ("04", "undated"): FAST, ("05", "undated"): FAST_TOPICS, ("07", "undated"): FAST,
    ("04", "reports"): {**FAST, "theme": ["建圈强链"], "scope": "theme"},
    ("05", "reports"): {**FAST_TOPICS, "theme": ["建圈强链"], "scope": "theme", "ks": [2, 3], "k": 4},
    ("07", "reports"): {**FAST, "theme": ["建圈强链"], "scope": "theme"},
    ("05", "years"): {**FAST_TOPICS, "ks": [2, 3], "max_scan": 20, "max_tree": 20}, ("07", "years"): FAST,
    ("04", "several"): {**FAST, "theme": ["新质生产力"], "jieba_sample": 50},
    ("05", "several"): {**FAST_TOPICS, "ks": [2, 3], "theme": ["新质生产力"], "scope": "theme"},
    ("07", "several"): {**FAST, "theme": ["新质生产力"]},
}


@pytest.fixture(scope="module")
def pages(shapes):
    """Every job of JOBS rendered: {(notebook, shape): (findings, page text)}."""
    jobs = [(nb, shapes[shape][1], params) for (nb, shape), params in JOBS.items()]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = list(pool.map(_render, jobs))
    return dict(zip(JOBS, done))


def _simplified_texts(corpus: str) -> list[str]:
    import nqp
    from nqp.script import to_simplified

    return [to_simplified(t) for t in nqp.load_corpus(corpus)["text"]]


@pytest.mark.slow
def test_one_document(pages, shapes):
    frame, path = shapes["one"]
    year = frame["date"].iloc[0][:4]
    kw, page = pages[("04", "one")]
    assert "**Scope:** the only article" in kw
    assert f"Keyness by year was not computed: every article has the same year ({year})" in kw
    term, n = re.search(r"- (\S+) \(the corpus's top TF-IDF keyword, as no theme was given\) occurs ([\d,]+) time", kw).groups()
    assert int(n.replace(",", "")) == sum(t.count(term) for t in _simplified_texts(path))
    assert "(strongest: )" not in kw and "(none)" not in page
    assert "from 1 outlet." in kw and frame["outlet"].nunique() == 1
    topics, _ = pages[("05", "one")]
    assert "No topic model was fitted: a topic scan from k = 2 needs at least 4 different documents; there is 1." in topics
    assert "No clustering: a silhouette needs two clusters and one more document, so at least 3 different documents; there is 1." in topics


@pytest.mark.slow
def test_undated_folder_of_two_documents_without_metadata(pages, shapes):
    frame, _ = shapes["undated"]
    kw, _ = pages[("04", "undated")]
    assert f"all {len(frame)} articles; the corpus names no outlet." in kw
    assert "Keyness by year was not computed: no article has a year." in kw
    topics, _ = pages[("05", "undated")]
    assert "No document has a date, so there are no shares over time." in topics
    assert "the corpus names no outlet" in topics
    assert "No clustering: a silhouette needs two clusters and one more document, so at least 3 different documents; there are 2." in topics
    _, page = pages[("07", "undated")]
    assert "No article has a date: no comparison of periods." in page
    assert "The corpus names no outlet" in page


@pytest.mark.slow
def test_reports_without_the_theme(pages, shapes):
    frame, path = shapes["reports"]
    assert not any("建圈强链" in t for t in _simplified_texts(path))
    n = len(frame)
    for name in ("04", "05", "07"):
        findings, _ = pages[(name, "reports")]
        assert f"no article mentions 建圈强链, so all {n} articles are used" in findings, name
    kw, _ = pages[("04", "reports")]
    assert "建圈强链 (the theme's first term) does not occur in the text of the articles analysed." in kw
    last = str(max(frame["date"].astype(str).str[:4]))
    assert f"- year {last} against the rest" in kw
    topics, _ = pages[("05", "reports")]
    years = sorted(frame["date"])  # one report a year, at most max_bins of them: year bins
    assert f"Over time (year bins, {len(years)} with documents, {years[0]} to {years[-1]})" in topics
    # the words of a topic per year: the first and the last year's five words, from those years alone
    assert re.search(rf"(changed most between|the one topic in both\) between) the first and the last year: \d of its "
                     rf"\d top words in {years[0]} \([^)]+\) (is|are) still among its top words in {years[-1]}", topics) or (
        f"No topic holds 5% of both the first year ({years[0]}) and the last ({years[-1]})" in topics)
    # k set by hand outside the scanned k: the page says so and reports that k's coherence
    assert "**k = 4** was set by hand, outside the scanned k (2, 3); the scan's own choice: k=" in topics
    assert re.search(r"At k = 4, the topics' mean coherence is -?\d\.\d{3}", topics)
    # absent from the corpus, so from the matrix too: the page says why it can be no topic's term
    assert ("The theme (建圈强链) is not among the terms of any topic: it is not in the matrix, whose terms occur in at "
            "least 2 documents.") in topics
    assert "the corpus names no outlet" in topics
    cats, _ = pages[("07", "reports")]
    assert "nothing to code, no article analysed mentions 建圈强链." in cats


@pytest.mark.slow
def test_one_outlet_with_year_only_dates(pages, shapes):
    frame, _ = shapes["years"]
    years = sorted(frame["date"].unique())
    topics, _ = pages[("05", "years")]
    assert f"Over time (year bins, {len(years)} with documents, {years[0]} to {years[-1]})" in topics
    # a corpus larger than max_scan / max_tree is scanned and clustered on a sample of that size
    assert "(scanned on a sample of 20 documents)" in topics and "Clustering (a sample of 20 documents)" in topics
    cats, _ = pages[("07", "years")]
    assert "**Periods** (year)" in cats and "**Outlets:**" not in cats


@pytest.mark.slow
def test_generated_corpus_with_several_outlets(pages, shapes):
    frame, path = shapes["several"]
    outlets = frame["outlet"].nunique()
    kw, _ = pages[("04", "several")]
    assert f"from {outlets} outlets." in kw
    n = sum(t.count("新质生产力") for t in _simplified_texts(path))
    assert n and f"- 新质生产力 (the theme's first term) occurs {n:,} time" in kw
    assert "over 50 documents" in kw  # jieba compares a sample of jieba_sample
    topics, _ = pages[("05", "several")]
    mention = sum("新质生产力" in t for t in _simplified_texts(path))
    assert re.search(rf"the {mention:,} of [\d,]+ articles that mention 新质生产力", topics)
    cats, _ = pages[("07", "several")]
    # the densest and sparsest outlets with their hits, and a caution when a rate rests on few of them
    assert re.search(rf"\d[\d,]* hits?\), over {outlets} outlets( \(a rate on fewer than 30 hits is a rough one\))?\.", cats)


@pytest.mark.slow
def test_keywords_page_says_when_the_theme_is_only_in_titles(tmp_path):
    frame = generate(12, 5)
    term = "数智强链"
    assert not frame["text"].str.contains(term).any()
    frame = frame.assign(title=["" if i % 4 else term + "开启新篇章" for i in range(len(frame))])
    in_titles = int(frame["title"].str.contains(term).sum())
    findings, _ = _render(("04", str(write(frame, tmp_path / "titles.jsonl")), {**FAST, "theme": [term], "jieba_sample": 5}))
    assert (f"- {term} (the theme's first term) does not occur in the text of the articles analysed; it is in the "
            f"titles of {in_titles:,} of them") in findings

"""The whole report (every notebook, nqp.report.run_report) on corpora of four shapes: the bundled work reports
with the theme 高质量发展, a generated corpus of clean articles from several outlets, one document and an
undated folder of .txt files. Each report is rendered once (in two worker processes) and every test reads
its index and its executed pages: the facts they state are computed here from the corpus itself."""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate, write  # noqa: E402

PAGES = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
#: the topic scans kept short; the reference corpus given only in the work reports' own report, where it is the
#: corpus itself and so compared with nothing (the seeds report, tests/test_report.py, compares with it)
FAST = {"n_seeds": 2, "reference_ks": [3, 4]}


def _run(job: tuple[str, str, list | None, dict, str]) -> str:
    from nqp.report import run_report

    corpus, out, theme, params, _ = job
    run_report(corpus=corpus, out=out, theme=theme, params=params)
    return out


def _markdown(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def reports(tmp_path_factory, reference_corpus):
    """{shape: (the corpus as a table, the report's folder)}: each corpus rendered once, whole."""
    base = tmp_path_factory.mktemp("report-shapes")
    generated = generate(300, seed=5)
    one = generate(1, seed=8)
    folder = base / "undated"
    folder.mkdir()
    undated = reference_corpus.iloc[[10, 30, 50]]
    for doc_id, text in zip(undated["doc_id"], undated["text"]):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    jobs = {
        "reports": ("gov_work_reports", ["高质量发展"], FAST, reference_corpus),
        "generated": (str(write(generated, base / "generated.parquet")), ["新质生产力"],
                      {**FAST, "reference_corpus": None, "jieba_sample": 50}, generated),
        "one": (str(write(one, base / "one.jsonl")), ["新质生产力"], {**FAST, "reference_corpus": None}, one),
        "undated": (str(folder), None, {**FAST, "reference_corpus": None}, undated),
    }
    runs = [(corpus, str(base / f"out-{shape}"), theme, params, shape) for shape, (corpus, theme, params, _) in jobs.items()]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        outs = list(pool.map(_run, runs))
    return {shape: (jobs[shape][3], Path(out)) for shape, out in zip(jobs, outs)}


def _read(out: Path):
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = {name[:2]: nbformat.read(out / name, as_version=4) for name in PAGES}
    return index, pages, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _every_page_is_there(out: Path, index: str, pages) -> None:
    for name in PAGES:
        stem = name.removesuffix(".ipynb")
        assert (out / f"{stem}.html").is_file() and f'href="{stem}.html"' in index
    for nb in pages.values():
        assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


@pytest.mark.slow
def test_work_reports_with_a_theme(reports):
    frame, out = reports["reports"]
    index, pages, manifest = _read(out)
    _every_page_is_there(out, index, pages)
    n, years = len(frame), frame["date"].astype(int)
    assert manifest["corpus"] == "gov_work_reports" and manifest["documents"] == n
    assert f"<strong>{n} documents</strong> (no outlet given)" in index
    assert f"Dates run from {years.min()} to {years.max()}" in index
    # the theme, counted on the raw texts: the reports that print it and the first of them
    naming = frame[frame["text"].str.contains("高质量发展")]
    first = naming.loc[naming["date"].astype(int).idxmin()]
    theme = _markdown(pages["06"])
    assert re.search(rf"\*\*[\d,]+ mentions\*\* of 高质量发展 in {len(naming)} documents;", theme)
    assert f"The earliest mention is dated {first['date']} ({first['doc_id']})" in theme
    # every page that picks articles says so, with counts of its own
    assert f"**Scope:** all {n} articles, from {n} documents; {len(naming)} of them mention 高质量发展." in _markdown(pages["04"])
    assert f"**Scope:** all {n} articles, from {n} documents; {len(naming)} of them mention 高质量发展." in _markdown(pages["07"])
    # the reference corpus is the corpus analysed: no page compares the reports with themselves
    for page in ("04", "05", "06", "07"):
        assert ("No comparison with a reference corpus: the corpus analysed is the reference corpus "
                "(gov_work_reports) itself") in _markdown(pages[page]), page
    assert all(manifest["notebooks"][name]["seconds"] > 0 for name in PAGES)


def _start(date: str) -> str:
    """The first day a date of day or month precision stands for."""
    return date if len(date) == 10 else f"{date}-01"


@pytest.mark.slow
def test_generated_corpus_of_clean_articles_from_several_outlets(reports):
    from nqp.script import to_simplified

    frame, out = reports["generated"]
    index, pages, manifest = _read(out)
    _every_page_is_there(out, index, pages)
    n, outlets = len(frame), frame["outlet"].nunique()
    assert f"<strong>{n:,} documents</strong> from <strong>{outlets} outlets</strong>" in index
    first = re.search(r"Dates run from (\S+) to", _markdown(pages["01"])).group(1)
    assert _start(first) == min(_start(d) for d in frame["date"])
    # clean articles stay whole: one article per document
    assert f"**{n:,} documents became {n:,} articles**" in _markdown(pages["02"])
    naming = frame[[("新质生产力" in to_simplified(t)) for t in frame["text"]]]
    assert 0 < len(naming) < n
    scope = f"**Scope:** all {n:,} articles, from {n:,} documents; {len(naming):,} of them mention 新质生产力."
    assert scope in _markdown(pages["04"]) and scope in _markdown(pages["07"])
    theme = _markdown(pages["06"])
    assert re.search(rf"mentions\*\* of 新质生产力 in {len(naming):,} documents from {naming['outlet'].nunique()} outlets", theme)
    date, outlet = re.search(r"The earliest mention is dated (\S+) \((.+?), ", theme).groups()
    assert _start(date) == min(_start(d) for d in naming["date"])
    assert outlet in set(naming.loc[[_start(d) == _start(date) for d in naming["date"]], "outlet"])


@pytest.mark.slow
def test_one_document(reports):
    frame, out = reports["one"]
    index, pages, _ = _read(out)
    _every_page_is_there(out, index, pages)
    row = frame.iloc[0]
    assert f"<strong>1 document</strong> from <strong>one outlet</strong>, {row['outlet']}" in index
    assert f"Every dated document is of {row['date']}" in index
    from nqp.script import to_simplified

    mentions = "新质生产力" in to_simplified(row["text"])
    scope = "**Scope:** the only article, from the one document" + ("; it mentions 新质生产力." if mentions else "; it does not mention 新质生产力.")
    assert scope in _markdown(pages["04"]) and scope in _markdown(pages["07"])


@pytest.mark.slow
def test_undated_folder(reports):
    frame, out = reports["undated"]
    index, pages, manifest = _read(out)
    _every_page_is_there(out, index, pages)
    n = len(frame)
    assert manifest["documents"] == n and manifest["parameters"]["theme"] is None
    assert f"<strong>{n} documents</strong> (no outlet given)" in index
    assert f"No document is dated ({n} of {n} undated)" in index
    lengths = pd.Series([len(t) for t in frame["text"]])
    assert f"{int(lengths.sum()):,} characters in all" in _markdown(pages["01"])
    for name in ("04", "07"):
        assert (f"**Scope:** all {n} articles, from {n} documents. No theme was given: pass one with "
                "`nqp report --theme 新质生产力`.") in _markdown(pages[name])
    assert "No theme was given" in _markdown(pages["06"])

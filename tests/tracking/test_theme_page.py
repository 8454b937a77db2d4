"""Notebook 06, the theme page, rendered on a corpus with planted diffusion and without a theme."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from planted_diffusion import OTHER, OUTLETS, PLANTED, TERM, planted_corpus

from nqp.report import run_report


def _findings(out) -> str:
    nb = nbformat.read(out / "06-theme.ipynb", as_version=4)
    at = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
    return "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells[at:] if c.cell_type == "code"
                   for o in c.outputs)


@pytest.mark.slow
def test_the_theme_page_reads_the_planted_diffusion(tmp_path):
    path = tmp_path / "planted.csv"
    planted_corpus().to_csv(path, index=False)
    run_report(corpus=path, out=tmp_path / "out", only=["06"],
               theme=[TERM, OTHER], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    n_outlets = len(OUTLETS) + 1
    # the outlets that adopt the term and the month the last of them first prints it (the planted schedule)
    firsts = pd.DataFrame(PLANTED, columns=["outlet", "date", "precision", "where"]).groupby("outlet")["date"].min()
    last, first = firsts.max()[:7], firsts.min()[:7]
    assert f"**Adoption of {TERM}:** {len(firsts)} of {n_outlets} outlets by {last}, starting in {first}" in text
    assert "municipal → provincial: 63 days" in text
    assert "provincial → central: 81 to 100 days" in text
    assert "1 of them only in a title the text does not print" in text
    assert "On the seeds" not in text and "Government work reports" not in text


@pytest.mark.slow
def test_without_a_theme_the_page_says_how_to_give_one(tmp_path):
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "a.txt").write_text("今天天气很好。我们去公园散步。", encoding="utf-8")
    run_report(corpus=folder, out=tmp_path / "out", only=["06"], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    assert "nqp report --theme 新质生产力" in text and "the 1 article in scope" in text


def _page_text(out) -> str:
    nb = nbformat.read(out / "06-theme.ipynb", as_version=4)
    parts = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            parts.append(c.source)
        for o in c.get("outputs", []):
            parts.append(o.get("text", "") + o.get("data", {}).get("text/markdown", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_several_terms_are_counted_one_by_one(tmp_path):
    df = planted_corpus()
    path = tmp_path / "planted.csv"
    df.to_csv(path, index=False)
    run_report(corpus=path, out=tmp_path / "out", only=["06"], theme=[TERM, OTHER], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    counts = {}
    for t in (TERM, OTHER):
        hits = df["text"].str.count(t) + df["title"].str.count(t)
        counts[t] = (int(hits.sum()), int((hits > 0).sum()))
    expected = "; ".join(f"{t} {n} mention{'s' if n != 1 else ''} ({d} document{'s' if d != 1 else ''})"
                         for t, (n, d) in counts.items())
    assert f"- **By term:** {expected}." in text
    page = _page_text(tmp_path / "out")
    assert "On the seeds" not in page and "this section reads the seeds" not in page


@pytest.mark.slow
def test_a_year_only_first_mention_is_not_called_earlier_than_one_inside_its_year(tmp_path):
    rows = [("y", "2023", "会上提出，要以数智强链推动产业升级。数智强链是关键。"), ("d", "2023-03-05", "报告说，数智强链成效明显。"),
            ("later", "2024-02-01", "今年继续推进数智强链。"), ("none", "2023-06-01", "今天天气很好。")]
    path = tmp_path / "mixed.csv"
    pd.DataFrame(rows, columns=["doc_id", "date", "text"]).to_csv(path, index=False)
    run_report(corpus=path, out=tmp_path / "out", only=["06"], theme=["数智强链"], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    inside = sum(1 for _, d, t in rows[1:] if d.startswith("2023") and "数智强链" in t)
    day, doc = min((d, i) for i, d, t in rows[1:] if d.startswith("2023") and "数智强链" in t and len(d) == 10)
    assert (f"The earliest mention is dated 2023 (y; dated only to the year: {inside} mention of other documents "
            f"falls within 2023, so which came first is not known; the earliest dated to the day: {day} ({doc})), "
            "in the document's own voice") in text
    n = sum(t.count("数智强链") for _, _, t in rows)  # every mention, nobody quoted
    assert f"{n} are in the documents' own voice (the corpus names no outlet)." in text
    page = _page_text(tmp_path / "out")
    assert "neither the raw files nor the cleaned text" not in page


@pytest.mark.slow
def test_undated_mentions_are_said_and_ties_are_ties(tmp_path):
    """Half the mentions undated: the page says how many and that the dated findings count the others; two outlets
    with the most mentions each are said to share it; a companion that leaves is named."""
    rows = [("a", "2023-01-05", "甲报", "会上提出，要以数智强链推动产业升级。"), ("b", None, "乙报", "报告说，数智强链成效明显。"),
            ("c", "2023-06-01", "乙报", "今年继续推进数智强链。"), ("d", None, "丙报", "今天天气很好。"),
            ("e", None, "甲报", "数智强链是关键。")]
    path = tmp_path / "half.csv"
    pd.DataFrame(rows, columns=["doc_id", "date", "outlet", "text"]).to_csv(path, index=False)
    run_report(corpus=path, out=tmp_path / "out", only=["06"], theme=["数智强链"], params={"reference_corpus": None})
    text = _findings(tmp_path / "out")
    n = sum(t.count("数智强链") for *_, t in rows)
    undated = [(i, t.count("数智强链")) for i, d, _, t in rows if d is None and "数智强链" in t]
    k = sum(c for _, c in undated)
    assert (f"- **Undated:** {k} of the {n} mentions ({len(undated)} documents) have no date: any of them may be "
            f"earlier, and what is ordered in time below (adoption, levels, lag, trend) counts the other {n - k}.") in text
    per_outlet = pd.DataFrame(rows, columns=["doc_id", "date", "outlet", "text"]).assign(
        n=lambda f: f["text"].str.count("数智强链")).groupby("outlet")["n"].sum()
    top = per_outlet[per_outlet == per_outlet.max()]
    assert len(top) == 2
    assert f"- **Where:** 2 outlets share the most mentions, {int(top.iloc[0])} each ({', '.join(sorted(top.index))}); " in text

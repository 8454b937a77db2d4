"""The report's corpus options (--text-column, --id-column, --encoding): they reach every page, are recorded in
the manifest, and the pages read the corpus loaded once by the report (nqp.report.report_cleaned)."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import nqp
from nqp.cli import main
from nqp.errors import NqpValueError
from nqp.report import PREPARED_ENV, report_cleaned, report_corpus, run_report

ROOT = Path(__file__).resolve().parents[2]


def _posts(tmp_path, corpus) -> Path:
    """Three seeds as a table whose text is in ``body`` and whose id is ``post_id``."""
    rows = corpus.iloc[[0, 2, 3]]
    table = pd.DataFrame({"post_id": [f"p{i}" for i in range(3)], "outlet": rows["outlet"].tolist(),
                          "date": rows["date"].tolist(), "body": rows["text"].tolist()})
    path = tmp_path / "posts.csv"
    table.to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_a_table_whose_text_column_is_not_text_renders(tmp_path, corpus):
    path = _posts(tmp_path, corpus)
    out = tmp_path / "out"
    assert main(["report", "--corpus", str(path), "--text-column", "body", "--id-column", "post_id",
                 "--out", str(out), "--only", "01", "02"]) == 0
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["parameters"]["text_column"] == "body" and man["parameters"]["id_column"] == "post_id"
    assert man["documents"] == 3
    assert man["corpus_sha256"] == nqp.corpus_hash(nqp.load_corpus(path, text_column="body", id_column="post_id"))
    for name in ("01-corpus", "02-cleaning"):
        assert man["notebooks"][f"{name}.ipynb"]["parameters"]["text_column"] == "body"
    executed = nbformat.read(out / "01-corpus.ipynb", as_version=4)
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in executed.cells for o in c.get("outputs", []))
    assert "**3 documents**" in shown
    assert not (out / ".prepared").exists()  # the prepared corpora go with the run


def test_a_notebook_without_the_option_is_refused_before_anything_runs(tmp_path, monkeypatch):
    import nqp.report

    folder = tmp_path / "nbs"
    folder.mkdir()
    for name, params in [("01-a.ipynb", 'corpus = "x"\ntext_column = "text"'), ("02-b.ipynb", 'corpus = "x"')]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# test"), nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
        nbformat.write(nb, folder / name)
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    with pytest.raises(NqpValueError, match=r"text_column='body': 02-b.ipynb has no parameter 'text_column'"):
        run_report(ROOT / "seeds", tmp_path / "out", notebooks=folder, text_column="body")
    with pytest.raises(NqpValueError, match=r"-p text_column: .* given with --text-column"):
        run_report(ROOT / "seeds", tmp_path / "out", notebooks=folder, params={"text_column": "body"})
    with pytest.raises(NqpValueError, match=r"encoding='no-such-codec'"):
        run_report(ROOT / "seeds", tmp_path / "out", notebooks=folder, encoding="no-such-codec")
    assert not (tmp_path / "out").exists()


def test_the_report_path_is_the_plain_path_and_is_read_back(tmp_path, seeds_path, monkeypatch, corpus):
    monkeypatch.delenv(PREPARED_ENV, raising=False)
    plain = nqp.clean(corpus, layout="auto", boilerplate=0.5)
    alone = report_cleaned(seeds_path)  # no report: loaded and cleaned here
    pd.testing.assert_frame_equal(alone.articles, plain.articles)
    monkeypatch.setenv(PREPARED_ENV, str(tmp_path / "prepared"))
    first = report_cleaned(seeds_path)
    kept = sorted(p.name for p in (tmp_path / "prepared").iterdir())
    assert [n.split("-")[0] for n in kept] == ["cleaned", "corpus"]
    # the second call reads the copy: a marked copy comes back
    cleaned_file = next((tmp_path / "prepared").glob("cleaned-*.pickle"))
    marked = pickle.loads(cleaned_file.read_bytes())
    marked.articles.attrs["read back"] = True
    cleaned_file.write_bytes(pickle.dumps(marked))
    assert report_cleaned(seeds_path).articles.attrs.get("read back") is True
    pd.testing.assert_frame_equal(first.articles, plain.articles)
    pd.testing.assert_frame_equal(report_corpus(seeds_path), corpus)
    # other cleaning parameters, another entry; a changed file, another key
    report_cleaned(seeds_path, layout="article")
    assert len(list((tmp_path / "prepared").glob("cleaned-*.pickle"))) == 2
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in seeds_path.iterdir():
        if f.is_file():
            (copy / f.name).write_bytes(f.read_bytes())
    before = report_cleaned(copy)
    victim = next(p for p in sorted(copy.glob("*.txt")))
    victim.write_text(victim.read_text(encoding="utf-8") + "\n新加的一段。\n", encoding="utf-8")
    os.utime(victim, ns=(victim.stat().st_atime_ns, victim.stat().st_mtime_ns + 10**9))
    after = report_cleaned(copy)
    assert after.corpus["n_chars"].sum() > before.corpus["n_chars"].sum()


@pytest.mark.slow
def test_an_export_with_its_own_column_names_renders_with_the_column_options(tmp_path, corpus):
    rows = corpus.iloc[[0, 2, 3]]
    export = pd.DataFrame({"标题": [f"标题{i}" for i in range(3)], "来源": rows["outlet"].tolist(),
                           "发布时间": [f"{d} 08:00" if len(d) == 10 else d for d in rows["date"]], "text": rows["text"].tolist()})
    path = tmp_path / "export.csv"
    export.to_csv(path, index=False)
    out = tmp_path / "out"
    assert main(["report", "--corpus", str(path), "--date-column", "发布时间", "--outlet-column", "来源",
                 "--title-column", "标题", "--out", str(out), "--only", "01"]) == 0
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["parameters"]["date_column"] == "发布时间" and man["parameters"]["outlet_column"] == "来源"
    executed = nbformat.read(out / "01-corpus.ipynb", as_version=4)
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in executed.cells for o in c.get("outputs", []))
    n_outlets = export["来源"].nunique()
    first, last = min(rows["date"]), max(rows["date"])
    assert f"**3 documents** from **{n_outlets} outlets**" in shown
    assert f"Dates run from {first} to {last}" in shown


@pytest.mark.slow
def test_what_the_loader_warned_about_is_on_page_01(tmp_path, corpus, capsys):
    """A column that looks like the outlet but is not read: the command prints the warning, and page 01 says it
    to the page's readers (at the top and in its findings), from the one load the report made."""
    rows = corpus.iloc[[0, 2, 3]]
    path = tmp_path / "export.csv"
    pd.DataFrame({"text": rows["text"].tolist(), "來源": rows["outlet"].tolist()}).to_csv(path, index=False)
    out = tmp_path / "out"
    assert main(["report", "--corpus", str(path), "--out", str(out), "--only", "01"]) == 0
    err = capsys.readouterr().err
    assert f"nqp report: warning: {path}: no 'outlet' column, but the column '來源'" in err
    executed = nbformat.read(out / "01-corpus.ipynb", as_version=4)
    shown = [o.get("data", {}).get("text/markdown", "") for c in executed.cells for o in c.get("outputs", [])]
    top = [s for s in shown if s.startswith("**The loader warned:**")]
    assert len(top) == 1 and "the column '來源' holds what looks like the outlet" in top[0]
    findings = shown[-1] if shown[-1].startswith("- ") else next(s for s in reversed(shown) if s.startswith("- "))
    assert "- The loader warned: " in findings and "'來源'" in findings


def test_the_loader_warnings_travel_with_the_loaded_corpus(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({"text": ["成都加快发展新质生产力。", "建圈强链。"], "来源": ["人民日报", "成都日报"]}).to_csv(path, index=False)
    with pytest.warns(UserWarning, match="the column '来源' holds what looks like the outlet"):
        docs = report_corpus(str(path))
    assert len(docs.attrs["load_warnings"]) == 1 and "'来源'" in docs.attrs["load_warnings"][0]
    clean = tmp_path / "clean.csv"
    pd.DataFrame({"text": ["成都加快发展新质生产力。"]}).to_csv(clean, index=False)
    assert report_corpus(str(clean)).attrs["load_warnings"] == []

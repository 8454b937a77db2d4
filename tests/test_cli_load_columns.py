"""--date-column, --outlet-column, --title-column: every command that loads a corpus takes them, a bad one is one
line naming the columns there are; nqp report gives them to every page and records them in the manifest."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

import nqp
import nqp.report
from nqp.cli import build_parser, main
from nqp.errors import NqpValueError
from nqp.report import run_report

TEXTS = ["成都加快发展新质生产力,聚焦产业转型升级。\n\n推动科技创新。",
         "建圈强链:重点产业链高质量发展。\n\n新质生产力不断壮大。",
         "科技创新引领现代化产业体系建设。\n\n因地制宜发展新质生产力。"]
DATES = ["2023-10-05 14:30", "２０２３年１１月", "2024年"]
OUTLETS = ["人民日报", "成都日报", "新华社"]
TITLES = ["加快发展新质生产力", "建圈强链", "科技创新引领"]
OPTIONS = ["--text-column", "正文", "--date-column", "发布时间", "--outlet-column", "来源", "--title-column", "标题"]


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({"正文": TEXTS, "发布时间": DATES, "来源": OUTLETS, "标题": TITLES}).to_csv(path, index=False)
    return path


def test_every_corpus_command_takes_the_options():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        dests = {a.dest for a in command._actions}
        if "text_column" in dests:  # a command that loads a corpus
            assert {"date_column", "outlet_column", "title_column"} <= dests, name


def test_clean_reads_the_named_columns(export, tmp_path):
    out = tmp_path / "articles.csv"
    assert main(["clean", str(export), *OPTIONS, "--out", str(out)]) == 0
    articles = pd.read_csv(out)
    by_outlet = articles.drop_duplicates("outlet").set_index("outlet")
    assert sorted(by_outlet.index) == sorted(OUTLETS)
    assert {o: by_outlet.loc[o, "date"] for o in OUTLETS} == {"人民日报": "2023-10-05", "成都日报": "2023-11",
                                                              "新华社": "2024"}


def test_an_unknown_column_is_one_line_naming_the_columns(export, tmp_path, capsys):
    assert main(["clean", str(export), "--text-column", "正文", "--date-column", "pubdate",
                 "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert "no column 'pubdate'" in err and "正文, 发布时间, 来源, 标题" in err and "Traceback" not in err
    assert not (tmp_path / "a.csv").exists()


def _notebooks(folder, declares: bool):
    folder.mkdir()
    params = 'corpus = "x"\ntext_column = "text"\nid_column = None\nencoding = None\n'
    if declares:
        params += "date_column = None\noutlet_column = None\ntitle_column = None\n"
    for name in ("01-a.ipynb", "02-b.ipynb"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# test"),
                    nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
        nbformat.write(nb, folder / name)
    return folder


class _Stop(Exception):
    pass


def test_the_report_gives_them_to_every_page_and_records_them(export, tmp_path, monkeypatch):
    folder = _notebooks(tmp_path / "nbs", declares=True)
    seen = {}
    made = nqp.report.manifest

    def manifest(corpus, params, docs=None):
        seen["manifest"] = made(corpus, params, docs=docs)
        seen["docs"] = docs
        return seen["manifest"]

    def execute(path, params, **kwargs):
        seen.setdefault("pages", {})[path.name] = params
        raise _Stop()

    monkeypatch.setattr(nqp.report, "manifest", manifest)
    monkeypatch.setattr(nqp.report, "execute_notebook", execute)
    with pytest.raises(_Stop):
        run_report(export, tmp_path / "out", notebooks=folder, text_column="正文", date_column="发布时间",
                   outlet_column="来源", title_column="标题", jobs=1)
    given = {"date_column": "发布时间", "outlet_column": "来源", "title_column": "标题"}
    assert {k: seen["manifest"]["parameters"][k] for k in given} == given
    assert seen["pages"] and all({k: p[k] for k in given} == given for p in seen["pages"].values())
    docs = seen["docs"]  # the corpus the pages read: loaded with the columns
    assert sorted(docs["outlet"]) == sorted(OUTLETS) and sorted(docs["title"]) == sorted(TITLES)
    assert seen["manifest"]["corpus_sha256"] == nqp.corpus_hash(nqp.load_corpus(export, text_column="正文", **given))
    assert not (tmp_path / "out").exists()


def test_a_page_that_does_not_declare_them_is_refused_before_anything_runs(export, tmp_path, monkeypatch):
    folder = _notebooks(tmp_path / "nbs", declares=False)
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    with pytest.raises(NqpValueError, match=r"date_column='发布时间': 01-a.ipynb, 02-b.ipynb have no parameter "
                                            r"'date_column'.*Add `date_column = None` to the parameters cell"):
        run_report(export, tmp_path / "out", notebooks=folder, text_column="正文", date_column="发布时间")
    with pytest.raises(NqpValueError, match=r"-p outlet_column: .* given with --outlet-column"):
        run_report(export, tmp_path / "out", notebooks=folder, params={"outlet_column": "来源"})
    with pytest.raises(NqpValueError, match=r"title_column='标题': date_column names that column too"):
        run_report(export, tmp_path / "out", notebooks=folder, date_column="标题", title_column="标题")
    assert not (tmp_path / "out").exists()


def test_the_command_line_names_the_line_to_add_as_python(export, tmp_path, monkeypatch, capsys):
    folder = _notebooks(tmp_path / "nbs", declares=False)
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    assert main(["report", "--corpus", str(export), "--notebooks", str(folder), "--out", str(tmp_path / "out"),
                 "--text-column", "正文", "--date-column", "发布时间"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp report: --date-column '发布时间': 01-a.ipynb, 02-b.ipynb have no parameter 'date_column'")
    assert "Add `date_column = None` to the parameters cell" in err  # the Python line, not the option's name


def test_an_alias_warning_is_one_line_in_the_commands_terms(export, tmp_path, capsys):
    """Without the options the loader warns about each column that looks the part; the command prints each
    warning as one line named after it, with its own options as the remedy (no Python warning header)."""
    out = tmp_path / "articles.csv"
    assert main(["clean", str(export), "--text-column", "正文", "--out", str(out)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "warning" in line.lower()]
    by_role = {role: [line for line in lines if f"no {role!r} column" in line] for role in ("date", "outlet", "title")}
    assert all(len(found) == 1 for found in by_role.values()), lines
    for role, column in (("date", "发布时间"), ("outlet", "来源"), ("title", "标题")):
        line = by_role[role][0]
        assert line.startswith(f"nqp clean: warning: {export}: no {role!r} column")
        assert line.endswith(f"or pass --{role}-column '{column}'.")
    assert not any("UserWarning" in line for line in lines)


def test_a_missing_text_column_is_named_in_the_commands_terms(export, tmp_path, capsys):
    assert main(["clean", str(export), "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"nqp clean: {export}: no text column 'text' (columns: 正文, 发布时间, 来源, 标题). "
                   "The column '正文' looks like the text: pass --text-column '正文'.")

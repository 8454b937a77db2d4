"""The command line: arguments and output paths checked before any work, every error one line naming the
option, the bad value and the remedy, exit code 2, no traceback (``--debug`` shows it)."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.cli import main


def _refused_at_parse(argv, capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == "" and "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize("args, expected", [
    (["theme", "{seeds}", "建圈强链", "--freq", "fortnight"],
     "nqp theme: error: argument --freq: invalid choice: 'fortnight' (choose from 'auto', 'day', 'week', 'month', "
     "'quarter', 'year', 'decade')"),
    (["theme", "{seeds}", "建圈强链", "--width", "-1"], "nqp theme: error: argument --width: '-1': expected an integer >= 1"),
    (["theme", "{seeds}", "建圈强链", "--width", "wide"], "nqp theme: error: argument --width: 'wide': expected an integer >= 1"),
    (["keywords", "{seeds}", "--top", "0"], "nqp keywords: error: argument --top: '0': expected an integer >= 1"),
    (["kwic", "{seeds}", "建圈强链", "--window", "-5"], "nqp kwic: error: argument --window: '-5': expected an integer >= 0"),
])
def test_bad_arguments_are_refused_before_anything_is_printed(args, expected, seeds_path, capsys):
    assert _refused_at_parse([a.format(seeds=seeds_path) for a in args], capsys) == expected


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"nqp {nqp.__version__}"


def _one_line_error(argv, capsys, command) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith(f"nqp {command}: ")
    return err.strip()


@pytest.fixture()
def paths(tmp_path, read_only):
    f = tmp_path / "file.txt"
    f.write_text("keep me", encoding="utf-8")
    return {"file": f, "ro": read_only, "tmp": tmp_path}


@pytest.mark.parametrize("out, removals, expected", [
    ("{file}/a.csv", None, "nqp clean: --out '{file}/a.csv': '{file}' is a file, so no folder can be made under it."),
    ("{tmp}/a.csv", "{file}/r.csv", "nqp clean: --removals '{file}/r.csv': '{file}' is a file, so no folder can be made under it."),
    ("{tmp}/a.csv", "{ro}/r.csv", "nqp clean: --removals '{ro}/r.csv': the folder '{ro}' is not writable (permission denied)."),
    ("{ro}/a.csv", None, "nqp clean: --out '{ro}/a.csv': the folder '{ro}' is not writable (permission denied)."),
    ("{tmp}", None, "nqp clean: --out '{tmp}': is a folder, but a file is expected here."),
    ("{tmp}/a.txt", None, "nqp clean: --out '{tmp}/a.txt': unsupported file type '.txt'."),
    ("{tmp}/a.csv", "{tmp}/a.csv", "nqp clean: --removals '{tmp}/a.csv': also given as --out; write each table to its own file."),
])
def test_clean_checks_both_outputs_before_writing_either(out, removals, expected, paths, seeds_path, capsys, monkeypatch):
    import nqp.corpus

    def no_work(*args, **kwargs):
        raise AssertionError("the corpus was loaded before the output paths were checked")

    monkeypatch.setattr(nqp.corpus, "load_corpus", no_work)
    argv = ["clean", str(seeds_path), "--out", out.format(**paths)]
    if removals:
        argv += ["--removals", removals.format(**paths)]
    err = _one_line_error(argv, capsys, "clean")
    assert err.startswith(expected.format(**paths))
    assert sorted(p.name for p in paths["tmp"].rglob("*")) == ["file.txt", "read-only"]  # nothing written
    assert paths["file"].read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", [["keywords", "{seeds}"], ["kwic", "{seeds}", "建圈强链"], ["theme", "{seeds}", "建圈强链"]])
def test_other_commands_check_out_first(command, paths, seeds_path, capsys):
    argv = [a.format(seeds=seeds_path) for a in command] + ["--out", f"{paths['file']}/t.csv"]
    err = _one_line_error(argv, capsys, command[0])
    assert err.startswith(f"nqp {command[0]}: --out '{paths['file']}/t.csv': '{paths['file']}' is a file")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("where, expected", [
    ("file", "is an existing file, but a folder is expected here. Choose another folder, or remove the file."),
    ("ro", "the folder '{ro}' is not writable (permission denied)."),
    ("under", "'{file}' is a file, so no folder can be made under it."),
])
def test_report_checks_its_folder_before_notebook_01(where, expected, paths, seeds_path, capsys, monkeypatch):
    import nqp.report

    ran = []
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: ran.append(a))
    out = {"file": paths["file"], "ro": paths["ro"] / "report", "under": paths["file"] / "report"}[where]
    err = _one_line_error(["report", "--corpus", str(seeds_path), "--out", str(out)], capsys, "report")
    assert err.startswith(f"nqp report: --out '{out}': " + expected.format(**paths))
    assert ran == [] and list(paths["ro"].iterdir()) == []
    # the library function checks it too, before any notebook
    with pytest.raises(nqp.NqpValueError, match="^out="):
        nqp.report.run_report(seeds_path, out)
    assert ran == []


def test_debug_shows_the_traceback(paths, seeds_path, capsys):
    assert main(["clean", str(seeds_path), "--out", f"{paths['file']}/a.csv", "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.strip().splitlines()[-1].startswith("nqp clean: --out")
    assert main(["--debug", "keywords", "nowhere"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_an_os_error_about_a_path_is_one_line(paths, seeds_path, capsys, monkeypatch):
    import nqp.io

    def denied(table, out):
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(nqp.io, "write_table", denied)
    err = _one_line_error(["clean", str(seeds_path), "--out", str(paths["tmp"] / "a.csv")], capsys, "clean")
    assert err == (f"nqp clean: {paths['tmp'] / 'a.csv'}: permission denied: choose a path you can write to (or read), "
                   "or change its permissions.")


@pytest.fixture()
def body_table(tmp_path, corpus):
    path = tmp_path / "table.csv"
    corpus[["doc_id", "outlet", "date", "text"]].rename(columns={"text": "body", "doc_id": "key"}).to_csv(path, index=False)
    return path


def test_text_and_id_columns_reach_load_corpus(body_table, tmp_path, capsys):
    err = _one_line_error(["clean", str(body_table), "--out", str(tmp_path / "a.csv")], capsys, "clean")
    assert "--text-column" in err and "text_column" not in err and "no text column 'text'" in err
    assert not (tmp_path / "a.csv").exists()
    out = tmp_path / "a.parquet"
    assert main(["clean", str(body_table), "--text-column", "body", "--id-column", "key", "--out", str(out)]) == 0
    expected = nqp.clean(nqp.load_corpus(body_table, text_column="body", id_column="key")).articles
    got = pd.read_parquet(out)
    assert list(got["article_id"]) == list(expected["article_id"]) and list(got["text"]) == list(expected["text"])
    assert set(got["doc_id"]) == set(pd.read_csv(body_table)["key"])
    capsys.readouterr()
    assert main(["kwic", str(body_table), "建圈强链", "--text-column", "body", "--id-column", "key"]) == 0
    assert "建圈强链" in capsys.readouterr().out

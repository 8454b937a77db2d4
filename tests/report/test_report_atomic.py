"""Atomic report runs: the report is built beside --out and swapped in whole; a failed, or killed, run leaves the
previous report as it was and says which notebook failed and why, in one line. And the kernel's transport
warning stays out of the terminal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from nqp.cli import main
from nqp.errors import NqpValueError, ReportError
from nqp.report import execute_notebook, run_report

ROOT = Path(__file__).resolve().parents[2]


def _notebook(folder: Path, name: str, code: str, params: str = 'corpus = "../seeds"') -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {name[:2]} · test\n\nA question."),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ]
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def _previous_report(out: Path) -> dict[str, bytes]:
    """A report as an earlier run left it (its files and their bytes)."""
    out.mkdir(parents=True)
    (out / "index.html").write_text("<html>previous index</html>", encoding="utf-8")
    (out / "01-old.html").write_text("<html>previous page</html>", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"corpus": "old"}), encoding="utf-8")
    return _files(out)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.slow
def test_a_failing_notebook_leaves_the_previous_report_intact(tmp_path, seeds_path, capsys):
    folder = tmp_path / "nbs"
    _notebook(folder, "01-fine.ipynb", "print('fine')")
    _notebook(folder, "02-broken.ipynb", "import nqp\ndocs = nqp.load_corpus(corpus)\nlen(docs) / 0")
    out = tmp_path / "report"
    before = _previous_report(out)
    assert main(["report", "--corpus", str(seeds_path), "--notebooks", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]  # the progress bar writes above it
    assert err == (f"nqp report: 02-broken.ipynb, cell 3 failed: ZeroDivisionError: division by zero (line 3: "
                   f"`len(docs) / 0`). The report was not written to '{out}' (the previous report there is "
                   "unchanged). (--debug shows the details)")
    assert _files(out) == before  # 01 rendered, yet nothing of it reached the report
    assert _hidden(out) == []  # and the half-built folder is gone


def test_a_folder_that_is_not_a_report_is_not_replaced(tmp_path, seeds_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(NqpValueError, match=r"holds other files and no report \(no manifest\.json\)"):
        run_report(seeds_path, out)
    assert _files(out) == {"thesis.docx": b"precious"}


def test_a_report_with_files_of_ones_own_beside_it_is_not_replaced(tmp_path, seeds_path):
    out = tmp_path / "report"
    _previous_report(out)
    (out / "my_notes.txt").write_text("notes", encoding="utf-8")
    before = _files(out)
    with pytest.raises(NqpValueError, match=r"holds a report and files no report writes \(my_notes\.txt\)"):
        run_report(seeds_path, out)
    assert _files(out) == before


def test_a_report_inside_the_corpus_folder_is_refused(tmp_path, seeds_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_path, corpus)
    for out in (corpus / "report", corpus):
        with pytest.raises(NqpValueError, match=r"inside the corpus folder 'corpus'"):
            run_report(corpus, out)
    assert not (corpus / "report").exists()


@pytest.mark.slow
def test_a_run_killed_midway_leaves_the_previous_report_intact(tmp_path, seeds_path):
    folder = tmp_path / "nbs"
    started = tmp_path / "02-started"
    _notebook(folder, "01-fine.ipynb", "print('fine')", 'corpus = "../seeds"\nmarker = None')
    _notebook(folder, "02-slow.ipynb", "import pathlib, time\npathlib.Path(marker).touch()\ntime.sleep(300)",
              'corpus = "../seeds"\nmarker = None')
    out = tmp_path / "report"
    before = _previous_report(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "nqp", "report", "--corpus", str(seeds_path), "--notebooks", str(folder),
               "--out", str(out), "-p", f"marker={started}"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)  # its own process group: the kernel is killed with it
    try:
        deadline = time.monotonic() + 240

        def midway():  # notebook 02 running and page 01 written (the pages run side by side, or one by one)
            partial = [tmp_path / name for name in _hidden(out)]
            return started.exists() and len(partial) == 1 and (partial[0] / "01-fine.html").is_file()

        while not midway():
            assert run.poll() is None, "the run ended before notebook 02 started"
            assert time.monotonic() < deadline, "notebook 02 never started, or page 01 was never written"
            time.sleep(0.2)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert run.returncode == -signal.SIGKILL
    assert _files(out) == before
    # the next run removes what the killed one left and replaces the report
    _notebook(folder, "02-slow.ipynb", "print('quick now')", 'corpus = "../seeds"\nmarker = None')
    run_report(seeds_path, out, notebooks=folder)
    assert _hidden(out) == []
    assert sorted(_files(out)) == ["01-fine.html", "01-fine.ipynb", "02-slow.html", "02-slow.ipynb", "index.html",
                                   "manifest.json"]


def test_a_report_moved_aside_by_a_killed_run_is_put_back(tmp_path, seeds_path, monkeypatch):
    import nqp.report

    out = tmp_path / "report"
    before = _previous_report(out)
    # a run killed between its two renames: the old report moved aside, the new one not yet in place
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    aside = tmp_path / f".report.old-{int(dead.stdout)}-abc"
    out.rename(aside)
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: (_ for _ in ()).throw(ReportError("01-x: no")))
    folder = tmp_path / "nbs"
    _notebook(folder, "01-x.ipynb", "pass")
    with pytest.raises(ReportError, match=r"^01-x: no\. The report was not written to .* \(the previous report "
                                          r"there is unchanged\)"):
        run_report(seeds_path, out, notebooks=folder)
    assert _files(out) == before and _hidden(out) == []


@pytest.mark.slow
def test_the_kernel_transport_warning_stays_out_of_the_terminal(tmp_path, capfd):
    path = _notebook(tmp_path, "01-a.ipynb", "print(6 * 7)")
    executed = execute_notebook(path, {"corpus": "x"})
    assert executed.cells[-1].outputs[0]["text"] == "42\n"
    assert "without encryption" not in capfd.readouterr().err
    # the same kernel started as nbclient starts it by default says it (the warning this avoids)
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert "Kernel is running over TCP without encryption" in capfd.readouterr().err


def test_a_notebook_that_is_not_json_is_named(tmp_path, seeds_path, capsys):
    folder = tmp_path / "nbs"
    _notebook(folder, "01-fine.ipynb", "pass")
    (folder / "02-torn.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert main(["report", "--corpus", str(seeds_path), "--notebooks", str(folder), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp report: 02-torn.ipynb: not a readable notebook (") and "Traceback" not in err
    assert not (tmp_path / "o").exists()

"""The report from an installed nqp: the notebooks and the seeds ship inside the package (pyproject's mapping),
`nqp notebooks DIR` copies them out for editing, and `nqp report --notebooks DIR` renders the edited copies."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import nqp
from nqp.cli import main
from nqp.errors import NqpValueError
from nqp.report import copy_notebooks, notebook_parameters, run_report

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_the_wheel_holds_every_package_the_notebooks_and_the_seeds():
    config = _setuptools()
    mapped = config["package-dir"]
    assert mapped == {"nqp.notebooks": "notebooks", "nqp.seeds": "seeds"}
    # the list is explicit (a mapped package is not found by packages.find): every package under nqp/ is in it
    packages = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "nqp").rglob("__init__.py")}
    assert "nqp.tokens" in packages
    assert sorted(config["packages"]) == sorted(packages | set(mapped))
    for package, folder in mapped.items():
        patterns = config["package-data"][package]
        files = [p.name for p in (ROOT / folder).iterdir() if p.is_file() and not p.name.startswith(".")]
        wanted = [n for n in files if n.endswith(".ipynb")] if folder == "notebooks" else files
        assert wanted and all(any(fnmatch.fnmatch(n, pat) for pat in patterns) for n in wanted), (package, wanted)


def _installed_layout(site: Path) -> Path:
    """nqp laid out as a wheel installs it (pyproject's package-dir mapping applied), without building one."""
    shutil.copytree(ROOT / "nqp", site / "nqp", ignore=shutil.ignore_patterns("__pycache__"))
    for package, folder in _setuptools()["package-dir"].items():
        shutil.copytree(ROOT / folder, site / package.replace(".", "/"),
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return site


@pytest.mark.slow
def test_report_and_copies_from_an_installed_layout(tmp_path):
    site = _installed_layout(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"  # no notebooks/ or seeds/ here or above
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", "import nqp.report as r; print(r.default_notebook_dir()); "
                          "print(r.seeds_dir())"], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert run.stdout.split() == [str(site / "nqp" / "notebooks"), str(site / "nqp" / "seeds")]
    run = subprocess.run([sys.executable, "-m", "nqp", "report", "--only", "01", "--out", "rep"], cwd=elsewhere,
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "without encryption" not in run.stderr
    page = (elsewhere / "rep" / "01-corpus.html").read_text(encoding="utf-8")
    assert f"{len(nqp.load_corpus(ROOT / 'seeds'))} documents" in page
    run = subprocess.run([sys.executable, "-m", "nqp", "notebooks", "mine"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (elsewhere / "mine").iterdir()) == sorted([p.name for p in NOTEBOOKS] + ["seeds"])


def test_copies_are_the_notebooks_with_a_corpus_that_resolves_beside_them(tmp_path):
    dest = tmp_path / "mine"
    written = copy_notebooks(dest)
    assert written == [dest / p.name for p in NOTEBOOKS] + [dest / "seeds"]
    for source in NOTEBOOKS:
        original, copy = (nbformat.read(p, as_version=4) for p in (source, dest / source.name))
        assert notebook_parameters(source)["corpus"] == "../seeds"
        assert notebook_parameters(dest / source.name)["corpus"] == "seeds"
        changed = [(a.source, b.source) for a, b in zip(original.cells, copy.cells) if a.source != b.source]
        assert len(original.cells) == len(copy.cells) and len(changed) == 1  # the parameters cell only
        before, after = (s.splitlines() for s in changed[0])
        lines = [(a, b) for a, b in zip(before, after) if a != b]
        assert [(a.split("  #")[0], b.split("  #")[0]) for a, b in lines] == [('corpus = "../seeds"', 'corpus = "seeds"')]
        assert [a.partition("  #")[2] for a, _ in lines] == [b.partition("  #")[2] for _, b in lines]  # comment kept
    seeds = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir()}
    assert {p.name: p.read_bytes() for p in (dest / "seeds").iterdir()} == seeds


def test_copies_are_not_overwritten_without_force(tmp_path, capsys):
    dest = tmp_path / "mine"
    copy_notebooks(dest)
    edited = dest / NOTEBOOKS[0].name
    edited.write_text("my edits", encoding="utf-8")
    with pytest.raises(NqpValueError, match=rf"{NOTEBOOKS[0].name}, .*seeds already there; add --force"):
        copy_notebooks(dest)
    assert edited.read_text(encoding="utf-8") == "my edits"
    assert main(["notebooks", str(dest)]) == 2
    assert "already there; add --force" in capsys.readouterr().err
    assert main(["notebooks", str(dest), "--force"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:len(NOTEBOOKS)] == [f"written: {dest / p.name}" for p in NOTEBOOKS]
    assert out[len(NOTEBOOKS)] == f"written: {dest / 'seeds'}/"
    assert nbformat.read(edited, as_version=4).cells[0].source.startswith("# 01")


@pytest.mark.slow
def test_an_edited_copy_runs_as_it_is_and_through_the_report(tmp_path):
    from nbclient import NotebookClient

    dest = tmp_path / "mine"
    copy_notebooks(dest)
    path = dest / NOTEBOOKS[0].name
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# 01 · My own look at the corpus\n\nWhat did I collect?"
    nbformat.write(nb, path)
    # as JupyterLab runs it: in its folder, with its own default corpus
    NotebookClient(nbformat.read(path, as_version=4), kernel_name="python3",
                   resources={"metadata": {"path": str(dest)}}).execute()
    index = run_report(ROOT / "seeds", tmp_path / "out", notebooks=dest, only=["01"])
    assert "My own look at the corpus" in index.read_text(encoding="utf-8")


def test_a_report_of_the_copies_reads_their_own_seeds(tmp_path, monkeypatch):
    """nqp notebooks DIR copies the seeds beside the notebooks; nqp report --notebooks DIR, with no --corpus,
    reads that copy (the user may have edited it), not the seeds nqp ships. The manifest names it as the copy in
    DIR; the pages are given its path relative to the folder the report runs in (where the kernels run), so
    that the pages shared as HTML show no folder of the machine."""
    dest = tmp_path / "mine"
    copy_notebooks(dest)
    page = next((dest / "seeds").glob("*.txt"))
    page.write_text(page.read_text(encoding="utf-8") + "\n我的补充段落。\n", encoding="utf-8")
    n_chars = sum(len(p.read_text(encoding="utf-8")) for p in (dest / "seeds").glob("*.txt"))
    elsewhere = tmp_path / "run" / "here"  # the copies' seeds are ../../mine/seeds from here
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    run_report("seeds", tmp_path / "out", notebooks=Path("../../mine"), only=["01"])
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["characters"] == n_chars != sum(len(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").glob("*.txt"))
    assert manifest["corpus"] == manifest["parameters"]["corpus"] == "mine/seeds"
    assert {nb: v["parameters"]["corpus"] for nb, v in manifest["notebooks"].items()} == {NOTEBOOKS[0].name: "mine/seeds"}
    executed = nbformat.read(tmp_path / "out" / NOTEBOOKS[0].name, as_version=4)
    injected = [c.source for c in executed.cells if c.source.startswith("# Parameters of this run")]
    assert len(injected) == 1 and f"corpus = {os.path.join('..', '..', 'mine', 'seeds')!r}" in injected[0].splitlines()
    html = (tmp_path / "out" / NOTEBOOKS[0].name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    assert str(tmp_path) not in html


def test_the_shipped_notebooks_and_help_send_no_one_to_a_file_the_wheel_lacks():
    """benchmarks/ is not in the wheel: where the notebooks or a command's help cite it, they say it is in nqp's
    source repository."""
    import argparse
    import re

    from nqp.cli import build_parser

    assert not (ROOT / "nqp" / "benchmarks").exists() and "benchmarks" not in _setuptools()["packages"]
    texts = {p.name: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells) for p in NOTEBOOKS}
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    texts.update({f"nqp {name} --help": parser.format_help() for name, parser in sub.choices.items()})
    cited = {where: re.findall(r"[^\n]{0,80}benchmarks/[^\n]{0,20}", text) for where, text in texts.items()}
    cited = {where: found for where, found in cited.items() if found}
    assert cited, "the notebooks cite the benchmarks somewhere"  # else this test checks nothing
    assert {where: [c for c in found if "source repository" not in c] for where, found in cited.items()} == {
        where: [] for where in cited}

"""``nqp report --only PAGES -p name=value`` where only a page left out has the parameter: the error names that
page and says it is not selected (it is not a name "no notebook has"). Nothing runs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import nqp.report
from nqp.cli import main
from nqp.errors import NqpValueError
from nqp.report import run_report


def _notebook(folder: Path, name: str, params: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name[:2]} · test"),
                nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("pass")]
    nbformat.write(nb, folder / name)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    folder = tmp_path / "nbs"
    folder.mkdir()
    _notebook(folder, "01-a.ipynb", 'corpus = "../seeds"\ntop = 10')
    _notebook(folder, "05-topics.ipynb", 'corpus = "../seeds"\nk = 4\nmin_df = 2')
    _notebook(folder, "06-theme.ipynb", 'corpus = "../seeds"\nmin_df = 2')
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    return folder


def test_a_parameter_of_a_page_not_selected_is_named_as_its(folder, tmp_path, seeds_path):
    with pytest.raises(NqpValueError) as info:
        run_report(seeds_path, tmp_path / "out", notebooks=folder, only=["01"], params={"k": 6})
    message = str(info.value)
    assert "no notebook has" not in message
    assert message.startswith("-p k: only 05-topics.ipynb has a parameter 'k', and --only does not select it")
    assert "(it selects 01-a.ipynb)" in message and "Add 05 to --only" in message
    with pytest.raises(NqpValueError, match=r"-p min_df: only 05-topics.ipynb, 06-theme.ipynb have a parameter"):
        run_report(seeds_path, tmp_path / "out", notebooks=folder, only=["01"], params={"min_df": 3})
    assert not (tmp_path / "out").exists()


def test_the_command_line_says_it_in_one_line(folder, tmp_path, seeds_path, capsys):
    code = main(["report", "--corpus", str(seeds_path), "--notebooks", str(folder), "--out", str(tmp_path / "o"),
                 "--only", "01", "06", "-p", "k=6"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp report: -p k: only 05-topics.ipynb has a parameter 'k', and --only does not select it")
    assert "Traceback" not in err


def test_a_name_no_page_has_is_still_that_error(folder, tmp_path, seeds_path):
    with pytest.raises(NqpValueError, match=r"-p kk: no notebook has a parameter 'kk'"):
        run_report(seeds_path, tmp_path / "out", notebooks=folder, only=["01"], params={"kk": 6})
    # a name the selected page has is fine whatever the others do: the check passes and the run goes on
    with pytest.raises(BaseException, match="a notebook ran"):
        run_report(seeds_path, tmp_path / "out", notebooks=folder, only=["05"], params={"k": 6})

"""A kernel that dies before its first cell (two kernels launched at once can be handed one TCP port) is
started again; a kernel that keeps failing is still a clear error."""

import nbformat
import pytest
from nbclient import NotebookClient

import nqp.report as report
from nqp.errors import ReportError


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("print(x * 7)")]
    nbformat.write(nb, path)
    return path


def _failing(times, monkeypatch):
    calls = {"n": 0}
    real = NotebookClient.execute

    def execute(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(NotebookClient, "execute", execute)
    return calls


def test_a_kernel_that_dies_before_its_first_cell_is_started_again(tmp_path, monkeypatch, caplog):
    calls = _failing(1, monkeypatch)
    nb = report.execute_notebook(_notebook(tmp_path / "n.ipynb"), {"x": 6})
    assert calls["n"] == 2
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "42" in printed
    assert "starting it again (2 of 3)" in caplog.text


def test_a_kernel_that_never_starts_is_a_clear_error(tmp_path, monkeypatch):
    calls = _failing(10, monkeypatch)
    with pytest.raises(ReportError, match="n.ipynb: the Jupyter kernel failed .*kernel_info"):
        report.execute_notebook(_notebook(tmp_path / "n.ipynb"), {"x": 6})
    assert calls["n"] == report.KERNEL_STARTS

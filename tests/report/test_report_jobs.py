"""Pages side by side (``run_report(jobs=2)``, ``nqp report --jobs``): the same pages as one at a time, really
run at the same time, a failing page stops the others, and the manifest splits each page's time."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

import nqp.report
from nqp.errors import NqpTypeError, NqpValueError, ReportError
from nqp.report import run_report


def _notebooks(folder, bodies: dict[str, str]):
    """Numbered notebooks whose parameters cell declares corpus and theme, each with one code cell of ``bodies``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}\n\nA question."),
                    nbformat.v4.new_code_cell('corpus = "x"\ntheme = None', metadata={"tags": ["parameters"]}),
                    nbformat.v4.new_code_cell(body)]
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def _printed(nb) -> list[str]:
    """Every stream and plain-text output of the notebook's own cells (the report's display cell left out)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code" or nqp.render.DISPLAY_TAG in cell.metadata.get("tags", []):
            continue
        for o in cell.get("outputs", []):
            out.append(o.get("text", "") + o.get("data", {}).get("text/plain", ""))
    return out


SUMS = {f"0{i}-page": f"import nqp\nprint({i}, sum(range({i} * 1000)), len(nqp.load_corpus(corpus)))" for i in (1, 2, 3)}


def test_two_at_a_time_gives_the_pages_of_one_at_a_time(tmp_path, seeds_path):
    folder = _notebooks(tmp_path / "nbs", SUMS)
    one = run_report(seeds_path, out=tmp_path / "one", notebooks=folder, jobs=1)
    two = run_report(seeds_path, out=tmp_path / "two", notebooks=folder, jobs=2)
    n_seeds = len(nqp.load_corpus(seeds_path))
    for i, name in enumerate(SUMS, start=1):
        a = nbformat.read(one.parent / f"{name}.ipynb", as_version=4)
        b = nbformat.read(two.parent / f"{name}.ipynb", as_version=4)
        assert _printed(a) == _printed(b)
        assert f"{i} {sum(range(i * 1000))} {n_seeds}" in "".join(_printed(b))
    for out, jobs in ((one.parent, 1), (two.parent, 2)):
        man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert man["jobs"] == jobs
        for entry in man["notebooks"].values():
            parts = entry["kernel_seconds"] + entry["cells_seconds"] + entry["render_seconds"]
            assert 0 < parts <= entry["seconds"] + 0.05
            assert set(entry["cell_seconds"]) and sum(entry["cell_seconds"].values()) == pytest.approx(entry["cells_seconds"], abs=0.05)
    # the index lists the pages in reading order either way
    index = (two.parent / "index.html").read_text(encoding="utf-8")
    assert index.index("01-page.html") < index.index("02-page.html") < index.index("03-page.html")


def test_two_at_a_time_really_run_side_by_side(tmp_path, seeds_path):
    # page 01 finishes only once page 02 has started: one at a time, it would wait for nothing and fail
    flag = tmp_path / "02-started"
    folder = _notebooks(tmp_path / "nbs", {
        "01-waits": (f"import pathlib, time\nfor _ in range(1200):\n    if pathlib.Path({str(flag)!r}).exists():\n"
                     "        break\n    time.sleep(0.1)\nelse:\n    raise RuntimeError('02 never started')\nprint('saw 02')"),
        "02-signals": f"import pathlib\npathlib.Path({str(flag)!r}).write_text('x')\nprint('started')",
    })
    index = run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=2)
    assert "saw 02" in "".join(_printed(nbformat.read(index.parent / "01-waits.ipynb", as_version=4)))


def test_a_failing_page_stops_the_page_beside_it(tmp_path, seeds_path):
    # page 01 would run for minutes and then leave a mark; page 02 fails at once: the report names 02 and
    # interrupts 01, which never gets to its mark
    mark = tmp_path / "01-finished"
    folder = _notebooks(tmp_path / "nbs", {
        "01-long": f"import pathlib, time\nfor _ in range(3000):\n    time.sleep(0.1)\npathlib.Path({str(mark)!r}).write_text('x')",
        "02-fails": "import time\ntime.sleep(2)\nraise ValueError('page two is broken')",
        "03-never": "print('ran')",
    })
    with pytest.raises(ReportError, match=r"02-fails.ipynb, cell 3 failed: ValueError: page two is broken"):
        run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=2)
    assert not mark.exists()
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_jobs_is_checked_before_anything_runs(tmp_path, seeds_path, monkeypatch):
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    folder = _notebooks(tmp_path / "nbs", {"01-x": "print(1)"})
    for bad in (0, -1, 1.5, "2"):
        with pytest.raises((NqpValueError, NqpTypeError), match="jobs="):
            run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=bad)


def test_the_pages_share_a_tokenizer_cache_of_the_run_that_goes_with_it(tmp_path, seeds_path, monkeypatch):
    monkeypatch.delenv("NQP_CACHE_DIR", raising=False)
    body = ("import os, nqp\nfrom pathlib import Path\nroot = Path(os.environ['NQP_CACHE_DIR'])\n"
            "print('before', sorted(p.name for p in root.rglob('part-*.parquet')) != [])\n"
            "articles = nqp.clean(nqp.load_corpus(corpus), progress=False).articles\n"
            "print(nqp.tokenize(articles).equals(nqp.tokenize(articles, cache_dir=False)))\nprint('at', root)")
    folder = _notebooks(tmp_path / "nbs", {"01-first": body, "02-second": body})
    index = run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=1)
    first, second = ("".join(_printed(nbformat.read(index.parent / f"{n}.ipynb", as_version=4)))
                     for n in ("01-first", "02-second"))
    assert "before False" in first and "before True" in second  # the second page found the first one's entries
    assert "True\n" in first and "True\n" in second  # tokens identical to no cache
    root = first.split("at ")[-1].strip()
    assert root.startswith(str(tmp_path / ".out.partial-")) and not os.path.exists(root)
    assert not (tmp_path / "out" / ".tokens").exists()
    # a cache the user set is used as it is
    mine = tmp_path / "mine"
    monkeypatch.setenv("NQP_CACHE_DIR", str(mine))
    index = run_report(seeds_path, out=tmp_path / "out2", notebooks=folder, only=["01"], jobs=1)
    assert f"at {mine}" in "".join(_printed(nbformat.read(index.parent / "01-first.ipynb", as_version=4)))
    assert any(mine.rglob("part-*.parquet"))


def test_the_pages_that_took_longest_last_time_start_first(tmp_path, seeds_path):
    from nqp.report import _longest_first

    paths = [tmp_path / f"0{i}-p.ipynb" for i in (1, 2, 3, 4)]
    assert _longest_first(tmp_path / "none", paths) == paths  # no previous report: reading order
    out = tmp_path / "out"
    out.mkdir()
    seconds = {"01-p.ipynb": 5.0, "02-p.ipynb": 1.0, "03-p.ipynb": 50.0}  # 04 is new
    (out / "manifest.json").write_text(json.dumps({"notebooks": {k: {"seconds": v} for k, v in seconds.items()}}))
    assert [p.name[:2] for p in _longest_first(out, paths)] == ["04", "03", "01", "02"]
    (out / "manifest.json").write_text("{not json")
    assert _longest_first(out, paths) == paths


def test_the_kernels_wait_for_openmp_threads_passively_unless_told_otherwise(tmp_path, seeds_path, monkeypatch):
    folder = _notebooks(tmp_path / "nbs", {"01-env": "import os\nprint('policy', os.environ.get('OMP_WAIT_POLICY'))"})
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    index = run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=1)
    assert "policy PASSIVE" in "".join(_printed(nbformat.read(index.parent / "01-env.ipynb", as_version=4)))
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    index = run_report(seeds_path, out=tmp_path / "out", notebooks=folder, jobs=1)
    assert "policy ACTIVE" in "".join(_printed(nbformat.read(index.parent / "01-env.ipynb", as_version=4)))

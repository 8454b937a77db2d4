"""The README's library example runs as written, on the seeds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


def test_readme_library_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The library in ten lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert len(namespace["articles"]) > len(namespace["docs"])
    assert len(namespace["mentions"]) > 0
    scoped, articles = namespace["scoped"], namespace["articles"]
    assert 0 < len(scoped) < len(articles) and scoped["text"].str.contains("建圈强链").all()
    assert namespace["counts"].shape[0] == len(scoped)
    assert os.fspath(ROOT / "seeds")


def test_readme_large_corpora_example_runs(monkeypatch, tmp_path, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Large corpora", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert '"seeds"' in code
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code.replace('"seeds"', repr(str(ROOT / "seeds"))), "README.md", "exec"), namespace)  # noqa: S102
    assert int(namespace["stats"]["documents"].sum()) == 5
    assert namespace["d"].shape[0] == int(namespace["stats"]["articles"].sum())
    assert list(namespace["model"].labels["topic"]) == [1, 2, 3]
    assert "part.00000.parquet" in capsys.readouterr().out

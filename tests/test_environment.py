"""environment.yml (conda-forge) and pyproject.toml list the same dependencies; CI runs the README's command,
which lints before it tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: in environment.yml only: the interpreter, the installer, the font, and nqp itself
CONDA_ONLY = {"python", "pip", "font-ttf-noto-cjk", "-e ."}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict[str, set[str]]:
    """The names in each group: ``core`` and one per extra (an extra's ``nqp[other]`` is left out: it is a group)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"core": {_name(d) for d in project["dependencies"]}}
    for extra, specs in project["optional-dependencies"].items():
        groups[extra] = {_name(d) for d in specs} - {"nqp"}
    return groups


def _environment() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    names = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {d if d == "-e ." else _name(d) for d in dep["pip"]}
        else:
            names.add(_name(dep))
    return names


def test_environment_and_pyproject_agree():
    py = _pyproject()
    env = _environment()
    assert CONDA_ONLY <= env, "environment.yml needs python, pip, the CJK font and nqp itself"
    assert env - CONDA_ONLY == set().union(*py.values())  # the conda environment has every extra


def test_the_readme_commands_install_every_extra():
    # make setup (under make report and make test) installs '.[test]'; the test extra names the others
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert {f"nqp[{e}]" for e in extras if e != "test"} <= set(extras["test"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in makefile
    prerequisites, _ = _recipe(makefile, "report")
    assert prerequisites == ["setup"]
    assert _recipe(makefile, "lint")[0] == ["setup"]


def test_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [d for specs in project["optional-dependencies"].values() for d in specs
                                        if _name(d) != "nqp"]
    pins = {_name(d): d.split(_name(d).split("[")[0], 1)[-1] for d in listed}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    flat = [d for d in env["dependencies"] if isinstance(d, str)] + [
        d for dep in env["dependencies"] if isinstance(dep, dict) for d in dep["pip"]
    ]
    for spec in flat:
        name = _name(spec)
        if name in pins:
            bound = re.sub(r"^\[[^\]]*\]", "", pins[name])
            assert spec.endswith(bound), f"{name}: pyproject says {bound!r}, environment.yml says {spec!r}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]
    assert "make test" in readme and "make report" in readme


def _recipe(makefile: str, target: str) -> tuple[list[str], list[str]]:
    """The prerequisites and the command lines of ``target`` in a Makefile."""
    lines = makefile.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    prerequisites = lines[head].split(":", 1)[1].split()
    commands = []
    for line in lines[head + 1 :]:
        if not line.startswith("\t"):
            break
        commands.append(line.strip())
    return prerequisites, commands


def test_make_test_lints_with_ruff_before_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    prerequisites, commands = _recipe(makefile, "test")
    assert prerequisites == ["lint"] and commands == ["$(PY) -m pytest"]
    prerequisites, commands = _recipe(makefile, "lint")
    assert prerequisites == ["setup"] and commands == ["$(PY) -m ruff check nqp tests benchmarks"]
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert ruff["line-length"] == 120 and ruff["lint"]["select"] == ["F", "E9"]
    assert "ruff" in _pyproject()["test"] and "ruff" in _environment()


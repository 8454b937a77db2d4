"""The package layout: a flat public API over private implementation modules, one road through the stages."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import nqp

PACKAGE = Path(nqp.__file__).resolve().parent


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_no_public_name_shadows_a_module():
    # nqp.clean, nqp.dtm, nqp.topics ... are functions: no module or package of the same name may exist
    for name in nqp.__all__:
        clash = [p for p in (PACKAGE / f"{name}.py", PACKAGE / name) if p.exists()]
        assert not clash, f"nqp.{name} is both a public name and a module: {clash}"


def test_public_names_resolve_and_are_unique():
    assert len(nqp.__all__) == len(set(nqp.__all__))
    for name in nqp.__all__:
        assert getattr(nqp, name) is not None


@pytest.mark.parametrize("module", _modules())
def test_every_module_has_a_docstring_and_its_own_logger(module):
    path = PACKAGE.parent.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{module} has no module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "getLogger" and node.args:
            arg = node.args[0]
            if module == "nqp" or not (isinstance(arg, ast.Constant) and str(arg.value).startswith("nqp")):
                continue  # the package's own logger (it gets the NullHandler), or another library's
            assert False, (
                f"{module}: loggers are logging.getLogger(__name__) (children of 'nqp')"
            )


def test_private_names_do_not_cross_packages():
    # `from ..x import _private` across stage folders is how stages used to reach into each other
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                crosses = node.level >= 2 or (node.level == 1 and path.parent == PACKAGE)
                for alias in node.names:
                    # nqp's own private helper modules (_validate, _deprecation) are shared by design
                    shared = node.level == 2 and (node.module or "").startswith("_")
                    if alias.name.startswith("_") and crosses and not shared:
                        offenders.append(f"{path.relative_to(PACKAGE)}: from {'.' * node.level}{node.module} import {alias.name}")
    assert not offenders, offenders


def test_import_nqp_does_not_import_scikit_learn_or_matplotlib():
    code = "import sys, nqp; bad = [m for m in ('sklearn', 'matplotlib') if m in sys.modules]; assert not bad, bad"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("module", [m for m in _modules() if m != "nqp.__main__"])
def test_every_module_imports_on_its_own(module):
    importlib.import_module(module)

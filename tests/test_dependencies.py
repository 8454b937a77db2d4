"""The install declares what the code imports: every third-party module imported by nqp (and by the tests,
benchmarks and notebooks) comes from a distribution listed in pyproject.toml."""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: import names that differ from the distribution that provides them (the rest: `_` read as `-`)
DISTRIBUTION = {
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
    "docx": "python-docx",
    "bs4": "beautifulsoup4",
    "pdfminer": "pdfminer.six",
    "odf": "odfpy",
    "dateutil": "python-dateutil",
    "PIL": "pillow",
    "ahocorasick": "pyahocorasick",
    "zmq": "pyzmq",
}
#: distributions that must only be required on some Pythons, with the marker pyproject.toml must give them
MARKERS = {"tomli": 'python_version < "3.11"'}


def _requirement(spec: str) -> tuple[str, str]:
    """``(distribution name, environment marker)`` of a requirement string such as ``tomli>=1.1; python_version < "3.11"``."""
    head, _, marker = spec.partition(";")
    name = re.split(r"[<>=!~\[ ]", head.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-"), " ".join(marker.split())


def _declared(extras: tuple[str, ...] = ()) -> dict[str, str]:
    """The distributions of the dependencies and of ``extras`` (an extra naming ``nqp[other]`` brings ``other``'s)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs, todo, seen = list(project["dependencies"]), list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for spec in project["optional-dependencies"][extra]:
            if _requirement(spec)[0] == "nqp":
                todo += re.search(r"\[([^\]]*)\]", spec).group(1).split(",")
            else:
                specs.append(spec)
    return dict(_requirement(s) for s in specs)


#: optional extras of nqp, the distributions each brings, and the only folder of nqp that may import them
OPTIONAL = {"dask": ({"dask", "distributed"}, "nqp/scale/")}


def _local_names() -> set[str]:
    """Modules of the repository itself (the package, the benchmarks, the tests' helper modules)."""
    names = {p.stem for p in ROOT.joinpath("tests").rglob("*.py")}
    return names | {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}


def _imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _third_party(paths) -> dict[str, list[str]]:
    """Every third-party top-level module imported in ``paths`` (.py files, and the code cells of .ipynb) with where."""
    local = _local_names()
    where: dict[str, list[str]] = {}
    for path in paths:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            source = "\n".join(
                line for c in cells if c["cell_type"] == "code"
                for line in "".join(c["source"]).splitlines() if not line.lstrip().startswith(("%", "!"))
            )
        else:
            source = path.read_text(encoding="utf-8")
        for name in _imports(source):
            if name not in sys.stdlib_module_names and name not in local and name != "__future__":
                where.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return where


def _distribution(module: str) -> str:
    return DISTRIBUTION.get(module, module).lower().replace("_", "-")


def test_the_import_walk_sees_imports_in_functions_and_fallbacks():
    # the check is only as good as the walk: imports inside functions and try/except fallbacks count
    source = "def f():\n    import sklearn.decomposition\ntry:\n    import tomllib\nexcept ImportError:\n    import tomli\n"
    assert _imports(source) == {"sklearn", "tomllib", "tomli"}
    assert _requirement('tomli>=1.1; python_version < "3.11"') == ("tomli", 'python_version < "3.11"')
    assert _requirement("dask[dataframe]>=2024.1") == ("dask", "")


@pytest.mark.parametrize(
    "folders, extras",
    [(("nqp",), tuple(OPTIONAL)), (("tests", "benchmarks", "notebooks"), ("test",))],
    ids=["nqp: the dependencies and the optional extras", "tests, benchmarks, notebooks: the dependencies and the test extra"],
)
def test_every_third_party_import_is_declared(folders, extras):
    declared = _declared(extras)
    paths = [p for f in folders for p in sorted((ROOT / f).rglob("*")) if p.suffix in (".py", ".ipynb")]
    imported = _third_party(paths)
    assert "pandas" in imported  # the walk found the imports at all
    missing = {m: w[:3] for m, w in imported.items() if _distribution(m) not in declared}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    for dist, marker in MARKERS.items():
        if dist in declared:
            assert declared[dist] == marker, f"{dist}: declare it as '{dist}; {marker}', got marker {declared[dist]!r}"


def test_the_import_to_distribution_map_is_true_where_installed():
    # where the distribution is installed, importlib.metadata confirms that it provides the module
    provided = md.packages_distributions()
    for module in _third_party(sorted((ROOT / "nqp").rglob("*.py"))):
        if module in provided:
            dists = {d.lower().replace("_", "-") for d in provided[module]}
            assert _distribution(module) in dists, f"{module} is provided by {dists}, not {_distribution(module)}"


def test_the_extras_are_what_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for extra, (dists, _) in OPTIONAL.items():
        assert {_requirement(d)[0] for d in project["optional-dependencies"][extra]} == dists
        assert not dists & set(_declared()), f"{extra}: also a plain dependency, so pip install nqp is not lean"
    assert set(_declared(("test",))) >= set().union(*(d for d, _ in OPTIONAL.values()))  # make test has them


def _top_level_imports(source: str) -> set[str]:
    """Modules imported when the module is imported (not inside a function)."""
    found = set()
    tree = ast.parse(source)
    nodes = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        else:
            nodes += [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.stmt)]
    return found


def test_optional_extras_are_imported_only_where_they_are_used_and_only_when_called():
    # an optional distribution imported at module level, or outside its folder, would break pip install nqp
    assert _top_level_imports("import a\nif x:\n    import b\ndef f():\n    import c\nclass K:\n    import d\n") == {"a", "b", "d"}
    for extra, (dists, folder) in OPTIONAL.items():
        modules = {m for m in _third_party(sorted((ROOT / "nqp").rglob("*.py"))) if _distribution(m) in dists}
        assert modules, f"{extra}: nqp imports none of {dists}; drop the extra"
        for path in sorted((ROOT / "nqp").rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            source = path.read_text(encoding="utf-8")
            used = {m for m in _imports(source) if _distribution(m) in dists}
            assert not used or rel.startswith(folder), f"{rel} imports {used} of the optional {extra!r} extra"
            top = {m for m in _top_level_imports(source) if _distribution(m) in dists}
            assert not top, f"{rel} imports {top} at module level: import nqp would need pip install 'nqp[{extra}]'"

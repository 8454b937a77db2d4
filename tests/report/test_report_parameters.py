"""Report parameters: papermill's reading of -p values, the names the notebooks declare, what reaches each
notebook and what the manifest records (every parameter used, defaults included; data-file hashes)."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import nbformat
import pytest

import nqp
from nqp.cli import main
from nqp.errors import NqpValueError
from nqp.report import notebook_parameters, parse_parameter, parse_parameters, run_report

ROOT = Path(__file__).resolve().parents[2]


# papermill's rules for -p NAME VALUE: True/False/None exactly so spelled, then int(), then float(), else text
@pytest.mark.parametrize("text, expected", [
    ("True", True), ("False", False), ("None", None),
    ("true", "true"), ("none", "none"), ("TRUE", "TRUE"),
    ("6", 6), ("-3", -3), ("1_000", 1000), (" 7 ", 7),
    ("0.5", 0.5), ("1e-3", 0.001), ("3.0", 3.0), ("-inf", -math.inf),
    ("0x10", "0x10"), ("1,000", "1,000"), ("建圈强链", "建圈强链"), ("", ""), ("year", "year"),
])
def test_values_are_read_as_papermill_reads_them(text, expected):
    value = parse_parameter(text)
    assert value == expected and type(value) is type(expected)


def test_nan_is_a_float_and_reaches_a_notebook_as_one():
    from nqp.report import inject_parameters

    assert math.isnan(parse_parameter("nan"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("alpha = 0.05", metadata={"tags": ["parameters"]})]
    inject_parameters(nb, {"alpha": float("nan"), "ks": [3, float("inf")]})
    namespace = {}
    exec(nb.cells[1].source, namespace)
    assert math.isnan(namespace["alpha"]) and namespace["ks"] == [3, math.inf]


def test_pairs_raw_values_and_yaml():
    got = parse_parameters([["k=6"], ["freq", "year"], ["top=5", "kwic_term=a=b"]], ["kwic_term=2024"],
                           "ks: [4, 6]\nreference_since: 2024-01-01")
    assert got == {"k": 6, "freq": "year", "top": 5, "kwic_term": "2024", "ks": [4, 6],
                   "reference_since": "2024-01-01"}


@pytest.mark.parametrize("items, yaml_text, message", [
    ([["k"]], None, r"-p 'k': expected NAME=VALUE"),
    ([["2k=3"]], None, r"'2k' is not a parameter name"),
    ([["ks=[4, 6]"]], None, r"-y 'ks: \[4, 6\]'"),
    ([], "[1, 2]", r"expected a YAML mapping"),
    ([], "ks: [1, 2", r"not valid YAML"),
])
def test_bad_parameters_are_named(items, yaml_text, message):
    with pytest.raises(NqpValueError, match=message):
        parse_parameters(items, (), yaml_text)


def _notebook(folder: Path, name: str, params: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {name[:2]} · test\n\nA question."),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ]
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_the_parameters_cell_is_read_with_its_defaults(tmp_path):
    path = _notebook(tmp_path, "01-a.ipynb", 'corpus = "../seeds"\nk = None  # topics\nks: list = [3, 4]\n'
                     "n = 2 * 3\nimport math\nx = y = 1", "pass")
    assert notebook_parameters(path) == {"corpus": "../seeds", "k": None, "ks": [3, 4],
                                         "n": {"expression": "2 * 3"}, "x": 1, "y": 1}


def test_the_committed_notebooks_declare_corpus():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert "corpus" in notebook_parameters(path), path.name


def test_an_unknown_name_is_refused_before_any_notebook_runs(tmp_path, seeds_path, monkeypatch, capsys):
    import nqp.report

    folder = tmp_path / "nbs"
    folder.mkdir()
    _notebook(folder, "01-a.ipynb", 'corpus = "../seeds"\ntop = 10', "pass")
    _notebook(folder, "02-b.ipynb", 'corpus = "../seeds"\nmin_df = 2', "pass")
    ran = []
    monkeypatch.setattr(nqp.report, "execute_notebook", lambda *a, **k: ran.append(a))
    with pytest.raises(NqpValueError) as info:
        run_report(seeds_path, tmp_path / "out", notebooks=folder, params={"min_dff": 3})
    assert str(info.value) == ("-p min_dff: no notebook has a parameter 'min_dff' (did you mean min_df?). "
                               "The parameters are: corpus, min_df, theme, top.")
    assert main(["report", "--corpus", str(seeds_path), "--notebooks", str(folder), "--out", str(tmp_path / "o"),
                 "-p", "kk=1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp report: -p kk: no notebook has a parameter 'kk'") and "Traceback" not in err
    with pytest.raises(NqpValueError, match="given with --theme"):
        run_report(seeds_path, tmp_path / "out", notebooks=folder, params={"theme": "x"})
    assert ran == [] and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_values_reach_the_notebooks_that_declare_them_and_the_manifest_records_all(tmp_path, seeds_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    show = "print(repr(corpus), repr(theme), repr({k: v for k, v in globals().items() if k in ('top', 'min_df')}))"
    _notebook(folder, "01-a.ipynb", 'corpus = "../seeds"\ntheme = None\ntop = 10  # rows', show)
    _notebook(folder, "02-b.ipynb", 'corpus = "../seeds"\nmin_df = 2\nrules = None', show)
    rules = tmp_path / "my_rules.toml"
    rules.write_text("# no rules\n", encoding="utf-8")
    out = tmp_path / "out"
    run_report(seeds_path, out, notebooks=folder, params={"top": 3, "rules": str(rules)}, theme=["建圈强链", "新质生产力"])
    printed = {}
    for name in ("01-a", "02-b"):
        executed = nbformat.read(out / f"{name}.ipynb", as_version=4)
        printed[name] = executed.cells[-1].outputs[0]["text"].strip()
        corpus = eval(printed[name].split(" ")[0])
        # the corpus path is given relative to the kernel's folder (the working directory)
        assert (Path.cwd() / corpus).resolve() == seeds_path.resolve()
    assert printed["01-a"].endswith("['建圈强链', '新质生产力'] {'top': 3}")
    assert printed["02-b"].endswith("['建圈强链', '新质生产力'] {'min_df': 2}")  # top: not a parameter of 02
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["parameters"] == {"corpus": "seeds", "theme": ["建圈强链", "新质生产力"], "top": 3, "rules": str(rules)}
    assert {name: entry["parameters"] for name, entry in man["notebooks"].items()} == {
        "01-a.ipynb": {"corpus": "seeds", "theme": ["建圈强链", "新质生产力"], "top": 3},
        "02-b.ipynb": {"corpus": "seeds", "min_df": 2, "rules": str(rules), "theme": ["建圈强链", "新质生产力"]},
    }
    assert all(entry["seconds"] > 0 for entry in man["notebooks"].values())  # each notebook's time, kernel to page
    data = Path(nqp.__file__).resolve().parent / "data"
    for role, name in [("lexicon", "lexicon.csv"), ("stopwords", "stopwords.txt"), ("clean_rules", "clean_rules.toml")]:
        assert man["files"][role] == {"file": f"nqp/data/{name}",
                                      "sha256": hashlib.sha256((data / name).read_bytes()).hexdigest()}
    assert man["files"]["02-b.ipynb:rules"]["sha256"] == hashlib.sha256(b"# no rules\n").hexdigest()
    # each page's manifest shows that notebook's parameters, defaults included
    page = (out / "02-b.html").read_text(encoding="utf-8")
    assert "min_df=2" in page and "top=3" not in page


@pytest.mark.slow
def test_a_bundled_corpus_by_name(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    _notebook(folder, "01-a.ipynb", 'corpus = "../seeds"',
              "import nqp\ndocs = nqp.load_corpus(corpus)\nprint(len(docs), docs['date'].min())")
    out = tmp_path / "out"
    run_report("gov_work_reports", out, notebooks=folder)
    reports = nqp.gov_work_reports()
    executed = nbformat.read(out / "01-a.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"].split()[0] == str(len(reports))
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["corpus"] == "gov_work_reports" and man["documents"] == len(reports)
    assert man["corpus_sha256"] == nqp.corpus_hash(reports)
    assert sorted(p.name for p in out.iterdir()) == ["01-a.html", "01-a.ipynb", "index.html", "manifest.json"]


def test_a_corpus_that_is_neither_a_path_nor_a_dataset(tmp_path, capsys):
    assert main(["report", "--corpus", "gov_work_report", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp report: --corpus 'gov_work_report': no such file or folder, nor a corpus that ships "
                          "with nqp (seeds, gov_work_reports).") and "Traceback" not in err


def test_the_command_line_takes_both_forms_of_p_and_repeated_themes():
    from nqp.cli import build_parser

    args = build_parser().parse_args(["report", "-p", "k=6", "-p", "freq", "year", "--theme", "建圈强链",
                                      "-p", "alpha", "-0.5", "-r", "kwic_term=2024", "--theme", "新质生产力",
                                      "-y", "ks: [4, 6]"])
    assert args.theme == ["建圈强链", "新质生产力"]
    assert parse_parameters(args.parameters, args.raw_parameters, args.parameters_yaml) == {
        "k": 6, "freq": "year", "alpha": -0.5, "kwic_term": "2024", "ks": [4, 6]}


def test_the_manifest_hashes_the_file_and_the_metadata_apart_from_the_texts(tmp_path):
    import hashlib

    import pandas as pd

    from nqp.report import manifest

    frame = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2024-01-02", "2024-02-03"], "outlet": ["甲报", "乙报"],
                          "text": ["推进高质量发展。", "加快发展新质生产力。"]})
    first, moved = tmp_path / "one.csv", tmp_path / "two.csv"
    frame.to_csv(first, index=False)
    frame.assign(outlet=["乙报", "乙报"], date=["2023-01-02", "2024-02-03"]).to_csv(moved, index=False)
    one, two = manifest(first, {}), manifest(moved, {})
    assert one["file_sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()  # what sha256sum prints
    assert one["corpus_sha256"] == two["corpus_sha256"]  # the same ids and texts ...
    assert one["metadata_sha256"] != two["metadata_sha256"]  # ... moved to another outlet and date
    assert "file_sha256" not in manifest("seeds", {})  # a folder has no one file to hash

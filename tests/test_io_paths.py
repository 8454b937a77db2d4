"""Output paths are checked before any work: each bad path is refused naming the argument, the path and the remedy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nqp.errors import NqpTypeError, NqpValueError
from nqp.io import TABLE_SUFFIXES, check_output, write_table


@pytest.fixture()
def places(tmp_path, read_only):
    f = tmp_path / "notes.txt"
    f.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"file": f, "folder": folder, "read_only": read_only, "tmp": tmp_path}


CASES = [
    # (path (a key of places + a relative part), kind, expected message after "out='<path>': ")
    ("folder", "", "file", "is a folder, but a file is expected here. Name a file, e.g. '{p}/table.parquet'."),
    ("tmp", "table.txt", "file", "unsupported file type '.txt'. Use a file name ending in .parquet, .pq, .csv, .tsv."),
    ("tmp", "table", "file", "unsupported file type '(none)'. Use a file name ending in .parquet, .pq, .csv, .tsv."),
    ("file", "table.csv", "file", "'{f}' is a file, so no folder can be made under it. Choose a path under a folder."),
    ("file", "a/b/table.csv", "file", "'{f}' is a file, so no folder can be made under it. Choose a path under a folder."),
    ("read_only", "table.csv", "file",
     "the folder '{r}' is not writable (permission denied). Choose a folder you can write to, or make this one writable."),
    ("read_only", "new/deeper/table.csv", "file",
     "the folder '{r}' is not writable (permission denied). Choose a folder you can write to, or make this one writable."),
    ("file", "", "folder", "is an existing file, but a folder is expected here. Choose another folder, or remove the file."),
    ("file", "report", "folder", "'{f}' is a file, so no folder can be made under it. Choose a path under a folder."),
    ("read_only", "", "folder",
     "the folder '{r}' is not writable (permission denied). Choose a folder you can write to, or make this one writable."),
]


@pytest.mark.parametrize("base, rel, kind, expected", CASES)
def test_bad_output_paths_are_refused_by_name(places, base, rel, kind, expected):
    p = places[base] / rel if rel else places[base]
    before = sorted(places["tmp"].rglob("*"))
    with pytest.raises(NqpValueError) as info:
        check_output(p, kind=kind, suffixes=TABLE_SUFFIXES if kind == "file" else None)
    want = expected.format(p=p, f=places["file"], r=places["read_only"])
    assert str(info.value) == f"out={str(p)!r}: {want}"
    assert sorted(places["tmp"].rglob("*")) == before  # nothing made
    assert places["file"].read_text(encoding="utf-8") == "keep me"


def test_an_option_name_is_written_as_an_option(places):
    with pytest.raises(NqpValueError) as info:
        check_output(places["folder"], name="--out", suffixes=(".csv",))
    assert str(info.value).startswith(f"--out {str(places['folder'])!r}: is a folder")


@pytest.mark.parametrize("value, error, message", [
    (None, NqpValueError, "out: no output path given. Pass the file to write."),
    ("  ", NqpValueError, "out: no output path given. Pass the file to write."),
    (123, NqpTypeError, "out=123: expected a path (str or pathlib.Path), got int."),
])
def test_no_path_or_not_a_path(value, error, message):
    with pytest.raises(error) as info:
        check_output(value)
    assert str(info.value) == message


def test_good_paths_are_returned_and_nothing_is_made(tmp_path):
    assert check_output(tmp_path / "a" / "b" / "t.csv", suffixes=TABLE_SUFFIXES) == tmp_path / "a" / "b" / "t.csv"
    assert check_output(tmp_path / "new", kind="folder") == tmp_path / "new"
    assert check_output(tmp_path, kind="folder") == tmp_path
    assert not (tmp_path / "a").exists() and not (tmp_path / "new").exists()
    home = check_output("~/x.csv")
    assert home == Path.home() / "x.csv"


def test_write_table_checks_first_and_writes_nothing_half(places):
    table = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(NqpValueError, match="is a file, so no folder can be made"):
        write_table(table, places["file"] / "t.csv")
    with pytest.raises(NqpValueError, match="is not writable"):
        write_table(table, places["read_only"] / "t.csv")
    assert list(places["read_only"].iterdir()) == []
    out = write_table(table, places["tmp"] / "made" / "t.csv")
    assert pd.read_csv(out).equals(table) and [p.name for p in out.parent.iterdir()] == ["t.csv"]

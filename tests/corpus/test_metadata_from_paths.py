"""A folder whose layout holds the outlets (its folders) or the dates (its paths): the loader says so and reads
nothing from the paths; nqp.metadata_from_paths and ``nqp metadata`` write the metadata.csv that makes them read."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import nqp
from nqp.cli import main
from nqp.corpus import date_in_path
from nqp.errors import CorpusError, NqpValueError

TEXT = "成都加快发展新质生产力,聚焦产业转型升级。\n"


@pytest.mark.parametrize(
    "key, date",
    [
        ("人民日报/2021-04-30_gen09.txt", "2021-04-30"),
        ("2024/03/05/a.txt", "2024-03-05"),
        ("2024/03/a.txt", "2024-03"),
        ("2024/a.txt", "2024"),
        ("2024年/a.txt", "2024"),
        ("a_20240305.txt", "2024-03-05"),
        ("2024年3月5日讯.txt", "2024-03-05"),
        ("2024年3月报道.txt", "2024-03"),
        ("x/2024.3.5.txt", "2024-03-05"),
        ("2024_3_5.txt", "2024-03-05"),
        # digits running on are an id, not a date; a day that does not exist is no date
        ("id20240305123.txt", None),
        ("gen2021.txt", None),
        ("2024-13-01.txt", None),
        ("2024-02-30.txt", None),
        ("a.txt", None),
        # the compact month starting a file or folder name; a day of 8 digits stays a day
        ("人民日报/202305_标题.txt", "2023-05"),
        ("人民日报/202305标题.txt", "2023-05"),
        ("202305/a.txt", "2023-05"),
        ("人民日报/20230512.txt", "2023-05-12"),
        ("人民日报/20230512_标题.txt", "2023-05-12"),
        # six digits that are no year 19xx/20xx and month 01-12, or that run on, or inside a name: no date
        ("人民日报/202313_标题.txt", None),
        ("人民日报/202300_标题.txt", None),
        ("人民日报/123456_标题.txt", None),
        ("人民日报/2023051_标题.txt", None),
        ("人民日报/20231305.txt", None),
        ("人民日报/a202305_标题.txt", None),
    ],
)
def test_date_in_path(key, date):
    assert date_in_path(key) == date


def _nested(tmp_path, files: dict[str, str]):
    folder = tmp_path / "corpus"
    for key, text in files.items():
        path = folder / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


FILES = {"人民日报/2024-03-05_a.txt": TEXT, "人民日报/2024-04-01_b.txt": TEXT * 2, "四川日报/2023年12月_c.txt": TEXT}


def test_the_loader_says_what_the_layout_holds_and_reads_none_of_it(tmp_path):
    folder = _nested(tmp_path, FILES)
    with pytest.warns(UserWarning) as caught:
        corpus = nqp.load_corpus(folder)
    said = [str(w.message) for w in caught if "not read from the paths" in str(w.message)]
    assert len(said) == 1
    assert "the files lie in 2 folders (人民日报, 四川日报)" in said[0] and "3 of 3 file paths hold a date" in said[0]
    assert f"nqp metadata {folder} --outlet-from folder --date-from path" in said[0]
    assert corpus["outlet"].isna().all() and corpus["date"].isna().all()


def test_no_hint_where_the_layout_says_nothing(tmp_path):
    folder = _nested(tmp_path, {"a.txt": TEXT, "b.txt": TEXT})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nqp.load_corpus(folder)


def test_metadata_from_paths_reads_them_and_the_loader_takes_its_table(tmp_path):
    folder = _nested(tmp_path, {**FILES, "top.txt": TEXT, "四川日报/no_date.txt": TEXT})
    table = nqp.metadata_from_paths(folder)
    by_file = table.set_index("file")
    assert by_file.loc["人民日报/2024-03-05_a.txt", "outlet"] == "人民日报"
    assert by_file.loc["四川日报/2023年12月_c.txt", "date"] == "2023-12"
    assert pd.isna(by_file.loc["top.txt", "outlet"]) and pd.isna(by_file.loc["四川日报/no_date.txt", "date"])
    table.to_csv(folder / "metadata.csv", index=False)
    corpus = nqp.load_corpus(folder).set_index("source")
    assert corpus.loc["人民日报/2024-04-01_b.txt", "date"] == "2024-04-01"
    assert corpus.loc["人民日报/2024-04-01_b.txt", "date_precision"] == "day"
    assert corpus.loc["四川日报/2023年12月_c.txt", "date_precision"] == "month"
    assert corpus.loc["四川日报/2023年12月_c.txt", "outlet"] == "四川日报"


def test_bad_arguments(tmp_path):
    folder = _nested(tmp_path, FILES)
    with pytest.raises(NqpValueError, match="outlet_from='name'"):
        nqp.metadata_from_paths(folder, outlet_from="name")
    with pytest.raises(NqpValueError, match="nothing to read"):
        nqp.metadata_from_paths(folder, outlet_from=None, date_from=None)
    with pytest.raises(CorpusError, match="not a folder"):
        nqp.metadata_from_paths(folder / "人民日报" / "2024-03-05_a.txt")


def test_the_command_writes_it_once(tmp_path, capsys):
    folder = _nested(tmp_path, FILES)
    assert main(["metadata", str(folder), "--outlet-from", "folder", "--date-from", "path"]) == 0
    out = capsys.readouterr().out
    assert f"written: {folder / 'metadata.csv'}: 3 files; 2 outlets (人民日报 2, 四川日报 1); 3 dated (2023-12 to 2024-04-01)." in out
    written = pd.read_csv(folder / "metadata.csv")
    assert written.columns.tolist() == ["file", "outlet", "date"] and len(written) == 3
    # never replaced
    assert main(["metadata", str(folder), "--date-from", "path"]) == 2
    assert "exists already; it is not replaced" in capsys.readouterr().err
    assert pd.read_csv(folder / "metadata.csv").equals(written)
    # nothing asked for: both, as metadata_from_paths reads them by default
    assert main(["metadata", str(folder), "--out", str(tmp_path / "m.csv")]) == 0
    assert pd.read_csv(tmp_path / "m.csv").equals(written)
    # one option: that one only
    assert main(["metadata", str(folder), "--outlet-from", "folder", "--out", str(tmp_path / "o.csv")]) == 0
    assert pd.read_csv(tmp_path / "o.csv").equals(written[["file", "outlet"]])
    capsys.readouterr()
    # with it, the loader reads them and no longer hints
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = nqp.load_corpus(folder)
    assert sorted(corpus["outlet"]) == ["人民日报", "人民日报", "四川日报"]


def test_folders_named_by_dates_are_no_outlets(tmp_path):
    folder = _nested(tmp_path, {"2023/05/a.txt": TEXT, "2024/03/b.txt": TEXT})
    with pytest.warns(UserWarning) as caught:
        nqp.load_corpus(folder)
    said = [str(w.message) for w in caught if "not read from the paths" in str(w.message)]
    assert len(said) == 1 and "the files lie in" not in said[0] and "--date-from path" in said[0]
    assert "--outlet-from" not in said[0]


def test_the_command_names_the_undated_files(tmp_path, capsys):
    undated = [f"四川日报/note{i:02d}.txt" for i in range(12)]
    folder = _nested(tmp_path, {**FILES, **{k: TEXT for k in undated}})
    assert main(["metadata", str(folder), "--date-from", "path"]) == 0
    out = capsys.readouterr().out
    assert "3 dated (2023-12 to 2024-04-01), 12 without a date in the path." in out
    # the first ten in the table's order (sorted paths), then how many more
    assert (f"{len(undated)} files: {', '.join(sorted(undated)[:10])} and 2 more without a date (fill their date "
            "cells by hand)") in out
    assert pd.read_csv(folder / "metadata.csv").columns.tolist() == ["file", "date"]


def test_the_command_names_no_undated_file_when_all_have_dates(tmp_path, capsys):
    folder = _nested(tmp_path, FILES)
    assert main(["metadata", str(folder), "--date-from", "path"]) == 0
    assert "without a date" not in capsys.readouterr().out


def test_empty_files_are_named_when_the_table_is_written(tmp_path, capsys):
    folder = _nested(tmp_path, {**FILES, "人民日报/2024-05-01_e.txt": "", "人民日报/2024-05-02_w.txt": " \n\u3000\n"})
    with pytest.warns(UserWarning) as caught:
        table = nqp.metadata_from_paths(folder)
    said = [str(w.message) for w in caught if "empty file" in str(w.message)]
    assert said == [f"{folder}: 2 empty files: 人民日报/2024-05-01_e.txt, 人民日报/2024-05-02_w.txt (no text, or only "
                    "whitespace); the loader refuses them. The table has their rows: delete each file and its row, "
                    "or give the file its text."]
    assert len(table) == 5
    # the loader refuses exactly those two
    table.to_csv(folder / "metadata.csv", index=False)
    with pytest.raises(CorpusError) as refused:
        nqp.load_corpus(folder)
    assert sorted(line.split(":")[0].strip() for line in str(refused.value).split("\n")[1:]) == [
        "人民日报/2024-05-01_e.txt", "人民日报/2024-05-02_w.txt"]
    (folder / "metadata.csv").unlink()
    assert main(["metadata", str(folder), "--date-from", "path"]) == 0
    assert "nqp metadata: warning:" in capsys.readouterr().err


def test_no_empty_file_warning_for_files_with_text(tmp_path):
    folder = _nested(tmp_path, FILES)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nqp.metadata_from_paths(folder)

"""nqp categories: the table of nqp.categories written as asked; a bad dictionary is one clear line."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp.cli import main


def test_categories_command_writes_the_table(tmp_path, seeds_path, seed_articles, capsys):
    dic = tmp_path / "d.csv"
    dic.write_text("category,term\ntheme,建圈强链\ntech,科技创新\n", encoding="utf-8")
    out = tmp_path / "t.csv"
    hits = tmp_path / "h.csv"
    assert main(["categories", str(seeds_path), "--dictionary", str(dic), "--by", "outlet", "--out", str(out),
                 "--hits", str(hits)]) == 0
    table = pd.read_csv(out)
    used = seed_articles[seed_articles["kind"] == "article"]  # as notebook 07: picture columns left out
    expected = nqp.categories(used, nqp.Dictionary.read(dic), by="outlet")
    assert table["hits"].tolist() == expected["hits"].tolist()
    assert table.groupby("category")["hits"].sum().to_dict() == {
        "theme": sum(t.count("建圈强链") for t in used["text"]),
        "tech": sum(t.count("科技创新") for t in used["text"]),
    }
    assert len(pd.read_csv(hits)) == int(table["hits"].sum())


def test_categories_command_default_dictionary_and_errors(tmp_path, seeds_path, capsys):
    out = tmp_path / "t.csv"
    assert main(["categories", str(seeds_path), "--by", "outlet", "--level", "1", "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["category"]) == {"供给型", "需求型", "环境型"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: []\n", encoding="utf-8")
    assert main(["categories", str(seeds_path), "--dictionary", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "nqp categories:" in err and "bad.yaml, line 1" in err and "Traceback" not in err

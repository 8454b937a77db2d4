"""The command line selects articles by the theme asked about (--scope), never by a flag cleaning set."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp.cli import main


def test_kwic_and_keywords_scope(seeds_path, tmp_path, capsys):
    articles = nqp.clean(nqp.load_corpus(seeds_path)).articles
    naming = set(articles.loc[articles["text"].str.contains("建圈强链", regex=False), "article_id"])
    out = tmp_path / "kw.csv"
    assert main(["keywords", str(seeds_path), "--scope", "建圈强链", "--top", "2", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert set(table["group"]) == naming  # one group per article in scope (keywords per article)
    out = tmp_path / "kwic.csv"
    assert main(["kwic", str(seeds_path), "新质生产力", "--scope", "建圈强链", "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["article_id"]) <= naming


def test_removed_relevance_options_say_what_to_do(seeds_path, tmp_path, capsys):
    assert main(["keywords", str(seeds_path), "--on-topic"]) == 2
    err = capsys.readouterr().err
    assert "--scope" in err and "Traceback" not in err
    assert main(["clean", str(seeds_path), "--out", str(tmp_path / "a.csv"), "--theme", "建圈强链"]) == 2
    err = capsys.readouterr().err
    assert "--scope" in err and not (tmp_path / "a.csv").exists()
    assert main(["keywords", str(seeds_path), "--scope", "不存在的口号"]) == 2
    assert "no article mentions" in capsys.readouterr().err

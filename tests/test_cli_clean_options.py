"""nqp clean's cleaning options: --layout and --boilerplate reach nqp.clean, and bad values are named."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.cli import main


@pytest.mark.parametrize("argv, kwargs", [
    (["--layout", "article"], {"layout": "article"}),
    (["--layout", "page", "--boilerplate", "none"], {"layout": "page", "boilerplate": None}),
    (["--boilerplate", "0.25"], {"boilerplate": 0.25}),
])
def test_the_options_reach_clean(tmp_path, seeds_path, corpus, capsys, argv, kwargs):
    out = tmp_path / "articles.parquet"
    assert main(["clean", str(seeds_path), "--out", str(out), *argv]) == 0
    expected = nqp.clean(corpus, **kwargs).articles
    written = pd.read_parquet(out)
    assert written["article_id"].tolist() == expected["article_id"].tolist()
    assert written["text"].tolist() == expected["text"].tolist()
    assert capsys.readouterr().out.startswith(f"{len(expected)} articles written")


def test_page_and_article_layouts_differ_on_the_seeds(corpus):
    # the seeds hold whole newspaper pages: cleaned as single articles they are not split
    assert len(nqp.clean(corpus, layout="article").articles) < len(nqp.clean(corpus, layout="page").articles)


@pytest.mark.parametrize("argv, message", [
    (["--boilerplate", "0"], "argument --boilerplate: '0': expected a share > 0 and <= 1 (e.g. 0.5), or none"),
    (["--boilerplate", "1.5"], "'1.5': expected a share > 0 and <= 1"),
    (["--layout", "pages"], "argument --layout: invalid choice: 'pages'"),
])
def test_bad_values_are_named(tmp_path, seeds_path, capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(["clean", str(seeds_path), "--out", str(tmp_path / "a.parquet"), *argv])
    assert info.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "a.parquet").exists()

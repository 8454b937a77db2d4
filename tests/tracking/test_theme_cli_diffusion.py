"""``nqp theme --adoption / --lag``: printed, or written as CSV/Parquet with --out."""

from __future__ import annotations

import re
import pandas as pd
import pytest
from planted_diffusion import TERM, planted_corpus

from nqp.cli import main


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "planted.csv"
    planted_corpus().to_csv(path, index=False)
    return path


def test_lag_printed(corpus, capsys):
    assert main(["theme", str(corpus), TERM, "--lag"]) == 0
    out = capsys.readouterr().out
    assert "lag between levels" in out and re.search(r"municipal\s+provincial", out)


def test_adoption_and_lag_written(corpus, tmp_path):
    assert main(["theme", str(corpus), TERM, "--adoption", "--out", str(tmp_path / "a.parquet")]) == 0
    a = pd.read_parquet(tmp_path / "a.parquet")
    assert a["outlets"].tolist() == [0, 0, 1, 2, 3, 4, 4, 6, 6, 7, 8, 8]
    assert main(["theme", str(corpus), TERM, "--lag", "--out", str(tmp_path / "l.csv")]) == 0
    lag = pd.read_csv(tmp_path / "l.csv")
    row = lag[(lag["from_level"] == "municipal") & (lag["to_level"] == "provincial")].iloc[0]
    assert row["lag_days"] == 63


def test_bad_levels_file_and_two_tables_one_file(corpus, tmp_path, capsys):
    assert main(["theme", str(corpus), TERM, "--lag", "--levels", str(tmp_path / "no.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["theme", str(corpus), TERM, "--lag", "--adoption", "--out", str(tmp_path / "x.csv")]) == 2
    assert "one table per file" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()

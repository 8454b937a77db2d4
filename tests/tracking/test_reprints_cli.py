"""``nqp reprints``: the families of nqp.reprint_families, printed or written, with theme counts both ways."""

import pandas as pd

import nqp
from nqp.cli import main


def test_reprints_writes_the_families_of_the_library(seeds_path, tmp_path, capsys):
    out = tmp_path / "families.csv"
    counts = tmp_path / "counts.csv"
    code = main(["reprints", str(seeds_path), "--unit", "sentence", "--measure", "containment",
                 "--theme", "建圈强链", "--out", str(out), "--counts", str(counts)])
    assert code == 0
    articles = nqp.clean(nqp.load_corpus(seeds_path)).articles
    expected = nqp.reprint_families(articles, unit="sentence", measure="containment")
    written = pd.read_csv(out)
    assert written["article_id"].tolist() == expected["article_id"].tolist()
    assert written["family"].tolist() == expected["family"].tolist()
    printed = capsys.readouterr().out
    n = expected["family"].nunique()
    assert printed.startswith(f"{n} reprint famil{'ies' if n != 1 else 'y'} of sentences among {len(articles)} articles")
    c = pd.read_csv(counts)
    assert c["n_mentions"].sum() == len(nqp.theme(articles, ["建圈强链"]))


def test_reprints_bad_threshold_is_one_line(seeds_path, capsys):
    assert main(["reprints", str(seeds_path), "--threshold", "1.5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nqp reprints: --threshold") and "\n" not in err

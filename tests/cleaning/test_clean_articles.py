"""nqp.clean: the articles table and its contract, the accounting invariant on the seeds, argument
checks, determinism, the CLI, deprecated forms, the reference corpus, the progress bar."""

from __future__ import annotations


import pandas as pd
import pytest
from cleaning_seeds import assert_accounts_for

import nqp
from nqp import clean, raw_span
from nqp import schema as S


def test_seeds_every_character_accounted_for(corpus, articles, removals):
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), articles, removals)

def test_contract_columns_and_order(articles):
    for col in [
        S.DOC_ID, S.ARTICLE_ID, S.POSITION, S.TITLE, S.BYLINE, S.TEXT, S.TEXT_ORIG, S.START, S.END,
        S.HEADINGS, S.OUTLET, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END, S.SCRIPT,
    ]:
        assert col in articles.columns, col
    assert articles[S.ARTICLE_ID].is_unique
    assert list(articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)) == sorted(
        articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)
    )
    assert (articles[S.TEXT].str.len() == articles[S.TEXT_ORIG].str.len()).all()

@pytest.mark.parametrize(
    "bad, message",
    [
        (["not", "a", "frame"], "expected the DataFrame"),
        (pd.DataFrame({"text": ["x"]}), "missing column"),
        (pd.DataFrame({S.DOC_ID: ["a", "a"], S.TEXT: ["x", "y"]}), "more than once"),
        (pd.DataFrame({S.DOC_ID: ["a"], S.TEXT: [None]}), "not a string"),
    ],
)
def test_bad_corpus(bad, message):
    with pytest.raises(nqp.NqpError, match=message):
        clean(bad)

def test_deterministic(corpus, cleaned):
    again = clean(corpus)
    for name in ("articles", "removals", "details"):
        pd.testing.assert_frame_equal(getattr(cleaned, name), getattr(again, name))

def test_cli_writes_csv_and_parquet(seeds_path, tmp_path):
    import json

    from nqp.cli import main

    assert main(["clean", str(seeds_path), "--out", str(tmp_path / "a.csv"), "--removals", str(tmp_path / "r.parquet")]) == 0
    a = pd.read_csv(tmp_path / "a.csv")
    assert len(a) == 18 and a[S.ARTICLE_ID].is_unique
    assert all(isinstance(x, list) for x in json.loads(a[S.HEADINGS].iloc[0]))
    r = pd.read_parquet(tmp_path / "r.parquet")
    assert set(r.columns) == {S.DOC_ID, S.START, S.END, S.RULE, S.TEXT}
    assert main(["clean", str(seeds_path), "--out", str(tmp_path / "a.parquet")]) == 0
    p = pd.read_parquet(tmp_path / "a.parquet")
    assert raw_span(p.iloc[0], 0, 3) == raw_span(clean(nqp.load_corpus(seeds_path)).articles.iloc[0], 0, 3)
    assert main(["clean", str(seeds_path), "--out", str(tmp_path / "a.txt")]) == 2

def test_clean_of_a_path_is_deprecated_but_equal(seeds_path, articles):
    with pytest.warns(DeprecationWarning, match="load it first"):
        from_path = clean(seeds_path)
    pd.testing.assert_frame_equal(from_path.articles, articles)

def test_old_return_removals_still_works_with_a_warning(corpus, cleaned):
    with pytest.warns(DeprecationWarning, match="return_removals"):
        arts, rm, det = clean(corpus, return_removals=True)
    pd.testing.assert_frame_equal(arts, cleaned.articles)
    pd.testing.assert_frame_equal(rm, cleaned.removals)
    with pytest.warns(DeprecationWarning, match="return_removals"):
        only = clean(corpus, return_removals=False)
    pd.testing.assert_frame_equal(only, cleaned.articles)

def test_reference_corpus_one_article_per_report(reference_corpus):
    c = clean(reference_corpus)
    arts = c.articles
    assert arts.groupby(S.DOC_ID).size().max() == 1
    assert set(arts[S.DOC_ID]) == set(reference_corpus[S.DOC_ID])

def test_progress_bar_shows_only_when_asked(corpus, capsys):
    import nqp

    quiet = nqp.clean(corpus, progress=False)
    assert capsys.readouterr().err == ""
    shown = nqp.clean(corpus, progress=True)
    assert "clean" in capsys.readouterr().err
    pd.testing.assert_frame_equal(quiet.articles, shown.articles)

def test_cleaning_builds_no_reference_cycles(corpus):
    # nqp.clean pauses the cyclic collector while it works (a tenth of its time): safe only while
    # everything it discards is freed by reference counting, which this checks on the seeds
    import gc

    gc.collect()
    gc.disable()
    try:
        nqp.clean(corpus)
        nqp.clean(corpus, rules=nqp.load_clean_rules())
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert gc.isenabled()

"""The analysis commands compute what the notebooks compute, on the same articles with the same defaults:
each table written with --out equals the library call the test makes itself, and facts about it are
checked against the articles directly (counts of the text, ids of the articles in scope)."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

import nqp
from nqp.cli import main


@pytest.fixture(scope="module")
def in_scope(articles):
    """What notebooks 04, 05 and 07 analyse: every article of the kind 'article' (picture columns out)."""
    use = articles[articles["kind"] == "article"].reset_index(drop=True)
    assert 0 < len(use) < len(articles)  # the seeds have picture columns: the choice matters
    return use


@pytest.fixture(scope="module")
def scope_tokens(in_scope):
    return nqp.tokenize(in_scope)


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """The same table, however the file stored its types (missing values: None)."""
    def plain(df):
        df = df.reset_index(drop=True).astype(object)
        return df.where(df.notna(), None)

    pd.testing.assert_frame_equal(plain(got), plain(expected), check_dtype=False)


def _run(argv, capsys) -> tuple[str, str]:
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr()


def test_keywords_default_is_the_reports(seeds_path, in_scope, scope_tokens, tmp_path, capsys):
    out = tmp_path / "kw.csv"
    _, err = _run(["keywords", seeds_path, "--by", "outlet", "--top", 5, "--out", out], capsys)
    got = pd.read_csv(out)
    assert got["term"].str.len().min() >= 2  # no single characters (核, 新 ...), as notebook 04
    expected = nqp.keywords(scope_tokens, "outlet", top=5, min_chars=2)
    _same(got, expected)
    assert f"{len(in_scope)} of 18 articles (picture columns left out)" in err
    # single characters only when asked for
    _run(["keywords", seeds_path, "--by", "outlet", "--top", 40, "--min-chars", 1, "--out", out], capsys)
    assert (pd.read_csv(out)["term"].str.len() == 1).any()


def test_keyness_latest_year_against_the_rest(seeds_path, in_scope, scope_tokens, tmp_path, capsys):
    out = tmp_path / "key.parquet"
    _, err = _run(["keyness", seeds_path, "--out", out], capsys)
    got = pd.read_parquet(out)
    years = sorted({d[:4] for d in in_scope["date"].astype(str)})
    assert len(years) > 1 and f"year = {years[-1]} against {', '.join(years[:-1])}" in err
    expected = nqp.keyness_exemplars(nqp.keyness(scope_tokens, years[-1], by="year", min_chars=2), in_scope)
    _same(got, expected)
    assert got["term"].str.len().min() >= 2
    # the counts are the tokens of the target year's articles, counted here
    target = Counter(t for toks, d in zip(scope_tokens["tokens"], scope_tokens["date"].astype(str))
                     if d.startswith(years[-1]) for t in toks)
    row = got.iloc[0]
    assert row["target_count"] == target[row["term"]]
    # printed: the significant terms of each direction, in the table's order
    printed, _ = _run(["keyness", seeds_path, "--top", 3], capsys)
    shown = [line.split()[0] for line in printed.splitlines()[1:]]
    sig = expected[expected["significant"]]
    assert shown == sig.groupby("direction", sort=False).head(3)["term"].tolist()


def test_keyness_by_outlet_and_against_the_work_reports(seeds_path, in_scope, scope_tokens, tmp_path, capsys):
    out = tmp_path / "key.csv"
    _run(["keyness", seeds_path, "--by", "outlet", "--target", "科技日报", "--min-count", 3, "--out", out], capsys)
    got = pd.read_csv(out)
    expected = nqp.keyness(scope_tokens, "科技日报", by="outlet", min_count=3, min_chars=2)
    assert got["term"].tolist() == expected["term"].tolist() and got["g2"].tolist() == pytest.approx(expected["g2"].tolist())

    _, err = _run(["keyness", seeds_path, "--reference", "gov_work_reports", "--out", out], capsys)
    reports = nqp.load_dataset("gov_work_reports")
    recent = reports[reports["date_start"].dt.year >= 2024]  # the command's default --reference-since
    assert f"{len(recent)} documents dated 2024 or later" in err
    ref = nqp.tokenize(nqp.clean(recent).articles)
    expected = nqp.keyness(scope_tokens, reference=ref, min_chars=2)
    got = pd.read_csv(out)
    assert got["term"].tolist() == expected["term"].tolist()
    assert got["reference_count"].tolist() == expected["reference_count"].tolist()
    assert got.loc[got["term"] == "就业", "target_count"].item() == 0  # a word of the reports, not of the news


def test_topics_k_and_scan(seeds_path, in_scope, tmp_path, capsys):
    out, shares = tmp_path / "t.csv", tmp_path / "s.tsv"
    _run(["topics", seeds_path, "--k", 3, "--out", out, "--doc-topics", shares], capsys)
    counts = nqp.dtm(nqp.tokenize(in_scope, formula=True), min_df=2)
    model = nqp.topics(counts, 3, "nmf", random_state=0)
    got = pd.read_csv(out)
    assert got[["topic", "term", "rank"]].values.tolist() == model.topic_terms[["topic", "term", "rank"]].values.tolist()
    assert dict(zip(got["topic"], got["label"])) == dict(zip(model.labels["topic"], model.labels["label"]))
    doc = pd.read_csv(shares, sep="\t")
    assert set(doc["article_id"]) == set(in_scope["article_id"])  # the articles in scope, nothing else
    assert doc.groupby("article_id")["weight"].sum().round(6).eq(1).all()

    printed, err = _run(["topics", seeds_path, "--ks", 2, 3], capsys)
    scan = nqp.topics_scan(counts, nqp.tokenize_long(in_scope, formula=True), ks=[2, 3], random_state=0)
    assert scan.reason in err
    best = nqp.topics(counts, scan.recommended_k, random_state=0)
    assert all(label in printed for label in best.labels["label"])
    assert printed.splitlines()[0].split() == list(scan.table.columns)


def test_collocations(seeds_path, in_scope, tmp_path, capsys):
    out = tmp_path / "c.csv"
    _run(["collocations", seeds_path, "新质生产力", "--out", out], capsys)
    got = pd.read_csv(out)
    expected = nqp.collocations(nqp.tokenize_long(in_scope), window=5, term="新质生产力", min_count=2)
    assert got[["term1", "term2", "count"]].values.tolist() == expected[["term1", "term2", "count"]].values.tolist()
    assert set(got["term1"]) == {"新质生产力"} and got["count"].min() >= 2
    printed, _ = _run(["collocations", seeds_path, "新质生产力", "--sentence", "--min-count", 5], capsys)
    by_sentence = nqp.collocations(nqp.tokenize_long(in_scope), window=None, term="新质生产力", min_count=5)
    assert [line.split()[1] for line in printed.splitlines()[1:]] == by_sentence["term2"].tolist()


def test_discover_on_every_article(seeds_path, articles, tmp_path, capsys):
    out = tmp_path / "d.csv"
    _, err = _run(["discover", seeds_path, "--out", out], capsys)
    got = pd.read_csv(out)
    expected = nqp.terms_discover(articles, min_count=3, top=25)  # notebook 03: every article
    assert got["term"].tolist() == expected["term"].tolist() and len(got) == 25
    assert f"{len(articles)} of {len(articles)} articles" in err
    for term, n in zip(got["term"], got["n"]):  # n: the occurrences in the analysis text
        assert n == sum(text.count(term) for text in articles["text"]) and n >= 3
    known = set(nqp.Lexicon.from_any(None).to_frame()["term"])
    assert got["in_lexicon"].tolist() == [t in known for t in got["term"]]


def test_duplicates(seeds_path, articles, tmp_path, capsys):
    out = tmp_path / "p.csv"
    _, err = _run(["duplicates", seeds_path, "--unit", "sentence", "--out", out], capsys)
    got = pd.read_csv(out)
    expected = nqp.near_duplicates(articles, unit="sentence", threshold=0.5)
    assert len(got) == len(expected) > 0 and f"{len(got)} sentence pairs at containment >= 0.5" in err
    texts = articles.set_index("article_id")["text"]
    for row in got.itertuples():
        assert row.doc_id_a != row.doc_id_b and row.containment >= 0.5
        assert texts[row.article_id_a][row.start_a:row.end_a] == row.text_a  # the pair is quoted at its offsets
    printed, _ = _run(["duplicates", seeds_path, "--unit", "sentence", "--threshold", 0.99], capsys)
    assert printed.strip() == "(no rows)" or len(printed.splitlines()) - 1 == len(
        nqp.near_duplicates(articles, unit="sentence", threshold=0.99))


def test_clusters(seeds_path, in_scope, tmp_path, capsys):
    out, each = tmp_path / "c.csv", tmp_path / "a.parquet"
    _, err = _run(["clusters", seeds_path, "--out", out, "--assignments", each], capsys)
    counts = nqp.dtm(nqp.tokenize(in_scope, formula=True), min_df=2)
    scan = nqp.clusters_scan(counts, method="kmeans", random_state=0)
    assert scan.reason in err
    got, assigned = pd.read_csv(out), pd.read_parquet(each)
    assert len(got) == scan.recommended_k and got["n_docs"].sum() == len(in_scope)
    assert sorted(assigned["article_id"]) == sorted(in_scope["article_id"])
    assert assigned.groupby("cluster").size().tolist() == got.sort_values("cluster")["n_docs"].tolist()
    _run(["clusters", seeds_path, "--k", 3, "--method", "hierarchical", "--out", out], capsys)
    expected = nqp.clusters(counts, 3, "hierarchical", random_state=0).table
    assert pd.read_csv(out)["n_docs"].tolist() == expected["n_docs"].tolist()


def test_scope_restricts_every_analysis(seeds_path, in_scope, tmp_path, capsys):
    naming = set(in_scope.loc[in_scope["text"].str.contains("新质生产力", regex=False), "article_id"])
    assert 1 < len(naming) < len(in_scope)
    each = tmp_path / "a.csv"
    _, err = _run(["clusters", seeds_path, "--scope", "新质生产力", "--k", 2, "--assignments", each], capsys)
    assert set(pd.read_csv(each)["article_id"]) == naming
    assert f"{len(naming)} of 18 articles (those that mention 新质生产力" in err
    shares = tmp_path / "s.csv"
    _run(["topics", seeds_path, "--scope", "新质生产力", "--k", 2, "--doc-topics", shares], capsys)
    assert set(pd.read_csv(shares)["article_id"]) == naming


@pytest.mark.parametrize("argv, expected", [
    (["keyness", "{seeds}", "--target", "2030"], "nqp keyness: --target '2030': not a value of year"),
    (["keyness", "{seeds}", "--by", "region"], "nqp keyness: --by 'region': no such column"),
    (["keyness", "{seeds}", "--by", "doc_title", "--scope", "新质生产力", "--target", "x"], "nqp keyness: --target 'x'"),
    (["keyness", "{seeds}", "--reference", "nowhere"], "nqp keyness: --reference 'nowhere': 'nowhere' is neither a bundled"),
    (["keyness", "{seeds}", "--reference", "gov_work_reports", "--by", "outlet"], "nqp keyness: --reference 'gov_work_reports'"),
    (["topics", "{seeds}", "--k", "100"], "nqp topics: --k 100: more topics than the matrix can hold"),
    (["topics", "{seeds}", "--k", "2", "--ks", "3", "4"], "nqp topics: --k 2:"),
    (["topics", "{seeds}", "--min-df", "100"], "nqp topics: --max-df 1.0 keeps fewer documents"),
    (["clusters", "{seeds}", "--k", "50"], "nqp clusters: --k 50: the number of clusters must be between 2"),
    (["discover", "{seeds}", "--min-len", "5", "--max-len", "3"], "nqp discover: need 2 <= --min-len <= --max-len"),
    (["discover", "{seeds}", "--lexicon", "{tmp}/missing.csv"], "nqp discover: lexicon file {tmp}/missing.csv does not exist"),
    (["collocations", "{seeds}", "新质生产力", "--scope", "不存在的口号"], "nqp collocations: {seeds}: no article mentions 不存在的口号"),
    (["duplicates", "{tmp}/nowhere"], "nqp duplicates: {tmp}/nowhere: no such file or folder"),
    (["keywords", "{seeds}", "--encoding", "bogus"], "nqp keywords: --encoding 'bogus': not an encoding Python knows"),
    (["kwic", "{seeds}", "(", "--regex"], "nqp kwic: TERM '(': not a valid regular expression"),
])
def test_bad_input_is_one_line_naming_the_option(argv, expected, seeds_path, tmp_path, capsys):
    fill = {"seeds": seeds_path, "tmp": tmp_path}
    assert main([a.format(**fill) for a in argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith(expected.format(**fill))
    assert not re.search(r"(?<![-\w])[a-z]+_[a-z_]+=", err)  # no Python keyword argument left in the remedy


@pytest.mark.parametrize("argv, option", [
    (["duplicates", "{seeds}", "--threshold", "2"], "--threshold"),
    (["keyness", "{seeds}", "--alpha", "0"], "--alpha"),
    (["keyness", "{seeds}", "--correction", "holm"], "--correction"),
    (["topics", "{seeds}", "--k", "0"], "--k"),
    (["topics", "{seeds}", "--method", "lsa"], "--method"),
    (["clusters", "{seeds}", "--k", "1"], "--k"),
    (["collocations", "{seeds}", "新质生产力", "--window", "0"], "--window"),
    (["discover", "{seeds}", "--top", "none"], "--top"),
])
def test_bad_numbers_and_choices_are_refused_before_any_work(argv, option, seeds_path, capsys, monkeypatch):
    import nqp.corpus

    monkeypatch.setattr(nqp.corpus, "load_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    with pytest.raises(SystemExit) as info:
        main([a.format(seeds=seeds_path) for a in argv])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    assert err.strip().splitlines()[-1].startswith(f"nqp {argv[0]}: error: argument {option}")


@pytest.mark.parametrize("command, outputs", [
    (["keyness", "{seeds}"], ["--out"]),
    (["topics", "{seeds}", "--k", "2"], ["--out", "--doc-topics"]),
    (["topics", "{seeds}"], ["--scan"]),
    (["collocations", "{seeds}", "新质生产力"], ["--out"]),
    (["discover", "{seeds}"], ["--out"]),
    (["duplicates", "{seeds}"], ["--out"]),
    (["clusters", "{seeds}"], ["--out", "--assignments"]),
])
def test_outputs_are_checked_before_the_corpus_is_read(command, outputs, seeds_path, tmp_path, capsys, monkeypatch):
    import nqp.corpus

    monkeypatch.setattr(nqp.corpus, "load_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me", encoding="utf-8")
    for option in outputs:
        argv = [a.format(seeds=seeds_path) for a in command] + [option, f"{blocker}/t.csv"]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"nqp {command[0]}: {option} '{blocker}/t.csv': '{blocker}' is a file"), err
    if len(outputs) > 1:  # two outputs into one file: refused before either is written
        argv = [a.format(seeds=seeds_path) for a in command] + [x for o in outputs for x in (o, str(tmp_path / "same.csv"))]
        assert main(argv) == 2
        assert "also given as --out" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_a_corpus_that_cannot_be_compared_or_loaded_is_one_line(tmp_path, capsys):
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text("成都加快发展新质生产力。\n新质生产力是先进生产力。\n", encoding="utf-8")
    assert main(["keyness", str(one)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqp keyness: --by year: the one article has one value of year") and err.count("\n") == 1
    assert "--reference gov_work_reports" in err
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (broken / name).write_text(" \n", encoding="utf-8")
    assert main(["topics", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err == (f"nqp topics: cannot load the corpus in {broken}: a.txt: is empty or holds only whitespace. "
                   "Remove it or give it its text.\n"
                   "  b.txt: is empty or holds only whitespace. Remove it or give it its text.\n"
                   "  c.txt: is empty or holds only whitespace. Remove it or give it its text.\n")


def test_the_bundled_corpora_by_name_from_any_folder(tmp_path, monkeypatch, capsys):
    """seeds and gov_work_reports are names, as for nqp report --corpus: they work outside a clone's root."""
    monkeypatch.chdir(tmp_path)
    assert main(["kwic", "seeds", "建圈强链"]) == 0
    out = capsys.readouterr().out
    seeds = nqp.load_corpus(nqp.report.seeds_dir())
    hits = [line for line in out.splitlines() if "【" in line]  # quoted in the original script (建圈強鏈 too)
    assert len(hits) == sum(t.count("建圈强链") for t in nqp.clean(seeds).articles["text"])
    # a term jieba would cut is one token for the collocations, as in the report
    assert main(["collocations", "gov_work_reports", "国内大循环", "--window", "5"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("国内大循环")]
    assert rows
    assert main(["kwic", "gov_work_reports", "改革", "--encoding", "gbk"]) == 2
    assert "nqp kwic: gov_work_reports: a corpus that ships with nqp; the corpus options (--encoding)" in capsys.readouterr().err

"""Notebooks 01-corpus, 02-cleaning and 03-vocabulary on corpora of every shape: each renders, and its
findings state facts computed here, independently of the notebook."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import nqp
from nqp.report import execute_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


def _page(name: str, corpus: Path, **params) -> str:
    """Execute one notebook on ``corpus`` and return every Markdown output it rendered, joined."""
    path = next(NOTEBOOKS.glob(f"{name}-*.ipynb"))
    nb = execute_notebook(path, {"corpus": str(corpus), **params})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return "\n".join(o.get("data", {}).get("text/markdown", "") for o in outputs)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_json(path, orient="records", lines=True, force_ascii=False)
    return path


@pytest.fixture(scope="module")
def undated(tmp_path_factory, reference_corpus) -> Path:
    """Four work reports as bare .txt files: no metadata.csv, so no dates, titles or outlets."""
    folder = tmp_path_factory.mktemp("undated")
    for doc_id, text in zip(reference_corpus["doc_id"][:4], reference_corpus["text"][:4]):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_document(tmp_path_factory, corpus) -> Path:
    return _write(corpus.iloc[[2]][["doc_id", "outlet", "date", "title", "text"]],
                  tmp_path_factory.mktemp("one") / "one.jsonl")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate, write

    frame = generate(3000, seed=0)
    return frame, write(frame, tmp_path_factory.mktemp("generated") / "gen3000.jsonl")


def test_corpus_page_on_an_undated_folder(undated):
    text = _page("01", undated)
    assert "**4 documents** (no outlet given)" in text
    assert "No timeline: none of the 4 documents is dated" in text
    assert "No document is dated (4 of 4 undated)" in text
    assert "On the seeds" not in text


def test_corpus_page_on_one_document(one_document, corpus):
    row = corpus.iloc[2]
    text = _page("01", one_document)
    assert "**1 document** from **one outlet**, " + row["outlet"] in text
    assert f"Every dated document is of {row['date']}" in text
    assert f"One document: «{row['title'][:40]}», {row['n_chars']:,} characters." in text
    assert "0 outlets" not in text and "None" not in text


@pytest.mark.slow
def test_pages_on_the_work_reports(tmp_path, reference_corpus):
    path = _write(reference_corpus[["doc_id", "date", "title", "text"]], tmp_path / "reports.jsonl")
    n = len(reference_corpus)
    years = reference_corpus["date"].astype(int)
    longest = reference_corpus.loc[reference_corpus["n_chars"].idxmax()]
    text = _page("01", path)
    assert f"**{n} documents** (no outlet given)" in text
    assert f"Dates run from {years.min()} to {years.max()}; all {n} are dated to the year" in text
    assert "binned by year at the finest" in text
    assert f"The longest document is «{longest['title']}» ({longest['n_chars']:,} characters)" in text
    assert "Month-precision" not in text and "page layout" not in text and "On the seeds" not in text
    cleaning = _page("02", path)
    articles = nqp.clean(nqp.load_corpus(path)).articles
    assert f"**{n} documents became {len(articles)} articles**" in cleaning
    # near-duplicates: every article searched (no sample), the families of nqp.reprint_families counted
    fams = {u: nqp.reprint_families(articles, unit=u, measure="containment", threshold=0.5) for u in ("paragraph", "sentence")}
    assert (f"(all {len(articles):,} in scope, found in time linear in the text and the copies): {len(fams['paragraph']):,} paragraph"
            in cleaning)
    assert f"{len(fams['sentence']):,} sentences in {fams['sentence']['family'].nunique():,} families" in cleaning
    vocabulary = _page("03", path, theme=["新质生产力"], scope="theme")
    mentioning = nqp.articles_in_scope(articles, ["新质生产力"])
    assert (f"**Scope:** the {len(mentioning)} of {len(articles)} articles that mention 新质生产力, from "
            f"{mentioning['doc_id'].nunique()} of {n} documents."
            in vocabulary)
    assert "Discovery reads a seeded sample" not in vocabulary  # discovery is linear: the reports are read whole


@pytest.mark.slow
def test_pages_on_a_generated_corpus_of_clean_articles(generated):
    frame, path = generated
    text = _page("01", path)
    assert f"**{len(frame):,} documents** from **{frame['outlet'].nunique()} outlets**" in text
    years = frame["date"].str.slice(0, 4).astype(int)
    assert re.search(rf"Dates run from {years.min()}-\S+ to {years.max()}-\S+;", text)
    n_day = int((frame["date_precision"] == "day").sum())
    assert f"{n_day:,} to the day, {len(frame) - n_day:,} to the month" in text
    assert "binned by month at the finest" in text
    cleaning = _page("02", path)
    assert f"**{len(frame):,} documents became" in cleaning


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01", "02", "03"])
def test_pages_with_a_theme_no_document_mentions(name, undated):
    text = _page(name, undated, theme=["建圈强链"], scope="theme")
    if name == "03":  # the articles' scope line of nqp.articles_scope
        assert "**Scope:** no article mentions 建圈强链, so all 4 articles are used, from 4 documents." in text
    else:
        assert "**Scope:** none of the 4 " in text and "mentions 建圈强链" in text


@pytest.mark.slow
def test_pages_on_two_documents_of_one_outlet_dated_to_the_year(tmp_path, corpus):
    two = corpus.iloc[[0, 1]][["doc_id", "title", "text"]].assign(outlet="成都日报", date=["2023", "2024"])
    path = _write(two, tmp_path / "two.jsonl")
    text = _page("01", path)
    assert "**2 documents** from **one outlet**, 成都日报" in text
    assert "Dates run from 2023 to 2024; all 2 are dated to the year" in text
    for name in ("02", "03"):
        assert "Scope:" in _page(name, path)


@pytest.mark.slow
def test_seeds_pages_keep_their_seed_prose_and_scope(seeds_path, corpus):
    text = _page("01", seeds_path, theme=["建圈强链"])
    articles = nqp.clean(corpus).articles
    docs = set(nqp.articles_in_scope(articles, ["建圈强链"])["doc_id"])
    assert f"**Scope:** all 5 documents; {len(docs)} of them hold an article that mentions 建圈强链" in text
    assert "On the seeds, `001` and `004` are whole newspaper pages" in text


@pytest.mark.slow
def test_vocabulary_page_looks_up_a_traditional_theme_in_its_simplified_form(one_document):
    lexicon_terms = set(nqp.Lexicon.from_any(None).to_frame()["term"])
    assert "建圈强链" in lexicon_terms and "建圈強鏈" not in lexicon_terms
    text = _page("03", one_document, theme=["建圈強鏈"], discover_top=5)
    assert "- The theme: 建圈強鏈 (read as 建圈强链) is in the lexicon" in text


@pytest.mark.slow
def test_corpus_page_on_mixed_precision_and_a_word_file(tmp_path):
    docx = pytest.importorskip("docx")
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("会议强调，要推动高质量发展。", encoding="utf-8")
    (folder / "b.txt").write_text("今年经济运行总体平稳。", encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("报告指出，科技创新取得新进展。")
    word.save(folder / "c.docx")
    meta = pd.DataFrame({"file": ["a.txt", "b.txt", "c.docx"], "date": ["2023-01-05", "2023", "2022-12-30"]})
    meta.to_csv(folder / "metadata.csv", index=False)
    text = _page("01", folder)
    first = min(meta["date"], key=lambda d: pd.Timestamp(d))  # a year stands for its first day at the earliest
    assert f"Dates run from {first} to 2023 (2023 stands for the whole year);" in text
    assert "Encodings used to decode: 2 × utf-8; read from their file format, without decoding: 1 × docx." in text


@pytest.mark.slow
def test_a_theme_jieba_cuts_is_one_token_on_the_pages(tmp_path, reference_corpus):
    """国内大循环 is not in nqp's lexicon and plain jieba cuts it; given as the theme, the report adds it: 03 says
    so, 04 counts it as a term and finds its collocates."""
    term = "国内大循环"
    rows = reference_corpus[reference_corpus["text"].str.contains(term)]
    assert len(rows) >= 2 and term not in nqp.Lexicon.from_any(None).forms()
    frame = pd.concat([rows, reference_corpus[~reference_corpus["text"].str.contains(term)].tail(3)])
    path = _write(frame[["doc_id", "date", "text"]], tmp_path / "reports.jsonl")
    n = int(frame["text"].str.count(term).sum())
    cuts = " / ".join(nqp.tokenize_texts([term], lexicon=False, stopwords=False)[0])
    vocab = _page("03", path, theme=[term], discover_top=5)
    assert (f"- The theme: {term} is not in nqp's lexicon: the report adds it for this run, so every page keeps it as "
            f"one token where plain jieba cuts {cuts}; in this corpus {term} occurs {n} times.") in vocab
    keywords = _page("04", path, theme=[term])
    assert f"**{term}** (the theme's first term): {n} occurrences in {len(rows)} articles" in keywords
    assert f"- {term} has no collocate" not in keywords


def test_copies_of_one_text_are_no_clusters_and_the_page_says_so(tmp_path):
    """Five documents with one text between them: page 05 fits no model and no clustering (k-means finds one
    cluster in five copies) and says how many different texts there are."""
    text = "成都加快建圈强链，推动产业链供应链优化升级。新质生产力加快形成，企业创新活力持续释放。"
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "text": [text] * 5})
    topics = _page("05", _write(frame, tmp_path / "copies.jsonl"), reference_corpus=None)
    n_distinct = frame["text"].nunique()
    assert f"so at least 3 different documents; there are 5; the 5 documents hold only {n_distinct} different text" in topics
    assert f"needs at least 4 different documents; there are 5; the 5 documents hold only {n_distinct} different text" in topics


def test_a_rules_file_cleans_the_corpus_every_page_reads(tmp_path):
    """A rule of the user's that removes the theme: page 02 and page 06 both read the corpus it cleaned (page 06
    read nqp's own cleaning and still found the mentions page 02 said were gone)."""
    rules = tmp_path / "mine.toml"
    rules.write_text('[[remove]]\nname = "mine"\npattern = "新质生产力"\nscope = "inline"\ndescription = "a test"\n',
                     encoding="utf-8")
    frame = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2024-03-05", "2024-03-06"],
                          "text": ["要加快发展新质生产力，推动产业升级。", "新质生产力是创新起主导作用的先进生产力。"]})
    path = _write(frame, tmp_path / "two.jsonl")
    page = _page("06", path, theme=["新质生产力"], rules=[str(rules)], reference_corpus=None)
    assert "新质生产力 is not mentioned in any of the 2 articles in scope" in page
    assert "**2 mentions**" in _page("06", path, theme=["新质生产力"], reference_corpus=None)


def test_a_first_line_that_is_a_credit_is_no_title_on_page_01(tmp_path):
    """A corpus without titles: the loader takes each file's first line, here a photo credit that cleaning
    removes; page 01 names the document by the headline under it, as the other pages do."""
    folder = tmp_path / "credit"
    folder.mkdir()
    text = ("图片来源：视觉中国\n\n成都出台新政支持低空经济\n\n"
            "记者从市经信局获悉，成都近日出台支持低空经济发展的若干政策措施，涵盖研发、制造和应用场景。\n")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    assert nqp.load_corpus(folder)["title"].tolist() == ["图片来源：视觉中国"]
    page = _page("01", folder)
    assert "One document: «成都出台新政支持低空经济»" in page and "«图片来源" not in page

"""The corpora bundled with nqp (nqp.datasets): present in every clone and installation, loaded like any corpus."""

import json
import lzma
from importlib import resources

import pytest

import nqp
from nqp.errors import CorpusError


def _raw_rows():
    data = resources.files("nqp").joinpath("data", "gov_work_reports.jsonl.xz").read_bytes()
    return [json.loads(line) for line in lzma.decompress(data).decode("utf-8").splitlines() if line.strip()]


def test_gov_work_reports_are_the_bundled_rows_unchanged():
    rows = _raw_rows()
    corpus = nqp.gov_work_reports()
    assert len(corpus) == len(rows) == 57
    by_year = {str(r["year"]): r["text"] for r in rows}
    assert dict(zip(corpus["date"], corpus["text"])) == by_year
    assert set(corpus["origin"]) == {r["source"] for r in rows}
    assert corpus["date_precision"].eq("year").all()
    assert corpus["doc_id"].tolist() == sorted(f"gov_work_reports_{y}" for y in by_year)


def test_gov_work_reports_first_years_of_the_known_slogans():
    corpus = nqp.gov_work_reports()
    first = {t: min(int(d) for d, x in zip(corpus["date"], corpus["text"]) if t in x)
             for t in ("新质生产力", "高质量发展", "供给侧结构性改革")}
    assert first == {"新质生产力": 2024, "高质量发展": 2018, "供给侧结构性改革": 2016}


def test_rows_name_the_dataset_file_not_a_temporary_folder():
    corpus = nqp.gov_work_reports()
    assert corpus["source"].str.fullmatch(r"gov_work_reports\.jsonl:\d+").all()


def test_load_dataset_takes_a_name_or_a_path(seeds_path):
    assert nqp.dataset_names() == ["gov_work_reports"]
    assert nqp.load_dataset("gov_work_reports").equals(nqp.gov_work_reports())
    assert nqp.load_dataset(seeds_path).equals(nqp.load_corpus(seeds_path))


def test_load_dataset_unknown_name_says_what_exists():
    with pytest.raises(CorpusError, match=r"'gov_reports'.*gov_work_reports"):
        nqp.load_dataset("gov_reports")


def test_provenance_file_ships_beside_the_data():
    text = resources.files("nqp").joinpath("data", "gov_work_reports.md").read_text(encoding="utf-8")
    assert "Article 5" in text and "chengjun/mybook" in text


@pytest.mark.parametrize("year, again", [("1959", 31258), ("1991", 13140)])
def test_the_two_doubled_reports_lose_only_their_second_copy(year, again):
    # the provenance note says these two texts hold their report twice; cleaning removes the second copy
    corpus = nqp.gov_work_reports()
    doc = corpus[corpus["date"] == year]
    raw = doc["text"].iloc[0]
    # the second copy starts again with a line of the first; repeats shorter than the rule's minimum stay
    assert raw[again:again + 14] in raw[:again]
    long_paragraphs = [p for p in raw[again:].split("\n") if len(p) > 200]
    assert len(long_paragraphs) > 20 and all(raw.count(p) == 2 for p in long_paragraphs)
    cleaned = nqp.clean(doc)
    text = "".join(cleaned.articles["text_orig"])
    assert all(text.count(p) == 1 for p in long_paragraphs)
    repeat = cleaned.removals[cleaned.removals["rule"] == "repeat"]
    removed = int((repeat["end"] - repeat["start"]).sum())
    # what the repeat rule removed lies in the second copy and is most of it
    assert repeat["start"].min() >= again
    assert 0.9 * (len(raw) - again) <= removed <= len(raw) - again

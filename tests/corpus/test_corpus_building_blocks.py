"""The steps of load_corpus, public for the streaming path, and the layout statistics of a raw corpus."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import corpus as C
from nqp.errors import CorpusError, NqpError


def test_corpus_layout_counts_lines_blanks_and_image_stubs():
    text_a = "标题\n\n![图片](http://x/1.jpg)\n正文第一段。\n  \n![](a.png)"
    text_b = "一行,没有图片。"
    corpus = pd.DataFrame({"doc_id": ["b", "a"], "text": [text_b, text_a]})
    layout = nqp.corpus_layout(corpus)
    assert list(layout.columns) == ["doc_id", "lines", "blank_line_share", "image_stubs"]
    assert layout["doc_id"].tolist() == ["b", "a"]  # corpus order
    assert layout["lines"].tolist() == [1, 6]
    assert layout["blank_line_share"].tolist() == [0.0, 2 / 6]
    assert layout["image_stubs"].tolist() == [0, 2]


def test_corpus_layout_of_the_seeds(corpus):
    layout = nqp.corpus_layout(corpus)
    assert layout["doc_id"].tolist() == corpus["doc_id"].tolist()
    for row, text in zip(layout.itertuples(), corpus["text"]):
        lines = text.split("\n")
        assert row.lines == len(lines)
        assert row.image_stubs == text.count("![")
        assert 0 <= row.blank_line_share < 1


def test_corpus_layout_needs_a_corpus():
    with pytest.raises(NqpError, match=r"corpus: missing column\(s\) \['text'\]"):
        nqp.corpus_layout(pd.DataFrame({"doc_id": ["a"]}))


@pytest.mark.parametrize("path, match", [(None, "no corpus path given"), ("  ", "no corpus path given"),
                                         ("missing-folder", "no such file or folder")])
def test_check_corpus_path(path, match, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError, match=match):
        C.check_corpus_path(path)
    assert C.check_corpus_path(str(tmp_path)) == tmp_path


def test_the_building_blocks_give_load_corpus(seeds_path, corpus):
    files = C.corpus_files(seeds_path)
    assert [f.name for f in files] == sorted(f.name for f in seeds_path.glob("*.txt"))
    meta = C.read_metadata(seeds_path / C.METADATA_FILE)
    # two halves read separately, each finished, then put together: the rows of load_corpus
    halves = [C.read_files(files[:2], seeds_path, meta[meta["file"].isin({f.name for f in files[:2]})]),
              C.read_files(files[2:], seeds_path, meta[meta["file"].isin({f.name for f in files[2:]})])]
    pd.testing.assert_frame_equal(pd.concat(halves, ignore_index=True), corpus)


@pytest.mark.parametrize("suffix", [".parquet", ".pq"])
def test_table_rows_in_chunks_give_load_corpus(tmp_path, suffix):
    table = pd.DataFrame({"id": ["r2", "r1", "r3"], "year": [2024, 2025, 2026],
                          "body": ["新质生产力。", "建圈强链。", "產業建圈強鏈。"], "source": ["a", "b", "c"]})
    path = tmp_path / f"t{suffix}"
    table.to_parquet(path)
    whole = nqp.load_corpus(path, text_column="body")
    assert set(whole["encoding"]) == {"parquet"} and whole["origin"].tolist() == ["b", "a", "c"]
    ids = C.table_doc_ids(path.stem, len(table), table["id"])
    chunks = [C.table_rows(table.iloc[i : i + 2], path, ids[i : i + 2], text_column="body", offset=i) for i in (0, 2)]
    pd.testing.assert_frame_equal(pd.concat(chunks).sort_values("doc_id").reset_index(drop=True), whole)


@pytest.mark.parametrize("sep", ["\n", "\r", "\r\n", "\u2028"])
def test_corpus_layout_counts_every_line_ending_convention(sep):
    text = sep.join(["标题", "", "正文。", "  ", "![](a.png)"])
    layout = nqp.corpus_layout(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert layout.loc[0, "lines"] == 5
    assert layout.loc[0, "blank_line_share"] == 2 / 5

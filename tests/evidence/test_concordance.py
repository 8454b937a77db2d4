"""Keywords in context and exemplar sentences: matched on the analysis layer, quoted in the original script."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp.errors import NqpError

# Real seed strings: 003 is traditional script; the analysis layer is its simplified conversion (same length).
ORIG_003 = "將沖刺“全國增長極”作為目標的成都,“新春第一會”同樣劍指高質量發展,又頗具特色——2月24日,成都召開推進重點產業鏈高質量發展工作會議,以重點產業鏈建圈強鏈破題。"
TEXT_003 = "将冲刺“全国增长极”作为目标的成都,“新春第一会”同样剑指高质量发展,又颇具特色——2月24日,成都召开推进重点产业链高质量发展工作会议,以重点产业链建圈强链破题。"
TEXT_004 = "加快形成新质生产力,离不开产业建圈强链和“硬核”科技。\n3月28日,《成都高新技术产业开发区产业建圈强链行动方案》发布。"
TEXT_001 = "以科技创新引领现代化产业体系建设,加快形成新质生产力,是2024年四川要重点做好的十个方面工作之一。"


@pytest.fixture()
def arts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["001", "003", "004"],
            "article_id": ["001-01", "003-01", "004-02"],
            "position": [1, 1, 2],
            "outlet": ["成都日报", "每日经济新闻", "科技日报"],
            "date": ["2024-01-25", "2026-02-25", "2024-05"],
            "text": [TEXT_001, TEXT_003, TEXT_004],
            "text_orig": [TEXT_001, ORIG_003, TEXT_004],
            "headings": [[], [], []],
        }
    )


def test_same_length_layers(arts):
    assert len(ORIG_003) == len(TEXT_003)


@pytest.mark.parametrize(
    "pattern, kwargs, expected",
    [
        # a term: found in simplified text, shown in the original script
        ("建圈强链", {}, [("003-01", "建圈強鏈"), ("004-02", "建圈强链"), ("004-02", "建圈强链")]),
        # the traditional spelling finds the same places (converted to simplified before matching)
        ("建圈強鏈", {}, [("003-01", "建圈強鏈"), ("004-02", "建圈强链"), ("004-02", "建圈强链")]),
        # variants: the longest wins where they overlap
        (["产业链", "产业"], {}, [("001-01", "产业"), ("003-01", "產業鏈"), ("003-01", "產業鏈"), ("004-02", "产业"),
                                  ("004-02", "产业"), ("004-02", "产业")]),
        (r"新质生产力|高质量发展", {"regex": True}, [("001-01", "新质生产力"), ("003-01", "高質量發展"),
                                                 ("003-01", "高質量發展"), ("004-02", "新质生产力")]),
        (re.compile(r"\d+月\d+日"), {}, [("003-01", "2月24日"), ("004-02", "3月28日")]),
        ("东数西算", {}, []),
    ],
)
def test_kwic_matches(arts, pattern, kwargs, expected):
    k = nqp.kwic(arts, pattern, window=6, **kwargs)
    assert list(k.columns) == ["doc_id", "article_id", "outlet", "date", "left", "match", "right", "start", "end",
                               "raw_start", "raw_end", "term"]
    assert list(zip(k["article_id"], k["match"])) == expected


def test_kwic_offsets_and_context(arts):
    k = nqp.kwic(arts, "建圈强链", window=6)
    by_id = arts.set_index("article_id")
    for row in k.itertuples():
        art = by_id.loc[row.article_id]
        assert art["text"][row.start : row.end] == row.term == "建圈强链"
        assert art["text_orig"][row.start : row.end] == row.match
        assert row.left == art["text_orig"][max(0, row.start - 6) : row.start].replace("\n", " ")
        assert len(row.right) <= 6
    first = k.iloc[0]
    assert (first["left"], first["right"]) == ("以重點產業鏈", "破題。")
    # a line break in the context is shown as a space
    wide = nqp.kwic(arts, "建圈强链", window=15)
    assert wide["right"].iloc[1] == "和“硬核”科技。 3月28日,"


def test_kwic_sorted_by_document_position_offset(arts):
    shuffled = arts.iloc[[2, 0, 1]]
    a = nqp.kwic(arts, ["产业", "建圈强链"])
    b = nqp.kwic(shuffled, ["产业", "建圈强链"])
    pd.testing.assert_frame_equal(a, b)
    assert list(a.sort_values(["doc_id", "start"], kind="stable").index) == list(a.index)


def test_kwic_without_raw_segments_has_no_raw_offsets(arts):
    k = nqp.kwic(arts, "建圈强链", window=3)
    assert k["article_id"].tolist() == ["003-01", "004-02", "004-02"] and k["raw_start"].isna().all()
    assert k["raw_end"].isna().all() and str(k["raw_start"].dtype) == "Int64"


def test_kwic_refuses_a_corpus_table():
    # articles are the one input: a corpus has no article_id to join on and no original-script layer
    corpus = pd.DataFrame({"doc_id": ["004"], "outlet": ["科技日报"], "date": ["2024-05"], "text": [TEXT_004]})
    with pytest.raises(NqpError, match=r"articles: missing column\(s\) \['article_id', 'text_orig'\].*nqp.clean"):
        nqp.kwic(corpus, "建圈强链", window=3)
    with pytest.raises(NqpError, match="article_id"):
        nqp.exemplars(corpus, ["建圈强链"])


@pytest.mark.parametrize(
    "pattern, kwargs, message",
    [
        ("", {}, "empty"),
        ([], {}, "empty"),
        ("a*", {"regex": True}, "empty string"),
        ("([", {"regex": True}, "not a valid regular expression"),
        (3, {}, "pattern=3"),
        ("建圈强链", {"window": -1}, "window=-1"),
    ],
)
def test_kwic_rejects_bad_input(arts, pattern, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.kwic(arts, pattern, **kwargs)


def test_kwic_rejects_a_table_without_text():
    with pytest.raises(NqpError, match=r"missing column\(s\) \['article_id', 'text', 'text_orig'\]"):
        nqp.kwic(pd.DataFrame({"doc_id": ["a"]}), "建圈强链")


@given(window=st.integers(0, 40), cut=st.integers(0, len(TEXT_004) - 1))
@settings(max_examples=50, deadline=None)
def test_kwic_invariants(window, cut):
    # any prefix of a real passage: every match is exact, context never exceeds the window
    text = TEXT_004[: cut + 1]
    arts = pd.DataFrame({"doc_id": ["004"], "article_id": ["004-02"], "text": [text], "text_orig": [text]})
    k = nqp.kwic(arts, ["产业", "建圈强链", "科技"], window=window)
    assert len(k) == len(re.findall("建圈强链|产业|科技", text))
    for row in k.itertuples():
        assert text[row.start : row.end] == row.match
        assert len(row.left) == min(window, row.start) and len(row.right) <= window


def test_exemplars_prefer_a_full_sentence_over_a_heading(arts):
    with_heading = arts.copy()
    heading = "关键词:新质生产力\n"
    with_heading.loc[0, "text"] = heading + TEXT_001
    with_heading.loc[0, "text_orig"] = heading + TEXT_001
    with_heading.at[0, "headings"] = [(0, len(heading) - 1)]
    ex = nqp.exemplars(with_heading, ["新质生产力", "建圈强链", "东数西算"]).set_index("term")
    assert ex.loc["新质生产力", "sentence"] == TEXT_001.split("。")[0] + "。"
    assert ex.loc["新质生产力", "article_id"] == "001-01"
    # quoted in the original script, offsets into both layers
    row = ex.loc["建圈强链"]
    assert row["article_id"] == "003-01"
    assert ORIG_003[row["start"] : row["end"]] == row["sentence"]
    assert "建圈強鏈" in row["sentence"]
    assert pd.isna(ex.loc["东数西算", "sentence"])


def test_exemplar_falls_back_to_a_heading(arts):
    heading = "关键词:东数西算"
    one = pd.DataFrame({"doc_id": ["x"], "article_id": ["x-1"], "text": [heading], "text_orig": [heading],
                        "headings": [[(0, len(heading))]]})
    assert nqp.exemplars(one, ["东数西算"])["sentence"].tolist() == [heading]


@pytest.fixture(scope="module")
def seed_articles(corpus):
    return nqp.clean(corpus).articles


def test_seed_kwic_finds_the_slogan_in_both_scripts(seed_articles, corpus):
    k = nqp.kwic(seed_articles, "建圈强链", window=10)
    assert set(k.loc[k["doc_id"].str.startswith("003"), "match"]) == {"建圈強鏈"}
    assert k["doc_id"].str[:3].nunique() >= 3
    raw = corpus.set_index("doc_id")["text"]
    mapped = k.dropna(subset=["raw_start"])
    assert len(mapped) == len(k)
    for row in mapped.itertuples():
        assert raw[row.doc_id][row.raw_start : row.raw_end] == row.match


def test_cli_kwic(seeds_path, capsys):
    from nqp.cli import main

    assert main(["kwic", str(seeds_path), "建圈強鏈", "--window", "6"]) == 0
    out = capsys.readouterr().out
    assert "建圈強鏈" in out and "建圈强链" in out  # 003 quoted in traditional script, the others in simplified
    assert main(["kwic", str(seeds_path), "(", "--regex"]) == 2
    assert "not a valid regular expression" in capsys.readouterr().err


def test_exemplar_prefers_a_readable_sentence():
    long_sentence = "新质生产力" + "、".join(["产业"] * 80) + "。"
    short_sentence = "加快形成新质生产力。"
    text = long_sentence + short_sentence
    one = pd.DataFrame({"doc_id": ["x"], "article_id": ["x-1"], "text": [text], "text_orig": [text]})
    assert nqp.exemplars(one, ["新质生产力"])["sentence"].tolist() == [short_sentence]
    assert nqp.exemplars(one, ["新质生产力"], max_chars=500)["sentence"].tolist() == [long_sentence]
    only_long = one.assign(text=[long_sentence], text_orig=[long_sentence])
    assert nqp.exemplars(only_long, ["新质生产力"])["sentence"].tolist() == [long_sentence]


def test_a_latin_term_is_found_in_any_case_as_a_whole_word():
    text = "推动AI发展，Ai应用和ai芯片。AIDS防治不算，MAIN也不算。"
    one = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]})).articles
    hits = nqp.kwic(one, "AI")
    # every casing the tokens fold into one, none inside AIDS or MAIN
    expected = [m.group() for m in re.finditer(r"(?<![A-Za-z0-9])ai(?![A-Za-z0-9])", text, re.I)]
    assert expected == ["AI", "Ai", "ai"]
    assert hits["match"].tolist() == expected
    tokens = [w for ws in nqp.tokenize(one)["tokens"] for w in ws]
    assert tokens.count("AI") == len(hits)

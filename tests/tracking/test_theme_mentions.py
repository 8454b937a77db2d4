"""The mention table: true mention counts of 建圈强链 per seed, every mention read, raw offsets, articles only."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seed_ids import D001, D002, D003, D004
from theme_seeds import RAW_COUNTS, THEME, TRUE_COUNTS, TRUE_HEADINGS

import nqp
from nqp.errors import NqpError, NqpTypeError, NqpValueError
from nqp.tracking import ATTRIBUTIONS, SPEAKER_TYPES, THEME_COLUMNS

# Every mention, chronologically: (doc_id, sentence start, match, speaker, speaker_type, attribution, is_heading),
# each attribution verified by reading the seed.
MENTIONS = [
    (D001, "他建议,规划设立工模具产业", "产业建圈强链", "邱士安", "official", "reported", False),
    (D004, "加快形成新质生产力,离不开", "产业建圈强链", None, "outlet", "outlet", False),
    (D002, "成都市经济发展研究院产业经济研究所研究人员宋瑾: ", "产业建圈强链", "宋瑾", "expert", "heading", True),
    (D002, "“在我看来,当前在成都", "产业建圈强链行动", "宋瑾", "expert", "quote", False),
    (D002, "成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进", "产业建圈强链", "宋瑾", "expert", "reported", False),
    (D002, "宋瑾建议,可以将成都的", "产业建圈强链行动", "宋瑾", "expert", "reported", False),
    (D003, "將沖刺“全國增長極”", "建圈強鏈", None, "outlet", "outlet", False),
    (D003, "而在各個產業涌現的新款", "產業建圈強鏈", None, "outlet", "outlet", False),
    (D003, "從以終端產品價值挖掘", "建圈強鏈", None, "outlet", "outlet", False),
]


@pytest.fixture(scope="module")
def raw(corpus):
    return corpus.set_index("doc_id")["text"]


# ---------------------------------------------------------------------------------------------
# honest counts


@pytest.mark.parametrize("doc_id, expected", sorted(TRUE_COUNTS.items()))
def test_true_count_per_document(mentions, doc_id, expected):
    got = mentions[mentions["doc_id"] == doc_id]
    assert len(got) == expected
    assert int(got["is_heading"].sum()) == TRUE_HEADINGS.get(doc_id, 0)


@pytest.mark.parametrize("doc_id, naive", sorted(RAW_COUNTS.items()))
def test_raw_text_counts_the_layout_repeat_twice(raw, doc_id, naive):
    text = nqp.normalize_text(raw[doc_id])
    assert text.count(THEME) == naive  # what honest counting must correct (002: 5 -> 4)


def test_every_mention_sentence_match_and_speaker(mentions):
    assert len(mentions) == len(MENTIONS) == sum(TRUE_COUNTS.values())
    assert set(mentions["attribution"]) == set(ATTRIBUTIONS)  # the seeds have every kind of attribution
    for row, (doc, start, match, speaker, stype, how, heading) in zip(mentions.itertuples(), MENTIONS):
        assert row.doc_id == doc
        assert row.sentence.startswith(start), row.sentence
        assert row.match == match
        assert (row.speaker if isinstance(row.speaker, str) else None) == speaker
        assert row.speaker_type == stype
        assert row.attribution == how
        assert row.is_heading is heading or row.is_heading == heading
        assert row.sentence[row.sentence_offset : row.sentence_offset + len(row.match)] == row.match


def test_columns_and_order(mentions):
    assert list(mentions.columns) == THEME_COLUMNS
    key = mentions[["date_start", "date_end", "doc_id", "position", "text_start"]]
    assert key.equals(key.sort_values(list(key.columns)).reset_index(drop=True))
    assert mentions.attrs["terms"] == ["建圈强链"]


def test_roles_of_the_speakers(mentions):
    roles = dict(zip(mentions["speaker"].dropna(), mentions["speaker_role"].dropna()))
    assert roles == {"邱士安": "省政协委员", "宋瑾": "成都市经济发展研究院产业经济研究所研究人员"}
    cues = mentions["speaker_cue"].dropna().tolist()
    assert cues[0] == "他建议"  # the pronoun resolved to the last named speaker of its paragraph
    assert "宋瑾建议" in cues


def test_speaker_quoted_in_the_original_script(articles):
    # 003 is traditional: "據張睿睿介紹,今年將在成都落戶首個人形機器人制造基地"
    m = nqp.theme(articles, "人形机器人制造基地")
    assert len(m) == 1
    row = m.iloc[0]
    assert (row["speaker"], row["speaker_cue"], row["speaker_type"]) == ("張睿睿", "據張睿睿介紹", "business")
    assert row["speaker_role"] == "成都人形機器人創新中心董事長"


def test_city_government_in_the_seeds(articles):
    m = nqp.theme(articles, "关键子链")
    gov = m[m["speaker_type"] == "government"]
    assert gov["speaker"].tolist() == ["成都"]
    assert gov["speaker_cue"].tolist() == ["成都明確"]


# ---------------------------------------------------------------------------------------------
# offsets


@pytest.mark.parametrize("terms", [THEME, "新质生产力", ["关键子链", "链主"]])
def test_raw_offsets_round_trip(articles, raw, terms):
    m = nqp.theme(articles, terms)
    assert len(m)
    arts = articles.set_index("article_id")
    for r in m.itertuples():
        passage = raw[r.doc_id][r.start : r.end]
        assert passage == r.match  # original script, as printed
        assert nqp.normalize_text(passage) == arts.loc[r.article_id, "text"][r.text_start : r.text_end]
        assert arts.loc[r.article_id, "text_orig"][r.text_start : r.text_end] == r.match


def test_traditional_script_is_quoted_as_written(mentions, raw):
    trad = mentions[mentions["doc_id"] == D003]
    assert set(trad["match"]) == {"建圈強鏈", "產業建圈強鏈"}
    assert all("鏈" in s for s in trad["sentence"])


# ---------------------------------------------------------------------------------------------
# the theme's families


def test_traditional_term_finds_the_same_mentions(articles, mentions):
    pd.testing.assert_frame_equal(nqp.theme(articles, "建圈強鏈"), mentions)


def test_a_term_that_is_a_form_of_another_joins_its_family(articles, mentions):
    m = nqp.theme(articles, ["建圈强链", "建圈強鏈"])  # the same term in the other script
    assert m.attrs["terms"] == ["建圈强链"]
    assert len(m) == len(mentions)


@pytest.mark.parametrize("order", [["建圈强链", "产业建圈强链"], ["产业建圈强链", "建圈强链"]])
def test_a_compound_given_as_a_term_is_its_own_term_in_any_order(articles, mentions, order):
    # 产业建圈强链 is a compound of 建圈强链 (counted in its family when only 建圈强链 is given); given too, it is
    # a term of its own: its mentions (行动 campaign names included) are its own, the rest stay with 建圈强链
    m = nqp.theme(articles, order)
    assert m.attrs["terms"] == order
    compound = [x for x in MENTIONS if "产业建圈强链" in nqp.script.to_simplified(x[2])]
    assert m["term"].value_counts().to_dict() == {"产业建圈强链": len(compound), "建圈强链": len(MENTIONS) - len(compound)}
    assert len(m) == len(mentions)


def test_latin_terms_are_whole_words_in_either_case():
    text = "5G基站建设加快。15G不是5G,5GB也不是。5g手机普及。AIDS防治与AI+制造并行,ai+也算。"
    articles = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]})).articles
    m = nqp.theme(articles, ["5G", "AI+"])
    # 5G at the start, after 是 and before 手机 (5g); not inside 15G or 5GB; AI+ and ai+, not AIDS
    assert m["match"].tolist() == ["5G", "5G", "5g", "AI+", "ai+"]


def test_a_term_ending_in_plus_is_not_arithmetic():
    text = "推进人工智能+行动。人工智能+1的简单叠加不是人工智能+制造,人工智能+5G融合,人工智能＋能源,AI+0.5倍不算。"
    articles = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]})).articles
    m = nqp.theme(articles, ["人工智能+", "AI+"])
    # before a number the plus is arithmetic (+1, +0.5); before 行动, 制造, 5G (a word, not a number) or 能源 it is the slogan
    assert m["match"].tolist() == ["人工智能+行动", "人工智能+", "人工智能+", "人工智能＋"]
    assert m["term"].tolist() == ["人工智能+"] * 4


def test_extra_variants(articles):
    m = nqp.theme(articles, "新质生产力", variants=["新质质调研"])
    assert "新质质调研" in set(m["match"])


def test_two_themes_count_separately(articles):
    m = nqp.theme(articles, ["新质生产力", "建圈强链"])
    assert m.attrs["terms"] == ["新质生产力", "建圈强链"]
    assert m["term"].value_counts().to_dict() == {"新质生产力": 41, "建圈强链": 9}


# ---------------------------------------------------------------------------------------------
# input: nqp.clean's articles and nothing else


def test_deterministic(articles, mentions):
    pd.testing.assert_frame_equal(nqp.theme(articles, THEME), mentions)


@pytest.mark.parametrize("terms", [[], [""], [None], 5])
def test_bad_terms(articles, terms):
    with pytest.raises(NqpError, match="terms="):
        nqp.theme(articles, terms)


def test_a_path_is_not_loaded(seeds_path, articles):
    for path in (str(seeds_path), seeds_path):
        with pytest.raises(NqpTypeError, match=r"nqp\.clean\(nqp\.load_corpus\(path\)\)\.articles"):
            nqp.theme(path, THEME)
    with pytest.raises(NqpTypeError, match="path"):
        nqp.theme_summary(nqp.theme(articles, THEME), str(seeds_path))


def test_a_corpus_is_not_cleaned_again(corpus, articles):
    with pytest.raises(NqpValueError, match=r"corpus.*nqp\.clean\(nqp\.load_corpus\(path\)\)\.articles"):
        nqp.theme(corpus, THEME)
    m = nqp.theme(articles, THEME)
    for call in (lambda: nqp.theme_summary(m, corpus), lambda: nqp.theme_contexts(m, corpus),
                 lambda: nqp.theme_cooccurrence(m, corpus, terms=["链主"])):
        with pytest.raises(NqpValueError, match="does not clean|do not clean"):
            call()


def test_bad_articles(articles):
    with pytest.raises(NqpValueError, match="articles"):
        nqp.theme(pd.DataFrame({"x": [1]}), THEME)
    with pytest.raises(NqpTypeError, match="articles"):
        nqp.theme([1, 2], THEME)
    with pytest.raises(NqpValueError, match="raw_segments"):  # offsets into the raw text need the offset map
        nqp.theme(articles.drop(columns="raw_segments"), THEME)


def test_no_mentions_gives_empty_tables(articles):
    m = nqp.theme(articles, "供给侧结构性改革")
    assert m.empty and list(m.columns) == list(nqp.theme(articles, THEME).columns)
    assert nqp.theme_first(m).empty
    assert nqp.theme_cooccurrence(m, articles, nqp.tokenize_long(articles)).empty
    assert nqp.theme_cooccurrence(m, articles, terms=["链主"]).empty
    assert nqp.theme_summary(m, articles)["n_mentions"].sum() == 0
    assert nqp.theme_network(m, articles, terms=["链主"]).number_of_nodes() == 0
    assert nqp.theme_contexts(m, articles)["context"].str.contains("子链").empty  # string columns even when empty
    assert nqp.theme_speakers(m).empty and nqp.theme_table(m).empty


def test_table_marks_the_match(mentions):
    t = nqp.theme_table(mentions, width=40)
    assert len(t) == len(mentions)
    assert all("【" in s and "】" in s for s in t["sentence"])
    assert t["sentence"].iloc[0].count("【产业建圈强链】") == 1
    assert t["speaker"].tolist()[:2] == ["邱士安 (official)", "outlet voice"]


def test_table_of_an_undated_document_without_outlet(tmp_path):
    # one mention said by a body, one in the text's own voice; no date, no outlet: the table says neither "None"
    # nor "outlet voice", where the corpus names no outlet
    (tmp_path / "a.txt").write_text("标题一\n\n国务院提出推进高质量发展。我们要坚持高质量发展。\n", encoding="utf-8")
    articles = nqp.clean(nqp.load_corpus(tmp_path)).articles
    t = nqp.theme_table(nqp.theme(articles, ["高质量发展"]))
    assert t["speaker"].tolist() == ["国务院 (government)", "own voice"]
    assert t["date"].isna().all() and t["outlet"].isna().all()
    assert "None" not in nqp.render.table_style(t).to_html()


def test_cli(seeds_path, capsys):
    from nqp.cli import main

    assert main(["theme", str(seeds_path), "建圈強鏈"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("9 mentions of 建圈强链 in 4 of 18 articles")
    assert "【產業建圈強鏈】" in out and "宋瑾 (expert)" in out and "per period" in out


# ---------------------------------------------------------------------------------------------
# invariant: every inserted mention is found once, in either script, at its offsets

_FILLER = ["以科技创新推动产业创新。", "成都持续打造创新平台,", "“新三样”是个热词。", "\n", "他建议,", "成都明确,"]
_FORMS = ["建圈强链", "建圈強鏈", "产业建圈强链", "產業建圈強鏈行動", "建圈强链行动"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FILLER), st.sampled_from(_FORMS)), min_size=0, max_size=8))
def test_inserted_mentions_are_found(pieces):
    orig = "".join(f + form for f, form in pieces) + "。"
    text = nqp.normalize_text(orig)
    assert len(text) == len(orig)
    arts = pd.DataFrame({
        "doc_id": ["d"], "article_id": ["d-00"], "position": [0], "outlet": ["o"], "date": ["2024"],
        "date_precision": ["year"], "date_start": [pd.Timestamp("2024-01-01")], "date_end": [pd.Timestamp("2024-12-31")],
        "text": [text], "text_orig": [orig], "headings": [[]], "raw_segments": [[(0, 0, len(text))]],
        "start": [0], "end": [len(text)], "on_topic": [True],
    })
    m = nqp.theme(arts, THEME)
    assert m["match"].tolist() == [form for _, form in pieces]
    for r in m.itertuples():
        assert orig[r.start : r.end] == r.match
    assert set(m["speaker_type"]) <= set(SPEAKER_TYPES)
    assert set(m["attribution"]) <= set(ATTRIBUTIONS)
    assert nqp.theme_scope(arts, THEME)["theme_mentions"].tolist() == [len(pieces)]


def test_a_mention_in_a_metadata_title_is_quoted_as_the_outlet_printed_it():
    # a traditional-script headline the text does not print: its mention and sentence in traditional script
    title = "低空經濟按下「加速鍵」"
    frame = pd.DataFrame({"doc_id": ["a"], "title": [title], "outlet": ["大公報"],
                          "text": ["正文講述了產業發展。\n\n各地加快推進。"]})
    m = nqp.theme(nqp.clean(frame).articles, ["低空经济"])
    assert m[["match", "sentence", "field", "start", "end"]].values.tolist() == [["低空經濟", title, "title", 0, 4]]
    assert title[m["start"].iloc[0]:m["end"].iloc[0]] == m["match"].iloc[0]

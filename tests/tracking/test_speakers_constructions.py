"""Speaker attribution, one construction at a time: who says the theme term in each sentence, read by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

THEME = "高质量发展"


def attribute(text: str, target: str = THEME, nth: int = 0, **kwargs) -> dict:
    """``nqp.speaker_of`` for the ``nth`` occurrence of ``target`` in ``text`` (original script)."""
    s = -1
    for _ in range(nth + 1):
        s = text.index(target, s + 1)
    return nqp.speaker_of(nqp.normalize_text(text), s, s + len(target), text_orig=text, **kwargs)


def who(text: str, target: str = THEME, nth: int = 0) -> tuple:
    got = attribute(text, target, nth)
    return got["speaker"], got["speaker_type"], got["attribution"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # national leaders with their titles, the title after the name
        ("习近平总书记指出,高质量发展是全面建设社会主义现代化国家的首要任务。", ("习近平", "official", "reported")),
        ("李强总理在会上强调,要推动高质量发展。", ("李强", "official", "reported")),
        # the title before the name, a long role with 、
        ("中共中央政治局常委、国务院总理李强表示,推动高质量发展。", ("李强", "official", "reported")),
        # a leader nqp knows by name, without a title
        ("习近平指出,要坚定不移推动高质量发展。", ("习近平", "official", "reported")),
        # a surname and a title
        ("周总理说,我们要推动高质量发展。", ("周总理", "official", "reported")),
        # an occasion between the speaker and the verb
        ("国家发展改革委主任郑栅洁在接受记者采访时表示,高质量发展取得新进展。", ("郑栅洁", "official", "reported")),
        # experts, business people
        ("清华大学教授魏杰认为,高质量发展要靠创新。", ("魏杰", "expert", "reported")),
        ("成都某科技有限公司首席算法科学家秦典说,这是高质量发展的新引擎。", ("秦典", "business", "reported")),
        # foreign officials: a foreign role, a transliterated name
        ("美国财政部长耶伦表示,中国的高质量发展值得关注。", ("耶伦", "foreign", "reported")),
        ("联合国秘书长古特雷斯指出,高质量发展有助于全球增长。", ("古特雷斯", "foreign", "reported")),
        # a name alone before a verb
        ("郭程明表示,高新区将推动区域高质量发展。", ("郭程明", "other", "reported")),
        # an unnamed speaker
        ("相关负责人介绍,今年将推动高质量发展。", ("相关负责人", "official", "reported")),
        # a role that begins like a function word (经 of 经…批准) is still a speaker
        ("经济学者分析,高质量发展需要新的增长动力。", ("经济学者", "expert", "reported")),
        ("多位经济学家认为,高质量发展仍是首要任务。", ("多位经济学家", "expert", "reported")),
        # an unnamed speaker introduced with 有 ("there is a ... who"): the role without 有
        ("有专家认为,高质量发展离不开科技创新。", ("专家", "expert", "reported")),
        ("分析人士王明表示,高质量发展仍需时间。", ("王明", "expert", "reported")),
        ("分析人士认为,高质量发展仍需时间。", ("分析人士", "expert", "reported")),
        # an unnamed official
        ("创新科技及工业局局长在记者会上强调,本港将推动高质量发展。", ("创新科技及工业局局长", "official", "reported")),
        # 有关 stays: 有关负责人 is "the responsible official"
        ("有关负责人介绍,今年将推动高质量发展。", ("有关负责人", "official", "reported")),
    ],
)
def test_people(text, expected):
    assert who(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("有立法會議員認為,高質量發展對香港意味着轉型。", ("立法會議員", "official", "reported")),
        ("行政長官表示,政府將推動高質量發展。", ("行政長官", "official", "reported")),
    ],
)
def test_people_in_traditional_script(text, expected):
    """Found on the simplified layer, quoted in the original script."""
    assert who(text, "高質量發展") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # ministries and commissions
        ("国家发展改革委表示,将推动高质量发展。", ("国家发展改革委", "government", "reported")),
        ("工业和信息化部指出,推进制造业高质量发展。", ("工业和信息化部", "government", "reported")),
        ("国家统计局明确,高质量发展扎实推进。", ("国家统计局", "government", "reported")),
        ("四川省经济和信息化厅要求,推动产业高质量发展。", ("四川省经济和信息化厅", "government", "reported")),
        ("国务院办公厅强调,推动高质量发展。", ("国务院办公厅", "government", "reported")),
        # a province, a city, a district, a county
        ("北京市明确,要推动高质量发展。", ("北京市", "government", "reported")),
        ("浙江省提出,以高质量发展建设共同富裕示范区。", ("浙江省", "government", "reported")),
        ("深圳市南山区表示,推动高质量发展。", ("深圳市南山区", "government", "reported")),
        ("青白江区委提出,推动高质量发展。", ("青白江区委", "government", "reported")),
        ("成都明确,要推动高质量发展。", ("成都", "government", "reported")),
        # the central bank is the government although it is a bank
        ("中国人民银行表示,金融支持高质量发展。", ("中国人民银行", "government", "reported")),
        # companies and research bodies
        ("比亚迪集团认为,高质量发展是企业的生命线。", ("比亚迪集团", "business", "reported")),
        ("中国社会科学院指出,高质量发展是主题。", ("中国社会科学院", "expert", "reported")),
        # a foreign body
        ("欧盟委员会认为,中国的高质量发展值得关注。", ("欧盟委员会", "foreign", "reported")),
    ],
)
def test_bodies(text, expected):
    assert who(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the fragments of the issue: never a speaker name
        ("习近平总书记对大家说,要推动高质量发展。", ("习近平", "official", "reported")),
        ("高鸿钧常委代表无党派人士界发言提出,推动高质量发展。", ("高鸿钧", "official", "reported")),
    ],
)
def test_names_are_never_fragments(text, expected):
    assert who(text) == expected


def test_a_name_never_ends_in_a_function_word():
    # 国务委员宋平将对此作专门说明: the name is 宋平 (将 = will); he speaks after it with 他
    text = "国务委员宋平将对此作专门说明。他强调,要推动高质量发展。"
    assert who(text) == ("宋平", "official", "reported")


@pytest.mark.parametrize(
    "text",
    [
        # a body after a preposition is no speaker
        "按照中央经济工作会议部署,着力推动高质量发展。",
        # a word read as a surname and a given name is no person
        "宣讲中指出,要推动高质量发展。",
        "曾经对农业生产提出,推动高质量发展。",
        # a document is no speaker
        "2024年政府工作报告指出,推动高质量发展。",
        # words like 干部, 全市, 城市 are no body
        "城市提出,推动高质量发展。",
        # the outlet's own voice
        "各地区各部门坚持推动高质量发展。",
    ],
)
def test_not_speakers(text):
    assert who(text) == (None, "outlet", "outlet")


@pytest.mark.parametrize(
    "text, nth, expected",
    [
        # the sentence: a name introduced by an action resolves 他 in the same sentence
        ("中共中央政治局常委、全国人大常委会委员长赵乐际主持召开座谈会,他强调,要推动高质量发展。", 0,
         ("赵乐际", "official", "reported")),
        # across sentences of reported speech, in the same paragraph
        ("省人大代表李志表示,迈入制造强省。他进一步表示,要推动产业高质量发展。", 0, ("李志", "official", "reported")),
        # across paragraphs: the last named speaker before the pronoun
        ("成都市经济发展研究院研究人员宋瑾表示,推进产业建圈强链。\n“川粤合作推动高质量发展。”她指出。", 0,
         ("宋瑾", "expert", "quote")),
        # 他们
        ("清华大学教授魏杰介绍了情况。他们认为,高质量发展是主题。", 0, ("魏杰", "expert", "reported")),
        # an unnamed speaker is its own antecedent
        ("相关负责人主持召开座谈会,他强调,推动高质量发展。", 0, ("相关负责人", "official", "reported")),
        # a foreign official introduced by an action
        ("美国财政部长耶伦主持召开座谈会,他强调,推动高质量发展。", 0, ("耶伦", "foreign", "reported")),
        # 该 + a body: the last body with that ending named before
        ("国家统计局新闻发言人付凌晖介绍了数据。该局指出,高质量发展扎实推进。", 0, ("国家统计局", "government", "reported")),
        ("浙江省发布通知。该省要求,推动高质量发展。", 0, ("浙江省", "government", "reported")),
        # 该 + a role
        ("成都高新区数字经济局相关负责人介绍了情况。该负责人表示,推动高质量发展。", 0,
         ("成都高新区数字经济局相关负责人", "official", "reported")),
        # 会议: the body that held the meeting
        ("商务部日前召开会议。会议强调,推动高质量发展。", 0, ("商务部", "government", "reported")),
        ("国家发展改革委召开会议。此次会议强调,推动高质量发展。", 0, ("国家发展改革委", "government", "reported")),
    ],
)
def test_pronouns_and_references(text, nth, expected):
    assert who(text, nth=nth) == expected


@pytest.mark.parametrize(
    "text",
    [
        "他强调,要推动高质量发展。",  # nobody named before
        "该局指出,要推动高质量发展。",  # no body ending in 局 before
    ],
)
def test_unresolved(text):
    got = attribute(text)
    assert (got["speaker"], got["speaker_type"]) == (None, "unresolved")
    assert got["speaker_cue"] == text[: text.index(",")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a lead-in clause before the speaker, in the same sentence
        ("以科技创新推动能源化工产业高质量发展,李志建议,一方面要出台举措。", ("李志", "other", "reported")),
        # the speaker closes the sentence
        ("要推动高质量发展,市长王凤朝表示。", ("王凤朝", "official", "reported")),
        # a quotation, the speaker after it
        ("“高质量发展是首要任务。”李强总理说。", ("李强", "official", "quote")),
        # a quotation, the speaker before it
        ("李强总理认为,“高质量发展是首要任务。”", ("李强", "official", "quote")),
        # a speaker in the sentence before does not speak this one
        ("宋瑾认为,川粤合作空间巨大。近年来,高质量发展扎实推进。", (None, "outlet", "outlet")),
    ],
)
def test_where_the_speaker_stands(text, expected):
    assert who(text) == expected


def test_the_cue_and_its_span_are_kept_for_audit():
    text = "记者了解到情况。國家發展改革委表示,將推動高质量发展。"
    got = attribute(text)
    assert got["speaker"] == "國家發展改革委"  # quoted in the original script
    a, b = got[S.SPEAKER_CUE_START], got[S.SPEAKER_CUE_END]
    assert text[a:b] == got["speaker_cue"] == "國家發展改革委表示"
    assert a == text.index("國")
    outlet = nqp.speaker_of("推动高质量发展。", 2, 7)
    assert outlet[S.SPEAKER_CUE_START] is None and outlet[S.SPEAKER_CUE_END] is None


def test_the_mention_table_has_the_cue_span(tmp_path):
    text = "北京市明确,要推动高质量发展。\n他强调,高质量发展是首要任务。"
    norm = nqp.normalize_text(text)
    arts = pd.DataFrame({
        "doc_id": ["d"], "article_id": ["d-00"], "position": [0], "outlet": ["o"], "date": ["2024"],
        "date_precision": ["year"], "date_start": [pd.Timestamp("2024-01-01")], "date_end": [pd.Timestamp("2024-12-31")],
        "text": [norm], "text_orig": [text], "headings": [[]], "raw_segments": [[(0, 0, len(norm))]],
        "start": [0], "end": [len(norm)], "on_topic": [True],
    })
    m = nqp.theme(arts, THEME)
    assert list(m.columns) == S.THEME_COLUMNS
    assert m[S.SPEAKER_CUE_START].dtype == "Int64"
    first, second = m.iloc[0], m.iloc[1]
    assert (first["speaker"], first["speaker_type"], first["speaker_cue"]) == ("北京市", "government", "北京市明确")
    assert text[first[S.SPEAKER_CUE_START]:first[S.SPEAKER_CUE_END]] == "北京市明确"
    # 他 has no person before it (北京市 is a body): unresolved, the cue kept
    assert (second["speaker_type"], second["speaker_cue"]) == ("unresolved", "他强调")
    assert text[second[S.SPEAKER_CUE_START]:second[S.SPEAKER_CUE_END]] == "他强调"


def test_types_of_bodies():
    assert nqp.body_type_of("中国人民银行") == "government"
    assert nqp.body_type_of("中国社会科学院") == "expert"
    assert nqp.body_type_of("比亚迪集团") == "business"
    assert nqp.body_type_of("欧盟委员会") == "foreign"
    assert nqp.body_type_of("国家发展改革委") == "government"
    assert nqp.body_type_of(None) == "government"


def test_a_users_file_adds_a_leader_a_verb_and_a_foreign_word(tmp_path):
    text = "郭元强宣称,武汉要推动高质量发展。"
    assert who(text) == (None, "outlet", "outlet")  # 宣称 is no verb of nqp's
    mine = tmp_path / "speakers.toml"
    mine.write_text('[cues]\nverbs = ["宣称"]\n[names]\npeople = ["郭元强"]\n', encoding="utf-8")
    got = attribute(text, speakers=mine)
    assert (got["speaker"], got["speaker_type"], got["speaker_cue"]) == ("郭元强", "official", "郭元强宣称")


@pytest.mark.parametrize(
    "content, match",
    [
        ('[names]\nsurnames = ["王五"]\n', "single characters"),
        ('[names]\ncompound_surnames = ["欧"]\n', "single characters"),
        ('[names]\npeople = "习近平"\n', "list of non-empty strings"),
    ],
)
def test_bad_names_tables(tmp_path, content, match):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(nqp.errors.NqpError, match=match):
        nqp.load_speaker_rules(bad)


def test_speaker_types_counted_by_hand():
    text = ("习近平总书记指出,高质量发展是首要任务。“推动高质量发展。”李强总理说。\n"
            "北京市明确,推动高质量发展。他强调,高质量发展要靠创新。该局指出,推动高质量发展。\n"
            "推动高质量发展,是大势所趋。")
    norm = nqp.normalize_text(text)
    arts = pd.DataFrame({
        "doc_id": ["d"], "article_id": ["d-00"], "position": [0], "outlet": ["o"], "date": ["2024"],
        "date_precision": ["year"], "date_start": [pd.Timestamp("2024-01-01")], "date_end": [pd.Timestamp("2024-12-31")],
        "text": [norm], "text_orig": [text], "headings": [[]], "raw_segments": [[(0, 0, len(norm))]],
        "start": [0], "end": [len(norm)], "on_topic": [True],
    })
    m = nqp.theme(arts, THEME)
    # by reading: 习近平 (reported), 李强 (quote), 北京市 (reported), 他 -> 李强 (the last person named
    # before it: reported), 该局 -> nobody named 局 (unresolved), the last one the outlet's
    assert m["speaker"].fillna("-").tolist() == ["习近平", "李强", "北京市", "李强", "-", "-"]
    got = nqp.theme_speaker_types(m)
    assert list(got.columns) == S.SPEAKER_TYPE_COLUMNS
    assert got["speaker_type"].tolist() == ["official", "government", "outlet", "unresolved"]
    official = got.iloc[0]
    assert (official["n_mentions"], official["n_speakers"], official["direct"], official["reported"]) == (3, 2, 1, 2)
    assert official["top_speakers"] == "李强 (2) | 习近平 (1)"
    assert got["n_mentions"].sum() == len(m) == 6
    assert got.set_index("speaker_type")["share"].round(4).to_dict() == {
        "official": 0.5, "government": round(1 / 6, 4), "outlet": round(1 / 6, 4), "unresolved": round(1 / 6, 4)}
    assert nqp.theme_speaker_types(m, top=1).iloc[0]["top_speakers"] == "李强 (2)"
    assert nqp.theme_speaker_types(m.iloc[0:0]).empty
    with pytest.raises(TypeError, match="top"):
        nqp.theme_speaker_types(m, top="3")


def test_every_speaker_type_has_a_colour_in_the_dispersion_figure():
    from nqp.plots.tracking import SPEAKER_COLORS

    assert set(nqp.SPEAKER_TYPES) <= set(SPEAKER_COLORS)
    assert len(set(SPEAKER_COLORS.values())) == len(SPEAKER_COLORS)


def test_nqp_theme_takes_a_speakers_file(tmp_path, capsys):
    from nqp.cli import main

    folder = tmp_path / "wuhan"
    folder.mkdir()
    (folder / "a.txt").write_text("郭元强宣称,武汉要推动高质量发展。\n", encoding="utf-8")
    mine = tmp_path / "my_speakers.toml"
    mine.write_text('[cues]\nverbs = ["宣称"]\n[names]\npeople = ["郭元强"]\n', encoding="utf-8")
    assert main(["theme", str(folder), THEME, "--out", str(tmp_path / "plain.csv")]) == 0
    assert main(["theme", str(folder), THEME, "--speakers", str(mine), "--out", str(tmp_path / "mine.csv")]) == 0
    capsys.readouterr()
    assert pd.read_csv(tmp_path / "plain.csv")["speaker_type"].tolist() == ["outlet"]
    got = pd.read_csv(tmp_path / "mine.csv")
    assert (got["speaker"].tolist(), got["speaker_cue"].tolist()) == (["郭元强"], ["郭元强宣称"])
    assert main(["theme", str(folder), THEME, "--speakers", str(tmp_path / "none.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, expected",
    [
        # people without a name, after or before their words
        ("“高质量发展不是凭空而来的。”一位来自成都的企业家说。", ("一位来自成都的企业家", "business", "quote")),
        ("一位来自成都的企业家说,高质量发展不是凭空而来的。", ("一位来自成都的企业家", "business", "reported")),
        ("市民王女士说,高质量发展让生活更便利。", ("王女士", "other", "reported")),
        ("有网友表示,高质量发展很重要。", ("网友", "other", "reported")),
        # the words alone, no speech: the outlet's
        ("企业家精神是高质量发展的动力。", (None, "outlet", "outlet")),
        ("居民收入增长,高质量发展取得成效。", (None, "outlet", "outlet")),
    ],
)
def test_unnamed_people_of_the_street(text, expected):
    assert who(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a deputy who heads a department, named by roles only: a person, not the body in the first role
        ("全国人大代表、四川省经济和信息化厅厅长表示,推动高质量发展要因地制宜。",
         ("全国人大代表、四川省经济和信息化厅厅长", "official", "reported")),
        ("市发改委主任表示,高质量发展很重要。", ("市发改委主任", "official", "reported")),
        # the standing committee speaks as a body
        ("全国人大常委会强调,要推动高质量发展。", ("全国人大常委会", "government", "reported")),
    ],
)
def test_roles_without_a_name_and_standing_committees(text, expected):
    assert who(text) == expected

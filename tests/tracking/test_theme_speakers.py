"""Speaker attribution: real seed sentences, attributions verified by reading; the cue vocabulary is data."""

from __future__ import annotations

import pytest

import nqp
from nqp.errors import NqpError


@pytest.mark.parametrize(
    "text, target, expected",
    [
        # quote, speaker introduced after it
        ("“四川厚植新质生产力,要加速创新链和产业链融合。”省政协委员邱士安说,要用数字化和智能化手段促进传统产业提档升级。",
         "新质生产力", ("邱士安", "省政协委员", "official", "quote")),
        # quote, speaker introduced before it
        ("成都智算中心副总经理刘翥认为,“新质生产力的核心是科技创新,数字化带来的科技创新见效最快。”",
         "新质生产力", ("刘翥", "成都智算中心副总经理", "business", "quote")),
        # the city government speaks
        ("何为关键子链?成都明确,就是在综合分析各产业链发展的现实基础、政策导向、市场环境等因素的基础上,凝练提出的3—5条关键子链。",
         "3—5条关键子链", ("成都", None, "government", "reported")),
        # pronoun after a quotation: the last named speaker before it
        ("成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建产业生态。\n"
         "宋瑾认为,川粤两省在电子信息、生物医药、装备制造等领域进行了重点布局。“川粤合作的重点已经从简单的单向产业转移承接,"
         "全面升级到产业链、创新链、供应链、资金链多元协同的新阶段。”她指出。",
         "资金链", ("宋瑾", "成都市经济发展研究院产业经济研究所研究人员", "expert", "quote")),
        # an unnamed official
        ("“完备的产业链条,为成都高新区人工智能产业发展奠定坚实基础。”上述负责人表示。",
         "产业链条", ("上述负责人", "上述负责人", "official", "quote")),
        # an expert introduced with two roles
        ("“重庆经济最大的特点在于‘实’。”重庆大学经济与工商管理学院经济系主任、教授汪锋指出,作为西部最重要的工业城市。",
         "特点", ("汪锋", "重庆大学经济与工商管理学院经济系主任、教授", "expert", "quote")),
        # reported speech with the name only, introduced earlier
        ("省人大代表李志表示,迈入制造强省。\n以科技创新推动能源化工产业高质量发展,李志建议,一方面要出台举措。",
         "出台举措", ("李志", "省人大代表", "official", "reported")),
        # the outlet's own voice
        ("加快形成新质生产力,离不开产业建圈强链和“硬核”科技。", "建圈强链", (None, None, "outlet", "outlet")),
        # a scare-quoted phrase is not speech
        ("推进产业建圈强链重在构建“链主”企业。", "链主", (None, None, "outlet", "outlet")),
        # a pronoun with nobody named before it stays unresolved
        ("他建议,引导产业建圈强链。", "建圈强链", (None, None, "unresolved", "reported")),
        # a speaker in another sentence does not speak this one
        ("邱士安认为,四川省工模具产业曾在国内享有较高的地位。最近几年,产业建圈强链加速。", "建圈强链", (None, None, "outlet", "outlet")),
    ],
)
def test_speaker_of(text, target, expected):
    s = text.index(target)
    got = nqp.speaker_of(text, s, s + len(target))
    assert (got["speaker"], got["speaker_role"], got["speaker_type"], got["attribution"]) == expected


def test_heading_speaker():
    text = "重庆大学经济与工商管理学院经济系主任、教授汪锋: 产业互补是成渝地区双城经济圈最主要亮点\n党的二十大报告将成渝地区双城经济圈建设列入国家区域重大战略。"
    h = (0, text.index("\n"))
    s = text.index("产业互补")
    got = nqp.speaker_of(text, s, s + 4, headings=[h])
    assert (got["speaker"], got["speaker_type"], got["attribution"]) == ("汪锋", "expert", "heading")
    s = text.index("成渝地区双城经济圈建设")
    assert nqp.speaker_of(text, s, s + 4, headings=[h])["speaker_type"] == "outlet"


@pytest.mark.parametrize(
    "role, expected",
    [
        ("成都市经济发展研究院产业经济研究所研究人员", "expert"),
        ("省政协委员", "official"),
        ("成都高新区数字经济局相关负责人", "official"),
        ("咪咕音乐党委书记、董事长、总经理", "business"),
        ("宣讲队成员", "other"),
        (None, "other"),
    ],
)
def test_speaker_type_of(role, expected):
    assert nqp.speaker_type_of(role) == expected


def test_speaker_of_validates():
    with pytest.raises(NqpError, match="start="):
        nqp.speaker_of("建圈强链", 2, 9)
    with pytest.raises(NqpError, match="text_orig"):
        nqp.speaker_of("建圈强链", 0, 4, text_orig="建圈")


def test_theme_speaker_is_a_deprecated_alias():
    text = "成都智算中心副总经理刘翥认为,“新质生产力的核心是科技创新。”"
    s = text.index("新质生产力")
    with pytest.warns(DeprecationWarning, match="speaker_of"):
        old = nqp.theme_speaker(text, s, s + 5)
    assert old == nqp.speaker_of(text, s, s + 5)
    assert old["speaker"] == "刘翥"


# ---------------------------------------------------------------------------------------------
# the vocabulary is data: nqp/data/speakers.toml, extended by a file of one's own


def test_the_package_vocabulary():
    rules = nqp.load_speaker_rules()
    assert rules.files[0].endswith("speakers.toml") and len(rules.files) == 1
    assert {"成都", "重庆", "党中央"} <= set(rules.government_subjects)
    assert {"市政府", "市", "部", "委", "局", "厅", "办"} <= set(rules.government_suffixes)
    assert {"王", "习", "汪"} <= set(rules.surnames) and "欧阳" in rules.compound_surnames
    assert {"表示", "认为", "说"} <= set(rules.verbs)
    assert "\n" in rules.boundary and "," in rules.boundary
    assert nqp.load_speaker_rules(rules) is rules


WUHAN = "武汉明确,要打造光谷科创大走廊。"


def test_a_user_file_extends_the_vocabulary(tmp_path):
    s = WUHAN.index("光谷")
    assert nqp.speaker_of(WUHAN, s, s + 2)["speaker_type"] == "outlet"  # 武汉 is not a government nqp knows
    mine = tmp_path / "speakers.toml"
    mine.write_text('[government]\nsubjects = ["武汉"]\n\n[types]\nexpert = ["光谷实验室"]\n', encoding="utf-8")
    got = nqp.speaker_of(WUHAN, s, s + 2, speakers=mine)
    assert (got["speaker"], got["speaker_type"], got["speaker_cue"]) == ("武汉", "government", "武汉明确")
    rules = nqp.load_speaker_rules(mine)
    assert "武汉" in rules.government_subjects and "成都" in rules.government_subjects  # added, not replaced
    assert nqp.speaker_type_of("光谷实验室主任", rules) == "expert"  # without the file: official (主任)
    assert nqp.speaker_type_of("光谷实验室主任") == "official"


def test_the_theme_takes_the_users_file(tmp_path):
    import pandas as pd

    text = nqp.normalize_text(WUHAN)
    arts = pd.DataFrame({
        "doc_id": ["d"], "article_id": ["d-00"], "position": [0], "outlet": ["o"], "date": ["2024"],
        "date_precision": ["year"], "date_start": [pd.Timestamp("2024-01-01")], "date_end": [pd.Timestamp("2024-12-31")],
        "text": [text], "text_orig": [WUHAN], "headings": [[]], "raw_segments": [[(0, 0, len(text))]],
        "start": [0], "end": [len(text)], "on_topic": [True],
    })
    mine = tmp_path / "speakers.toml"
    mine.write_text('[government]\nsubjects = ["武汉"]\n', encoding="utf-8")
    assert nqp.theme(arts, "光谷")["speaker_type"].tolist() == ["outlet"]
    assert nqp.theme(arts, "光谷", speakers=mine)["speaker"].tolist() == ["武汉"]


def test_an_edited_file_is_read_again(tmp_path):
    mine = tmp_path / "speakers.toml"
    mine.write_text('[government]\nsubjects = ["武汉"]\n', encoding="utf-8")
    assert "武汉" in nqp.load_speaker_rules(mine).government_subjects
    mine.write_text('[government]\nsubjects = ["长沙"]\n', encoding="utf-8")
    again = nqp.load_speaker_rules(mine)
    assert "长沙" in again.government_subjects and "武汉" not in again.government_subjects


@pytest.mark.parametrize(
    "content, match",
    [
        ("[speech]\nverbs = []\n", "unknown table"),
        ("[cues]\nverbz = [\"说\"]\n", "unknown key"),
        ("[cues]\nverbs = \"说\"\n", "list of non-empty strings"),
        ("[cues\n", "not valid"),
    ],
)
def test_bad_speaker_files(tmp_path, content, match):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(NqpError, match=match):
        nqp.load_speaker_rules(bad)


def test_a_missing_file_and_a_bad_argument(tmp_path):
    with pytest.raises(NqpError, match="no such file"):
        nqp.load_speaker_rules(tmp_path / "none.toml")
    with pytest.raises(TypeError, match="speakers="):
        nqp.load_speaker_rules(5)

"""The noise mainland web outlets print around an article: 财联社's dateline (财联社7月15日电，) and its editor
note with a space, （编辑 刘洋）; 新浪科技's dated lead opening the text (4月8日上午消息，); 证券时报's
（文章来源：证券时报）; 界面新闻's editor line (界面新闻编辑 | 杨帆); 第一财经's byline, whose name stayed alone on its
line once the learned boilerplate took 第一财经记者; the investment disclaimer without 免责声明 (本文不构成投资建议，
市场有风险，投资需谨慎。). Each is removed whole with its rule; the sentences that share its words (据财联社报道,
消息传出后, 编辑部, 本文认为, 记者王芳在现场看到, 王芳说) are text and stay."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

from cleaning_seeds import assert_accounts_for, clean_one, kept_text, removed_spans

BODY = "业内人士认为，大模型的商业化落地仍需时间，AI应用的成本需要进一步下降。"
MORE = "国家统计局数据显示，2月制造业PMI为49.5，重回荣枯线附近。"

#: genuine sentences with the words of the datelines, bylines, notes and disclaimers (the QA corpus' traps)
GENUINE = [
    "据财联社报道，多家券商上调了全年盈利预测。",
    "据财联社7月15日电，英伟达将推出面向中国市场的新芯片。",
    "3月5日上午消息传出后，市场对算力板块的预期明显升温。",
    "编辑部认为，人工智能+不是简单的技术叠加。",
    "本文认为，长期资金入市有利于稳定市场，投资者应理性看待波动。",
    "记者王芳在现场看到，展台前排起了长队。",
    "王芳说，新质生产力的关键在于科技创新。",
    "他提醒，股市有风险，入市需谨慎。",
    "本文不构成投资建议的说法并不准确，监管部门已作出澄清。",
    "公安机关7月15日讯问了涉案的三名嫌疑人。",
    "本报记者在北京11月11日电话采访了多位业内人士。",
    "他曾任第一财经编辑，现为一家半导体公司的创始人。",
]


_clean, _removed, _kept = clean_one, removed_spans, kept_text


@pytest.mark.parametrize("opening, byline", [
    ("财联社7月15日电，", "财联社7月15日电"),
    ("财联社7月15日讯，", "财联社7月15日讯"),
    ("财联社7月15日电：", "财联社7月15日电"),
    ("每日经济新闻7月15日讯 ", "每日经济新闻7月15日讯"),
    ("中新网成都3月5日电 ", "中新网成都3月5日电"),
    ("证券时报网7月15日讯（记者 王芳）", "证券时报网7月15日讯(记者 王芳)"),
])
def test_an_outlet_dateline_opening_the_article_is_removed_and_is_the_byline(opening, byline):
    cleaned = _clean(f"{opening}{BODY}\n{MORE}")
    assert _removed(cleaned) == [("dateline_agency", opening)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"
    printed = cleaned.articles[S.BYLINE].iloc[0]
    assert printed in opening  # as printed (full-width brackets)
    assert nqp.normalize_text(printed) == byline


@pytest.mark.parametrize("opening", [
    "新浪科技讯 4月8日上午消息，",
    "4月8日上午消息，",
    "4月8日晚间消息，",
    "12月31日下午消息，",
    "北京时间4月8日消息，",
    "4月8日消息，",
])
def test_a_dated_lead_opening_the_text_is_removed(opening):
    cleaned = _clean(f"{opening}{BODY}\n{MORE}")
    assert _removed(cleaned) == [("dateline_lead", opening)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_a_dated_lead_under_the_byline_is_the_opening_of_the_text():
    cleaned = _clean(f"记者 王芳\n4月8日上午消息，{BODY}\n{MORE}")
    assert _removed(cleaned) == [("byline", "记者 王芳"), ("dateline_lead", "4月8日上午消息，")]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", [
    f"{BODY}\n4月8日上午消息，{MORE}",  # not the opening of the text: kept
    f"3月5日上午消息传出后，{BODY}\n{MORE}",  # not the fixed shape: a sentence
    f"4月8日上午的消息，{BODY}\n{MORE}",
    f"4月8日上午消息称，{BODY}\n{MORE}",
])
def test_a_dated_lead_elsewhere_or_of_another_shape_stays(text):
    cleaned = _clean(text)
    assert _kept(cleaned) == text
    assert not _removed(cleaned)


@pytest.mark.parametrize("note", ["（编辑 刘洋）", "（编辑：刘洋）", "（文章来源：证券时报）", "（文章来源 证券时报）", "（责任编辑 张伟）"])
def test_an_editor_or_source_note_ending_the_article_is_removed(note):
    cleaned = _clean(f"{BODY}\n{MORE}\n{note}")
    assert _removed(cleaned) == [("editor_note", note)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_an_editor_note_after_the_last_sentence_goes_and_the_sentence_stays():
    cleaned = _clean(f"{BODY}\n{MORE}（编辑 刘洋）")
    assert _removed(cleaned) == [("editor_note", "（编辑 刘洋）")]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", [
    "这份报告（编辑 刘洋）指出，产能将持续扩大。",
    "全年居民人均可支配收入39218元（来源 国家统计局）",
])
def test_a_note_inside_a_sentence_stays(text):
    cleaned = _clean(f"{BODY}\n{text}")
    assert _kept(cleaned) == f"{BODY}\n{text}"


def test_the_jiemian_byline_and_editor_lines_go():
    cleaned = _clean(f"界面新闻记者 | 张三\n界面新闻编辑 | 杨帆\n{BODY}\n{MORE}")
    assert _removed(cleaned) == [("byline", "界面新闻记者 | 张三"), ("staff_credit", "界面新闻编辑 | 杨帆")]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"
    assert cleaned.articles[S.BYLINE].iloc[0] == "界面新闻记者 | 张三"


@pytest.mark.parametrize("line", ["界面新闻编辑｜杨帆", "第一财经编辑：陈静", "澎湃新闻责任编辑 | 黄婷 李娜"])
def test_an_outlet_editor_line_of_names_goes(line):
    cleaned = _clean(f"{BODY}\n{MORE}\n{line}")
    assert _removed(cleaned) == [("staff_credit", line)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("line", [
    "新闻编辑｜人工智能时代的新挑战",  # a headline after the bar, not names
    "界面新闻编辑 | 王芳说，新质生产力是关键。",
])
def test_an_outlet_editor_form_before_a_headline_or_a_sentence_stays(line):
    cleaned = _clean(f"{line}\n{BODY}\n{MORE}")
    assert _kept(cleaned) == f"{line}\n{BODY}\n{MORE}"
    assert not _removed(cleaned)


def test_a_yicai_byline_alone_on_its_line_is_removed_and_is_the_byline():
    cleaned = _clean(f"第一财经记者 王芳\n{BODY}\n{MORE}")
    assert _removed(cleaned) == [("byline", "第一财经记者 王芳")]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"
    assert cleaned.articles[S.BYLINE].iloc[0] == "第一财经记者 王芳"


def test_the_name_does_not_stay_when_the_boilerplate_takes_the_outlet():
    names = ["王芳", "张伟", "李娜", "杨帆", "刘洋"]
    texts = {f"d{i}": f"第一财经记者 {names[i % 5]}\n{BODY}{i}\n{MORE}" for i in range(25)}
    frame = pd.DataFrame({"doc_id": list(texts), "outlet": "第一财经", "text": list(texts.values())})
    cleaned = nqp.clean(frame)
    assert_accounts_for(texts, cleaned.articles, cleaned.removals)
    rem = cleaned.removals[cleaned.removals[S.DOC_ID] == "d0"]
    assert list(zip(rem[S.RULE], rem[S.TEXT]))[:2] == [("boilerplate", "第一财经记者 "), ("byline", "王芳")]
    assert all(not t.startswith(tuple(names)) for t in cleaned.articles[S.TEXT_ORIG])
    assert cleaned.articles[S.BYLINE].iloc[0] == "第一财经记者 王芳"


@pytest.mark.parametrize("text", [
    "第一财经记者 王芳说，新质生产力是关键。",
    "财经记者看两会",
    "王芳说，新质生产力的关键在于科技创新。",
])
def test_a_line_with_a_reporter_that_is_text_stays(text):
    cleaned = _clean(f"{text}\n{BODY}\n{MORE}")
    assert _kept(cleaned) == f"{text}\n{BODY}\n{MORE}"
    assert not _removed(cleaned)


@pytest.mark.parametrize("line", [
    "本文不构成投资建议，市场有风险，投资需谨慎。",
    "股市有风险，入市需谨慎。",
    "市场有风险，投资需谨慎",
    "本文不构成投资建议。据此投资，风险自担。",
    "文章内容仅供参考，不构成投资建议。",
    "本文内容仅供参考，不构成任何投资建议，据此操作，风险自负。",
])
def test_an_investment_disclaimer_line_goes(line):
    cleaned = _clean(f"{BODY}\n{MORE}\n{line}")
    assert _removed(cleaned) == [("platform_disclaimer_other", line)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", GENUINE)
def test_genuine_sentences_with_the_words_of_the_noise_stay(text):
    for doc in (f"{BODY}\n{text}\n{MORE}", f"{text}\n{BODY}\n{MORE}", f"{BODY}\n{MORE}\n{text}"):
        cleaned = _clean(doc)
        assert _kept(cleaned) == doc
        assert not _removed(cleaned)


def test_the_qa_repro_articles():
    a = "财联社3月5日电，人工智能+1的简单叠加并不能带来质变。\n（编辑 王芳）"
    b = "第一财经记者 王芳\n业内认为，新质生产力是关键。\n本文不构成投资建议，市场有风险，投资需谨慎。"
    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["财联社", "第一财经"], "text": [a, b]})
    cleaned = nqp.clean(frame)
    assert_accounts_for({"a": a, "b": b}, cleaned.articles, cleaned.removals)
    assert list(cleaned.articles[S.TEXT_ORIG]) == ["人工智能+1的简单叠加并不能带来质变。", "业内认为，新质生产力是关键。"]


def test_the_opening_field_is_read_and_listed(tmp_path):
    table = nqp.clean_rules_table()
    assert table.set_index("rule").loc["dateline_lead", "opening"]
    assert not table.set_index("rule").loc["dateline_agency", "opening"]
    f = tmp_path / "r.toml"
    f.write_text('[[remove]]\nname = "lead"\nscope = "line"\nopening = true\npattern = "^前言$"\n', encoding="utf-8")
    text = f"前言\n{BODY}\n前言\n{MORE}"
    cleaned = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}), rules=f)
    assert _removed(cleaned) == [("lead", "前言")]
    assert _kept(cleaned) == f"{BODY}\n前言\n{MORE}"

"""The lines web exports and party papers add around an article's text: a dated dateline (本报北京11月11日电(记者
吴婷)), the reporter before the first sentence (【大公报讯】记者徐鹏报道:), a 全媒体 byline, a bare 来源: line, a
原标题: line and a link to a topic page. Each is removed with its own reason, only where it is what it looks like;
the text around it stays whole."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

from cleaning_seeds import assert_accounts_for

LEAD = "成都加快发展新质生产力,聚焦产业转型升级。"
TAIL = "推动科技创新和产业创新深度融合。"


def _clean(text: str):
    frame = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    cleaned = nqp.clean(frame)
    assert_accounts_for({"x": text}, cleaned.articles, cleaned.removals)
    return cleaned


@pytest.mark.parametrize("opening, rule, byline", [
    ("本报北京11月11日电（记者吴婷）", "dateline_agency", "本报北京11月11日电(记者吴婷)"),
    ("新华社北京10月22日电（记者黄敏）", "dateline", "记者黄敏"),
    ("中新网成都3月5日电 ", "dateline_agency", "中新网成都3月5日电"),
    ("人民日报北京1月5日电 ", "dateline_agency", "人民日报北京1月5日电"),
    ("【大公報訊】記者徐鵬報道：", "reporter_lead", "记者徐鹏报道:"),
    ("记者 张三 北京报道：", "reporter_lead", "记者 张三 北京报道:"),
])
def test_an_opening_before_the_first_sentence_is_removed_and_is_the_byline(opening, rule, byline):
    cleaned = _clean(f"{opening}{LEAD}\n{TAIL}")
    assert cleaned.articles[S.TEXT].iloc[0] == f"{LEAD}\n{TAIL}"
    printed = cleaned.articles[S.BYLINE].iloc[0]
    assert printed in opening  # as printed
    assert byline in nqp.normalize_text(printed)
    assert rule in set(cleaned.removals[S.RULE])


@pytest.mark.parametrize("line, rule", [
    ("四川日报全媒体记者 王晓明", "byline"),
    ("来源：新华社", "source_alone"),
    ("转自：人民网", "source_alone"),
    ("原标题：依法加强税收征管", "original_title"),
    ("点击进入专题：奋进新征程", "topic_link"),
    ("阅读原文", "topic_link"),
])
def test_a_line_of_its_own_is_removed_whole(line, rule):
    for text in (f"{line}\n{LEAD}\n{TAIL}", f"{LEAD}\n{TAIL}\n{line}"):
        cleaned = _clean(text)
        assert cleaned.articles[S.TEXT].iloc[0] == f"{LEAD}\n{TAIL}"
        removed = cleaned.removals[cleaned.removals[S.RULE] == rule]
        assert "".join(removed[S.TEXT]).strip() == line


@pytest.mark.parametrize("line", [
    "来源：新华社报道的消息显示,今年经济增长稳定",  # a sentence that begins with 来源:
    "本报记者在北京11月11日电话采访了专家。",  # no dateline: 电话 in a sentence
    "记者徐鹏报道了这件事,引起广泛关注。",  # 报道 as a verb, no colon
    "他说:点击进入专题的人很多。",
    "原标题的写法各不相同,编辑部讨论了很久,最后决定保留原来的标题,并在正文中说明理由和经过,请读者理解。",
])
def test_text_that_begins_like_one_is_kept(line):
    cleaned = _clean(f"{LEAD}\n{line}\n{TAIL}")
    text = cleaned.articles[S.TEXT].iloc[0]
    assert nqp.script.to_simplified(line).replace("：", ":") in text.replace("：", ":"), text


def test_a_document_that_is_only_a_source_line_is_kept():
    cleaned = _clean("来源：新华社")
    assert cleaned.articles[S.TEXT].iloc[0] == "来源:新华社"


def test_a_dated_footer_goes_whatever_its_day_and_a_dated_sentence_stays():
    # 30 items of one paper end with its dated footer (the paper_footer rule), 30 of another with a sentence whose
    # number changes: a sentence, however many items end so
    rows = []
    for i in range(30):
        day = f"2023年{i % 12 + 1}月{i % 28 + 1}日 {i % 16 + 1} 版"
        rows.append({"doc_id": f"r{i:02d}", "outlet": "人民日报",
                     "text": f"第{i}篇文章讲述了产业发展的新情况。\n各地加快推进项目建设。\n《 人民日报 》（ {day}）"})
        rows.append({"doc_id": f"s{i:02d}", "outlet": "四川日报",
                     "text": f"第{i}篇文章讲述了产业发展的新情况。\n导演表示,拍摄工作将在{i % 12 + 1}月完成。"})
    corpus = pd.DataFrame(rows)
    cleaned = nqp.clean(corpus)
    assert cleaned.boilerplate.empty
    footers = cleaned.removals[cleaned.removals[S.RULE] == "paper_footer"]
    assert len(footers) == 30 and footers[S.TEXT].str.startswith("《 人民日报 》").all()
    texts = dict(zip(cleaned.articles[S.DOC_ID], cleaned.articles[S.TEXT]))
    assert all(texts[f"r{i:02d}"].endswith("各地加快推进项目建设。") for i in range(30))
    assert all(texts[f"s{i:02d}"].endswith(f"拍摄工作将在{i % 12 + 1}月完成。") for i in range(30))
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), cleaned.articles, cleaned.removals)


@pytest.mark.parametrize("disclaimer", [
    "特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳并發布,本平臺僅提供信息存儲服務。",
    "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of "
    "NetEase Hao, which is a social media platform and only provides information storage services.",
])
def test_a_platform_disclaimer_goes_wherever_it_stands_and_only_it(disclaimer):
    before, after = "一面不断进行军事挑衅和战争威胁。", "推进事业单位改革,加快建立现代企业制度,提高经济效益和社会效益。"
    for text in (f"{LEAD}\n{before}{disclaimer}{after}\n{TAIL}", f"{LEAD}\n{disclaimer}\n{TAIL}"):
        cleaned = _clean(text)
        kept = cleaned.articles[S.TEXT].iloc[0]
        assert "NetEase" not in kept and "声明" not in kept
        assert LEAD in kept and TAIL in kept and (before not in text or (before in kept and after in kept))
        removed = cleaned.removals[cleaned.removals[S.RULE] == "platform_disclaimer"]
        assert "".join(removed[S.TEXT]).strip() == disclaimer


@pytest.mark.parametrize("line", [
    "红星村蔬菜专业合作社(记者注:该社成立于2015年)是当地最早的合作社之一。",
    "国家电网(记者从国网四川省电力公司获悉)今年将投资200亿元用于农网改造。",
    "用户点击短信中的网页链接后,手机即被植入木马程序。",
    "推荐书目:《老人与海》([美]海明威著)、《小王子》([法]圣埃克苏佩里著)。",
    "[注]本文数据截至2023年底。",
    "设计:参赛作品须为原创,尺寸不小于A3。",
    "视频丨成都大运会今晚开幕 十万观众共襄盛举",
    "图片由像素组成,每个像素记录一种颜色。",
    "原标题:暴雨来袭 今天下午,我市遭遇强降雨,市区多条道路出现积水,交警部门已启动应急预案。",
    "严禁偷摄、偷录,违者将被取消考试资格。",
    "无人机航摄,共获取影像数据2000余幅。",
    "全年国内生产总值增长5.2%。来源:国家统计局",
    "记者手记",
    "记者追踪报道:三年过去了,这条路修好了吗?",
    "声明:近期有不法分子冒用我院名义招聘,此举严重侵权,我院将依法追究。",
    "全市居民人均可支配收入39218元(来源:国家统计局)",
])
def test_text_that_looks_like_noise_is_kept_whole(line):
    cleaned = _clean(f"{LEAD}\n{line}\n{TAIL}")
    removed = cleaned.removals[cleaned.removals[S.RULE] != "whitespace"]
    assert removed.empty, removed[[S.RULE, S.TEXT]].values.tolist()


@pytest.mark.parametrize("line, rule", [
    ("点击蓝字关注我们", "wechat_prompt"), ("长按识别二维码,关注我们", "wechat_prompt"), ("往期推荐", "wechat_prompt"),
    ("- END -", "wechat_prompt"), ("本文来自微信公众号“财经十一人”(ID:caijing11),作者:张三,经授权转载。", "wechat_prompt"),
    ("【责任编辑:张三】", "editor_note"), ("(图片来源:视觉中国)", "editor_note"), ("(本文来源:经济日报 作者:王五)", "editor_note"),
    ("版权所有 未经授权不得转载", "copyright_line"), ("转载请注明出处", "copyright_line"),
    ("【明報專訊】", "bracket_tag"), ("香港文匯報訊(記者 李明)", "dateline"), ("(记者 张三 通讯员 李四)", "byline_brackets"),
    ("(完)", "end_mark"), ("举报/反馈", "app_prompt"), ("新华社发(张三摄)", "photo_agency"), ("(视觉中国/图)", "photo_agency"),
    ("(原题为《依法加强税收征管》)", "original_title"), ("《 人民日报 》（ 2023年11月11日 11 版）", "paper_footer"),
])
def test_web_noise_on_its_own_line_is_removed(line, rule):
    cleaned = _clean(f"{LEAD}\n{TAIL}\n{line}")
    assert cleaned.articles[S.TEXT].iloc[0] == f"{LEAD}\n{TAIL}"
    assert rule in set(cleaned.removals[S.RULE])


def test_a_byline_two_rules_find_is_listed_once():
    cleaned = _clean(f"新华社北京3月5日电(记者 张三) {LEAD}\n{TAIL}")
    assert cleaned.articles[S.BYLINE].tolist() == ["新华社北京3月5日电(记者 张三)"]


@pytest.mark.parametrize("first, last", [
    (lambda i: f"“十四五”时期,是我区开启新征程的第{i}个年头。", None),
    (lambda i: f"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)规定,现公布第{i}号报告。", None),
    (None, lambda i: f"The index rose {i % 9}.{i % 7} percent in March."),
    (lambda i: f"{i % 12 + 1}月{i % 28 + 1}日北京新增本土确诊病例{i * 3}例", None),
])
def test_a_sentence_many_items_open_or_close_with_is_not_boilerplate(first, last):
    rows = [{"doc_id": f"d{i:02d}", "outlet": "某报",
             "text": "\n".join(x for x in ((first(i) if first else None), f"第{i}批{LEAD}", f"推动第{i}批项目开工。",
                                           (last(i) if last else None)) if x)}
            for i in range(24)]
    frame = pd.DataFrame(rows)
    cleaned = nqp.clean(frame)
    assert cleaned.boilerplate.empty, cleaned.boilerplate["phrase"].tolist()
    assert_accounts_for(dict(zip(frame[S.DOC_ID], frame[S.TEXT])), cleaned.articles, cleaned.removals)


def test_a_title_its_text_printed_again_as_原标题_stays_the_title():
    # the 原标题: line goes (original_title), the headline given as metadata stays the title, and its mention counts
    frame = pd.DataFrame({"doc_id": ["a"], "title": ["成都：低空经济迎来新机遇"],
                          "text": [f"原标题：成都：低空经济迎来新机遇\n{LEAD}\n{TAIL}"]})
    articles = nqp.clean(frame).articles
    assert articles[S.TITLE].tolist() == ["成都:低空经济迎来新机遇"]
    assert articles[S.TEXT].iloc[0] == f"{LEAD}\n{TAIL}"
    mentions = nqp.theme(articles, ["低空经济"])
    assert mentions["field"].tolist() == ["title"] and mentions["sentence"].tolist() == ["成都：低空经济迎来新机遇"]

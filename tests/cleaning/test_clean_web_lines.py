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
    assert byline in cleaned.articles[S.BYLINE].iloc[0]
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


def test_a_dated_footer_is_learned_whatever_its_day_and_a_dated_sentence_is_not():
    # 30 items of one paper end with its dated footer, 30 of another with a sentence whose number changes
    rows = []
    for i in range(30):
        day = f"2023年{i % 12 + 1}月{i % 28 + 1}日 {i % 16 + 1} 版"
        rows.append({"doc_id": f"r{i:02d}", "outlet": "人民日报",
                     "text": f"第{i}篇文章讲述了产业发展的新情况。\n各地加快推进项目建设。\n《 人民日报 》（ {day}）"})
        rows.append({"doc_id": f"s{i:02d}", "outlet": "四川日报",
                     "text": f"第{i}篇文章讲述了产业发展的新情况。\n导演表示,拍摄工作将在{i % 12 + 1}月完成。"})
    corpus = pd.DataFrame(rows)
    cleaned = nqp.clean(corpus)
    assert cleaned.boilerplate[["outlet", "where", "phrase", "n_docs"]].values.tolist() == [
        ["人民日报", "close", "《 人民日报 》( #年#月#日 # 版)", 30]]
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

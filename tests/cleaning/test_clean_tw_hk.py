"""The noise Taiwan and Hong Kong outlets print around an article, in traditional script: 中央社's dateline, its
editor note with the ROC date code and its photo credit; 自由時報's byline in corner brackets and its app prompt;
聯合報's byline line, its reprint notice and its 延伸閱讀 list; 明報's (資料圖片). Each is removed whole with its
own rule; the sentences that share its words (攝影, 拍攝, 來源, 編輯, 記者會, 延伸閱讀的書單, a quoted 下載APP)
are text and stay."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

from cleaning_seeds import clean_one, kept_text, removed_spans

BODY = "政府將持續推動產業升級，擴大內需，穩定就業，各地積極落實相關政策措施。"
MORE = "報告指出，地方財政收入的主要來源仍是土地出讓金，債務壓力不容忽視。"

#: genuine sentences with the words of the credits and notes (the QA corpus' traps)
GENUINE = [
    "記者王小明攝影集《城市》昨日出版，收錄他十年來的作品。",
    "該紀錄片由導演團隊在深圳的工廠連續拍攝了三個月。",
    "她用手機拍攝了工廠生產線的影片，上傳到社群平台。",
    "攝影愛好者週末湧入園區，記錄秋天的銀杏大道。",
    "來源不明的資金流入房地產市場，引起監管部門關注。",
    "資料來源：國家統計局。",
    "他曾任財經雜誌編輯，現為一家半導體公司的創辦人。",
    "編輯部在社論中指出，產業政策不能只靠口號。",
    "記者會上，國台辦發言人表示將持續推動兩岸經貿交流。",
    "「下載APP看新聞已經成為年輕人的習慣，」一名受訪學生說。",
    "延伸閱讀的書單中，有不少是關於中國經濟轉型的著作。",
    "圖為深圳一家電動車工廠的生產線。",
]


_clean, _removed, _kept = clean_one, removed_spans, kept_text


@pytest.mark.parametrize("opening, rule, byline", [
    ("（中央社記者王小明台北5日電）", "dateline_cna", "中央社记者王小明台北5日电"),
    ("（中央社台北5日電）", "dateline_cna", "中央社台北5日电"),
    ("（中央社華盛頓4日綜合外電報導）", "dateline_cna", "中央社华盛顿4日综合外电报导"),
    ("（中央社記者林則宏上海11日專電）", "dateline_cna", "中央社记者林则宏上海11日专电"),
    ("〔記者王小明／台北報導〕", "dateline_corner", "记者王小明/台北报导"),
    ("〔即時新聞／綜合報導〕", "dateline_corner", "即时新闻/综合报导"),
    ("〔編譯張明／綜合報導〕", "dateline_corner", "编译张明/综合报导"),
])
def test_a_taiwan_dateline_opening_the_article_is_removed_and_is_the_byline(opening, rule, byline):
    cleaned = _clean(f"{opening}{BODY}\n{MORE}")
    assert _removed(cleaned) == [(rule, opening)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"
    printed = cleaned.articles[S.BYLINE].iloc[0]
    assert printed in opening  # as printed (traditional script, full-width brackets)
    assert byline in nqp.normalize_text(printed)


@pytest.mark.parametrize("line", ["記者王小明／台北即時報導", "記者林則宏、張淑伶／綜合報導", "聯合報記者王小明／台中報導"])
def test_a_udn_byline_alone_on_its_line_is_removed(line):
    cleaned = _clean(f"{line}\n{BODY}\n{MORE}")
    assert _removed(cleaned) == [("byline_slash", line)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", [
    "（中央社記者會後表示，兩岸經貿交流將持續推動）" + BODY,  # a bracket that is no dateline
    "中央社記者王小明台北5日電話採訪了多位業者，了解市場情況。",  # no brackets: a sentence
    "記者王小明／台北即時報導指出，多數業者看好下半年市況，訂單逐步回溫。",  # the byline form opening a sentence
    "〔記者會〕國台辦發言人表示將持續推動兩岸經貿交流，並歡迎台商投資。",
])
def test_text_with_the_words_of_a_dateline_stays(text):
    cleaned = _clean(f"{text}\n{MORE}")
    assert _kept(cleaned) == f"{text}\n{MORE}"


@pytest.mark.parametrize("note", ["（編輯：陳政偉）1130305", "（編輯：黃名璽）1120111", "（編輯：陳政偉） 1131231"])
def test_the_cna_editor_note_goes_with_its_roc_date_code(note):
    cleaned = _clean(f"{BODY}\n{MORE}\n{note}")
    assert _removed(cleaned) == [("editor_note", note)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_an_editor_note_inside_a_sentence_and_a_number_after_it_stay():
    text = "這份報告（編輯：陳政偉）1130305號文件指出，產能將持續擴大。"
    cleaned = _clean(f"{BODY}\n{text}")
    assert _kept(cleaned) == f"{BODY}\n{text}"


@pytest.mark.parametrize("credit", [
    "（圖／記者王小明攝）",
    "（中央社記者陳政偉攝　1130305）",
    "（中央社記者陳政偉攝）",
    "（圖／聯合報系資料照）",
    "（資料圖片）",
    "（記者王小明、李大同攝）",
    "（攝影：張建華）",
    "（摄影：张建华）",
    "（圖：中央社記者陳政偉）",
])
def test_a_bracketed_photo_credit_goes_whole(credit):
    cleaned = _clean(f"{BODY}\n{credit}\n{MORE}")
    assert _removed(cleaned) == [("photo_credit_brackets", credit)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_a_bracketed_credit_after_the_caption_goes_and_the_caption_stays():
    caption = "圖為深圳一家電動車工廠的生產線。"
    cleaned = _clean(f"{BODY}\n{caption}（圖／記者王小明攝）\n{MORE}")
    assert _removed(cleaned) == [("photo_credit_brackets", "（圖／記者王小明攝）")]
    assert _kept(cleaned) == f"{BODY}\n{caption}\n{MORE}"


@pytest.mark.parametrize("text", GENUINE + [
    "他在展覽中（王小明攝影）展出了十幅作品，吸引不少民眾。",
    "工廠（資料圖片顯示）去年擴建了兩條生產線，產能大增。",
    "記者會上，（攝影：張建華）",  # no sentence ends before it: not a caption's credit
    "他參觀了攝影展（攝影：張建華說的那一場）。",
])
def test_genuine_sentences_with_the_words_of_credits_and_notes_stay(text):
    cleaned = _clean(f"{BODY}\n{text}\n{MORE}")
    assert _kept(cleaned) == f"{BODY}\n{text}\n{MORE}"
    assert not _removed(cleaned)


@pytest.mark.parametrize("line, rule", [
    ("本新聞文字、照片、影片專供個人閱讀，不得轉載或公開播送", "copyright_line"),
    ("不用抽 不用搶 現在用APP看新聞 保證天天中獎　點我下載APP　按我看活動辦法", "app_prompt"),
    ("點我下載APP　按我看活動辦法", "app_prompt"),
])
def test_the_reprint_notice_and_app_prompt_lines_go(line, rule):
    cleaned = _clean(f"{BODY}\n{MORE}\n{line}")
    assert _removed(cleaned) == [(rule, line)]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", [
    "他說，本新聞文字、照片、影片專供個人閱讀的規定已實施多年，但仍有網站轉載。",
    "「現在用APP看新聞，保證天天中獎」的廣告引起消保會關注。",
])
def test_sentences_about_reprints_and_apps_stay(text):
    cleaned = _clean(f"{BODY}\n{text}\n{MORE}")
    assert _kept(cleaned) == f"{BODY}\n{text}\n{MORE}"


HEADLINES = ["新質生產力成兩會熱詞", "陸推新質生產力 台商看機會", "兩會前瞻：GDP目標料維持5%左右"]


@pytest.mark.parametrize("heading", ["延伸閱讀", "延伸閱讀：", "延伸阅读", "相關新聞", "相關報導", "更多新聞", "【推薦閱讀】"])
def test_a_related_list_at_the_end_goes_with_its_heading(heading):
    lines = [heading, *HEADLINES, "本新聞文字、照片、影片專供個人閱讀，不得轉載或公開播送"]
    cleaned = _clean(f"{BODY}\n{MORE}\n" + "\n".join(lines))
    assert _removed(cleaned) == [("related_list", x) for x in lines[:-1]] + [("copyright_line", lines[-1])]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_a_bulleted_list_keeps_the_rules_of_the_lines_under_it():
    # 香港01: bullets, the editor line and the app line under the list are taken by their own rules
    lines = ["延伸閱讀：", "．大陸房地產低迷 地方債壓力大", "．陸經濟數據疲弱 專家示警通縮", "責任編輯：何詠詩"]
    cleaned = _clean(f"{BODY}\n{MORE}\n" + "\n".join(lines))
    assert _removed(cleaned) == [("related_list", x) for x in lines[:3]] + [("staff_credit", lines[3])]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


def test_a_paragraph_after_the_list_is_kept():
    cleaned = _clean(f"{BODY}\n延伸閱讀\n{HEADLINES[0]}\n\n{HEADLINES[1]}\n{MORE}")
    assert _removed(cleaned) == [("related_list", x) for x in ["延伸閱讀", HEADLINES[0], HEADLINES[1]]]
    assert _kept(cleaned) == f"{BODY}\n{MORE}"


@pytest.mark.parametrize("text", [
    f"{BODY}\n延伸閱讀\n{MORE}",  # a heading with a paragraph under it: a heading of the text
    f"{BODY}\n延伸閱讀的書單中，有不少是關於中國經濟轉型的著作。\n{HEADLINES[0]}",  # a sentence, not a heading
    f"{BODY}\n延伸閱讀",  # nothing under it
])
def test_a_related_heading_without_headlines_under_it_stays(text):
    cleaned = _clean(text)
    assert _kept(cleaned) == text
    assert not _removed(cleaned)


def test_a_block_rule_must_remove_whole_lines(tmp_path):
    f = tmp_path / "r.toml"
    f.write_text('[[remove]]\nname = "x"\nscope = "inline"\nblock = "headlines"\npattern = "^相关$"\n', encoding="utf-8")
    with pytest.raises(nqp.RulesError, match="block"):
        nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [BODY]}), rules=f)

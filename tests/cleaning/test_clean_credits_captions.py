"""Two rules that once removed article text: a one-line article read as a photo caption, and staff credits.

A rule never removes a whole article without a second sign that it is not text: a short document of one
line that ends like a caption (…受访者供图, …图片来源:红星新闻) is an article; the same line among other lines
is a caption. A line of staff credits (出品 | … 撰文 | …) goes as a whole line with its rule recorded; an
article that opens with its credits and goes on with its text in the same line keeps all of it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from cleaning_seeds import assert_accounts_for

import nqp
from nqp import schema as S

BODY = ("今年以来，成都高新区持续推进新质生产力发展，企业数量快速增长，产业链条不断延伸，创新生态持续优化，"
        "各项工作取得了明显成效。")
CAPTIONS = ["国家超级计算成都中心。受访者供图", "成都高新区发布新政策支持企业发展 图片来源:红星新闻",
            "通威太阳能(金堂)有限公司。杨澜摄"]
CREDITS = [
    "出品 | 红星新闻 撰文 | 王明",
    "出品丨红星新闻 撰文丨王明",
    "出品|红星新闻撰文|王明",
    "出品：红星新闻  撰文：王明",
    "撰文 | 王明 出品 | 红星新闻",
    "出品 | 成都日报锦观新闻 撰文 | 王明 李华 编辑 | 张三 校对 | 李四 视觉 | 赵五",
]


def _clean(texts):
    corpus = pd.DataFrame({S.DOC_ID: [f"d{i}" for i in range(len(texts))], S.TEXT: texts})
    cleaned = nqp.clean(corpus)
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], texts)), cleaned.articles, cleaned.removals)
    return cleaned


@pytest.mark.parametrize("caption", CAPTIONS)
def test_a_one_line_article_ending_like_a_caption_is_kept_whole(caption):
    cleaned = _clean([caption, f"{caption}\n{BODY}"])
    arts = cleaned.articles.set_index(S.DOC_ID)
    assert arts.loc["d0", S.TEXT_ORIG] == caption  # the one line is the article
    assert not (cleaned.removals[S.DOC_ID] == "d0").any()
    # beside another line it is a caption: removed, with its rule
    rem = cleaned.removals[cleaned.removals[S.DOC_ID] == "d1"]
    assert list(rem.loc[rem["rule"] == "photo_caption", "text"]) == [caption]
    assert caption not in arts.loc["d1", S.TEXT_ORIG]


@pytest.mark.parametrize("credits", CREDITS)
def test_a_line_of_staff_credits_goes_whole_with_its_rule(credits):
    cleaned = _clean([f"{credits}\n\n{BODY}"])
    rem = cleaned.removals
    lines = rem[rem["rule"].isin(["staff_credit", "staff_credits", "byline"])]
    assert list(lines["text"]) == [credits]
    assert list(cleaned.articles[S.TEXT_ORIG]) == [BODY]


@pytest.mark.parametrize("credits", CREDITS[:3])
def test_an_article_opening_with_its_credits_keeps_its_text(credits):
    text = f"{credits} {BODY}这是一段很长的文章正文，后面还有更多的内容。"
    cleaned = _clean([text])
    assert list(cleaned.articles[S.TEXT_ORIG]) == [text]
    assert cleaned.removals.empty or not cleaned.removals["rule"].str.startswith("staff").any()


def test_credits_in_a_sentence_are_text():
    # the words of the roles inside prose: no whole line of credits, nothing removed
    text = "该片由红星新闻出品，撰文者王明说：编辑部用了三个月。"
    cleaned = _clean([f"{text}\n{BODY}"])
    assert cleaned.articles[S.TEXT_ORIG].iloc[0].startswith(text)

"""The 延伸閱讀 list Taiwan and Hong Kong outlets print at the end of an article, in traditional script: the heading
and the headlines under it are removed with their rule; a paragraph after the list and a sentence that opens with
the heading's words (延伸閱讀的書單) are text and stay."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S

from cleaning_seeds import assert_accounts_for

BODY = "政府將持續推動產業升級，擴大內需，穩定就業，各地積極落實相關政策措施。"
MORE = "報告指出，地方財政收入的主要來源仍是土地出讓金，債務壓力不容忽視。"

def _clean(text: str):
    frame = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    cleaned = nqp.clean(frame)
    assert_accounts_for({"x": text}, cleaned.articles, cleaned.removals)
    return cleaned


def _removed(cleaned) -> list[tuple[str, str]]:
    rem = cleaned.removals[cleaned.removals[S.RULE] != "whitespace"]
    return list(zip(rem[S.RULE], rem[S.TEXT]))


def _kept(cleaned) -> str:
    return "\n".join(cleaned.articles[S.TEXT_ORIG])


HEADLINES = ["新質生產力成兩會熱詞", "陸推新質生產力 台商看機會", "兩會前瞻：GDP目標料維持5%左右"]


@pytest.mark.parametrize("heading", ["延伸閱讀", "延伸閱讀：", "延伸阅读", "相關新聞", "相關報導", "更多新聞", "【推薦閱讀】"])
def test_a_related_list_at_the_end_goes_with_its_heading(heading):
    lines = [heading, *HEADLINES]
    cleaned = _clean(f"{BODY}\n{MORE}\n" + "\n".join(lines))
    assert _removed(cleaned) == [("related_list", x) for x in lines]
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

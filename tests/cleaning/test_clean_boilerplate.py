"""Boilerplate learned from the corpus: a planted opening and footer with known shares."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S
from nqp.errors import NqpValueError

from cleaning_seeds import assert_accounts_for

OPENING = "新浪娱乐讯 "
FOOTER = "(本文来源:央视网)"
N_SINA, N_WITH_OPENING = 40, 30  # 75% of one outlet's items open with it
N_CCTV, N_WITH_FOOTER = 25, 20  # 80% of another's end with it


def _story(i: int) -> str:
    return f"第{i}条新闻的正文讲述了一位演员在第{i}部作品中的表演,观众反响热烈。\n导演表示,拍摄工作将在{i % 12 + 1}月完成。"


def planted() -> pd.DataFrame:
    rows = []
    for i in range(N_SINA):
        text = (OPENING if i < N_WITH_OPENING else "") + _story(i)
        rows.append({"doc_id": f"sina{i:03d}", "outlet": "新浪娱乐", "text": text})
    for i in range(N_CCTV):
        text = _story(100 + i) + ("\n" + FOOTER if i < N_WITH_FOOTER else "")
        rows.append({"doc_id": f"cctv{i:03d}", "outlet": "央视网", "text": text})
    for i in range(5):  # an outlet too small to learn from, though every item opens with the phrase
        rows.append({"doc_id": f"tiny{i:03d}", "outlet": "小站", "text": OPENING + _story(200 + i)})
    return pd.DataFrame(rows)


def test_planted_boilerplate_is_learned_removed_and_logged():
    corpus = planted()
    cleaned = nqp.clean(corpus, progress=False)
    table = cleaned.boilerplate
    assert table[["outlet", "where", "phrase", "n_docs", "n_outlet_docs"]].values.tolist() == [
        ["央视网", "close", FOOTER, N_WITH_FOOTER, N_CCTV],
        ["新浪娱乐", "open", OPENING.strip(), N_WITH_OPENING, N_SINA],
    ]
    assert table["share"].tolist() == [N_WITH_FOOTER / N_CCTV, N_WITH_OPENING / N_SINA]
    rm = cleaned.removals[cleaned.removals[S.RULE] == "boilerplate"]
    raw = dict(zip(corpus[S.DOC_ID], corpus[S.TEXT]))
    expected = {f"sina{i:03d}": (0, len(OPENING)) for i in range(N_WITH_OPENING)}
    expected |= {
        f"cctv{i:03d}": (len(raw[f"cctv{i:03d}"]) - len(FOOTER), len(raw[f"cctv{i:03d}"])) for i in range(N_WITH_FOOTER)
    }
    assert {d: (s, e) for d, s, e in zip(rm[S.DOC_ID], rm[S.START], rm[S.END])} == expected
    texts = dict(zip(cleaned.articles[S.DOC_ID], cleaned.articles[S.TEXT_ORIG]))
    for i in range(N_SINA):
        assert texts[f"sina{i:03d}"] == _story(i)
    assert all(texts[f"tiny{i:03d}"].startswith(OPENING.strip()) for i in range(5))  # too few to learn from
    assert_accounts_for(raw, cleaned.articles, cleaned.removals)


def test_threshold_and_minimum_are_parameters():
    corpus = planted()
    strict = nqp.clean(corpus, boilerplate=0.78, progress=False)  # 75% opening: below; 80% footer: above
    assert strict.boilerplate["phrase"].tolist() == [FOOTER]
    few = nqp.clean(corpus, boilerplate_min_articles=N_CCTV + 1, progress=False)
    assert few.boilerplate["phrase"].tolist() == [OPENING.strip()]
    off = nqp.clean(corpus, boilerplate=None, progress=False)
    assert off.boilerplate.empty and "boilerplate" not in set(off.removals[S.RULE])
    small = nqp.clean(corpus, boilerplate_min_articles=4, progress=False)
    assert "小站" in set(small.boilerplate["outlet"])


def test_seeds_and_reports_teach_nothing(cleaned):
    assert cleaned.boilerplate.empty  # one document per outlet
    assert "boilerplate" not in set(cleaned.removals[S.RULE])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"boilerplate": 0}, "boilerplate=0"),
    ({"boilerplate": 1.5}, "boilerplate=1.5"),
    ({"boilerplate_min_articles": 1}, "boilerplate_min_articles=1"),
])
def test_bad_boilerplate_arguments_are_named(kwargs, match):
    with pytest.raises(NqpValueError, match=match):
        nqp.clean(planted(), **kwargs)


PROMO = "不用抽 不用搶 現在用APP看新聞 保證天天中獎　點我下載APP　按我看活動辦法"
COPY = "【版權所有，轉載請註明出處】"


def test_a_footer_of_two_lines_is_learned_whole():
    # 自由時報 ends every article with its app prompt above its copyright line: the learner read only the last
    # line, so the prompt above it was never a candidate; a line learned whole has the next one inwards read too
    rows = [{"doc_id": f"ltn{i:03d}", "outlet": "自由時報", "text": f"{_story(i)}\n{PROMO}\n{COPY}"} for i in range(25)]
    # another outlet's last line is learned, the line above it is its own in each article: only the last goes
    rows += [{"doc_id": f"cna{i:03d}", "outlet": "中央社", "text": f"{_story(50 + i)}\n第{i}號公告已經發布\n{COPY}"}
             for i in range(25)]
    corpus = pd.DataFrame(rows)
    cleaned = nqp.clean(corpus, progress=False)
    table = cleaned.boilerplate
    assert sorted(table.loc[table["outlet"] == "自由時報", "n_docs"]) == [25, 25]
    assert len(table[table["outlet"] == "中央社"]) == 1
    texts = dict(zip(cleaned.articles[S.DOC_ID], cleaned.articles[S.TEXT_ORIG]))
    assert all(texts[f"ltn{i:03d}"] == _story(i) for i in range(25))
    assert all(texts[f"cna{i:03d}"] == f"{_story(50 + i)}\n第{i}號公告已經發布" for i in range(25))
    rm = cleaned.removals[(cleaned.removals[S.RULE] == "boilerplate") & cleaned.removals[S.DOC_ID].str.startswith("ltn")]
    assert sorted(set(rm[S.TEXT])) == sorted([PROMO, COPY])
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), cleaned.articles, cleaned.removals)


def test_an_opening_of_two_lines_is_learned_whole_and_never_the_whole_text():
    rows = [{"doc_id": f"d{i:03d}", "outlet": "站", "text": f"本站快訊\n【導讀】\n{_story(i)}"} for i in range(24)]
    rows.append({"doc_id": "only", "outlet": "站", "text": "本站快訊\n【導讀】"})  # nothing but the opening
    corpus = pd.DataFrame(rows)
    cleaned = nqp.clean(corpus, progress=False)
    assert sorted(cleaned.boilerplate["phrase"]) == sorted(["本站快讯", "【导读】"])
    texts = dict(zip(cleaned.articles[S.DOC_ID], cleaned.articles[S.TEXT_ORIG]))
    assert all(texts[f"d{i:03d}"] == _story(i) for i in range(24))
    assert "only" in texts and texts["only"].strip()  # never the whole text
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), cleaned.articles, cleaned.removals)

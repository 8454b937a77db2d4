"""A page's layout repeat lies in one of its articles, its copies near each other: a paragraph two articles of
the page share, or a passage printed again far on in a long file, is text and stays in both places."""

from __future__ import annotations

import pandas as pd

import nqp

SHARED = "会议指出，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，完整、准确、全面贯彻新发展理念。"


def _page(*articles: tuple[str, str, str]) -> str:
    return "\n".join(f"{head}\n本报讯（记者 {who}）3月5日，{body}\n{SHARED}\n会议要求，各地要抓好落实。" for head, who, body in articles)


def _clean(text: str):
    corpus = pd.DataFrame({"doc_id": ["page"], "text": [text]})
    return nqp.clean(corpus, layout="page", progress=False)


def test_a_paragraph_two_articles_of_a_page_share_stays_in_both():
    cleaned = _clean(_page(("成都加快建圈强链步伐", "王明", "成都市召开产业建圈强链推进大会。"),
                           ("德阳推进装备制造业升级", "李华", "德阳市召开装备制造业高质量发展大会。")))
    arts = cleaned.articles
    assert arts["title"].tolist() == ["成都加快建圈强链步伐", "德阳推进装备制造业升级"]
    shared = nqp.normalize_text(SHARED)
    assert [t.count(shared) for t in arts["text"]] == [1, 1]
    assert "repeat" not in set(cleaned.removals["rule"])


def test_a_repeat_inside_one_article_is_still_a_layout_repeat():
    text = "成都加快建圈强链步伐\n本报讯（记者 王明）3月5日，成都市召开产业建圈强链推进大会。\n" + SHARED + "\n会议要求，各地要抓好落实。\n" + SHARED
    cleaned = _clean(text)
    assert len(cleaned.articles) == 1
    assert cleaned.articles["text"].iloc[0].count(nqp.normalize_text(SHARED)) == 1
    rep = cleaned.removals[cleaned.removals["rule"] == "repeat"]
    assert len(rep) == 1 and rep["text"].iloc[0].strip() == SHARED


def test_a_repeat_farther_than_a_page_is_kept():
    from benchmarks.generate import generate

    filler = "".join(generate(40, seed=3)["text"]).replace("\n\n", "")  # distinct sentences, no paragraph breaks
    text = "成都加快建圈强链步伐\n本报讯（记者 王明）3月5日，成都市召开大会。\n" + SHARED + "\n" + filler + "\n" + SHARED
    assert len(filler) > nqp.load_clean_rules().repeat_max_distance
    cleaned = _clean(text)
    assert cleaned.articles["text"].str.count(nqp.normalize_text(SHARED)).sum() == 2
    assert "repeat" not in set(cleaned.removals["rule"])

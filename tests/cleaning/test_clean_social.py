"""Social media posts: the platform's markup (repost markers //@X:, 网页链接, emoji codes [赞], a bare 转发微博 line) is
removed and logged; the post's own words, @-names in them and 【】 headlines stay. None of it on the seeds, the
work reports or generated news."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp

POST = "【新质生产力这样发展】成都加快发展新质生产力[赞][doge] 网页链接 //@蓉城小马:点赞新质生产力!//@成都发布:转发微博"


def _cleaned(text: str):
    cleaned = nqp.clean(pd.DataFrame({"doc_id": ["w1"], "text": [text]}))
    return cleaned.articles["text"].iloc[0], cleaned.removals


def test_the_platforms_markup_goes_and_the_words_stay():
    text, removals = _cleaned(POST)
    counts = removals["rule"].value_counts()
    # [赞][doge] side by side are one removed span
    assert (counts.get("emoji_code"), counts.get("social_link"), counts.get("social_repost_marker")) == (1, 1, 2)
    for gone in ("[赞]", "[doge]", "网页链接", "//@蓉城小马:", "//@成都发布:", "转发微博"):
        assert gone not in text
    for kept in ("新质生产力这样发展", "成都加快发展新质生产力", "点赞新质生产力!"):
        assert kept in text
    mentions = nqp.theme(nqp.clean(pd.DataFrame({"doc_id": ["w1"], "text": [POST]})).articles, ["新质生产力"])
    assert len(mentions) == POST.count("新质生产力")


@pytest.mark.parametrize("line, gone", [("转发微博", True), ("转发", True), ("转发微博给大家看看新质生产力", False)])
def test_a_bare_repost_line(line, gone):
    text, removals = _cleaned(f"成都加快发展新质生产力。\n{line}\n推动科技创新。")
    assert ("social_repost_only" in set(removals["rule"])) == gone
    assert (line in text) != gone


def test_none_on_news():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks.generate import generate

    rules = {"emoji_code", "social_link", "social_repost_marker", "social_repost_only"}
    for corpus in (nqp.load_corpus(nqp.report.seeds_dir()), nqp.gov_work_reports(), generate(300, seed=4)):
        assert not set(nqp.clean(corpus).removals["rule"]) & rules

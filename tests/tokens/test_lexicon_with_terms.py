"""Lexicon.with_terms and nqp.report.report_lexicon: a report's theme that jieba would cut is added to the lexicon
(simplified, with its traditional forms), so that every page keeps it as one token."""

from __future__ import annotations

import jieba
import pytest

import nqp
from nqp.report import report_lexicon

CUT = "国内大循环"  # not in nqp's lexicon, and jieba cuts it


def test_the_term_is_cut_without_it():
    assert CUT not in nqp.Lexicon.from_any(None).forms()
    assert jieba.lcut(f"要构建{CUT}为主体") != ["要", "构建", CUT, "为", "主体"]
    assert CUT not in nqp.tokenize_texts([f"要构建{CUT}为主体"])[0]


def test_with_terms_adds_it_with_its_traditional_forms():
    base = nqp.Lexicon.from_any(None)
    lex = base.with_terms([CUT, "國內大循環", "新质生产力"], note="theme")
    frame = lex.to_frame().set_index("term")
    assert len(lex) == len(base) + 1  # 國內大循環 is the same term; 新质生产力 is nqp's already
    assert frame.loc[CUT, "category"] == "theme" and frame.loc[CUT, "source"] == "theme"
    assert "國內大循環" in frame.loc[CUT, "variants"]
    assert frame.loc["新质生产力", "source"] == base.to_frame().set_index("term").loc["新质生产力", "source"]
    simplified, traditional = nqp.tokenize_texts([f"要构建{CUT}为主体", "要構建國內大循環為主體"], lexicon=lex)
    assert simplified == ["构建", CUT, "主体"]
    assert CUT in traditional  # the traditional form is one token too, read as the term (canonical)


def test_nothing_to_add_is_the_same_lexicon():
    base = nqp.Lexicon.from_any(None)
    assert base.with_terms(["新质生产力", "建圈強鏈"]) is base
    assert base.with_terms(None) is base and base.with_terms([]) is base


def test_a_term_jieba_can_never_keep_whole_is_left_out():
    base = nqp.Lexicon.from_any(None)
    assert base.with_terms(["成渝·双城", "两 山"]) is base


def test_report_lexicon_takes_the_files_and_the_theme(tmp_path):
    own = tmp_path / "mine.csv"
    own.write_text("term\n建圈强链工作法\n", encoding="utf-8")
    for files in ([own], str(own)):  # a list, or one file as -p lexicon_files=mine.csv gives it
        lex = report_lexicon(files, [CUT])
        terms = set(lex.to_frame()["term"])
        assert {"建圈强链工作法", CUT, "新质生产力"} <= terms
    assert report_lexicon(None, None) == nqp.Lexicon.from_any(None)
    assert report_lexicon(None, CUT) == report_lexicon([], [CUT])


@pytest.mark.parametrize("theme", [[CUT], ["國內大循環"]])
def test_the_theme_is_one_token_in_the_tokens(theme):
    text = f"要构建{CUT}为主体,推动{CUT}畅通。"
    assert nqp.tokenize_texts([text])[0].count(CUT) == 0
    assert nqp.tokenize_texts([text], lexicon=report_lexicon(None, theme))[0].count(CUT) == text.count(CUT)


def test_the_theme_stays_whole_beside_a_dictionary_word_that_takes_part_of_it():
    """科技创新能力: jieba's 创新能力 takes 创新 from the theme at the least frequency that keeps 科技创新 whole
    alone; the report's theme term holds against it, in every context below."""
    texts = ["提升科技创新能力。", "打造科技创新型企业。", "以科技创新引领产业创新。", "科技创新中心建设提速。"]
    n = sum(t.count("科技创新") for t in texts)
    plain = nqp.Lexicon.from_any(None).with_terms(["科技创新"])
    assert sum(ws.count("科技创新") for ws in nqp.tokenize_texts(texts, lexicon=plain)) < n
    tokens = nqp.tokenize_texts(texts, lexicon=report_lexicon(None, ["科技创新"]))
    assert sum(ws.count("科技创新") for ws in tokens) == n
    assert tokens[0][:2] == ["提升", "科技创新"]

"""A title is a heading-like line: a one-line article has none, so its mentions are not "in headlines"."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp import schema as S

#: a web export's article on one line: no heading, no full stop (27 characters: short enough to look like one)
ONE_LINE_SHORT = "各地着力推进新质生产力发展 今年以来全市工业增加值同比增长"
#: a one-line article with sentences, longer than the 60 characters a corpus without titles takes
ONE_LINE_LONG = ("今年以来,各地着力推进新质生产力发展,全市规模以上工业增加值同比增长百分之六点五。"
                 "高技术制造业投资增长明显,企业研发投入持续加大,新质生产力创新动能不断释放。")
HEADED = "新质生产力加快成长\n今年以来,各地着力推进新质生产力发展,高技术制造业投资增长明显。"


def _folder(tmp_path, texts: dict[str, str]):
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return nqp.load_corpus(tmp_path)


def test_the_corpus_takes_the_first_line_as_title(tmp_path):
    corpus = _folder(tmp_path, {"short": ONE_LINE_SHORT, "long": ONE_LINE_LONG}).set_index(S.DOC_ID)
    assert corpus.loc["short", S.TITLE] == ONE_LINE_SHORT  # the whole body: what cleaning must not take as a title
    assert ONE_LINE_LONG.startswith(corpus.loc["long", S.TITLE])


def test_one_line_articles_have_no_title(tmp_path):
    arts = nqp.clean(_folder(tmp_path, {"short": ONE_LINE_SHORT, "long": ONE_LINE_LONG}), progress=False).articles
    assert arts[S.TITLE].tolist() == ["", ""]
    assert (arts[S.DOC_TITLE] != "").all()  # the corpus's title stays where it came from


def test_one_line_article_without_corpus_title_has_no_title():
    arts = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [ONE_LINE_SHORT]}), progress=False).articles
    assert arts[S.TITLE].tolist() == [""]


def test_mentions_of_one_line_articles_are_not_in_headlines(tmp_path):
    arts = nqp.clean(_folder(tmp_path, {"short": ONE_LINE_SHORT, "long": ONE_LINE_LONG}), progress=False).articles
    mentions = nqp.theme(arts, "新质生产力")
    expected = ONE_LINE_SHORT.count("新质生产力") + ONE_LINE_LONG.count("新质生产力")
    assert len(mentions) == expected == 3
    assert not mentions[S.IN_TITLE].any()
    assert set(mentions[S.FIELD]) == {"text"}


def test_a_heading_over_a_paragraph_stays_the_title(tmp_path):
    arts = nqp.clean(_folder(tmp_path, {"headed": HEADED}), progress=False).articles
    assert arts[S.TITLE].tolist() == [HEADED.split("\n")[0]]
    mentions = nqp.theme(arts, "新质生产力")
    assert mentions[S.IN_TITLE].tolist() == [True, False]


def test_a_first_line_that_is_a_paragraph_is_no_title(tmp_path):
    text = ONE_LINE_LONG + "\n" + ONE_LINE_LONG
    arts = nqp.clean(_folder(tmp_path, {"para": text}), progress=False).articles
    assert arts[S.TITLE].tolist() == [""]


def test_a_declared_title_is_kept_whatever_its_length():
    title = "关于加快培育和发展新质生产力推动全市经济高质量发展的实施意见(二〇二四年第二次修订版)"  # 43 characters
    assert len(title) > 40
    arts = nqp.clean(pd.DataFrame({"doc_id": ["d"], "title": [title], "text": [ONE_LINE_LONG + "\n" + HEADED]}),
                     progress=False).articles
    assert arts[S.TITLE].iloc[0] == title

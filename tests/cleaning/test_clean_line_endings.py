"""Every line-ending convention cleans like "\\n": lone CR (old Mac), CRLF, VT, FF, NEL, U+2028, U+2029.

The corpus text keeps the file's own breaks; cleaning reads each as one line break in the analysis layer
(same length, so the offsets still point into the decoded file)."""

from __future__ import annotations

import pandas as pd
from cleaning_seeds import assert_accounts_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seed_ids import D001, SEED_IDS

import nqp
from nqp import schema as S
from nqp.text import LINE_BREAKS

ENDINGS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
#: what an article is, line endings aside
SAME = [S.ARTICLE_ID, S.POSITION, S.KIND, S.TITLE, S.BYLINE, S.TEXT, S.HEADINGS, S.N_CHARS]


def _with_endings(text: str, endings: list[str]) -> str:
    """``text`` with its i-th "\\n" replaced by ``endings[i % len(endings)]``."""
    parts = text.split("\n")
    return "".join(p + endings[i % len(endings)] for i, p in enumerate(parts[:-1])) + parts[-1]


def _as_lf(text_orig: str) -> str:
    return text_orig.translate({ord(c): "\n" for c in LINE_BREAKS})


def _rules(removals: pd.DataFrame) -> list[tuple[str, str]]:
    """The removals that are not whitespace (a CRLF's CR is one more whitespace character), rule and text."""
    kept = removals[removals[S.RULE] != "whitespace"]
    return sorted(zip(kept[S.RULE], kept[S.TEXT].map(_as_lf)))


def _assert_same_articles(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got[SAME].reset_index(drop=True), want[SAME].reset_index(drop=True))
    assert got[S.TEXT_ORIG].map(_as_lf).tolist() == want[S.TEXT_ORIG].tolist()


def test_seed_001_with_lone_cr_gives_its_nine_articles(corpus, articles):
    doc = corpus[corpus[S.DOC_ID] == D001]
    mac = doc.assign(text=doc[S.TEXT].str.replace("\n", "\r", regex=False))
    assert "\n" not in mac[S.TEXT].iloc[0]
    c = nqp.clean(mac, progress=False)
    want = articles[articles[S.DOC_ID] == D001]
    assert len(want) == 9 and len(c.articles) == 9
    _assert_same_articles(c.articles, want)
    assert_accounts_for({D001: mac[S.TEXT].iloc[0]}, c.articles, c.removals)
    # what the rules removed is the same, rule by rule (bylines, datelines, jump lines, photo credits ...)
    lf = nqp.clean(doc, progress=False).removals
    assert _rules(c.removals) == _rules(lf)


def test_a_file_saved_with_lone_cr_loads_exactly_and_cleans_like_the_original(tmp_path, seeds_path, articles):
    raw = (seeds_path / f"{D001}.txt").read_text(encoding="utf-8")
    (tmp_path / f"{D001}.txt").write_bytes(raw.replace("\n", "\r").encode("utf-8"))
    corpus = nqp.load_corpus(tmp_path)
    assert corpus.loc[0, S.TEXT] == raw.replace("\n", "\r")  # the decoded file, untouched
    got = nqp.clean(corpus, progress=False).articles
    _assert_same_articles(got, articles[articles[S.DOC_ID] == D001])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(SEED_IDS), endings=st.lists(st.sampled_from(ENDINGS), min_size=1, max_size=6))
def test_seeds_with_any_mix_of_line_endings(corpus, articles, doc, endings):
    one = corpus[corpus[S.DOC_ID] == doc]
    mixed = one.assign(text=[_with_endings(one[S.TEXT].iloc[0], endings)])
    c = nqp.clean(mixed, progress=False)
    _assert_same_articles(c.articles, articles[articles[S.DOC_ID] == doc])
    assert_accounts_for({doc: mixed[S.TEXT].iloc[0]}, c.articles, c.removals)


_LINES = st.sampled_from([
    "两会·镜头", "记者 赵奕", "◎本报记者 洪敬谱", "紧接01版 确保人民群众生命财产安全和社会大局稳定。",
    "本报讯(成都日报锦观新闻记者 陈秋好)按照市委统一安排,1月24日下午,全市共青团系统开展宣讲。",
    "近期多地连续发生火灾事故,造成重大人员伤亡,国务院安委会要督",
    "促各地各有关方面,狠抓安全责任和措施落实,加强重点领域、薄弱环节安全隐患排查整治,不留死角盲区。",
    "习近平同乌兹别克斯坦总统米尔济约耶夫会谈", "国家超级计算成都中心。受访者供图", "![]()", "", "   ", "\t",
    "產業高質量發展,不出意外再度成為各地節后第一天的“關鍵詞”", "新质生产力 ",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINES, min_size=1, max_size=20), endings=st.lists(st.sampled_from(ENDINGS), min_size=1, max_size=20))
def test_generated_documents_with_any_mix_of_line_endings(lines, endings):
    lf = "\n".join(lines)
    mixed = _with_endings(lf, endings)
    c_lf = nqp.clean(pd.DataFrame({S.DOC_ID: ["d"], S.TEXT: [lf]}), progress=False)
    c = nqp.clean(pd.DataFrame({S.DOC_ID: ["d"], S.TEXT: [mixed]}), progress=False)
    _assert_same_articles(c.articles, c_lf.articles)
    assert_accounts_for({"d": mixed}, c.articles, c.removals)
    assert _rules(c.removals) == _rules(c_lf.removals)

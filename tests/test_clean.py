"""Cleaning: seeds phenomena (tables of real strings), the accounting invariant, articles, relevance."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S
from nqp.clean import clean, raw_span

D000 = "000_b3a9ed95d35d7aba"
D001 = "001_170771dc1d63228a"
D002 = "002_8cc5eebcb8ce380e"
D003 = "003_2a9e08fc7e99da65"
D004 = "004_8af99f92f70cf692"


@pytest.fixture(scope="module")
def cleaned(corpus):
    return clean(corpus, return_removals=True)


@pytest.fixture(scope="module")
def articles(cleaned):
    return cleaned[0]


@pytest.fixture(scope="module")
def removals(cleaned):
    return cleaned[1]


def _assert_accounts_for(raw_by_doc: dict[str, str], articles: pd.DataFrame, removals: pd.DataFrame) -> None:
    """Kept spans and removed spans partition every raw text; nothing lost, nothing invented."""
    for doc_id, raw in raw_by_doc.items():
        owner = [None] * len(raw)
        for row in articles[articles[S.DOC_ID] == doc_id].itertuples(index=False):
            assert len(row.text) == len(row.text_orig)
            for t0, r0, n in row.raw_segments:
                assert row.text_orig[t0 : t0 + n] == raw[r0 : r0 + n]
                for i in range(r0, r0 + n):
                    assert owner[i] is None, f"{doc_id}: char {i} kept twice"
                    owner[i] = "kept"
            assert sum(n for _, _, n in row.raw_segments) == len(row.text)
        for row in removals[removals[S.DOC_ID] == doc_id].itertuples(index=False):
            assert row.text == raw[row.start : row.end]
            for i in range(row.start, row.end):
                assert owner[i] is None, f"{doc_id}: char {i} both kept and removed ({row.rule})"
                owner[i] = row.rule
        missing = [i for i, o in enumerate(owner) if o is None]
        assert not missing, f"{doc_id}: {len(missing)} characters neither kept nor removed, e.g. {raw[missing[0]:missing[0]+10]!r}"


def test_seeds_every_character_accounted_for(corpus, articles, removals):
    _assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), articles, removals)


def test_contract_columns_and_order(articles):
    for col in [
        S.DOC_ID, S.ARTICLE_ID, S.POSITION, S.TITLE, S.BYLINE, S.TEXT, S.TEXT_ORIG, S.START, S.END,
        S.HEADINGS, S.RELEVANCE, S.ON_TOPIC, S.OUTLET, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END, S.SCRIPT,
    ]:
        assert col in articles.columns, col
    assert articles[S.ARTICLE_ID].is_unique
    assert list(articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)) == sorted(
        articles[[S.DOC_ID, S.POSITION]].itertuples(index=False)
    )
    assert (articles[S.TEXT].str.len() == articles[S.TEXT_ORIG].str.len()).all()


def test_on_topic_decisions_on_page_001(articles):
    page = articles[articles[S.DOC_ID] == D001].set_index(S.TITLE)
    roundtable = page.loc["如何以科技创新引领现代化产业体系建设,加快形成新质生产力?"]
    uzbekistan = page.loc["习近平同乌兹别克斯坦总统米尔济约耶夫会谈"]
    safety = page.loc["要求坚决遏制各类安全事故多发连发势头 确保人民群众生命财产安全和社会大局稳定"]
    assert bool(roundtable[S.ON_TOPIC]) is True
    assert bool(uzbekistan[S.ON_TOPIC]) is False
    assert bool(safety[S.ON_TOPIC]) is False
    assert roundtable[S.RELEVANCE] > uzbekistan[S.RELEVANCE]


def test_raw_span_quotes_the_original(corpus, articles):
    raw = dict(zip(corpus[S.DOC_ID], corpus[S.TEXT]))
    row = articles[articles[S.DOC_ID] == D003].iloc[0]
    i = row[S.TEXT].index("建圈强链")
    rs, re_ = raw_span(row, i, i + 4)
    assert raw[D003][rs:re_] == "建圈強鏈"
    assert nqp.clean.raw_span is raw_span


# -- the invariant on generated documents ---------------------------------------------------------

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_SEED_LINES = [
    "![]()",
    "圖片來源:每經記者 張建 攝",
    "国家超级计算成都中心。受访者供图",
    "记者 赵奕",
    "◎本报记者 洪敬谱",
    "总策划 | 杜传贵 林海利",
    "紧接01版 确保人民群众生命财产安全和社会大局稳定。",
    "本报讯(成都日报锦观新闻记者 陈秋好)按照市委统一安排,1月24日下午,全市共青团系统开展宣讲。",
    "近期多地连续发生火灾事故,造成重大人员伤亡,国务院安委会要督",
    "促各地各有关方面,狠抓安全责任和措施落实,加强重点领域、薄弱环节安全隐患排查整治,不留死角盲区。",
    "两会·镜头",
    "成都日报锦观新闻记者 李冬 摄1月23日,省政协委员费永刚(右一)针对促进营商环境优化发言讨论",
    "习近平同乌兹别克斯坦总统米尔济约耶夫会谈",
    "在成都高新区,成都阿加犀智能科技有限公司在行业内首创AI推理平台;成都潜在人工智能科技有限公司推出的游戏领域自研算法和AI虚拟玩家、内容审核、AI美术等多款产品,已在多家企业、学校投入应用……",
    "特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳并發布,本平臺僅提供信息存儲服務。",
    "產業高質量發展,不出意外再度成為各地節后第一天的“關鍵詞”",
    "ＡＩ　全角，標點「引號」",
    "",
    "   ",
    "\t",
]
_lines = st.one_of(
    st.sampled_from(_SEED_LINES),
    st.text(alphabet=st.sampled_from(list("新质生产力建圈强链。,、“”「」ＡＢ１２ \t\r·—…?!()![]摄图記者\u3000\u200b後發")), max_size=30),
)
_docs = st.lists(_lines, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_docs, min_size=1, max_size=3))
def test_generated_documents_are_accounted_for(texts):
    corpus = pd.DataFrame({S.DOC_ID: [f"d{i}" for i in range(len(texts))], S.TEXT: texts})
    articles, removals, _ = clean(corpus, return_removals=True)
    _assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), articles, removals)
    for row in articles.itertuples(index=False):
        for s, e in row.headings:
            assert 0 <= s < e <= len(row.text)
        if row.text:
            rs, re_ = raw_span(row, 0, len(row.text))
            assert row.start == rs and row.end == re_

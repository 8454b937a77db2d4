"""The page engine, through nqp.clean: what is removed by which rule, bylines, joins, headings, repeats,
pages split into articles (tables of real strings from the seeds), and the accounting invariant on
generated pages."""

from __future__ import annotations

import pandas as pd
import pytest
from cleaning_seeds import assert_accounts_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seed_ids import D000, D001, D002, D003, D004

from nqp import clean, raw_span
from nqp import schema as S

# -- what is removed, by which rule: real strings of the seeds --------------------------------------

REMOVED = [
    (D000, "华西都市报·封面新闻", "masthead"),
    (D000, "记者 赵奕", "byline"),
    (D000, "国家超级计算成都中心。受访者供图", "photo_caption"),
    (D000, "通威太阳能(金堂)有限公司。杨澜摄", "photo_caption"),
    (D000, "天府实验室。吴怡霏摄", "photo_caption"),
    (D001, "成都日报锦观新闻记者 白洋 李霞 刘飞 陈秋好", "byline"),
    (D001, "成都日报锦观新闻记者 卢佳丽 李娟", "byline"),
    (D001, "紧接01版 ", "jump_line"),
    (D001, "本报讯(成都日报锦观新闻记者 陈秋好)", "dateline"),
    (D001, "本报讯(徐珊珊 成都日报锦观新闻记者 杨魁)", "dateline"),
    (D001, "成都日报锦观新闻记者 李冬 摄", "photo_credit"),
    (D001, "成都日报锦观新闻记者 魏麟 摄", "photo_credit"),
    (D002, "总策划 | 杜传贵 林海利", "staff_credit"),
    (D002, "总统筹 | 孙爱群 吴江", "staff_credit"),
    (D002, "执行统筹 | 孙晶 刘佳宁", "staff_credit"),
    (D002, "本版撰文/羊城晚报记者 莫谨榕 陈泽云 王丹阳 刘佳宁 孙晶 本版图片/羊城晚报记者 潘亮(除署名外)", "byline_page"),
    (D002, "素材均为资料图,部分来自新华社、视觉中国", "photo_source"),
    (D003, "![]()", "image_stub"),
    (D003, "圖片來源:每經記者 張建 攝", "photo_credit"),
    (D003, "一汽大眾捷達汽車科技有限公司啟航大會現場 圖片來源:紅星新聞", "photo_caption"),
    (D003, "IC設計產業園 圖片來源:紅星新聞", "photo_caption"),
    (D003, "四川成都航空產業園 圖片來源:成都發布", "photo_caption"),
    (
        D003,
        "特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳并發布,本平臺僅提供信息存儲服務。",
        "platform_disclaimer",
    ),
    (
        D003,
        "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of "
        "NetEase Hao, which is a social media platform and only provides information storage services.",
        "platform_disclaimer",
    ),
    (D004, "◎本报记者 洪敬谱", "byline"),
    (D004, "◎实习记者 刘侠", "byline"),
    (D004, "图为位于成都高新区的成都智算中心。受访者供图", "photo_caption"),
    (D004, "科技日报(记者吴纯新)", "dateline"),
    (D004, "科技日报(记者孙越)", "dateline"),
    (D004, "新华社记者 魏培全摄", "photo_credit"),
]

@pytest.mark.parametrize("doc_id, text, rule", REMOVED, ids=[f"{d[:3]}-{r}-{t[:8]}" for d, t, r in REMOVED])
def test_removed_by_rule(articles, removals, doc_id, text, rule):
    hits = removals[(removals[S.DOC_ID] == doc_id) & (removals[S.TEXT] == text)]
    assert list(hits[S.RULE]) == [rule] * len(hits) and len(hits) >= 1, hits
    kept = "\n".join(articles.loc[articles[S.DOC_ID] == doc_id, S.TEXT_ORIG])
    assert text.strip() not in kept

BYLINES = [
    (D000, "成都加快发展新质生产力", "记者 赵奕"),
    (D001, "如何以科技创新引领", "成都日报锦观新闻记者 白洋 李霞 刘飞 陈秋好"),
    (D001, "成都共青团系统", "成都日报锦观新闻记者 陈秋好"),
    (D001, "四川完成首次省内绿电交易", "徐珊珊 成都日报锦观新闻记者 杨魁"),
    (D001, "聚焦钠离子电池", "成都日报锦观新闻记者 卢佳丽 李娟"),
    (D004, "完善现代化产业体系", "本报记者 洪敬谱"),
    (D004, "依托优势产业", "实习记者 刘侠"),
    (D004, "光谷二季度", "记者吴纯新"),
]

@pytest.mark.parametrize("doc_id, title, byline", BYLINES, ids=[b for _, _, b in BYLINES])
def test_bylines_go_to_their_article(articles, doc_id, title, byline):
    row = articles[(articles[S.DOC_ID] == doc_id) & articles[S.TITLE].str.startswith(title)]
    assert len(row) == 1
    assert byline in row[S.BYLINE].iloc[0].split("; ")


# -- paragraphs cut by column and page breaks are joined; headings, labels, captions are not ------------

JOINED = [
    (D001, "近期多地连续发生火灾事故,造成重大人员伤亡,国务院安委会要督", "促各地各有关方面"),
    (D001, "记者昨日从成华区获", "悉,该项目一期预计今年上半年投用"),
    (D000, "形成燃料电池及制氢、储氢、加", "氢、氢能综合利用企业集群"),
    (D000, "(2023-2030年)》", "《关于促进成都市新能源汽车产业发展的实施意见》"),
    (D001, "采用有别于传统方式", "的新模式,确保监管时时在线"),
    (D001, "段江表示,“生成", "式人工智能对科学理论"),
    (D001, "维护各自和地区安全稳定。近日,乌中", "两国举行了地方合作论坛"),
    (D001, "“宣讲中提到的如何更", "好优化成都科技与产业协同创新"),
    (D001, "拉动周边地区协", "同发展。"),
    (D001, "“线下实体店无理由退货”容易", "退”服务平台上线"),
    (D001, "让农专社身", "份认证难题得以解决"),
    (D001, "记者从会上了解到,立足经营主", "体所需所盼"),
    (D001, "地方金融管理局更名,是本轮", "机构改革中金融领域的重要举措"),
    (D002, "数字化带来的科技创新见效最快。”据", "介绍,成都智算中心已为200余家企业"),
    (D004, "“目前,我们建立了", "覆盖腹部外科全部科室的手术视频库"),  # the pull quote between them is removed
    (D004, "“自2022年5月上线以来,成都智算", "中心已为近200家企业"),
]

@pytest.mark.parametrize("doc_id, before, after", JOINED, ids=[a[:6] for _, _, a in JOINED])
def test_cut_paragraphs_are_joined(articles, doc_id, before, after):
    texts = articles.loc[articles[S.DOC_ID] == doc_id, S.TEXT]
    assert any(before + after in t for t in texts), (before, after)

NOT_GLUED = [
    (D001, "完整显示消费绿电", "两会·镜头"),  # a truncated article, then a section label
    (D001, "两会·镜头", "1月24日,省人大代表罗毅"),  # section label, then a caption
    (D001, "提出意见和建议", "1月23日,省政协委员费永刚"),  # two captions
    (D001, "省人大代表李志:", "提升能源化工产业生产效率"),  # the two lines of a subheading
    (D001, "提升能源化工产业生产效率", "“能源化工产业是四川省"),  # subheading, then text
    (D001, "成都共青团系统开展学习贯彻市委十四届四次全会暨", "市委经济工作会议精神宣讲"),
    (D004, "与正在加快布局发展的未来产业相比,新兴产业已", "依托优势产业 构建创新生态"),  # article cut, next one
    (D002, "新一代电子信息", "成都市经济发展研究院产业经济研究所研究人员宋瑾:"),  # cut paragraph, sidebar heading
    (D002, "发挥公共平台的纽带作用,", "宋瑾认为"),  # its end was a layout repeat: not glued to the next
    (D002, "智能工厂遍地开花 新型工业化蹄疾步稳", "走进位于重庆市两江新区"),
    (D003, "“新款”", "今年开年"),
    (D000, "Chengdu Development", "2024年政府工作报告指出"),
]

@pytest.mark.parametrize("doc_id, before, after", NOT_GLUED, ids=[b[:6] for _, b, _ in NOT_GLUED])
def test_headings_labels_captions_are_not_glued(articles, doc_id, before, after):
    text = "\n".join(articles.loc[articles[S.DOC_ID] == doc_id, S.TEXT])
    assert before in text and after in text
    assert before + after not in text

HEADINGS = [
    (D001, "两会·镜头"),
    (D001, "省人大代表李志:"),
    (D001, "关键词:新质生产力"),
    (D001, "兴储世纪新型储能研发基地"),
    (D002, "探温差"),
    (D002, "赛力斯: 最快30秒下线一台新车"),
    (D002, "如何唱好新时代“双城记”? 专家:加强成渝产业链创新协作"),
    (D003, "“子链”"),
    (D004, "未来产业加快布局"),
    (D004, "园光影"),
]

@pytest.mark.parametrize("doc_id, heading", HEADINGS, ids=[h for _, h in HEADINGS])
def test_headings_are_marked(articles, doc_id, heading):
    spans = [
        row.text[s:e] for row in articles[articles[S.DOC_ID] == doc_id].itertuples() for s, e in row.headings
    ]
    assert heading in spans

NOT_HEADINGS = [
    (D004, "与正在加快布局发展的未来产业相比,新兴产业已"),
    (D001, "1月24日,省人大代表罗毅(左二)就医疗、教育等领域内容提出意见和建议"),  # a caption
    (D002, "重庆渝北区也借试点的契机,放大财政资金使用效能"),
]

@pytest.mark.parametrize("doc_id, text", NOT_HEADINGS, ids=[t[:8] for _, t in NOT_HEADINGS])
def test_cut_lines_and_captions_are_not_headings(articles, doc_id, text):
    for row in articles[articles[S.DOC_ID] == doc_id].itertuples():
        for s, e in row.headings:
            assert not row.text[s:e].startswith(text[:12])


# -- heading offsets when a heading's first or last character is removed inline -------------------------

_BODY = "近期多地连续发生火灾事故,造成重大人员伤亡,国务院安委会要督促各地各有关方面,狠抓安全责任和措施落实。"

HEADINGS_INLINE = [
    ("\u200b \u200b?", "?"),  # the first kept character follows two removed ones (and the space between)
    ("\u200b建圈强链\n" + _BODY, "建圈强链"),
    ("建圈强链\u200b\n" + _BODY, "建圈强链"),
    ("产业\u200b建圈\n" + _BODY, "产业建圈"),
]

@pytest.mark.parametrize("raw, heading", HEADINGS_INLINE, ids=[r[:6] for r, _ in HEADINGS_INLINE])
def test_heading_offsets_skip_characters_removed_inline(raw, heading):
    row = clean(pd.DataFrame({S.DOC_ID: ["d"], S.TEXT: [raw]})).articles.iloc[0]
    assert row.headings == [(0, len(heading))]
    assert row.text[: len(heading)] == heading

_removed_inline = st.text(alphabet=st.sampled_from(["\u200b", "\ufeff", "\u00ad", " ", "\u3000"]), max_size=3)
_heading_lines = st.tuples(_removed_inline, st.text(alphabet=st.sampled_from(list("建圈强链新质生产力?!·")), max_size=8),
                           _removed_inline).map("".join)

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_heading_lines, st.just(_BODY)), min_size=1, max_size=8))
def test_generated_heading_spans_lie_within_the_text(lines):
    articles = clean(pd.DataFrame({S.DOC_ID: ["d"], S.TEXT: ["\n".join(lines)]})).articles
    for row in articles.itertuples(index=False):
        for s, e in row.headings:
            assert 0 <= s < e <= len(row.text)


# -- layout repeats are kept once ----------------------------------------------------------------

REPEATS = [
    (D002, "推进产业建圈强链重在构建“链主”企业、公共平台、中介机构、产业基金、领军人才集聚共生的产业生态", "院产业经济研究所研究人员宋瑾表示,"),
    (D004, "成都阿加犀智能科技有限公司在行业内首创AI推理平台", "在成都高新区,成都阿加犀智能科技有限公司"),
]

@pytest.mark.parametrize("doc_id, passage, removed_start", REPEATS, ids=["002-宋瑾", "004-阿加犀"])
def test_layout_repeats_kept_once(corpus, articles, removals, doc_id, passage, removed_start):
    raw = corpus.set_index(S.DOC_ID).loc[doc_id, S.TEXT]
    assert raw.count(passage) == 2
    text = "\n".join(articles.loc[articles[S.DOC_ID] == doc_id, S.TEXT])
    assert text.count(passage) == 1
    rep = removals[(removals[S.DOC_ID] == doc_id) & (removals[S.RULE] == "repeat")]
    assert len(rep) == 1 and rep[S.TEXT].iloc[0].startswith(removed_start)

def test_pull_quote_is_the_copy_removed(corpus, removals):
    """004: the copy that interrupts a sentence goes; the paragraph in its place stays."""
    raw = corpus.set_index(S.DOC_ID).loc[D004, S.TEXT]
    rep = removals[(removals[S.DOC_ID] == D004) & (removals[S.RULE] == "repeat")].iloc[0]
    assert raw[: rep[S.START]].rstrip().endswith("“目前,我们建立了")
    assert raw.find("在成都高新区,成都阿加犀", rep[S.END]) > rep[S.END]

def test_formulas_repeated_by_the_author_are_kept():
    """A slogan repeated mid-paragraph is discourse, not layout: both copies stay."""
    formula = "高举中国特色社会主义伟大旗帜,以邓小平理论和“三个代表”重要思想为指导,深入贯彻落实科学发展观,"
    text = f"我们要{formula}推动经济社会又好又快发展。\n\n今后五年,必须{formula}全面建设小康社会。"
    arts = clean(pd.DataFrame({S.DOC_ID: ["x"], S.TEXT: [text]})).articles
    assert arts[S.TEXT].iloc[0].count(formula) == 2


# -- pages become articles -----------------------------------------------------------------------

TITLES = {
    D000: ["成都加快发展新质生产力 聚焦产业转型升级"],
    D001: [
        "如何以科技创新引领现代化产业体系建设,加快形成新质生产力?",
        "习近平同乌兹别克斯坦总统米尔济约耶夫会谈",
        "要求坚决遏制各类安全事故多发连发势头",
        "成都共青团系统开展学习贯彻市委十四届四次全会暨",
        "四川完成首次省内绿电交易",
        "两会·镜头",
        "聚焦钠离子电池及关键材料",
        "成都去年新增经营主体60.18万户",
        "成都市地方金融管理局完成更名",
    ],
    D002: ["粤港澳大湾区与成渝 双“圈”辉映跨“圈”并进"],
    D003: ["产业高质量发展,不出意外再度成为各地节后第一天的“关键词”"],
    D004: [
        "完善现代化产业体系 打造科技创新策源地",
        "依托优势产业 构建创新生态",
        "光谷二季度集中开工27个项目",
        "郑州高新区发布“算力十条”",
        "广东三溪科创城",
        "福建宁德东侨经济技术开发区",
    ],
}

@pytest.mark.parametrize("doc_id", sorted(TITLES))
def test_pages_split_into_articles(articles, doc_id, request):
    found = list(articles.loc[articles[S.DOC_ID] == doc_id].sort_values(S.POSITION)[S.TITLE])
    expected = TITLES[doc_id]
    assert len(found) == len(expected), found
    for f, e in zip(found, expected):
        assert f.startswith(e), (f, e)

def test_article_ids_positions_kinds(articles):
    page = articles[articles[S.DOC_ID] == D001]
    assert list(page[S.POSITION]) == list(range(len(page)))
    assert list(page[S.ARTICLE_ID]) == [f"{D001}-{i:02d}" for i in range(len(page))]
    kinds = dict(zip(page[S.TITLE], page[S.KIND]))
    assert kinds["两会·镜头"] == "photos"
    assert kinds["习近平同乌兹别克斯坦总统米尔济约耶夫会谈"] == "article"

def test_photo_column_keeps_captions_without_credits(articles):
    row = articles[(articles[S.DOC_ID] == D001) & (articles[S.TITLE] == "两会·镜头")].iloc[0]
    assert row[S.TEXT] == (
        "两会·镜头\n1月24日,省人大代表罗毅(左二)就医疗、教育等领域内容提出意见和建议\n"
        "1月23日,省政协委员费永刚(右一)针对促进营商环境优化发言讨论"
    )


# -- the invariant on generated documents ---------------------------------------------------------

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
    c = clean(corpus)
    articles, removals = c.articles, c.removals
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), articles, removals)
    for row in articles.itertuples(index=False):
        for s, e in row.headings:
            assert 0 <= s < e <= len(row.text)
        assert row.text  # an article is made of paragraphs with kept content: never empty
        rs, re_ = raw_span(row, 0, len(row.text))
        assert row.start == rs and row.end == re_

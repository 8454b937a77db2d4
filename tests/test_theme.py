"""Theme tracking: true mention counts of 建圈强链 per seed, speakers verified by reading, raw offsets."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nqp
from nqp.errors import NqpError
from nqp.theme import COMPANIONS, SPEAKER_TYPES, THEME_COLUMNS, speaker_type_of

matplotlib.use("Agg")

THEME = "建圈强链"

# The TRUE number of mentions of 建圈强链 (every variant, both scripts) per seed document, counted by reading
# the seeds. Text the page layout printed twice counts once; headings count (and are flagged).
TRUE_COUNTS = {
    # 华西都市报 feature on 新质生产力: 产业生态圈 and 链主企业 appear, 建圈强链 never does.
    "000_b3a9ed95d35d7aba": 0,
    # 成都日报 roundtable, 省政协委员邱士安:
    #   "他建议,规划设立工模具产业和量刃具产业要素集聚区,引导产业建圈强链,实现原材料采购…"
    "001_170771dc1d63228a": 1,
    # 羊城晚报 sidebar on the expert 宋瑾 (raw text has 5: the last is a layout repeat, see RAW_COUNTS):
    #   heading "成都市经济发展研究院产业经济研究所研究人员宋瑾: 产业建圈强链,共筑成渝地区科技创新生态"
    #   "“在我看来,当前在成都乃至到成都市层面实施的产业建圈强链行动,就是一种强化区域内企业联动的高效路径。”"
    #   "成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建“链主”企业…"
    #   "宋瑾建议,可以将成都的产业建圈强链行动拓展到成渝经济圈。"
    #   NOT counted: "…发挥公共平台的纽带作用,院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建…"
    #   (the paragraph's end repeats the previous paragraph: a layout repeat)
    "002_8cc5eebcb8ce380e": 4,
    # 每日经济新闻 2026, traditional script, all in the outlet's own voice:
    #   "將沖刺“全國增長極”作為目標的成都,…以重點產業鏈建圈強鏈破題,…"
    #   "而在各個產業涌現的新款、首款,則展現出成都通過產業建圈強鏈推動新興產業…"
    #   "從以終端產品價值挖掘產業鏈價值,…成都正在搭建一套更務實、更落地的建圈強鏈整體方案。"
    "003_2a9e08fc7e99da65": 3,
    # 科技日报 高新区 page: "加快形成新质生产力,离不开产业建圈强链和“硬核”科技。"
    "004_8af99f92f70cf692": 1,
}
TRUE_HEADINGS = {"002_8cc5eebcb8ce380e": 1}
#: what a naive search of the raw text finds (the layout repeat in 002 counted twice)
RAW_COUNTS = {"001_170771dc1d63228a": 1, "002_8cc5eebcb8ce380e": 5, "003_2a9e08fc7e99da65": 3, "004_8af99f92f70cf692": 1}

# Every mention, chronologically: (doc_id, sentence start, match, speaker, speaker_type, attribution, is_heading),
# each attribution verified by reading the seed.
MENTIONS = [
    ("001_170771dc1d63228a", "他建议,规划设立工模具产业", "产业建圈强链", "邱士安", "official", "reported", False),
    ("004_8af99f92f70cf692", "加快形成新质生产力,离不开", "产业建圈强链", None, "outlet", "outlet", False),
    ("002_8cc5eebcb8ce380e", "成都市经济发展研究院产业经济研究所研究人员宋瑾: ", "产业建圈强链", "宋瑾", "expert", "heading", True),
    ("002_8cc5eebcb8ce380e", "“在我看来,当前在成都", "产业建圈强链行动", "宋瑾", "expert", "quote", False),
    ("002_8cc5eebcb8ce380e", "成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进", "产业建圈强链", "宋瑾", "expert", "reported", False),
    ("002_8cc5eebcb8ce380e", "宋瑾建议,可以将成都的", "产业建圈强链行动", "宋瑾", "expert", "reported", False),
    ("003_2a9e08fc7e99da65", "將沖刺“全國增長極”", "建圈強鏈", None, "outlet", "outlet", False),
    ("003_2a9e08fc7e99da65", "而在各個產業涌現的新款", "產業建圈強鏈", None, "outlet", "outlet", False),
    ("003_2a9e08fc7e99da65", "從以終端產品價值挖掘", "建圈強鏈", None, "outlet", "outlet", False),
]


@pytest.fixture(scope="module")
def articles(corpus):
    return nqp.clean(corpus).articles


@pytest.fixture(scope="module")
def mentions(articles):
    return nqp.theme(articles, THEME)


@pytest.fixture(scope="module")
def raw(corpus):
    return corpus.set_index("doc_id")["text"]


# ---------------------------------------------------------------------------------------------
# honest counts


@pytest.mark.parametrize("doc_id, expected", sorted(TRUE_COUNTS.items()))
def test_true_count_per_document(mentions, doc_id, expected):
    got = mentions[mentions["doc_id"] == doc_id]
    assert len(got) == expected
    assert int(got["is_heading"].sum()) == TRUE_HEADINGS.get(doc_id, 0)


@pytest.mark.parametrize("doc_id, naive", sorted(RAW_COUNTS.items()))
def test_raw_text_counts_the_layout_repeat_twice(raw, doc_id, naive):
    text = nqp.normalize_text(raw[doc_id])
    assert text.count(THEME) == naive  # what honest counting must correct (002: 5 -> 4)


def test_audit_against_a_naive_raw_search(mentions, corpus):
    audit = nqp.theme_audit(mentions, corpus).set_index("doc_id")
    assert audit["raw_search"].to_dict() == {**TRUE_COUNTS, **RAW_COUNTS}
    assert audit["mentions"].to_dict() == TRUE_COUNTS
    assert audit["not_counted"].to_dict() == {d: RAW_COUNTS.get(d, 0) - n for d, n in TRUE_COUNTS.items()}


def test_every_mention_sentence_match_and_speaker(mentions):
    assert len(mentions) == len(MENTIONS) == sum(TRUE_COUNTS.values())
    for row, (doc, start, match, speaker, stype, how, heading) in zip(mentions.itertuples(), MENTIONS):
        assert row.doc_id == doc
        assert row.sentence.startswith(start), row.sentence
        assert row.match == match
        assert (row.speaker if isinstance(row.speaker, str) else None) == speaker
        assert row.speaker_type == stype
        assert row.attribution == how
        assert row.is_heading is heading or row.is_heading == heading
        assert row.sentence[row.sentence_offset : row.sentence_offset + len(row.match)] == row.match


def test_columns_and_order(mentions):
    assert list(mentions.columns) == THEME_COLUMNS
    key = mentions[["date_start", "date_end", "doc_id", "position", "text_start"]]
    assert key.equals(key.sort_values(list(key.columns)).reset_index(drop=True))
    assert mentions.attrs["terms"] == ["建圈强链"]
    assert mentions["on_topic"].all()  # every article that names 建圈强链 is on topic


def test_roles_of_the_speakers(mentions):
    roles = dict(zip(mentions["speaker"].dropna(), mentions["speaker_role"].dropna()))
    assert roles == {"邱士安": "省政协委员", "宋瑾": "成都市经济发展研究院产业经济研究所研究人员"}
    cues = mentions["speaker_cue"].dropna().tolist()
    assert cues[0] == "他建议"  # the pronoun resolved to the last named speaker of its paragraph
    assert "宋瑾建议" in cues


# ---------------------------------------------------------------------------------------------
# offsets


@pytest.mark.parametrize("terms", [THEME, "新质生产力", ["关键子链", "链主"]])
def test_raw_offsets_round_trip(articles, raw, terms):
    m = nqp.theme(articles, terms)
    assert len(m)
    arts = articles.set_index("article_id")
    for r in m.itertuples():
        passage = raw[r.doc_id][r.start : r.end]
        assert passage == r.match  # original script, as printed
        assert nqp.normalize_text(passage) == arts.loc[r.article_id, "text"][r.text_start : r.text_end]
        assert arts.loc[r.article_id, "text_orig"][r.text_start : r.text_end] == r.match


def test_traditional_script_is_quoted_as_written(mentions, raw):
    trad = mentions[mentions["doc_id"] == "003_2a9e08fc7e99da65"]
    assert set(trad["match"]) == {"建圈強鏈", "產業建圈強鏈"}
    assert all("鏈" in s for s in trad["sentence"])


# ---------------------------------------------------------------------------------------------
# variants


def test_variants_both_scripts_and_campaign_names():
    forms = nqp.theme_variants("建圈強鏈")
    assert set(forms["term"]) == {"建圈强链"}
    assert {"建圈强链", "建圈強鏈", "产业建圈强链", "產業建圈強鏈", "建圈强链行动", "產業建圈強鏈行動"} <= set(forms["form"])
    assert set(forms["analysis_form"]) == {"建圈强链", "产业建圈强链", "建圈强链行动", "产业建圈强链行动"}


def test_traditional_term_finds_the_same_mentions(articles, mentions):
    pd.testing.assert_frame_equal(nqp.theme(articles, "建圈強鏈"), mentions)


def test_a_term_that_is_a_form_of_another_joins_its_family(articles, mentions):
    m = nqp.theme(articles, ["建圈强链", "产业建圈强链"])
    assert m.attrs["terms"] == ["建圈强链"]
    assert len(m) == len(mentions)


def test_extra_variants(articles):
    m = nqp.theme(articles, "新质生产力", variants=["新质质调研"])
    assert "新质质调研" in set(m["match"])


def test_two_themes_count_separately(articles):
    m = nqp.theme(articles, ["新质生产力", "建圈强链"])
    assert m.attrs["terms"] == ["新质生产力", "建圈强链"]
    assert m["term"].value_counts().to_dict() == {"新质生产力": 41, "建圈强链": 9}


# ---------------------------------------------------------------------------------------------
# speakers: real seed sentences, attributions verified by reading


@pytest.mark.parametrize(
    "text, target, expected",
    [
        # quote, speaker introduced after it
        ("“四川厚植新质生产力,要加速创新链和产业链融合。”省政协委员邱士安说,要用数字化和智能化手段促进传统产业提档升级。",
         "新质生产力", ("邱士安", "省政协委员", "official", "quote")),
        # quote, speaker introduced before it
        ("成都智算中心副总经理刘翥认为,“新质生产力的核心是科技创新,数字化带来的科技创新见效最快。”",
         "新质生产力", ("刘翥", "成都智算中心副总经理", "business", "quote")),
        # the city government speaks
        ("何为关键子链?成都明确,就是在综合分析各产业链发展的现实基础、政策导向、市场环境等因素的基础上,凝练提出的3—5条关键子链。",
         "3—5条关键子链", ("成都", None, "government", "reported")),
        # pronoun after a quotation: the last named speaker before it
        ("成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建产业生态。\n"
         "宋瑾认为,川粤两省在电子信息、生物医药、装备制造等领域进行了重点布局。“川粤合作的重点已经从简单的单向产业转移承接,"
         "全面升级到产业链、创新链、供应链、资金链多元协同的新阶段。”她指出。",
         "资金链", ("宋瑾", "成都市经济发展研究院产业经济研究所研究人员", "expert", "quote")),
        # an unnamed official
        ("“完备的产业链条,为成都高新区人工智能产业发展奠定坚实基础。”上述负责人表示。",
         "产业链条", ("上述负责人", "上述负责人", "official", "quote")),
        # an expert introduced with two roles
        ("“重庆经济最大的特点在于‘实’。”重庆大学经济与工商管理学院经济系主任、教授汪锋指出,作为西部最重要的工业城市。",
         "特点", ("汪锋", "重庆大学经济与工商管理学院经济系主任、教授", "expert", "quote")),
        # reported speech with the name only, introduced earlier
        ("省人大代表李志表示,迈入制造强省。\n以科技创新推动能源化工产业高质量发展,李志建议,一方面要出台举措。",
         "出台举措", ("李志", "省人大代表", "official", "reported")),
        # the outlet's own voice
        ("加快形成新质生产力,离不开产业建圈强链和“硬核”科技。", "建圈强链", (None, None, "outlet", "outlet")),
        # a scare-quoted phrase is not speech
        ("推进产业建圈强链重在构建“链主”企业。", "链主", (None, None, "outlet", "outlet")),
        # a pronoun with nobody named before it stays unresolved
        ("他建议,引导产业建圈强链。", "建圈强链", (None, None, "unresolved", "reported")),
        # a speaker in another sentence does not speak this one
        ("邱士安认为,四川省工模具产业曾在国内享有较高的地位。最近几年,产业建圈强链加速。", "建圈强链", (None, None, "outlet", "outlet")),
    ],
)
def test_theme_speaker(text, target, expected):
    s = text.index(target)
    got = nqp.theme_speaker(text, s, s + len(target))
    assert (got["speaker"], got["speaker_role"], got["speaker_type"], got["attribution"]) == expected


def test_heading_speaker():
    text = "重庆大学经济与工商管理学院经济系主任、教授汪锋: 产业互补是成渝地区双城经济圈最主要亮点\n党的二十大报告将成渝地区双城经济圈建设列入国家区域重大战略。"
    h = (0, text.index("\n"))
    s = text.index("产业互补")
    got = nqp.theme_speaker(text, s, s + 4, headings=[h])
    assert (got["speaker"], got["speaker_type"], got["attribution"]) == ("汪锋", "expert", "heading")
    s = text.index("成渝地区双城经济圈建设")
    assert nqp.theme_speaker(text, s, s + 4, headings=[h])["speaker_type"] == "outlet"


def test_speaker_quoted_in_the_original_script(articles):
    # 003 is traditional: "據張睿睿介紹,今年將在成都落戶首個人形機器人制造基地"
    m = nqp.theme(articles, "人形机器人制造基地")
    assert len(m) == 1
    row = m.iloc[0]
    assert (row["speaker"], row["speaker_cue"], row["speaker_type"]) == ("張睿睿", "據張睿睿介紹", "business")
    assert row["speaker_role"] == "成都人形機器人創新中心董事長"


def test_city_government_in_the_seeds(articles):
    m = nqp.theme(articles, "关键子链")
    gov = m[m["speaker_type"] == "government"]
    assert gov["speaker"].tolist() == ["成都"]
    assert gov["speaker_cue"].tolist() == ["成都明確"]


def test_speakers_table(mentions):
    sp = nqp.theme_speakers(mentions)
    assert sp[["speaker_type", "speaker", "n_mentions"]].values.tolist() == [
        ["expert", "宋瑾", 4], ["outlet", "(outlet voice)", 4], ["official", "邱士安", 1],
    ]
    assert sp.loc[1, "outlets"] == "每日经济新闻 (网易号), 科技日报"
    assert sp.loc[2, "cues"] == "他建议"


def test_contexts(mentions, articles):
    ctx = nqp.theme_contexts(mentions, articles, scope="paragraph")
    assert ctx["context"].iloc[0].startswith("在邱士安看来,工模具和量刃具产业规模较小")
    for r in ctx.itertuples():
        assert r.sentence in r.context and r.match in r.context
    sent = nqp.theme_contexts(mentions, articles, scope="sentence")
    assert sent["context"].tolist() == mentions["sentence"].tolist()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("成都市经济发展研究院产业经济研究所研究人员", "expert"),
        ("省政协委员", "official"),
        ("成都高新区数字经济局相关负责人", "official"),
        ("咪咕音乐党委书记、董事长、总经理", "business"),
        ("宣讲队成员", "other"),
        (None, "other"),
    ],
)
def test_speaker_type_of(role, expected):
    assert speaker_type_of(role) == expected


def test_theme_speaker_validates():
    with pytest.raises(NqpError, match="start="):
        nqp.theme_speaker("建圈强链", 2, 9)
    with pytest.raises(NqpError, match="text_orig"):
        nqp.theme_speaker("建圈强链", 0, 4, text_orig="建圈")


# ---------------------------------------------------------------------------------------------
# diffusion summaries


def test_first_mention_per_outlet(mentions):
    first = nqp.theme_first(mentions)
    assert first["outlet"].tolist() == ["成都日报 (锦观新闻)", "科技日报", "羊城晚报", "每日经济新闻 (网易号)"]
    assert first["date"].tolist() == ["2024-01-25", "2024-05", "2024-08", "2026-02-25"]
    assert first["n_mentions"].tolist() == [1, 1, 4, 3]
    assert first["speaker"].iloc[0] == "邱士安"


def test_summary_per_outlet(mentions, articles):
    s = nqp.theme_summary(mentions, articles, by="outlet").set_index("outlet")
    assert s["n_mentions"].sum() == 9
    assert s.loc["华西都市报·封面新闻", "n_mentions"] == 0  # outlets without a mention are listed too
    assert s.loc["成都日报 (锦观新闻)", ["n_articles", "n_articles_mentioning"]].tolist() == [9, 1]
    assert s.loc["羊城晚报", "share_articles"] == 1.0
    assert s.loc["羊城晚报", "n_headings"] == 1
    assert s.loc["科技日报", "first_date"] == "2024-05 (month)"


def test_summary_periods_respect_date_precision(mentions, articles):
    by_month = nqp.theme_summary(mentions, articles, by="period")
    assert by_month["period"].tolist() == ["2024-01", "2024-03", "2024-05", "2024-08", "2026-02"]
    assert by_month["n_mentions"].tolist() == [1, 0, 1, 4, 3]
    by_day = nqp.theme_summary(mentions, articles, by="period", freq="day")
    # month-precision issues are never put on a day
    coarse = by_day.set_index("period").loc["(coarser than day)"]
    assert (coarse["n_docs"], coarse["n_mentions"]) == (3, 5)
    assert by_day["n_mentions"].sum() == 9


def test_summary_by_term_and_period_lists_zeros(articles):
    m = nqp.theme(articles, ["建圈强链", "关键子链"])
    s = nqp.theme_summary(m, articles, by=["term", "period"], freq="year")
    assert s[["term", "period", "n_mentions"]].values.tolist() == [
        ["建圈强链", "2024", 6], ["建圈强链", "2026", 3], ["关键子链", "2024", 0], ["关键子链", "2026", 8],
    ]


def test_cooccurrence_changes_over_time(mentions, articles):
    c = nqp.theme_cooccurrence(mentions, articles, terms=list(COMPANIONS), by="period")
    share = c.set_index(["group", "companion"])["n_contexts"]
    assert share.get(("2024-08", "链主"), 0) == 2  # the 宋瑾 paragraphs: “链主”企业
    assert share.get(("2026-02", "链主"), 0) == 0
    assert share.get(("2026-02", "子链"), 0) == 1  # 关键子链 travels with the 2026 整体方案
    assert share.get(("2024-08", "子链"), 0) == 0
    assert share.get(("2024-08", "成渝"), 0) >= 1
    groups = list(dict.fromkeys(c["group"]))
    assert groups == sorted(groups)


def test_cooccurrence_words_exclude_the_theme(mentions, articles):
    c = nqp.theme_cooccurrence(mentions, articles)
    assert len(c) and not c["companion"].isin(["建圈强链", "产业建圈强链", "建圈强链行动"]).any()
    assert (c["share"] <= 1).all() and set(c["group"]) == {"all"}
    assert c["n_group_contexts"].iloc[0] == 8  # 9 mentions in 8 paragraphs (宋瑾's quote and 表示 share one)


def test_network(mentions, articles):
    g = nqp.theme_network(mentions, articles, terms=list(COMPANIONS), top=6)
    assert g.nodes["建圈强链"]["center"]
    assert g.has_edge("建圈强链", "链主") and g.edges["建圈强链", "链主"]["count"] == 2
    assert list(g.nodes) == sorted(g.nodes)


# ---------------------------------------------------------------------------------------------
# determinism, validation, display, figures, CLI


def test_deterministic(articles, mentions):
    again = nqp.theme(articles, THEME)
    pd.testing.assert_frame_equal(again, mentions)
    a = nqp.theme_cooccurrence(mentions, articles, by="period")
    b = nqp.theme_cooccurrence(again, articles, by="period")
    pd.testing.assert_frame_equal(a, b)
    g1 = nqp.theme_network(mentions, articles)
    g2 = nqp.theme_network(again, articles)
    assert list(g1.edges(data=True)) == list(g2.edges(data=True))


@pytest.mark.parametrize("terms", [[], [""], [None], 5])
def test_bad_terms(articles, terms):
    with pytest.raises(NqpError, match="terms="):
        nqp.theme(articles, terms)


def test_a_corpus_or_a_path_is_cleaned_first(corpus, seeds_path, mentions):
    pd.testing.assert_frame_equal(nqp.theme(corpus, THEME), mentions)
    pd.testing.assert_frame_equal(nqp.theme(str(seeds_path), THEME), mentions)


def test_bad_articles_and_groups(mentions, articles):
    with pytest.raises(NqpError, match="articles"):
        nqp.theme(pd.DataFrame({"x": [1]}), THEME)
    with pytest.raises(NqpError, match="by="):
        nqp.theme_summary(mentions, articles, by="nonsense")
    with pytest.raises(NqpError, match="scope="):
        nqp.theme_cooccurrence(mentions, articles, scope="page")


def test_no_mentions_gives_empty_tables(articles):
    m = nqp.theme(articles, "供给侧结构性改革")
    assert m.empty and list(m.columns) == list(nqp.theme(articles, THEME).columns)
    assert nqp.theme_first(m).empty
    assert nqp.theme_cooccurrence(m, articles).empty
    assert nqp.theme_summary(m, articles)["n_mentions"].sum() == 0
    assert nqp.theme_network(m, articles).number_of_nodes() == 0
    assert nqp.theme_contexts(m, articles)["context"].str.contains("子链").empty  # string columns even when empty
    assert nqp.theme_speakers(m).empty and nqp.theme_table(m).empty


def test_table_marks_the_match(mentions):
    t = nqp.theme_table(mentions, width=40)
    assert len(t) == len(mentions)
    assert all("【" in s and "】" in s for s in t["sentence"])
    assert t["sentence"].iloc[0].count("【产业建圈强链】") == 1
    assert t["speaker"].tolist()[:2] == ["邱士安 (official)", "outlet voice"]


def test_figures(mentions, articles):
    import matplotlib.pyplot as plt

    fig, ax = nqp.textplot_theme_dispersion(mentions, articles)
    assert len(ax.get_yticklabels()) == 5  # every outlet, also the one that never names the theme
    fig2, _ = nqp.textplot_theme_network(nqp.theme_network(mentions, articles, terms=list(COMPANIONS)))
    c = nqp.theme_cooccurrence(mentions, articles, terms=list(COMPANIONS), by="period")
    fig3, _ = nqp.textplot_theme_companions(c)
    for f in (fig, fig2, fig3):
        f.canvas.draw()
        plt.close(f)


def test_cli(seeds_path, capsys):
    from nqp.cli import main

    assert main(["theme", str(seeds_path), "建圈強鏈"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("9 mentions of 建圈强链 in 4 of 18 articles")
    assert "【產業建圈強鏈】" in out and "宋瑾 (expert)" in out and "per period" in out


# ---------------------------------------------------------------------------------------------
# invariant: every inserted mention is found once, in either script, at its offsets

_FILLER = ["以科技创新推动产业创新。", "成都持续打造创新平台,", "“新三样”是个热词。", "\n", "他建议,", "成都明确,"]
_FORMS = ["建圈强链", "建圈強鏈", "产业建圈强链", "產業建圈強鏈行動", "建圈强链行动"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FILLER), st.sampled_from(_FORMS)), min_size=0, max_size=8))
def test_inserted_mentions_are_found(pieces):
    orig = "".join(f + form for f, form in pieces) + "。"
    text = nqp.normalize_text(orig)
    assert len(text) == len(orig)
    arts = pd.DataFrame({
        "doc_id": ["d"], "article_id": ["d-00"], "position": [0], "outlet": ["o"], "date": ["2024"],
        "date_precision": ["year"], "date_start": [pd.Timestamp("2024-01-01")], "date_end": [pd.Timestamp("2024-12-31")],
        "text": [text], "text_orig": [orig], "headings": [[]], "raw_segments": [[(0, 0, len(text))]],
        "start": [0], "end": [len(text)], "on_topic": [True],
    })
    m = nqp.theme(arts, THEME)
    assert m["match"].tolist() == [form for _, form in pieces]
    for r in m.itertuples():
        assert orig[r.start : r.end] == r.match
    assert set(m["speaker_type"]) <= set(SPEAKER_TYPES)


# ---------------------------------------------------------------------------------------------
# the government work reports (only when ../shared/corpora is beside the repository)


@pytest.fixture(scope="module")
def reports(reference_corpus):
    return nqp.clean(reference_corpus).articles


@pytest.mark.parametrize("term, first", [("新质生产力", "2024"), ("高质量发展", "2018"), ("供给侧结构性改革", "2016")])
def test_when_slogans_enter_the_work_reports(reports, term, first):
    m = nqp.theme(reports, term)
    assert nqp.theme_first(m, by="term")["date"].tolist() == [first]
    s = nqp.theme_summary(m, reports, by="period")
    assert (s["period"] == s["period"].str.extract(r"^(\d{4})$")[0]).all()  # year precision: yearly periods
    assert s.loc[s["period"] < first, "n_mentions"].sum() == 0


def test_high_quality_development_in_every_report_since_2018(reports, reference_corpus):
    m = nqp.theme(reports, "高质量发展")
    raw = reference_corpus.set_index("doc_id")["text"]
    assert all(raw[r.doc_id][r.start : r.end] == r.match for r in m.itertuples())
    s = nqp.theme_summary(m, reports, by="period")
    after = s[s["period"] >= "2018"]
    assert len(after) >= 8 and (after["n_mentions"] > 0).all()
    for r in m.itertuples():  # offsets round-trip in the reports too
        assert reports.set_index("article_id").loc[r.article_id, "text_orig"][r.text_start : r.text_end] == r.match

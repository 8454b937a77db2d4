"""Tokenizing: lexicon terms kept whole, the tokens table and the long table, global jieba untouched."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nqp
from nqp import schema as S
from nqp.errors import NqpError, NqpTypeError, NqpValueError
from nqp.tokens import LEXICON_FILE

# -- lexicon terms in real seed sentences ------------------------------------------------------

SEED_SENTENCES = [
    # (sentence from the seeds, term that must come out as one token)
    ("他建议,规划设立工模具产业和量刃具产业要素集聚区,引导产业建圈强链,实现原材料采购", "产业建圈强链"),
    ("加快形成新质生产力,离不开产业建圈强链和“硬核”科技。", "产业建圈强链"),
    ("以重点产业链建圈强链破题,无疑为高质量发展锚定了更为具体的承载。", "建圈强链"),
    ("成都正在搭建一套更务实、更落地的建圈强链整体方案。", "建圈强链"),
    ("2024年政府工作报告指出,大力推进现代化产业体系建设,加快发展新质生产力。", "新质生产力"),
    ("“四川厚植新质生产力,要加速创新链和产业链融合。”", "新质生产力"),
    ("此外,作为“东数西算”全国一体化算力网络成渝国家枢纽节点,成都还积极布局前瞻新型基础设施", "东数西算"),
    ("2024年4月,习近平总书记在重庆主持召开新时代推动西部大开发座谈会,指出“大力推动成渝地区双城经济圈建设", "成渝地区双城经济圈"),
    ("一期工厂投产仅1个月,微网优联营业收入就超过2000万元,达到规模以上工业企业的标准", "微网优联"),
    ("今年,四川移动与微网优联对智慧工厂的5G专网进行全面提升", "微网优联"),
    ("何为关键子链?成都明确,就是在综合分析各产业链发展的现实基础", "关键子链"),
    ("进一步发挥“链主”企业的引领作用,围绕成渝双核“链主”企业需求开展定期合作协同机会清单", "链主"),
    ("2024年政府工作报告中,“新三样”是个热词,具体指我国电动汽车、锂电池、光伏产品。", "新三样"),
    ("相隔数千里的成渝地区双城经济圈和粤港澳大湾区经济圈,地貌风貌与人文经济虽有不同", "粤港澳大湾区"),
]

TRADITIONAL = [
    # seed 003 is in traditional script; with canonical=True the variant becomes the lexicon term
    ("以重點產業鏈建圈強鏈破題,無疑為高質量發展錨定了更為具體的承載。", "建圈強鏈", "建圈强链"),
    ("通過產業建圈強鏈推動新興產業乃至未來產業競速發展的“盛勢”。", "產業建圈強鏈", "产业建圈强链"),
    ("找準優勢賽道、布局關鍵子鏈,將是后發優勢能否得以發揮的關鍵。", "關鍵子鏈", "关键子链"),
    ("產業高質量發展,不出意外再度成為各地節后第一天的“關鍵詞”", "高質量發展", "高质量发展"),
    ("加快形成新質生產力,離不開產業建圈強鏈和“硬核”科技。", "新質生產力", "新质生产力"),
]


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
@pytest.mark.parametrize("sentence,term", SEED_SENTENCES)
def test_lexicon_terms_kept_whole(sentence, term, backend):
    assert term in nqp.tokenize_text(sentence, backend=backend)


@pytest.mark.parametrize("sentence,term", SEED_SENTENCES[:10])
def test_plain_jieba_splits_them(sentence, term):
    """Without the lexicon the same sentences lose the terms (the reason the lexicon exists)."""
    assert term not in nqp.tokenize_text(sentence, lexicon=False)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
@pytest.mark.parametrize("sentence,variant,term", TRADITIONAL)
def test_traditional_variants_kept_whole(sentence, variant, term, backend):
    assert term in nqp.tokenize_text(sentence, backend=backend)
    assert variant in nqp.tokenize_text(sentence, backend=backend, canonical=False)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("成都去年新增经营主体60.18万户", ["成都", "去年", "新增", "经营", "主体", "万户"]),
        ("已投资建设光伏电站装机总量逾2.2GW,储能装机量超1GWh。", ["投资", "建设", "光伏", "电站", "装机", "总量", "逾", "GW", "储能", "装机量", "超", "1GWh"]),
    ],
)
def test_numbers_and_punctuation_removed(sentence, expected):
    assert nqp.tokenize_text(sentence) == expected


def test_stopwords_false_keeps_every_character():
    s = "2023年,成都GDP达到2.48万亿元、增长5.8%。"
    tokens = nqp.tokenize_text(s, stopwords=False)
    assert "".join(tokens) == s
    assert "2.48" in tokens and "5.8%" in tokens


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=list("建圈强链新质生产力成都产业的了,。“”AI5G-2.% \n東數西算"), max_size=40))
def test_no_text_lost(text):
    """Without removal, the tokens are the text minus whitespace, and the offsets point at them."""
    frame = pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"], "text": [text]})
    long = nqp.tokenize_long(frame, stopwords=False, canonical=False)
    assert "".join(long["token"]) == "".join(text.split())
    assert all(text[s:e] == tok for s, e, tok in zip(long["start"], long["end"], long["token"]))


# -- the tokens table --------------------------------------------------------------------------


def test_tokenize_columns_and_order(articles):
    out = nqp.tokenize(articles)
    assert list(out["article_id"]) == list(articles["article_id"])
    assert {"tokens", "n_words", "n_stopwords", "n_formula"} <= set(out.columns)
    assert "text" not in out.columns and "text_orig" not in out.columns
    assert (out["n_formula"] == 0).all()
    assert all(isinstance(t, list) for t in out["tokens"])
    assert (out["n_words"] >= out["tokens"].map(len) + out["n_stopwords"]).all()


def test_tokens_table_holds_ids_and_metadata_only(articles):
    """No text and no offset map travels on: quoting goes back to the articles by article_id."""
    out = nqp.tokenize(articles)
    assert set(S.TOKENS_TABLE_COLUMNS) <= set(out.columns)
    gone = {"text", "text_orig", "byline", "start", "end", "headings", "raw_segments"}
    assert gone <= set(articles.columns)  # the articles have them ...
    assert not gone & set(out.columns)  # ... the tokens table not
    kept = [c for c in articles.columns if c not in gone]
    assert list(out.columns) == kept + ["tokens", "n_words", "n_stopwords", "n_formula"]
    pd.testing.assert_frame_equal(out[kept], articles[kept])
    d = nqp.dtm(out)
    assert list(d.docs.columns) == kept + ["n_words", "n_stopwords", "n_formula"]
    # the way back: article_id joins every row to its article
    joined = d.docs[["article_id"]].merge(articles[["article_id", "text"]], on="article_id", how="left")
    assert joined["text"].notna().all() and len(joined) == len(articles)


def test_bare_corpus_gets_article_ids_as_clean_numbers_them(corpus):
    out = nqp.tokenize(corpus)
    assert list(out["article_id"]) == [f"{d}-00" for d in corpus["doc_id"]]
    long = nqp.tokenize_long(corpus.head(1))
    assert set(long["article_id"]) == {f"{corpus['doc_id'].iloc[0]}-00"}
    # nqp.clean numbers the first article of a document the same way
    first = nqp.clean(corpus).articles.groupby("doc_id").head(1)
    assert all(a == f"{d}-00" for d, a in zip(first["doc_id"], first["article_id"]))


def test_long_table_offsets_and_sentences(articles):
    long = nqp.tokenize_long(articles, canonical=False)
    assert list(long.columns) == S.TOKEN_COLUMNS
    text = dict(zip(articles["article_id"], articles["text"]))
    for aid, group in long.groupby("article_id", sort=False):
        t = text[aid]
        spans = nqp.sentence_spans(t)
        assert group["position"].is_monotonic_increasing
        for s, e, tok, sent in zip(group["start"], group["end"], group["token"], group["sentence"]):
            assert t[s:e] == tok
            assert spans[sent][0] <= s and e <= spans[sent][1]


def test_long_table_has_the_tokens_of_the_tokens_table(articles):
    wide = nqp.tokenize(articles, formula=True)
    long = nqp.tokenize_long(articles, formula=True)
    per_article = long.groupby("article_id", sort=False)["token"].agg(list)
    assert [per_article.get(a, []) for a in wide["article_id"]] == list(wide["tokens"])


def test_tokenize_long_flag_is_deprecated(articles):
    head = articles.head(3)
    with pytest.warns(DeprecationWarning, match="tokenize_long"):
        old = nqp.tokenize(head, long=True, formula=True)
    pd.testing.assert_frame_equal(old, nqp.tokenize_long(head, formula=True))


def test_formula_layer_reported_on_its_own(articles):
    plain = nqp.tokenize(articles)
    form = nqp.tokenize(articles, formula=True)
    assert form["n_formula"].sum() > 0 and (form["n_formula"] > 0).mean() > 0.5
    assert (form["n_stopwords"] == plain["n_stopwords"]).all()
    assert (form["tokens"].map(len) + form["n_formula"] == plain["tokens"].map(len)).all()
    flat = [t for ts in form["tokens"] for t in ts]
    assert "推进" not in flat and "加快" not in flat and "进一步" not in flat
    removed = nqp.tokenize_removed(articles, formula=True)
    assert list(removed.columns) == ["layer", "token", "n", "n_articles"]
    formula = removed[removed["layer"] == "formula"]
    assert {"推进", "加快", "进一步"} <= set(formula["token"])
    assert formula["n"].sum() == form["n_formula"].sum()


def test_deterministic(articles):
    a = nqp.tokenize_long(articles)
    b = nqp.tokenize_long(articles)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(nqp.tokenize(articles), nqp.tokenize(articles))


# -- jieba's global state -------------------------------------------------------------------


def _global_state():
    import jieba
    import rjieba

    dt = jieba.dt
    return (
        dt.initialized,
        len(dt.FREQ),
        dt.total,
        dict(dt.user_word_tag_tab),
        dt.dictionary,
        rjieba.has_word("建圈强链"),
        jieba.lcut("引导产业建圈强链") if dt.initialized else None,
    )


def test_global_tokenizer_untouched(articles):
    import jieba

    before = _global_state()
    nqp.tokenize(articles, backend="jieba")
    nqp.tokenize(articles, backend="rjieba")
    nqp.lexicon_audit(articles)
    assert _global_state() == before
    jieba.dt.initialize()  # even an initialized global tokenizer stays as it is
    before = _global_state()
    nqp.tokenize(articles, backend="jieba", lexicon=LEXICON_FILE)
    assert _global_state() == before
    assert "建圈强链" not in jieba.lcut("引导产业建圈强链")


# -- arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"n_jobs": 0}, "n_jobs"),
        ({"backend": "spacy"}, "backend"),
        ({"lexicon": 3}, "lexicon"),
        ({"text_column": "body"}, r"missing column\(s\) \['body'\]"),
    ],
)
def test_bad_arguments(articles, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.tokenize(articles, **kwargs)


def test_articles_checked():
    with pytest.raises(NqpTypeError, match="articles: expected the articles of nqp.clean"):
        nqp.tokenize(["建圈强链"])
    with pytest.raises(NqpValueError, match=r"missing column\(s\) \['doc_id'\]"):
        nqp.tokenize(pd.DataFrame({"text": ["建圈强链"]}))
    with pytest.raises(NqpError, match="1 rows have no text"):
        nqp.tokenize(pd.DataFrame({"doc_id": ["a", "b"], "text": ["建圈强链", None]}))


@pytest.mark.parametrize(
    "n_jobs,error",
    [(True, NqpTypeError), (1.5, NqpTypeError), ("2", NqpTypeError), (-2, NqpValueError), (0, NqpValueError)],
)
@pytest.mark.parametrize("function", [nqp.tokenize, nqp.tokenize_long, nqp.tokenize_removed, nqp.lexicon_audit])
def test_n_jobs_checked(articles, function, n_jobs, error):
    with pytest.raises(error, match="n_jobs"):
        function(articles.head(1), n_jobs=n_jobs)


def test_tokenize_logs_what_it_removed(articles, caplog):
    with caplog.at_level(logging.INFO, logger="nqp"):
        out = nqp.tokenize(articles, formula=True)
    message = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("tokenize: "))
    assert f"{out['n_words'].sum()} words" in message
    assert f"removed {out['n_stopwords'].sum()} stopwords" in message
    assert f"{out['n_formula'].sum()} formula words" in message


def test_tokenize_texts_is_tokenize_text_on_each_in_one_call(tmp_path, monkeypatch):
    texts = [s for s, _ in SEED_SENTENCES[:8]] + ["", "成都去年新增经营主体60.18万户", SEED_SENTENCES[0][0]]
    for options in ({}, {"lexicon": False, "stopwords": False}):
        assert nqp.tokenize_texts(texts, **options) == [nqp.tokenize_text(t, **options) for t in texts]
    # one segmentation for all: one entry in the segmentation cache, not one per text
    monkeypatch.setenv("NQP_CACHE_DIR", str(tmp_path))
    calls = []
    real = nqp.tokens.tables.tokenize
    monkeypatch.setattr(nqp.tokens.tables, "tokenize", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert nqp.tokenize_texts(texts, lexicon=False) == [nqp.tokenize_text(t, lexicon=False) for t in texts]
    assert len(calls) == 1 + len(texts)
    assert nqp.tokenize_texts([]) == []
    with pytest.raises(nqp.errors.NqpError, match="tokenize_texts.*int"):
        nqp.tokenize_texts(["成都", 3])


def test_english_function_words_are_stopwords_content_words_stay():
    # an English notice left in a web article: its function words are no keywords, its content words stay
    text = "The content above is uploaded by a user of NetEase Hao and the platform only provides storage. 推进高质量发展"
    tokens = nqp.tokenize_text(text)
    assert not {"The", "the", "is", "by", "a", "of", "and"} & set(tokens)
    assert {"content", "NetEase", "platform", "storage", "推进", "高质量发展"} <= set(tokens)


def test_the_long_table_is_the_word_by_word_reading_of_each_article():
    # each kept row: its word as written at [start, end) of the article's text, its sentence the one holding start,
    # positions counting every word before removal; computed here article by article from the packed segmentation
    from bisect import bisect_right

    from nqp.text import sentence_spans

    frame = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                          "text": ["", "推进高质量发展。加快建设现代化产业体系！", "   ", "Hello 5G world。第二句？\n\n第三句的内容。"]})
    articles = nqp.clean(frame).articles
    long = nqp.tokenize_long(articles, formula=True, canonical=False)  # tokens as written
    assert len(long) > 5
    for art in articles.itertuples():
        rows = long[long["article_id"] == art.article_id]
        starts = [s for s, _ in sentence_spans(art.text)]
        for r in rows.itertuples():
            assert art.text[r.start:r.end] == r.token
            assert r.sentence == max(bisect_right(starts, r.start) - 1, 0)
        assert rows["position"].is_monotonic_increasing and rows["start"].is_monotonic_increasing
    assert set(long["article_id"]) <= set(articles["article_id"])
    assert long.dtypes[["sentence", "position", "start", "end"]].eq("int64").all()

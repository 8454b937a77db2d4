"""Tokenizing: lexicon terms kept whole, backends equal, global jieba untouched, cache, processes."""

from __future__ import annotations

import logging
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nqp
from nqp import tokens as T
from nqp.errors import NqpError


@pytest.fixture(scope="module")
def articles(corpus):
    """The seeds' articles (analysis layer: simplified script)."""
    return nqp.clean(corpus).articles


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
    long = nqp.tokenize(frame, stopwords=False, canonical=False, long=True)
    assert "".join(long["token"]) == "".join(text.split())
    assert all(text[s:e] == tok for s, e, tok in zip(long["start"], long["end"], long["token"]))


# -- the articles table ------------------------------------------------------------------------


def test_tokenize_columns_and_order(articles):
    out = nqp.tokenize(articles)
    assert list(out["article_id"]) == list(articles["article_id"])
    assert {"tokens", "n_words", "n_stopwords", "n_formula"} <= set(out.columns)
    assert "text" not in out.columns and "text_orig" not in out.columns
    assert (out["n_formula"] == 0).all()
    assert all(isinstance(t, list) for t in out["tokens"])
    assert (out["n_words"] >= out["tokens"].map(len) + out["n_stopwords"]).all()


def test_long_table_offsets_and_sentences(articles):
    long = nqp.tokenize(articles, long=True, canonical=False)
    assert list(long.columns) == T.LONG_COLUMNS
    text = dict(zip(articles["article_id"], articles["text"]))
    for aid, group in long.groupby("article_id", sort=False):
        t = text[aid]
        spans = nqp.sentence_spans(t)
        assert group["position"].is_monotonic_increasing
        for s, e, tok, sent in zip(group["start"], group["end"], group["token"], group["sentence"]):
            assert t[s:e] == tok
            assert spans[sent][0] <= s and e <= spans[sent][1]


def test_formula_layer_reported_on_its_own(articles):
    plain = nqp.tokenize(articles)
    form = nqp.tokenize(articles, formula=True)
    assert form["n_formula"].sum() > 0 and (form["n_formula"] > 0).mean() > 0.5
    assert (form["n_stopwords"] == plain["n_stopwords"]).all()
    assert (form["tokens"].map(len) + form["n_formula"] == plain["tokens"].map(len)).all()
    flat = [t for ts in form["tokens"] for t in ts]
    assert "推进" not in flat and "加快" not in flat and "进一步" not in flat
    removed = nqp.tokens_removed(articles, formula=True)
    assert list(removed.columns) == ["layer", "token", "n", "n_articles"]
    formula = removed[removed["layer"] == "formula"]
    assert {"推进", "加快", "进一步"} <= set(formula["token"])
    assert formula["n"].sum() == form["n_formula"].sum()


def test_deterministic(articles):
    a = nqp.tokenize(articles, long=True)
    b = nqp.tokenize(articles, long=True)
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
    nqp.tokenize(articles, backend="jieba", lexicon=T.LEXICON_FILE)
    assert _global_state() == before
    assert "建圈强链" not in jieba.lcut("引导产业建圈强链")


def test_jieba_log_quiet(articles, caplog):
    with caplog.at_level(logging.DEBUG, logger="jieba"):
        T._SEGMENTERS.clear()
        nqp.tokenize(articles.head(1), backend="jieba")
    assert not [r for r in caplog.records if r.name == "jieba"]


# -- backends ------------------------------------------------------------------------------


def test_lexicon_applied_identically_to_both_backends():
    a = T._Segmenter(T._config(None, "jieba"))
    b = T._Segmenter(T._config(None, "rjieba"))
    assert a.freqs == b.freqs
    assert set(a.freqs) == {f for t, vs in zip(*T.load_lexicon()[["term", "variants"]].T.values) for f in (t, *vs)}


def _assert_backends_equal(texts, lexicons=(None, False)):
    for lexicon in lexicons:
        a = T._segment_many(T._config(lexicon, "jieba"), texts, 1)
        b = T._segment_many(T._config(lexicon, "rjieba"), texts, 1)
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        assert not diffs, f"backends differ on {len(diffs)} texts (lexicon={lexicon}), first {diffs[0]}"


def test_backends_equal_on_seeds(corpus, articles):
    # the articles (analysis layer) and the raw texts, traditional seed included
    _assert_backends_equal(list(articles["text"]) + list(corpus["text"]))


def test_backends_equal_on_reference_corpus(reference_corpus):
    _assert_backends_equal(list(reference_corpus["text"]), lexicons=(None,))


# -- processes and cache ---------------------------------------------------------------------


@pytest.mark.parametrize("start_method", [None, "spawn"])
def test_n_jobs_2_equals_n_jobs_1(articles, start_method, monkeypatch):
    """Worker processes give the same table; "spawn" is what macOS and Windows use."""
    monkeypatch.setattr(T, "START_METHOD", start_method)
    one = nqp.tokenize(articles, long=True)
    two = nqp.tokenize(articles, long=True, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_cache_changes_no_result_and_lexicon_invalidates_it(articles, tmp_path):
    cache = tmp_path / "cache"
    none = nqp.tokenize(articles, long=True)
    cold = nqp.tokenize(articles, long=True, cache_dir=cache)
    warm = nqp.tokenize(articles, long=True, cache_dir=cache)
    pd.testing.assert_frame_equal(none, cold)
    pd.testing.assert_frame_equal(none, warm)
    parts = list(cache.rglob("*.parquet"))
    assert parts and not [p for p in parts if p.name.startswith(".tmp")]
    # a changed lexicon: a different cache entry, and the new term whole
    user = tmp_path / "mine.csv"
    user.write_text("term,category\n数字文创,industry\n", encoding="utf-8-sig")
    flat = lambda f: [t for ts in f["tokens"] for t in ts]  # noqa: E731
    assert "数字文创" not in flat(nqp.tokenize(articles, cache_dir=cache))
    changed = nqp.tokenize(articles, cache_dir=cache, lexicon=[T.LEXICON_FILE, user])
    if "数字文创" in "".join(articles["text"]):
        assert "数字文创" in flat(changed)
    assert len({p.parent for p in cache.rglob("*.parquet")}) == 2
    shutil.rmtree(cache)
    pd.testing.assert_frame_equal(nqp.tokenize(articles, long=True, cache_dir=cache), none)


def test_cache_from_environment(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("NQP_CACHE_DIR", str(tmp_path / "env"))
    nqp.tokenize(articles.head(2))
    assert list((tmp_path / "env").rglob("*.parquet"))
    nqp.tokenize(articles.head(2), cache_dir=False)


# -- lexicon --------------------------------------------------------------------------------

REQUIRED = [
    "新质生产力", "建圈强链", "链主", "新三样", "东数西算", "成渝地区双城经济圈", "粤港澳大湾区", "高质量发展",
    "新型工业化", "现代化产业体系", "未来产业", "专精特新", "智能制造", "关键子链", "产业建圈强链",
    "供给侧结构性改革", "微网优联",
]


def test_load_lexicon():
    lex = nqp.load_lexicon()
    assert list(lex.columns) == T.LEXICON_COLUMNS
    assert lex["term"].is_unique and lex["term"].is_monotonic_increasing
    assert set(REQUIRED) <= set(lex["term"])
    row = lex.set_index("term").loc["建圈强链"]
    assert "建圈強鏈" in row["variants"]
    assert (lex["category"] != "").all() and (lex["note"] != "").all()


def test_user_lexicon_formats(tmp_path):
    txt = tmp_path / "user.txt"
    txt.write_bytes("\ufeff# my terms\n数字文创 100 n\n園中園\n".encode("utf-8"))
    lex = nqp.load_lexicon(txt, builtin=False)
    assert list(lex["term"]) == ["园中园", "数字文创"]  # BOM stripped, traditional term simplified
    assert "園中園" in lex.set_index("term").loc["园中园", "variants"]
    assert lex.set_index("term").loc["数字文创", "freq"] == 100


def test_too_low_frequency_is_raised_and_reported(tmp_path, caplog):
    """jieba would silently split a word added with a frequency below its parts'; nqp says so and fixes it."""
    path = tmp_path / "low.txt"
    path.write_text("产业发展 2\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="nqp"):
        tokens = nqp.tokenize_text("推动产业发展", lexicon=path, stopwords=False)
    assert "产业发展" in tokens
    assert any("too low" in r.getMessage() and "产业发展" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "content,message",
    [
        ("term,category\n建圈 强链,program\n", "whitespace"),
        ("word,category\n建圈强链,program\n", "no 'term' column"),
        ("term,category\n成渝·双城经济圈,region\n", "word boundary"),
        ("term,freq\n建圈强链,many\n", "not a whole number"),
    ],
)
def test_bad_lexicon_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NqpError, match=message):
        nqp.load_lexicon(path)


def test_lexicon_file_not_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("建圈强链\n".encode("gbk"))
    with pytest.raises(NqpError, match="not UTF-8"):
        nqp.load_lexicon(path)


def test_lexicon_variants():
    assert nqp.lexicon_variants("建圈强链") == ["建圈强链", "建圈強鏈"]
    assert nqp.lexicon_variants("建圈強鏈") == ["建圈强链", "建圈強鏈"]
    assert nqp.lexicon_variants("建圈强链", compounds=True) == ["建圈强链", "产业建圈强链", "建圈強鏈", "產業建圈強鏈"]
    assert nqp.lexicon_variants("发展") == ["发展", "發展"]


# -- audit and discovery ----------------------------------------------------------------------


def test_audit_on_seeds(articles):
    audit = nqp.lexicon_audit(articles).set_index("term")
    for term in ["新质生产力", "建圈强链", "东数西算", "成渝地区双城经济圈", "微网优联", "关键子链"]:
        row = audit.loc[term]
        assert row["n"] > 0 and row["n_split"] == 0, term
    # plain jieba keeps none of these whole
    assert audit.loc[["新质生产力", "东数西算", "微网优联"], "n_whole_plain"].sum() == 0
    detail = nqp.lexicon_audit(articles, detail=True)
    assert set(detail["status"]) <= {"whole", "inside", "split"}
    inside = detail[(detail["term"] == "建圈强链") & (detail["status"] == "inside")]
    assert (inside["segmentation"] == "产业建圈强链").all()


def test_discovery_surfaces_seed_terms(articles):
    found = nqp.terms_discover(articles, top=30)
    assert {"建圈强链", "关键子链", "产业建圈强链"} & set(found["term"])
    assert found["score"].is_monotonic_decreasing
    assert found["in_lexicon"].any()
    # none is a plain dictionary word
    seg = T._segmenter(T._config(False, "auto"))
    assert not [t for t in found["term"] if seg.has_word(t)]


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"n_jobs": 0}, "n_jobs"),
        ({"backend": "spacy"}, "backend"),
        ({"lexicon": 3}, "lexicon"),
        ({"text_column": "body"}, "no 'body' column"),
    ],
)
def test_bad_arguments(articles, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.tokenize(articles, **kwargs)

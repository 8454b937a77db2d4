"""Cleaning internals: script conversion fallback, the page engine's passes, the rules cache."""

from __future__ import annotations


def test_phrase_conversion_that_changes_length_falls_back_per_character(monkeypatch):
    import importlib

    mod = importlib.import_module("nqp.script")

    class Fake:
        def convert(self, text):  # a phrase rule that adds a character, and per-character rules
            return text.replace("後發展", "后发展了").replace("後", "后").replace("發", "发")

    monkeypatch.setattr(mod, "converter", lambda config: Fake())
    monkeypatch.setattr(mod, "_CHAR_T2S", {})
    assert mod.to_simplified("後發展\n後") == "后发展\n后"


def test_page_passes_run_in_the_order_of_one_tuple():
    from nqp.cleaning import page as P

    assert [f.__name__ for f in P.PASSES] == [
        "mark_lines", "classify_paragraphs", "detect_layout", "remove_repeats", "split_articles", "join_paragraphs"
    ]
    assert all(callable(f) and f.__module__ == "nqp.cleaning.page" for f in P.PASSES)


def test_run_passes_labels_every_character_as_clean_reports(corpus):
    """The page engine on its own gives the labels behind nqp.clean's articles and removal log."""
    import numpy as np

    import nqp
    from nqp.cleaning import page as P

    rules = nqp.load_clean_rules()
    names = [""] + rules.rule_names()
    ids = {n: i for i, n in enumerate(names) if n}
    cleaned = nqp.clean(corpus)
    for doc in cleaned.corpus.itertuples(index=False):
        page = P.run_passes(P.new_page(doc.text, rules, ids, doc.outlet))
        assert isinstance(page, P.Page) and page.label.shape == (len(doc.text),)
        expected = np.zeros(len(doc.text), dtype=np.int16)
        rm = cleaned.removals[cleaned.removals["doc_id"] == doc.doc_id]
        for s, e, rule in zip(rm["start"], rm["end"], rm["rule"]):
            expected[s:e] = ids[rule]
        assert (page.label == expected).all(), doc.doc_id
        n_articles = int((cleaned.articles["doc_id"] == doc.doc_id).sum())
        assert len(page.groups) == n_articles
        det = cleaned.details[cleaned.details["doc_id"] == doc.doc_id]
        assert len(page.joins) == int((det["step"] == "paragraph_join").sum())
        assert len(page.repeats) == int((det["step"] == "repeat").sum())


def test_a_pass_can_be_left_out():
    """Passes are plain functions: without remove_repeats, the layout repeat of a page stays (the document
    is cleaned as a page: on its own it shows no sign of one)."""
    import nqp
    from nqp.cleaning import page as P

    rules = nqp.load_clean_rules()
    ids = {n: i for i, n in enumerate([""] + rules.rule_names()) if n}
    passage = "推进产业建圈强链重在构建“链主”企业、公共平台、中介机构、产业基金、领军人才集聚共生的产业生态,"
    raw = f"标题\n\n{passage}这是第一段。\n\n第二段说明了别的事情。\n\n{passage}这是第一段。"
    full = P.run_passes(P.new_page(raw, rules, ids, layout="page"))
    assert len(full.repeats) == 1 and (full.label == ids["repeat"]).sum() > len(passage)
    assert P.run_passes(P.new_page(raw, rules, ids)).repeats == []  # detected: an article, its repeats are the author's
    without = P.run_passes(P.new_page(raw, rules, ids, layout="page"), [f for f in P.PASSES if f is not P.remove_repeats])
    assert without.repeats == [] and not (without.label == ids["repeat"]).any()


def test_rules_cache_is_keyed_by_content(tmp_path):
    from nqp.cleaning import rules as R

    f = tmp_path / "r.toml"
    f.write_text("[settings]\nheading_max_commas = 3\n", encoding="utf-8")
    R._load_rules_cached.cache_clear()
    a = R.load_clean_rules(f)
    b = R.load_clean_rules(str(f))
    assert a is b and R._load_rules_cached.cache_info().hits == 1
    f.write_text("[settings]\nheading_max_commas = 4\n", encoding="utf-8")
    c = R.load_clean_rules(f)
    assert c is not a and c.heading_max_commas == 4 and R._load_rules_cached.cache_info().misses == 2


def _page_of(raw: str):
    import nqp
    from nqp.cleaning import page as P

    rules = nqp.load_clean_rules()
    ids = {n: i for i, n in enumerate([""] + rules.rule_names()) if n}
    return P.run_passes(P.new_page(raw, rules, ids, layout="page"))


def test_break_evidence_names_what_shows_one_sentence():
    """Each kind of evidence on a two-paragraph page; a paragraph that only stops is left alone."""
    cases = {
        "comma": ("会议强调,要加快构建现代化产业体系,", "推动高质量发展。"),
        "continuation": ("采用有别于传统方式", "的新模式,确保监管时时在线。"),
        "function_word": ("数字化带来的科技创新见效最快。”据", "介绍,成都已有多家企业参与。"),
        "titles": ("成都发布了《产业发展规划》", "《实施意见》及配套实施细则。"),
        "quotation": ("他说:“目前,我们建成", "覆盖全部科室的平台。”"),
        "short_clause": ("双方表示愿意深化合作。近日,乌中", "两国举行了地方合作论坛。"),
        "word": ("国务院安委会要督", "促各地各有关方面落实责任。"),
        None: ("分批次推进具有代表性的中小企业", "在四川成都,中国移动四川公司打造了智慧工厂。"),
    }
    lead = "这是正文的第一句。"  # a sentence inside: the paragraph is body text, not a heading
    for why, (a, b) in cases.items():
        a = lead + a
        page = _page_of(f"{a}\n\n{b}")
        assert [j[2] for j in page.joins] == ([why] if why else []), (why, page.joins)
        assert page.joins == [] or page.joins[0][:2] == (len(a), len(a) + 2)


def test_break_evidence_ngram_elsewhere_in_the_document():
    a, b = "这是正文的第一句。自上线以来,成都智算", "中心已为近200家企业提供服务。"
    raw = f"成都智算中心是西南首个国家级平台。\n\n{a}\n\n{b}"
    page = _page_of(raw)
    assert [j[2] for j in page.joins] == ["ngram"]
    alone = _page_of(f"{a}\n\n{b}")  # without the unbroken copy there is no evidence
    assert alone.joins == []


def test_the_cut_seed_paragraph_is_not_glued(cleaned):
    from seed_ids import D002

    raw = cleaned.corpus.set_index("doc_id").loc[D002, "text"]
    cut = raw.index("分批次推进具有代表性的中小企业") + len("分批次推进具有代表性的中小企业")
    det = cleaned.details[(cleaned.details["doc_id"] == D002) & (cleaned.details["step"] == "paragraph_join")]
    assert cut not in set(det["start"])
    text = cleaned.articles.set_index("doc_id").loc[D002, "text"]
    assert "分批次推进具有代表性的中小企业\n在四川成都," in text
    assert "数字化带来的科技创新见效最快。”据介绍," in text  # the join with evidence stays
    assert set(det["evidence"]) == {"function_word"}

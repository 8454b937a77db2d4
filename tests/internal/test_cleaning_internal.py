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

"""Coding the seeds: hits against hand counts on the analysis layer, both scripts, globs, phrases, groups."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from seed_ids import D003

import nqp

SIMPLIFIED = {"theme": ["建圈强链"], "innovation": {"tech": ["科技创新"], "force": ["新质生产力"]}}
TRADITIONAL = {"theme": ["建圈強鏈"], "innovation": {"tech": ["科技創新"], "force": ["新質生產力"]}}


def _hand(articles, term):
    """Occurrences of ``term`` per article_id, counted with str.count on the analysis layer."""
    return {a: t.count(term) for a, t in zip(articles["article_id"], articles["text"]) if t.count(term)}


def _per_article(hits, category):
    return hits[hits["category"] == category].groupby("article_id").size().to_dict()


@pytest.mark.parametrize("mapping", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_word_counts_equal_hand_counts_in_either_script(seed_articles, mapping):
    d = nqp.Dictionary.from_mapping(mapping)
    hits = nqp.category_hits(seed_articles, d)
    assert _per_article(hits, "theme") == _hand(seed_articles, "建圈强链")
    assert _per_article(hits, "innovation/tech") == _hand(seed_articles, "科技创新")
    assert _per_article(hits, "innovation/force") == _hand(seed_articles, "新质生产力")
    assert sum(_hand(seed_articles, "建圈强链").values()) > 0


def test_hits_are_quoted_in_the_original_script_and_trace_to_the_raw_text(seed_articles, corpus):
    hits = nqp.category_hits(seed_articles, SIMPLIFIED)
    trad = hits[hits["doc_id"] == D003]
    assert len(trad) and set(trad.loc[trad["category"] == "theme", "match"]) == {"建圈強鏈"}
    raw = corpus.set_index("doc_id")["text"]
    by_id = seed_articles.set_index("article_id")
    for r in hits.itertuples():
        assert raw[r.doc_id][r.start:r.end] == r.match  # no removal falls inside a four-character match here
        assert by_id.at[r.article_id, "text_orig"][r.text_start:r.text_end] == r.match
        assert r.sentence[r.sentence_offset:r.sentence_offset + len(r.match)] == r.match
        assert nqp.normalize_text(r.match) == r.form


def test_phrase_matches_with_or_without_the_space(seed_articles):
    d = nqp.Dictionary.from_mapping({"p": ["科技 创新"]})
    hits = nqp.category_hits(seed_articles, d)
    assert _per_article(hits, "p") == _hand(seed_articles, "科技创新")
    arts = pd.DataFrame({"doc_id": ["x"], "article_id": ["x-01"], "text": ["推动科技 创新与科技创新"],
                         "text_orig": ["推动科技 创新与科技创新"]})
    assert nqp.category_hits(arts, d)["form"].tolist() == ["科技 创新", "科技创新"]


def test_prefix_glob_starts_one_hit_at_every_occurrence_of_its_stem(seed_articles):
    d = nqp.Dictionary.from_mapping({"g": ["新质*"]})
    hits = nqp.category_hits(seed_articles, d)
    assert _per_article(hits, "g") == _hand(seed_articles, "新质")
    texts = seed_articles.set_index("article_id")["text"]
    for r in hits.itertuples():
        after = texts[r.article_id][r.text_start + 2:r.text_start + 4]
        assert r.form == "新质" + re.match(r"[\u4e00-\u9fff]{0,2}", after).group(0)
    assert "新质生产" in set(hits["form"])  # the * takes up to two Chinese characters


def test_suffix_glob_and_category_forms(seed_articles):
    hits = nqp.category_hits(seed_articles, {"chain": ["*链"]})
    assert len(hits) == sum(t.count("链") for t in seed_articles["text"])
    forms = nqp.category_forms(hits, top=3)
    hand = hits["form"].value_counts()
    assert forms["hits"].tolist() == hand.sort_values(ascending=False).head(3).tolist()
    assert forms["share"].iloc[0] == round(hand.iloc[0] / len(hits), 4)


def test_longest_entry_wins_and_hits_never_overlap(seed_articles):
    d = nqp.Dictionary.from_mapping({"short": ["建圈强链"], "long": ["产业建圈强链"]})
    hits = nqp.category_hits(seed_articles, d)
    n_long = sum(_hand(seed_articles, "产业建圈强链").values())
    assert (hits["category"] == "long").sum() == n_long
    assert (hits["category"] == "short").sum() == sum(_hand(seed_articles, "建圈强链").values()) - n_long
    for _, g in hits.groupby("article_id"):
        assert (g["text_start"].iloc[1:].to_numpy() >= g["text_end"].iloc[:-1].to_numpy()).all()


def test_latin_entries_match_whole_words_case_insensitively():
    arts = pd.DataFrame({"doc_id": ["x"], "article_id": ["x-01"], "text": ["AI与MAIL,ai芯片,Taxes"],
                         "text_orig": ["AI与MAIL,ai芯片,Taxes"]})
    hits = nqp.category_hits(arts, {"a": ["AI"], "t": ["tax*"]})
    assert hits["match"].tolist() == ["AI", "ai", "Taxes"]


def test_categories_per_group_against_hand_counts(seed_articles):
    d = nqp.Dictionary.from_mapping(SIMPLIFIED)
    table = nqp.categories(seed_articles, d, by="outlet")
    assert list(table.columns) == ["outlet", "category", "hits", "n_articles", "n_chars", "per_10k_chars", "share"]
    for outlet, arts in seed_articles.groupby("outlet"):
        rows = table[table["outlet"] == outlet].set_index("category")
        n = {c: sum(t.count(w) for t in arts["text"]) for c, w in
             (("theme", "建圈强链"), ("innovation/tech", "科技创新"), ("innovation/force", "新质生产力"))}
        chars = int(arts["text"].str.len().sum())
        total = sum(n.values())
        for c, k in n.items():
            assert rows.at[c, "hits"] == k
            assert rows.at[c, "n_chars"] == chars
            assert rows.at[c, "per_10k_chars"] == pytest.approx(1e4 * k / chars, abs=1e-4)
            assert rows.at[c, "share"] == pytest.approx(k / total if total else 0.0, abs=1e-4)
    fam = nqp.categories(seed_articles, d, by="corpus", level=1)
    assert fam["category"].tolist() == ["theme", "innovation"]
    assert fam.set_index("category").at["innovation", "hits"] == sum(
        t.count("科技创新") + t.count("新质生产力") for t in seed_articles["text"])


def test_categories_by_period_and_document_cover_every_group(seed_articles):
    d = nqp.Dictionary.from_mapping(SIMPLIFIED)
    per_doc = nqp.categories(seed_articles, d, by="document")
    assert set(per_doc["doc_id"]) == set(seed_articles["doc_id"])
    assert len(per_doc) == seed_articles["doc_id"].nunique() * 3
    per_period = nqp.categories(seed_articles, d, by="period", freq="year")
    assert per_period.groupby("period")["n_articles"].first().sum() == len(seed_articles)
    assert per_period["hits"].sum() == len(nqp.category_hits(seed_articles, d))
    assert list(dict.fromkeys(per_period["period"])) == sorted(set(per_period["period"]))


def test_within_the_theme_paragraphs(seed_articles):
    mentions = nqp.theme(seed_articles, ["建圈强链"])
    contexts = nqp.theme_contexts(mentions, seed_articles, scope="paragraph")
    hits = nqp.category_hits(seed_articles, {"t": ["科技创新"]}, within=contexts)
    spans = set(zip(contexts["article_id"], contexts["context_start"], contexts["context_end"]))
    texts = seed_articles.set_index("article_id")["text"]
    hand = sum(texts[a][s:e].count("科技创新") for a, s, e in spans)
    assert len(hits) == hand
    table = nqp.categories(seed_articles, {"t": ["科技创新"]}, by="corpus", hits=hits)
    assert table["n_chars"].iloc[0] == sum(e - s for _, s, e in spans)


def test_a_title_context_is_no_passage_of_the_text(tmp_path):
    # the headline (metadata) names the theme, the text does not: its context has offsets into the title, which
    # must not select the same offsets of the text
    path = tmp_path / "export.csv"
    pd.DataFrame({"doc_id": ["a"], "title": ["建圈强链观察"],
                  "text": ["科技创新引领发展。\n推进建圈强链，科技创新。"]}).to_csv(path, index=False)
    arts = nqp.clean(nqp.load_corpus(path), progress=False).articles
    mentions = nqp.theme(arts, ["建圈强链"])
    assert sorted(mentions["field"]) == ["text", "title"]
    contexts = nqp.theme_contexts(mentions, arts, scope="paragraph")
    hits = nqp.category_hits(arts, {"t": ["科技创新"]}, within=contexts)
    text = arts["text"].iloc[0]
    second = text.index("推进")  # the paragraph of the mention in the text
    assert hits["text_start"].tolist() == [text.index("科技创新", second)]  # not the first paragraph's at 0


def test_deterministic_and_bad_arguments(seed_articles, corpus):
    a = nqp.categories(seed_articles, None, by="outlet")
    pd.testing.assert_frame_equal(a, nqp.categories(seed_articles, None, by="outlet"))
    with pytest.raises(ValueError, match="by='nope': not a column"):
        nqp.categories(seed_articles, None, by="nope")
    with pytest.raises(ValueError, match="looks like a corpus"):
        nqp.category_hits(corpus, None)
    with pytest.raises(TypeError, match="expected the articles of nqp.clean"):
        nqp.category_hits("seeds", None)

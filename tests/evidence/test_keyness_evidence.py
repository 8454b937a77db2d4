"""Keyness exemplars: every key term quoted from its own side, in the original script."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError

EXEMPLAR_COLUMNS = ["exemplar", "exemplar_doc_id", "exemplar_article_id", "exemplar_start", "exemplar_end"]


def _assert_quoted(key: pd.DataFrame, arts: pd.DataFrame) -> None:
    """Every exemplar is the original-script text at its offsets, and holds its term in the analysis layer."""
    texts = arts.set_index("article_id")
    for row in key.itertuples():
        art = texts.loc[row.exemplar_article_id]
        assert art["text_orig"][row.exemplar_start : row.exemplar_end] == row.exemplar
        assert row.term in art["text"][row.exemplar_start : row.exemplar_end]


def test_seed_keyness_has_exemplars_in_the_original_script(seed_tokens):
    arts, tokens = seed_tokens
    k = nqp.keyness_exemplars(nqp.keyness(tokens, "2026", by="year"), arts)
    assert list(k.columns[-5:]) == EXEMPLAR_COLUMNS
    key = k[k["significant"]]
    assert len(key) > 0 and key["exemplar"].notna().all()
    _assert_quoted(key, arts)
    # 2026 is the traditional-script repost (003): its exemplars are quoted in traditional script
    target = key[key["direction"] == "target"]
    assert target["exemplar_doc_id"].str.startswith("003").all()
    assert target["exemplar"].str.contains("產業|發展|鏈|會|為").any()
    # a term key in the reference is quoted from the reference side (the 2024 documents), never from 003
    reference = key[key["direction"] == "reference"]
    assert len(reference) > 0 and not reference["exemplar_doc_id"].str.startswith("003").any()
    # rows not significant get no exemplar
    assert k.loc[~k["significant"], "exemplar"].isna().all()


def test_keyness_articles_is_deprecated_and_gives_the_same_table(seed_tokens):
    arts, tokens = seed_tokens
    new = nqp.keyness_exemplars(nqp.keyness(tokens, "2026", by="year"), arts)
    with pytest.warns(DeprecationWarning, match="keyness_exemplars"):
        old = nqp.keyness(tokens, "2026", by="year", articles=arts)
    pd.testing.assert_frame_equal(old, new)
    # a tokens table that still carries the text quoted from itself: deprecated alike
    # (with the articles' headings too: tokens no longer carry them, and exemplars skip headings)
    with_text = tokens.merge(arts[["article_id", "text", "text_orig", "headings", "raw_segments"]], on="article_id")
    with pytest.warns(DeprecationWarning, match="keyness_exemplars"):
        implicit = nqp.keyness(with_text, "2026", by="year")
    pd.testing.assert_frame_equal(implicit[EXEMPLAR_COLUMNS], new[EXEMPLAR_COLUMNS])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nqp.keyness(tokens, "2026", by="year")  # the new form warns about nothing


def test_keyness_exemplars_of_a_separate_reference_come_from_it(seed_tokens):
    arts, tokens = seed_tokens
    news = tokens[tokens["doc_id"].str.startswith(("001", "003"))]
    rest = tokens[~tokens["doc_id"].str.startswith(("001", "003"))]
    k = nqp.keyness_exemplars(nqp.keyness(news, reference=rest, min_count=2), arts)
    key = k[k["significant"] & k["exemplar"].notna()]
    sides = key.groupby("direction")["exemplar_article_id"].agg(set)
    assert sides["target"] <= set(news["article_id"]) and sides["reference"] <= set(rest["article_id"])
    _assert_quoted(key, arts)


def test_keyness_each_with_exemplars_equals_one_call_per_group(seed_tokens):
    arts, tokens = seed_tokens
    each = nqp.keyness_exemplars(nqp.keyness_each(tokens, "outlet", min_count=3, min_chars=2), arts)
    outlets = sorted(tokens["outlet"].unique())
    assert list(each["group"].unique()) == [o for o in outlets if o in set(each["group"])]
    for outlet in outlets:
        one = nqp.keyness_exemplars(nqp.keyness(tokens, outlet, by="outlet", min_count=3, min_chars=2), arts)
        part = each[each["group"] == outlet].drop(columns="group").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one)
    key = each[each["significant"] & (each["direction"] == "target")]
    assert len(key) > 0
    # a group's key terms are quoted from that group's own articles
    outlet_of = arts.set_index("article_id")["outlet"]
    assert (key["exemplar_article_id"].map(outlet_of) == key["group"]).all()


def test_keyness_exemplars_needs_the_keyness_attrs(seed_tokens):
    arts, tokens = seed_tokens
    k = nqp.keyness(tokens, "2026", by="year")
    filtered = nqp.keyness_exemplars(k[k["significant"]], arts)  # filtering keeps the attrs
    assert filtered["exemplar"].notna().all()
    with pytest.raises(NqpError, match="attrs"):
        nqp.keyness_exemplars(pd.DataFrame(k.to_dict("list")), arts)  # a table rebuilt without attrs
    with pytest.raises(NqpError, match="nqp.keyness"):
        nqp.keyness_exemplars(pd.DataFrame({"term": ["产业"]}), arts)


def test_seed_tables_are_deterministic(seed_tokens):
    arts, tokens = seed_tokens
    for f in (
        lambda: nqp.keywords(tokens, "outlet", top=15),
        lambda: nqp.keywords(tokens, "doc_id", method="textrank", top=15),
        lambda: nqp.keyness_exemplars(nqp.keyness(tokens, "2026", by="year"), arts),
        lambda: nqp.keyness_exemplars(nqp.keyness_each(tokens, "outlet"), arts),
        lambda: nqp.collocations(tokens, window=5),
    ):
        pd.testing.assert_frame_equal(f(), f())
    assert np.isfinite(nqp.keyness(tokens, "2026", by="year")["g2"]).all()


def test_a_key_word_is_quoted_where_it_is_a_word():
    """质量 inside the lexicon term 高质量发展 is no occurrence of the word the keyness counted: with
    ``words=True`` the exemplar is the sentence where the segmentation has 质量 itself."""
    import pandas as pd

    text = "我们要推动经济高质量发展。质量是企业的生命线。"
    arts = nqp.clean(pd.DataFrame({"doc_id": ["a"], "text": [text]}), progress=False).articles
    first, second = text.split("。")[:2]
    assert "质量" not in nqp.tokenize_texts([first + "。"], stopwords=False)[0]
    assert nqp.exemplars(arts, ["质量"])["sentence"].tolist() == [first + "。"]  # the string
    assert nqp.exemplars(arts, ["质量"], words=True)["sentence"].tolist() == [second + "。"]  # the word
    # a term that is nowhere a word falls back to the string
    assert nqp.exemplars(arts, ["质量发"], words=True)["sentence"].tolist() == [first + "。"]

"""The segmentation audit and the removal layers' lists."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp import schema as S


def test_audit_on_seeds(articles):
    audit = nqp.lexicon_audit(articles).set_index("term")
    for term in ["新质生产力", "建圈强链", "东数西算", "成渝地区双城经济圈", "微网优联", "关键子链"]:
        row = audit.loc[term]
        assert row["n"] > 0 and row["n_split"] == 0, term
    # plain jieba keeps none of these whole
    assert audit.loc[["新质生产力", "东数西算", "微网优联"], "n_whole_plain"].sum() == 0
    detail = nqp.lexicon_audit_detail(articles)
    assert set(detail["status"]) <= {"whole", "inside", "split"}
    inside = detail[(detail["term"] == "建圈强链") & (detail["status"] == "inside")]
    assert (inside["segmentation"] == "产业建圈强链").all()


def test_audit_columns_and_counts(articles):
    audit = nqp.lexicon_audit(articles)
    detail = nqp.lexicon_audit_detail(articles)
    assert list(audit.columns) == S.LEXICON_AUDIT_COLUMNS
    assert list(detail.columns) == S.LEXICON_AUDIT_DETAIL_COLUMNS
    assert len(audit) == len(nqp.load_lexicon())
    # the summary counts the detail rows
    assert audit["n"].sum() == len(detail)
    assert audit["n_whole"].sum() == (detail["status"] == "whole").sum()
    # every occurrence is found in the text, counted independently
    text = "\n".join(articles["text"])
    assert (detail["form"] == "新质生产力").sum() == text.count("新质生产力")
    for aid, form, s, e in zip(detail["article_id"], detail["form"], detail["start"], detail["end"]):
        assert articles.set_index("article_id").at[aid, "text"][s:e] == form


def test_audit_detail_flag_is_deprecated(articles):
    head = articles.head(3)
    with pytest.warns(DeprecationWarning, match="lexicon_audit_detail"):
        old = nqp.lexicon_audit(head, detail=True)
    pd.testing.assert_frame_equal(old, nqp.lexicon_audit_detail(head))


def test_tokenize_removed_counts(articles):
    removed = nqp.tokenize_removed(articles)
    assert list(removed.columns) == S.REMOVED_COLUMNS
    assert list(dict.fromkeys(removed["layer"])) == ["punctuation", "number", "stopword"]
    wide = nqp.tokenize(articles)
    assert removed["n"].sum() == wide["n_stopwords"].sum()
    de = removed[(removed["layer"] == "stopword") & (removed["token"] == "的")].iloc[0]
    long = nqp.tokenize_long(articles, stopwords=False)
    assert de["n"] == (long["token"] == "的").sum()
    assert de["n_articles"] == long.loc[long["token"] == "的", "article_id"].nunique()


def test_tokens_removed_is_a_deprecated_alias(articles):
    head = articles.head(2)
    with pytest.warns(DeprecationWarning, match="nqp.tokens_removed is deprecated.*nqp.tokenize_removed"):
        old = nqp.tokens_removed(head, formula=True)
    pd.testing.assert_frame_equal(old, nqp.tokenize_removed(head, formula=True))
    assert {"tokens_removed", "tokenize_removed"} <= set(nqp.__all__)


def _five_calls(articles, *, lexicon=None, stopwords=True, formula=True, canonical=True, cache_dir=None):
    """tokenize_audit's tables the old way: five calls, each segmenting the articles again."""
    opts = {"lexicon": lexicon, "cache_dir": cache_dir}
    return (nqp.tokenize(articles, stopwords=stopwords, canonical=canonical, **opts),
            nqp.tokenize(articles, stopwords=stopwords, formula=formula, canonical=canonical, **opts),
            nqp.tokenize_removed(articles, stopwords=stopwords, formula=formula, **opts),
            nqp.lexicon_audit(articles, **opts), nqp.lexicon_audit_detail(articles, **opts))


def _assert_same(new, old):
    assert isinstance(new, nqp.TokenizeAudit)
    for name, a, b in zip(new._fields, new, old):
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_tokenize_audit_is_the_five_calls_on_the_seeds(articles):
    new = nqp.tokenize_audit(articles)
    _assert_same(new, _five_calls(articles))
    assert (new.tokens["n_formula"] == 0).all() and new.tokens_formula["n_formula"].sum() > 0
    assert "formula" in set(new.removed["layer"]) and (new.detail["status"] == "inside").any()


def test_tokenize_audit_is_the_five_calls_on_a_generated_corpus(tmp_path):
    from benchmarks.generate import generate

    articles = nqp.clean(generate(200, 3)).articles
    lexicon = nqp.Lexicon.from_any(None)
    _assert_same(nqp.tokenize_audit(articles, lexicon=lexicon), _five_calls(articles, lexicon=lexicon))
    # other options, and through a segmentation cache (read on the second call)
    head = articles.head(60)
    for opts in ({"stopwords": False, "formula": False}, {"stopwords": ["的", "和"], "canonical": False},
                 {"formula": ["推进", "加快"], "cache_dir": tmp_path}, {"cache_dir": tmp_path}):
        _assert_same(nqp.tokenize_audit(head, **opts), _five_calls(head, **opts))


def test_a_latin_term_inside_a_longer_latin_word_is_no_occurrence():
    import pandas as pd

    text = "AIDS防治与AI+制造并行,AI赋能。5G基站与15G,5GB。"
    articles = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]})).articles
    lex = nqp.Lexicon.from_any(None).with_terms(["AI", "5G"], freq=100_000)
    detail = nqp.lexicon_audit_detail(articles, lexicon=lex)
    found = detail[detail["term"].isin(["AI", "5G"])]
    # counted as the theme page counts them: AI twice (not in AIDS), 5G once (not in 15G, 5GB)
    assert found[["term", "start"]].values.tolist() == [["AI", 7], ["AI", 15], ["5G", 20]]

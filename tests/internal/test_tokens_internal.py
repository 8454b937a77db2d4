"""The tokenizing stage's private parts: both backends get the same words and give the same segmentation."""

from __future__ import annotations

import logging


import nqp
from nqp.tokens.lexicon import load_lexicon
from nqp.tokens.parallel import _segment_many
from nqp.tokens.segment import _SEGMENTERS, _config, _Segmenter


def test_jieba_log_quiet(articles, caplog):
    with caplog.at_level(logging.DEBUG, logger="jieba"):
        _SEGMENTERS.clear()
        nqp.tokenize(articles.head(1), backend="jieba")
    assert not [r for r in caplog.records if r.name == "jieba"]


def test_lexicon_applied_identically_to_both_backends():
    a = _Segmenter(_config(None, "jieba"))
    b = _Segmenter(_config(None, "rjieba"))
    assert a.freqs == b.freqs
    assert set(a.freqs) == {f for t, vs in zip(*load_lexicon()[["term", "variants"]].T.values) for f in (t, *vs)}


def _assert_backends_equal(texts, lexicons=(None, False)):
    for lexicon in lexicons:
        a = _segment_many(_config(lexicon, "jieba"), texts, 1)
        b = _segment_many(_config(lexicon, "rjieba"), texts, 1)
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        assert not diffs, f"backends differ on {len(diffs)} texts (lexicon={lexicon}), first {diffs[0]}"


def test_backends_equal_on_seeds(corpus, articles):
    # the articles (analysis layer) and the raw texts, traditional seed included
    _assert_backends_equal(list(articles["text"]) + list(corpus["text"]))


def test_backends_equal_on_reference_corpus(reference_corpus):
    _assert_backends_equal(list(reference_corpus["text"]), lexicons=(None,))


def test_discovered_terms_are_not_dictionary_words(articles):
    found = nqp.terms_discover(articles, top=30)
    seg = _Segmenter(_config(False, "auto"))
    # dictionary words may be listed (when the corpus uses them far more than the dictionary's
    # corpus does), always marked as such
    assert found["in_dictionary"].tolist() == [seg.has_word(t) and not lex for t, lex in zip(found["term"], found["in_lexicon"])]

"""The fast tokens table gives today's tokens: checked against the reference path, word by word.

The reference is the path with offsets that ``tokenize_long``, the cache and the audit use: the
backend's cut, :func:`nqp.tokens.segment._normalize` (nqp's re-split of non-Chinese runs, offsets
computed for every token) and the removal classifier applied word by word. ``nqp.tokenize`` takes a
shorter road (the re-split on the joined words, the words encoded as ids, the layers applied once per
distinct word); these tests hold it to the reference on the seeds, the bundled work reports, generated
text and strings built to hit every branch of the re-split.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nqp
from nqp.tokens.lexicon import Lexicon, _classifier, load_stopwords
from nqp.tokens.segment import _config, _segmenter
from nqp.tokens.tables import case_forms

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402


def _reference(texts, *, stopwords=True, formula=False, canonical=True, fold_case=True, backend="auto"):
    """(tokens, n_words, n_stopwords, n_formula) per text, word by word on the path with offsets; a Latin word's
    casings made one (case_forms over every word of the call) before the lexicon's variants are mapped."""
    lex = Lexicon.from_any(None)
    seg = _segmenter(_config(lex, backend))
    classify = None if stopwords is False and formula is False else _classifier(load_stopwords(stopwords, formula),
                                                                                 stopwords is not False)
    canon = lex.canonical_map() if canonical else {}
    segmented = []
    for text in texts:
        words, starts = seg.segment(text)
        assert "".join(words) == "".join(text.split())  # the offsets path loses no character but whitespace
        assert all(text.startswith(w, s) for w, s in zip(words, starts))
        segmented.append(words)
    written = Counter(w for words in segmented for w in words)
    case = case_forms(list(written), list(written.values()), lex.terms) if fold_case else {}
    out = []
    for words in segmented:
        layers = [classify(w) if classify else "" for w in words]
        kept = [canon.get(case.get(w, w), case.get(w, w)) for w, layer in zip(words, layers) if not layer]
        n_formula = layers.count("formula")
        out.append((kept, len(words), len(words) - len(kept) - n_formula, n_formula))
    return out


def _table(frame):
    return [(list(t), int(a), int(b), int(c)) for t, a, b, c in
            zip(frame["tokens"], frame["n_words"], frame["n_stopwords"], frame["n_formula"])]


OPTIONS = [{}, {"formula": True}, {"stopwords": False}, {"canonical": False}, {"stopwords": False, "formula": True}]


def _assert_same(articles, options, **call):
    got = _table(nqp.tokenize(articles, **options, **call))
    want = _reference(list(articles["text"]), **options, **({"backend": call["backend"]} if "backend" in call else {}))
    bad = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert len(got) == len(want) and not bad, f"{len(bad)} articles differ from the reference, first {bad[:1]}"
    assert sum(len(t) for t, *_ in got) > 0


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "defaults")
def test_seeds_articles_and_raw_texts(corpus, articles, options):
    _assert_same(articles, options)
    _assert_same(corpus, options)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "defaults")
def test_work_reports(reference_corpus, options):
    _assert_same(reference_corpus, options)


def test_work_reports_jieba_backend(reference_corpus):
    _assert_same(reference_corpus.head(6), {}, backend="jieba")


@pytest.fixture(scope="module")
def generated():
    return generate(400, seed=11)


@pytest.mark.parametrize("options", OPTIONS[:3], ids=["defaults", "formula", "no-stopwords"])
def test_generated_text(generated, options):
    _assert_same(generated, options)


def test_generated_text_two_processes(generated):
    _assert_same(generated, {}, n_jobs=2)
    _assert_same(generated, {"formula": True}, n_jobs=2)


def test_with_cache_same_as_reference(generated, tmp_path):
    _assert_same(generated.head(60), {}, cache_dir=tmp_path / "c")
    _assert_same(generated.head(60), {}, cache_dir=tmp_path / "c")  # read back


# characters of every kind the re-split distinguishes: Chinese (BMP and extension A), Latin and digits in
# both widths, jieba's word characters (+#&._%-), full-width punctuation, whitespace of several kinds (the
# unit separator \x1f among them, the packed form's separator), an astral character, runs of dots and dashes
ALPHABET = list("中国新质生产力发展㐀經濟") + list("aZ09Ａｚ０９") + list("+#&._%-") + list("，。“”……——·、（）%％．") + \
    [" ", "\n", "\t", "\u3000", "\x1f", "\x1c", "\U0001F600", "\U00020000"]
WORDS = ["2024年", "5G", "GDP", "3.5%", "A股", "2011-2020", "C++", "新质生产力", "……", "——", "Ｇ２０", "１２．５％"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(WORDS)), max_size=40).map("".join))
def test_fast_resplit_equals_reference_on_built_strings(text):
    for backend in ("rjieba", "jieba"):
        seg = _segmenter(_config(None, backend))
        assert seg.words(text) == seg.segment(text)[0], (backend, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(WORDS)), max_size=25).map("".join),
                max_size=6))
def test_encoded_texts_equal_the_resplit_text_by_text(texts):
    # several texts in one encoder: runs that touch a text's end, empty texts, words shared between texts
    from nqp.tokens.encoding import _Encoder

    for backend in ("rjieba", "jieba"):
        seg = _segmenter(_config(None, backend))
        enc = _Encoder()
        for t in texts:
            enc.add_cut(seg.cut(t))
        vocab, ids, bounds = enc.finish()
        got = [[vocab[i] for i in ids[a:b]] for a, b in zip(bounds[:-1], bounds[1:])]
        assert got == [seg.segment(t)[0] for t in texts], (backend, texts)


def test_encoded_chunks_merge_onto_one_vocabulary():
    # a worker's chunk (its own vocabulary and ids) and raw cuts in one encoder give the words of each text
    from nqp.tokens.encoding import _Encoder

    seg = _segmenter(_config(None))
    texts = ["新质生产力 2.2GW，ＧＤＰ增长５．２％", "建圈强链", "", "A股 和 C++ 2011-2020年"]
    worker = _Encoder()
    for t in texts[:2]:
        worker.add_cut(seg.cut(t))
    vocab, ids, bounds = worker.finish()
    import numpy as np

    enc = _Encoder()
    enc.add_cut(seg.cut(texts[3]))
    enc.add_encoded(vocab, ids, np.diff(bounds))
    enc.add_cut(seg.cut(texts[2]))
    v, i, b = enc.finish()
    got = [[v[k] for k in i[x:y]] for x, y in zip(b[:-1], b[1:])]
    assert got == [seg.segment(t)[0] for t in (texts[3], texts[0], texts[1], texts[2])]
    assert got[1][:3] == ["新质生产力", "2.2", "GW"] and got[2] == ["建圈强链"] and got[3] == []


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(WORDS + ["的", "了", "推进", "坚持", "_", "１２"])),
                max_size=6).map("".join), st.booleans(), st.booleans())
def test_layer_codes_equal_the_classifier(word, stop_on, with_formula):
    from nqp.tokens.lexicon import _LAYER_CODES, _layers_of

    layers = load_stopwords(True, with_formula)
    classify = _classifier(layers, stop_on)
    assert _LAYER_CODES[int(_layers_of([word, "新质生产力"], layers, stop_on)[0])] == classify(word)

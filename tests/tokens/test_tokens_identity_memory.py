"""The encoder's finish and the token lists work batch by batch: the same tokens, in memory of a batch.

``_Encoder.finish`` (the re-split of non-Chinese runs, the dropped whitespace) and ``_kept_tokens`` (the
kept words of each text as a list) go through whole texts about ``_BATCH`` words at a time. Identity: the
tokens table made that way, with batches of a few words (many batches, runs re-split in several of them,
a worker's chunk split again), equals the word-by-word road of ``tokenize_long`` and the reference
re-split (``segment``) text by text, on the seeds, on generated text and on strings built to be re-split.
Memory (``tracemalloc``, which numpy reports to): what each step allocates above its input is bounded by
its output and a batch's temporaries, computed here from the sizes of the arrays and lists, not by a
multiple of the corpus.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.tokens import encoding
from nqp.tokens.encoding import _Encoder, _kept_tokens
from nqp.tokens.lexicon import _layers_of, load_stopwords
from nqp.tokens.segment import _config, _segmenter

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT))  # benchmarks.generate, after the nqp under test

from benchmarks.generate import generate  # noqa: E402

# texts the re-split changes: numbers with units, Latin words with spaces, full-width forms, runs at a text's end
RESPLIT = ["新质生产力 2.2GW，ＧＤＰ增长５．２％", "A股 和 C++ 2011-2020年", "5G 基站 3.5%", "建圈强链 GDP",
           "iPhone 15 Pro Max", "", "  \n  ", "１２．５％的增长 和 x86"]


@pytest.fixture(scope="module")
def texts(articles):
    generated = list(generate(60, seed=5)["text"])
    return list(articles["text"]) + generated + RESPLIT * 3


@pytest.fixture()
def small_batches(monkeypatch):
    monkeypatch.setattr(encoding, "_BATCH", 7)
    monkeypatch.setattr(encoding, "_ENCODE_BATCH", 7)


def _by_text(frame, n):
    ids = [f"t{i}" for i in range(n)]
    got = dict(zip(frame["article_id"], frame["tokens"]))
    return [list(got.get(i, [])) for i in ids]


def test_tokens_in_small_batches_equal_the_word_by_word_road(texts, small_batches):
    ids = [f"t{i}" for i in range(len(texts))]
    arts = pd.DataFrame({"doc_id": ids, "article_id": ids, "text": texts})
    wide = nqp.tokenize(arts, formula=True)
    long = nqp.tokenize_long(arts, formula=True)
    by_long = long.groupby("article_id", sort=False)["token"].agg(list)
    assert [list(t) for t in wide["tokens"]] == [list(by_long.get(i, [])) for i in ids]
    seg = _segmenter(_config(None))
    assert wide["n_words"].tolist() == [len(seg.segment(t)[0]) for t in texts]
    # the same table as one batch would give
    encoding._BATCH, encoding._ENCODE_BATCH = 1 << 17, 1 << 20
    pd.testing.assert_frame_equal(wide, nqp.tokenize(arts, formula=True))


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_finish_in_small_batches_equals_the_reference_resplit(texts, small_batches, backend):
    seg = _segmenter(_config(None, backend))
    # raw cuts, words already re-split and a finished chunk (as a worker sends it) in one encoder
    worker = _Encoder()
    for t in texts[:5]:
        worker.add_cut(seg.cut(t))
    wv, wi, wb = worker.finish()
    enc = _Encoder()
    for t in texts[5:]:
        enc.add_cut(seg.cut(t))
    enc.add_encoded(wv, wi, np.diff(wb))
    enc.add_words(["新质", "生产力", " "])
    vocab, ids, bounds = enc.finish()
    got = [[vocab[k] for k in ids[a:b]] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    want = [seg.segment(t)[0] for t in texts[5:] + texts[:5]] + [["新质", "生产力", " "]]
    assert got == want


def _traced(fn, *args):
    """``(result, bytes allocated at the peak above the start)`` of ``fn(*args)``."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        out = fn(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out, peak - start


@pytest.fixture()
def batch_4096(monkeypatch):
    monkeypatch.setattr(encoding, "_BATCH", 4096)
    return 4096


def _cuts():
    seg = _segmenter(_config(None))
    texts = list(generate(150, seed=1)["text"]) + RESPLIT * 20
    return [seg.cut(t) for t in texts]


def test_finish_allocates_its_result_and_a_batch_not_the_corpus_several_times(batch_4096):
    cuts = _cuts()
    enc = _Encoder()
    for c in cuts:
        enc.add_cut(c)
    enc._flush()
    (vocab, ids, bounds), rise = _traced(enc.finish)
    n_words = len(ids)
    assert n_words > 50_000  # the corpus is many batches
    # the batches' results and their concatenation (4 bytes a word each), a batch's temporaries (flags,
    # masks, pieces: under 64 bytes a word of the batch), a few integers per text
    bound = 2 * 4 * n_words + 64 * batch_4096 + 32 * len(cuts)
    assert rise <= bound, (rise / n_words, bound / n_words)


def test_token_lists_allocate_the_lists_and_a_batch(batch_4096):
    enc = _Encoder()
    for c in _cuts():
        enc.add_cut(c)
    vocab, ids, bounds = enc.finish()
    codes = _layers_of(vocab, load_stopwords(True, False), True)
    (tokens, n_words, n_stop, n_formula), rise = _traced(_kept_tokens, vocab, ids, bounds, codes, {})
    lists = sum(sys.getsizeof(t) for t in tokens) + sys.getsizeof(tokens)
    # the lists, the forms of the vocabulary (an object array and its list), the counts per text, a batch
    bound = lists + 16 * len(vocab) + 48 * len(tokens) + 64 * batch_4096
    assert rise <= bound, (rise, bound)
    assert sum(map(len, tokens)) == int((codes[ids] == 0).sum())  # every kept word once

"""The encoder's batches: words given as lists come back the same, whatever the batch size and the characters.

The encoder (nqp/tokens/encoding.py) joins each text's words with a separator and has Arrow hash them as
slices of one UTF-8 buffer; a text whose words hold the separator, or a lone surrogate, takes another road.
Each test decodes ``(vocabulary, ids, bounds)`` and compares with the lists it put in.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nqp.tokens import encoding
from nqp.tokens.encoding import _Encoder


def _decode(vocab, ids, bounds):
    return [[vocab[i] for i in ids[a:b]] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


WORD = st.text(alphabet=st.sampled_from(list("中国新质生产力的了aZ09，。") + ["\x1f", "\ud800", "\U0001F600", "\x00"]),
               min_size=1, max_size=4)


@pytest.mark.parametrize("batch", [1, 3, 1 << 17])
@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.lists(WORD, max_size=8), max_size=7))
def test_words_come_back_as_given(batch, texts):
    old = encoding._BATCH, encoding._ENCODE_BATCH
    encoding._BATCH = encoding._ENCODE_BATCH = batch
    try:
        enc = _Encoder()
        for words in texts:
            enc.add_words(words)
        vocab, ids, bounds = enc.finish()
    finally:
        encoding._BATCH, encoding._ENCODE_BATCH = old
    assert _decode(vocab, ids, bounds) == texts
    assert len(vocab) == len(set(vocab)) == len({w for t in texts for w in t})
    assert ids.dtype == np.int32


def test_separator_and_surrogate_roads_keep_the_order():
    texts = [["新质", "生产力"], ["a\x1fb", "的"], [], ["\ud800", "新质"], ["生产力", "，"]]
    enc = _Encoder()
    for words in texts:
        enc.add_words(words)
    vocab, ids, bounds = enc.finish()
    assert _decode(vocab, ids, bounds) == texts
    assert vocab.count("新质") == 1  # one id per word, whichever road brought it

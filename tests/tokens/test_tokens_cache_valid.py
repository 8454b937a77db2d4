"""The cache's check that an entry is a segmentation of its text, done for a whole part at once as arrays, says
what the word-by-word reading says (each word found at its start) on true, shifted, lengthened, truncated and
empty entries, with characters outside the Basic Multilingual Plane."""

from __future__ import annotations

import random

import numpy as np

from nqp.tokens.cache import _invalid, _valid
from nqp.tokens.segment import _SEP


def _word_by_word(words, starts, text) -> bool:
    if not isinstance(words, str) or not isinstance(starts, bytes) or len(starts) % 4:
        return False
    if not words:
        return not starts and not text.strip()
    split = words.split(_SEP)
    at = np.frombuffer(starts, dtype=np.int32).tolist()
    return len(at) == len(split) and all(0 <= a and text.startswith(w, a) for w, a in zip(split, at))


def test_the_array_check_agrees_with_reading_each_word():
    rng = random.Random(7)
    chars = "新质生产力发展AB 1\n𠀀。"
    rows, texts = [], {}
    for i in range(2000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 25)))
        words, starts, j = [], [], 0
        while j < len(text):  # a true segmentation of the text without its spaces
            if text[j].isspace():
                j += 1
                continue
            w = text[j:j + rng.randint(1, 3)].split()[0]
            words.append(w)
            starts.append(j)
            j += len(w)
        spoil = rng.random()
        if spoil < 0.2 and words:
            starts[rng.randrange(len(starts))] += rng.choice([-1, 1, 4])
        elif spoil < 0.3 and words:
            k = rng.randrange(len(words))
            words[k] += "X"
        elif spoil < 0.35:
            starts = starts[:-1]
        elif spoil < 0.4 and words:
            starts[0] = -2
        packed = np.array(starts, dtype=np.int32).tobytes()
        if spoil > 0.97:
            packed = packed[:-1]
        key = f"k{i}"
        rows.append((key, _SEP.join(words), packed))
        texts[key] = text
    expected = {k for k, w, s in rows if not _word_by_word(w, s, texts[k])}
    assert 300 < len(expected) < 1500  # both kinds are there
    assert _invalid(rows, texts) == expected
    assert all(_valid((w, s), texts[k]) == (k not in expected) for k, w, s in rows[:200])

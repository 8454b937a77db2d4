"""The repeat search's run comparison, done in doubling blocks, agrees with one comparison of the whole rest."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nqp.cleaning.page import _common_run


def whole_rest(codes: np.ndarray, a: int, b: int, n: int) -> int:
    """The agreeing run found by comparing all ``|n|`` characters at once."""
    if n == 0:
        return 0
    x, y = (codes[a : a + n], codes[b : b + n]) if n > 0 else (codes[a + n : a][::-1], codes[b + n : b][::-1])
    diff = np.flatnonzero(x != y)
    return int(diff[0]) if diff.size else abs(n)


@settings(max_examples=400, deadline=None)
@given(
    period=st.lists(st.integers(0, 2), min_size=1, max_size=200),
    length=st.integers(1, 1500),
    flips=st.lists(st.integers(0, 10**6), max_size=3),
    a=st.integers(0, 10**6),
    b=st.integers(0, 10**6),
    share=st.floats(0, 1),
    forwards=st.booleans(),
)
def test_blocks_agree_with_the_whole_rest(period, length, flips, a, b, share, forwards):
    codes = np.array((period * (length // len(period) + 1))[:length], dtype=np.int32)
    for f in flips:
        codes[f % length] = 9
    a, b = a % length, b % length
    n = round(share * (min(length - a, length - b) if forwards else -min(a, b)))
    text = "".join("ab中x"[c] if c < 3 else "x" for c in codes.tolist())
    assert _common_run(text, a, b, n) == whole_rest(codes, a, b, n)


def test_a_run_longer_than_several_blocks():
    text = "甲乙丙丁戊己庚" * 400  # period 7: positions 0 and 7 agree to the end
    assert _common_run(text, 0, 7, len(text) - 7) == len(text) - 7
    text = text[:2000] + "x" + text[2001:]
    assert _common_run(text, 0, 7, len(text) - 7) == 1993
    assert _common_run(text, 2100, 2107, -2100) == 2100 - 2001

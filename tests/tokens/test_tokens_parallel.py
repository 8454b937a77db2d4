"""Worker processes give the tokens of one process."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.tokens import parallel


@pytest.mark.parametrize("start_method", [None, "spawn"])
def test_n_jobs_2_equals_n_jobs_1(articles, start_method, monkeypatch):
    """Worker processes give the same table; "spawn" is what macOS and Windows use."""
    monkeypatch.setattr(parallel, "START_METHOD", start_method)
    one = nqp.tokenize_long(articles)
    two = nqp.tokenize_long(articles, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(nqp.tokenize(articles), nqp.tokenize(articles, n_jobs=2))


def test_resolve_n_jobs():
    import os

    assert parallel.resolve_n_jobs(3) == 3
    assert parallel.resolve_n_jobs(-1) == (os.cpu_count() or 1)

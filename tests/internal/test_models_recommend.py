"""The k scan's recommendation rule (``nqp.models.topic_scan._recommend``) on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from nqp.models.topic_scan import _recommend


@pytest.mark.parametrize(
    "coherence, stability, expected",
    [
        ([0.10, 0.30, 0.29, 0.20], [1.0, 0.7, 0.9, 1.0], 4),  # k=4 is near the best (k=3) and more stable
        ([0.10, 0.30, 0.20, 0.20], [1.0, 0.7, 0.9, 1.0], 3),  # nothing near the best: the best
        ([0.30, 0.30, 0.30, 0.30], [0.9, 0.9, 0.9, 0.9], 2),  # all tied: the smallest k
        ([0.26, 0.30, 0.28, 0.10], [1.0, 0.998, 0.9, 1.0], 3),  # equally stable to 0.01: the more coherent
        ([0.10, 0.30, 0.28, 0.29], [0.2, 0.3, 0.4, 0.1], 4),  # the most stable near the best, with a warning
    ],
)
def test_recommendation_rule(coherence, stability, expected):
    table = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": coherence, "stability": stability})
    k, reason = _recommend(table, min_stability=0.6, tolerance=0.05, n_seeds=5)
    assert k == expected and reason.startswith(f"k={expected}:")
    assert ("do not reliably come back" in reason) == (table.loc[table["k"] == k, "stability"].item() < 0.6)

"""The k scan's recommendation rule (``nqp.models.topic_scan._recommend``) on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from nqp.models.topic_scan import _recommend


@pytest.mark.parametrize(
    "coherence, stability, smallest, expected, admissible",
    [
        # coherence falls with k, stability flat: not the smallest k but the largest of the equally stable whose
        # coherence is in the upper half of the scan's range (k=5 at 0.10 is in the lower half)
        ([0.30, 0.25, 0.20, 0.10], [0.90, 0.92, 0.90, 0.90], [0.3, 0.2, 0.1, 0.05], 4, [True, True, True, False]),
        # coherence range 0.3: the floor is 0.15 below the best, so k=5 (0.0) is out; k=4 is within 0.05 of 0.95
        ([0.30, 0.25, 0.20, 0.00], [0.80, 0.95, 0.92, 0.99], [0.3, 0.2, 0.1, 0.05], 4, [False, True, True, False]),
        # a clear stability peak wins over more topics
        ([0.20, 0.25, 0.24, 0.23], [0.60, 0.95, 0.70, 0.65], [0.3, 0.2, 0.1, 0.05], 3, [False, True, False, False]),
        # a k whose smallest topic leads under 1% of the documents is never chosen, however stable
        ([0.20, 0.20, 0.20, 0.20], [0.90, 0.90, 0.90, 1.00], [0.3, 0.2, 0.1, 0.005], 4, [True, True, True, False]),
        # the smallest-topic test drops out when no k passes it
        ([0.20, 0.22, 0.20, 0.20], [0.90, 0.50, 0.90, 0.90], [0.0, 0.0, 0.0, 0.0], 5, [True, False, True, True]),
        # unstable everywhere: still a choice, with a warning
        ([0.10, 0.30, 0.28, 0.29], [0.2, 0.3, 0.4, 0.1], [0.3, 0.2, 0.1, 0.05], 4, [False, False, True, False]),
    ],
)
def test_recommendation_rule(coherence, stability, smallest, expected, admissible):
    table = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": coherence, "stability": stability, "smallest_topic": smallest})
    k, reason, mask = _recommend(table, min_stability=0.6, tolerance=0.05, min_topic_share=0.01, n_seeds=5)
    assert k == expected and reason.startswith(f"k={expected}:")
    assert list(mask) == admissible
    assert ("do not reliably come back" in reason) == (table.loc[table["k"] == k, "stability"].item() < 0.6)
    assert ("that test was dropped" in reason) == (max(smallest) < 0.01)
    assert ("the largest k scanned, so a larger k was not tried" in reason) == (expected == 5)

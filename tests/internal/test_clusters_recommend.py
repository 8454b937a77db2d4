"""The cluster scan's rule and the sentence that states it, on hand-made scan tables."""

import pandas as pd

from nqp.models.clusters_quality import _recommend


def _table(rows):
    return pd.DataFrame(rows, columns=["k", "silhouette", "stability"])


def test_the_only_stable_k_is_chosen_and_said_to_be_the_only_one():
    table = _table([(2, 0.286, 0.801), (3, 0.280, 0.721), (10, 0.447, 0.751)])
    k, reason = _recommend(table, 0.8)
    assert k == 2
    assert "k=2 is the only one of the 3 k scanned whose stability reaches 0.80" in reason
    assert "its stability 0.801" in reason and "(here" not in reason


def test_a_single_k_scanned_is_said_as_such():
    k, reason = _recommend(_table([(2, 0.391, 1.0)]), 0.8)
    assert k == 2
    assert reason == "k=2, the only k scanned, reaches a stability of 0.80 (its stability 1.000, mean silhouette 0.391)."


def test_among_several_stable_k_the_best_silhouette_wins():
    table = _table([(2, 0.30, 0.95), (3, 0.41, 0.85), (4, 0.50, 0.60)])
    k, reason = _recommend(table, 0.8)
    assert k == 3
    assert "highest mean silhouette (0.410) among the 2 of the 3 k scanned" in reason
    assert "next best silhouette k=4 (0.500, stability 0.60)" in reason


def test_a_choice_at_the_top_of_the_scan_says_larger_k_were_not_tried():
    table = _table([(2, 0.30, 0.95), (3, 0.35, 0.90), (4, 0.50, 0.85)])
    k, reason = _recommend(table, 0.8)
    assert k == 4 and "k=4 is the largest k scanned, so a larger k was not tried" in reason
    k, reason = _recommend(_table([(2, 0.30, 0.95), (3, 0.50, 0.90), (4, 0.20, 0.85)]), 0.8)
    assert k == 3 and "larger k was not tried" not in reason

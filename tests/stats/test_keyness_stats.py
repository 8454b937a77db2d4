"""Keyness (G², χ², log ratio, multiple testing) and p_adjust, on real seed strings."""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import nqp
from nqp.errors import NqpError


def test_keyness_statistics_match_scipy(small_tokens):
    k = nqp.keyness(small_tokens, "2026", by="year", min_count=1, correction="none")
    A, B = k.attrs["target_total"], k.attrs["reference_total"]
    assert (A, B) == (10, 26)
    assert list(k.columns) == ["term", "direction", "target_count", "reference_count", "target_per_10k",
                               "reference_per_10k", "g2", "chi2", "log_ratio", "p_value", "p_adjusted", "significant"]
    for row in k.itertuples():
        table = [[row.target_count, row.reference_count], [A - row.target_count, B - row.reference_count]]
        g2, p, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
        chi2, _, _, _ = chi2_contingency(table, correction=False)
        assert row.g2 == pytest.approx(g2, abs=1e-9)
        assert row.chi2 == pytest.approx(chi2, abs=1e-9)
        assert row.p_value == pytest.approx(p, rel=1e-9)


def test_keyness_log_ratio_with_a_zero_count(small_tokens):
    k = nqp.keyness(small_tokens, "2026", by="year", min_count=1).set_index("term")
    # 场景: 2 of 10 target tokens, 0 of 26 reference tokens -> 0.5 stands in for the zero
    assert k.loc["场景", "log_ratio"] == pytest.approx(math.log2((2 / 10) / (0.5 / 26)))
    assert k.loc["场景", "direction"] == "target"
    assert k.loc["重庆", "direction"] == "reference"


def test_keyness_order_and_min_count(small_tokens, caplog):
    with caplog.at_level(logging.INFO, logger="nqp"):
        k = nqp.keyness(small_tokens, "2026", by="year", min_count=2)
    assert ((k["target_count"] + k["reference_count"]) >= 2).all()
    assert "not tested" in caplog.text
    order = k["direction"].map({"target": 0, "reference": 1, "none": 2})
    assert order.is_monotonic_increasing
    for _, part in k.groupby("direction"):
        assert part["g2"].is_monotonic_decreasing


def test_keyness_min_chars_and_style(small_tokens):
    rows = small_tokens.assign(tokens=[t + ["做"] * 3 if y == 2026 else t for t, y in zip(small_tokens["tokens"], small_tokens["year"])])
    k = nqp.keyness(rows, "2026", by="year", min_count=1, min_chars=2)
    assert "做" not in set(k["term"]) and k.attrs["target_total"] == 13  # still counted in the totals
    html = nqp.keyness_style(nqp.keyness(rows, "2026", by="year", min_count=1), top=2, significant=False).to_html()
    assert "场景" in html and "log_ratio" in html


@pytest.mark.parametrize(
    "p, method, expected",
    [
        ([0.01, 0.04, 0.03, 0.005], "bh", [0.02, 0.04, 0.04, 0.02]),
        ([0.01, 0.04, 0.03, 0.005], "bonferroni", [0.04, 0.16, 0.12, 0.02]),
        ([0.5, 0.9], "bonferroni", [1.0, 1.0]),
        ([0.01, 0.02], "none", [0.01, 0.02]),
    ],
)
def test_p_adjust_known_values(p, method, expected):
    np.testing.assert_allclose(nqp.p_adjust(p, method), expected)


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_p_adjust_invariants(p):
    p = np.array(p)
    for method in ("bh", "bonferroni"):
        adj = nqp.p_adjust(p, method)
        assert np.all(adj >= p - 1e-15) and np.all(adj <= 1)
        order = np.argsort(p, kind="stable")
        assert np.all(np.diff(adj[order]) >= -1e-12)  # the order of the p-values is kept
    assert np.all(nqp.p_adjust(p, "bh") <= nqp.p_adjust(p, "bonferroni") + 1e-15)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": "2030", "by": "year"}, "no such group"),
        ({"target": "2026", "by": "year", "reference": ["2026", "2024"]}, "overlap"),
        ({"target": "2026", "by": "year", "correction": "holm"}, "correction='holm'"),
        ({"target": "2026", "by": "year", "min_count": 0}, "min_count=0"),
        ({"target": [True, False]}, "boolean mask"),
        ({}, "target"),
    ],
)
def test_keyness_rejects_bad_arguments(small_tokens, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.keyness(small_tokens, **kwargs)


def test_keyness_against_a_separate_reference(small_tokens):
    news, reference = small_tokens.iloc[:2], small_tokens.iloc[2:]
    k = nqp.keyness(news, reference=reference, min_count=1)
    joint = nqp.keyness(small_tokens, np.array([True, True, False, False]), min_count=1)
    pd.testing.assert_frame_equal(k, joint)


def test_keyness_mask_target(small_tokens):
    mask = (small_tokens["outlet"] == "每日经济新闻").to_numpy()
    a = nqp.keyness(small_tokens, mask, min_count=1)
    b = nqp.keyness(small_tokens, "每日经济新闻", by="outlet", min_count=1)
    pd.testing.assert_frame_equal(a, b)


def test_keyness_each_is_one_keyness_per_group(small_tokens):
    each = nqp.keyness_each(small_tokens, "outlet", min_count=1)
    outlets = sorted(small_tokens["outlet"])
    assert list(each.columns) == ["group"] + list(nqp.keyness(small_tokens, outlets[0], by="outlet", min_count=1).columns)
    assert list(each["group"].unique()) == outlets
    for outlet in outlets:
        one = nqp.keyness(small_tokens, outlet, by="outlet", min_count=1)
        part = each[each["group"] == outlet].drop(columns="group").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one)
        assert each.attrs["target_total"][outlet] == len(small_tokens.set_index("outlet").loc[outlet, "tokens"])
    assert each.attrs["by"] == "outlet"
    with pytest.raises(NqpError, match="at least two groups"):
        nqp.keyness_each(small_tokens.assign(outlet="科技日报"), "outlet")


def test_keyness_remembers_its_sides_and_still_writes_parquet(small_tokens, tmp_path):
    k = nqp.keyness(small_tokens, "2026", by="year", min_count=1)
    rows = nqp.keyness_rows(k)
    assert isinstance(k.attrs["rows"], str)  # one JSON text: pandas deep-copies attrs at every operation
    assert dict(zip(rows["article_id"], rows["side"])) == {"003-01": "target", "001-01": "reference",
                                                           "002-01": "reference", "004-01": "reference"}
    k.to_parquet(tmp_path / "k.parquet")  # pandas stores attrs as JSON: they must stay plain
    back = pd.read_parquet(tmp_path / "k.parquet")
    pd.testing.assert_frame_equal(back, k)
    assert nqp.keyness_rows(back)["side"] == rows["side"]

"""The validation round trip: write a seeded sample, mark it, read it back: precision and Wilson interval."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import nqp


def _wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_round_trip(seed_articles, tmp_path):
    hits = nqp.category_hits(seed_articles, None)
    path = tmp_path / "sample.csv"
    sample = nqp.validation_sample(hits, n=5, random_state=3, path=path)
    again = nqp.validation_sample(hits, n=5, random_state=3)
    pd.testing.assert_frame_equal(sample, again)
    assert not sample.equals(nqp.validation_sample(hits, n=5, random_state=4))
    sizes = hits["category"].value_counts()
    assert sample.groupby("category").size().to_dict() == {c: min(5, k) for c, k in sizes.items()}
    assert (sample["correct"] == "").all()
    # every sampled row is a hit of the table
    keys = set(zip(hits["article_id"], hits["text_start"]))
    assert all(k in keys for k in zip(sample["article_id"], sample["text_start"]))

    marked = pd.read_csv(path, dtype=str, keep_default_na=False)
    cats = list(dict.fromkeys(marked["category"]))
    first = marked["category"] == cats[0]
    marks = ["1", "0", "y", "✓", "对"] * 100
    marked.loc[first, "correct"] = marks[: int(first.sum())]
    marked.loc[~first, "correct"] = "0"
    marked.loc[marked.index[-1], "correct"] = ""  # one row not read
    marked.to_csv(path, index=False)

    prec = nqp.validation_read(path).set_index("category")
    k0 = sum(m != "0" for m in marks[: int(first.sum())])
    n0 = int(first.sum())
    assert prec.at[cats[0], "n_correct"] == k0 and prec.at[cats[0], "n_marked"] == n0
    assert prec.at[cats[0], "precision"] == pytest.approx(k0 / n0)
    lo, hi = _wilson(k0, n0)
    assert prec.at[cats[0], "ci_low"] == pytest.approx(lo) and prec.at[cats[0], "ci_high"] == pytest.approx(hi)
    last = marked["category"].iloc[-1]
    assert prec.at[last, "n_marked"] == prec.at[last, "n_sampled"] - 1
    assert prec.at[last, "precision"] == 0.0


def test_wilson_interval_known_value():
    # 8 of 10: Wilson 95% interval (0.4902, 0.9433), as in the textbooks
    lo, hi = nqp.wilson_interval(8, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)
    assert all(math.isnan(v) for v in nqp.wilson_interval(0, 0))


def test_bad_marks_name_the_line(seed_articles, tmp_path):
    hits = nqp.category_hits(seed_articles, None)
    path = tmp_path / "s.csv"
    nqp.validation_sample(hits, n=2, path=path)
    marked = pd.read_csv(path, dtype=str, keep_default_na=False)
    marked.loc[1, "correct"] = "maybe"
    marked.to_csv(path, index=False)
    with pytest.raises(nqp.NqpError, match=r"s.csv, line 3: correct='maybe' is not a mark"):
        nqp.validation_read(path)
    with pytest.raises(nqp.NqpError, match="does not exist"):
        nqp.validation_read(tmp_path / "none.csv")
    with pytest.raises(ValueError, match=r"\.csv file"):
        nqp.validation_sample(hits, path=tmp_path / "s.parquet")

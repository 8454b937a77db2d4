"""A cache is only an optimisation: a malformed entry is a miss (logged, segmented again, rewritten), and a
cache folder that cannot be used is refused naming the variable or argument and the remedy."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import nqp
from nqp.errors import NqpValueError


def _corrupt_bytes(path):
    path.write_bytes(b"PAR1 not a parquet file at all")


def _wrong_columns(path):
    pq.write_table(pa.table({"a": [1, 2], "b": ["x", "y"]}), path)


def _wrong_types(path):
    t = pq.read_table(path)
    pq.write_table(pa.table({"key": pa.array(range(t.num_rows)), "words": t["words"], "starts": t["starts"]}), path)


def _map_entries(path, fn):
    t = pq.read_table(path)
    words, starts = t["words"].to_pylist(), t["starts"].to_pylist()
    new = [fn(w, s) for w, s in zip(words, starts)]
    pq.write_table(pa.table({"key": t["key"],
                             "words": pa.array([w for w, _ in new], type=pa.large_string()),
                             "starts": pa.array([s for _, s in new], type=pa.large_binary())}), path)


def _truncated_offsets(path):  # half an int32 lost at the end of every entry
    _map_entries(path, lambda w, s: (w, s[:-2]))


def _one_offset_missing(path):  # a whole int32 lost: fewer starts than words
    _map_entries(path, lambda w, s: (w, s[:-4]))


def _offsets_shifted(path):  # the right count, pointing at the wrong characters
    _map_entries(path, lambda w, s: (w, (np.frombuffer(s, dtype=np.int32) + 1).astype(np.int32).tobytes()))


@pytest.mark.parametrize(
    "damage",
    [_corrupt_bytes, _wrong_columns, _wrong_types, _truncated_offsets, _one_offset_missing, _offsets_shifted],
    ids=["unreadable bytes", "valid Parquet, other columns", "key of the wrong type",
         "truncated offsets", "an offset missing", "offsets shifted"],
)
def test_a_malformed_cache_part_is_a_miss_and_rewritten(articles, tmp_path, caplog, damage):
    cache = tmp_path / "cache"
    expected = nqp.tokenize_long(articles)  # no cache
    nqp.tokenize_long(articles, cache_dir=cache)
    (part,) = sorted(cache.rglob("part-*.parquet"))
    damage(part)
    with caplog.at_level(logging.INFO, logger="nqp.tokens.cache"):
        again = nqp.tokenize_long(articles, cache_dir=cache)
    pd.testing.assert_frame_equal(again, expected)
    n = articles["text"].nunique()
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and str(part) in warned[0] and "malformed" in warned[0]
    assert f"0 texts found, {n} segmented" in caplog.text
    # the part holds the same texts again, well formed (the keys name the part, so it has its old name)
    assert pq.read_table(part).column_names == ["key", "words", "starts"]
    assert pq.read_table(part).num_rows == n
    # rewritten: the next run finds every text, warns of nothing, and gives the same table
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="nqp.tokens.cache"):
        third = nqp.tokenize_long(articles, cache_dir=cache)
    assert f"{n} texts found, 0 segmented" in caplog.text
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]
    pd.testing.assert_frame_equal(third, expected)


def test_only_the_bad_entries_of_a_part_are_segmented_again(articles, tmp_path, caplog):
    cache = tmp_path / "cache"
    nqp.tokenize(articles, cache_dir=cache)
    (part,) = sorted(cache.rglob("part-*.parquet"))
    first_key = pq.read_table(part)["key"].to_pylist()[0]
    _map_entries(part, lambda w, s: (w, s))  # rewritten unchanged: still valid
    t = pq.read_table(part)
    starts = t["starts"].to_pylist()
    starts[0] = starts[0][:-1]
    pq.write_table(pa.table({"key": t["key"], "words": t["words"], "starts": pa.array(starts, type=pa.large_binary())}), part)
    with caplog.at_level(logging.INFO, logger="nqp.tokens.cache"):
        nqp.tokenize(articles, cache_dir=cache)
    n = articles["text"].nunique()
    assert f"{n - 1} texts found, 1 segmented" in caplog.text
    assert "1 malformed entries" in caplog.text
    assert first_key not in pq.read_table(part)["key"].to_pylist()  # dropped from its part, written anew


def test_cache_dir_from_the_environment_naming_a_file(articles, tmp_path, monkeypatch):
    f = tmp_path / "cache.txt"
    f.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NQP_CACHE_DIR", str(f))
    with pytest.raises(NqpValueError) as info:
        nqp.tokenize(articles.head(1))
    msg = str(info.value)
    assert msg.startswith(f"the environment variable NQP_CACHE_DIR={str(f)!r}: is an existing file")
    assert "unset it" in msg and "a folder you can write to" in msg
    assert f.read_text(encoding="utf-8") == "not a folder"


def test_cache_dir_from_the_environment_under_a_file_or_read_only(articles, tmp_path, monkeypatch, read_only):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NQP_CACHE_DIR", str(f / "cache"))
    with pytest.raises(NqpValueError, match=r"NQP_CACHE_DIR=.*/file' is a file, so no folder can be made under it"):
        nqp.tokenize(articles.head(1))
    monkeypatch.setenv("NQP_CACHE_DIR", str(read_only / "cache"))
    with pytest.raises(NqpValueError, match=r"NQP_CACHE_DIR=.*read-only' is not writable.*unset it"):
        nqp.tokenize(articles.head(1))
    assert list(read_only.iterdir()) == []


def test_cache_dir_argument_naming_a_file(articles, tmp_path):
    f = tmp_path / "cache.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(NqpValueError, match=r"^cache_dir='.*cache\.txt': is an existing file, but a folder is expected"):
        nqp.tokenize(articles.head(1), cache_dir=f)

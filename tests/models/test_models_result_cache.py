"""The user-level result cache: the cached road gives what the uncached one gives; a bad entry is computed again."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.models import result_cache


@pytest.fixture(scope="module")
def reports():
    return nqp.clean(nqp.gov_work_reports().iloc[::8].reset_index(drop=True)).articles


def _scan(reports):
    tokens = nqp.tokenize(reports, formula=True)
    sentences = nqp.tokenize_long(reports, formula=True)
    d = nqp.dtm(tokens, min_df=2, max_df=0.9)
    return d, nqp.topics_scan(d, sentences, ks=[2, 3], n_seeds=2, random_state=0)


class _Counted:
    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self):
        self.calls += 1
        return self.f()


def _assert_same(a, b):
    (d1, s1), (d2, s2) = a, b
    assert (d1.matrix != d2.matrix).nnz == 0 and list(d1.vocab) == list(d2.vocab)
    pd.testing.assert_frame_equal(d1.docs, d2.docs)
    pd.testing.assert_frame_equal(s1.table, s2.table)
    assert s1.reason == s2.reason and s1.recommended_k == s2.recommended_k
    pd.testing.assert_frame_equal(s1.topics().topic_terms, s2.topics().topic_terms)
    np.testing.assert_array_equal(s1.topics().doc_topics, s2.topics().doc_topics)


def _entries(folder):
    return sorted((folder / "results-v1").glob("*.pkl"))


def test_cached_road_is_the_uncached_one(tmp_path, reports):
    plain = _scan(reports)
    compute = _Counted(lambda: _scan(reports))
    key = {"reports": reports, "ks": [2, 3]}
    first = nqp.result_cached("scan", key, compute, cache_dir=tmp_path)
    second = nqp.result_cached("scan", key, compute, cache_dir=tmp_path)
    assert compute.calls == 1 and len(_entries(tmp_path)) == 1  # the second call read the entry
    _assert_same(first, plain)
    _assert_same(second, plain)


def test_a_changed_input_is_another_entry(tmp_path, reports):
    compute = _Counted(lambda: len(reports))
    nqp.result_cached("n", {"reports": reports, "k": 3}, compute, cache_dir=tmp_path)
    nqp.result_cached("n", {"reports": reports, "k": 4}, compute, cache_dir=tmp_path)
    edited = reports.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + "。"
    nqp.result_cached("n", {"reports": edited, "k": 3}, compute, cache_dir=tmp_path)
    assert compute.calls == 3 and len(_entries(tmp_path)) == 3
    nqp.result_cached("n", {"reports": reports.copy(), "k": 3}, compute, cache_dir=tmp_path)  # same content
    assert compute.calls == 3


@pytest.mark.parametrize("damage", ["garbage", "flipped", "truncated", "empty", "other_key", "unpicklable"])
def test_a_corrupt_or_stale_entry_is_computed_again(tmp_path, damage):
    key = {"k": 1}
    nqp.result_cached("x", key, lambda: {"value": 1}, cache_dir=tmp_path)
    (path,) = _entries(tmp_path)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not an entry")
    elif damage == "flipped":  # a byte of the pickle changed: the digest no longer matches
        path.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "other_key":  # a whole entry of another key under this name (stale)
        result_cache._write(path, b"another key", {"value": 2})
    else:  # digest right, pickle that does not load
        import hashlib

        payload = b"\x80\x05not a pickle"
        path.write_bytes(result_cache._MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    compute = _Counted(lambda: {"value": 1})
    assert nqp.result_cached("x", key, compute, cache_dir=tmp_path) == {"value": 1}
    assert compute.calls == 1
    assert nqp.result_cached("x", key, compute, cache_dir=tmp_path) == {"value": 1}  # rewritten whole
    assert compute.calls == 1


def test_where_the_cache_is(tmp_path, monkeypatch):
    compute = _Counted(lambda: 1)
    nqp.result_cached("x", {}, compute, cache_dir=False)
    assert compute.calls == 1 and not list(tmp_path.iterdir())
    monkeypatch.setenv("NQP_RESULT_CACHE_DIR", "")  # empty: no cache
    nqp.result_cached("x", {}, compute)
    assert compute.calls == 2
    monkeypatch.setenv("NQP_RESULT_CACHE_DIR", str(tmp_path / "env"))
    nqp.result_cached("x", {}, compute)
    assert len(_entries(tmp_path / "env")) == 1
    monkeypatch.delenv("NQP_RESULT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    nqp.result_cached("x", {}, compute)
    assert len(_entries(tmp_path / "xdg" / "nqp")) == 1 and compute.calls == 4


def test_a_folder_that_cannot_be_written_returns_the_result(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert nqp.result_cached("x", {}, lambda: 5, cache_dir=blocker / "sub") == 5


def test_an_entry_read_and_stored_step_by_step(tmp_path, reports):
    plain = _scan(reports)
    key = {"reports": reports, "ks": [2, 3]}
    entry = nqp.result_entry("scan", key, cache_dir=tmp_path)
    assert isinstance(entry, nqp.ResultEntry) and not entry.found and entry.value is None
    assert entry.store(_scan(reports)) is entry.value and entry.found
    again = nqp.result_entry("scan", key, cache_dir=tmp_path)
    assert again.found
    _assert_same(again.value, plain)
    off = nqp.result_entry("scan", key, cache_dir=False)  # no cache: never found, nothing written
    assert not off.found and off.store(1) == 1 and len(_entries(tmp_path)) == 1

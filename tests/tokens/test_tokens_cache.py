"""The segmentation cache changes no result; a changed lexicon never reads a stale entry."""

from __future__ import annotations

import shutil

import pandas as pd

import nqp
from nqp.tokens import LEXICON_FILE


def test_cache_changes_no_result_and_lexicon_invalidates_it(articles, tmp_path):
    cache = tmp_path / "cache"
    none = nqp.tokenize_long(articles)
    cold = nqp.tokenize_long(articles, cache_dir=cache)
    warm = nqp.tokenize_long(articles, cache_dir=cache)
    pd.testing.assert_frame_equal(none, cold)
    pd.testing.assert_frame_equal(none, warm)
    parts = list(cache.rglob("*.parquet"))
    assert parts and not [p for p in parts if p.name.startswith(".tmp")]
    # a changed lexicon: a different cache entry, and the new term whole
    user = tmp_path / "mine.csv"
    user.write_text("term,category\n数字文创,industry\n", encoding="utf-8-sig")
    flat = lambda f: [t for ts in f["tokens"] for t in ts]  # noqa: E731
    assert "数字文创" not in flat(nqp.tokenize(articles, cache_dir=cache))
    changed = nqp.tokenize(articles, cache_dir=cache, lexicon=[LEXICON_FILE, user])
    assert "数字文创" in "".join(articles["text"])  # seed 002 has it
    assert "数字文创" in flat(changed)
    assert len({p.parent for p in cache.rglob("*.parquet")}) == 2
    shutil.rmtree(cache)
    pd.testing.assert_frame_equal(nqp.tokenize_long(articles, cache_dir=cache), none)


def test_cache_from_environment(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("NQP_CACHE_DIR", str(tmp_path / "env"))
    nqp.tokenize(articles.head(2))
    parts = sorted((tmp_path / "env").rglob("*.parquet"))
    assert parts
    nqp.tokenize(articles.iloc[2:4], cache_dir=False)  # other texts, no cache: nothing written
    assert sorted((tmp_path / "env").rglob("*.parquet")) == parts

"""Reprint families are copies of their source: a chain of copies of copies is not one family."""

from __future__ import annotations

import numpy as np
import pandas as pd

import nqp

L, STEP, K = 120, 20, 5


def _chain(n: int, seed: int = 3) -> pd.DataFrame:
    """n articles, each a window of one random text of ideographs shifted by STEP: neighbours alike, far ones not."""
    rng = np.random.default_rng(seed)
    base = "".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 5000, size=L + STEP * n))
    rows = [{"doc_id": f"t{i:02d}", "outlet": f"报{i % 7}", "date": f"2023-{1 + i // 28:02d}-{1 + i % 28:02d}",
             "text": base[i * STEP: i * STEP + L]} for i in range(n)]
    return pd.DataFrame(rows)


def _jaccard(a: str, b: str) -> float:
    ga = {a[i:i + K] for i in range(len(a) - K + 1)}
    gb = {b[i:i + K] for i in range(len(b) - K + 1)}
    return len(ga & gb) / len(ga | gb)


def test_a_chain_of_copies_of_copies_is_not_one_family():
    corpus = _chain(30)
    texts = corpus.set_index("doc_id")["text"]
    assert _jaccard(texts["t00"], texts["t01"]) >= 0.5 > _jaccard(texts["t00"], texts["t02"])
    articles = nqp.clean(corpus).articles
    fam = nqp.reprint_families(articles, unit="article", threshold=0.5)
    assert fam["family"].nunique() > 1
    for _, group in fam.groupby("family"):
        source = group.loc[group["is_source"], "doc_id"].iloc[0]
        for doc in group["doc_id"]:  # every member a copy of the source itself, measured here
            assert _jaccard(texts[doc], texts[source]) >= 0.5
    # every pair of neighbours in the chain is a copy: each article is in a family, the earliest the source
    assert set(fam["doc_id"]) == set(corpus["doc_id"])
    assert fam.loc[fam["is_source"], "doc_id"].iloc[0] == "t00"

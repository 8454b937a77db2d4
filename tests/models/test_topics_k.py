"""The k scan's rule on planted corpora (documents drawn from k known word distributions: the recommended k is
the planted k for k in 3, 5, 8), its table and the fits it hands on."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.bench_topics_k import planted_corpus  # noqa: E402  (the benchmark prints the same corpora's scans)


@pytest.mark.parametrize("k", [3, 5, 8])
def test_recommended_k_is_the_planted_k(k):
    tokens, planted = planted_corpus(k)
    d = nqp.dtm(tokens)
    scan = nqp.topics_scan(d, tokens, ks=range(2, 12), random_state=0)
    assert scan.recommended_k == k, scan.table
    t = scan.table.set_index("k")
    assert t.loc[k, "admissible"] and t["recommended"].sum() == 1
    # the planted k is about as stable as the most stable k, and no larger k passes the rule's tests
    assert t.loc[k, "stability"] >= t["stability"].max() - scan.tolerance
    assert not t.loc[t.index > k, "admissible"].any()
    # the chosen model finds the planted topics: each planted topic is the best match of one found topic
    found = [set(v) for v in scan.topics(k).top_terms(10).values()]
    assert sorted(max(range(k), key=lambda p: len(f & planted[p])) for f in found) == list(range(k))


def test_scan_table_and_the_fits_it_hands_on():
    tokens, _ = planted_corpus(3, n_per=20)
    d = nqp.dtm(tokens)
    scan = nqp.topics_scan(d, tokens, ks=[2, 3, 4], random_state=1, n_seeds=3)
    t = scan.table
    assert list(t.columns) == ["k", "coherence", "coherence_min", "stability", "smallest_topic", "admissible", "recommended"]
    # smallest_topic: the share of documents whose heaviest topic is the least-led topic, recomputed here
    for k in (2, 3, 4):
        wide = scan.topics(k).doc_topic_matrix().to_numpy()
        lead = np.bincount(wide.argmax(axis=1), minlength=k)
        assert t.set_index("k").loc[k, "smallest_topic"] == pytest.approx(lead.min() / len(wide))
    # the scan's model of k is the one nqp.topics fits: same tables, no second fit needed
    for k in (2, 3):
        direct = nqp.topics(d, k, random_state=1)
        for name in ("topic_terms", "doc_topics", "labels"):
            pd.testing.assert_frame_equal(getattr(scan.topics(k), name), getattr(direct, name))
        assert scan.topics(k).history == direct.history
    assert scan.topics() is scan.topics(scan.recommended_k)
    with pytest.raises(NqpError, match=r"k=7: the scan fitted k in \[2, 3, 4\]"):
        scan.topics(7)
    fig, axes = nqp.textplot_topics_scan(scan)
    assert len(axes) == 3
    again = nqp.topics_scan(d, tokens, ks=[2, 3, 4], random_state=1, n_seeds=3)
    pd.testing.assert_frame_equal(scan.table, again.table)
    assert scan.reason == again.reason


@pytest.mark.parametrize("kwargs, match", [(dict(sample=0), "sample"), (dict(sample=1.5), "sample"),
                                            (dict(min_topic_share=-0.1), "min_topic_share")])
def test_bad_rule_arguments(kwargs, match):
    tokens, _ = planted_corpus(3, n_per=4)
    with pytest.raises(NqpError, match=match):
        nqp.topics_scan(nqp.dtm(tokens), tokens, ks=[2], **kwargs)

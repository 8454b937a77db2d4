"""Small fits run on one thread (nqp.models._common.small_fits_on_one_thread), with the same results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_info

import nqp
from nqp.models import _common


@pytest.fixture(scope="module")
def dtm(seed_tokens):
    return nqp.dtm(seed_tokens[1], min_df=1)


def test_small_fits_see_one_thread_and_large_ones_the_pools(monkeypatch):
    seen = []

    @_common.small_fits_on_one_thread
    def fit(x):
        seen.append(max((p["num_threads"] for p in threadpool_info()), default=1))
        return x.shape

    assert fit(np.zeros((10, 3))) == (10, 3)
    assert seen[-1] == 1
    monkeypatch.setattr(_common, "ONE_THREAD_BELOW", 5)  # 10 documents are now "large": the pools are left alone
    fit(np.zeros((10, 3)))
    assert seen[-1] == max((p["num_threads"] for p in threadpool_info()), default=1)


def test_clusterings_and_topics_are_those_of_the_thread_pools(dtm, monkeypatch):
    # the same fits with the pools as they are (the limit set below the corpus) give the same partitions and
    # topics; the floating-point sums may differ in their last bits only
    def run():
        scan = nqp.clusters_scan(dtm, ks=[2, 3], random_state=0, n_runs=2)
        groups = nqp.clusters(dtm, 3, random_state=0)
        model = nqp.topics(dtm, 3, "nmf", random_state=0)
        return scan.table, groups.assignments, model.labels, model.doc_topics

    one = run()
    monkeypatch.setattr(_common, "ONE_THREAD_BELOW", 0)
    pools = run()
    for a, b in zip(one, pools):
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)
    assert one[1]["cluster"].tolist() == pools[1]["cluster"].tolist()

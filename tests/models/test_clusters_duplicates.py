"""k-means on a corpus of duplicates: fewer distinct documents than clusters is said in the log, not warned."""

from __future__ import annotations

import logging
import warnings

import pandas as pd

import nqp


def test_kmeans_on_duplicates_logs_instead_of_warning(caplog):
    texts = ["产业链供应链韧性持续增强，企业创新能力提升。"] * 4 + ["乡村振兴全面推进，农民收入稳步增长。"] * 4
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    dtm = nqp.dtm(nqp.tokenize(nqp.clean(corpus).articles), min_df=1)
    distinct = len(set(texts))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.INFO, logger="nqp.models.clusters_fit"):
            result = nqp.clusters(dtm, k=distinct + 1, method="kmeans")
    assert result.assignments["cluster"].nunique() <= distinct
    assert any(f"k-means with k={distinct + 1}" in r.getMessage() for r in caplog.records)

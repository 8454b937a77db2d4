"""Document clustering: planted groups, determinism, tables, silhouette scan, dendrogram, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError

GROUPS = {
    "能源": "光伏 锂电 氢能 储能 电池 风电 新能源 充电桩".split(),
    "算力": "算力 模型 芯片 算法 数据 智算 机器人 大模型".split(),
    "区域": "成渝 双城 经济圈 湾区 协同 区域 通道 枢纽".split(),
}
TITLES = {"能源": "成都光伏产业加快发展", "算力": "成都智算中心投入运营", "区域": "成渝地区双城经济圈建设"}


@pytest.fixture(scope="module")
def grouped():
    rng = np.random.default_rng(1)
    rows = []
    for i in range(24):
        g = list(GROUPS)[i % 3]
        words = [str(rng.choice(GROUPS[g])) for _ in range(40)]
        rows.append({"doc_id": f"d{i:02d}", "title": f"{TITLES[g]}（{i}）", "group": g, "tokens": words})
    tokens = pd.DataFrame(rows)
    return tokens, nqp.dtm(tokens)


@pytest.mark.parametrize("method", ["hierarchical", "kmeans", "nmf"])
def test_planted_groups_are_found(grouped, method):
    tokens, d = grouped
    res = nqp.clusters(d, 3, method, random_state=0)
    # each cluster holds exactly one planted group
    cross = pd.crosstab(res.assignments["cluster"], tokens["group"])
    assert (cross.gt(0).sum(axis=1) == 1).all() and (cross.gt(0).sum(axis=0) == 1).all()
    assert res.silhouette > 0.5
    # clusters are numbered by their first document
    assert res.assignments["cluster"].iloc[0] == 1
    assert list(res.table["cluster"]) == [1, 2, 3]
    assert res.table["n_docs"].sum() == 24
    first = res.table.iloc[0]
    assert first["titles"].startswith(TITLES["能源"])
    assert set(first["top_terms"].split()) <= set(GROUPS["能源"])


def test_assignments_schema(grouped):
    tokens, d = grouped
    res = nqp.clusters(d, 3)
    assert list(res.assignments.columns) == ["doc_id", "label", "cluster", "silhouette"]
    assert list(res.assignments["doc_id"]) == list(tokens["doc_id"])
    assert list(res.assignments["label"]) == list(tokens["title"])
    assert res.assignments["silhouette"].between(-1, 1).all()
    assert list(res.table.columns) == ["cluster", "n_docs", "silhouette", "top_terms", "titles"]


@pytest.mark.parametrize("method", ["hierarchical", "kmeans", "nmf"])
def test_clusters_deterministic(grouped, method):
    tokens, d = grouped
    noisy = nqp.dtm(tokens.assign(tokens=[t[:8] + ["协同", "芯片"] for t in tokens["tokens"]]))
    a = nqp.clusters(noisy, 4, method, random_state=7)
    b = nqp.clusters(noisy, 4, method, random_state=7)
    pd.testing.assert_frame_equal(a.assignments, b.assignments)
    pd.testing.assert_frame_equal(a.table, b.table)


def test_topic_space_and_scan(grouped):
    tokens, d = grouped
    res = nqp.topics(d, 3)
    c = nqp.clusters(res, 3, "kmeans")
    assert c.space == "topics" and c.table["n_docs"].sum() == 24
    assert set(c.table["top_terms"].iloc[0].split()) <= {"T1", "T2", "T3"}
    scan = nqp.clusters_scan(d, range(2, 7), n_runs=3)
    assert list(scan.table["k"]) == [2, 3, 4, 5, 6]
    assert list(scan.table.columns) == ["k", "silhouette", "calinski_harabasz", "stability", "smallest", "recommended"]
    assert scan.recommended_k == 3 and scan.table["recommended"].sum() == 1
    assert "k=3" in scan.reason
    fig, axes = nqp.textplot_clusters_scan(scan)
    assert len(axes) == 3 and "recommended k = 3" in axes[0].get_title()


def test_dendrogram_labels_are_titles(grouped):
    tokens, d = grouped
    res = nqp.clusters(d, 3, "hierarchical")
    fig, ax = nqp.textplot_dendrogram(res, max_chars=8)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 24
    assert all(" · " in label and len(label.split(" · ", 1)[1]) <= 8 for label in labels)
    assert any("光伏" in label for label in labels)
    with pytest.raises(NqpError, match="hierarchical"):
        nqp.textplot_dendrogram(nqp.clusters(d, 3, "kmeans"))


@pytest.mark.parametrize("k", [1, 0, 24, 2.0, "3", True])
def test_bad_k(grouped, k):
    tokens, d = grouped
    with pytest.raises(NqpError, match="k"):
        nqp.clusters(d, k)


def test_bad_arguments(grouped):
    tokens, d = grouped
    with pytest.raises(NqpError, match="method"):
        nqp.clusters(d, 3, "dbscan")
    with pytest.raises(NqpError, match="linkage"):
        nqp.clusters(d, 3, linkage="centroid")
    with pytest.raises(NqpError, match="space"):
        nqp.clusters(d, 3, space="umap")
    with pytest.raises(NqpError, match="n_components"):
        nqp.clusters(d, 3, n_components=1)
    with pytest.raises(NqpError, match="label"):
        nqp.clusters(d, 3, label="headline")
    with pytest.raises(NqpError, match="Dtm"):
        nqp.clusters(tokens, 3)
    with pytest.raises(NqpError, match="ks"):
        nqp.clusters_scan(d, [])


@pytest.mark.parametrize("random_state", [None, -1, 0.5, np.random.default_rng(0)])
def test_random_state_is_checked(grouped, random_state):
    tokens, d = grouped
    for call in (
        lambda: nqp.clusters(d, 3, "kmeans", random_state=random_state),
        lambda: nqp.clusters_scan(d, [2, 3], random_state=random_state),
    ):
        with pytest.raises(NqpError, match="random_state"):
            call()

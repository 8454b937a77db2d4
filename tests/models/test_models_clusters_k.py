"""Clustering on corpora with known groups: the default against the other methods, the choice of k,
stability that measures something, the comparison table, the summary sentence and the clusters figure."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import nqp
from nqp.errors import NqpError

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.bench_clusters import planted  # noqa: E402

HARD = {"background": (0.8, 0.95), "mix": 0.4, "median_len": 100}
MEDIUM = {"background": (0.7, 0.9), "mix": 0.3, "median_len": 120}


def _dtm(n, k, seed, **kw):
    tok = planted(n, k, seed, **kw)
    return tok, nqp.dtm(tok, min_df=2)


@pytest.fixture(scope="module")
def hard5():
    return _dtm(500, 5, 1, **HARD)


@pytest.fixture(scope="module")
def three():
    return _dtm(300, 3, 0, **MEDIUM)


def test_generator_plants_the_groups_it_says():
    tok = planted(60, 4, 9, **HARD)
    again = planted(60, 4, 9, **HARD)
    pd.testing.assert_frame_equal(tok, again)
    assert set(tok["group"]) == {0, 1, 2, 3} and list(tok.columns) == ["doc_id", "title", "group", "tokens"]
    assert all(15 <= len(t) <= 3000 for t in tok["tokens"])


@pytest.mark.parametrize("corpus", ["hard5", "three"])
def test_the_default_is_within_005_of_the_best_method(corpus, request):
    tok, d = request.getfixturevalue(corpus)
    k = tok["group"].nunique()
    truth = tok["group"].to_numpy()
    tried = {
        "kmeans lsa": nqp.clusters(d, k),
        "ward lsa": nqp.clusters(d, k, "hierarchical"),
        "nmf": nqp.clusters(d, k, "nmf"),
        "kmeans tfidf": nqp.clusters(d, k, space="tfidf"),
        "average tfidf": nqp.clusters(d, k, "hierarchical", space="tfidf", linkage="average"),
    }
    nmi = {name: normalized_mutual_info_score(truth, c.assignments["cluster"]) for name, c in tried.items()}
    assert tried["kmeans lsa"].method == "kmeans" and tried["kmeans lsa"].space == "lsa"  # the default
    assert nmi["kmeans lsa"] >= max(nmi.values()) - 0.05, nmi
    if corpus == "hard5":
        # the old default (average linkage on TF-IDF) chains nearly every document into one cluster
        sizes = tried["average tfidf"].table["n_docs"]
        assert sizes.max() / sizes.sum() > 0.9 and nmi["average tfidf"] < 0.1
    # compare reports the same NMI as computed here
    table = nqp.clusters_compare(d, k, groups=truth, n_runs=2)
    row = table[table["default"]].iloc[0]
    assert row["clustering"] == "k-means on 20 LSA dimensions of TF-IDF"
    assert row["nmi"] == pytest.approx(nmi["kmeans lsa"])
    assert table["default"].sum() == 1 and len(table) == 5


@pytest.mark.parametrize("n, k, seed, ks", [(300, 3, 0, range(2, 7)), (600, 5, 4, range(3, 8)), (800, 8, 3, range(6, 11))])
def test_the_scan_recovers_the_planted_k(n, k, seed, ks):
    _, d = _dtm(n, k, seed, **MEDIUM)
    scan = nqp.clusters_scan(d, ks, n_runs=3)
    assert scan.recommended_k == k, scan.table
    row = scan.table.set_index("k").loc[k]
    assert row["stability"] >= scan.min_stability and row["recommended"]
    # the silhouette in LSA space separates the ks (in TF-IDF space they all sit near 0)
    assert row["silhouette"] - scan.table["silhouette"].min() > 0.05


def test_stability_is_lower_for_an_unstable_setting(three):
    tok, d = three
    right = nqp.clusters_stability(d, 3, n_runs=4)
    too_many = nqp.clusters_stability(d, 8, n_runs=4)
    assert list(right.columns) == ["run_a", "run_b", "n_shared", "ari", "nmi"] and len(right) == 6
    assert right["ari"].mean() > 0.9 and too_many["ari"].mean() < right["ari"].mean() - 0.15
    # the runs really are perturbed: each is fitted on its own 80% of the documents
    assert (right["n_shared"] < d.shape[0]).all() and (right["n_shared"] > 0.5 * d.shape[0]).all()
    # a corpus with no groups at all is unstable at any k
    _, flat = _dtm(300, 1, 3, **MEDIUM)
    assert nqp.clusters_stability(flat, 3, n_runs=4)["ari"].mean() < 0.6


def test_nmf_starts_depend_on_the_seed(three):
    # NNDSVD would start every seed alike (a stability of 1.00 by construction); the random start does not
    _, flat = _dtm(200, 1, 5, **MEDIUM)
    a = nqp.clusters(flat, 4, "nmf", random_state=0).assignments["cluster"]
    b = nqp.clusters(flat, 4, "nmf", random_state=1).assignments["cluster"]
    assert adjusted_rand_score(a, b) < 0.9
    pairs = nqp.clusters_stability(flat, 4, "nmf", sample=1.0, n_runs=3)
    assert (pairs["n_shared"] == flat.shape[0]).all() and pairs["ari"].mean() < 0.9


def test_scan_and_stability_are_deterministic(three):
    _, d = three
    a = nqp.clusters_scan(d, [2, 3, 4], n_runs=2, random_state=3)
    b = nqp.clusters_scan(d, [2, 3, 4], n_runs=2, random_state=3)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.reason == b.reason
    pd.testing.assert_frame_equal(nqp.clusters_stability(d, 3, random_state=5), nqp.clusters_stability(d, 3, random_state=5))


def test_summary_states_the_computed_figures(three):
    tok, d = three
    scan = nqp.clusters_scan(d, [2, 3, 4], n_runs=2)
    res = nqp.clusters(d, scan.recommended_k)
    text = nqp.clusters_summary(res, scan)
    biggest = res.table.sort_values(["n_docs", "cluster"], ascending=[False, True]).iloc[0]
    stab = scan.table.set_index("k").loc[res.k, "stability"]
    assert text.startswith("K-means on 20 LSA dimensions of TF-IDF puts the 300 documents into 3 clusters")
    assert f"mean silhouette of {res.silhouette:.2f}" in text and f"ARI {stab:.2f}" in text
    assert f"holds {biggest['n_docs']:,} documents" in text and "the scan's choice" in text
    by_hand = nqp.clusters_summary(nqp.clusters(d, 4), scan)
    assert "k = 4 was set by hand (the scan recommends k = 3)" in by_hand
    with pytest.raises(NqpError, match="Clusters"):
        nqp.clusters_summary(scan)


def test_clusters_figure_reads_at_any_number_of_clusters(three):
    import matplotlib.pyplot as plt

    _, d = three
    res = nqp.clusters(d, 3)
    fig, ax = nqp.textplot_clusters(res)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lab.split(" · ")[0] for lab in labels] == ["1", "2", "3"]
    assert "300 documents in 3 clusters" in ax.get_title()
    plt.close(fig)
    many = nqp.clusters(d, 16)
    fig, ax = nqp.textplot_clusters(many, max_clusters=12)
    assert len(ax.get_yticklabels()) == 12 and "the 12 largest of 16 drawn" in ax.get_title()
    assert fig.get_size_inches()[1] < 7
    plt.close(fig)
    tiny = nqp.dtm(pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [["光伏", "储能"], ["光伏", "电池"], ["算力", "芯片"]]}))
    fig, ax = nqp.textplot_clusters(nqp.clusters(tiny, 2))
    assert len(ax.get_yticklabels()) == 2
    plt.close(fig)


def test_arguments_are_checked(three):
    _, d = three
    with pytest.raises(NqpError, match="n_runs"):
        nqp.clusters_stability(d, 3, n_runs=1)
    with pytest.raises(NqpError, match="sample"):
        nqp.clusters_stability(d, 3, sample=1.5)
    with pytest.raises(NqpError, match="groups"):
        nqp.clusters_compare(d, 3, groups="channel")
    with pytest.raises(NqpError, match="groups"):
        nqp.clusters_compare(d, 3, groups=[1, 2])
    with pytest.raises(NqpError, match="min_stability"):
        nqp.clusters_scan(d, [2, 3], min_stability=2)


def test_hierarchical_refuses_a_quadratic_size_and_names_the_remedy():
    rng = np.random.default_rng(0)
    words = np.array([f"词{i}" for i in range(50)])
    tok = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5001)],
                        "tokens": [list(rng.choice(words, 5)) for _ in range(5001)]})
    with pytest.raises(NqpError, match="method='kmeans'"):
        nqp.clusters(nqp.dtm(tok), 3, "hierarchical")


def test_a_corpus_too_small_for_subsamples_still_gets_a_k():
    tiny = nqp.dtm(pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [["光伏", "储能"], ["光伏", "电池"], ["算力", "芯片"]]}))
    scan = nqp.clusters_scan(tiny)
    assert list(scan.table["k"]) == [2] and scan.recommended_k == 2
    assert scan.table["stability"].isna().all() and "too few documents to measure stability" in scan.reason


def test_compare_takes_the_scan_stability_for_the_scan_clustering(three):
    """One clustering, one stability: with the scan given, the default's row carries the scan's figure at k
    (measured on its own runs), the other methods are measured as before."""
    _, d = three
    scan = nqp.clusters_scan(d, ks=[2, 3, 4], random_state=0)
    alone = nqp.clusters_compare(d, 3, n_runs=2)
    both = nqp.clusters_compare(d, 3, n_runs=2, scan=scan)
    at_k = float(scan.table.loc[scan.table["k"] == 3, "stability"].iloc[0])
    assert both.loc[both["default"], "stability"].iloc[0] == pytest.approx(at_k)
    others = ~both["default"]
    pd.testing.assert_series_equal(both.loc[others, "stability"], alone.loc[others, "stability"])
    # a k the scan did not try is measured
    far = nqp.clusters_compare(d, 5, n_runs=2, scan=scan)
    assert far.loc[far["default"], "stability"].iloc[0] == pytest.approx(
        nqp.clusters_compare(d, 5, n_runs=2).loc[far["default"], "stability"].iloc[0])


def test_summary_names_an_untitled_lead_document_without_book_brackets(three):
    tok, d = three
    titled = nqp.clusters_summary(nqp.clusters(d, 3))
    assert "led by 《第" in titled  # the planted titles, 第1组第0篇 ...
    untitled = nqp.dtm(tok.drop(columns=["title"]), min_df=2)
    result = nqp.clusters(untitled, 3)
    text = nqp.clusters_summary(result)
    lead = result.table.sort_values(["n_docs", "cluster"], ascending=[False, True]).iloc[0]["titles"].split(" ｜ ")[0]
    assert lead in set(tok["doc_id"]) | set(tok.get("article_id", tok["doc_id"]))
    assert f"led by an untitled document, {lead}." in text and "《" not in text

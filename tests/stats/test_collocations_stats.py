"""Collocations (PMI, G²) and co-occurrence networks, on real seed strings."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import nqp
from nqp.errors import NqpError


def test_collocations_counts_pmi_and_g2_by_hand():
    # 新质生产力 and 加快 next to each other twice, in two sentences of 001
    tokens = pd.DataFrame({"doc_id": ["001", "001b"], "tokens": [["加快", "新质生产力", "产业"],
                                                                 ["加快", "新质生产力", "成都", "产业"]]})
    c = nqp.collocations(tokens, window=2, min_count=1)
    row = c[(c["term1"] == "加快") & (c["term2"] == "新质生产力")].iloc[0]
    # adjacent pairs: (加快,新质生产力)x2, (新质生产力,产业), (新质生产力,成都), (成都,产业): 5 pairs, n = 10 ends
    assert (row["count"], row["count1"], row["count2"], row["n"]) == (2, 2, 4, 10)
    assert row["pmi"] == pytest.approx(math.log2(2 * 10 / (2 * 4)))
    table = [[2, 0], [2, 6]]
    assert row["g2"] == pytest.approx(chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert (c["term1"] < c["term2"]).all()
    assert c["g2"].is_monotonic_decreasing


def test_collocations_within_sentences_of_a_long_table():
    long = pd.DataFrame(
        {
            "doc_id": ["003"] * 7,
            "article_id": ["003-01"] * 7,
            "sentence": [0, 0, 0, 1, 1, 2, 2],
            "position": [0, 1, 2, 0, 1, 0, 1],
            "token": ["建圈强链", "产业链", "成都", "建圈强链", "产业链", "场景", "成都"],
        }
    )
    c = nqp.collocations(long, window=None, min_count=1)
    row = c[(c["term1"] == "产业链") & (c["term2"] == "建圈强链")].iloc[0]
    assert (row["count"], row["count1"], row["count2"], row["n"]) == (2, 2, 2, 3)
    assert row["pmi"] == pytest.approx(math.log2(2 * 3 / 4))
    # windows never cross a sentence: 成都 (end of sentence 0) and 建圈强链 (start of sentence 1) are not paired
    w = nqp.collocations(long, window=2, min_count=1)
    assert not ((w["term1"] == "建圈强链") & (w["term2"] == "成都")).any()


def test_collocations_of_a_term_put_it_first(small_tokens):
    c = nqp.collocations(small_tokens, window=5, term="建圈强链", min_count=1)
    assert (c["term1"] == "建圈强链").all() and len(c) > 0
    full = nqp.collocations(small_tokens, window=5, min_count=1)
    pairs = full[(full["term1"] == "建圈强链") | (full["term2"] == "建圈强链")]
    assert len(pairs) == len(c)
    assert nqp.collocations(small_tokens, term="不存在的词").empty


def test_collocations_ordered():
    tokens = pd.DataFrame({"doc_id": ["a"], "tokens": [["成渝地区双城经济圈", "建设", "成渝地区双城经济圈", "建设"]]})
    c = nqp.collocations(tokens, window=2, ordered=True, min_count=1)
    got = {(r.term1, r.term2): r.count for r in c.itertuples()}
    assert got == {("成渝地区双城经济圈", "建设"): 2, ("建设", "成渝地区双城经济圈"): 1}


@pytest.mark.parametrize("kwargs, message", [({"window": 1}, "window=1"), ({"sort": "dice"}, "sort='dice'"),
                                             ({"window": None, "ordered": True}, "ordered")])
def test_collocations_rejects_bad_arguments(small_tokens, kwargs, message):
    with pytest.raises(NqpError, match=message):
        nqp.collocations(small_tokens, **kwargs)


def test_cooccurrence_network_and_figure(small_tokens):
    g = nqp.cooccurrence_network(small_tokens, "产业", window=4, top=5, min_count=1)
    assert "产业" in g and g.nodes["产业"]["center"]
    assert g.number_of_nodes() <= 6 and g.number_of_edges() >= 5
    assert all({"count", "pmi", "g2"} <= set(data) for _, _, data in g.edges(data=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, _ = nqp.textplot_network(g)
        fig.canvas.draw()
    import matplotlib.pyplot as plt

    plt.close(fig)
    assert nqp.cooccurrence_network(small_tokens, "不存在的词").number_of_nodes() == 0


def test_seed_collocations_find_the_slogans(seed_tokens):
    _, tokens = seed_tokens  # nqp.tokenize's lexicon keeps 建圈强链 whole
    c = nqp.collocations(tokens, window=5, term="建圈强链", min_count=2)
    assert len(c) > 0 and (c["term1"] == "建圈强链").all()
    assert c["count"].max() >= 2


def test_p_values_are_g2_against_chi2_one_df_corrected_by_bh(small_tokens):
    from scipy.stats import chi2

    c = nqp.collocations(small_tokens, window=5, min_count=2)
    assert len(c) > 3
    p = chi2.sf(c["g2"].to_numpy(), 1)
    assert c["p_value"].to_numpy() == pytest.approx(p)
    # Benjamini-Hochberg by hand: p * m / rank, made monotone from the largest p down
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted, running = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        adjusted[i] = running
    assert c["p_adjusted"].to_numpy() == pytest.approx(adjusted)
    assert (c["significant"] == ((c["p_adjusted"] < 0.05) & (c["pmi"] > 0))).all()

"""The dendrogram at any size: leaves identify documents, and past max_leaves the tree is aggregated."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import nqp

WORDS = {
    "能源": "光伏 锂电 氢能 储能 电池 风电 新能源 充电桩".split(),
    "算力": "算力 模型 芯片 算法 数据 智算 机器人 大模型".split(),
    "区域": "成渝 双城 经济圈 湾区 协同 区域 通道 枢纽".split(),
}


def _tokens(n: int, titles) -> pd.DataFrame:
    rng = np.random.default_rng(2)
    rows = []
    for i in range(n):
        g = list(WORDS)[i % 3]
        rows.append({"doc_id": f"d{i:03d}", "title": titles(i, g), "doc_title": f"{2000 + i}年报告",
                     "tokens": [str(rng.choice(WORDS[g])) for _ in range(30)]})
    return pd.DataFrame(rows)


def test_many_leaves_are_aggregated_into_branches_that_count_their_documents():
    import matplotlib.pyplot as plt

    tokens = _tokens(90, lambda i, g: f"{g}新闻第{i}篇")
    res = nqp.clusters(nqp.dtm(tokens), 3, "hierarchical")
    fig, ax = nqp.textplot_dendrogram(res, max_leaves=12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 12
    counts = [int(m.group(1)) if (m := re.search(r" · \((\d+)\) ", lab)) else 1 for lab in labels]
    assert sum(counts) == 90  # every document is in exactly one branch drawn
    # each branch is labelled with its cluster and the title of its first document
    first = {c: t for c, t in zip(res.assignments["cluster"], res.assignments["label"])}
    assert all(lab.split(" · ")[0] in {str(c) for c in first} for lab in labels)
    assert "90 documents" in ax.get_title() and "last 12 branches" in ax.get_title()
    assert fig.get_size_inches()[1] < 6  # the height follows the 12 leaves, not the 90 documents
    plt.close(fig)
    fig, ax = nqp.textplot_dendrogram(nqp.clusters(nqp.dtm(tokens.head(10)), 3, "hierarchical"), max_leaves=12)
    assert len(ax.get_yticklabels()) == 10 and "(" not in ax.get_yticklabels()[0].get_text().split(" · ")[1][:1]
    plt.close(fig)
    with pytest.raises(nqp.NqpError, match="max_leaves"):
        nqp.textplot_dendrogram(res, max_leaves=1)


def test_a_title_every_document_shares_gives_way_to_the_document_title():
    import matplotlib.pyplot as plt

    tokens = _tokens(9, lambda i, g: "各位代表:")  # the salutation the cleaned work reports open with
    res = nqp.clusters(nqp.dtm(tokens), 3, "hierarchical")
    assert list(res.assignments["label"]) == [f"{2000 + i}年报告" for i in range(9)]
    fig, ax = nqp.textplot_dendrogram(res)
    assert not any("各位代表" in t.get_text() for t in ax.get_yticklabels())
    plt.close(fig)
    # without a document title, the id tells the shared titles apart
    res = nqp.clusters(nqp.dtm(tokens.drop(columns="doc_title")), 3)
    assert list(res.assignments["label"]) == [f"各位代表: (d{i:03d})" for i in range(9)]
    # an explicit label column is used as it is
    res = nqp.clusters(nqp.dtm(tokens), 3, label="title")
    assert set(res.assignments["label"]) == {"各位代表:"}


def test_categories_figure_says_how_many_groups_it_leaves_out():
    import matplotlib.pyplot as plt

    from nqp import schema as S

    rows = [{"period": f"{2000 + i}", S.CATEGORY: c, S.HITS: 1 + i % 3, S.SHARE: 0.5, S.PER_10K: 1.0, "n_chars": 100}
            for i in range(40) for c in ("供给型", "需求型")]
    table = pd.DataFrame(rows)
    table = table[["period", *[c for c in S.CATEGORY_COUNT_COLUMNS if c in table.columns]]]
    missing = [c for c in S.CATEGORY_COUNT_COLUMNS if c not in table.columns]
    for c in missing:
        table[c] = 0
    fig, ax = nqp.textplot_categories(table, max_groups=10)
    assert len(ax.get_yticklabels()) == 10 and ax.get_title() == "categories by period (the first 10 of 40)"
    plt.close(fig)


def test_counts_of_documents_have_whole_ticks(corpus):
    """A handful of documents per bin: the y axis counts whole documents (no 0.5 document)."""
    import matplotlib.pyplot as plt

    many = pd.concat([corpus] * 6, ignore_index=True).assign(doc_id=lambda f: [f"d{i}" for i in range(len(f))])
    # 30 documents of 30 lengths: one or two per bin, where matplotlib would tick 0.5
    many["n_chars"] = [100 + 53 * i for i in range(len(many))]
    for fig, ax in (nqp.textplot_lengths(many), nqp.textplot_timeline(many)):
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)
        plt.close(fig)

"""textplot_categories: one stacked bar per group, each summing to the group's shares."""

from __future__ import annotations

import numpy as np
import pytest

import nqp


@pytest.fixture(scope="module")
def table(corpus):
    articles = nqp.clean(corpus).articles
    return nqp.categories(articles, None, by="outlet", level=1)


def test_one_bar_per_group_and_category(table):
    fig, ax = nqp.textplot_categories(table)
    n_groups, n_cats = table["outlet"].nunique(), table["category"].nunique()
    assert len(ax.patches) == n_groups * n_cats
    widths = np.array([p.get_width() for p in ax.patches]).reshape(n_cats, n_groups)
    assert np.allclose(widths.sum(axis=0), 1.0, atol=1e-3)  # every outlet of the seeds has hits
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["供给型", "需求型", "环境型"]


def test_one_document_and_bad_tables(table):
    one = table[table["outlet"] == table["outlet"].iloc[0]]
    fig, ax = nqp.textplot_categories(one, value="hits")
    assert sum(p.get_width() for p in ax.patches) == one["hits"].sum()
    with pytest.raises(ValueError, match="value='x'"):
        nqp.textplot_categories(table, value="x")
    with pytest.raises(ValueError, match="one 'by' column"):
        nqp.textplot_categories(table.assign(extra=1))

"""The figures of the cleaning stage (nqp.plots.cleaning)."""

from __future__ import annotations

import nqp


def test_audit_figures_draw(corpus):
    import matplotlib.pyplot as plt

    cleaned = nqp.clean(corpus)
    articles = cleaned.articles
    fig, ax = nqp.textplot_removals(nqp.clean_summary(cleaned))
    assert len(ax.patches) > 0
    fig2, ax2 = nqp.textplot_relevance(articles)
    assert len(ax2.patches) == len(articles)
    plt.close(fig)
    plt.close(fig2)
    fig3, ax3 = nqp.textplot_relevance(articles, max_articles=5)
    assert len(ax3.patches) == 5 and "5 most relevant of" in ax3.get_title()
    plt.close(fig3)

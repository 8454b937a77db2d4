"""The figures of the cleaning stage (nqp.plots.cleaning)."""

from __future__ import annotations

import nqp


def test_audit_figures_draw(corpus):
    import matplotlib.pyplot as plt

    cleaned = nqp.clean(corpus)
    articles = cleaned.articles
    fig, ax = nqp.textplot_removals(nqp.clean_summary(cleaned))
    assert len(ax.patches) > 0
    assert len(articles) == 18
    plt.close(fig)

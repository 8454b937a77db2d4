"""Theme figures draw (missing CJK glyphs fail), and the network alias is deprecated."""

from __future__ import annotations

import matplotlib
import pytest

import nqp
from nqp.tracking import COMPANIONS

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def mentions(articles):
    return nqp.theme(articles, "建圈强链")


def test_figures(mentions, articles):
    import matplotlib.pyplot as plt

    fig, ax = nqp.textplot_theme_dispersion(mentions, articles)
    assert len(ax.get_yticklabels()) == 5  # every outlet, also the one that never names the theme
    fig2, _ = nqp.textplot_network(nqp.theme_network(mentions, articles, terms=list(COMPANIONS)), weight="count")
    c = nqp.theme_cooccurrence(mentions, articles, terms=list(COMPANIONS), by="period")
    fig3, _ = nqp.textplot_theme_companions(c)
    for f in (fig, fig2, fig3):
        f.canvas.draw()
        plt.close(f)


def test_textplot_theme_network_is_a_deprecated_alias(mentions, articles):
    import matplotlib.pyplot as plt

    graph = nqp.theme_network(mentions, articles, terms=list(COMPANIONS))
    with pytest.warns(DeprecationWarning, match="textplot_network"):
        fig, ax = nqp.textplot_theme_network(graph)
    title = ax.get_title()
    assert title == "what 建圈强链 travels with (shared paragraphs)"
    fig2, ax2 = nqp.textplot_network(graph, weight="count", title=title)
    assert [t.get_text() for t in ax.texts] == [t.get_text() for t in ax2.texts]
    for f in (fig, fig2):
        f.canvas.draw()
        plt.close(f)

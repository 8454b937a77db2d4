"""Figures of the statistics: word clouds and keyness bars (they draw, with CJK glyphs)."""

from __future__ import annotations

import numpy as np
import pytest

import nqp


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_wordcloud_is_seeded_and_per_group(small_tokens):
    import matplotlib.pyplot as plt

    fig1, axes1 = nqp.textplot_wordcloud(small_tokens, "outlet", top=20, random_state=3)
    fig2, _ = nqp.textplot_wordcloud(small_tokens, "outlet", top=20, random_state=3)
    assert [ax.get_title() for ax in axes1.ravel()] == sorted(small_tokens["outlet"])
    assert np.array_equal(_pixels(fig1), _pixels(fig2))
    fig3, _ = nqp.textplot_wordcloud(nqp.keywords(small_tokens, "outlet", top=5), top=5, random_state=3, min_chars=2)
    for f in (fig1, fig2, fig3):
        plt.close(f)


def test_keyness_figure(small_tokens):
    import matplotlib.pyplot as plt

    k = nqp.keyness(small_tokens, "2026", by="year", min_count=1)
    fig, ax = nqp.textplot_keyness(k, top=5)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "场景" in labels and "重庆" in labels
    plt.close(fig)


def test_wordcloud_draws_into_a_given_axes(small_tokens):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    got_fig, axes = nqp.textplot_wordcloud(small_tokens, top=10, random_state=0, ax=ax)
    assert got_fig is fig and axes.shape == (1, 1) and axes[0, 0] is ax
    assert len(ax.images) == 1 and ax.get_title() == "all"
    one = small_tokens[small_tokens["outlet"] == "科技日报"]
    _, axes = nqp.textplot_wordcloud(one, "outlet", top=10, ax=ax)
    assert ax.get_title() == "科技日报"
    with pytest.raises(nqp.NqpError, match="one axes holds one cloud"):
        nqp.textplot_wordcloud(small_tokens, "outlet", ax=ax)
    plt.close(fig)

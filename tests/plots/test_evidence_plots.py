"""textplot_xray: one row per article, one tick per kwic match, joined on article_id."""

from __future__ import annotations

import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError


def test_xray_ticks_each_match_on_its_article_row():
    import matplotlib.pyplot as plt

    text = "建圈强链" + "。" * 16 + "建圈强链"  # 24 characters: matches at 0 and 20
    arts = pd.DataFrame({"doc_id": ["d", "d"], "article_id": ["d-2", "d-1"], "position": [2, 1],
                         "text": [text, "没有"], "text_orig": [text, "没有"]})
    hits = nqp.kwic(arts, "建圈强链")
    fig, ax = nqp.textplot_xray(hits, arts)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d-1", "d-2"]  # article order, unmatched included
    ticks = sorted((float(line.get_xdata()[0]), float(line.get_ydata()[0])) for line in ax.get_lines())
    assert ticks == [(0.0, 1.0), (20 / 24, 1.0)]
    plt.close(fig)
    with pytest.raises(NqpError, match="hits: missing column"):
        nqp.textplot_xray(hits.drop(columns=["article_id"]), arts)

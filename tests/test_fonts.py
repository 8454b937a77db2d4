"""Chinese in every figure: a CJK font is found and used; without one, a clear error before plotting."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import nqp  # noqa: E402
from nqp.errors import FontError  # noqa: E402
from nqp.fonts import has_cjk_glyphs  # noqa: E402

LABELS = ["建圈强链", "新质生产力", "產業鏈", "成渝地区双城经济圈"]


def _draw(font_family=None):
    fig, ax = plt.subplots()
    ax.bar(LABELS, [3, 2, 1, 4])
    ax.set_title("成都日报 · 每日经济新闻")
    if font_family:
        for label in ax.get_xticklabels() + [ax.title]:
            label.set_fontfamily(font_family)
    fig.canvas.draw()
    plt.close(fig)


def test_chinese_figure_has_no_missing_glyphs():
    font = nqp.use_cjk_font()
    assert has_cjk_glyphs(font)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_glyph_check_catches_a_font_without_chinese():
    # the check above can fail: DejaVu Sans (matplotlib's default) has no Chinese glyphs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _draw("DejaVu Sans")
    assert any("missing from" in str(w.message) for w in caught)


def test_font_without_chinese_is_refused(monkeypatch):
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    monkeypatch.setenv("NQP_FONT", str(dejavu))
    with pytest.raises(FontError, match=r"(?s)NQP_FONT=.*lacks Chinese glyphs.*fonts-noto-cjk"):
        nqp.find_cjk_font()


def test_missing_font_path_is_a_clear_error(tmp_path):
    with pytest.raises(FontError, match=r"(?s)no such font file.*font-ttf-noto-cjk"):
        nqp.find_cjk_font(tmp_path / "nope.ttf")


def test_no_font_anywhere_says_how_to_get_one(monkeypatch):
    from nqp import fonts

    monkeypatch.delenv("NQP_FONT", raising=False)
    monkeypatch.setattr(fonts, "_search", lambda: None)
    with pytest.raises(FontError, match=r"apt-get install fonts-noto-cjk"):
        nqp.use_cjk_font()

"""Radicals of a PDF text layer (⽣产⼒ for 生产力) read as their ideographs in the analysis layer."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import nqp
from nqp import schema as S

#: the sentence as a PDF text layer gives it: Kangxi radicals (⽣ U+2F63, ⼒ U+2F12, ⼤ U+2F24, ⾼ U+2FBC,
#: ⾨ U+2FA8 a traditional form) and CJK Radicals Supplement forms (⻓ U+2ED3, ⻔ U+2ED4, ⻢ U+2EE2)
PDF_LINE = "\u2f63\u4ea7\u2f12\u662f\u53d1\u5c55\u7684\u2f24\u4e8b,\u6210\u2ed3\u2fbc\u2fa8\u2ed4\u2ee2\u3002"


def _expected(text: str) -> str:
    """The analysis layer computed here: each radical by its Unicode name (KANGXI RADICAL LIFE -> 生 ...)."""
    by_name = {"LIFE": "生", "POWER": "力", "BIG": "大", "TALL": "高", "GATE": "门", "LONG": "长", "HORSE": "马"}
    out = []
    for ch in text:
        name = unicodedata.name(ch, "")
        if name.startswith(("KANGXI RADICAL ", "CJK RADICAL ")):
            ch = by_name[name.rsplit(" ", 1)[-1]]
        out.append(ch)
    return "".join(out)


def test_the_line_holds_radicals_not_ideographs():
    assert "生产力" not in PDF_LINE and "\u2f63" in PDF_LINE and "\u2ed3" in PDF_LINE


def test_radicals_read_as_ideographs_same_length():
    out = nqp.normalize_text(PDF_LINE)
    assert out == _expected(PDF_LINE) == "生产力是发展的大事,成长高门门马。"
    assert len(out) == len(PDF_LINE)


@pytest.mark.parametrize("code", range(0x2F00, 0x2FD6))
def test_every_kangxi_radical_becomes_a_cjk_ideograph(code):
    out = nqp.normalize_text(chr(code))
    assert len(out) == 1 and unicodedata.name(out).startswith("CJK UNIFIED IDEOGRAPH"), (hex(code), out)


def test_components_of_the_supplement_stay():
    # ⺅ (the person radical at the left of 你) is a component, never a word: nothing to read it as
    assert nqp.normalize_text("\u2e85") == "\u2e85"


def test_clean_theme_and_tokens_find_the_term_text_orig_keeps_the_radicals():
    body = "\u65b0\u8d28" + PDF_LINE  # 新质⽣产⼒是…
    corpus = pd.DataFrame({"doc_id": ["pdf"], "text": [body + "\n\n" + body]})
    arts = nqp.clean(corpus, progress=False).articles
    row = arts.iloc[0]
    assert "新质生产力" in row[S.TEXT]
    assert len(row[S.TEXT]) == len(row[S.TEXT_ORIG])
    i = row[S.TEXT].index("新质生产力")
    assert row[S.TEXT_ORIG][i:i + 5] == "新质\u2f63产\u2f12"  # the original keeps what the file holds
    mentions = nqp.theme(arts, "新质生产力")
    assert len(mentions) == 2
    tokens = nqp.tokenize(arts)[S.TOKENS].iloc[0]
    assert tokens.count("新质生产力") == 2

"""``nqp.printed_forms``: a term named as the corpus prints it most often (traditional script for a Taiwan or
Hong Kong corpus), read from ``text_orig`` at the offsets it has in ``text``."""

from __future__ import annotations

import pandas as pd

import nqp


def _articles(tmp_path, texts):
    path = tmp_path / "export.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}).to_csv(path, index=False)
    return nqp.clean(nqp.load_corpus(path), progress=False).articles


def test_traditional_corpus_terms_are_printed_traditional(tmp_path):
    texts = ["發展新質生產力，推動產業鏈升級。", "新質生產力是產業鏈的關鍵。", "经济发展与产业。"]
    arts = _articles(tmp_path, texts)
    forms = nqp.printed_forms(["新质生产力", "产业链", "产业", "生产力", "发展", "经济", "未见"], arts)
    assert forms["新质生产力"] == "新質生產力"
    assert forms["产业链"] == "產業鏈"
    # 产业 is counted where it stands alone, as its tokens are (产业链 is a token of its own): once, in simplified
    assert forms["产业"] == "产业"
    # 生产力 never stands alone: counted inside 新質生產力
    assert forms["生产力"] == "生產力"
    # 发展: once each way, a tie: the term itself
    assert sum(t.count("發展") for t in texts) == sum(t.count("发展") for t in texts) == 1
    assert forms["发展"] == "发展"
    assert forms["经济"] == "经济"
    assert forms["未见"] == "未见"  # never printed: itself


def test_a_simplified_corpus_is_not_scanned(tmp_path, monkeypatch):
    arts = _articles(tmp_path, ["发展新质生产力。", "产业链。"])
    import nqp.evidence.forms as forms_module

    def refuse(*a, **k):
        raise AssertionError("no text should be scanned")

    monkeypatch.setattr(forms_module, "term_pattern", refuse)
    assert nqp.printed_forms(["新质生产力", "产业链"], arts) == {"新质生产力": "新质生产力", "产业链": "产业链"}
    assert nqp.printed_forms("产业链", arts) == {"产业链": "产业链"}

"""A tab-separated table (.tsv, as many exports and nqp's own --out write it) loads as a CSV does."""

from __future__ import annotations

import pandas as pd

import nqp


def test_a_tsv_table_loads_like_the_same_csv(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2024-03-05", "2024-03"],
                          "text": ["新质生产力，加快发展。\n第二段，有逗号。", "建圈强链\t持续推进。"]})
    frame.to_csv(tmp_path / "t.tsv", sep="\t", index=False)
    frame.to_csv(tmp_path / "t.csv", index=False)
    tsv, csv = nqp.load_corpus(tmp_path / "t.tsv"), nqp.load_corpus(tmp_path / "t.csv")
    assert tsv["text"].tolist() == frame["text"].tolist() == csv["text"].tolist()
    assert tsv["date"].tolist() == csv["date"].tolist()

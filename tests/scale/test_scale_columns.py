"""nqp.corpus_to_parquet reads the columns of other names as nqp.load_corpus does (date_column=, outlet_column=,
title_column=), a table's in every chunk and a folder's metadata.csv alike, and warns about an alias alike."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import nqp
from nqp.errors import CorpusError

TEXTS = [f"成都加快发展新质生产力,第{i}篇。\n\n建圈强链,重点产业链高质量发展。" for i in range(11)]
DATES = [f"2023年{m}月5日 14:30" for m in range(1, 12)]
OUTLETS = ["人民日报", "成都日报", "新华社"] * 3 + ["人民日报", "成都日报"]


def _streamed(out) -> pd.DataFrame:
    parts = sorted(out.glob("part.*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


KEY = ["doc_id", "text", "date", "date_precision", "outlet", "title"]


@pytest.mark.parametrize("shuffled", [False, True])
def test_a_tables_columns_of_other_names(tmp_path, shuffled):
    frame = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(11)], "正文": TEXTS, "发布时间": DATES, "来源": OUTLETS,
                          "标题": [f"标题{i}" for i in range(11)]})
    if shuffled:  # not in doc_id order: the bucketed path
        frame = frame.sample(frac=1, random_state=3)
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    options = dict(text_column="正文", date_column="发布时间", outlet_column="来源", title_column="标题")
    out = nqp.corpus_to_parquet(path, tmp_path / "parts", partition_size=4, **options)
    loaded = nqp.load_corpus(path, **options)
    got = _streamed(out)[KEY].sort_values("doc_id").reset_index(drop=True)
    assert got.equals(loaded[KEY].sort_values("doc_id").reset_index(drop=True))
    assert got["date"].iloc[0] == "2023-01-05" and set(got["outlet"]) == set(OUTLETS)
    assert got["title"].tolist() == [f"标题{i}" for i in range(11)]


def test_a_tables_alias_is_warned_about_once(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({"text": TEXTS, "来源": OUTLETS}).to_csv(path, index=False)
    with pytest.warns(UserWarning) as caught:
        out = nqp.corpus_to_parquet(path, tmp_path / "parts", partition_size=4)
    said = [str(w.message) for w in caught if "the column '来源'" in str(w.message)]
    assert len(said) == 1 and "outlet_column='来源'" in said[0]
    assert _streamed(out)["outlet"].isna().all()


def test_a_bad_column_is_the_loaders_error(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({"text": TEXTS, "来源": OUTLETS}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"no column '媒体' for outlet_column \(the columns: text, 来源\)"):
        nqp.corpus_to_parquet(path, tmp_path / "parts", outlet_column="媒体")


def test_a_folders_metadata_columns(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    pd.DataFrame({"file": [f"a{i:02d}.txt" for i in range(11)], "pubdate": DATES, "媒体": OUTLETS}).to_csv(
        folder / "metadata.csv", index=False)
    options = dict(date_column="pubdate", outlet_column="媒体")
    out = nqp.corpus_to_parquet(folder, tmp_path / "parts", partition_size=4, **options)
    loaded = nqp.load_corpus(folder, **options)
    assert _streamed(out)[KEY].equals(loaded[KEY].reset_index(drop=True))
    assert loaded["date"].iloc[0] == "2023-01-05"
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    with pytest.raises(CorpusError, match="has no metadata.csv, so there are no columns to read"):
        nqp.corpus_to_parquet(bare, tmp_path / "parts2", date_column="pubdate")


def test_other_options_make_another_dataset(tmp_path):
    """A rerun with other column options does not keep the parts of the run before (they read other columns)."""
    path = tmp_path / "export.csv"
    pd.DataFrame({"text": TEXTS, "来源": OUTLETS, "媒体": list(reversed(OUTLETS))}).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = _streamed(nqp.corpus_to_parquet(path, tmp_path / "parts", outlet_column="来源"))
        second = _streamed(nqp.corpus_to_parquet(path, tmp_path / "parts", outlet_column="媒体"))
    assert first["outlet"].tolist() == OUTLETS and second["outlet"].tolist() == list(reversed(OUTLETS))

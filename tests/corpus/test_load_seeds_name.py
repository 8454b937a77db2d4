"""``nqp.load_corpus("seeds")``, the README's first line, loads the seed pages nqp ships from any folder, as
``nqp report --corpus seeds`` does; a folder of one's own named seeds comes first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import nqp

ROOT = Path(__file__).resolve().parents[2]


def test_seeds_by_name_from_a_folder_without_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shipped = nqp.load_corpus(ROOT / "seeds")
    by_name = nqp.load_corpus("seeds")
    pd.testing.assert_frame_equal(by_name.drop(columns="source"), shipped.drop(columns="source"))


def test_a_folder_named_seeds_of_ones_own_comes_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "mine.txt").write_text("我自己的文章。", encoding="utf-8")
    assert nqp.load_corpus("seeds")["text"].tolist() == ["我自己的文章。"]


def test_a_missing_path_names_the_shipped_corpora(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(nqp.errors.CorpusError, match=r'"seeds" and "gov_work_reports" name the corpora nqp ships'):
        nqp.load_corpus("nosuch")


def test_the_bundled_work_reports_by_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    by_name = nqp.load_corpus("gov_work_reports")
    pd.testing.assert_frame_equal(by_name, nqp.load_dataset("gov_work_reports"))

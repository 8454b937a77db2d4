"""A dataset knows it is complete (its marker records the rows and the corpus hash), and a rerun after a
stopped run resumes from the complete parts: the same dataset as a fresh run, the kept parts untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import nqp
from nqp.errors import NqpError, NqpValueError
from nqp.scale.parts import COMPLETE, RUN

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _stop_after(out: Path, n_parts: int) -> dict[str, int]:
    """What a run killed after ``n_parts`` parts leaves: no marker, the later parts absent. The kept parts' mtimes."""
    (out / COMPLETE).unlink()
    for f in sorted(out.glob("part.*.parquet"))[n_parts:]:
        f.unlink()
    return {f.name: f.stat().st_mtime_ns for f in out.glob("part.*.parquet")}


@pytest.fixture()
def shuffled_jsonl(tmp_path):
    corpus = nqp.load_corpus(SEEDS)
    path = tmp_path / "shuffled.jsonl"
    corpus[["doc_id", "outlet", "date", "text"]].sample(frac=1, random_state=2).to_json(
        path, orient="records", lines=True, force_ascii=False)
    return path


@pytest.fixture()
def sorted_csv(tmp_path):
    corpus = nqp.load_corpus(SEEDS)
    path = tmp_path / "sorted.csv"
    corpus[["doc_id", "outlet", "date", "text"]].to_csv(path, index=False)
    return path


@pytest.mark.parametrize("source", ["folder", "sorted csv", "shuffled jsonl"])
def test_corpus_to_parquet_resumes_a_stopped_run(source, tmp_path, request):
    src = {"folder": SEEDS, "sorted csv": None, "shuffled jsonl": None}[source]
    if src is None:
        src = request.getfixturevalue("sorted_csv" if source == "sorted csv" else "shuffled_jsonl")
    fresh = nqp.corpus_to_parquet(src, tmp_path / "fresh", partition_size=2)
    out = nqp.corpus_to_parquet(src, tmp_path / "out", partition_size=2)
    kept = _stop_after(out, 1)
    assert list(kept) == ["part.00000.parquet"]
    with pytest.raises(NqpError, match="incomplete dataset.*nqp.corpus_to_parquet.*To resume"):
        nqp.parquet_read(out)
    nqp.corpus_to_parquet(src, out, partition_size=2)
    assert {f.name: f.stat().st_mtime_ns for f in out.glob("part.00000.parquet")} == kept  # not rewritten
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.parquet_read(fresh))
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(src))
    assert (out / COMPLETE).read_text() == (fresh / COMPLETE).read_text()


def test_a_different_run_into_the_folder_starts_afresh(tmp_path):
    out = nqp.corpus_to_parquet(SEEDS, tmp_path / "out", partition_size=2)
    _stop_after(out, 2)
    nqp.corpus_to_parquet(SEEDS, out, partition_size=3)  # other options: nothing of the old run is kept
    assert [len(pd.read_parquet(f)) for f in sorted(out.glob("part.*.parquet"))] == [3, 2]
    assert json.loads((out / RUN).read_text(encoding="utf-8"))["partition_size"] == 3
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(SEEDS))


def test_a_changed_corpus_file_is_not_resumed(tmp_path):
    import shutil

    src = tmp_path / "corpus"
    shutil.copytree(SEEDS, src)
    out = nqp.corpus_to_parquet(src, tmp_path / "out", partition_size=2)
    _stop_after(out, 2)
    first = sorted(src.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    nqp.corpus_to_parquet(src, out, partition_size=2)
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(src))


def test_pipeline_resumes_a_stopped_run(tmp_path):
    fresh = nqp.pipeline(SEEDS, tmp_path / "fresh", scheduler="sync", partition_size=2)
    stats = nqp.pipeline(SEEDS, tmp_path / "out", scheduler="sync", partition_size=2)
    out = tmp_path / "out"
    kept_articles = _stop_after(out / "articles", 2)
    kept_tokens = _stop_after(out / "tokens", 1)  # killed between a partition's articles and its tokens
    with pytest.raises(NqpError, match=r"incomplete dataset.*\(nqp.pipeline\).*To resume"):
        nqp.parquet_read(out / "tokens")
    again = nqp.pipeline(SEEDS, out, scheduler="sync", partition_size=2)
    pd.testing.assert_frame_equal(again, stats)
    pd.testing.assert_frame_equal(again, fresh)
    assert {f.name: f.stat().st_mtime_ns for f in (out / "tokens").glob("part.00000.parquet")} == kept_tokens
    assert (out / "articles" / "part.00000.parquet").stat().st_mtime_ns == kept_articles["part.00000.parquet"]
    assert (out / "articles" / "part.00001.parquet").stat().st_mtime_ns != kept_articles["part.00001.parquet"]
    for sub in ("articles", "tokens", "corpus"):
        pd.testing.assert_frame_equal(nqp.parquet_read(out / sub), nqp.parquet_read(tmp_path / "fresh" / sub))
        assert (out / sub / COMPLETE).read_text() == (tmp_path / "fresh" / sub / COMPLETE).read_text()


def test_a_replaced_part_is_refused(tmp_path):
    out = nqp.corpus_to_parquet(SEEDS, tmp_path / "out", partition_size=2)
    first = sorted(out.glob("part.*.parquet"))[0]
    pd.read_parquet(first).head(1).to_parquet(first, index=False)
    with pytest.raises(NqpError, match=r"part\.00000\.parquet does not have the rows the completion marker _SUCCESS records"):
        nqp.parquet_read(out)


def test_dataset_marker(tmp_path):
    out = nqp.corpus_to_parquet(SEEDS, tmp_path / "out", partition_size=2)
    marker = nqp.dataset_marker(out)
    assert marker["rows"] == len(nqp.load_corpus(SEEDS)) and marker["parts"] == 3
    (out / COMPLETE).unlink()
    with pytest.raises(NqpError, match="incomplete dataset"):
        nqp.dataset_marker(out)


@pytest.mark.parametrize("where", ["file", "under a file", "read-only"])
def test_output_folders_are_checked_before_any_work(where, tmp_path, read_only):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    out = {"file": f, "under a file": f / "out", "read-only": read_only / "out"}[where]
    message = {"file": "is an existing file, but a folder is expected here", "under a file": "is a file, so no folder",
               "read-only": "is not writable"}[where]
    for call in (lambda: nqp.corpus_to_parquet(SEEDS, out), lambda: nqp.pipeline(SEEDS, out, scheduler="sync")):
        with pytest.raises(NqpValueError, match=f"^out='{out}': .*{message}"):
            call()
    assert f.read_text(encoding="utf-8") == "x" and list(read_only.iterdir()) == []

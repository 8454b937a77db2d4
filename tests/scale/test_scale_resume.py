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


class _Killed(BaseException):
    """What a kill does to a run: it stops where it is (a BaseException, so no handler of the library catches it)."""


def _kill_after(monkeypatch, n_calls: int):
    """Make the n-th call of nqp.corpus.table_rows (one chunk of table rows) never return."""
    import nqp.corpus as C

    real, calls = C.table_rows, []

    def table_rows(*args, **kwargs):
        calls.append(1)
        if len(calls) > n_calls:
            raise _Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(C, "table_rows", table_rows)


def _count_reads(monkeypatch) -> dict[str, int]:
    """Count the chunks of the table read (nqp.corpus.table_chunks) and the chunks made into corpus rows."""
    import nqp.corpus as C

    counts = {"passes": 0, "chunks read": 0, "chunks processed": 0}
    chunks, rows = C.table_chunks, C.table_rows

    def table_chunks(*args, **kwargs):
        counts["passes"] += 1
        for chunk in chunks(*args, **kwargs):
            counts["chunks read"] += 1
            yield chunk

    def table_rows(*args, **kwargs):
        counts["chunks processed"] += 1
        return rows(*args, **kwargs)

    monkeypatch.setattr(C, "table_chunks", table_chunks)
    monkeypatch.setattr(C, "table_rows", table_rows)
    return counts


def test_an_unsorted_table_killed_while_bucketing_resumes_without_redoing_the_chunks_done(shuffled_jsonl, tmp_path,
                                                                                       monkeypatch):
    n_rows = len(nqp.load_corpus(SEEDS))  # 5 rows: chunks of 2 are rows 1-2, 3-4, 5
    fresh = nqp.corpus_to_parquet(shuffled_jsonl, tmp_path / "fresh", partition_size=2)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _kill_after(m, 2)  # killed in the third chunk, after bucketing two
        with pytest.raises(_Killed):
            nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=2)
    assert not list(out.glob("part.*")) and not (out / COMPLETE).exists()
    with pytest.raises(NqpError, match="no part"):
        nqp.parquet_read(out)
    with monkeypatch.context() as m:
        counts = _count_reads(m)
        nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=2)
    # no pass for the ids (kept from the run before); the table read once, only its last chunk made into rows
    assert counts == {"passes": 1, "chunks read": 3, "chunks processed": 1}
    assert n_rows == 5
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.parquet_read(fresh))
    assert (out / COMPLETE).read_text() == (fresh / COMPLETE).read_text()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in fresh.iterdir())  # nothing left behind


def test_an_unsorted_table_killed_while_sorting_resumes_without_reading_the_table(shuffled_jsonl, tmp_path, monkeypatch):
    import nqp.scale.stream as stream

    fresh = nqp.corpus_to_parquet(shuffled_jsonl, tmp_path / "fresh", partition_size=2)
    out = tmp_path / "out"
    real, written = stream.write_part, []

    def write_part(df, path):
        if written:
            raise _Killed  # killed after the first part was written
        written.append(path.name)
        return real(df, path)

    with monkeypatch.context() as m:
        m.setattr(stream, "write_part", write_part)
        with pytest.raises(_Killed):
            nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=2)
    assert written == ["part.00000.parquet"]
    kept = (out / "part.00000.parquet").stat().st_mtime_ns
    with monkeypatch.context() as m:
        counts = _count_reads(m)
        nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=2)
    assert counts == {"passes": 0, "chunks read": 0, "chunks processed": 0}  # the parts left come from the buckets
    assert (out / "part.00000.parquet").stat().st_mtime_ns == kept
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.parquet_read(fresh))
    assert (out / COMPLETE).read_text() == (fresh / COMPLETE).read_text()


def test_a_sorted_table_resumed_reads_it_once_and_processes_only_the_missing_parts(sorted_csv, tmp_path, monkeypatch):
    fresh = nqp.corpus_to_parquet(sorted_csv, tmp_path / "fresh", partition_size=2)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _kill_after(m, 1)  # the first part written, killed in the second chunk
        with pytest.raises(_Killed):
            nqp.corpus_to_parquet(sorted_csv, out, partition_size=2)
    assert [f.name for f in out.glob("part.*.parquet")] == ["part.00000.parquet"]
    with monkeypatch.context() as m:
        counts = _count_reads(m)
        nqp.corpus_to_parquet(sorted_csv, out, partition_size=2)
    assert counts == {"passes": 1, "chunks read": 3, "chunks processed": 2}
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.parquet_read(fresh))


def test_what_a_different_run_left_to_resume_from_is_not_used(shuffled_jsonl, tmp_path, monkeypatch):
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _kill_after(m, 2)
        with pytest.raises(_Killed):
            nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=2)
    assert (out / ".resume" / "buckets").is_dir()
    # other options: the buckets and ids of the stopped run (chunks of 2) must not enter this one (chunks of 3)
    nqp.corpus_to_parquet(shuffled_jsonl, out, partition_size=3)
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(shuffled_jsonl))
    assert [len(pd.read_parquet(f)) for f in sorted(out.glob("part.*.parquet"))] == [3, 2]
    assert not (out / ".resume").exists()

"""The Dask/Parquet path gives exactly the in-memory results (seeds and a generated corpus)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp.scale import dtm_parts
from nqp.scale.parts import COMPLETE, mark_complete, write_part
from nqp.errors import CorpusError, NqpError
from nqp.progress import progress_bar, progress_disable

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate, write  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated corpus of 240 documents as a shuffled JSONL table and as a folder of .txt files."""
    root = tmp_path_factory.mktemp("gen")
    frame = generate(240, seed=3)
    shuffled = write(frame.sample(frac=1, random_state=1), root / "gen.jsonl")  # not in doc_id order
    folder = write(frame, root / "gen_txt")
    return {"jsonl": shuffled, "folder": folder}


def _same_dtm(a: nqp.Dtm, b: nqp.Dtm) -> None:
    assert a.shape == b.shape
    assert a.matrix.dtype == b.matrix.dtype
    assert (a.matrix != b.matrix).nnz == 0
    assert a.vocab.dtype == b.vocab.dtype and list(a.vocab) == list(b.vocab)
    pd.testing.assert_frame_equal(a.docs, b.docs)
    assert a.history == b.history


@pytest.mark.parametrize("which", ["seeds", "jsonl", "folder"])
def test_corpus_to_parquet_equals_load_corpus(which, generated, tmp_path):
    src = SEEDS if which == "seeds" else generated[which]
    out = nqp.corpus_to_parquet(src, tmp_path / "corpus", partition_size=2 if which == "seeds" else 50)
    parts = nqp.parquet_parts(out)
    assert len(parts) == (3 if which == "seeds" else 5)
    ids = [list(pd.read_parquet(p, columns=["doc_id"])["doc_id"]) for p in parts]
    assert all(len(i) <= (2 if which == "seeds" else 50) for i in ids)
    flat = [x for i in ids for x in i]
    assert flat == sorted(flat)  # sorted across partitions, even from a shuffled table
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(src))


def test_pipeline_on_cluster_equals_in_memory_seeds(cluster, tmp_path):
    corpus = nqp.corpus_to_parquet(SEEDS, tmp_path / "corpus", partition_size=2)
    stats = nqp.pipeline(corpus, tmp_path / "out", scheduler=cluster.scheduler_address)
    articles = nqp.clean(nqp.load_corpus(SEEDS)).articles
    tokens = nqp.tokenize(articles)
    assert list(stats["part"]) == [p.name for p in nqp.parquet_parts(corpus)]
    assert int(stats["articles"].sum()) == len(articles)
    assert int(stats["tokens"].sum()) == sum(map(len, tokens["tokens"]))
    pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "out" / "articles"), articles)
    pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "out" / "tokens"), tokens)
    _same_dtm(nqp.dtm_parquet(tmp_path / "out" / "tokens", dtype=np.int64, scheduler=cluster), nqp.dtm(tokens))


def test_pipeline_on_cluster_equals_in_memory_generated(cluster, generated, tmp_path):
    distributed = pytest.importorskip("distributed")
    stats = nqp.pipeline(
        generated["jsonl"], tmp_path / "out", tokenize={"formula": True},
        scheduler=cluster.scheduler_address, partition_size=60,
    )
    assert len(stats) == 4 and int(stats["documents"].sum()) == 240
    articles = nqp.clean(nqp.load_corpus(generated["jsonl"])).articles
    tokens = nqp.tokenize(articles, formula=True)
    pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "out" / "articles"), articles)
    pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "out" / "tokens"), tokens)
    with distributed.Client(cluster) as client:
        d = nqp.dtm_parquet(tmp_path / "out" / "tokens", min_df=2, max_df=0.5, dtype=np.int64, scheduler=client)
    _same_dtm(d, nqp.dtm(tokens, min_df=2, max_df=0.5))
    assert "trimmed" in d.history[0]
    # the default int32 counts: half the memory, the same numbers
    d32 = nqp.dtm_parquet(tmp_path / "out" / "tokens", min_df=2, max_df=0.5, scheduler="processes", n_workers=2)
    assert d32.matrix.dtype == np.int32 and (d32.matrix != d.matrix).nnz == 0 and list(d32.vocab) == list(d.vocab)
    # docs columns chosen: same matrix, only those columns
    small = nqp.dtm_parquet(tmp_path / "out" / "tokens", min_df=2, max_df=0.5, columns=["doc_id", "article_id"],
                            scheduler="threads")
    assert list(small.docs.columns) == ["doc_id", "article_id"] and (small.matrix != d.matrix).nnz == 0


def test_dtm_parquet_count_too_large_for_dtype_is_an_error(tmp_path):
    tokens = pd.DataFrame({"doc_id": ["a", "b"], "tokens": [["链"] * 200 + ["圈"], ["圈", "链"]]})
    write_part(tokens, tmp_path / "tokens" / "part.00000.parquet")
    mark_complete(tmp_path / "tokens")
    assert nqp.dtm_parquet(tmp_path / "tokens", scheduler="sync").matrix.toarray().tolist() == [[1, 200], [1, 1]]
    with pytest.raises(NqpError, match="dtype=int8: a document counts one term 200 times"):
        nqp.dtm_parquet(tmp_path / "tokens", dtype=np.int8, scheduler="sync")


def test_pipeline_local_schedulers_agree_and_repeat(generated, tmp_path):
    a = nqp.pipeline(generated["folder"], tmp_path / "a", scheduler="threads", partition_size=100)
    b = nqp.pipeline(tmp_path / "a" / "corpus", tmp_path / "b", scheduler="sync")
    pd.testing.assert_frame_equal(a, b)
    for sub in ("articles", "tokens"):
        pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "a" / sub), nqp.parquet_read(tmp_path / "b" / sub))
    only_clean = nqp.pipeline(tmp_path / "a" / "corpus", tmp_path / "c", tokenize=False, scheduler="sync")
    assert int(only_clean["tokens"].sum()) == 0 and not any((tmp_path / "c" / "tokens").glob("part.*"))


def test_topics_partial_fit_deterministic(tmp_path):
    tokens = nqp.tokenize(nqp.clean(nqp.load_corpus(SEEDS)).articles)
    d = nqp.dtm(tokens, min_df=2)
    one = nqp.topics_partial_fit(d, 3, batch_size=8, n_epochs=2, random_state=0)
    two = nqp.topics_partial_fit(d, 3, batch_size=8, n_epochs=2, random_state=0)
    pd.testing.assert_frame_equal(one.topic_terms, two.topic_terms)
    pd.testing.assert_frame_equal(one.doc_topics, two.doc_topics)
    # int32 counts (dtm_parquet's default) fit the same topics as nqp.dtm's int64
    from dataclasses import replace

    narrow = nqp.topics_partial_fit(replace(d, matrix=d.matrix.astype(np.int32)), 3, batch_size=8, n_epochs=2)
    pd.testing.assert_frame_equal(one.topic_terms, narrow.topic_terms)
    assert list(one.labels["topic"]) == [1, 2, 3]
    assert (np.diff(one.labels["share"]) <= 1e-12).all()  # numbered by share
    sums = one.doc_topics.groupby("article_id")["weight"].sum()
    assert np.allclose(sums[sums > 0], 1.0)
    lda = nqp.topics_partial_fit(d, 3, "lda", batch_size=8, n_epochs=1)
    assert lda.model.estimator_.n_jobs == 1 and lda.model.estimator_.learning_method == "online"
    with pytest.raises(NqpError, match="LDA needs counts"):
        nqp.topics_partial_fit(nqp.tfidf(d), 3, "lda")
    for kwargs, message in (({"k": 1}, "k=1: expected an integer from 2"), ({"method": "lsa"}, "method='lsa'"),
                            ({"batch_size": 0}, "batch_size=0"), ({"n_epochs": 2.0}, "n_epochs=2.0"),
                            ({"random_state": None}, "random_state=None: nqp needs an integer seed")):
        with pytest.raises(NqpError, match=message):
            nqp.topics_partial_fit(d, **{"k": 3, **kwargs})


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda t: nqp.pipeline(t / "missing", t / "out"), "no such file"),
        (lambda t: nqp.pipeline(SEEDS, t / "out", scheduler="tcp"), "scheduler='tcp'"),
        (lambda t: nqp.pipeline(SEEDS, t / "out", clean={"colour": 1}), "unknown option"),
        (lambda t: nqp.corpus_to_parquet(SEEDS, t / "out", partition_size=0), "partition_size"),
        (lambda t: nqp.dtm_parquet(t), "no part"),
        (lambda t: nqp.dtm_parquet(t, dtype=float), "dtype: expected an integer type"),
        (lambda t: nqp.pipeline(SEEDS, t / "out", n_workers=0), r"n_workers=0: expected an integer >= 1"),
        (lambda t: nqp.dtm_parquet(t, n_workers=True), "n_workers=True: expected an integer"),
    ],
)
def test_bad_input_names_the_argument(call, match, tmp_path):
    with pytest.raises((NqpError, CorpusError), match=match):
        call(tmp_path)


def test_bad_table_row_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    rows = [{"doc_id": "a", "text": "新质生产力"}, {"doc_id": "b", "text": "  "}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad.jsonl:2"):
        nqp.corpus_to_parquet(path, tmp_path / "out")


@pytest.mark.parametrize("value, env, expected", [(None, "", None), (True, "", False), (False, "", True),
                                                  (None, "0", True), (None, "1", False), (True, "0", False)])
def test_progress_switch(value, env, expected, monkeypatch):
    monkeypatch.setenv("NQP_PROGRESS", env)
    assert progress_disable(value) is expected


def test_progress_off_prints_nothing(capsys):
    assert list(progress_bar(range(3), progress=False, desc="x")) == [0, 1, 2]
    nqp.load_corpus(SEEDS)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_relative_paths_reach_workers_started_elsewhere(tmp_path, monkeypatch):
    # the local worker processes are kept for the session: one started before a chdir must still find
    # the corpus and write the output given as relative paths
    nqp.pipeline(SEEDS, tmp_path / "first", n_workers=2, partition_size=2)
    monkeypatch.chdir(tmp_path)
    nqp.corpus_to_parquet(SEEDS, "corpus", partition_size=2)
    stats = nqp.pipeline("corpus", "out", n_workers=2)
    assert int(stats["documents"].sum()) == 5
    made = []
    real_mkdtemp = dtm_parts.tempfile.mkdtemp
    monkeypatch.setattr(dtm_parts.tempfile, "mkdtemp", lambda **kw: made.append(real_mkdtemp(**kw)) or made[-1])
    d = nqp.dtm_parquet("out/tokens", n_workers=2)
    assert d.shape[0] == int(stats["articles"].sum())
    # the workers' rows went beside the dataset (a cluster's workers share that folder), then were removed
    assert len(made) == 1 and Path(made[0]).parent == tmp_path / "out" and not Path(made[0]).exists()


def test_a_dataset_without_its_completion_marker_is_refused(tmp_path):
    # a run killed after some parts: what it wrote must not pass for the whole corpus
    out = nqp.corpus_to_parquet(SEEDS, tmp_path / "corpus", partition_size=2)
    marker = json.loads((out / COMPLETE).read_text(encoding="utf-8"))
    n_docs = len(list(SEEDS.glob("*.txt")))
    assert marker == {"parts": 3, "rows": n_docs, "part_rows": [2, 2, n_docs - 4],
                      "corpus_sha256": nqp.corpus_hash(nqp.load_corpus(SEEDS))}
    assert len(nqp.parquet_read(out)) == len(list(SEEDS.glob("*.txt")))
    (out / COMPLETE).unlink()
    for read in (nqp.parquet_read, nqp.parquet_parts, lambda p: nqp.dtm_parquet(p, scheduler="sync"),
                 lambda p: nqp.pipeline(p, tmp_path / "out", scheduler="sync")):
        with pytest.raises(NqpError, match="incomplete dataset") as info:
            read(out)
        message = str(info.value)
        assert str(out.absolute()) in message and COMPLETE in message and "nqp.corpus_to_parquet" in message
        assert "To resume, run the same call again with this folder as out" in message
    # a part lost after the marker was written is refused too
    nqp.corpus_to_parquet(SEEDS, out, partition_size=2)
    sorted(out.glob("part.*.parquet"))[-1].unlink()
    with pytest.raises(NqpError, match=r"2 part\(s\), but the completion marker _SUCCESS records 3"):
        nqp.parquet_read(out)


def test_rewriting_removes_the_marker_first(tmp_path, monkeypatch):
    # a rewrite that fails midway leaves a folder that is refused, not the old marker beside new parts
    out = nqp.corpus_to_parquet(SEEDS, tmp_path / "corpus", partition_size=2)
    from nqp.scale import stream

    def fail(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(stream, "mark_complete", fail)
    with pytest.raises(RuntimeError, match="killed"):
        nqp.corpus_to_parquet(SEEDS, out, partition_size=1)
    assert not (out / COMPLETE).exists() and len(list(out.glob("part.*.parquet"))) == 5
    with pytest.raises(NqpError, match="incomplete dataset"):
        nqp.parquet_read(out)


def test_pipeline_marks_articles_and_tokens_complete(tmp_path):
    stats = nqp.pipeline(SEEDS, tmp_path / "out", scheduler="sync", partition_size=2)
    for sub in ("corpus", "articles", "tokens"):
        marker = json.loads((tmp_path / "out" / sub / COMPLETE).read_text(encoding="utf-8"))
        assert marker["parts"] == len(stats) == 3
        assert marker["corpus_sha256"] == nqp.corpus_hash(nqp.load_corpus(SEEDS))
        rows = [len(pd.read_parquet(f)) for f in sorted((tmp_path / "out" / sub).glob("part.*.parquet"))]
        assert marker["part_rows"] == rows and marker["rows"] == sum(rows)
    assert sum(json.loads((tmp_path / "out" / "articles" / COMPLETE).read_text())["part_rows"]) == int(stats["articles"].sum())


def test_pipeline_theme_option_is_deprecated_and_ignored(tmp_path):
    with pytest.warns(DeprecationWarning, match=r"pipeline\(clean=\{'theme': \.\.\.\}\) is deprecated"):
        old = nqp.pipeline(SEEDS, tmp_path / "old", clean={"theme": ["建圈强链"]}, scheduler="sync")
    new = nqp.pipeline(SEEDS, tmp_path / "new", scheduler="sync")
    pd.testing.assert_frame_equal(old, new)
    pd.testing.assert_frame_equal(nqp.parquet_read(tmp_path / "old" / "articles"),
                                  nqp.parquet_read(tmp_path / "new" / "articles"))


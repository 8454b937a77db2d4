"""The Dask plumbing of nqp.scale: the session's local process pool (private names)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import nqp
from nqp.scale import dask_run
from nqp.scale.parts import mark_complete, write_part


def _pid_of_worker(number: int) -> pd.DataFrame:
    import os
    import time

    time.sleep(0.5)
    return pd.DataFrame({"number": [number], "pid": [os.getpid()]})


def test_local_processes_share_the_partitions():
    # dask's process scheduler batches six tasks per submission unless told otherwise: four partitions
    # would all run in one worker process, one after another
    import dask.dataframe as dd

    meta = pd.DataFrame({"number": pd.Series(dtype="int64"), "pid": pd.Series(dtype="int64")})
    frame = dd.from_map(_pid_of_worker, list(range(4)), meta=meta)
    done = dask_run._compute(frame, "processes", progress=False, desc="pids", n_workers=2)
    assert sorted(done["number"]) == [0, 1, 2, 3]
    assert done["pid"].nunique() == 2



def test_dtm_parquet_stops_the_local_workers_before_assembling(tmp_path):
    tokens = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [["链", "圈"], ["圈"], ["链", "链"]]})
    write_part(tokens.iloc[:2], tmp_path / "tokens" / "part.00000.parquet")
    write_part(tokens.iloc[2:], tmp_path / "tokens" / "part.00001.parquet")
    mark_complete(tmp_path / "tokens")
    d = nqp.dtm_parquet(tmp_path / "tokens", scheduler="processes", n_workers=2)
    assert d.matrix.toarray().tolist() == [[1, 1], [1, 0], [0, 2]] and d.matrix.dtype == np.int32
    assert 2 not in dask_run._POOLS  # the local workers were stopped before the matrix was assembled

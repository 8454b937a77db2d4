"""The Dask path is an optional part of the install (``pip install 'nqp[dask]'``): without dask and distributed,
``import nqp`` and everything but the Dask path work, and the Dask path says which extra to install before any work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import nqp
from nqp.errors import NqpError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
#: an import of any of these fails as it does where they are not installed
ABSENT = ("dask", "dask.dataframe", "distributed")


@pytest.fixture()
def no_dask(monkeypatch):
    for name in ABSENT:
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules: the import raises ImportError


def test_pipeline_without_dask_names_the_extra_before_any_work(no_dask, tmp_path):
    out = tmp_path / "work"
    with pytest.raises(NqpError, match=r"^nqp\.pipeline runs through Dask, which is not installed \(dask cannot be "
                                       r"imported\): it is an optional part of nqp\. Install it with pip install "
                                       r"'nqp\[dask\]'"):
        nqp.pipeline(SEEDS, out, scheduler="sync")
    assert not out.exists()


def test_dtm_parquet_without_dask_names_the_extra(no_dask, tmp_path):
    with pytest.raises(NqpError, match=r"^nqp\.dtm_parquet runs through Dask.*pip install 'nqp\[dask\]'"):
        nqp.dtm_parquet(tmp_path / "tokens")


def test_a_cluster_without_distributed_names_the_extra(monkeypatch):
    from nqp.scale.dask_run import _client

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(NqpError, match=r"^scheduler='tcp://10\.0\.0\.5:8786': a cluster needs the 'distributed' "
                                       r"package, which is not installed.*pip install 'nqp\[dask\]'"):
        with _client("tcp://10.0.0.5:8786"):
            pass


def test_import_nqp_and_streaming_work_without_dask(tmp_path):
    # a fresh interpreter in which dask and distributed cannot be imported, as after a plain pip install nqp
    code = (
        "import sys\n"
        f"for name in {ABSENT!r}:\n"
        "    sys.modules[name] = None\n"
        "import nqp, pandas as pd\n"
        f"out = nqp.corpus_to_parquet({str(SEEDS)!r}, {str(tmp_path / 'corpus')!r}, partition_size=2)\n"
        f"pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus({str(SEEDS)!r}))\n"
        "try:\n"
        "    nqp.pipeline(out, " + repr(str(tmp_path / "work")) + ")\n"
        "except nqp.errors.NqpError as exc:\n"
        "    print(str(exc).split(':')[0])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed') and sys.modules[m]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), NQP_PROGRESS="0"), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["nqp.pipeline runs through Dask, which is not installed (dask cannot be imported)",
                                        "[]"]

"""Corpora that ship with nqp, loaded like scikit-learn's or quanteda's bundled data.

``gov_work_reports``: the PRC State Council's annual government work reports (政府工作报告), 57 reports
from 1954 to 2025 (years without a report are absent), about 1.2 million characters in simplified
script, one row per report with ``year`` (a date of year precision) and ``origin`` (the public
repository the text was taken from). They are documents of state organs, which China's Copyright Law
(article 5) excludes from copyright protection; provenance in ``nqp/data/gov_work_reports.md``.
Stored xz-compressed (``nqp/data/gov_work_reports.jsonl.xz``) and read through :func:`nqp.load_corpus`,
so the table has the same columns as any loaded corpus. Facts worth knowing: 新质生产力 first appears
in the 2024 report, 高质量发展 in 2018 (and in every report after it), 供给侧结构性改革 in 2016.
"""

from __future__ import annotations

import logging
import lzma
import tempfile
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import CorpusError

log = logging.getLogger(__name__)

__all__ = ["dataset_names", "gov_work_reports", "load_dataset", "write_dataset"]

_FILES = {"gov_work_reports": "gov_work_reports.jsonl.xz"}


def dataset_names() -> list[str]:
    """The names of the corpora that ship with nqp (for :func:`load_dataset`)."""
    return sorted(_FILES)


def write_dataset(name: str, folder) -> Path:
    """The bundled corpus ``name`` written into ``folder`` as the JSONL file :func:`nqp.load_corpus` reads
    (what the report hands its notebooks); the rows as shipped, with their ``title`` added
    (``{year}年政府工作报告`` for the work reports, whose texts open with a salutation or a dateline)."""
    import json

    if name not in _FILES:
        raise CorpusError(f"{name!r}: not a bundled corpus ({', '.join(dataset_names())}).")
    data = lzma.decompress(resources.files("nqp").joinpath("data", _FILES[name]).read_bytes()).decode("utf-8")
    rows = [json.loads(line) for line in data.splitlines() if line.strip()]
    if name == "gov_work_reports":
        for row in rows:
            row.setdefault("title", f"{int(row['year'])}年政府工作报告")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _FILES[name].removesuffix(".xz")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _load_bundled(name: str) -> pd.DataFrame:
    from .corpus import load_corpus

    with tempfile.TemporaryDirectory(prefix="nqp-dataset-") as tmp:
        # ``source`` is "gov_work_reports.jsonl:{row}": the file's name, never the temporary folder
        return load_corpus(write_dataset(name, tmp))


def gov_work_reports() -> pd.DataFrame:
    """The government work reports 1954–2025 as a corpus table (:func:`nqp.load_corpus`'s columns):
    ``doc_id`` ``gov_work_reports_{year}``, ``date`` the year, no outlet, ``title`` ``{year}年政府工作报告``
    (the texts open with a salutation, a dateline or the heading, so their first line names no report)."""
    return _load_bundled("gov_work_reports")


def load_dataset(name_or_path) -> pd.DataFrame:
    """A bundled corpus by name (:func:`dataset_names`), else the corpus at that path (:func:`nqp.load_corpus`).

    This is how a notebook parameter such as ``reference_corpus`` is read: ``"gov_work_reports"``
    (the default) or the path of the user's own reference corpus.
    """
    from .corpus import load_corpus

    if isinstance(name_or_path, str) and name_or_path in _FILES:
        return _load_bundled(name_or_path)
    if isinstance(name_or_path, str) and not Path(name_or_path).exists() and "/" not in name_or_path \
            and "." not in name_or_path:
        raise CorpusError(
            f"{name_or_path!r} is neither a bundled corpus ({', '.join(dataset_names())}) nor an existing path. "
            "Give one of those names or the path of a corpus folder or table."
        )
    return load_corpus(name_or_path)

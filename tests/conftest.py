"""Shared fixtures: the seeds corpus and, when present, the reference corpus beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REFERENCE = ROOT.parent / "shared" / "corpora" / "gov_work_reports.jsonl"


@pytest.fixture(scope="session")
def seeds_path() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def corpus():
    import nqp

    return nqp.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def reference_path() -> Path:
    if not REFERENCE.is_file():
        pytest.skip("reference corpus ../shared/corpora/gov_work_reports.jsonl is not present beside the repository")
    return REFERENCE


@pytest.fixture(scope="session")
def reference_corpus(reference_path):
    import nqp

    return nqp.load_corpus(reference_path)

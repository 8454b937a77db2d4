"""Fixtures of the cleaning tests (the seeds cleaned once is tests/conftest.py's `cleaned`)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def removals(cleaned):
    return cleaned.removals

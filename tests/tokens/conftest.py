"""Fixtures of the tokenizing tests: the seeds' articles."""

from __future__ import annotations

import pytest

import nqp


@pytest.fixture(scope="session")
def articles(corpus):
    """The seeds' articles (analysis layer: simplified script)."""
    return nqp.clean(corpus).articles

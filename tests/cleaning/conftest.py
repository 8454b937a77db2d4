"""Fixtures of the cleaning tests: the seeds cleaned once."""

from __future__ import annotations

import pytest

import nqp


@pytest.fixture(scope="session")
def cleaned(corpus):
    return nqp.clean(corpus)


@pytest.fixture(scope="session")
def articles(cleaned):
    return cleaned.articles


@pytest.fixture(scope="session")
def removals(cleaned):
    return cleaned.removals

"""Fixtures of the codebook tests: the seeds' articles, cleaned once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def seed_articles(corpus):
    import nqp

    return nqp.clean(corpus).articles

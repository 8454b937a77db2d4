"""Fixtures of the theme tests: the seeds' articles and the mentions of 建圈强链 in them."""

from __future__ import annotations

import pytest

import nqp


@pytest.fixture(scope="session")
def mentions(articles):
    return nqp.theme(articles, "建圈强链")

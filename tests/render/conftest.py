"""The seeds' report, rendered once for the tests of its pages (nqp.report.run_report, every notebook)."""

from __future__ import annotations

import pytest

from nqp.report import run_report


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory, seeds_path):
    out = tmp_path_factory.mktemp("seeds-report")
    run_report(corpus=seeds_path, out=out)
    return out

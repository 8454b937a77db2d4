"""Shared fixtures: the seeds corpus and, when present, the reference corpus beside the repository; the
hypothesis profile of every run.

Hypothesis runs under the profile ``ci`` unless ``HYPOTHESIS_PROFILE`` names another: derandomized (the
examples follow from each test, so two runs test the same cases), no deadline (a first call pays for
jieba's dictionary and OpenCC's tables) and no example database (nothing written beside the tests).
``HYPOTHESIS_PROFILE=dev`` explores new random examples on every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_path() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def corpus():
    import nqp

    return nqp.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def reference_path(tmp_path_factory) -> Path:
    """The bundled government work reports (nqp.datasets) as a plain JSONL file, for tests that need a path."""
    import lzma
    from importlib import resources

    path = tmp_path_factory.mktemp("reference") / "gov_work_reports.jsonl"
    path.write_bytes(lzma.decompress(resources.files("nqp").joinpath("data", "gov_work_reports.jsonl.xz").read_bytes()))
    return path


@pytest.fixture(scope="session")
def reference_corpus():
    import nqp

    return nqp.gov_work_reports()


# -- small tables of real seed terms (statistics and matrix tests) ---------------------------------------
# Token lists as nqp.tokenize returns them for short passages of the seeds (lexicon terms kept whole).
SMALL_ROWS = [
    # 001: 以科技创新引领现代化产业体系建设,加快形成新质生产力 ...
    ("001", "001-01", "成都日报", 2024, ["科技创新", "引领", "现代化产业体系", "建设", "加快", "形成", "新质生产力",
                                      "新质生产力", "产业", "成都"]),
    # 003: 以重點產業鏈建圈強鏈破題 ... (analysis layer: simplified)
    ("003", "003-01", "每日经济新闻", 2026, ["重点", "产业链", "建圈强链", "破题", "成都", "建圈强链", "子链",
                                        "场景", "场景", "产业"]),
    # 002: 产业建圈强链,共筑成渝地区科技创新 ...
    ("002", "002-01", "羊城晚报", 2024, ["产业", "建圈强链", "共筑", "成渝地区双城经济圈", "科技创新", "重庆",
                                     "重庆", "成都"]),
    # 004: 完善现代化产业体系 打造科技创新策源地
    ("004", "004-01", "科技日报", 2024, ["完善", "现代化产业体系", "打造", "科技创新", "策源地", "高新区",
                                     "高新区", "产业"]),
]


@pytest.fixture()
def small_tokens():
    """Four rows of a tokens table (doc_id, article_id, outlet, year, tokens) from passages of the seeds."""
    import pandas as pd

    return pd.DataFrame(SMALL_ROWS, columns=["doc_id", "article_id", "outlet", "year", "tokens"])


@pytest.fixture(scope="session")
def seed_tokens(corpus):
    """The seeds' articles (nqp.clean) and their tokens table (nqp.tokenize)."""
    import nqp

    articles = nqp.clean(corpus).articles
    return articles, nqp.tokenize(articles)


@pytest.fixture(scope="session")
def cleaned(corpus):
    """The seeds cleaned once: nqp.clean's result (articles, removals, details)."""
    import nqp

    return nqp.clean(corpus)


@pytest.fixture(scope="session")
def articles(cleaned):
    """The seeds' articles (analysis layer ``text``, original script ``text_orig``)."""
    return cleaned.articles


@pytest.fixture()
def read_only(tmp_path, monkeypatch):
    """A folder this process may not write to: mode 0o555, and where the process may write anyway (root
    ignores the mode) ``os.access`` answers for it as it does for an unprivileged user."""
    import stat

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    if os.access(folder, os.W_OK):  # privileged: the mode does not bind this process
        real = os.access

        def access(path, mode, *args, **kwargs):
            inside = Path(path).absolute() == folder or folder in Path(path).absolute().parents
            return False if inside and mode & os.W_OK else real(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    yield folder
    folder.chmod(stat.S_IRWXU)


@pytest.fixture(scope="session", autouse=True)
def _result_cache(tmp_path_factory):
    """nqp.result_cached's folder (the report's reference-corpus scan) in a folder of the run, not the user's
    cache: the suite writes nothing outside its temporary folders (kernels inherit the variable)."""
    old = os.environ.get("NQP_RESULT_CACHE_DIR")
    os.environ["NQP_RESULT_CACHE_DIR"] = str(tmp_path_factory.mktemp("result-cache"))
    yield
    if old is None:
        os.environ.pop("NQP_RESULT_CACHE_DIR", None)
    else:
        os.environ["NQP_RESULT_CACHE_DIR"] = old

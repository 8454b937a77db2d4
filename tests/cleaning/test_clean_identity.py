"""Cleaning's output is unchanged by the speed and memory work of issue 16.

The expected fingerprints below were computed with main's code before that work (commit d58ab38, in a checkout of main), by
:func:`fingerprint` of this file: a SHA-256 over every column of the articles (metadata included), the
removal log, the details and the layouts, value by value (and the dtypes), with list columns (``headings``,
``raw_segments``) read as lists of integer triples or pairs whatever container holds them. A table that
changes in any value changes its digest; each table has its own digest so a failure names the table.

Corpora: the seeds and the work reports as they are detected; a generated corpus cleaned as pages
(every page pass runs: captions, repeats, splits, joins) and as articles; and one long page dump (the
seed pages again and again between generated documents, the ``one file`` input of bench_linear). The
generated corpus is not compared under ``layout="auto"``: issue 13 changed which generated documents are
detected as pages (tests/cleaning/test_clean_layout.py checks that).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nqp
from nqp import schema as S

ROOT = Path(__file__).resolve().parents[2]


def _plain(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_plain(x) for x in v]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if v != v else float(v)
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (str, int, bool)):
        return v
    return str(v)


def _digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256(json.dumps([str(t) for t in df.dtypes]).encode())
    for col in df.columns:
        h.update(json.dumps([col, [_plain(v) for v in df[col].tolist()]], ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def fingerprint(cleaned) -> dict[str, str]:
    """One digest per table of a :class:`nqp.Cleaned`."""
    return {
        "articles": _digest(cleaned.articles),
        "removals": _digest(cleaned.removals),
        "details": _digest(cleaned.details),
        "layouts": _digest(cleaned.layouts),
    }


def long_page_dump() -> pd.DataFrame:
    """The seed pages, each followed by three generated documents, again and again, in one document."""
    from benchmarks.generate import generate

    pages = list(nqp.load_corpus(ROOT / "seeds")[S.TEXT])
    filler = list(generate(60, seed=2)[S.TEXT])
    parts = [(pages[k // 4 % len(pages)] + "\n\n" if k % 4 == 0 else "") + t for k, t in enumerate(filler)]
    return pd.DataFrame({S.DOC_ID: ["dump"], S.TEXT: ["\n\n".join(parts)]})


def _corpus(name: str):
    from benchmarks.generate import generate

    if name == "seeds":
        return nqp.load_corpus(ROOT / "seeds"), {}
    if name == "gov_work_reports":
        return nqp.gov_work_reports(), {}
    if name == "generated as pages":
        return generate(300, seed=4), {"layout": "page"}
    if name == "generated as articles":
        return generate(300, seed=4), {"layout": "article"}
    if name == "long page dump":
        return long_page_dump(), {}
    raise AssertionError(name)


#: computed with main's code at d58ab38 (see the module docstring)
EXPECTED = {
    "seeds": {"articles": "b1af8bad2b8f150e", "removals": "24cb1dcabca5e1ee", "details": "c6f5b0ce39c89c9c", "layouts": "8b5832715cde847f"},
    "gov_work_reports": {"articles": "be95b2f62c224c1d", "removals": "af6c2dbca616d09b", "details": "33ba0be5cb21eea6", "layouts": "08a93710752ed901"},
    "generated as pages": {"articles": "592107621eba0c34", "removals": "8ee126d30b571395", "details": "0f6cd8ad1d0d15b4", "layouts": "9ccd4517309eae02"},
    "generated as articles": {"articles": "7465c7b40b89ecaf", "removals": "a5202d997c1c65c4", "details": "bd9bb515ec329752", "layouts": "216797984ab2ae1d"},
    "long page dump": {"articles": "23a4973f1742272c", "removals": "ef071e9c009e96a3", "details": "327a5a11786b576a", "layouts": "9b118db2ed6bc6b4"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cleaning_output_is_main_s(name):
    corpus, kwargs = _corpus(name)
    assert fingerprint(nqp.clean(corpus, progress=False, **kwargs)) == EXPECTED[name]


@pytest.mark.parametrize("name", ["generated as pages", "seeds"])
def test_cleaning_in_small_chunks_is_the_same(name, monkeypatch):
    """The articles' columns are made into tables chunk by chunk, the raw texts taken out of the corpus a
    chunk at a time: with chunks far smaller than the corpus the result is still main's."""
    from nqp.cleaning import articles as A

    monkeypatch.setattr(A, "CHUNK_CHARS", 5_000)
    monkeypatch.setattr(A, "TEXT_CHUNK", 7)
    corpus, kwargs = _corpus(name)
    assert fingerprint(nqp.clean(corpus, progress=False, **kwargs)) == EXPECTED[name]


def test_fingerprint_sees_a_change():
    """The digest changes when one character of one article changes (the comparison can fail)."""
    corpus, _ = _corpus("seeds")
    cleaned = nqp.clean(corpus, progress=False)
    before = fingerprint(cleaned)
    arts = cleaned.articles.copy()
    arts.loc[0, S.TEXT] = arts.loc[0, S.TEXT][:-1] + "x"
    segs = arts[S.RAW_SEGMENTS].tolist()
    segs[1] = [tuple(segs[1][0][:2]) + (segs[1][0][2] - 1,)] + list(segs[1][1:])
    changed = arts.assign(**{S.RAW_SEGMENTS: segs})
    assert _digest(arts) != before["articles"]
    assert _digest(changed) != _digest(arts)

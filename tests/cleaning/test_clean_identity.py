"""Cleaning's output is unchanged by the speed and memory work of issue 16.

The expected fingerprints below were computed with main's code before that work (commit d58ab38), by
:func:`fingerprint` of this file: a SHA-256 over every column of the articles (metadata included), the
removal log, the details and the layouts, value by value, with list columns (``headings``,
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
    h = hashlib.sha256()
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
    "seeds": {"articles": "d79c2801e4e072ed", "removals": "a419b7bc63c61c42", "details": "2fa41c367f3ea8f3", "layouts": "3f969f5ff092556b"},
    "gov_work_reports": {"articles": "7a8e6e211dbe1e7a", "removals": "5e129453405975f0", "details": "97aea3e9030a2c7a", "layouts": "7b1a4d56c733b954"},
    "generated as pages": {"articles": "9dc6866dc71ea235", "removals": "1e2c0120b5b750f6", "details": "e5fb3e3c227eb4f3", "layouts": "31f8d96c09359353"},
    "generated as articles": {"articles": "202d6821b219544b", "removals": "0a5d7417621beaf4", "details": "90612f871bd336e4", "layouts": "684e38577415d9a4"},
    "long page dump": {"articles": "4739c594b4fde56b", "removals": "92490e37fee46fc1", "details": "43919e6c647bcb26", "layouts": "594596597af6c7ec"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cleaning_output_is_main_s(name):
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

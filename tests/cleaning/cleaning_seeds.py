"""What the cleaning tests share: the accounting invariant."""

from __future__ import annotations

import pandas as pd

from nqp import schema as S

__all__ = ["assert_accounts_for"]


def assert_accounts_for(raw_by_doc: dict[str, str], articles: pd.DataFrame, removals: pd.DataFrame) -> None:
    """Kept spans and removed spans partition every raw text; nothing lost, nothing invented."""
    for doc_id, raw in raw_by_doc.items():
        owner = [None] * len(raw)
        for row in articles[articles[S.DOC_ID] == doc_id].itertuples(index=False):
            assert len(row.text) == len(row.text_orig)
            for t0, r0, n in row.raw_segments:
                assert row.text_orig[t0 : t0 + n] == raw[r0 : r0 + n]
                for i in range(r0, r0 + n):
                    assert owner[i] is None, f"{doc_id}: char {i} kept twice"
                    owner[i] = "kept"
            assert sum(n for _, _, n in row.raw_segments) == len(row.text)
        for row in removals[removals[S.DOC_ID] == doc_id].itertuples(index=False):
            assert row.text == raw[row.start : row.end]
            for i in range(row.start, row.end):
                assert owner[i] is None, f"{doc_id}: char {i} both kept and removed ({row.rule})"
                owner[i] = row.rule
        missing = [i for i, o in enumerate(owner) if o is None]
        assert not missing, f"{doc_id}: {len(missing)} characters neither kept nor removed, e.g. {raw[missing[0]:missing[0]+10]!r}"

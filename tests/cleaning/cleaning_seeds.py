"""What the cleaning tests share: the accounting invariant, and one document cleaned with what it removed and kept."""

from __future__ import annotations

import pandas as pd

from nqp import schema as S

__all__ = ["assert_accounts_for", "clean_one", "removed_spans", "kept_text"]


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


def clean_one(text: str):
    """``nqp.clean`` of one document ``x`` holding ``text``, checked against the accounting invariant."""
    import nqp

    cleaned = nqp.clean(pd.DataFrame({"doc_id": ["x"], "text": [text]}))
    assert_accounts_for({"x": text}, cleaned.articles, cleaned.removals)
    return cleaned


def removed_spans(cleaned) -> list[tuple[str, str]]:
    """(rule, text) of every removal but whitespace, in order."""
    rem = cleaned.removals[cleaned.removals[S.RULE] != "whitespace"]
    return list(zip(rem[S.RULE], rem[S.TEXT]))


def kept_text(cleaned) -> str:
    """The articles' text as printed, one per line."""
    return "\n".join(cleaned.articles[S.TEXT_ORIG])

"""The command line writes the library's remedies in its own terms: Python parameters become options."""

from __future__ import annotations

import argparse

import pytest

from nqp.cli import _as_options, build_parser


def _sub(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]


@pytest.mark.parametrize("command, message, expected", [
    ("clean", "a.txt: cannot be decoded confidently (best guess: nothing). Re-save it as UTF-8, or pass encoding=... to load_corpus.",
     "a.txt: cannot be decoded confidently (best guess: nothing). Re-save it as UTF-8, or pass --encoding ...."),
    ("theme", "t.csv: no text column 'text' (columns: body). Pass text_column=... naming the column that holds the text.",
     "t.csv: no text column 'text' (columns: body). Pass --text-column ... naming the column that holds the text."),
    ("kwic", "t.csv: no id column 'key'. Pass id_column=... or window=3.", "t.csv: no id column 'key'. Pass --id-column ... or --window 3."),
    ("keywords", "top=0: expected an integer >= 1.", "--top 0: expected an integer >= 1."),
    # not an option of this command, or already an option: unchanged
    ("clean", "min_df=2: too high; --out 'x': fine; a==b", "min_df=2: too high; --out 'x': fine; a==b"),
])
def test_parameters_become_options(command, message, expected):
    assert _as_options(message, _sub(command)) == expected

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
     "a.txt: cannot be decoded confidently (best guess: nothing). Re-save it as UTF-8, or pass --encoding NAME."),
    ("theme", "t.csv: no text column 'text' (columns: body). Pass text_column=... naming the column that holds the text.",
     "t.csv: no text column 'text' (columns: body). Pass --text-column NAME naming the column that holds the text."),
    ("kwic", "t.csv: no id column 'key'. Pass id_column=... or window=3.", "t.csv: no id column 'key'. Pass --id-column NAME or --window 3."),
    ("keywords", "top=0: expected an integer >= 1.", "--top 0: expected an integer >= 1."),
    # not an option of this command, or already an option: unchanged
    ("clean", "min_df=2: too high; --out 'x': fine; a==b", "min_df=2: too high; --out 'x': fine; a==b"),
    # a flag, a positional argument, a bare parameter name, None as "leave it out", the function in front
    ("kwic", "pattern='(': not a valid regular expression (x); pass regex=False to search for it literally",
     "TERM '(': not a valid regular expression (x); leave out --regex to search for it literally"),
    ("discover", "terms_discover: need 2 <= min_len <= max_len, got min_len=5, max_len=3.",
     "need 2 <= --min-len <= --max-len, got --min-len 5, --max-len 3."),
    ("keywords", "encoding='bogus': not an encoding Python knows. Use a name such as 'utf-8', or None to detect it.",
     "--encoding 'bogus': not an encoding Python knows. Use a name such as 'utf-8', or leave out --encoding to detect it."),
    ("topics", "max_df=1.0 keeps fewer documents (16) than min_df=100 asks for; raise max_df or lower min_df.",
     "--max-df 1.0 keeps fewer documents (16) than --min-df 100 asks for; raise --max-df or lower --min-df."),
    ("keyness", "min_count: the words of text_column; n_terms", "--min-count: the words of --text-column; n_terms"),
])
def test_parameters_become_options(command, message, expected):
    assert _as_options(message, _sub(command)) == expected

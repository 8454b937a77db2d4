"""The lexicon and the word lists: formats, validation, variants, and the frozen Lexicon value."""

from __future__ import annotations

import dataclasses
import logging
import shutil

import pandas as pd
import pytest

import nqp
from nqp import schema as S
from nqp.errors import NqpError, NqpTypeError
from nqp.tokens import LEXICON_FILE

REQUIRED = [
    "新质生产力", "建圈强链", "链主", "新三样", "东数西算", "成渝地区双城经济圈", "粤港澳大湾区", "高质量发展",
    "新型工业化", "现代化产业体系", "未来产业", "专精特新", "智能制造", "关键子链", "产业建圈强链",
    "供给侧结构性改革", "微网优联",
]


def test_load_lexicon():
    lex = nqp.load_lexicon()
    assert list(lex.columns) == S.LEXICON_COLUMNS
    assert lex["term"].is_unique and lex["term"].is_monotonic_increasing
    assert set(REQUIRED) <= set(lex["term"])
    row = lex.set_index("term").loc["建圈强链"]
    assert "建圈強鏈" in row["variants"]
    assert (lex["category"] != "").all() and (lex["note"] != "").all()


def test_user_lexicon_formats(tmp_path):
    txt = tmp_path / "user.txt"
    txt.write_bytes("\ufeff# my terms\n数字文创 100 n\n園中園\n".encode("utf-8"))
    lex = nqp.load_lexicon(txt, builtin=False)
    assert list(lex["term"]) == ["园中园", "数字文创"]  # BOM stripped, traditional term simplified
    assert "園中園" in lex.set_index("term").loc["园中园", "variants"]
    assert lex.set_index("term").loc["数字文创", "freq"] == 100


def test_too_low_frequency_is_raised_and_reported(tmp_path, caplog):
    """jieba would silently split a word added with a frequency below its parts'; nqp says so and fixes it."""
    path = tmp_path / "low.txt"
    path.write_text("产业发展 2\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="nqp"):
        tokens = nqp.tokenize_text("推动产业发展", lexicon=path, stopwords=False)
    assert "产业发展" in tokens
    assert any("too low" in r.getMessage() and "产业发展" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "content,message",
    [
        ("term,category\n建圈 强链,program\n", "whitespace"),
        ("word,category\n建圈强链,program\n", "no 'term' column"),
        ("term,category\n成渝·双城经济圈,region\n", "word boundary"),
        ("term,freq\n建圈强链,many\n", "not a whole number"),
    ],
)
def test_bad_lexicon_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NqpError, match=message):
        nqp.load_lexicon(path)


def test_lexicon_file_not_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("建圈强链\n".encode("gbk"))
    with pytest.raises(NqpError, match="not UTF-8"):
        nqp.load_lexicon(path)


def test_lexicon_variants():
    assert nqp.lexicon_variants("建圈强链") == ["建圈强链", "建圈強鏈"]
    assert nqp.lexicon_variants("建圈強鏈") == ["建圈强链", "建圈強鏈"]
    assert nqp.lexicon_variants("建圈强链", compounds=True) == ["建圈强链", "产业建圈强链", "建圈強鏈", "產業建圈強鏈"]
    assert nqp.lexicon_variants("发展") == ["发展", "發展"]


# -- the Lexicon value -------------------------------------------------------------------------


def test_lexicon_value_is_frozen_and_hashable():
    lex = nqp.Lexicon.from_any()
    assert isinstance(hash(lex), int)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.terms = ()
    assert nqp.Lexicon.from_any(lex) is lex
    assert len(lex) == len(nqp.load_lexicon())
    assert {lex, nqp.Lexicon.from_any(True)} == {lex}


def test_lexicon_value_holds_the_table():
    table = nqp.load_lexicon()
    lex = nqp.Lexicon.from_any(None)
    pd.testing.assert_frame_equal(lex.to_frame(), table)
    assert list(lex.terms) == list(table["term"])
    assert lex.variants[lex.terms.index("建圈强链")] == ("建圈強鏈",)
    # a DataFrame of nqp.load_lexicon gives the same value back
    assert nqp.Lexicon.from_any(table) == lex
    assert len(nqp.Lexicon.from_any(False)) == 0


@pytest.mark.parametrize("term", ["建圈强链", "建圈強鏈", "发展", "新質生產力"])
@pytest.mark.parametrize("compounds", [False, True])
def test_lexicon_value_variants_equal_lexicon_variants(term, compounds):
    lex = nqp.Lexicon.from_any()
    assert lex.variants_of(term, compounds=compounds) == nqp.lexicon_variants(term, compounds=compounds)
    assert nqp.lexicon_variants(term, lex, compounds=compounds) == nqp.lexicon_variants(term, compounds=compounds)


def test_lexicon_value_reads_no_file(tmp_path):
    """A Lexicon value is resolved once: after its file is gone, every call still works with it."""
    user = tmp_path / "mine.csv"
    user.write_text("term,category\n数字文创,industry\n", encoding="utf-8-sig")
    lex = nqp.Lexicon.from_any([user])
    user.unlink()
    with pytest.raises(NqpError, match="does not exist"):
        nqp.Lexicon.from_any([user])
    assert "数字文创" in nqp.tokenize_text("发展数字文创产业", lexicon=lex)
    assert nqp.lexicon_variants("数字文创", lex) == ["数字文创", "數字文創"]
    assert "数字文创" in set(nqp.lexicon_audit(pd.DataFrame({"doc_id": ["d"], "text": ["数字文创"]}), lexicon=lex)["term"])


def test_edited_lexicon_file_is_read_again(tmp_path):
    """Lexicon files are cached by content, not by path: an edit shows at the next call."""
    user = tmp_path / "mine.csv"
    user.write_text("term,category\n数字文创,industry\n", encoding="utf-8")
    assert "数字文创" in nqp.Lexicon.from_any([user]).terms
    user.write_text("term,category\n园中园,industry\n", encoding="utf-8")
    lex = nqp.Lexicon.from_any([user])
    assert "园中园" in lex.terms and "数字文创" not in lex.terms


def test_lexicon_copy_equals_builtin(tmp_path):
    copy = tmp_path / "lexicon.csv"
    shutil.copy(LEXICON_FILE, copy)
    assert nqp.Lexicon.from_any(nqp.load_lexicon(copy, builtin=False)).terms == nqp.Lexicon.from_any().terms


def test_bad_lexicon_argument():
    with pytest.raises(NqpTypeError, match="lexicon"):
        nqp.Lexicon.from_any(3)
    with pytest.raises(NqpError, match="no 'term' column"):
        nqp.Lexicon.from_any(pd.DataFrame({"word": ["建圈强链"]}))


def test_lexicon_value_works_wherever_lexicon_is_taken(articles):
    lex = nqp.Lexicon.from_any()
    head = articles.head(4)
    pd.testing.assert_frame_equal(nqp.tokenize(head, lexicon=lex), nqp.tokenize(head))
    pd.testing.assert_frame_equal(nqp.lexicon_audit(head, lexicon=lex), nqp.lexicon_audit(head))
    pd.testing.assert_frame_equal(nqp.terms_discover(head, lexicon=lex, min_count=2),
                                  nqp.terms_discover(head, min_count=2))
    companions = ["建圈强链", "新质生产力", "链主"]
    pd.testing.assert_frame_equal(nqp.theme_variants(companions, lexicon=lex), nqp.theme_variants(companions))

"""The cleaning rules are data a user can extend (nqp.cleaning.rules)."""

from __future__ import annotations

import pytest
from cleaning_seeds import assert_accounts_for

import nqp
from nqp import clean
from nqp import schema as S


def test_user_rules_file_extends_and_overrides(corpus, tmp_path):
    extra = tmp_path / "my_rules.toml"
    extra.write_text(
        """
[[remove]]
name = "english_section_label"
scope = "line"
pattern = '^Chengdu Development$'
description = "the English name of 华西都市报's section"

[[remove]]
name = "image_stub"
enabled = false

[settings]
repeat_min_chars = 1000
""",
        encoding="utf-8",
    )
    c = clean(corpus, rules=extra)
    arts, rm = c.articles, c.removals
    assert list(rm.loc[rm[S.RULE] == "english_section_label", S.TEXT]) == ["Chengdu Development"]
    assert "image_stub" not in set(rm[S.RULE])
    assert "repeat" not in set(rm[S.RULE])
    assert_accounts_for(dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])), arts, rm)
    table = nqp.clean_rules_table(extra)
    assert "english_section_label" in set(table["rule"])

@pytest.mark.parametrize(
    "content, message",
    [
        ("[[remove]]\nname = 'x'\npattern = '(unclosed'\n", "not a valid regular expression"),
        ("[[remove]]\npattern = 'x'\n", "needs a `name`"),
        ("[normalize.punctuation]\n'a' = 'bc'\n", "ONE character"),
        ("[settings]\nno_such_setting = 1\n", "unknown"),
        ("[[remove]]\nname = 'whitespace'\npattern = 'x'\n", "reserved"),
        ("not toml = = =", "not valid UTF-8 TOML"),
        # [[remove]] and [[section]] are read and checked alike
        ("[[section]]\npattern = 'x'\n", "every section label needs a `name`"),
        ("[[section]]\nname = 's'\npattern = 'x'\nkinds = 'photos'\n", r"unknown field\(s\) \['kinds'\]"),
        ("[[section]]\nname = 's'\npattern = 'x'\nkind = 'pictures'\n", 'kind must be "article" or "photos"'),
        ("[[section]]\nname = 's'\npattern = 'x'\nstarts = 'later'\n", 'starts must be "article" or "after_headings"'),
        ("[[remove]]\nname = 'x'\npattern = 'x'\nscope = 'page'\n", 'scope must be "line" or "inline"'),
        ("[[remove]]\nname = 'x'\npattern = 'x'\nstarts = 'later'\n", 'starts must be "article" or "after_headings"'),
    ],
)
def test_bad_rules_file_names_the_problem(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(nqp.NqpValueError, match=message):
        nqp.load_clean_rules(f)


def test_missing_rules_file(tmp_path):
    with pytest.raises(nqp.NqpError, match="no such file"):
        nqp.load_clean_rules(tmp_path / "nope.toml")


def test_edited_rules_file_takes_effect_in_the_same_process(corpus, tmp_path):
    """The rules are cached by the files' content: an edit between two calls is seen by the second."""
    f = tmp_path / "edited.toml"
    f.write_text("[settings]\nrepeat_min_chars = 40\n", encoding="utf-8")
    first = nqp.load_clean_rules(f)
    assert first.repeat_min_chars == 40
    assert nqp.load_clean_rules(f) is first  # same content: the same (cached) rules
    f.write_text("[settings]\nrepeat_min_chars = 1000\n", encoding="utf-8")  # same path, same length
    second = nqp.load_clean_rules(f)
    assert second.repeat_min_chars == 1000
    assert "repeat" in set(clean(corpus, rules=first).removals[S.RULE])
    assert "repeat" not in set(clean(corpus, rules=f).removals[S.RULE])
    f.write_text("[[remove]]\nname = 'my_rule'\npattern = '^Chengdu Development$'\n", encoding="utf-8")
    assert "my_rule" in set(nqp.clean_rules_table(f)["rule"])
    f.unlink()
    with pytest.raises(nqp.NqpError, match="no such file"):
        nqp.load_clean_rules(f)


def test_same_named_rules_replace_and_switch_off(tmp_path):
    package = nqp.load_clean_rules()
    f = tmp_path / "replace.toml"
    f.write_text(
        "[[remove]]\nname = 'image_stub'\npattern = '^IMAGE$'\n\n"
        "[[section]]\nname = 'photo_column'\npattern = '^图集$'\nkind = 'photos'\n\n"
        "[[section]]\nname = 'news_briefs'\nenabled = false\n",
        encoding="utf-8",
    )
    r = nqp.load_clean_rules(f)
    names = [x.name for x in package.remove]
    # a replaced [[remove]] rule moves to where its replacement stands (the end); a section keeps its place
    assert [x.name for x in r.remove] == [n for n in names if n != "image_stub"] + ["image_stub"]
    assert r.remove[-1].pattern.pattern == "^IMAGE$"
    assert [(s.name, s.pattern.pattern) for s in r.sections] == [("photo_column", "^图集$")]


def test_required_literals_are_read_from_the_pattern():
    from nqp.cleaning.rules import _required_literals

    assert _required_literals("^ab(c|d)") == {"ab"}
    assert _required_literals("^x?(?:记者|通讯员)+") == {"记者", "通讯员"}
    assert _required_literals("^(?:a|b*)c?") is None  # b* may match nothing, c is optional
    assert _required_literals("(?i)^abc") is None  # case-insensitive: not read
    assert _required_literals("^[甲乙]+") is None


def test_the_gated_head_test_answers_as_the_combined_match(corpus):
    """``head_matches`` (rules tried only on lines holding a literal they need) says what one combined
    match of every anchored rule says, on every line of the seeds, the work reports and generated text,
    and on the examples of each rule's description."""
    from benchmarks.generate import generate

    r = nqp.load_clean_rules()
    combined, _ = r._plan
    texts = list(corpus["text"]) + list(nqp.gov_work_reports()["text"][:10]) + list(generate(200, 5)["text"])
    lines = [ln.strip() for t in texts for ln in nqp.normalize_text(t).split("\n") if ln.strip()]
    lines += [x.strip() for rule in r.remove for x in rule.description.replace(":", "/").split("/") if x.strip()]
    hits = 0
    for line in lines:
        expected = combined.match(line) is not None
        hits += expected
        assert r.head_matches(line) == expected, line
    assert hits > 10

"""The Dictionary value: every file format gives the same entries; malformed files are refused by line."""

from __future__ import annotations

import pytest

import nqp
from nqp.errors import NqpError

YAML = """\
# a small codebook
supply:
  talent: [人才培养, 人才引进]
  money:
    - 专项资金
    - 财政*
environment:
  strategy: [建圈強鏈, 科技 创新]
"""
CSV = """category,term
supply/talent,人才培养
supply/talent,人才引进
supply/money,专项资金
supply/money,财政*
environment/strategy,建圈強鏈
environment/strategy,科技 创新
"""
LIWC = """%
1\tsupply/talent
2\tsupply/money
3\tenvironment/strategy
%
人才培养\t1
人才引进\t1
专项资金\t2
财政*\t2
建圈強鏈\t3
科技 创新\t3
"""


@pytest.fixture()
def files(tmp_path):
    out = {}
    for name, text in (("cb.yaml", YAML), ("cb.csv", CSV), ("cb.dic", LIWC)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def test_every_format_reads_the_same_entries(files):
    ds = [nqp.Dictionary.read(p) for p in files.values()]
    for d in ds:
        assert d.categories == ds[0].categories
        assert d.terms == ("人才培养", "人才引进", "专项资金", "财政*", "建圈強鏈", "科技 创新")
        # matched in the simplified analysis layer, whatever script the file uses
        assert d.forms[4] == "建圈强链"
        assert d.kinds == ("word", "word", "word", "glob", "word", "phrase")
        assert d.category_names(1) == ["supply", "environment"]
    assert ds[0].wheres[0].endswith("cb.yaml, line 3")
    assert ds[1].wheres[0].endswith("cb.csv, line 2")
    assert ds[2].wheres[5].endswith("cb.dic, line 11")


def test_frozen_and_hashable(files):
    a, b = nqp.Dictionary.read(files["cb.yaml"]), nqp.Dictionary.read(files["cb.csv"])
    assert a == b and hash(a) == hash(b)  # the same entries, whatever file they came from
    assert len({a, b}) == 1
    with pytest.raises(AttributeError):
        a.terms = ()


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("empty.yaml", "", r"empty.yaml is empty"),
        ("empty.csv", "category,term\n", r"empty.csv has a header but no entries"),
        ("nocat.yaml", "a: []\n", r"nocat.yaml, line 1: category a has no terms"),
        ("mid.yaml", "a:\n  - 人*才\n", r"mid.yaml, line 2: '人\*才' has a \* inside"),
        ("star.csv", "category,term\na,*\n", r"star.csv, line 2: the entry '\*' is only a glob"),
        ("blank.csv", "category,term\na,人才\nb, \n", r"blank.csv, line 3: empty term"),
        ("collide.yaml", "a: [人才培养]\nb:\n  - 人才培養\n", r"collide.yaml, line 3: '人才培養' is in b and also in a \(.*line 1\)"),
        ("bad.yaml", "a: [人才\n", r"bad.yaml, line \d+: not valid YAML"),
        ("head.csv", "cat,word\na,b\n", r"head.csv, line 1: the header .* needs 'category' and 'term'"),
        ("num.dic", "%\n1\ta\n%\n人才\t2\n", r"num.dic, line 4: category number 2 is not in the category list"),
        ("list.yaml", "- 人才\n", r"list.yaml, line 1: the top of the file is a list"),
        ("x.txt", "a,b\n", r"unknown format '.txt'"),
    ],
)
def test_malformed_files_are_refused_naming_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NqpError, match=message):
        nqp.Dictionary.read(path)


def test_missing_file_and_bad_argument(tmp_path):
    with pytest.raises(NqpError, match="does not exist"):
        nqp.Dictionary.read(tmp_path / "none.yaml")
    with pytest.raises(TypeError, match="expected a file path or a nqp.Dictionary"):
        nqp.Dictionary.read(3)


def test_a_term_listed_twice_in_one_category_counts_once(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("category,term\na,人才\na,人才\n", encoding="utf-8")
    assert nqp.Dictionary.read(path).terms == ("人才",)


def test_bundled_policy_instruments():
    d = nqp.policy_instruments()
    assert d == nqp.Dictionary.bundled("policy_instruments") == nqp.Dictionary.from_any(None)
    assert d.category_names(1) == ["供给型", "需求型", "环境型"]
    subs = {c.split("/")[1] for c in d.category_names()}
    assert {"人才培养", "资金投入", "技术支持", "公共服务", "基础设施", "政府采购", "示范工程", "贸易管制", "服务外包",
            "目标规划", "金融支持", "税收优惠", "法规管制", "策略性措施"} == subs
    header = nqp.codebook.BUNDLED["policy_instruments"].read_text(encoding="utf-8")
    assert "Rothwell" in header and "Zegveld" in header and "1981" in header and "starting point" in header
    with pytest.raises(NqpError, match="no bundled codebook 'x'"):
        nqp.Dictionary.bundled("x")
    # each entry cites its line by the file's place in the package (a rendered page shows no machine path)
    where = d.to_frame()["where"]
    assert where.str.match(r"^nqp/data/policy_instruments\.yaml, line \d+$").all()
    lines = header.splitlines()
    for term, at in d.to_frame()[["term", "where"]].head(20).itertuples(index=False):
        assert term in lines[int(at.rsplit(" ", 1)[1]) - 1]  # the cited line holds the term


def test_lexicon_terms_are_the_plain_words(files):
    d = nqp.Dictionary.read(files["cb.yaml"])
    assert d.lexicon_terms() == tuple(sorted(["人才培养", "人才引进", "专项资金", "建圈强链"]))
    lex = d.lexicon()
    assert isinstance(lex, nqp.Lexicon) and {"人才培养", "专项资金"} <= set(lex.terms)
    assert set(nqp.Lexicon.from_any(None).terms) <= set(lex.terms)


def test_every_category_of_nqps_codebook_is_glossed_in_english():
    # page 07 names categories in English too: each level of every path of the bundled codebook has a gloss
    book = nqp.policy_instruments()
    for path in book.category_names():
        levels = path.split("/")
        english = nqp.category_gloss(path, only=True).split(" / ")
        assert len(english) == len(levels) and all(e and e != zh for e, zh in zip(english, levels)), path
        assert nqp.category_gloss(path) == f"{path} ({' / '.join(english)})"
    # a name nqp does not know stays as it is, with no gloss
    assert nqp.category_gloss("我的类别") == "我的类别" and nqp.category_gloss("我的类别", only=True) == ""
    assert nqp.category_gloss("供给型/我的类别") == "供给型/我的类别 (supply-side / 我的类别)"

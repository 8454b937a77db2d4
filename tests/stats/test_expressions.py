"""nqp.expressions: λ and z of multi-word expressions equal a brute-force count of the 2**size table."""

import itertools
import math

import pandas as pd
import pytest

import nqp
from nqp.errors import NqpValueError


def _long(sentences, gaps=()):
    """A long tokens table: each sentence a list of words, contiguous unless (sentence, position) is in ``gaps``."""
    rows = []
    for s, words in enumerate(sentences):
        pos = 0
        for i, w in enumerate(words):
            if (s, i) in gaps:
                pos += 1  # a removed character between the words
            rows.append({"doc_id": "d", "article_id": "d-00", "sentence": s, "position": i, "token": w,
                         "start": pos, "end": pos + len(w)})
            pos += len(w)
    return pd.DataFrame(rows)


def _brute(sentences, gram, gaps=()):
    n = len(gram)
    cells = dict.fromkeys(itertools.product((0, 1), repeat=n), 0)
    for s, words in enumerate(sentences):
        for i in range(len(words) - n + 1):
            if any((s, i + j) in gaps for j in range(1, n)):
                continue
            cells[tuple(int(words[i + j] == gram[j]) for j in range(n))] += 1
    lam = sum((-1) ** (n - sum(b)) * math.log(c + 0.5) for b, c in cells.items())
    se = math.sqrt(sum(1 / (c + 0.5) for c in cells.values()))
    return lam, se, lam / se


SENTENCES = [
    ["新质", "生产力", "发展", "产业", "链条"],
    ["发展", "新质", "生产力", "推动", "产业"],
    ["新质", "生产力", "产业", "链条", "发展"],
    ["产业", "链条", "推动", "新质", "生产力"],
    ["推动", "发展", "产业", "新质", "链条"],
]


@pytest.mark.parametrize("gram", [("新质", "生产力"), ("产业", "链条"), ("新质", "生产力", "发展")])
def test_lambda_and_z_equal_a_brute_force_table(gram):
    table = nqp.expressions(_long(SENTENCES), size=len(gram), min_count=1).set_index("words")
    lam, se, z = _brute(SENTENCES, gram)
    row = table.loc[" ".join(gram)]
    assert row["lambda"] == pytest.approx(lam) and row["se"] == pytest.approx(se) and row["z"] == pytest.approx(z)
    assert row["expression"] == "".join(gram)


def test_a_gap_in_the_text_breaks_the_window():
    gaps = {(0, 1)}  # 新质 | 生产力 in sentence 0 are not neighbours
    table = nqp.expressions(_long(SENTENCES, gaps), size=2, min_count=1).set_index("words")
    assert table.loc["新质 生产力", "count"] == 3  # four occurrences, one broken
    lam, se, z = _brute(SENTENCES, ("新质", "生产力"), gaps)
    assert table.loc["新质 生产力", "z"] == pytest.approx(z)


def test_counts_filter_and_correction():
    table = nqp.expressions(_long(SENTENCES), size=2, min_count=3)
    assert set(table["words"]) == {"新质 生产力", "产业 链条"}
    bonf = nqp.expressions(_long(SENTENCES), size=2, min_count=3, correction="bonferroni")
    assert (bonf["p_adjusted"] == (bonf["p_value"] * 2).clip(upper=1)).all()


def test_on_the_seeds_the_top_expressions_occur_in_the_text(cleaned):
    articles = cleaned.articles
    table = nqp.expressions(nqp.tokenize_long(articles), min_count=5, top=10)
    text = "\n".join(articles["text"])
    for row in table.itertuples():
        assert text.count(row.expression) >= row.count


def test_bad_size_is_named():
    with pytest.raises(NqpValueError, match="size"):
        nqp.expressions(_long(SENTENCES), size=1)
    with pytest.raises(NqpValueError, match="size"):
        nqp.expressions(_long(SENTENCES), size=[])

"""Latin words that differ only in case are one token (AI, Ai, ai), written as the lexicon writes it or as the
articles write it most often; the same in tokenize, tokenize_long and tokenize_audit; fold_case=False keeps
every casing."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

import nqp

TEXTS = ["推动AI发展，Ai应用和ai芯片。AI赋能制造业。", "5G网络与5g手机，iPhone和IPHONE，iphone销量。",
         "iPhone新品发布，AI大模型，GDP增长。", "ai芯片出口，iPhone用户。"]


def _articles():
    ids = [f"d{i}" for i in range(len(TEXTS))]
    return pd.DataFrame({"doc_id": ids, "article_id": [f"{i}-00" for i in ids], "text": TEXTS, "text_orig": TEXTS})


def _written(word):
    """How often each casing of ``word`` is written in the texts (a whole Latin word)."""
    return Counter(m.group() for t in TEXTS for m in re.finditer(rf"(?<![A-Za-z0-9]){word}(?![A-Za-z0-9])", t, re.I))


def test_one_token_per_word_in_the_form_written_most_often():
    tokens = Counter(w for ws in nqp.tokenize(_articles())["tokens"] for w in ws)
    for word in ("ai", "iphone", "5g", "gdp"):
        written = _written(word)
        most = max(written.values())
        expected = min(f for f, n in written.items() if n == most)  # a tie: capitals first
        assert tokens[expected] == sum(written.values()), word
        assert not any(tokens[f] for f in written if f != expected), word
    assert _written("ai") == {"AI": 3, "Ai": 1, "ai": 2} and tokens["AI"] == 6
    assert _written("iphone") == {"iPhone": 3, "IPHONE": 1, "iphone": 1} and tokens["iPhone"] == 5


def test_every_table_agrees_and_fold_case_false_keeps_the_casings():
    arts = _articles()
    wide = [w for ws in nqp.tokenize(arts)["tokens"] for w in ws]
    assert nqp.tokenize_long(arts)["token"].tolist() == wide
    assert [w for ws in nqp.tokenize_audit(arts).tokens["tokens"] for w in ws] == wide
    kept = Counter(w for ws in nqp.tokenize(arts, fold_case=False)["tokens"] for w in ws)
    assert kept["Ai"] == 1 and kept["ai"] == 2 and kept["IPHONE"] == 1
    assert nqp.tokenize_long(arts, fold_case=False)["token"].tolist() == [
        w for ws in nqp.tokenize(arts, fold_case=False)["tokens"] for w in ws]


def test_the_lexicon_s_form_wins():
    # a lexicon term written ai (rarer than AI here) is the form of all three casings
    lexicon = nqp.Lexicon.from_any(None).with_terms(["ai"], note="test")
    tokens = Counter(w for ws in nqp.tokenize(_articles(), lexicon=lexicon)["tokens"] for w in ws)
    assert tokens["ai"] == 6 and not tokens["AI"] and not tokens["Ai"]

"""A dictionary term that the tokenizer splits is counted once and whole, and stays whole with its lexicon."""

from __future__ import annotations

import nqp


def test_a_split_term_is_counted_whole_and_kept_whole_by_the_lexicon(seed_articles):
    term = "算力十条"
    plain = nqp.tokenize(seed_articles, lexicon=False, stopwords=False)
    default = nqp.tokenize(seed_articles, stopwords=False)
    assert not any(term in ts for ts in plain["tokens"])  # plain jieba splits it ...
    assert not any(term in ts for ts in default["tokens"])  # ... and so does nqp's lexicon alone
    d = nqp.Dictionary.from_mapping({"infrastructure": [term, "全域算力网"]})
    hits = nqp.category_hits(seed_articles, d)
    n = sum(t.count(term) for t in seed_articles["text"])
    assert n > 0 and (hits["form"] == term).sum() == n  # counted once per occurrence, whole
    tokens = nqp.tokenize(seed_articles, lexicon=d.lexicon(), stopwords=False)
    assert sum(ts.count(term) for ts in tokens["tokens"]) == n

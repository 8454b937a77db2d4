"""New-term discovery on the seeds."""

from __future__ import annotations

import logging

import pytest

import nqp
from nqp.errors import NqpError, NqpTypeError


def test_discovery_surfaces_seed_terms(articles):
    import jieba

    found = nqp.terms_discover(articles, top=30)
    assert {"建圈强链", "关键子链", "产业建圈强链"} & set(found["term"])
    assert found["score"].is_monotonic_decreasing
    assert found["in_lexicon"].any()
    # none is a plain dictionary word (jieba's dictionary, the one both backends use)
    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    assert not [t for t in found["term"] if plain.FREQ.get(t, 0) > 0]


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"min_count": 0}, NqpError),
        ({"min_count": True}, NqpTypeError),
        ({"max_len": 2.5}, NqpTypeError),
        ({"min_len": 1}, NqpError),
        ({"top": -1}, NqpError),
        ({"min_pmi": "high"}, NqpTypeError),
    ],
)
def test_bad_arguments(articles, kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        nqp.terms_discover(articles, **kwargs)

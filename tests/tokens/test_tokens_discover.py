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
    # a word of jieba's dictionary (the one both backends use) is marked, and listed only when this
    # corpus uses it at least 2,000 times as often as the dictionary's own corpus does
    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    n_chars = sum(len(m) for t in articles["text"] for m in __import__("re").findall(r"[\u4e00-\u9fff]+", t))
    for row in found.itertuples():
        in_dict = plain.FREQ.get(row.term, 0) > 0 and not row.in_lexicon
        assert row.in_dictionary == in_dict
        if in_dict:
            assert (row.n / n_chars) / (plain.FREQ[row.term] / plain.total) >= 2000


def _texts_corpus(tmp_path, texts, outlet="报"):
    import pandas as pd

    path = tmp_path / "c.jsonl"
    pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))], "outlet": outlet, "text": texts}).to_json(
        path, orient="records", lines=True, force_ascii=False)
    return nqp.clean(nqp.load_corpus(path), boilerplate=None).articles  # keep the openings for discovery to find


def test_boilerplate_at_paragraph_starts_is_dropped_or_flagged(tmp_path):
    bodies = [s for t in nqp.gov_work_reports()["text"][:3] for s in t.split("\n") if len(s) > 60][:40]
    texts = [f"央视网消息：{b}" for b in bodies]
    arts = _texts_corpus(tmp_path, texts)
    flagged = nqp.terms_discover(arts, top=None, boilerplate="flag", min_count=5)
    row = flagged[flagged["term"] == "央视网消息"]
    assert len(row) == 1 and row["boilerplate_reason"].iloc[0] == "paragraph start"
    assert row["paragraph_start"].iloc[0] == 1.0
    assert "央视网消息" not in set(nqp.terms_discover(arts, top=None, min_count=5)["term"])


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


def _spread_by_scan(texts, terms):
    """The definition of ``_spread``, one scan of every text per term (the former implementation)."""
    lines = [ln.lstrip(" \t\u3000") for t in texts for ln in t.split("\n")]
    return ([sum(1 for ln in lines if ln.startswith(g)) for g in terms],
            [sum(1 for t in texts if g in t) for g in terms])


def _edges_by_scan(cands, lex_forms, is_word):
    """The definition of ``_lexicon_edges``, every candidate against every form (the former implementation)."""
    out, longer = {}, [f for f in lex_forms if len(f) > 3]
    for g in cands:
        ends = tuple(f for f in longer if len(f) >= len(g) + 2 and f.endswith(g) and is_word(f[: len(f) - len(g)]))
        starts = tuple(f for f in longer if len(f) >= len(g) + 2 and f.startswith(g) and is_word(f[len(g):]))
        if ends or starts:
            out[g] = (ends, starts)
    return out


def test_spread_and_lexicon_edges_equal_their_definitions(articles):
    # the one-pass versions give what scanning every text (every form) per term gives
    from nqp.tokens import discover

    texts = list(articles["text"]) + ["  建圈强链行动\n\u3000建圈强链,产业建圈强链。\nA建圈强链", "建圈\n强链"]
    found = nqp.terms_discover(articles, top=None, boilerplate="flag")
    terms = list(found["term"]) + ["建圈强链", "建圈", "强链行动", "产业建圈强链"]
    assert discover._spread(texts, terms) == _spread_by_scan(texts, terms)
    lex_forms = set(nqp.Lexicon.from_any(None).forms())
    words = lex_forms | {"产业", "行动", "链"}
    cands = dict.fromkeys(list(found["term"]) + ["建圈强链", "质生产力", "产业链", "强链"])
    edges = discover._lexicon_edges(cands, lex_forms, words.__contains__)
    assert edges == _edges_by_scan(cands, lex_forms, words.__contains__)
    assert edges["建圈强链"][0]  # 产业建圈强链 = 产业 + 建圈强链: the lexicon ends a form with it


def test_a_part_of_a_lexicon_term_seen_only_inside_it_is_no_candidate(tmp_path):
    """高质量 and 新质 occur here only inside 高质量发展 and 新质生产力 (lexicon terms): no expressions of their own.
    Written apart as often as min_count, 高质量 is a candidate again."""
    texts = [f"第{i}篇:要加快发展新质生产力,推动高质量发展,做强数字经济,各地都在行动。" for i in range(8)]
    lexicon = nqp.Lexicon.from_any(None).forms()
    assert {"新质生产力", "高质量发展"} <= set(lexicon) and not {"新质", "高质量"} & set(lexicon)
    # boilerplate flagged, not dropped: every line here repeats, and the test is about fragments
    found = nqp.terms_discover(_texts_corpus(tmp_path, texts), top=None, min_count=3, boilerplate="flag")
    assert "做强数字经济" in set(found["term"])  # candidates there are
    assert not {"新质", "高质量", "质生产", "量发展"} & set(found["term"])
    apart = texts + [f"高质量与新质并举第{i}回。" for i in range(4)]
    (tmp_path / "b").mkdir()
    found_apart = nqp.terms_discover(_texts_corpus(tmp_path / "b", apart), top=None, min_count=3, boilerplate="flag")
    assert "高质量" in set(found_apart["term"])


def test_the_formulas_of_a_speech_are_no_candidates():
    # every work report opens 我代表国务院 ... 请予审议: frequent and cohesive, but a pronoun's or a request's phrase
    articles = nqp.clean(nqp.gov_work_reports()).articles
    found = set(nqp.terms_discover(articles, top=None)["term"])
    n_open = int(articles["text"].str.contains("我代表国务院").sum())
    assert n_open >= 20  # frequent enough to have been a candidate
    assert not {t for t in found if t[0] in "我请" or t[-1] in "我请"}
    assert "我代表国务院" not in found and "请予审议" not in found

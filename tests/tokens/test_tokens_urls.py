"""URLs and e-mail addresses of web exports are not words: one token each, removed by the ``url`` layer."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

import nqp
from nqp import schema as S

#: the addresses planted, each as a web export prints it
URLS = [
    "https://www.example.com/news/2024/a_1.html?id=3&x=y",
    "http://news.example.cn/c/2024-03-05/doc-1.shtml",
    "www.gov.cn",
    "news.sina.com.cn/c/2024",
    "press@xinhua.org.cn",
    "Service-Desk@example.com",
]
#: sentences of article text, each with a slot for an address
SENTENCES = [
    "各地着力推进新质生产力发展,详见{}。",
    "记者从市经信局获悉,相关政策原文可访问{}查询。",
    "欢迎读者来信至{},反映企业在创新中遇到的困难。",
    "本文来源:{} 编辑:张明",
    "高技术制造业投资增长明显({})。",
]
#: the fragments the backends make of them, which must never be counted as words
FRAGMENTS = {"https", "http", "www", "com", "cn", "html", "shtml", "example", "sina", "news", "gov", "org",
             "xinhua", "press", "id", "doc"}


def _articles(n: int = 40) -> tuple[pd.DataFrame, Counter]:
    """``n`` articles with addresses planted (round robin), and how many times each address is planted."""
    texts, planted = [], Counter()
    for i in range(n):
        parts = []
        for j, sentence in enumerate(SENTENCES):
            url = URLS[(i + j) % len(URLS)]
            planted[url] += 1
            parts.append(sentence.format(url))
        texts.append("".join(parts))
    ids = [f"d{i:03d}" for i in range(n)]
    return pd.DataFrame({S.DOC_ID: ids, S.ARTICLE_ID: [f"{d}-00" for d in ids], "text": texts}), planted


def _without_urls(frame: pd.DataFrame) -> pd.DataFrame:
    """The same articles with every planted address replaced by a space (whitespace is never a token)."""
    rx = re.compile("|".join(re.escape(u) for u in sorted(URLS, key=len, reverse=True)))
    return frame.assign(text=[rx.sub(" ", t) for t in frame["text"]])


@pytest.fixture(scope="module")
def planted():
    return _articles()


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_addresses_are_no_tokens_and_the_rest_is_unchanged(planted, backend):
    frame, _ = planted
    with_urls = nqp.tokenize(frame, backend=backend, cache_dir=False)
    without = nqp.tokenize(_without_urls(frame), backend=backend, cache_dir=False)
    assert with_urls[S.TOKENS].tolist() == without[S.TOKENS].tolist()
    words = {w for ts in with_urls[S.TOKENS] for w in ts}
    assert not words & FRAGMENTS
    assert not any("@" in w or "/" in w or "." in w for w in words)


def test_the_removed_tokens_audit_lists_each_address(planted):
    frame, counts = planted
    removed = nqp.tokenize_removed(frame, cache_dir=False)
    urls = removed[removed[S.LAYER] == "url"]
    assert dict(zip(urls[S.TOKEN], urls[S.N])) == dict(counts)
    # counted among the words removed, never among the kept ones
    table = nqp.tokenize(frame, cache_dir=False)
    plain = nqp.tokenize(_without_urls(frame), cache_dir=False)
    per_article = [sum(t.count(u) for u in URLS) for t in frame["text"]]
    assert (table[S.N_WORDS] - plain[S.N_WORDS]).tolist() == per_article
    assert (table[S.N_STOPWORDS] - plain[S.N_STOPWORDS]).tolist() == per_article


def test_the_long_table_agrees(planted):
    frame, _ = planted
    long = nqp.tokenize_long(frame, cache_dir=False)
    table = nqp.tokenize(frame, cache_dir=False)
    by_article = long.groupby(S.ARTICLE_ID, sort=False)[S.TOKEN].apply(list)
    assert by_article.tolist() == table[S.TOKENS].tolist()
    assert not set(long[S.TOKEN]) & FRAGMENTS


def test_an_address_stays_one_token_when_nothing_is_removed(planted):
    frame, counts = planted
    kept = nqp.tokenize(frame, stopwords=False, cache_dir=False)
    found = Counter(w for ts in kept[S.TOKENS] for w in ts if w in counts)
    assert found == counts


def test_the_matrix_has_no_address_or_fragment(planted):
    frame, _ = planted
    vocab = set(nqp.dtm(nqp.tokenize(frame, cache_dir=False)).vocab)
    assert not vocab & (FRAGMENTS | set(URLS))
    assert "新质生产力" in vocab


@pytest.mark.parametrize("text", ["增长2.5%以上", "GDP增长5.2%", "iPhone 15发布", "3.14159", "A股和B股", "COVID-19疫情"])
def test_text_without_an_address_is_cut_as_before(text):
    # none of these holds an address: the url layer removes nothing
    removed = nqp.tokenize_removed(pd.DataFrame({S.DOC_ID: ["t"], "text": [text]}), cache_dir=False)
    assert "url" not in set(removed[S.LAYER])


_PIECES = ["https://", "http://", "www.", "a.cn", ".com", "/x", "@", "news", "2.5", "%", ".", ":", "/", "-", "_",
           "?id=3&", "ab", "K", " ", "卡拉OK", "T恤", "新质生产力", "访问", "。", ",", "(", ")"]


def test_the_tokens_table_and_the_long_table_agree_on_mixed_addresses():
    # the tokens table re-splits only the runs where it could change something; the long table re-splits
    # every run: around addresses (glued to words, cut by the backend) they must still agree
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=10, deadline=None, derandomize=True)
    @given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join), min_size=20,
                    max_size=20))
    def check(texts):
        ids = [f"t{i}" for i in range(len(texts))]
        frame = pd.DataFrame({S.DOC_ID: ids, S.ARTICLE_ID: ids, "text": texts})
        for options in ({}, {"stopwords": False}):
            table = nqp.tokenize(frame, cache_dir=False, **options)[S.TOKENS].tolist()
            long = nqp.tokenize_long(frame, cache_dir=False, **options)
            by_article = long.groupby(S.ARTICLE_ID, sort=False)[S.TOKEN].apply(list).to_dict()
            assert table == [by_article.get(i, []) for i in ids], texts

    check()


def test_url_hint_finds_every_text_with_an_address():
    """The cheap test that decides whether a text is searched for addresses never misses one: wherever
    the address pattern matches, the hint matches too (the planted addresses, in upper case too, and
    texts made of the characters addresses are built from)."""
    import random

    from nqp.tokens.segment import _URL, _URL_HINT

    texts = [s.format(u) for s in SENTENCES for u in URLS] + [u.upper() for u in URLS]
    rng = random.Random(7)
    alphabet = "aWw.:/@-_x1中。cnCOMorg"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(5000)]
    with_address = [t for t in texts if _URL.search(t)]
    assert len(with_address) > 100  # the random texts hold addresses too, not only the planted ones
    assert [t for t in with_address if not _URL_HINT.search(t)] == []
    assert _URL_HINT.search("新质生产力发展,增长5.2%。") is None

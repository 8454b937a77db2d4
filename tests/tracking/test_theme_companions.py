"""What a theme travels with: contexts, companions counted from the caller's tokens or named terms, the network."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from seed_ids import D002

import nqp
from nqp.errors import NqpError
from nqp.tracking import COMPANIONS

THEME = "建圈强链"


@pytest.fixture(scope="module")
def long_tokens(articles):
    return nqp.tokenize_long(articles, formula=True)


def test_contexts(mentions, articles):
    ctx = nqp.theme_contexts(mentions, articles, scope="paragraph")
    assert ctx["context"].iloc[0].startswith("在邱士安看来,工模具和量刃具产业规模较小")
    for r in ctx.itertuples():
        assert r.sentence in r.context and r.match in r.context
    sent = nqp.theme_contexts(mentions, articles, scope="sentence")
    assert sent["context"].tolist() == mentions["sentence"].tolist()


def test_cooccurrence_changes_over_time(mentions, articles):
    c = nqp.theme_cooccurrence(mentions, articles, terms=list(COMPANIONS), by="period")
    share = c.set_index(["group", "companion"])["n_contexts"]
    assert share.get(("2024-08", "链主"), 0) == 2  # the 宋瑾 paragraphs: “链主”企业
    assert share.get(("2026-02", "链主"), 0) == 0
    assert share.get(("2026-02", "子链"), 0) == 1  # 关键子链 travels with the 2026 整体方案
    assert share.get(("2024-08", "子链"), 0) == 0
    assert share.get(("2024-08", "成渝"), 0) >= 1
    groups = list(dict.fromkeys(c["group"]))
    assert groups == sorted(groups)


def test_cooccurrence_words_exclude_the_theme(mentions, articles, long_tokens):
    c = nqp.theme_cooccurrence(mentions, articles, long_tokens)
    assert len(c) and not c["companion"].isin(["建圈强链", "产业建圈强链", "建圈强链行动"]).any()
    assert (c["share"] <= 1).all() and set(c["group"]) == {"all"}
    assert c["n_group_contexts"].iloc[0] == 8  # 9 mentions in 8 paragraphs (宋瑾's quote and 表示 share one)


def test_companions_are_the_callers_tokens_inside_each_context(mentions, articles, long_tokens):
    c = nqp.theme_cooccurrence(mentions, articles, long_tokens, scope="sentence")
    # counted independently: the long table's tokens inside each mention's sentence, outside the mention
    expected: dict[str, set] = {}
    for r in nqp.theme_contexts(mentions, articles, scope="sentence").itertuples():
        t = long_tokens[(long_tokens["article_id"] == r.article_id) & (long_tokens["start"] >= r.context_start)
                        & (long_tokens["end"] <= r.context_end)
                        & ~((long_tokens["start"] < r.text_end) & (long_tokens["end"] > r.text_start))]
        for w in t["token"]:
            if len(w) >= 2 and any("\u4e00" <= ch <= "\u9fff" for ch in w) and w not in {"建圈强链", "产业建圈强链"}:
                expected.setdefault(w, set()).add((r.article_id, r.context_start))
    assert dict(zip(c["companion"], c["n_contexts"])) == {w: len(s) for w, s in expected.items()}


def test_the_old_call_tokenizes_itself_and_is_deprecated(mentions, articles, long_tokens):
    with pytest.warns(DeprecationWarning, match="tokens"):
        old = nqp.theme_cooccurrence(mentions, articles, by="period")
    # the same companions as from the caller's tokens made with the same settings
    pd.testing.assert_frame_equal(old, nqp.theme_cooccurrence(mentions, articles, long_tokens, by="period"))
    with pytest.warns(DeprecationWarning, match="tokens"):
        g_old = nqp.theme_network(mentions, articles)
    g_new = nqp.theme_network(mentions, articles, long_tokens)
    assert list(g_old.nodes(data=True)) == list(g_new.nodes(data=True))
    assert list(g_old.edges(data=True)) == list(g_new.edges(data=True))


def test_the_wide_tokens_table_counts_whole_articles(mentions, articles):
    wide = nqp.tokenize(articles, formula=True)
    c = nqp.theme_cooccurrence(mentions, articles, wide, scope="article")
    n_articles = mentions["article_id"].nunique()
    assert c["n_group_contexts"].iloc[0] == n_articles
    tokens = wide.set_index("article_id")["tokens"]
    with_industry = sum("产业" in tokens[a] for a in mentions["article_id"].unique())
    assert c.set_index("companion").loc["产业", "n_contexts"] == with_industry
    with pytest.raises(NqpError, match="tokenize_long"):
        nqp.theme_cooccurrence(mentions, articles, wide, scope="paragraph")


def test_tokens_or_terms_not_both(mentions, articles, long_tokens):
    with pytest.raises(NqpError, match="not both"):
        nqp.theme_cooccurrence(mentions, articles, long_tokens, terms=["链主"])
    with pytest.raises(NqpError, match="nqp.tokenize"):
        nqp.theme_cooccurrence(mentions, articles, long_tokens, formula=False)
    with pytest.raises(NqpError, match="tokens"):
        nqp.theme_cooccurrence(mentions, articles, long_tokens[long_tokens["doc_id"] != D002])


def test_network(mentions, articles):
    g = nqp.theme_network(mentions, articles, terms=list(COMPANIONS), top=6)
    assert g.nodes["建圈强链"]["center"]
    assert g.has_edge("建圈强链", "链主") and g.edges["建圈强链", "链主"]["count"] == 2
    assert list(g.nodes) == sorted(g.nodes)


def test_deterministic(articles, mentions, long_tokens):
    again = nqp.theme(articles, THEME)
    a = nqp.theme_cooccurrence(mentions, articles, long_tokens, by="period")
    b = nqp.theme_cooccurrence(again, articles, long_tokens, by="period")
    pd.testing.assert_frame_equal(a, b)
    g1 = nqp.theme_network(mentions, articles, long_tokens)
    g2 = nqp.theme_network(again, articles, long_tokens)
    assert list(g1.edges(data=True)) == list(g2.edges(data=True))


def test_bad_scope_and_articles(mentions, articles):
    with pytest.raises(NqpError, match="scope="):
        nqp.theme_cooccurrence(mentions, articles, terms=["链主"], scope="page")
    with pytest.raises(NqpError, match="not in articles"):
        nqp.theme_contexts(mentions, articles[articles["doc_id"] != D002])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new forms warn about nothing
        nqp.theme_network(mentions, articles, terms=["链主"])


def test_the_network_keeps_the_strongest_links_between_companions():
    # four companions that all meet: with max_edges=2 the two strongest companion pairs stay, every theme link too
    paras = ["建圈强链 产业 集群 生态 链主。"] * 3 + ["建圈强链 产业 集群。"] * 2 + ["建圈强链 生态 链主。"]
    frame = pd.DataFrame({"doc_id": ["x"], "text": ["\n\n".join(paras)]})
    articles = nqp.clean(frame).articles
    mentions = nqp.theme(articles, ["建圈强链"])
    full = nqp.theme_network(mentions, articles, terms=["产业", "集群", "生态", "链主"])
    cut = nqp.theme_network(mentions, articles, terms=["产业", "集群", "生态", "链主"], max_edges=2)
    between = {(a, b): d["count"] for a, b, d in full.edges(data=True) if "建圈强链" not in (a, b)}
    strongest = sorted(between, key=lambda k: (-between[k], k))[:2]
    assert sorted(e for e in cut.edges if "建圈强链" not in e) == sorted(strongest)
    assert {e for e in cut.edges if "建圈强链" in e} == {e for e in full.edges if "建圈强链" in e}
    assert set(cut.nodes) == set(full.nodes)

"""Reprint families (nqp.reprint_families) on corpora with planted wire copy: the families, their sources
and the two kinds of mention counts are known by construction."""

import pandas as pd
import pytest

import nqp
from nqp.errors import NqpValueError
from nqp.script import convert

WIRE = "新华社"
THEME = "新质生产力"


def _paragraphs(n):
    """``n`` distinct long paragraphs of the work reports, none containing the theme (used once each)."""
    seen, out = set(), []
    for text in nqp.gov_work_reports()["text"]:
        for p in text.split("\n"):
            p = p.strip()
            if 80 <= len(p) <= 400 and THEME not in p and p not in seen and "各位代表" not in p:
                seen.add(p)
                out.append(p)
    assert len(out) >= n
    return out[:n]


def _edit(text, every=40):
    """A light edit: every ``every``-th character replaced (about 2.5%: a copy desk's changes)."""
    return "".join("某" if i % every == every - 1 else c for i, c in enumerate(text))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    paras = iter(_paragraphs(60))
    wire = "\n".join([f"各地加快培育{THEME}。" + next(paras), next(paras), next(paras)])
    shared = f"专家认为,发展{THEME}要因地制宜。" + next(paras)
    rows = [
        # family 1: the wire story, its exact reprint, a lightly edited one, one in traditional script
        ("w1", WIRE, "2024-03-01", wire),
        ("w2", "四川日报", "2024-03-03", wire),
        ("w3", "成都日报", "2024-03-05", _edit(wire)),
        ("w4", "大公报", "2024-03-09", convert(wire, "s2t")),
        # family 2 (paragraph level only): one shared paragraph inside otherwise different articles
        ("p1", "经济日报", "2024-04-02", "\n".join([next(paras), shared, next(paras)])),
        ("p2", "光明日报", "2024-04-10", "\n".join([next(paras), next(paras), shared])),
    ]
    # independent articles, each mentioning the theme once in text of its own
    for i in range(8):
        rows.append((f"x{i}", f"报{i % 3}", f"2024-05-{i + 1:02d}", f"{THEME}在本地起步。" + next(paras) + "\n" + next(paras)))
    path = tmp_path_factory.mktemp("planted") / "planted.jsonl"
    pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"]).to_json(path, orient="records", lines=True,
                                                                               force_ascii=False)
    return nqp.clean(nqp.load_corpus(path)).articles


def test_article_families_are_the_planted_reprints(planted):
    fam = nqp.reprint_families(planted, unit="article")
    assert fam["family"].nunique() == 1
    assert sorted(fam["doc_id"]) == ["w1", "w2", "w3", "w4"]
    src = fam[fam["is_source"]]
    assert src["doc_id"].tolist() == ["w1"] and src["outlet"].tolist() == [WIRE]
    assert set(fam["n_members"]) == {4} and set(fam["n_outlets"]) == {4}
    sim = dict(zip(fam["doc_id"], fam["similarity"]))
    assert sim["w1"] == sim["w2"] == sim["w4"] == 1.0  # the traditional copy matches on the simplified layer
    assert 0.5 <= sim["w3"] < 1.0


def test_members_quote_the_original_script_and_trace_to_raw_text(planted):
    fam = nqp.reprint_families(planted, unit="article")
    trad = fam[fam["doc_id"] == "w4"].iloc[0]
    assert trad["passage"] == planted.set_index("doc_id").loc["w4", "text_orig"]
    assert "新質生產力" in trad["passage"]
    art = planted.set_index("article_id").loc[trad["article_id"]]
    assert art["text_orig"][trad["text_start"]:trad["text_end"]] == trad["passage"]


def test_paragraph_level_finds_the_shared_paragraph(planted):
    fam = nqp.reprint_families(planted, unit="paragraph")
    by_family = fam.groupby("family")["doc_id"].apply(lambda s: tuple(sorted(s))).tolist()
    # the wire story's three paragraphs: three families of four; the shared paragraph: one of two
    assert sorted(by_family) == sorted([("w1", "w2", "w3", "w4")] * 3 + [("p1", "p2")])
    pair = fam[fam["doc_id"].isin(["p1", "p2"])]
    assert pair.loc[pair["is_source"], "doc_id"].tolist() == ["p1"]
    assert all(p.startswith("专家认为") for p in pair["passage"])


def test_mentions_counted_every_printing_and_once_per_family(planted):
    mentions = nqp.theme(planted, [THEME])
    assert len(mentions) == 4 + 2 + 8  # four wire copies, two shared paragraphs, eight independent
    fam = nqp.reprint_families(planted, unit="paragraph")
    marked = nqp.reprint_mentions(mentions, fam)
    assert marked["is_reprint"].sum() == 3 + 1
    counts = nqp.reprint_counts(mentions, fam, by="outlet").set_index("outlet")
    assert counts["n_mentions"].sum() == 14 and counts["n_once"].sum() == 10
    assert counts.loc[WIRE, "n_once"] == 1 and counts.loc["四川日报", "n_once"] == 0
    assert counts.loc["光明日报", "n_reprinted"] == 1 and counts.loc["经济日报", "n_reprinted"] == 0


def test_summary_puts_source_and_least_similar_copy_side_by_side(planted):
    fam = nqp.reprint_families(planted, unit="article")
    summary = nqp.reprint_summary(fam)
    assert len(summary) == 1
    row = summary.iloc[0]
    assert row["source"].startswith(WIRE) and row["copy"].startswith("成都日报")
    assert row["min_similarity"] == fam["similarity"].min()


def test_no_families_on_distinct_articles_and_deterministic(planted):
    distinct = planted[planted["doc_id"].str.startswith("x")]
    for unit in ("article", "paragraph", "sentence"):
        assert nqp.reprint_families(distinct, unit=unit).empty
    a = nqp.reprint_families(planted, unit="sentence")
    b = nqp.reprint_families(planted, unit="sentence")
    pd.testing.assert_frame_equal(a, b)


def test_bad_arguments_are_named(planted):
    with pytest.raises(NqpValueError, match="unit"):
        nqp.reprint_families(planted, unit="page")
    with pytest.raises(NqpValueError, match="threshold"):
        nqp.reprint_families(planted, threshold=0)
    with pytest.raises(NqpValueError, match="missing column"):
        nqp.reprint_mentions(nqp.theme(planted, [THEME]), pd.DataFrame({"family": [1]}))


def test_figure_rows_are_the_largest_families(planted):
    import matplotlib

    matplotlib.use("Agg")
    fam = nqp.reprint_families(planted, unit="paragraph")
    fig, ax = nqp.textplot_reprints(fam, top=2)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 2 and all(" printings · " in t for t in labels)
    assert "the 2 smaller not shown" in ax.get_title()


def test_copies_stand_beside_their_source_most_similar_first(planted):
    fam = nqp.reprint_families(planted, unit="article")
    copies = nqp.reprint_copies(fam)
    # the planted wire story: w1 is the source, w2 (exact) and w4 (traditional) are whole copies, w3 edited
    assert sorted(copies["article_id_b"].str[:2]) == ["w2", "w3", "w4"]
    assert set(copies["article_id_a"].str[:2]) == {"w1"}
    assert copies["containment"].is_monotonic_decreasing and copies["article_id_b"].iloc[-1].startswith("w3")
    assert (copies["text_a"] == fam.loc[fam["is_source"], "passage"].iloc[0]).all()
    assert nqp.reprint_copies(fam.iloc[0:0]).empty


def test_with_stories_a_reprinted_story_is_one_family_and_a_shared_passage_another(planted):
    """The wire story (3 paragraphs, 4 printings) and the paragraph shared by two different articles: two
    families with stories=True, where the paragraph families alone give one per paragraph of the story."""
    per_paragraph = nqp.reprint_families(planted, unit="paragraph")
    story_docs = {"w1", "w2", "w3", "w4"}
    inside = per_paragraph.groupby("family")["doc_id"].agg(lambda d: set(d) <= story_docs)
    assert int(inside.sum()) >= 2  # the story's paragraphs are families of their own without stories=True
    both = nqp.reprint_families(planted, unit="paragraph", stories=True)
    groups = both.groupby("family")["doc_id"].agg(lambda d: tuple(sorted(d)))
    assert groups.tolist() == [("w1", "w2", "w3", "w4"), ("p1", "p2")]
    assert groups.index.tolist() == [1, 2]
    # the story family is the article-level one, unchanged
    whole = nqp.reprint_families(planted, unit="article")
    pd.testing.assert_frame_equal(both[both["family"] == 1].reset_index(drop=True), whole)
    assert nqp.reprint_families(planted, unit="article", stories=True).equals(whole)


def test_a_passage_copied_beyond_its_story_keeps_its_family():
    from nqp.tracking.reprints import _without_stories

    whole = pd.DataFrame({"family": [1, 1], "article_id": ["a-00", "b-00"]})
    parts = pd.DataFrame({"family": [1, 1, 2, 2, 2, 3, 3],
                          "article_id": ["a-00", "b-00", "a-00", "b-00", "c-00", "d-00", "e-00"]})
    out = _without_stories(whole, parts)
    assert out["family"].tolist() == [1, 1, 2, 2, 2, 3, 3]  # part 1 (inside the story) gone, 2 and 3 renumbered
    assert out["article_id"].tolist() == ["a-00", "b-00", "a-00", "b-00", "c-00", "d-00", "e-00"]
    assert _without_stories(whole.iloc[:0], parts) is parts

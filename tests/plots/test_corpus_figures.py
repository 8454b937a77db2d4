"""The corpus and cleaning figures stay readable from one document to thousands (nqp.plots.corpus, .cleaning)."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

import nqp

matplotlib.use("Agg")


def _corpus(n: int, outlets=("甲报", "乙报", "丙报"), precision="day", dated=True) -> pd.DataFrame:
    """``n`` documents a week apart, written as a JSONL table and loaded."""
    import tempfile
    from pathlib import Path

    start = pd.Timestamp("2021-01-01")
    dates = [start + pd.Timedelta(days=7 * i) for i in range(n)]
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision]
    frame = pd.DataFrame({
        "doc_id": [f"d{i:05d}" for i in range(n)],
        "outlet": [outlets[i % len(outlets)] for i in range(n)],
        "date": [d.strftime(fmt) if dated else None for d in dates],
        "title": [f"标题{i}" for i in range(n)],
        "text": ["成都发展新质生产力。" * (1 + i % 40) for i in range(n)],
    })
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
        return nqp.load_corpus(path)


def test_timeline_draws_one_labelled_row_per_document_when_few():
    import matplotlib.pyplot as plt

    docs = _corpus(6)
    fig, ax = nqp.textplot_timeline(docs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"标题{i}" for i in range(6)]  # titles, in date order
    plt.close(fig)


def test_timeline_counts_documents_per_period_when_many():
    import matplotlib.pyplot as plt

    docs = _corpus(400)  # weekly over almost eight years
    fig, ax = nqp.textplot_timeline(docs)
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == 400
    freq = nqp.date_freq(docs)
    assert freq in ("month", "quarter") and f"per {freq}" in ax.get_title()
    assert len(ax.get_yticklabels()) < 30  # counts on the axis, not one row per document
    plt.close(fig)


def test_timeline_of_an_undated_corpus_says_why():
    with pytest.raises(nqp.NqpValueError, match="none of its 3 documents is dated"):
        nqp.textplot_timeline(_corpus(3, dated=False))


def test_timeline_counts_undated_documents_in_its_title():
    import matplotlib.pyplot as plt

    docs = pd.concat([_corpus(30), _corpus(2, dated=False).assign(doc_id=["u1", "u2"])], ignore_index=True)
    fig, ax = nqp.textplot_timeline(docs)
    assert "2 undated, not shown" in ax.get_title()
    plt.close(fig)


def test_lengths_histogram_beyond_max_rows_and_bars_below():
    import matplotlib.pyplot as plt

    few = _corpus(5)
    fig, ax = nqp.textplot_lengths(few)
    assert len(ax.patches) == 5 and {t.get_text() for t in ax.get_yticklabels()} == set(few["title"])
    plt.close(fig)
    many = _corpus(300)
    fig, ax = nqp.textplot_lengths(many)
    assert sum(p.get_height() for p in ax.patches) == 300  # every document in one bin
    assert fig.get_size_inches()[1] < 6  # fits a screen whatever the number of documents
    plt.close(fig)


def test_removals_draws_the_top_documents_and_counts_the_rest(corpus):
    import matplotlib.pyplot as plt

    summary = nqp.clean_summary(nqp.clean(corpus))
    fig, ax = nqp.textplot_removals(summary, top=2, corpus=corpus)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    top2 = summary.sort_values(["removed", "doc_id"], ascending=[False, True])["doc_id"].head(2)
    titles = corpus.set_index("doc_id").loc[top2, "title"].str.slice(0, 24)
    assert [lab.rstrip("…") for lab in labels] == list(titles)
    assert "and 3 more documents" in ax.get_xlabel()
    plt.close(fig)


@pytest.mark.parametrize(
    ("precision", "n", "expected"),
    # documents a week apart: 10 span 64 days (day bins fit in 80), 400 span 92 months (quarters);
    # never finer than the dates: month-dated documents by month, year-dated ones by year
    [("day", 3, "day"), ("day", 10, "day"), ("day", 400, "quarter"), ("month", 10, "month"), ("year", 10, "year")],
)
def test_date_freq_follows_precision_and_span(precision, n, expected):
    assert nqp.date_freq(_corpus(n, precision=precision)) == expected


def test_date_freq_of_an_undated_corpus_is_none():
    assert nqp.date_freq(_corpus(2, dated=False)) is None


def test_clusters_scan_fills_the_stable_ks_as_the_topic_scan_fills_what_passes():
    """Filled means passes in both scans' figures: the stability panel's filled squares are the stable ks."""
    import matplotlib.pyplot as plt

    tokens = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "article_id": [f"d{i}-0" for i in range(12)],
                           "tokens": [["光伏", "锂电", "储能"] * 5 if i % 2 else ["算力", "芯片", "模型"] * 5 for i in range(12)]})
    scan = nqp.clusters_scan(nqp.dtm(tokens), ks=[2, 3, 4])
    fig, axes = nqp.textplot_clusters_scan(scan)
    line, marks = axes[1].get_lines()[:2]
    assert line.get_markerfacecolor() == "white"
    stable = scan.table.loc[scan.table["stability"] >= scan.min_stability, "k"].tolist()
    assert stable  # at least one stable k to fill
    assert list(marks.get_xdata()) == stable and marks.get_markerfacecolor() != "white"
    assert axes[1].get_legend().get_texts()[0].get_text().startswith("filled: stable enough")
    plt.close("all")


def test_one_group_beyond_top_keeps_its_name():
    from nqp.plots.corpus import _groups

    nine = pd.Series([f"o{i}" for i in range(9) for _ in range(9 - i)])  # o0 the most frequent, o8 the least
    named, order = _groups(nine, 8, "(no outlet)")
    assert order == [f"o{i}" for i in range(9)] and set(named) == set(order)  # not "1 other group"
    ten = pd.concat([nine, pd.Series(["o9"])], ignore_index=True)
    named, order = _groups(ten, 8, "(no outlet)")
    assert order == [f"o{i}" for i in range(8)] + ["2 other groups"]
    assert (named == "2 other groups").sum() == 2

"""A table (or a folder's metadata.csv) whose date, outlet and title columns have other names: the options
date_column=, outlet_column=, title_column= read them, checked with clear errors; without them, a column of a
name exports give (pubdate, 来源, 标题 ...) whose values look the part is warned about, naming the remedy."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import nqp
from nqp.errors import CorpusError, NqpTypeError, NqpValueError

TEXTS = ["成都加快发展新质生产力,聚焦产业转型升级。", "建圈强链:重点产业链高质量发展。", "科技创新引领现代化产业体系建设。"]
DATES = ["2023-10-05 14:30", "2023年11月", "2024年"]
OUTLETS = ["人民日报", "成都日报", "新华社"]
TITLES = ["加快发展新质生产力", "建圈强链", "科技创新引领"]


def _export(tmp_path, fmt="csv", **columns) -> "pd.DataFrame":
    frame = pd.DataFrame({"正文": TEXTS, **columns})
    path = tmp_path / f"export.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in frame.to_dict("records")),
                        encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_options_read_columns_of_other_names(tmp_path, fmt):
    path = _export(tmp_path, fmt, 发布时间=DATES, 来源=OUTLETS, 标题=TITLES)
    corpus = nqp.load_corpus(path, text_column="正文", date_column="发布时间", outlet_column="来源", title_column="标题")
    by_text = corpus.set_index("text")
    assert [by_text.loc[t, "date"] for t in TEXTS] == ["2023-10-05", "2023-11", "2024"]
    assert [by_text.loc[t, "date_precision"] for t in TEXTS] == ["day", "month", "year"]
    assert [by_text.loc[t, "outlet"] for t in TEXTS] == OUTLETS
    assert [by_text.loc[t, "title"] for t in TEXTS] == TITLES
    assert not {"发布时间", "来源", "标题"} & set(corpus.columns)  # read as date, outlet, title; not kept twice


def test_a_name_matches_without_case_and_source_can_be_the_outlet(tmp_path):
    path = _export(tmp_path, PubDate=DATES, source=OUTLETS)
    corpus = nqp.load_corpus(path, text_column="正文", date_column="pubdate", outlet_column="source")
    assert sorted(corpus["outlet"]) == sorted(OUTLETS)
    assert "origin" not in corpus.columns
    assert sorted(corpus["date"]) == ["2023-10-05", "2023-11", "2024"]


def test_an_unknown_column_names_the_columns_there_are(tmp_path):
    path = _export(tmp_path, pubdate=DATES, media=OUTLETS)
    with pytest.raises(CorpusError) as info:
        nqp.load_corpus(path, text_column="正文", date_column="published")
    message = str(info.value)
    assert str(path) in message and "no column 'published' for date_column" in message
    assert "the columns: 正文, pubdate, media" in message


def test_bad_option_values_are_refused(tmp_path):
    path = _export(tmp_path, pubdate=DATES, media=OUTLETS)
    with pytest.raises(NqpTypeError, match=r"outlet_column=3: expected the name of the column"):
        nqp.load_corpus(path, text_column="正文", outlet_column=3)
    with pytest.raises(NqpValueError, match=r"title_column='media': outlet_column names that column too"):
        nqp.load_corpus(path, text_column="正文", outlet_column="media", title_column="media")
    with pytest.raises(CorpusError, match=r"title_column='正文' is the text column"):
        nqp.load_corpus(path, text_column="正文", title_column="正文")
    both = _export(tmp_path, date=DATES, pubdate=DATES)
    with pytest.raises(CorpusError, match=r"has a column 'date' and date_column='pubdate': which holds the date\?"):
        nqp.load_corpus(both, text_column="正文", date_column="pubdate")


def test_a_bad_date_in_the_named_column_is_the_usual_error(tmp_path):
    path = _export(tmp_path, pubdate=["2023-10-05", "next spring", "2024"])
    with pytest.raises(CorpusError, match=r"cannot read the date 'next spring'"):
        nqp.load_corpus(path, text_column="正文", date_column="pubdate")


def test_folder_metadata_columns(tmp_path):
    for i, text in enumerate(TEXTS):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    rows = "".join(f"{i}.txt,{d},{o},{t}\n" for i, (d, o, t) in enumerate(zip(DATES, OUTLETS, TITLES)))
    (tmp_path / "metadata.csv").write_text("file,日期,媒体,题目\n" + rows, encoding="utf-8")
    corpus = nqp.load_corpus(tmp_path, date_column="日期", outlet_column="媒体", title_column="题目")
    assert corpus["doc_id"].tolist() == ["0", "1", "2"]
    assert corpus["date"].tolist() == ["2023-10-05", "2023-11", "2024"]
    assert corpus["outlet"].tolist() == OUTLETS and corpus["title"].tolist() == TITLES
    with pytest.raises(CorpusError, match=r"metadata\.csv: no column 'pubdate' for date_column \(the columns: file, 日期, 媒体, 题目\)"):
        nqp.load_corpus(tmp_path, date_column="pubdate")


def test_options_where_there_are_no_columns(tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no metadata\.csv, so there are no columns to read date_column='pubdate'"):
        nqp.load_corpus(tmp_path, date_column="pubdate")
    with pytest.raises(CorpusError, match=r"a\.txt: a single document file, so there are no columns"):
        nqp.load_corpus(tmp_path / "a.txt", outlet_column="来源")


# -- without the options: a warning naming the file, the column and the remedy


@pytest.mark.parametrize(
    "column, values, role, option",
    [
        ("pubdate", DATES, "date", "date_column"),
        ("发布时间", ["２０２３年１０月５日", "2023/10/05 08:00:00", "2023年10月5日 星期四"], "date", "date_column"),
        ("来源", OUTLETS, "outlet", "outlet_column"),
        ("source", OUTLETS, "outlet", "outlet_column"),
        ("headline", TITLES, "title", "title_column"),
        ("标题", TITLES, "title", "title_column"),
        # an export from Hong Kong or Taiwan names its columns in traditional script
        ("發佈時間", DATES, "date", "date_column"),
        ("來源", OUTLETS, "outlet", "outlet_column"),
        ("標題", TITLES, "title", "title_column"),
    ],
)
def test_an_alias_that_looks_the_part_is_warned_about(tmp_path, column, values, role, option):
    path = _export(tmp_path, **{column: values})
    with pytest.warns(UserWarning) as caught:
        corpus = nqp.load_corpus(path, text_column="正文")
    messages = [str(w.message) for w in caught if f"no {role!r} column" in str(w.message)]
    assert len(messages) == 1
    message = messages[0]
    assert str(path) in message and f"the column {column!r}" in message
    assert f"Rename the column to {role!r}, or pass {option}={column!r}" in message
    assert f"--{option.replace('_', '-')} {column} on the command line" in message
    # the warning says what happened: the column was not read as the date, outlet or title
    if role == "date":
        assert corpus["date"].isna().all()
    elif role == "outlet":
        assert corpus["outlet"].isna().all()
    else:
        assert corpus["title"].tolist() != values  # the first text line, not the headline column


@pytest.mark.parametrize(
    "column, values",
    [
        ("source", ["https://example.com/a", "https://example.com/b", "https://example.com/c"]),  # links, not outlets
        ("media", ["news@example.com", "a@b.cn", "c@d.cn"]),
        ("time", ["morning", "noon", "evening"]),  # not dates
        ("来源", ["这是一段很长很长的文字" * 5, "人民日报", "新华社"]),  # one value too long for a name
        ("media", ["2023-10-05", "2023-11", "2024"]),  # dates, not outlets (and media is no name of a date column)
        ("remarks", DATES),  # not a name exports give a date column
    ],
)
def test_no_warning_when_the_values_do_not_look_the_part(tmp_path, column, values):
    path = _export(tmp_path, **{column: values})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nqp.load_corpus(path, text_column="正文")


def test_no_warning_when_the_column_is_read(tmp_path):
    path = _export(tmp_path, date=DATES, pubdate=DATES, 来源=OUTLETS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nqp.load_corpus(path, text_column="正文", outlet_column="来源")  # a date column is there: pubdate is extra


def test_a_folder_metadata_alias_is_warned_about(tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,发布日期\na.txt,2023-10-05 14:30\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"metadata\.csv: no 'date' column, but the column '发布日期' .*"
                                         r"pass date_column='发布日期'"):
        nqp.load_corpus(tmp_path)


# -- the text column: an error that names the column that looks like it


@pytest.mark.parametrize("column", ["正文", "內文", "Content", "body"])
def test_a_missing_text_column_names_the_alias(tmp_path, column):
    path = tmp_path / "export.csv"
    pd.DataFrame({"标题": TITLES, column: TEXTS}).to_csv(path, index=False)
    with pytest.raises(CorpusError) as err:
        nqp.load_corpus(path)
    message = str(err.value)
    assert str(path) in message and "no text column 'text'" in message
    assert f"The column {column!r} looks like the text: pass text_column={column!r}." in message
    # the remedy works
    assert nqp.load_corpus(path, text_column=column)["text"].str.strip().tolist() == TEXTS


def test_a_missing_text_column_names_the_longest_column(tmp_path):
    long_texts = [t * 20 for t in TEXTS]  # longer than any title
    path = tmp_path / "export.csv"
    pd.DataFrame({"篇名": TITLES, "x1": long_texts, "x2": ["1", "2", "3"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"The column 'x1' looks like the text: pass text_column='x1'\."):
        nqp.load_corpus(path)


def test_no_text_hint_when_nothing_looks_like_text(tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame({"篇名": TITLES, "n": [1, 2, 3]}).to_csv(path, index=False)
    with pytest.raises(CorpusError) as err:
        nqp.load_corpus(path)
    assert "looks like the text" not in str(err.value)
    assert "Pass text_column=... naming the column that holds the text." in str(err.value)

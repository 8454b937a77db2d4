"""Parameter values a page could only refuse minutes into the run are refused before any page runs."""

from __future__ import annotations

import pytest

from nqp.errors import NqpValueError
from nqp.report import WHOLE_PARAMETERS, run_report


@pytest.mark.parametrize("name, value, says", [
    ("k", 0, "-p k=0: k takes a whole number of at least 1 (or None: the k scan's recommendation), e.g. -p k=2."),
    ("k", "abc", "-p k='abc': k takes a whole number of at least 1"),
    ("top", 2.5, "-p top=2.5: top takes a whole number of at least 1, e.g. -p top=1."),
    ("n_clusters", 1, "-p n_clusters=1: n_clusters takes a whole number of at least 2 (or None: the best silhouette)"),
    ("random_state", -1, "-p random_state=-1: random_state takes a whole number of at least 0"),
    ("max_rows", True, "-p max_rows=True: max_rows takes a whole number of at least 1"),
    ("top", None, "-p top=None: top takes a whole number of at least 1"),
])
def test_a_bad_whole_number_is_refused_up_front(tmp_path, seeds_path, name, value, says):
    out = tmp_path / "report"
    with pytest.raises(NqpValueError) as err:
        run_report(seeds_path, out, params={name: value})
    assert str(err.value).startswith(says)
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing written, nothing half-built


def test_every_checked_name_is_a_parameter_of_a_page():
    from nqp.report import list_notebooks, notebook_parameters

    declared = {n for p in list_notebooks() for n in notebook_parameters(p)}
    assert set(WHOLE_PARAMETERS) <= declared


@pytest.mark.parametrize("theme", ["，。！", "——", ["新质生产力", "…"]])
def test_a_theme_of_punctuation_alone_is_refused(tmp_path, seeds_path, theme):
    with pytest.raises(NqpValueError, match="a term needs a Chinese character, a letter or a digit"):
        run_report(seeds_path, tmp_path / "report", theme=theme)


@pytest.mark.parametrize("name, value, says", [
    ("freq", "fortnight", "-p freq='fortnight': freq takes one of auto, day, week, month, quarter, year, decade, e.g. -p freq=auto."),
    ("scope", "themes", "-p scope='themes': scope takes one of all, theme, e.g. -p scope=all."),
    ("reprint_unit", "page", "-p reprint_unit='page': reprint_unit takes one of article, paragraph, sentence"),
])
def test_a_word_that_is_not_a_choice_is_refused_up_front(tmp_path, seeds_path, name, value, says):
    with pytest.raises(NqpValueError) as err:
        run_report(seeds_path, tmp_path / "report", params={name: value})
    assert str(err.value).startswith(says)
    assert list(tmp_path.iterdir()) == []


def test_a_list_of_terms_given_as_one_term_is_that_term_and_lists_are_checked():
    from nqp.report import _check_values

    params = {"trend_terms": "高质量发展", "reference_terms": "改革开放", "companions": None}
    _check_values(params)
    assert params == {"trend_terms": ["高质量发展"], "reference_terms": ["改革开放"], "companions": None}
    for bad in ({"ks": []}, {"ks": [1, 2]}, {"reference_ks": None}, {"trend_terms": [1]}, {"window": 1},
                {"n_validate": 0}, {"jieba_sample": 0}):
        with pytest.raises(NqpValueError, match=f"-p {next(iter(bad))}="):
            _check_values(dict(bad))
    _check_values({"ks": None, "level": None, "discover_max_chars": None})


@pytest.mark.parametrize("params, says", [
    ({"trend_start": "notadate"}, "-p trend_start='notadate': not a date; trend_start takes a year, a month or a day"),
    ({"trend_end": "2024-13"}, "-p trend_end='2024-13': not a date"),
    ({"trend_start": 2025, "trend_end": 2020}, "-p trend_start=2025 is after -p trend_end=2020"),
])
def test_a_bad_trend_window_is_refused_up_front_by_its_name(tmp_path, seeds_path, params, says):
    with pytest.raises(NqpValueError) as err:
        run_report(seeds_path, tmp_path / "report", params=params)
    assert str(err.value).startswith(says)
    assert list(tmp_path.iterdir()) == []


def test_a_window_of_one_year_and_its_own_month_is_accepted():
    from nqp.report import _check_values

    _check_values({"trend_start": "2020-03", "trend_end": 2020})
    _check_values({"trend_start": 2020, "trend_end": "2020-01-01"})  # 2020 may begin on that day


def test_a_theme_with_a_space_between_chinese_characters_is_refused(tmp_path, seeds_path):
    from nqp.report import _theme

    with pytest.raises(NqpValueError, match="give --theme 数字经济"):
        run_report(seeds_path, tmp_path / "report", theme=["数字 经济"])
    assert _theme(["AI 芯片", "5G"]) == ["AI 芯片", "5G"]  # a space beside Latin letters is the user's


def test_every_yaml_mapping_given_counts():
    from nqp.report import parse_parameters

    assert parse_parameters((), (), ["top: 3", "preview_chars: 5"]) == {"top": 3, "preview_chars": 5}
    assert parse_parameters((), (), "top: 3") == {"top": 3}


def test_one_theme_in_both_scripts_is_one_term():
    from nqp.report import _theme

    assert _theme(["新质生产力", "新質生產力", " 新质生产力 ", "高质量发展"]) == ["新质生产力", "高质量发展"]
    assert _theme("新質生產力") == ["新質生產力"]  # as given, when given once


def test_a_share_in_a_sentence_is_never_a_false_zero_or_whole():
    from nqp.report import share

    assert share(1, 8) == "12.5%" and share(0, 5) == "0.0%" and share(5, 5) == "100.0%"
    assert share(320, 2_300_000) == "0.01%"  # 320 of 2.3 million: not "0.0%"
    assert share(2_299_680, 2_300_000) == "99.99%"  # not "100.0%"
    assert share(1, 10**9) == "under 0.0001%" and share(3, 0) == "0%"


def test_the_theme_is_glossed_from_the_lexicon_where_it_can_be():
    from nqp.report import report_lexicon, theme_glossed

    lexicon = report_lexicon(None, ["高质量发展", "数实融合"])
    note = lexicon.to_frame().set_index("term").loc["高质量发展", "note"]
    gloss = note.split(" (")[0]
    assert theme_glossed(["高质量发展", "数实融合"], lexicon) == f"高质量发展 (“{gloss}”)、数实融合"
    assert theme_glossed(["高質量發展"], lexicon) == f"高質量發展 (“{gloss}”)"  # as given, glossed by its simplified form
    assert theme_glossed(None, lexicon) == ""


def test_a_document_is_named_by_its_first_headline_cut_with_an_ellipsis():
    import pandas as pd

    import nqp
    from nqp.report import document_label, document_titles

    long_line = "鼓励各地探索政事分开、管办分开、医药分开、营利性和非营利性分开的有效形式,推进事业单位改革" * 2
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": [f"{long_line}。\n\n第二段正文。", "成都发布新政策\n\n正文第一段。"]})
    articles = nqp.clean(frame).articles
    titles = document_titles(articles, ["a", "b"])
    assert titles.tolist() == ["", "成都发布新政策"]  # a's first line is a sentence, no headline
    assert [document_label(t, d) for t, d in zip(titles, ["a", "b"])] == ["a", "«成都发布新政策»"]
    assert document_label(long_line, "a") == "«" + long_line[:39] + "…»"

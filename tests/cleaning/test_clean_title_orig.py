"""An article's title as the source printed it (``title_orig``) beside its analysis layer (``title``)."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp.script import convert


def _corpus(tmp_path, rows):
    path = tmp_path / "c.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True, force_ascii=False)
    return nqp.clean(nqp.load_corpus(path), progress=False).articles


BODY = "成都市经济和信息化局近日发布通知，要求各区县加快推进制造业转型升级，培育一批链主企业。\n该局负责人表示，将持续优化营商环境。"


def test_the_corpus_title_keeps_its_script_and_punctuation(tmp_path):
    title = "新质生产力（第13期）：「建圈强链」"
    trad = convert(title, "s2t")
    arts = _corpus(tmp_path, [{"doc_id": "a", "title": title, "text": BODY},
                              {"doc_id": "b", "title": trad, "text": convert(BODY, "s2t")}])
    a, b = arts.set_index("doc_id").loc["a"], arts.set_index("doc_id").loc["b"]
    assert a["title_orig"] == title and b["title_orig"] == trad
    # the analysis layer is normalized: simplified, ASCII punctuation; both documents share it
    assert a["title"] == b["title"] == nqp.normalize_text(title)
    assert a["title"] != title


def test_a_heading_title_is_the_raw_heading_and_no_title_stays_empty(tmp_path):
    heading = "粤港澳大湾区与成渝 双「圈」辉映跨「圈」并进"
    arts = _corpus(tmp_path, [{"doc_id": "h", "text": heading + "\n" + BODY}, {"doc_id": "n", "text": "只有一行的短讯。"}])
    by = arts.set_index("doc_id")
    assert by.loc["h", "title_orig"] == heading
    assert by.loc["h", "title"] == nqp.normalize_text(heading)
    assert by.loc["n", "title"] == by.loc["n", "title_orig"] == ""


def test_on_the_seeds_every_title_has_its_printed_form_of_the_same_length():
    arts = nqp.clean(nqp.load_corpus("seeds"), progress=False).articles
    assert ((arts["title"] == "") == (arts["title_orig"] == "")).all()
    assert (arts["title"].str.len() == arts["title_orig"].str.len()).all()
    # normalizing the printed form gives the analysis layer back
    assert [nqp.normalize_text(t) for t in arts["title_orig"]] == arts["title"].tolist()

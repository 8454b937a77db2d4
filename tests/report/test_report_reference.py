"""A page compares its corpus with the reference corpus only when they are different corpora: the work reports
run against themselves (by name, or by a path to a copy of them) would compare a corpus with itself."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp.report import report_reference


def test_the_reference_corpus_itself_is_no_reference(tmp_path):
    reports = nqp.gov_work_reports()
    cleaned = nqp.report.report_cleaned("gov_work_reports")
    ref, why = report_reference(cleaned, "gov_work_reports")
    assert ref is None and "is the reference corpus (gov_work_reports) itself" in why
    # the same documents in another order, under other ids, from a file of one's own
    copy = reports.iloc[::-1][["text"]].assign(doc_id=[f"r{i}" for i in range(len(reports))])
    path = tmp_path / "my_reports.csv"
    copy.to_csv(path, index=False)
    ref, why = report_reference(nqp.report.report_cleaned(path), "gov_work_reports")
    assert ref is None and "itself" in why


def test_another_corpus_keeps_its_reference_and_none_says_so(tmp_path):
    path = tmp_path / "two.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "text": ["新质生产力加快发展。", "建圈强链持续推进。"]}).to_csv(path, index=False)
    cleaned = nqp.report.report_cleaned(path)
    assert report_reference(cleaned, "gov_work_reports") == ("gov_work_reports", "")
    assert report_reference(cleaned, None) == (None, "`reference_corpus = None`")
    # one document fewer is another corpus
    reports = nqp.gov_work_reports()
    fewer = tmp_path / "fewer.csv"
    reports.iloc[1:][["doc_id", "text"]].to_csv(fewer, index=False)
    assert report_reference(nqp.report.report_cleaned(fewer), "gov_work_reports")[0] == "gov_work_reports"
    assert nqp.report.same_texts(reports.iloc[::-1], reports) and not nqp.report.same_texts(reports.iloc[1:], reports)

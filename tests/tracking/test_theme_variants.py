"""The forms a theme is matched by: both scripts, lexicon compounds, campaign names; the lexicon read once."""

from __future__ import annotations

import pandas as pd

import nqp
from nqp.tracking import COMPANIONS


def test_variants_both_scripts_and_campaign_names():
    forms = nqp.theme_variants("建圈強鏈")
    assert set(forms["term"]) == {"建圈强链"}
    assert {"建圈强链", "建圈強鏈", "产业建圈强链", "產業建圈強鏈", "建圈强链行动", "產業建圈強鏈行動"} <= set(forms["form"])
    assert set(forms["analysis_form"]) == {"建圈强链", "产业建圈强链", "建圈强链行动", "产业建圈强链行动"}


def test_the_lexicon_is_read_once_per_call(monkeypatch):
    import nqp.tokens

    resolved = []
    real = nqp.tokens.Lexicon.from_any

    def counting(lexicon=None):
        if not isinstance(lexicon, nqp.tokens.Lexicon):  # a value passed on is not read again
            resolved.append(lexicon)
        return real(lexicon)

    monkeypatch.setattr(nqp.tokens.Lexicon, "from_any", staticmethod(counting))
    forms = nqp.theme_variants(list(COMPANIONS), compounds=False)  # as the companions are matched
    assert len(resolved) == 1  # not once per term (14 here)
    assert list(dict.fromkeys(forms["term"])) == list(COMPANIONS)


def test_a_loaded_lexicon_gives_the_same_forms():
    terms = ["建圈强链", *COMPANIONS]
    pd.testing.assert_frame_equal(nqp.theme_variants(terms, lexicon=nqp.load_lexicon()), nqp.theme_variants(terms))


def test_without_compounds_only_the_term_and_its_scripts():
    forms = nqp.theme_variants("建圈强链", compounds=False, lexicon=False)
    assert set(forms["analysis_form"]) == {"建圈强链"}
    assert set(forms["form"]) == {"建圈强链", "建圈強鏈"}

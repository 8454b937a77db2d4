"""The surface forms a theme is matched by (:func:`theme_variants`) and the one matcher built from them.

A *theme* is a family of surface forms of one or more terms (建圈强链, 建圈強鏈, 产业建圈强链,
建圈强链行动 ...). Forms are matched on the analysis layer (``text``: simplified, normalized), so one
family finds the simplified and the traditional spellings.
"""

from __future__ import annotations

import logging
import re

import pandas as pd

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError
from ..script import converter
from ..text import term_pattern

log = logging.getLogger(__name__)

__all__ = ["CAMPAIGN_SUFFIXES", "theme_variants"]

#: suffixes that make a form a campaign name of the same theme (建圈强链行动, 产业建圈强链行动)
CAMPAIGN_SUFFIXES = ("行动",)


def analysis_form(form: str) -> str:
    """``form`` as it stands in the analysis layer (``text``) of nqp.clean's articles."""
    from ..cleaning import normalize_text

    return normalize_text(form)


def check_terms(terms) -> list[str]:
    """``terms`` (a term or a list of terms) as a list of stripped, non-empty strings; else a clear error."""
    if isinstance(terms, str):
        terms = [terms]
    try:
        terms = list(terms)
    except TypeError:
        raise NqpTypeError(f"terms={terms!r}: pass a term (str) or a list of terms, e.g. ['建圈强链'].") from None
    bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
    if bad or not terms:
        raise NqpValueError(f"terms={terms!r}: every term must be a non-empty string; pass at least one, e.g. ['建圈强链'].")
    return [t.strip() for t in terms]


def theme_variants(terms, *, variants=None, compounds: bool = True, lexicon=None) -> pd.DataFrame:
    """The surface forms each theme term is matched by, in both scripts.

    ``terms``: a term or a list (either script). Each term's forms come from the policy-term lexicon
    (:func:`nqp.lexicon_variants`; ``compounds=True`` adds lexicon terms that contain it, e.g.
    产业建圈强链, and the campaign names ``{form}行动``), from OpenCC (s2t/t2s), and from ``variants``
    (extra forms: a list for all terms, or a dict term -> list). A term that is a form of an earlier
    term joins that term's family. ``lexicon``: as for :func:`nqp.load_lexicon` (None: nqp's), or its
    table; it is read once per call.

    Returns one row per form, sorted by term (in the order given) then form: ``term`` (the family's
    simplified name), ``form`` (as written), ``analysis_form`` (what is searched in ``text``).
    """
    from ..tokens import lexicon_variants

    terms = check_terms(terms)
    if variants is not None and not isinstance(variants, (dict, list, tuple, set)):
        raise NqpTypeError(f"variants={variants!r}: pass a list of extra forms, or a dict term -> list of forms.")
    from ..tokens import Lexicon

    lex = Lexicon.from_any(lexicon)  # resolved once for all the terms
    s2t = converter("s2t")
    owner: dict[str, str] = {}
    rows = []
    order = []
    for t in terms:
        canon = analysis_form(t)
        if canon in owner:
            log.info("theme: term %r is a form of %r; counted in that family", t, owner[canon])
            continue
        forms = set(lexicon_variants(t, lex, compounds=compounds)) | {t, canon}
        extra = variants.get(t, variants.get(canon, [])) if isinstance(variants, dict) else (variants or [])
        forms |= {str(v) for v in extra if str(v).strip()}
        forms |= {s2t.convert(f) for f in list(forms)}
        if compounds:
            forms |= {f + suf for f in list(forms) for suf in CAMPAIGN_SUFFIXES}
            forms |= {s2t.convert(f) for f in list(forms)}
        order.append(canon)
        for f in sorted(forms):
            a = analysis_form(f)
            if owner.get(a, canon) != canon:
                continue
            owner[a] = canon
            rows.append({S.TERM: canon, S.FORM: f, S.ANALYSIS_FORM: a})
    out = pd.DataFrame(rows, columns=S.VARIANT_COLUMNS)
    out[S.TERM] = pd.Categorical(out[S.TERM], categories=order, ordered=True)
    out = out.sort_values([S.TERM, S.FORM], kind="stable").reset_index(drop=True)
    out[S.TERM] = out[S.TERM].astype(str)
    return out


def variants_matcher(forms: pd.DataFrame) -> tuple[re.Pattern | None, dict[str, str]]:
    """The one matcher of a :func:`theme_variants` table: ``(pattern, analysis form -> term)``.

    The pattern is :func:`nqp.text.term_pattern` of the analysis forms (longest first, so at one
    place the longest form wins and mentions never overlap); None when there is no form.
    """
    owner = dict(zip(forms[S.ANALYSIS_FORM], forms[S.TERM]))
    return term_pattern(owner), owner

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

    def own_forms(t: str, canon: str) -> set[str]:
        # the term as given, its forms in the lexicon and the user's, in both scripts, each Latin letter in
        # either case (5G and 5g, AI+ and ai+)
        forms = set(lexicon_variants(t, lex, compounds=False)) | {t, canon}
        extra = variants.get(t, variants.get(canon, [])) if isinstance(variants, dict) else (variants or [])
        forms |= {str(v) for v in extra if str(v).strip()}
        forms |= {s2t.convert(f) for f in list(forms)}
        return forms | {g for f in forms if any(c.isascii() and c.isalpha() for c in f) for g in (f.upper(), f.lower())}

    # first each term given claims its own forms, then the compounds of each take what no term given has:
    # 改革 and 全面深化改革 given together are two terms (the second is no compound of the first), in any order
    owner: dict[str, str] = {}
    families = []
    for t in terms:
        canon = analysis_form(t)
        if canon in owner:
            log.info("theme: term %r is a form of %r; counted in that family", t, owner[canon])
            continue
        forms = own_forms(t, canon)
        for f in forms:
            owner.setdefault(analysis_form(f), canon)
        families.append((t, canon, forms))
    order = [canon for _, canon, _ in families]
    own = dict(owner)
    if compounds:
        # a compound goes to the longest term given that it holds (全面深化改革行动 to 全面深化改革, not to 改革),
        # whichever family found it: the same table in any order of the terms
        found: dict[str, set[str]] = {}
        for t, canon, forms in families:
            more = forms | set(lexicon_variants(t, lex, compounds=True))
            more |= {s2t.convert(f) for f in list(more)}
            more |= {f + suf for f in list(more) for suf in CAMPAIGN_SUFFIXES}
            more |= {s2t.convert(f) for f in list(more)}
            for f in more:
                found.setdefault(f, set()).add(canon)
        for f, by in found.items():
            a = analysis_form(f)
            if a not in own:
                holders = [c for c in order if c in a] or [c for c in order if c in by]
                owner[a] = max(holders, key=len)  # the first of the longest, in the order given
    forms_of: dict[str, set[str]] = {canon: set() for canon in order}
    for _, canon, forms in families:
        forms_of[canon] |= {f for f in forms if owner[analysis_form(f)] == canon}
    if compounds:
        # a compound in neither script (建圈強鏈行动: a traditional form and a simplified suffix) is made on the way and
        # found by its analysis form anyway: it is no form of its own to list
        t2s = converter("t2s")
        given = {f for _, _, forms in families for f in forms}
        for f in found:
            if f in given or s2t.convert(f) == f or t2s.convert(f) == f:
                forms_of[owner[analysis_form(f)]].add(f)
    rows = [{S.TERM: canon, S.FORM: f, S.ANALYSIS_FORM: analysis_form(f)}
            for canon in order for f in sorted(forms_of[canon])]
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

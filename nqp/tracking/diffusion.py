"""How a theme spreads: first mentions, speakers, honest counts, periods and summaries per group.

Every function takes the mention table of :func:`nqp.theme` and, where a share needs the articles
that do *not* mention the theme, nqp.clean's articles; they join on ``article_id``.
"""

from __future__ import annotations

import logging
import warnings

import pandas as pd

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError
from ..text import term_pattern
from .mentions import chars_searched, check_articles, check_mentions, mentions_terms
from .speakers import SPEAKER_TYPES
from .variants import theme_variants

log = logging.getLogger(__name__)

__all__ = ["theme_first", "theme_speakers", "theme_audit", "theme_periods", "theme_summary"]

#: the reading order of mentions
_MENTION_ORDER = [S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, S.TEXT_START]


def theme_first(mentions: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """The first mention per ``by`` value (an outlet by default; ``term``, ``speaker_type`` ... work too).

    First means earliest ``date_start`` (then ``date_end``, doc, reading order): a month-precision
    date counts from the first day of its month, so ``date_precision`` is kept to read it honestly.

    Returns one row per group, sorted by ``date_start`` then the group: ``by``, ``date``,
    ``date_precision``, ``doc_id``, ``article_id``, ``term``, ``match``, ``sentence``, ``speaker``,
    ``speaker_type``, ``is_heading``, ``n_mentions`` (the group's total), ``n_docs`` (documents of
    the group that mention the theme).
    """
    m = check_mentions(mentions)
    if by not in m.columns:
        raise NqpValueError(f"by={by!r}: not a column of the mention table; use one of {list(m.columns)}.")
    cols = list(dict.fromkeys([by, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DOC_ID, S.ARTICLE_ID, S.TERM, S.MATCH,
                               S.SENTENCE, S.SPEAKER, S.SPEAKER_TYPE, S.IS_HEADING]))
    if m.empty:
        return pd.DataFrame(columns=cols + ["n_mentions", "n_docs"])
    key = m[by].fillna("(none)")
    ordered = m.assign(_g=key).sort_values(_MENTION_ORDER, kind="stable", na_position="last")
    first = ordered.groupby("_g", sort=False).head(1).copy()
    n = ordered.groupby("_g")[S.DOC_ID].agg(n_mentions="size", n_docs="nunique")
    first = first.join(n, on="_g")
    first[by] = first["_g"]
    first = first.sort_values([S.DATE_START, by], kind="stable", na_position="last")
    return first[cols + ["n_mentions", "n_docs"]].reset_index(drop=True)


def theme_speakers(mentions: pd.DataFrame) -> pd.DataFrame:
    """Who says the theme: one row per speaker (the outlets' own voice is one row, its outlets listed).

    Returns ``speaker_type``, ``speaker`` (``(outlet voice)`` for the outlet's own voice),
    ``speaker_role``, ``n_mentions``, ``n_docs``, ``outlets`` (sorted, ``", "``-joined),
    ``first_date`` (with its precision), ``cues`` (the distinct cues the attributions rest on).
    Sorted by ``n_mentions`` descending, then the order of :data:`SPEAKER_TYPES`, then speaker.
    """
    m = check_mentions(mentions)
    cols = [S.SPEAKER_TYPE, S.SPEAKER, S.SPEAKER_ROLE, "n_mentions", "n_docs", S.OUTLET + "s", "first_date", "cues"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    x = m.sort_values(_MENTION_ORDER, kind="stable", na_position="last")
    x = x.assign(
        _who=x[S.SPEAKER].astype(object).where(x[S.SPEAKER].notna(), "(outlet voice)"),
        _date=x[S.DATE].astype(str) + " (" + x[S.DATE_PRECISION].astype(str) + ")",
    )
    x.loc[x[S.SPEAKER_TYPE] == "outlet", "_who"] = "(outlet voice)"
    rows = []
    for (stype, who), g in x.groupby([S.SPEAKER_TYPE, "_who"], sort=False):
        roles = g[S.SPEAKER_ROLE].dropna()
        rows.append({
            S.SPEAKER_TYPE: stype,
            S.SPEAKER: who,
            S.SPEAKER_ROLE: roles.iloc[0] if len(roles) else None,
            "n_mentions": len(g),
            "n_docs": g[S.DOC_ID].nunique(),
            S.OUTLET + "s": ", ".join(sorted(g[S.OUTLET].dropna().astype(str).unique())),
            "first_date": g["_date"].iloc[0],
            "cues": " | ".join(dict.fromkeys(g[S.SPEAKER_CUE].dropna().astype(str))),
        })
    out = pd.DataFrame(rows, columns=cols)
    out["_t"] = out[S.SPEAKER_TYPE].map({t: i for i, t in enumerate(SPEAKER_TYPES)})
    out = out.sort_values(["n_mentions", "_t", S.SPEAKER], ascending=[False, True, True], kind="stable")
    return out.drop(columns="_t").reset_index(drop=True)


def _audit_inputs(cleaned):
    """``(corpus, articles, rules)`` of a :class:`nqp.Cleaned`; the old form (a corpus table) is deprecated."""
    from ..cleaning import Cleaned

    if isinstance(cleaned, Cleaned):
        return cleaned.corpus, cleaned.articles, cleaned.rules
    if isinstance(cleaned, pd.DataFrame) and {S.DOC_ID, S.TEXT}.issubset(cleaned.columns):
        warnings.warn(
            "nqp.theme_audit(mentions, corpus) is deprecated: pass the result of nqp.clean, "
            "nqp.theme_audit(mentions, nqp.clean(corpus)); it holds the raw corpus and the articles the "
            "mentions came from.",
            DeprecationWarning,
            stacklevel=3,
        )
        return cleaned, None, None
    raise NqpTypeError(
        f"cleaned: expected the result of nqp.clean (nqp.clean(nqp.load_corpus(path))), got {type(cleaned).__name__}."
    )


def theme_audit(mentions: pd.DataFrame, cleaned) -> pd.DataFrame:
    """Honest counts, checked: per document, a naive search of the raw text against the mention table.

    ``cleaned``: the result of :func:`nqp.clean` the mentions' articles come from (its ``corpus`` is
    the raw text searched, its ``rules`` normalize it as the articles were). The naive search counts
    the theme's forms in the whole raw text (normalized to simplified script), so it also counts text
    that cleaning removed: a passage the layout printed twice, a caption, a credit. Those are the
    difference; the ``removals`` of ``cleaned`` show each removed passage.

    Returns one row per document of the corpus (sorted by ``doc_id``): ``doc_id``, ``raw_search``,
    ``mentions`` (those in the text: a mention in a title given only as metadata is not in the raw text),
    ``in_headings``, ``not_counted`` (``raw_search - mentions``).
    """
    from ..cleaning import normalize_text

    m = check_mentions(mentions)
    corpus, articles, rules = _audit_inputs(cleaned)
    S.check_columns(corpus, "corpus", "cleaned.corpus")
    if articles is not None:
        unknown = sorted(set(m[S.ARTICLE_ID]) - set(articles[S.ARTICLE_ID]))
        if unknown:
            raise NqpValueError(
                f"mentions: article(s) {unknown[:3]} are not in cleaned.articles; pass the nqp.clean result "
                "the mentions came from."
            )
    forms = m.attrs.get("forms")
    if not forms and (len(m) or m.attrs.get("terms")):
        forms = sorted(set(theme_variants(mentions_terms(m))[S.ANALYSIS_FORM]))
    rx = term_pattern(forms or [])
    docs = corpus.sort_values(S.DOC_ID, kind="stable")
    raw = [len(rx.findall(normalize_text(t, rules))) if rx is not None and isinstance(t, str) else 0
           for t in docs[S.TEXT]]
    in_text = m[m[S.FIELD] != "title"] if S.FIELD in m.columns else m  # a metadata title is not in the raw text
    per = in_text.groupby(S.DOC_ID).agg(**{S.MENTIONS: (S.TERM, "size"), S.IN_HEADINGS: (S.IS_HEADING, "sum")})
    out = pd.DataFrame({S.DOC_ID: docs[S.DOC_ID].values, S.RAW_SEARCH: raw})
    out = out.join(per, on=S.DOC_ID)
    out[[S.MENTIONS, S.IN_HEADINGS]] = out[[S.MENTIONS, S.IN_HEADINGS]].fillna(0).astype("int64")
    out[S.RAW_SEARCH] = out[S.RAW_SEARCH].astype("int64")
    out[S.NOT_COUNTED] = out[S.RAW_SEARCH] - out[S.MENTIONS]
    if (out[S.NOT_COUNTED] > 0).any():
        log.info("theme_audit: %d occurrence(s) in raw text are not mentions (removed by cleaning)",
                 int(out[S.NOT_COUNTED].clip(lower=0).sum()))
    return out[S.AUDIT_COLUMNS].reset_index(drop=True)


def _auto_freq(frame: pd.DataFrame) -> str:
    """``year`` when more than :data:`nqp.dates.COARSE_SHARE` of the dated articles are dated only to the year
    (or no precision is known), else ``month``."""
    from ..dates import finest_precision

    if S.DATE_PRECISION not in frame.columns:
        return "year"
    finest = finest_precision(frame[S.DATE_PRECISION])
    return "year" if finest in (None, "year") else "month"


def theme_periods(articles: pd.DataFrame, freq: str = "auto") -> pd.Series:
    """The period label of each article at ``freq`` (aligned with ``articles``), respecting date precision.

    ``freq``: ``auto`` (``year`` when more than 5% of the dated articles are dated only to the year, else
    ``month``: the few year-dated ones stay out of the months), or one of
    :func:`nqp.date_bins`'s (day, week, month, quarter, year, decade). An article whose date is
    coarser than ``freq`` is never put in one of its periods: it gets ``"(coarser than month)"``;
    an undated one ``"(undated)"``. The Series carries ``attrs["freq"]`` and ``attrs["starts"]``
    (label -> period start, for sorting).
    """
    from ..dates import date_bins

    f = _auto_freq(articles) if freq == "auto" else freq
    bins = date_bins(articles, f)
    label = bins["bin"].astype(object)
    reason = bins["reason"].astype(object)
    label = label.where(bins["placed"], "(" + reason + ")")
    out = pd.Series(label.values, index=articles.index, name=S.PERIOD)
    starts = dict(zip(label[bins["placed"]], bins.loc[bins["placed"], "bin_start"]))
    out.attrs["freq"] = f
    out.attrs["starts"] = starts
    return out


def theme_summary(mentions: pd.DataFrame, articles: pd.DataFrame, by=S.OUTLET, *, freq: str = "auto") -> pd.DataFrame:
    """Mentions and the share of articles mentioning the theme, per group.

    ``articles``: nqp.clean's articles the mentions were found in (joined on ``article_id``). ``by``:
    a column of the articles (``outlet``, ``doc_id`` ...), ``"period"`` (date periods at ``freq``, see
    :func:`theme_periods`), ``"term"`` (each family of the theme), or a list of these. Every group of
    the articles appears, also those with no mention (zeros), so shares are honest.

    Returns one row per group: the ``by`` columns; ``n_docs``, ``n_articles`` (articles in the
    group), ``n_articles_mentioning``, ``share_articles`` (their ratio), ``n_mentions``,
    ``n_headings`` (mentions in headings), ``n_chars`` (the characters searched: the cleaned text, and a
    title where it is searched apart from the text, as in :func:`nqp.theme_trends`), ``per_10k_chars``
    (mentions per 10,000 of them), ``first_date`` (earliest ``date`` with a mention, as written,
    with its precision). Sorted by the ``by`` columns, periods chronologically (undated last).
    """
    m = check_mentions(mentions)
    arts = check_articles(articles)
    by = [by] if isinstance(by, str) else list(by)
    if not by:
        raise NqpValueError("by: give at least one grouping, e.g. 'outlet', 'period' or 'term'.")
    a = arts[[c for c in arts.columns if c not in (S.TEXT, S.TEXT_ORIG, S.RAW_SEGMENTS, S.HEADINGS)]].copy()
    a[S.N_CHARS] = chars_searched(arts)  # as theme_trends counts them: a title searched apart adds its own
    starts = {}
    if S.PERIOD in by:
        per = theme_periods(a, freq)
        a[S.PERIOD] = per
        starts = per.attrs["starts"]
    for c in by:
        if c not in (S.TERM, S.PERIOD) and c not in a.columns:
            raise NqpValueError(
                f"by={c!r}: not a column of the articles; use 'outlet', 'period', 'term' or one of {list(a.columns)}."
            )
    terms = mentions_terms(m) if S.TERM in by else [None]
    frames = []
    for t in terms:
        mt = m if t is None else m[m[S.TERM] == t]
        per_art = mt.groupby(S.ARTICLE_ID).agg(n_mentions=(S.TERM, "size"), n_headings=(S.IS_HEADING, "sum"))
        x = a.join(per_art, on=S.ARTICLE_ID)
        x["n_mentions"] = x["n_mentions"].fillna(0).astype("int64")
        x["n_headings"] = x["n_headings"].fillna(0).astype("int64")
        if t is not None:
            x[S.TERM] = t
        frames.append(x)
    x = pd.concat(frames, ignore_index=True)
    keys = []
    for c in by:
        k = "_k_" + c
        x[k] = x[c].astype(object).where(x[c].notna(), "(none)") if c in x.columns else "(none)"
        keys.append(k)
    x["_mentioning"] = x["n_mentions"] > 0
    x["_first"] = x[S.DATE_START].where(x["_mentioning"]) if S.DATE_START in x.columns else pd.NaT
    g = x.groupby(keys, sort=False, dropna=False)
    out = g.agg(
        n_docs=(S.DOC_ID, "nunique"),
        n_articles=(S.ARTICLE_ID, "size"),
        n_articles_mentioning=("_mentioning", "sum"),
        n_mentions=("n_mentions", "sum"),
        n_headings=("n_headings", "sum"),
        n_chars=(S.N_CHARS, "sum"),
    ).reset_index()
    first_rows = x[x["_mentioning"]].sort_values(["_first", S.DOC_ID], kind="stable").groupby(keys, sort=False).head(1)
    first = first_rows.set_index(keys)
    date_col = first[S.DATE].astype(object) if S.DATE in first.columns else pd.Series(index=first.index, dtype=object)
    if S.DATE_PRECISION in first.columns:
        date_col = date_col.astype(str) + " (" + first[S.DATE_PRECISION].astype(str) + ")"
    out = out.join(date_col.rename("first_date"), on=keys)
    out = out.rename(columns=dict(zip(keys, by)))
    out["n_articles_mentioning"] = out["n_articles_mentioning"].astype("int64")
    out["share_articles"] = out["n_articles_mentioning"] / out["n_articles"].where(out["n_articles"] > 0)
    out["per_10k_chars"] = 1e4 * out["n_mentions"] / out["n_chars"].where(out["n_chars"] > 0)
    sort_keys = []
    for c in by:
        if c == S.PERIOD:
            out["_ps"] = out[S.PERIOD].map(starts)
            sort_keys += ["_ps", S.PERIOD]
        elif c == S.TERM:
            out["_ts"] = out[S.TERM].map({t: i for i, t in enumerate(terms)})
            sort_keys += ["_ts"]
        else:
            sort_keys.append(c)
    out = out.sort_values(sort_keys, kind="stable", na_position="last").drop(columns=["_ps", "_ts"], errors="ignore")
    cols = by + ["n_docs", "n_articles", "n_articles_mentioning", "share_articles", "n_mentions", "n_headings",
                 "n_chars", "per_10k_chars", "first_date"]
    return out[cols].reset_index(drop=True)

"""Who took the theme up, and when: adopters, adoption curves, the first mention per level and the lag.

An outlet (or a document) *adopts* a theme with its first mention of it; :func:`theme_adopters` lists
each adopter with that mention (its sentence and raw offsets), :func:`theme_adoption` counts them
cumulatively per period, :func:`theme_levels` gives the first mention at each level (central,
provincial, municipal ...: :mod:`nqp.tracking.levels`) and :func:`theme_lag` the days between levels.

Dates are only as precise as their sources: a month-dated first mention is the interval of its month,
so a lag is an interval too (``lag_min_days`` .. ``lag_max_days``), exact only between days.
"""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..errors import NqpValueError
from .diffusion import _auto_freq, theme_periods
from .levels import level_order, outlet_levels
from .mentions import check_articles, check_mentions, mentions_terms

log = logging.getLogger(__name__)

__all__ = ["theme_adopters", "theme_adoption", "theme_levels", "theme_lag"]

_ORDER = [S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, S.TEXT_START]
#: the evidence carried with every first mention: where it is and what it says
EVIDENCE = [S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END, S.DOC_ID, S.ARTICLE_ID, S.MATCH, S.SENTENCE,
            S.START, S.END, S.FIELD, S.IN_TITLE]


def _evidence_cols(m: pd.DataFrame) -> list[str]:
    return [c for c in EVIDENCE if c in m.columns]


def _freq(articles: pd.DataFrame, freq: str) -> str:
    return _auto_freq(articles) if freq == "auto" else freq


def theme_adopters(mentions: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """Each adopter of each theme family with its first mention: one row per ``term`` and ``by`` value.

    ``by``: ``outlet`` (default) or ``doc_id`` (or any column of the mentions). First means the earliest
    ``date_start`` (then ``date_end``, document, reading order); undated mentions come last. Rows without
    a ``by`` value (no outlet) are not adopters and are left out (logged).

    Returns ``term``, ``by``, then the first mention's ``date``, ``date_precision``, ``date_start``,
    ``date_end``, ``doc_id``, ``article_id``, ``match``, ``sentence``, ``start``, ``end``, ``field``,
    ``in_title``, and ``n_mentions`` (the adopter's mentions of the family). Sorted by family (in the
    theme's order), then ``date_start``, then ``by``.
    """
    m = check_mentions(mentions)
    if by not in m.columns:
        raise NqpValueError(f"by={by!r}: not a column of the mention table; use 'outlet' or 'doc_id'.")
    terms = mentions_terms(m)
    cols = list(dict.fromkeys([S.TERM, by, *_evidence_cols(m), S.N_MENTIONS]))
    known = m[m[by].notna()]
    if len(known) < len(m):
        log.info("theme_adopters: %d of %d mentions have no %s and adopt for nobody", len(m) - len(known), len(m), by)
    if known.empty:
        return pd.DataFrame(columns=cols)
    x = known.sort_values(_ORDER, kind="stable", na_position="last")
    first = x.groupby([S.TERM, by], sort=False).head(1)
    n = x.groupby([S.TERM, by]).size().rename(S.N_MENTIONS)
    first = first.join(n, on=[S.TERM, by])
    first = first.assign(_t=first[S.TERM].map({t: i for i, t in enumerate(terms)}))
    first = first.sort_values(["_t", S.DATE_START, by], kind="stable", na_position="last")
    return first[cols].reset_index(drop=True)


def theme_adoption(mentions: pd.DataFrame, articles: pd.DataFrame, freq: str = "auto") -> pd.DataFrame:
    """Adoption curves: per theme family and period, how many outlets and documents have used it by then.

    ``articles``: nqp.clean's articles the mentions come from (the denominators, and the periods: every
    period holding an article, so a curve is flat where nobody new adopts). ``freq``: as for
    :func:`nqp.theme_periods` (``auto``: years when more than 5% of the dated articles are dated only to the year, else months).
    An adopter is counted in the period of its first mention (:func:`theme_adopters`); a first mention
    dated more coarsely than ``freq``, or undated, cannot be placed: it is counted in a row of its own
    after the periods (``period`` ``(coarser than month)`` / ``(undated)``, ``period_start`` missing,
    cumulative columns missing), never dropped.

    Returns one row per family and period: ``term``, ``period``, ``period_start``, ``new_outlets``,
    ``outlets`` (cumulative), ``share_outlets`` (of the corpus's outlets), ``new_docs``, ``docs``
    (cumulative), ``share_docs`` (of the corpus's documents), ``new_outlet_names`` (the outlets adopting
    in the period, ``", "``-joined in order of their first mention). ``attrs``: ``freq``,
    ``n_outlets`` and ``n_docs`` (the corpus's).
    """
    m = check_mentions(mentions)
    arts = check_articles(articles)
    f = _freq(arts, freq)
    per = theme_periods(arts, f)
    starts = per.attrs["starts"]
    periods = sorted(starts, key=lambda k: (starts[k], k))
    n_outlets = int(arts[S.OUTLET].dropna().nunique()) if S.OUTLET in arts.columns else 0
    n_docs = int(arts[S.DOC_ID].nunique())
    rows = []
    for term in mentions_terms(m):
        mt = m[m[S.TERM] == term]
        groups = {}
        for by in (S.OUTLET, S.DOC_ID):
            ad = theme_adopters(mt, by) if by in mt.columns else pd.DataFrame(columns=[S.DATE_START, S.DATE_END, by])
            lab = theme_periods(ad, f) if len(ad) else pd.Series([], dtype=object)
            groups[by] = (ad, lab)
        unplaced = sorted((set(groups[S.OUTLET][1]) | set(groups[S.DOC_ID][1])) - set(starts))
        cum_o = cum_d = 0
        for p in periods + unplaced:
            ad_o, lab_o = groups[S.OUTLET]
            ad_d, lab_d = groups[S.DOC_ID]
            names = list(ad_o.loc[lab_o[lab_o == p].index, S.OUTLET]) if len(ad_o) else []
            new_d = int((lab_d == p).sum()) if len(ad_d) else 0
            placed = p in starts
            if placed:
                cum_o += len(names)
                cum_d += new_d
            rows.append({
                S.TERM: term, S.PERIOD: p, "period_start": starts.get(p, pd.NaT),
                "new_outlets": len(names), "outlets": cum_o if placed else None,
                "share_outlets": (cum_o / n_outlets if n_outlets else None) if placed else None,
                "new_docs": new_d, "docs": cum_d if placed else None,
                "share_docs": (cum_d / n_docs if n_docs else None) if placed else None,
                "new_outlet_names": ", ".join(names),
            })
    cols = [S.TERM, S.PERIOD, "period_start", "new_outlets", "outlets", "share_outlets", "new_docs", "docs",
            "share_docs", "new_outlet_names"]
    out = pd.DataFrame(rows, columns=cols)
    out["period_start"] = pd.to_datetime(out["period_start"])
    for c in ("new_outlets", "new_docs"):
        out[c] = out[c].astype("int64")
    for c in ("outlets", "docs"):
        out[c] = out[c].astype("Int64")
    for c in ("share_outlets", "share_docs"):
        out[c] = out[c].astype("float64")
    out.attrs.update(freq=f, n_outlets=n_outlets, n_docs=n_docs)
    return out


def theme_levels(mentions: pd.DataFrame, articles: pd.DataFrame, levels=None) -> pd.DataFrame:
    """The first mention of each theme family at each level, and which outlet made it.

    ``articles``: nqp.clean's articles (their ``level`` column, or their outlets looked up in
    :func:`nqp.load_levels` ``(levels)``: see :func:`nqp.outlet_levels`). Every level present among
    the articles has a row, also one that never mentions the family (its dates missing). Articles
    without a level form the level ``(no level)``, listed last and never used for a lag.

    A level's first mention is an interval when dates are coarse: ``first_start`` is the earliest day
    any of its mentions may stand for, ``first_end`` the earliest last day (a level whose earliest
    mention is dated 2024-03 and another 2024-03-05 first mentioned the family between 2024-03-01 and
    2024-03-05). The row's evidence is the mention with the earliest ``date_start``.

    Returns ``term``, ``level``, ``first_start``, ``first_end``, ``outlet`` (first), ``date``,
    ``date_precision``, ``doc_id``, ``article_id``, ``match``, ``sentence``, ``start``, ``end``, ``field``,
    ``in_title``, ``n_mentions``, ``n_outlets_mentioning``, ``n_outlets`` (outlets of the level among the
    articles). Sorted by family, then ``first_start`` (levels never mentioning it last, in nqp's level
    order :data:`nqp.LEVELS`).
    """
    m = check_mentions(mentions)
    arts = check_articles(articles)
    art_level = outlet_levels(arts, levels).fillna("(no level)")
    level_of = dict(zip(arts[S.ARTICLE_ID], art_level))
    lv = m[S.ARTICLE_ID].map(level_of).fillna("(no level)")
    all_levels = level_order(set(art_level))
    outlets_per = (arts.assign(_l=art_level.values).dropna(subset=[S.OUTLET]).groupby("_l")[S.OUTLET].nunique()
                   if S.OUTLET in arts.columns else pd.Series(dtype="int64"))
    ev = [c for c in _evidence_cols(m) if c not in (S.DATE_START, S.DATE_END)]
    cols = [S.TERM, S.LEVEL, "first_start", "first_end", S.OUTLET, *ev, S.N_MENTIONS, "n_outlets_mentioning",
            "n_outlets"]
    rows = []
    x = m.assign(_l=lv.values).sort_values(_ORDER, kind="stable", na_position="last")
    for t_i, term in enumerate(mentions_terms(m)):
        mt = x[x[S.TERM] == term]
        block = []
        for level in all_levels:
            g = mt[mt["_l"] == level]
            row = {S.TERM: term, S.LEVEL: level, "n_outlets": int(outlets_per.get(level, 0)),
                   S.N_MENTIONS: len(g), "n_outlets_mentioning": int(g[S.OUTLET].dropna().nunique())}
            if len(g):
                r0 = g.iloc[0]
                row.update({"first_start": g[S.DATE_START].min(), "first_end": g[S.DATE_END].min(),
                            S.OUTLET: r0[S.OUTLET], **{c: r0[c] for c in ev}})
            block.append(row)
        rank = {v: i for i, v in enumerate(all_levels)}
        block.sort(key=lambda r: (r[S.LEVEL] == "(no level)", pd.isna(r.get("first_start")),
                                  r.get("first_start") if not pd.isna(r.get("first_start")) else pd.Timestamp.max,
                                  rank[r[S.LEVEL]]))
        rows += block
    out = pd.DataFrame(rows, columns=cols)
    for c in ("first_start", "first_end"):
        out[c] = pd.to_datetime(out[c])
    for c in (S.N_MENTIONS, "n_outlets_mentioning", "n_outlets"):
        out[c] = out[c].astype("int64")
    for c in (S.START, S.END):
        if c in out.columns:
            out[c] = out[c].astype("Int64")
    return out.reset_index(drop=True)


def theme_lag(mentions: pd.DataFrame, articles: pd.DataFrame, levels=None) -> pd.DataFrame:
    """The lag, in days, from each level's first mention of a theme family to each later level's.

    Levels come from :func:`theme_levels` (the same ``articles`` and ``levels``); only levels with a dated
    first mention take part (not ``(no level)``). For every pair, ``from_level`` is the one whose first
    mention may be earlier (by ``first_start``, then ``first_end``). Dates are intervals
    (:func:`theme_levels`): ``lag_min_days`` = ``to.first_start - from.first_end`` and ``lag_max_days``
    = ``to.first_end - from.first_start``; ``lag_days`` is the lag when both are days (the two agree),
    else missing; ``exact`` says which. A negative ``lag_min_days`` means the order of the two levels
    is not known from these dates.

    Returns ``term``, ``from_level``, ``to_level``, ``from_outlet``, ``to_outlet``, ``from_date``,
    ``to_date`` (as written, with the precision when coarser than a day), ``lag_min_days``,
    ``lag_max_days``, ``lag_days``, ``exact``, ``consecutive`` (``to_level`` is the next level to take
    the family up). Sorted by family, then ``from`` and ``to`` in order of first mention.
    """
    lv = theme_levels(mentions, articles, levels)
    cols = [S.TERM, "from_level", "to_level", "from_outlet", "to_outlet", "from_date", "to_date", "lag_min_days",
            "lag_max_days", "lag_days", "exact", "consecutive"]
    rows = []

    def written(r):
        prec = r[S.DATE_PRECISION]
        return f"{r[S.DATE]}" + ("" if prec == "day" or pd.isna(prec) else f" ({prec})")

    for term in dict.fromkeys(lv[S.TERM]):
        g = lv[(lv[S.TERM] == term) & (lv[S.LEVEL] != "(no level)") & lv["first_start"].notna()]
        g = g.sort_values(["first_start", "first_end"], kind="stable").reset_index(drop=True)
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                a, b = g.iloc[i], g.iloc[j]
                lo = int((b["first_start"] - a["first_end"]).days)
                hi = int((b["first_end"] - a["first_start"]).days)
                rows.append({
                    S.TERM: term, "from_level": a[S.LEVEL], "to_level": b[S.LEVEL], "from_outlet": a[S.OUTLET],
                    "to_outlet": b[S.OUTLET], "from_date": written(a), "to_date": written(b),
                    "lag_min_days": lo, "lag_max_days": hi, "lag_days": lo if lo == hi else None,
                    "exact": lo == hi, "consecutive": j == i + 1,
                })
    out = pd.DataFrame(rows, columns=cols)
    out["lag_min_days"] = out["lag_min_days"].astype("int64")
    out["lag_max_days"] = out["lag_max_days"].astype("int64")
    out["lag_days"] = out["lag_days"].astype("Int64")
    out["exact"] = out["exact"].astype(bool)
    out["consecutive"] = out["consecutive"].astype(bool)
    return out

"""Trends of several terms at once: mentions per 10,000 characters per period (:func:`theme_trends`).

Each term is a family of :func:`nqp.theme` (its variants in both scripts, titles searched as
:func:`nqp.theme` searches them); the characters are the articles' cleaned text plus the titles searched
apart from it, so a rate is the mentions found over the text they were searched in.
"""

from __future__ import annotations

import logging

import pandas as pd

from .. import schema as S
from ..dates import date_bounds, parse_date, period_name
from ..errors import NqpValueError
from .diffusion import _auto_freq, theme_periods
from .mentions import chars_searched, check_articles, check_mentions, mentions_terms, titles_to_search

log = logging.getLogger(__name__)

__all__ = ["periods_shown", "theme_trends"]


def _bound(value, name: str, side: int):
    if value is None:
        return None
    try:
        text, prec = parse_date(value, name=name)
    except Exception as exc:  # CorpusError names the date; say which argument it was
        raise NqpValueError(f"{name}={value!r}: {exc}") from None
    return date_bounds(text, prec)[side]


def theme_trends(mentions: pd.DataFrame, articles: pd.DataFrame, freq: str = "auto", *, start=None,
                 end=None) -> pd.DataFrame:
    """Mentions per 10,000 characters per period, for every family of the mention table at once.

    ``mentions``: :func:`nqp.theme` of ``articles`` with several terms (``nqp.theme(articles, ["新质生产力",
    "高质量发展"])``), each a family. ``freq``: as for :func:`nqp.theme_periods`: periods respect date
    precision (years for year-dated corpora). ``start``/``end``: a date range (``2012``, ``2020-03``,
    ``2024-03-05``, inclusive: ``end="2020"`` runs to 2020-12-31); an article is in it when its whole date
    span is, and articles left out (undated, or only partly inside) are logged. Without a range,
    articles that cannot be placed in a period get rows of their own after the periods
    (``(undated)``, ``(coarser than month)``).

    Returns one row per family and period (every period holding an article in range, so a family
    absent in a period has a zero): ``term``, ``period``, ``period_start``, ``n_articles``, ``n_chars``
    (cleaned characters searched: texts plus titles searched apart), ``n_mentions``, ``n_title_mentions``
    (of them in a headline), ``per_10k_chars`` (``1e4 * n_mentions / n_chars``). Sorted by family, then
    period. Each count traces back to its rows of ``mentions`` (same ``article_id``, same period).
    """
    m = check_mentions(mentions)
    arts = check_articles(articles)
    lo, hi = _bound(start, "start", 0), _bound(end, "end", 1)
    if lo is not None and hi is not None and lo > hi:
        raise NqpValueError(f"start={start!r} is after end={end!r}; give start <= end.")
    keep = pd.Series(True, index=arts.index)
    if lo is not None or hi is not None:
        s, e = pd.to_datetime(arts[S.DATE_START]), pd.to_datetime(arts[S.DATE_END])
        if lo is not None:
            keep &= s >= lo
        if hi is not None:
            keep &= e <= hi
        keep &= s.notna()
        log.info("theme_trends: %d of %d articles in the range %s .. %s", int(keep.sum()), len(arts), start, end)
    a = arts.loc[keep]
    f = _auto_freq(a) if freq == "auto" else freq
    per = theme_periods(a, f)
    starts = per.attrs["starts"]
    chars = chars_searched(a, titles_to_search(arts))  # the titles are chosen over all the articles
    base = pd.DataFrame({S.ARTICLE_ID: a[S.ARTICLE_ID].values, S.PERIOD: per.values, S.N_CHARS: chars.values})
    by_period = base.groupby(S.PERIOD, sort=False).agg(n_articles=(S.ARTICLE_ID, "size"), n_chars=(S.N_CHARS, "sum"))
    labels = sorted(by_period.index, key=lambda k: (k not in starts, starts.get(k, pd.Timestamp.max), k))
    period_of = dict(zip(base[S.ARTICLE_ID], base[S.PERIOD]))
    mm = m[m[S.ARTICLE_ID].isin(period_of)]
    mm = mm.assign(_p=mm[S.ARTICLE_ID].map(period_of))
    title_col = mm[S.IN_TITLE] if S.IN_TITLE in mm.columns else pd.Series(False, index=mm.index)
    counts = mm.assign(_t=title_col.astype(bool)).groupby([S.TERM, "_p"]).agg(n=(S.ARTICLE_ID, "size"), t=("_t", "sum"))
    rows = []
    for term in mentions_terms(m):
        for p in labels:
            n = int(counts["n"].get((term, p), 0))
            nc = int(by_period.loc[p, "n_chars"])
            rows.append({S.TERM: term, S.PERIOD: p, "period_start": starts.get(p, pd.NaT),
                         "n_articles": int(by_period.loc[p, "n_articles"]), S.N_CHARS: nc, S.N_MENTIONS: n,
                         "n_title_mentions": int(counts["t"].get((term, p), 0)),
                         "per_10k_chars": 1e4 * n / nc if nc else float("nan")})
    cols = [S.TERM, S.PERIOD, "period_start", "n_articles", S.N_CHARS, S.N_MENTIONS, "n_title_mentions",
            "per_10k_chars"]
    out = pd.DataFrame(rows, columns=cols)
    out["period_start"] = pd.to_datetime(out["period_start"])
    for c in ("n_articles", S.N_CHARS, S.N_MENTIONS, "n_title_mentions"):
        out[c] = out[c].astype("int64")
    out["per_10k_chars"] = out["per_10k_chars"].astype("float64")
    out.attrs.update(freq=f, start=start, end=end)
    return out


def periods_shown(table: pd.DataFrame, n: int, active, *, label: str = "period",
                  name: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """The rows of a table with one row per period (in date order) that a page has room for, and a note
    of what it leaves out (None when every row is shown).

    ``active``: per row, whether something happened in the period (a boolean sequence aligned with
    ``table``, e.g. ``table["n_mentions"] > 0``). The periods before the first active one are left out
    (they are all empty: the note says how many); of the rest, when they are more than ``n``, the first
    ``n - n // 2`` (where the theme arrives) and the last ``n // 2`` (where it stands now) are shown. The
    labels in the note are ``table[label]``, or the index when ``table`` has no such column; ``name``, the
    table's variable name in the notebook, ends the note (where every row is).
    """
    n = max(int(n), 2)
    labels = table[label] if label in table.columns else pd.Series(table.index, index=table.index)
    labels = labels.astype(str).tolist()
    act = [bool(a) for a in active]
    if len(act) != len(table):
        raise NqpValueError(f"periods_shown: active has {len(act)} values for a table of {len(table)} rows.")
    lead = act.index(True) if any(act) else 0
    rest = table.iloc[lead:]
    parts = []
    if lead:
        parts.append(f"the {lead:,} period{'s' if lead != 1 else ''} before {period_name(labels[lead])}, empty, left out")
    if len(rest) > n:
        head, tail = rest.iloc[:n - n // 2], rest.iloc[len(rest) - n // 2:]
        gap = len(rest) - len(head) - len(tail)
        parts.append(f"{gap:,} period{'s' if gap != 1 else ''} between {period_name(labels[lead + len(head) - 1])} and "
                     f"{period_name(labels[lead + len(rest) - len(tail)])} left out")
        rest = pd.concat([head, tail])
    if not parts:
        return rest, None
    where = f" (every period: the table `{name}`)" if name else ""
    return rest, f"{len(rest):,} of {len(table):,} periods shown: " + "; ".join(parts) + where

"""Coding articles against a dictionary: every hit (:func:`category_hits`), counts per group
(:func:`categories`) and the forms behind each category (:func:`category_forms`).

One compiled matcher (:meth:`nqp.Dictionary.matcher`) runs once over each article's analysis layer
(``text``); hits never overlap, and at one place the entry with the longest written part wins. What is
shown (``match``, ``sentence``) comes from ``text_orig`` at the same offsets, and ``start``/``end`` are
offsets in the raw document (:func:`nqp.raw_span`), so every count traces back to its text.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpTypeError, NqpValueError
from ..text import sentence_spans
from .dictionary import Dictionary, category_at

log = logging.getLogger(__name__)

__all__ = ["category_hits", "categories", "category_forms"]

#: the groups of :func:`categories` that are not columns of the articles
SPECIAL_BY = ("article", "document", "period", "corpus")


def _articles(articles, where: str = "articles") -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        raise NqpTypeError(f"{where}: expected the articles of nqp.clean (a DataFrame), got {type(articles).__name__}; "
                           "pass nqp.clean(nqp.load_corpus(path)).articles.")
    if S.ARTICLE_ID not in articles.columns and {S.DOC_ID, S.TEXT} <= set(articles.columns):
        raise NqpValueError(f"{where}: this looks like a corpus (doc_id and text, no article_id); code the articles: "
                            "nqp.clean(corpus).articles.")
    return S.check_columns(articles, "articles", where)


def _within(within, articles: pd.DataFrame) -> dict[str, list[tuple[int, int]]] | None:
    """``article_id -> [(start, end), ...]`` (merged, sorted) of the passages of ``within`` in the articles' text
    (a context in a title the text does not print, ``field == "title"``, is no passage of the text: left out)."""
    if within is None:
        return None
    if not isinstance(within, pd.DataFrame):
        raise NqpTypeError(f"within: expected a table of passages (nqp.theme_contexts), got {type(within).__name__}.")
    cols = [S.ARTICLE_ID, S.CONTEXT_START, S.CONTEXT_END]
    if not set(cols) <= set(within.columns):
        raise NqpValueError(f"within: needs the columns {cols} (the table of nqp.theme_contexts); it has "
                            f"{list(within.columns)[:12]}.")
    unknown = pd.Index(within[S.ARTICLE_ID].unique()).difference(articles[S.ARTICLE_ID])
    if len(unknown):
        raise NqpValueError(f"within: article {unknown[0]!r} is not in articles; pass the articles the contexts "
                            "came from.")
    if S.FIELD in within.columns:  # a context in a title the text does not print has offsets into that title
        within = within[within[S.FIELD] != "title"]
    spans: dict[str, list[tuple[int, int]]] = {}
    for aid, s, e in sorted(zip(within[S.ARTICLE_ID], within[S.CONTEXT_START], within[S.CONTEXT_END])):
        lst = spans.setdefault(aid, [])
        s, e = int(s), int(e)
        if lst and s <= lst[-1][1]:
            lst[-1] = (lst[-1][0], max(lst[-1][1], e))
        else:
            lst.append((s, e))
    return spans


def _sentences(text: str):
    """A function ``(start, end) -> (sentence start, sentence end)``, as :func:`nqp.text.sentence_at` gives,
    with the sentences of ``text`` found once."""
    spans = sentence_spans(text)
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]

    def at(s: int, e: int) -> tuple[int, int]:
        k = bisect_right(starts, s) - 1
        first = spans[k][0] if k >= 0 and s < spans[k][1] else s
        j = bisect_left(ends, e)
        last = spans[j][1] if j < len(spans) and spans[j][0] < e else e
        return first, max(last, e)

    return at


def category_hits(articles, dictionary=None, *, within=None) -> pd.DataFrame:
    """Every hit of a dictionary in ``articles``: one row per hit, with its sentence and offsets.

    Parameters
    ----------
    articles
        nqp.clean's articles (``nqp.clean(corpus).articles``).
    dictionary
        A :class:`nqp.Dictionary`, a dictionary file (``.yaml``, ``.csv``, ``.dic``) or None for nqp's
        policy-instrument codebook (:func:`nqp.policy_instruments`).
    within
        Only hits inside these passages: a table with ``article_id``, ``context_start``,
        ``context_end`` (offsets in ``text``), such as :func:`nqp.theme_contexts` returns.

    Returns
    -------
    DataFrame, one row per hit, in article order then ``text_start``: ``doc_id``, ``article_id``,
    ``outlet``, ``date``, ``date_precision``, ``date_start``, ``date_end`` (when the articles carry
    them); ``category`` (the entry's category path); ``term`` (the entry as written in the dictionary);
    ``form`` (the matched text in the analysis layer: simplified); ``match`` (the same text as printed,
    original script); ``sentence`` (the sentence holding it, original script); ``sentence_offset``
    (where ``match`` starts in ``sentence``); ``text_start``/``text_end`` (offsets in ``text`` and
    ``text_orig``); ``start``/``end`` (offsets in the raw document, via :func:`nqp.raw_span`; <NA>
    without ``raw_segments``). ``attrs``: ``dictionary`` (its name), ``categories`` (every category,
    also those never hit), ``n_chars`` (characters searched per article_id, for rates).
    """
    from ..evidence.layers import raw_offsets, text_layers

    arts = _articles(articles)
    d = Dictionary.from_any(dictionary)
    spans = _within(within, arts)
    rx, owner, groups = d.matcher()
    lower = bool(rx.flags & 2)  # re.IGNORECASE
    to_raw = raw_offsets(arts)
    meta = [c for c in (S.OUTLET, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DATE_END) if c in arts.columns]
    rows, n_chars = [], {}
    keys = [c for c in (S.DOC_ID, S.POSITION) if c in arts.columns] + [S.ARTICLE_ID]
    for row in arts.sort_values(keys, kind="stable").to_dict("records"):
        text, orig = text_layers(row)
        aid = row[S.ARTICLE_ID]
        regions = [(0, len(text))] if spans is None else spans.get(aid, [])
        n_chars[aid] = n_chars.get(aid, 0) + sum(e - s for s, e in regions)
        sentence_of = None
        for r0, r1 in regions:
            for m in rx.finditer(text, r0, r1):
                if sentence_of is None:
                    sentence_of = _sentences(text)
                i = groups[m.lastindex] if m.lastindex else owner[m.group(0).lower() if lower else m.group(0)]
                s, e = m.span()
                ss, se = sentence_of(s, e)
                rs, re_ = to_raw(row, s, e)
                rows.append((row[S.DOC_ID], aid, *(row[c] for c in meta), d.categories[i], d.terms[i], text[s:e],
                             orig[s:e], orig[ss:se], s - ss, s, e, rs, re_))
    cols = [S.DOC_ID, S.ARTICLE_ID, *meta, S.CATEGORY, S.TERM, S.FORM, S.MATCH, S.SENTENCE, S.SENTENCE_OFFSET,
            S.TEXT_START, S.TEXT_END, S.START, S.END]
    out = pd.DataFrame(rows, columns=cols)
    for c in (S.SENTENCE_OFFSET, S.TEXT_START, S.TEXT_END):
        out[c] = out[c].astype("int64")
    for c in (S.START, S.END):
        out[c] = out[c].astype("Int64")
    out = out[[c for c in S.CATEGORY_HIT_COLUMNS if c in out.columns]]
    out.attrs["dictionary"] = d.name
    out.attrs["categories"] = d.category_names()
    out.attrs["n_chars"] = n_chars
    log.info("category_hits: %d hits of %d categories in %d of %d articles (dictionary %s, %d entries%s)",
             len(out), out[S.CATEGORY].nunique(), out[S.ARTICLE_ID].nunique(), len(arts), d.name, len(d),
             "" if spans is None else f", within {sum(len(v) for v in spans.values())} passages")
    return out


def _groups(arts: pd.DataFrame, by, freq: str) -> tuple[pd.DataFrame, list[str]]:
    """The group columns of every article (aligned with ``arts``) and their names."""
    by = ["article"] if by is None else [by] if isinstance(by, str) else list(by)
    if not by:
        raise NqpValueError("by=[]: name a grouping: 'article', 'document', 'outlet', 'period' or a column.")
    out = pd.DataFrame(index=arts.index)
    names = []
    for b in by:
        if b == "article":
            out[S.ARTICLE_ID] = arts[S.ARTICLE_ID]
            names.append(S.ARTICLE_ID)
        elif b == "document":
            out[S.DOC_ID] = arts[S.DOC_ID]
            names.append(S.DOC_ID)
        elif b == "corpus":
            out["corpus"] = "all"
            names.append("corpus")
        elif b == "period":
            from ..tracking import theme_periods

            periods = theme_periods(arts, freq)
            out[S.PERIOD] = periods
            out.attrs["starts"] = periods.attrs.get("starts", {})
            names.append(S.PERIOD)
        elif b in arts.columns:
            out[b] = arts[b].astype(object).where(arts[b].notna(), "(none)")
            names.append(b)
        else:
            raise NqpValueError(f"by={b!r}: not a column of the articles; use 'article', 'document', 'period', "
                                f"or one of {[c for c in arts.columns if c not in (S.TEXT, S.TEXT_ORIG)][:12]}.")
    if len(set(names)) != len(names):
        raise NqpValueError(f"by={by!r}: a grouping is named twice.")
    return out, names


def categories(articles, dictionary=None, by="article", *, freq: str = "auto", level: int | None = None,
               hits: pd.DataFrame | None = None, within=None) -> pd.DataFrame:
    """Hits of each category per group, per 10,000 characters and as a share of the group's hits.

    ``articles``: nqp.clean's articles; ``dictionary``: as for :func:`category_hits`. ``by``:
    ``"article"``, ``"document"`` (doc_id), ``"corpus"`` (one group, ``all``), ``"period"`` (date periods at ``freq``, respecting each
    date's precision: :func:`nqp.theme_periods`), any column of the articles (``outlet`` ...), or a
    list of these. ``level``: count categories at their first ``level`` levels (``1``: the families
    供给型/需求型/环境型); None: the full paths. ``hits``: the table of :func:`category_hits` for these
    articles and dictionary, when already made (it is not recomputed); ``within``: as for
    :func:`category_hits` (characters are then those of the passages).

    Returns a tidy table, one row per group and category (every category of the dictionary in every
    group, zeros included): the group columns, ``category``, ``hits`` (int), ``n_articles`` (articles
    in the group), ``n_chars`` (characters searched), ``per_10k_chars`` (hits per 10,000 characters,
    0 when there are none), ``share`` (the category's share of the group's hits of all categories;
    0 when the group has none). Sorted by group (periods chronologically), then category in dictionary
    order.
    """
    arts = _articles(articles)
    if level is not None:
        level = check_int("level", level, min=1)
    if hits is None:
        hits = category_hits(arts, dictionary, within=within)
    elif not isinstance(hits, pd.DataFrame) or not {S.ARTICLE_ID, S.CATEGORY} <= set(hits.columns):
        raise NqpValueError("hits: expected the table of nqp.category_hits (article_id, category ...).")
    cats_all = hits.attrs.get("categories") or Dictionary.from_any(dictionary).category_names()
    cats = list(dict.fromkeys(category_at(c, level) for c in cats_all))
    n_chars = hits.attrs.get("n_chars")
    if n_chars is None:
        n_chars = {a: len(t) if isinstance(t, str) else 0 for a, t in zip(arts[S.ARTICLE_ID], arts[S.TEXT])}
    groups, names = _groups(arts, by, freq)
    per_article = groups.assign(**{S.ARTICLE_ID + "_": arts[S.ARTICLE_ID].to_numpy()})
    per_article[S.N_CHARS] = [int(n_chars.get(a, 0)) for a in arts[S.ARTICLE_ID]]
    key = S.ARTICLE_ID + "_"
    sizes = per_article.groupby(names, sort=False, dropna=False).agg(
        **{S.N_ARTICLES: (key, "size"), S.N_CHARS: (S.N_CHARS, "sum")}).reset_index()
    h = pd.DataFrame({key: hits[S.ARTICLE_ID].to_numpy(),
                      S.CATEGORY: [category_at(c, level) for c in hits[S.CATEGORY]]})
    unknown = pd.Index(h[key].unique()).difference(arts[S.ARTICLE_ID])
    if len(unknown):
        raise NqpValueError(f"hits: article {unknown[0]!r} is not in articles; pass the articles the hits came from.")
    h = h.merge(per_article[[key, *names]], on=key, how="left")
    if h.empty:  # no hit: an empty table of the right types, so that the grid keeps its zeros
        counts = pd.DataFrame({c: pd.Series(dtype=sizes[c].dtype) for c in names})
        counts[S.CATEGORY] = pd.Series(dtype=object)
        counts[S.HITS] = pd.Series(dtype="int64")
    else:
        counts = h.groupby([*names, S.CATEGORY], sort=False, dropna=False).size().rename(S.HITS).reset_index()
    grid = sizes.merge(pd.DataFrame({S.CATEGORY: pd.Series(cats, dtype=object)}), how="cross")
    out = grid.merge(counts, on=[*names, S.CATEGORY], how="left")
    out[S.HITS] = out[S.HITS].fillna(0).astype("int64")
    total = out.groupby(names, sort=False, dropna=False)[S.HITS].transform("sum")
    out[S.PER_10K] = np.where(out[S.N_CHARS] > 0, 1e4 * out[S.HITS] / out[S.N_CHARS].where(out[S.N_CHARS] > 0, 1),
                              0.0).round(4)
    out[S.SHARE] = np.where(total > 0, out[S.HITS] / total.where(total > 0, 1), 0.0).round(4)
    out[S.N_ARTICLES] = out[S.N_ARTICLES].astype("int64")
    out[S.N_CHARS] = out[S.N_CHARS].astype("int64")
    # order: groups (periods chronologically, undated last), categories in dictionary order
    sort_cols, tmp = [], []
    for n in names:
        if n == S.PERIOD:
            starts = groups.attrs.get("starts", {})
            out["_p"] = out[n].map(lambda v: starts.get(v, pd.Timestamp.max))
            sort_cols += ["_p", n]
            tmp.append("_p")
        else:
            sort_cols.append(n)
    out["_c"] = out[S.CATEGORY].map({c: i for i, c in enumerate(cats)})
    out = out.sort_values([*sort_cols, "_c"], kind="stable").drop(columns=[*tmp, "_c"]).reset_index(drop=True)
    return out[[*names, *S.CATEGORY_COUNT_COLUMNS]]


def category_forms(hits: pd.DataFrame, *, top: int | None = 10, level: int | None = None) -> pd.DataFrame:
    """The most frequent matched forms of each category: over-broad globs and ambiguous words show at once.

    ``hits``: the table of :func:`category_hits`. ``top``: forms kept per category (None: all);
    ``level``: as for :func:`categories`.

    Returns one row per category and form (the analysis layer, so both scripts count together):
    ``category``, ``form``, ``term`` (the dictionary entries that matched it, joined by ``|``),
    ``hits``, ``n_articles``, ``share`` (of the category's hits), ``rank`` (1 = most frequent; ties
    broken by form), ``example`` (the first sentence holding it, original script). Categories in the
    order of the dictionary.
    """
    if not isinstance(hits, pd.DataFrame) or not {S.CATEGORY, S.FORM, S.TERM, S.ARTICLE_ID} <= set(hits.columns):
        raise NqpValueError("hits: expected the table of nqp.category_hits (category, form, term, article_id ...).")
    top = check_int("top", top, min=1, allow_none=True)
    if level is not None:
        level = check_int("level", level, min=1)
    h = hits.assign(**{S.CATEGORY: [category_at(c, level) for c in hits[S.CATEGORY]]})
    if h.empty:
        return pd.DataFrame(columns=S.CATEGORY_FORM_COLUMNS)
    g = h.groupby([S.CATEGORY, S.FORM], sort=True)
    out = g.agg(**{S.HITS: (S.ARTICLE_ID, "size"), S.N_ARTICLES: (S.ARTICLE_ID, "nunique"),
                   "example": (S.SENTENCE, "first")}).reset_index()
    out[S.TERM] = g[S.TERM].agg(lambda s: "|".join(sorted(set(s)))).to_numpy()
    out[S.SHARE] = (out[S.HITS] / out.groupby(S.CATEGORY)[S.HITS].transform("sum")).round(4)
    out = out.sort_values([S.CATEGORY, S.HITS, S.FORM], ascending=[True, False, True], kind="stable")
    out[S.RANK] = out.groupby(S.CATEGORY).cumcount() + 1
    if top is not None:
        out = out[out[S.RANK] <= top]
    order = list(dict.fromkeys(category_at(c, level) for c in (hits.attrs.get("categories") or [])))
    order += sorted(set(out[S.CATEGORY]) - set(order))
    out["_c"] = out[S.CATEGORY].map({c: i for i, c in enumerate(order)})
    out = out.sort_values(["_c", S.RANK], kind="stable").drop(columns="_c").reset_index(drop=True)
    for c in (S.HITS, S.N_ARTICLES, S.RANK):
        out[c] = out[c].astype("int64")
    return out[S.CATEGORY_FORM_COLUMNS]

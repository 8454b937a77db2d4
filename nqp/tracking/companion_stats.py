"""Which words a theme keeps company with more than the rest of the corpus does: a measure of association.

:func:`theme_companions` compares, for each word, its frequency in the theme's contexts (the sentence,
paragraph or article around each mention, as in :func:`nqp.theme_cooccurrence`) with its frequency in the
rest of the corpus (every other token of the tokens table), in each group (all, or each period):

- the **weighted log-odds ratio with an informative Dirichlet prior** (Monroe, Colaresi and Quinn 2008,
  "Fightin' Words"). With ``y_w`` the word's count in the theme's contexts, ``n`` all words
  there, ``r_w`` and ``m`` the same in the rest, and the prior ``a_w = alpha0 * (y_w + r_w) / (n + m)``
  (the group's whole corpus, scaled to ``alpha0`` pseudo-words in all)::

      delta_w = log((y_w + a_w) / (n + alpha0 - y_w - a_w)) - log((r_w + a_w) / (m + alpha0 - r_w - a_w))
      var_w   = 1 / (y_w + a_w) + 1 / (r_w + a_w)
      z_w     = delta_w / sqrt(var_w)

  ``alpha0`` is how many words of evidence the prior is worth. By default it is ``n``, the words of the
  theme's contexts in the group: the prior weighs as much as the contexts themselves, whatever the size
  of the corpus or of a period, so a period with three contexts and one with three thousand are shrunk
  in the same proportion (the variance is the paper's approximation). A rare word gets a small prior count and a large variance
  (two occurrences in the contexts and none elsewhere is weak evidence); a common one gets a large prior
  count, which keeps small differences in frequent words small;
- **G²** (log-likelihood ratio) of the 2×2 table (word and other words, in the contexts and in the rest;
  the same G² as :func:`nqp.keyness`), its p-value (chi-squared, one degree of freedom) and that p-value
  adjusted over the words tested in the group (:func:`nqp.p_adjust`: Benjamini-Hochberg by default).

A word is tested in a group when it occurs in at least ``min_contexts`` of the theme's contexts there;
it is ``significant`` when both measures agree that it is more frequent in the contexts than in the rest:
its adjusted p-value is below ``alpha`` and its ``z`` at least the normal quantile of ``alpha`` (1.96 for
0.05). G² alone is two-sided and overrates a rare word absent from the rest (two occurrences in the
contexts, none elsewhere); the prior's shrinkage of the log-odds is what keeps such a word out. Per
period (``by="period"``) every count, the prior and the correction come from that period's articles only, so a word's association in one period never depends on another.
:func:`companions_drift` then lists the words that enter and leave the theme's company from one period
to the next.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int, check_number
from ..errors import NqpValueError
from ..stats.keyness_stats import CORRECTIONS, p_adjust
from .companions import _HAN, _check_scope, _check_tokens, _contexts, _theme_forms
from .diffusion import theme_periods
from .mentions import check_articles, check_mentions, mentions_terms

log = logging.getLogger(__name__)

__all__ = ["theme_companions", "companions_drift"]

_BITS = 32  # offsets below 2**32 characters per article


def _log_odds(y, n, r, m, prior, alpha0):
    """delta, its variance and z of Monroe et al. (2008) for arrays of counts (see the module docstring)."""
    y, r, prior = (np.asarray(v, dtype=float) for v in (y, r, prior))
    n, m = np.asarray(n, dtype=float), np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(y + prior) - np.log(n + alpha0 - y - prior)
                 - np.log(r + prior) + np.log(m + alpha0 - r - prior))
        var = 1.0 / (y + prior) + 1.0 / (r + prior)
        z = delta / np.sqrt(var)
    return delta, var, z


def _token_arrays(tokens: pd.DataFrame):
    """(article ids, words, starts, ends) of the tokens; starts/ends None for the wide table."""
    if S.TOKEN in tokens.columns:
        return (tokens[S.ARTICLE_ID].to_numpy(dtype=object), tokens[S.TOKEN].to_numpy(dtype=object),
                tokens[S.START].to_numpy(dtype=np.int64), tokens[S.END].to_numpy(dtype=np.int64))
    lists = tokens.drop_duplicates(S.ARTICLE_ID)
    lengths = lists[S.TOKENS].map(len).to_numpy(dtype=np.int64)
    words = np.fromiter((w for t in lists[S.TOKENS] for w in t), dtype=object, count=int(lengths.sum()))
    return np.repeat(lists[S.ARTICLE_ID].to_numpy(dtype=object), lengths), words, None, None


def _candidates(words: np.ndarray, own: set[str]):
    """Word codes (sorted vocabulary), the vocabulary, and which codes are companion candidates."""
    codes, vocab = pd.factorize(pd.Series(words, dtype=object), sort=True)
    vocab = np.asarray(vocab, dtype=object)
    ok = np.fromiter((isinstance(w, str) and len(w) >= 2 and w not in own and bool(_HAN.search(w)) for w in vocab),
                     dtype=bool, count=len(vocab))
    return codes.astype(np.int64), vocab, ok


def _inside(key_start, key_end, spans_start, spans_end):
    """Index of the span (sorted, disjoint keys) holding each token ``[key_start, key_end)``, or -1."""
    if len(spans_start) == 0:
        return np.full(len(key_start), -1, dtype=np.int64)
    k = np.searchsorted(spans_start, key_start, side="right") - 1
    ok = (k >= 0) & (key_end <= spans_end[np.maximum(k, 0)])
    return np.where(ok, k, -1)


def _overlaps(key_start, key_end, spans_start, spans_end):
    """Whether each token overlaps one of the spans (sorted by start, disjoint)."""
    if len(spans_start) == 0:
        return np.zeros(len(key_start), dtype=bool)
    k = np.searchsorted(spans_start, key_end, side="left") - 1  # the last span starting before the token ends
    return (k >= 0) & (spans_end[np.maximum(k, 0)] > key_start)


def _merge(codes, c0, c1):
    """Merge the overlapping spans of each article: (code, start, end) arrays, sorted and disjoint."""
    order = np.lexsort((c1, c0, codes))
    codes, c0, c1 = codes[order], c0[order], c1[order]
    out_code, out0, out1 = [], [], []
    for a, s, e in zip(codes.tolist(), c0.tolist(), c1.tolist()):
        if out_code and out_code[-1] == a and s < out1[-1]:
            out1[-1] = max(out1[-1], e)
        else:
            out_code.append(a)
            out0.append(s)
            out1.append(e)
    return np.array(out_code, dtype=np.int64), np.array(out0, dtype=np.int64), np.array(out1, dtype=np.int64)


def _groups(arts: pd.DataFrame, by, freq: str):
    """Each article's group label (aligned with ``arts``), the group -> period start map, and the freq used."""
    if by is None:
        return pd.Series("all", index=arts.index, dtype=object), {}, None
    if by == S.PERIOD:
        from ..dates import date_freq

        f = date_freq(arts) if freq == "auto" else freq
        if f is None:
            log.info("theme_companions: no article is dated; every article is in the group '(undated)'")
            return pd.Series("(undated)", index=arts.index, dtype=object), {}, None
        per = theme_periods(arts, f)
        return per.astype(object), dict(per.attrs["starts"]), f
    if not isinstance(by, str) or by not in arts.columns:
        raise NqpValueError(f"by={by!r}: use None, 'period' or a column of the articles (e.g. 'outlet', 'doc_id').")
    return arts[by].astype(object).where(arts[by].notna(), "(none)"), {}, None



def _spans_keys(codes, c0, c1):
    """Sorted, disjoint spans as keys comparable with the tokens' (article code in the high bits)."""
    code, s, e = _merge(codes, c0, c1)
    return (code << _BITS) + s, (code << _BITS) + e, code


def _test_group(y, r, n, mm, alpha0, correction, alpha):
    """The statistics of one group's tested words: prior, delta, variance, z, G², p-values, significance."""
    from scipy.stats import chi2, norm

    from ..stats._tables import g2

    alpha0 = n if alpha0 is None else alpha0
    prior = alpha0 * (y + r) / (n + mm)
    delta, var, z = _log_odds(y, n, r, mm, prior, alpha0)
    g = g2(y, r, n - y, mm - r)
    p = chi2.sf(g, 1)
    p_adj = p_adjust(p, correction)
    return {S.PRIOR: prior, S.DELTA: delta, S.DELTA_VAR: var, S.Z: z, S.G2: g, S.P_VALUE: p,
            S.P_ADJUSTED: p_adj, S.SIGNIFICANT: (p_adj < alpha) & (z >= norm.isf(alpha / 2))}


_DTYPES = {S.PERIOD_START: "datetime64[ns]", S.N_CONTEXTS: "int64", S.N_GROUP_CONTEXTS: "int64", S.SHARE: float,
           S.COUNT: "int64", S.COUNT_REST: "int64", S.N_WORDS: "int64", S.N_WORDS_REST: "int64", S.PRIOR: float,
           S.DELTA: float, S.DELTA_VAR: float, S.Z: float, S.G2: float, S.P_VALUE: float, S.P_ADJUSTED: float,
           S.SIGNIFICANT: bool, S.RANK: "int64"}


def _empty(freq, groups=()) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, object)) for c in S.COMPANION_COLUMNS})
    out.attrs.update(groups=list(groups), freq=freq)
    return out


def theme_companions(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    scope: str = "paragraph",
    by=None,
    freq: str = "auto",
    min_contexts: int = 2,
    alpha0: float | None = None,
    correction: str = "bh",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The words a theme travels with more than the rest of the corpus does, with their association.

    ``mentions``: :func:`nqp.theme` on ``articles`` (nqp.clean's articles). ``tokens``: the tokens of the
    *corpus* the contexts are compared with, made by the caller: :func:`nqp.tokenize_long` (any
    ``scope``; the tokens inside each context found by their offsets) or :func:`nqp.tokenize`'s table
    (``scope="article"`` only). Pass the tokens of every article: the rest of the corpus is every token of
    the table outside the theme's contexts. Words of two characters or more with a Han character count;
    the theme's own forms and the tokens inside its mentions never do.

    ``scope``: the context of a mention (``sentence``, ``paragraph`` or ``article``); contexts that
    overlap are one context; a mention only in a title the text does not print has none. ``by``: None
    (one group, ``"all"``), ``"period"`` (periods at ``freq``; ``"auto"`` follows the dates' precision,
    :func:`nqp.date_freq`; undated articles form the group ``"(undated)"``, coarser ones ``"(coarser than
    ...)"``), or a column of the articles (``outlet`` ...). Each group is computed from its own articles
    only. ``min_contexts``: a word is tested in a group only when it occurs in at least this many of the
    theme's contexts there. ``alpha0``: the weight of the prior, in words (None: the words of the theme's
    contexts in the group). ``correction`` (``"bh"``,
    ``"bonferroni"``, ``"none"``) adjusts the p-values over the words tested in each group;
    ``significant``: ``p_adjusted < alpha`` and ``z`` at least the normal quantile of ``alpha`` (1.96).
    Every formula is in the docstring of :mod:`nqp.tracking.companion_stats`.

    Returns (:data:`nqp.schema.COMPANION_COLUMNS`) one row per theme term, group and tested word:
    ``term``, ``group``, ``period_start`` (the period's first day; NaT unless ``by="period"``),
    ``companion``, ``n_contexts`` (theme contexts holding it), ``n_group_contexts`` (theme contexts in the
    group), ``share`` (their ratio), ``count`` (occurrences in the contexts), ``count_rest`` (in the rest),
    ``n_words``/``n_words_rest`` (all counted words in the contexts / in the rest), ``prior`` (the prior
    count ``a_w``), ``delta`` (the log-odds ratio), ``delta_var`` (its variance), ``z``, ``g2``,
    ``p_value``, ``p_adjusted``, ``significant``, ``rank`` (by ``z`` within the term and group). Sorted by
    term (theme order), group (chronological for periods, the unplaced last), ``z`` descending, companion.

    ``attrs["groups"]``: one record (a dict) per term and group with theme contexts, also those where no
    word was tested: ``term``, ``group``, ``period_start``, ``n_contexts``, ``n_words``, ``n_words_rest``,
    ``alpha0`` (the prior's weight used), ``n_tested``, ``n_significant`` and ``note`` (why a group has no rows: its contexts hold every word, so
    there is no rest to compare with; or no word reaches ``min_contexts``). ``attrs["freq"]``: the
    period frequency used (None unless ``by="period"`` on a dated corpus).
    """
    from scipy.sparse import coo_matrix

    m = check_mentions(mentions)
    arts = check_articles(articles)
    scope = _check_scope(scope)
    min_contexts = check_int("min_contexts", min_contexts, min=1)
    alpha0 = None if alpha0 is None else check_number("alpha0", alpha0, min=0)
    if alpha0 is not None and alpha0 <= 0:
        raise NqpValueError(f"alpha0={alpha0!r}: the prior's weight must be > 0 words (None: the words of the "
                            "theme's contexts in each group).")
    check_choice("correction", correction, CORRECTIONS)
    alpha = check_number("alpha", alpha, min=0, max=1)
    if tokens is None:
        raise NqpValueError(
            "tokens: theme_companions compares the theme's contexts with the rest of the corpus and needs the "
            "corpus's tokens: pass nqp.tokenize_long(articles) (or nqp.tokenize(articles) with scope='article').")
    tokens = _check_tokens(tokens, scope)
    arts = arts.drop_duplicates(S.ARTICLE_ID).reset_index(drop=True)
    group_of, starts, freq_used = _groups(arts, by, freq)
    in_text = m[m[S.FIELD] != "title"] if S.FIELD in m.columns else m
    if in_text.empty:
        log.info("theme_companions: the theme is never mentioned in the text of the articles; no companions")
        return _empty(freq_used)
    art_index = pd.Index(arts[S.ARTICLE_ID])
    missing = pd.Index(in_text[S.ARTICLE_ID].unique()).difference(art_index)
    if len(missing):
        raise NqpValueError(
            f"mentions: article {missing[0]!r} is not in articles; pass the articles the mentions came from.")
    aid, words, t_start, t_end = _token_arrays(tokens)
    t_art = art_index.get_indexer(aid).astype(np.int64)
    if (t_art < 0).any():
        raise NqpValueError(f"tokens: article {aid[np.flatnonzero(t_art < 0)[0]]!r} is not in articles; pass the "
                            "articles the tokens were made from.")
    m_art = art_index.get_indexer(in_text[S.ARTICLE_ID]).astype(np.int64)
    lacking = np.setdiff1d(m_art, t_art)
    if len(lacking):
        raise NqpValueError(f"tokens: article {art_index[lacking[0]]!r} is not in tokens; tokenize the articles the "
                            "mentions came from, and the rest of the corpus they are compared with.")
    codes, vocab, ok = _candidates(words, _theme_forms(m))
    keep = ok[codes]
    long = t_start is not None
    if long:  # the tokens inside a mention never count, in the contexts or anywhere else
        k_start, k_end = (t_art << _BITS) + t_start, (t_art << _BITS) + t_end
        ms, me, _ = _spans_keys(m_art, in_text[S.TEXT_START].to_numpy(np.int64), in_text[S.TEXT_END].to_numpy(np.int64))
        keep &= ~_overlaps(k_start, k_end, ms, me)
        k_start, k_end = k_start[keep], k_end[keep]
    codes, t_art = codes[keep], t_art[keep]
    labels = group_of.to_numpy(dtype=object).astype(str)
    g_labels, g_code = np.unique(labels, return_inverse=True)
    t_group = g_code[t_art]
    n_groups, n_vocab = len(g_labels), max(len(vocab), 1)

    def tally(rows, cols):
        return coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_groups, n_vocab)).tocsr()

    all_counts = tally(t_group, codes)
    group_total = np.asarray(all_counts.sum(axis=1)).ravel()
    parts, records = [], []
    for term in mentions_terms(m):
        mt = in_text[in_text[S.TERM] == term]
        if mt.empty:
            continue
        ctx = _contexts(mt, arts, scope)
        cs, ce, c_code = _spans_keys(art_index.get_indexer(ctx[S.ARTICLE_ID]).astype(np.int64),
                                     ctx["c0"].to_numpy(np.int64), ctx["c1"].to_numpy(np.int64))
        if long:
            where = _inside(k_start, k_end, cs, ce)
        else:  # the wide table: the context is the whole article
            pos = np.full(len(arts), -1, dtype=np.int64)
            pos[c_code] = np.arange(len(c_code))
            where = pos[t_art]
        inside = where >= 0
        ctx_group = g_code[c_code]
        in_counts = tally(t_group[inside], codes[inside])
        pairs = np.unique(where[inside] * n_vocab + codes[inside])  # each (context, word) once
        ctx_counts = tally(ctx_group[pairs // n_vocab], pairs % n_vocab)
        n_in = np.asarray(in_counts.sum(axis=1)).ravel()
        n_ctx = np.bincount(ctx_group, minlength=n_groups)
        for g in np.flatnonzero(n_ctx):
            label = str(g_labels[g])
            start = starts.get(label, pd.NaT)
            n, mm = int(n_in[g]), int(group_total[g] - n_in[g])
            rec = {S.TERM: term, "group": label, S.PERIOD_START: start, S.N_CONTEXTS: int(n_ctx[g]),
                   S.N_WORDS: n, S.N_WORDS_REST: mm, "alpha0": float(n if alpha0 is None else alpha0), "n_tested": 0, "n_significant": 0, "note": ""}
            records.append(rec)
            row = ctx_counts.getrow(g)
            tested = np.sort(row.indices[row.data >= min_contexts])
            if n == 0:
                rec["note"] = "the theme's contexts hold no word that counts"
            elif mm == 0:
                rec["note"] = (f"the theme's contexts hold all {n:,} words of {label!r}: there is no rest of the "
                               "corpus to compare them with")
            elif not len(tested):
                rec["note"] = (f"no word occurs in {min_contexts} or more of the theme's {int(n_ctx[g])} contexts"
                               if n_ctx[g] != 1 else f"the theme has one context, and no word can occur in {min_contexts} or more")
            if rec["note"]:
                log.info("theme_companions: %s, %s: %s", term, label, rec["note"])
                continue
            y = np.asarray(in_counts[g, tested].todense()).ravel()
            r = np.asarray(all_counts[g, tested].todense()).ravel() - y
            stats = _test_group(y, r, float(n), float(mm), alpha0, correction, alpha)
            nc = np.asarray(ctx_counts[g, tested].todense()).ravel()
            part = pd.DataFrame({
                S.TERM: term, "group": label, S.PERIOD_START: start, S.COMPANION: vocab[tested].astype(object),
                S.N_CONTEXTS: nc.astype(np.int64), S.N_GROUP_CONTEXTS: int(n_ctx[g]), S.SHARE: nc / n_ctx[g],
                S.COUNT: y.astype(np.int64), S.COUNT_REST: r.astype(np.int64), S.N_WORDS: n, S.N_WORDS_REST: mm,
                **stats})
            rec["n_tested"], rec["n_significant"] = len(part), int(part[S.SIGNIFICANT].sum())
            parts.append(part)
    order = {t: i for i, t in enumerate(mentions_terms(m))}
    records.sort(key=lambda r: (order[r[S.TERM]], _group_key(r["group"], starts)))
    if not parts:
        return _empty(freq_used, records)
    out = pd.concat(parts, ignore_index=True)
    out["_t"] = out[S.TERM].map(order)
    out["_g"] = [_group_key(g, starts) for g in out["group"]]
    out = out.sort_values(["_t", "_g", S.Z, S.COMPANION], ascending=[True, True, False, True], kind="stable")
    out = out.drop(columns=["_t", "_g"]).reset_index(drop=True)
    out[S.RANK] = out.groupby([S.TERM, "group"], sort=False).cumcount().astype(np.int64) + 1
    out[S.PERIOD_START] = pd.to_datetime(out[S.PERIOD_START])
    out = out[S.COMPANION_COLUMNS]
    out.attrs.update(groups=records, freq=freq_used)
    return out


def _group_key(label: str, starts: dict):
    """Sort key of a group: periods by their start, then the unplaced ones ("(undated)" ...), then others by name."""
    if label in starts:
        return (0, pd.Timestamp(starts[label]).value, label)
    return (2 if label.startswith("(") else 1, 0, label)


def _periods_of(companions: pd.DataFrame) -> list[dict]:
    """The records of the groups that are periods (with a start), from attrs or, failing that, the rows."""
    recs = companions.attrs.get("groups")
    if recs is None:  # a table read back from a file: the periods its rows name
        g = companions.dropna(subset=[S.PERIOD_START]).drop_duplicates([S.TERM, "group"])
        recs = [{S.TERM: t, "group": p, S.PERIOD_START: s, "note": ""}
                for t, p, s in zip(g[S.TERM], g["group"], g[S.PERIOD_START])]
    return [r for r in recs if pd.notna(r.get(S.PERIOD_START))]


def companions_drift(companions: pd.DataFrame, *, min_z: float | None = None) -> pd.DataFrame:
    """The words that enter and leave a theme's company from one period to the next.

    ``companions``: :func:`theme_companions` with ``by="period"``. A word is in the company of a period
    when it is ``significant`` there (or, with ``min_z``, when its ``z`` is at least ``min_z``); each
    period's company is computed from that period's data only. Each period in which words were tested is
    compared with the previous such period: a word *enters* when it is in the company now and was not
    before, and *leaves* when it was and is no more. In the theme's first such period every word of its
    company enters (``previous`` is missing). Periods where nothing could be tested (see
    ``attrs["groups"]`` of the companions: too few contexts, no rest of the corpus) are passed over and
    listed in ``attrs["skipped"]`` (``period``: reason); undated and coarser groups have no place in the
    order and are left out.

    Returns (:data:`nqp.schema.DRIFT_COLUMNS`) ``term``, ``period``, ``period_start``, ``previous``,
    ``change`` (``"enters"`` or ``"leaves"``), ``companion``, ``z`` and ``z_previous`` (its z now and
    in the previous period; missing where it was not tested), ``n_contexts`` and ``n_contexts_previous``.
    Sorted by term, period, change (enters first), the z that puts the word in the company (now for
    entering words, before for leaving ones) descending, companion. ``attrs["periods"]``: per term, the
    periods compared, in order.
    """
    if not isinstance(companions, pd.DataFrame) or not {S.TERM, "group", S.COMPANION, S.Z, S.SIGNIFICANT,
                                                        S.PERIOD_START}.issubset(companions.columns):
        raise NqpValueError("companions: expected the table of nqp.theme_companions (with by='period').")
    min_z = None if min_z is None else check_number("min_z", min_z)
    rows, compared, skipped = [], {}, {}
    terms = list(dict.fromkeys([*companions[S.TERM], *(r[S.TERM] for r in companions.attrs.get("groups", []))]))
    for term in terms:
        c = companions[companions[S.TERM] == term]
        recs = sorted((r for r in _periods_of(companions) if r[S.TERM] == term),
                      key=lambda r: pd.Timestamp(r[S.PERIOD_START]))
        tested = [r for r in recs if not r.get("note")]
        for r in recs:
            if r.get("note"):
                skipped[r["group"]] = r["note"]
        compared[term] = [r["group"] for r in tested]
        by_period = {p: g.set_index(S.COMPANION) for p, g in c.groupby("group", sort=False)}
        prev = None
        for r in tested:
            cur = by_period.get(r["group"], pd.DataFrame(columns=[S.Z, S.SIGNIFICANT, S.N_CONTEXTS]))
            now = set(cur.index[cur[S.SIGNIFICANT].astype(bool) if min_z is None else cur[S.Z] >= min_z])
            before_t = by_period.get(prev, cur.iloc[:0]) if prev is not None else cur.iloc[:0]
            before = set(before_t.index[before_t[S.SIGNIFICANT].astype(bool) if min_z is None
                                        else before_t[S.Z] >= min_z]) if prev is not None else set()
            for change, words in (("enters", now - before), ("leaves", before - now)):
                for w in words:
                    rows.append({
                        S.TERM: term, S.PERIOD: r["group"], S.PERIOD_START: pd.Timestamp(r[S.PERIOD_START]),
                        S.PREVIOUS: prev, S.CHANGE: change, S.COMPANION: w,
                        S.Z: cur[S.Z].get(w, np.nan), "z_previous": before_t[S.Z].get(w, np.nan),
                        S.N_CONTEXTS: cur[S.N_CONTEXTS].get(w, pd.NA),
                        "n_contexts_previous": before_t[S.N_CONTEXTS].get(w, pd.NA),
                        "_key": -(cur[S.Z].get(w, np.nan) if change == "enters" else before_t[S.Z].get(w, np.nan)),
                        "_t": terms.index(term)})
            prev = r["group"]
    out = pd.DataFrame(rows, columns=[*S.DRIFT_COLUMNS, "_key", "_t"])
    if len(out):
        out["_c"] = out[S.CHANGE].map({"enters": 0, "leaves": 1})
        out = out.sort_values(["_t", S.PERIOD_START, "_c", "_key", S.COMPANION], kind="stable").drop(columns="_c")
    out = out.drop(columns=["_key", "_t"]).reset_index(drop=True)
    out[S.PERIOD_START] = pd.to_datetime(out[S.PERIOD_START])
    for col in (S.Z, "z_previous"):
        out[col] = out[col].astype(float)
    for col in (S.N_CONTEXTS, "n_contexts_previous"):
        out[col] = out[col].astype("Int64")
    out[S.PREVIOUS] = out[S.PREVIOUS].astype(object)
    out.attrs.update(periods=compared, skipped=skipped)
    return out

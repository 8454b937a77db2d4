"""What a theme travels with: each mention's context (:func:`theme_contexts`), the companions counted in
those contexts (:func:`theme_cooccurrence`) and their network (:func:`theme_network`).

A context is the sentence, paragraph or article around a mention; two mentions in one paragraph make
one context. Companions are either named terms (matched in the context text in both scripts) or the
words of the caller's tokens table (:func:`nqp.tokenize`), so that the companions are counted with the
same segmentation as everything else.
"""

from __future__ import annotations

import logging
import re
import warnings

import pandas as pd

from .. import schema as S
from .._validate import check_choice, check_int
from ..errors import NqpValueError
from ..text import sentence_at
from .diffusion import theme_periods
from .mentions import check_articles, check_mentions, mentions_terms
from .variants import analysis_form, check_terms, theme_variants, variants_matcher

log = logging.getLogger(__name__)

__all__ = ["COMPANIONS", "theme_contexts", "theme_cooccurrence", "theme_network"]

#: companions of 建圈强链 worth following by name (theme_cooccurrence(terms=...)); a starting point only
COMPANIONS = (
    "链主",
    "产业生态",
    "生态圈",
    "成渝",
    "子链",
    "产业链",
    "重点产业链",
    "创新链",
    "新质生产力",
    "高质量发展",
    "现代化产业体系",
    "集聚",
    "协同",
    "园区",
)

SCOPES = ("sentence", "paragraph", "article")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _check_scope(scope: str) -> str:
    try:
        return check_choice("scope", scope, SCOPES)
    except NqpValueError:
        raise NqpValueError(f"scope={scope!r}: use 'sentence', 'paragraph' or 'article'.") from None


def _context_span(text: str, s: int, e: int, scope: str) -> tuple[int, int]:
    if scope == "sentence":
        return sentence_at(text, s, e)
    if scope == "paragraph":
        c0 = text.rfind("\n", 0, s) + 1
        c1 = text.find("\n", e)
        return c0, len(text) if c1 < 0 else c1
    return 0, len(text)


def _by_article(arts: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The articles indexed by ``article_id``, checked to hold every article of the mentions."""
    by_id = arts.set_index(S.ARTICLE_ID)
    missing = pd.Index(mentions[S.ARTICLE_ID].unique()).difference(by_id.index)
    if len(missing):
        raise NqpValueError(
            f"mentions: article {missing[0]!r} is not in articles; pass the articles the mentions came from."
        )
    return by_id


def _contexts(mentions: pd.DataFrame, arts: pd.DataFrame, scope: str) -> pd.DataFrame:
    """One row per distinct context (article, span, term) holding mentions, with the mention spans."""
    if S.FIELD in mentions.columns and (mentions[S.FIELD] == "title").any():
        n_title = int((mentions[S.FIELD] == "title").sum())
        log.info("companions: %d mention(s) in titles the text does not print have no context in the text; "
                 "they are not counted as contexts", n_title)
        mentions = mentions[mentions[S.FIELD] != "title"]
    texts = _by_article(arts, mentions)[S.TEXT]
    rows = {}
    for r in mentions.itertuples(index=False):
        aid = getattr(r, S.ARTICLE_ID)
        text = texts.loc[aid]
        s, e = getattr(r, S.TEXT_START), getattr(r, S.TEXT_END)
        c0, c1 = _context_span(text, s, e, scope)
        key = (aid, c0, c1, getattr(r, S.TERM))
        if key not in rows:
            rows[key] = {
                S.ARTICLE_ID: aid, "c0": c0, "c1": c1, S.TERM: getattr(r, S.TERM), S.DOC_ID: getattr(r, S.DOC_ID),
                S.OUTLET: getattr(r, S.OUTLET), S.DATE_START: getattr(r, S.DATE_START), "spans": [],
                S.CONTEXT: text[c0:c1],
            }
        rows[key]["spans"].append((s - c0, e - c0))
    return pd.DataFrame(list(rows.values()))


def theme_contexts(mentions: pd.DataFrame, articles: pd.DataFrame, *, scope: str = "paragraph") -> pd.DataFrame:
    """The mention table with each mention's context: its ``sentence``, ``paragraph`` or ``article``.

    ``articles``: nqp.clean's articles the mentions were found in (joined on ``article_id``).

    Returns a copy of ``mentions`` (same order) plus ``context`` (the passage, original script),
    ``context_start``/``context_end`` (its offsets in the article's ``text``/``text_orig``; for a mention
    in a title the text does not print, ``field == "title"``, the context is that title and the offsets
    are into it).
    """
    m = check_mentions(mentions)
    scope = _check_scope(scope)
    by_id = _by_article(check_articles(articles), m)
    ctx, c0s, c1s = [], [], []
    fields = m[S.FIELD] if S.FIELD in m.columns else pd.Series("text", index=m.index)
    for aid, s, e, field, sentence in zip(m[S.ARTICLE_ID], m[S.TEXT_START], m[S.TEXT_END], fields, m[S.SENTENCE]):
        if field == "title":
            ctx.append(sentence)
            c0s.append(0)
            c1s.append(len(sentence))
            continue
        text = by_id.at[aid, S.TEXT]
        orig = by_id.at[aid, S.TEXT_ORIG]
        orig = orig if isinstance(orig, str) and len(orig) == len(text) else text
        c0, c1 = _context_span(text, s, e, scope)
        ctx.append(orig[c0:c1])
        c0s.append(c0)
        c1s.append(c1)
    out = m.copy()
    out[S.CONTEXT] = pd.Series(ctx, index=m.index, dtype=object)
    out[S.CONTEXT_START] = pd.Series(c0s, index=m.index, dtype="int64")
    out[S.CONTEXT_END] = pd.Series(c1s, index=m.index, dtype="int64")
    return out


def _theme_forms(mentions: pd.DataFrame) -> set[str]:
    forms = set(mentions[S.TERM]) | set(mentions[S.MATCH])
    return forms | {analysis_form(f) for f in forms}


def _word_counts(words, own: set[str]) -> dict[str, int]:
    """Companion words -> occurrences: words of two characters or more, with a Han character, not the theme."""
    found: dict[str, int] = {}
    for w in words:
        if len(w) < 2 or w in own or not _HAN.search(w):
            continue
        found[w] = found.get(w, 0) + 1
    return found


def _check_tokens(tokens, scope: str) -> pd.DataFrame:
    """The caller's tokens: the wide table of nqp.tokenize, or its long table (with offsets)."""
    if isinstance(tokens, pd.DataFrame) and S.TOKEN in tokens.columns:
        return S.check_columns(tokens, "tokens", "tokens", required=[S.ARTICLE_ID, S.TOKEN, S.START, S.END])
    tokens = S.check_columns(tokens, "tokens", "tokens")
    if scope != "article":
        raise NqpValueError(
            f"tokens: the table of nqp.tokenize has one token list per article, no offsets, so it can only count "
            f"companions with scope='article' (got scope={scope!r}); for sentences or paragraphs pass the long "
            "table: nqp.tokenize_long(articles)."
        )
    return tokens


def _companions_from_tokens(ctx: pd.DataFrame, tokens: pd.DataFrame, own: set[str]) -> list[dict[str, int]]:
    """For each context: the caller's tokens inside it, outside the theme's own mentions."""
    if S.TOKEN not in tokens.columns:  # wide: the context is the whole article
        lists = tokens.drop_duplicates(S.ARTICLE_ID).set_index(S.ARTICLE_ID)[S.TOKENS]
        missing = pd.Index(ctx[S.ARTICLE_ID].unique()).difference(lists.index)
        if len(missing):
            raise NqpValueError(f"tokens: article {missing[0]!r} is not in tokens; tokenize the articles the mentions "
                                "came from.")
        return [_word_counts(lists.loc[aid], own) for aid in ctx[S.ARTICLE_ID]]
    groups = {aid: g for aid, g in tokens.groupby(S.ARTICLE_ID, sort=False)}
    missing = sorted(set(ctx[S.ARTICLE_ID]) - set(groups))
    if missing:
        raise NqpValueError(f"tokens: article {missing[0]!r} is not in tokens; tokenize the articles the mentions "
                            "came from.")
    out = []
    for aid, c0, c1, spans in zip(ctx[S.ARTICLE_ID], ctx["c0"], ctx["c1"], ctx["spans"]):
        g = groups[aid]
        start, end = g[S.START].to_numpy(), g[S.END].to_numpy()
        keep = (start >= c0) & (end <= c1)
        for s, e in spans:  # the theme's own mentions never count
            keep &= ~((start < c0 + e) & (c0 + s < end))
        out.append(_word_counts(g[S.TOKEN].to_numpy()[keep], own))
    return out


def _companions_by_tokenizing(ctx: pd.DataFrame, own: set[str], lexicon, formula) -> list[dict[str, int]]:
    """The deprecated way: tokenize each context here (the mentions masked)."""
    from ..tokens import tokenize

    masked = []
    for text, spans in zip(ctx[S.CONTEXT], ctx["spans"]):
        chars = list(text)
        for s, e in spans:
            chars[s:e] = [","] * (e - s)
        masked.append("".join(chars))
    frame = pd.DataFrame({S.DOC_ID: ctx[S.DOC_ID].values, S.ARTICLE_ID: [f"c{i}" for i in range(len(ctx))],
                          S.TEXT: masked})
    toks = tokenize(frame, lexicon=lexicon, formula=formula)[S.TOKENS]
    return [_word_counts(words, own) for words in toks]


def _companions_from_terms(ctx: pd.DataFrame, terms, lexicon) -> list[dict[str, int]]:
    """For each context: the named companion terms (each with its variants), outside the theme's mentions."""
    rx, owner = variants_matcher(theme_variants(check_terms(terms), compounds=False, lexicon=lexicon))
    out = []
    for text, spans in zip(ctx[S.CONTEXT], ctx["spans"]):
        found: dict[str, int] = {}
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            found[owner[m.group(0)]] = found.get(owner[m.group(0)], 0) + 1
        out.append(found)
    return out


_UNSET = object()


def _companions(fn: str, ctx, mentions, tokens, terms, scope, lexicon, formula) -> list[dict[str, int]]:
    """Companion -> occurrences per context, from ``terms``, from ``tokens``, or (deprecated) by tokenizing."""
    if terms is not None:
        if tokens is not None:
            raise NqpValueError(f"{fn}: pass terms= (named companions) or tokens (the words of the contexts), not both.")
        if formula is not _UNSET:
            warnings.warn(f"nqp.{fn}: formula= has no effect with terms= and is deprecated.", DeprecationWarning,
                          stacklevel=3)
        return _companions_from_terms(ctx, terms, None if lexicon is _UNSET else lexicon) if len(ctx) else []
    own = _theme_forms(mentions)
    if tokens is not None:
        tokens = _check_tokens(tokens, scope)
        if lexicon is not _UNSET or formula is not _UNSET:
            raise NqpValueError(f"{fn}: lexicon= and formula= belong to nqp.tokenize: the tokens passed are used as they are.")
        return _companions_from_tokens(ctx, tokens, own) if len(ctx) else []
    warnings.warn(
        f"nqp.{fn}(mentions, articles) without tokens tokenizes the contexts itself and is deprecated: pass the "
        f"tokens you made, nqp.{fn}(mentions, articles, nqp.tokenize_long(articles, formula=True)), "
        "or named companions with terms=.",
        DeprecationWarning,
        stacklevel=3,
    )
    if not len(ctx):
        return []
    return _companions_by_tokenizing(ctx, own, None if lexicon is _UNSET else lexicon,
                                     True if formula is _UNSET else formula)


def theme_cooccurrence(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    tokens: pd.DataFrame | None = None,
    *,
    terms=None,
    scope: str = "paragraph",
    by=None,
    freq: str = "auto",
    min_contexts: int = 1,
    lexicon=_UNSET,
    formula=_UNSET,
) -> pd.DataFrame:
    """The terms a theme travels with: how many of its contexts contain each companion, per group.

    A context is the ``scope`` (``sentence``, ``paragraph`` or ``article``) around a mention; two
    mentions in one paragraph make one context. Companions are either

    - ``terms`` (e.g. :data:`COMPANIONS`): named terms, matched in the context text in both scripts,
      each with its variants (``lexicon``: as for :func:`nqp.theme_variants`); or
    - the words of ``tokens``, the table you made with :func:`nqp.tokenize` from these articles
      (joined on ``article_id``): its long table (:func:`nqp.tokenize_long`: the tokens inside each context, by
      their offsets) for any scope, or its wide table (one token list per article) for
      ``scope="article"``. Words of two characters or more with a Han character count; stopwords and
      boilerplate are whatever your tokenize call removed.

    The theme's own mentions never count as companions. Without ``tokens`` and ``terms`` the contexts
    are tokenized here (with ``lexicon`` and ``formula``, default True): deprecated, because the
    companions are then counted with another segmentation than the caller's.

    ``by``: None (all contexts), ``"period"`` (see :func:`nqp.theme_periods`, at ``freq``), or a column of
    the mention table (``outlet``, ``doc_id`` ...). How a companion's share changes over periods shows
    how the theme's company changes over time.

    Returns one row per theme term, group and companion seen in at least ``min_contexts`` contexts:
    ``term`` (the theme family), ``group`` (the group; ``"all"`` without ``by``), ``companion``,
    ``n_contexts`` (contexts containing it), ``n_group_contexts`` (contexts of the theme in the
    group), ``share`` (their ratio), ``count`` (occurrences). Sorted by term (theme order), group
    (chronological for periods), ``n_contexts`` descending, companion.
    """
    m = check_mentions(mentions)
    arts = check_articles(articles)
    scope = _check_scope(scope)
    cols = S.COOCCURRENCE_COLUMNS
    ctx = _contexts(m, arts, scope) if len(m) else pd.DataFrame()
    found = _companions("theme_cooccurrence", ctx, m, tokens, terms, scope, lexicon, formula)
    if m.empty:
        return pd.DataFrame(columns=cols)
    starts = {}
    if by is None:
        ctx["group"] = "all"
    elif by == S.PERIOD:
        a = arts.set_index(S.ARTICLE_ID)
        per = theme_periods(a, freq)
        ctx["group"] = ctx[S.ARTICLE_ID].map(per)
        starts = per.attrs["starts"]
    else:
        if by not in m.columns:
            raise NqpValueError(f"by={by!r}: use None, 'period' or a column of the mention table ({list(m.columns)}).")
        first = m.drop_duplicates(S.ARTICLE_ID).set_index(S.ARTICLE_ID)[by]
        ctx["group"] = ctx[S.ARTICLE_ID].map(first).astype(object).where(lambda s: s.notna(), "(none)")
    rows = []
    for (term, group), idx in ctx.groupby([S.TERM, "group"], sort=False).groups.items():
        n_group = len(idx)
        tally: dict[str, list[int]] = {}
        for i in idx:
            for comp, k in found[ctx.index.get_loc(i)].items():
                t = tally.setdefault(comp, [0, 0])
                t[0] += 1
                t[1] += k
        for comp, (nc, cnt) in tally.items():
            if nc >= min_contexts:
                rows.append({S.TERM: term, "group": group, S.COMPANION: comp, S.N_CONTEXTS: nc,
                             S.N_GROUP_CONTEXTS: n_group, "share": nc / n_group, S.COUNT: cnt})
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    order = {t: i for i, t in enumerate(mentions_terms(m))}
    out["_t"] = out[S.TERM].map(order)
    out["_g"] = out["group"].map(starts) if starts else out["group"]
    out = out.sort_values(["_t", "_g", "group", S.N_CONTEXTS, S.COMPANION], ascending=[True, True, True, False, True],
                          kind="stable", na_position="last")
    return out.drop(columns=["_t", "_g"]).reset_index(drop=True)


def theme_network(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    tokens: pd.DataFrame | None = None,
    *,
    terms=None,
    scope: str = "paragraph",
    top: int = 15,
    min_contexts: int = 1,
    only=None,
    max_edges: int | None = None,
    lexicon=_UNSET,
    formula=_UNSET,
):
    """The co-occurrence network of a theme as a ``networkx.Graph``.

    Nodes: the theme's families (``center=True``) and the ``top`` companions by contexts (companions
    from ``terms`` or ``tokens`` as in :func:`theme_cooccurrence`, ties broken by the companion's name);
    ``only``: the companions allowed (e.g. the significant words of :func:`nqp.theme_companions`).
    Edges: theme - companion weighted by the contexts they share, and companion - companion by the
    theme contexts holding both, kept when at least ``min_contexts``; ``max_edges``: at most that many
    companion - companion edges, the strongest (ties by name), so that a large corpus, where nearly every
    pair meets somewhere, draws no hairball (the theme - companion edges are all kept). Node attributes ``count``
    (contexts) and ``center``; edge attribute ``count``. Nodes and edges are added in sorted order, so
    layouts are reproducible. Draw it with ``nqp.textplot_network(graph, weight="count")``.
    """
    import networkx as nx

    m = check_mentions(mentions)
    top = check_int("top", top, min=1)
    arts = check_articles(articles)
    scope = _check_scope(scope)
    graph = nx.Graph(theme=", ".join(mentions_terms(m)), scope=scope)
    ctx = _contexts(m, arts, scope) if len(m) else pd.DataFrame()
    found = _companions("theme_network", ctx, m, tokens, terms, scope, lexicon, formula)
    if m.empty:
        return graph
    total: dict[str, int] = {}
    for f in found:
        for c in f:
            total[c] = total.get(c, 0) + 1
    allowed = None if only is None else ({only} if isinstance(only, str) else set(only))
    comps = sorted((c for c, n in total.items() if n >= min_contexts and (allowed is None or c in allowed)),
                   key=lambda c: (-total[c], c))[:top]
    centers = sorted(set(ctx[S.TERM]))
    n_ctx = ctx[S.TERM].value_counts()
    for node in sorted(set(centers) | set(comps)):
        is_center = node in centers
        graph.add_node(node, count=int(n_ctx.get(node, 0)) if is_center else int(total[node]), center=is_center)
    pairs: dict[tuple[str, str], int] = {}
    for term, f in zip(ctx[S.TERM], found):
        present = sorted(c for c in f if c in comps)
        for c in present:
            key = tuple(sorted((term, c)))
            pairs[key] = pairs.get(key, 0) + 1
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    kept = {k: n for k, n in pairs.items() if n >= min_contexts and k[0] != k[1]}
    if max_edges is not None:
        max_edges = check_int("max_edges", max_edges, min=0)
        between = sorted((k for k in kept if k[0] not in centers and k[1] not in centers), key=lambda k: (-kept[k], k))
        for k in between[max_edges:]:
            del kept[k]
    for (a, b), n in sorted(kept.items()):
        graph.add_edge(a, b, count=int(n))
    return graph

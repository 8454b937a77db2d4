"""What tokenizing did: the words each removal layer took out, and whether the lexicon terms stayed whole.

:func:`tokenize_removed` lists the words :func:`tokenize` removes, by layer; :func:`lexicon_audit` checks every occurrence
of every lexicon term against the segmentation with the lexicon and plain jieba's (one row per
term), and :func:`lexicon_audit_detail` gives the same check one row per occurrence.
:func:`tokenize_audit` returns all of these and the tokens tables with and without the formula layer from
one segmentation of the articles (and one of plain jieba's), for a page that shows them together.
"""

from __future__ import annotations

import logging
import warnings
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import schema as S
from .._deprecation import deprecated_alias
from ..text import sentence_spans, whole_at
from .cache import _segmented
from .encoding import _Encoder
from .lexicon import LAYERS, _classifier, load_stopwords
from .segment import _config, _unpack, _words
from .tables import _log_removed, _prepare, _Prepared, _wide_table, _with_case

log = logging.getLogger(__name__)

__all__ = ["TokenizeAudit", "lexicon_audit", "lexicon_audit_detail", "tokenize_audit", "tokenize_removed",
           "tokens_removed"]


def tokenize_removed(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=False,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
) -> pd.DataFrame:
    """What the removal layers take out: one row per (layer, word), options as for :func:`tokenize`.

    Columns (:data:`nqp.schema.REMOVED_COLUMNS`): ``layer`` (punctuation, number, stopword, formula),
    ``token``, ``n`` (occurrences), ``n_articles``; sorted by layer (in that order), n descending, token.
    """
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column, stopwords=stopwords, formula=formula)
    return _removed(p.packed, p.layers, stopwords)


def _removed(packed_texts, layers, stopwords) -> pd.DataFrame:
    """:func:`tokenize_removed`'s table from the packed segmentations and the removal layers."""
    classify = _classifier(layers, stopwords is not False)
    n, n_art = Counter(), Counter()
    for packed in packed_texts:
        seen = set()
        for w in _words(packed):
            layer = classify(w)
            if layer:
                n[(layer, w)] += 1
                seen.add((layer, w))
        n_art.update(seen)
    rows = [(layer, w, c, n_art[(layer, w)]) for (layer, w), c in n.items()]
    frame = pd.DataFrame(rows, columns=S.REMOVED_COLUMNS)
    frame["order"] = frame[S.LAYER].map({l: i for i, l in enumerate(LAYERS)})
    frame = frame.sort_values(["order", S.N, S.TOKEN], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="order").reset_index(drop=True).astype({S.N: "int64", S.N_ARTICLES: "int64"})


#: the old name, deprecated (the prefix names what the function takes: the articles that tokenize takes)
tokens_removed = deprecated_alias(tokenize_removed, "tokens_removed")


def lexicon_audit_detail(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
) -> pd.DataFrame:
    """The segmentation audit, one row per occurrence of a lexicon term (or variant) in the text.

    Each occurrence is looked up in the segmentation with the lexicon and in plain jieba's (no
    lexicon); the status of each: ``whole`` (exactly one token), ``inside`` (inside a longer token,
    e.g. 建圈强链 inside 产业建圈强链), ``split`` (the token boundaries cut it). Options as for
    :func:`lexicon_audit`.

    Returns, sorted by article (in the order of ``articles``) then start
    (:data:`nqp.schema.LEXICON_AUDIT_DETAIL_COLUMNS`): ``doc_id``, ``article_id``, ``term``, ``form``
    (the form found), ``start``, ``end`` (offsets in the text), ``status``, ``status_plain``,
    ``segmentation`` (the covering tokens joined by " / "), ``sentence``.
    """
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column)
    return _occurrences(p, cache_dir)


def _occurrences(p: _Prepared, cache_dir) -> pd.DataFrame:
    """The detail table of the audit, from the prepared articles (and plain jieba's segmentation of them)."""
    lex = p.lexicon
    plain = _segmented(p.texts, _config(False, p.config.backend, p.config.hmm), p.n_jobs, cache_dir)
    forms = sorted(((f, t) for t, vs in zip(lex.terms, lex.variants) for f in (t, *vs)), key=lambda x: (-len(x[0]), x[0]))
    arts = p.articles
    rows = []
    for doc_id, article_id, text, p1, p0 in zip(arts[S.DOC_ID], arts[S.ARTICLE_ID], p.texts, p.packed, plain):
        words1, starts1 = _unpack(p1)
        words0, starts0 = _unpack(p0)
        spans = None
        for form, term in forms:
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                if not whole_at(text, at, end):  # AI inside AIDS, 5G inside 15G: no occurrence of the term
                    at = text.find(form, at + 1)
                    continue
                status, covering = _status(words1, starts1, at, end)
                status0, _ = _status(words0, starts0, at, end)
                if spans is None:
                    spans = sentence_spans(text)
                s0, e0 = next(((s, e) for s, e in spans if s <= at < e), (at, end))
                rows.append((doc_id, article_id, term, form, at, end, status, status0, " / ".join(covering), text[s0:e0]))
                at = text.find(form, at + 1)
    occ = pd.DataFrame(rows, columns=S.LEXICON_AUDIT_DETAIL_COLUMNS)
    order = {a: i for i, a in enumerate(arts[S.ARTICLE_ID])}
    occ["_o"] = occ[S.ARTICLE_ID].map(order)
    return occ.sort_values(["_o", S.START, S.END, "term"], kind="stable").drop(columns="_o").reset_index(drop=True)


def lexicon_audit(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    backend: str = "auto",
    hmm: bool = True,
    detail: bool = False,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
) -> pd.DataFrame:
    """Is every occurrence of every lexicon term one token? The segmentation audit, one row per term.

    Every occurrence of a term or one of its variants in the text is looked up in the segmentation
    with the lexicon and in plain jieba's (no lexicon). Status: ``whole`` (exactly one token),
    ``inside`` (inside a longer token, e.g. 建圈强链 inside 产业建圈强链), ``split`` (the token
    boundaries cut it: either a segmentation error or a chance string such as 链主 in 产业链主要).
    One row per occurrence: :func:`lexicon_audit_detail` (``detail=True`` is deprecated).

    Returns one row per lexicon term, sorted by n_split descending, n descending, term
    (:data:`nqp.schema.LEXICON_AUDIT_COLUMNS`): ``term``, ``category``, ``n`` (occurrences),
    ``n_whole``, ``n_inside``, ``n_split``, ``n_whole_plain`` (occurrences plain jieba keeps as one
    token), ``example`` (the sentence of the first split occurrence, or "").
    """
    if detail:
        warnings.warn(
            "nqp.lexicon_audit(..., detail=True) is deprecated; call nqp.lexicon_audit_detail(articles, ...) "
            "for one row per occurrence",
            DeprecationWarning,
            stacklevel=2,
        )
        return lexicon_audit_detail(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs,
                                    cache_dir=cache_dir, text_column=text_column)
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column)
    return _summary(_occurrences(p, cache_dir), p.lexicon)


def _summary(occ: pd.DataFrame, lex) -> pd.DataFrame:
    """:func:`lexicon_audit`'s table, one row per lexicon term, from the detail table of its occurrences."""
    summary = []
    for term, category in zip(lex.terms, lex.categories):
        o = occ[occ["term"] == term]
        split = o[o["status"] == "split"]
        summary.append(
            (term, category, len(o), int((o["status"] == "whole").sum()), int((o["status"] == "inside").sum()),
             len(split), int((o["status_plain"] == "whole").sum()), split[S.SENTENCE].iloc[0] if len(split) else "")
        )
    frame = pd.DataFrame(summary, columns=S.LEXICON_AUDIT_COLUMNS)
    frame = frame.sort_values(["n_split", S.N, "term"], ascending=[False, False, True], kind="stable")
    return frame.reset_index(drop=True)


def _status(words: list[str], starts: list[int], start: int, end: int) -> tuple[str, list[str]]:
    i = bisect_right(starts, start) - 1
    if i < 0:
        return "split", []
    j = i
    covering = []
    while j < len(words) and starts[j] < end:
        covering.append(words[j])
        j += 1
    s, e = starts[i], starts[i] + len(words[i])
    if len(covering) == 1 and s <= start and e >= end:
        return ("whole" if (s, e) == (start, end) else "inside"), covering
    return "split", covering


class TokenizeAudit(NamedTuple):
    """What :func:`tokenize_audit` returns: the tables of five calls, from one segmentation."""

    #: :func:`tokenize`'s table (stopwords removed, the formula layer kept)
    tokens: pd.DataFrame
    #: :func:`tokenize`'s table with the formula layer removed too (``formula=``)
    tokens_formula: pd.DataFrame
    #: :func:`tokenize_removed`'s table with the formula layer (``formula=``)
    removed: pd.DataFrame
    #: :func:`lexicon_audit`'s table, one row per lexicon term
    audit: pd.DataFrame
    #: :func:`lexicon_audit_detail`'s table, one row per occurrence
    detail: pd.DataFrame


def tokenize_audit(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=True,
    canonical: bool = True,
    fold_case: bool = True,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
    progress=None,
) -> TokenizeAudit:
    """The tokens tables and the segmentation audit of ``articles`` at once, from one segmentation.

    The same tables as five separate calls, each of which segments every article again (with the
    lexicon, and the audit also with plain jieba), in a :class:`TokenizeAudit`:
    ``tokens = tokenize(articles, stopwords=stopwords)``, ``tokens_formula = tokenize(articles,
    stopwords=stopwords, formula=formula)``, ``removed = tokenize_removed(articles, stopwords=stopwords,
    formula=formula)``, ``audit = lexicon_audit(articles)``, ``detail = lexicon_audit_detail(articles)``,
    every call with this call's ``lexicon``, ``canonical``, ``fold_case``, ``backend``, ``hmm``, ``n_jobs``,
    ``cache_dir`` and ``text_column``. Here the articles are segmented once with the lexicon and once
    with plain jieba (for the audit's ``status_plain``), and every table is made from those.
    """
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column, stopwords=stopwords, formula=formula, progress=progress)
    enc = _Encoder()  # the words alone, as tokenize reads them (the way its cached road does)
    for packed in p.packed:
        enc.add_words(_words(packed))
    encoded = enc.finish()
    canon = p.lexicon.canonical_map() if canonical else {}
    if fold_case:
        canon = _with_case(canon, encoded[0], np.bincount(encoded[1], minlength=len(encoded[0])), p.lexicon.terms)
    tables = []
    for f, layers in ((False, load_stopwords(stopwords, False)), (formula, p.layers)):
        counts = Counter()
        tables.append(_wide_table(p.articles, text_column, encoded, layers, stopwords, f, canon, counts))
        _log_removed(len(p.articles), counts, counts["removed"], f)
    detail = _occurrences(p, cache_dir)
    return TokenizeAudit(tables[0], tables[1], _removed(p.packed, p.layers, stopwords), _summary(detail, p.lexicon),
                         detail)

"""Tokenizing articles: the tokens table (one row per article) and the long table (one row per token).

:func:`tokenize` segments every article with the tokenizer of :mod:`nqp.tokens.segment`, removes the
words of the removal layers (:func:`nqp.load_stopwords`) and returns token lists;
:func:`tokenize_long` returns one row per kept token with its offsets into the article text, so every
token traces back to its sentence. Both carry ``article_id``, the one key back to the articles: a
tokens table holds ids, counts and corpus metadata, never the text or its offset maps.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import schema as S
from ..errors import NqpError
from ..text import sentence_spans
from .cache import _segmented, _words_of
from .encoding import _kept_tokens
from .lexicon import Lexicon, _classifier, _layers_of, load_stopwords
from .parallel import resolve_n_jobs
from .segment import _SEP, Packed, TokenizerConfig, _config, _tagger

log = logging.getLogger(__name__)

__all__ = ["LONG_COLUMNS", "TOKENS", "tokenize", "tokenize_long", "tokenize_text", "tokenize_texts"]

TOKENS = S.TOKENS
LONG_COLUMNS = S.TOKEN_COLUMNS


def _check_articles(articles, text_column: str) -> pd.DataFrame:
    """``articles`` ready to tokenize: a DataFrame with ``doc_id`` and a string ``text_column``, a unique
    index and an ``article_id``; else a clear error."""
    S.check_columns(articles, "articles", "articles", required=(S.DOC_ID, text_column))
    col = articles[text_column]
    if isinstance(col.dtype, pd.StringDtype):  # strings or missing: no need to look at each value
        bad = list(col.index[col.isna()])
    else:
        bad = [i for i, t in zip(articles.index, col) if not isinstance(t, str)]
    if bad:
        raise NqpError(
            f"articles: {len(bad)} rows have no text in {text_column!r} (not a string), first at index {bad[0]!r}. "
            "Fill them with '' or drop them before tokenizing."
        )
    if articles.index.has_duplicates:
        articles = articles.reset_index(drop=True)
    if S.ARTICLE_ID not in articles.columns:
        log.info("tokenize: no article_id column; each document is one article (article_id = doc_id + '-00', "
                 "as nqp.clean numbers a document's first article)")
        articles = articles.copy()
        articles[S.ARTICLE_ID] = articles[S.DOC_ID].astype(str) + "-00"
    return articles


class _Prepared(NamedTuple):
    """What every function over articles starts from: the checked articles and their segmentation."""

    articles: pd.DataFrame
    lexicon: Lexicon
    config: TokenizerConfig
    layers: dict[str, frozenset[str]]
    texts: list[str] | None
    packed: list[Packed]
    n_jobs: int


def _prepare(articles, *, lexicon, backend, hmm, n_jobs, cache_dir, text_column, stopwords=True, formula=False,
             progress=None, offsets=True) -> _Prepared:
    """Check the arguments (articles, n_jobs, lexicon, backend, word lists), then segment every text once.

    ``offsets=False``: ``packed`` is the words alone instead, as ids into a vocabulary (:func:`_words_of`),
    and ``texts`` is None."""
    articles = _check_articles(articles, text_column)
    n_jobs = resolve_n_jobs(n_jobs)
    lex = Lexicon.from_any(lexicon)
    config = _config(lex, backend, hmm)
    layers = load_stopwords(stopwords, formula)
    if offsets:
        texts = articles[text_column].tolist()
        packed = _segmented(texts, config, n_jobs, cache_dir, progress)
    else:  # the column as it is: worker processes are sent its Arrow slices, never Python strings
        texts = None
        packed = _words_of(articles[text_column], config, n_jobs, cache_dir, progress)
    return _Prepared(articles, lex, config, layers, texts, packed, n_jobs)


def _layers_classifier(layers, stopwords, formula):
    """The classifier of the removal layers, or None when nothing is removed."""
    if stopwords is False and formula is False:
        return None
    return _classifier(layers, stopwords is not False)


def tokenize(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=False,
    canonical: bool = True,
    fold_case: bool = True,
    long: bool = False,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
    progress=None,
) -> pd.DataFrame:
    """Segment every article with jieba and the policy-term lexicon: the tokens table, one row per article.

    ``articles``: nqp.clean's articles (``doc_id``, ``article_id``, ``text`` ...; a corpus from
    load_corpus works too: then each document is one article, ``article_id = f"{doc_id}-00"`` as
    nqp.clean numbers it). ``lexicon``: None for nqp's lexicon, a path or list of paths (nqp's plus
    yours), a :class:`~nqp.Lexicon` or a DataFrame from :func:`load_lexicon`, or False (plain jieba).
    ``stopwords``: True drops punctuation, numbers and nqp's function words; a path or list of words
    replaces the function words; False keeps everything. ``formula``: True also drops the generic
    political boilerplate of ``nqp/data/formula.txt`` (坚持, 推进, 加快 ...), or a path/list of your own.
    ``canonical``: a variant (e.g. traditional 建圈強鏈) becomes its lexicon term. ``fold_case``: words that differ
    only in the case of their Latin letters are one token (AI, Ai and ai are AI), written as the lexicon writes it
    or as these articles write it most often (:func:`nqp.tokens.tables.case_forms`). ``backend``:
    "auto" (rjieba when installed), "jieba" or "rjieba": the tokens are the same. ``n_jobs``:
    processes (spawned; -1 for all cores). ``cache_dir``: a folder for a disk cache of
    segmentations keyed by text, tokenizer configuration and lexicon (None: ``$NQP_CACHE_DIR`` if
    set, else no cache; True: ``.nqp-cache``; False: none). ``progress``: a progress bar while
    segmenting (None: only on a terminal, see :mod:`nqp.progress`). ``long``: deprecated, use
    :func:`tokenize_long`.

    Returns, in the order of ``articles``, one row per article: its columns without the text and the
    offset maps into it (``text``, ``text_orig``, ``byline``, ``start``, ``end``, ``headings``,
    ``raw_segments``: :data:`nqp.schema.TOKENS_DROPPED`; to quote, join the articles on
    ``article_id``), so ``doc_id``, ``article_id``, the article's counts and flags (``position``,
    ``kind``, ``title``, ``n_chars``, ``on_topic`` ...) and the corpus metadata (``outlet``, ``date``
    ...), then ``tokens`` (list of str, the kept words in order), ``n_words`` (words before removal),
    ``n_stopwords`` (punctuation, numbers and function words removed) and ``n_formula`` (formula
    words removed): :data:`nqp.schema.TOKENS_TABLE_COLUMNS` are always there.
    """
    if long:
        warnings.warn(
            "nqp.tokenize(..., long=True) is deprecated; call nqp.tokenize_long(articles, ...) for the long table",
            DeprecationWarning,
            stacklevel=2,
        )
        return tokenize_long(articles, lexicon=lexicon, stopwords=stopwords, formula=formula, canonical=canonical,
                             fold_case=fold_case, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir, text_column=text_column,
                             progress=progress)
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column, stopwords=stopwords, formula=formula, progress=progress, offsets=False)
    counts = Counter()
    canon = p.lexicon.canonical_map() if canonical else {}
    if fold_case:
        canon = _with_case(canon, p.packed[0], np.bincount(p.packed[1], minlength=len(p.packed[0])), p.lexicon.terms)
    frame = _wide_table(p.articles, text_column, p.packed, p.layers, stopwords, formula, canon, counts)
    _log_removed(len(p.articles), counts, counts["removed"], formula)
    return frame


def tokenize_long(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=False,
    canonical: bool = True,
    fold_case: bool = True,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
    progress=None,
) -> pd.DataFrame:
    """The long tokens table: one row per kept token, with its offsets into the article text.

    Arguments as for :func:`tokenize`. Returns the columns :data:`nqp.schema.TOKEN_COLUMNS`, sorted by
    article (in the order of ``articles``) then ``position``: ``doc_id``, ``article_id``, ``sentence``
    (0-based index of the sentence in the article, :func:`nqp.sentence_spans`), ``position`` (0-based
    index of the word among all words of the article, before removal), ``token``, ``pos`` (jieba
    dictionary tag; lexicon terms nz, ns for regions, nt for organizations; words outside the
    dictionary x, digits m, Latin eng), ``start``, ``end`` (offsets of the word in the article text:
    ``text[start:end]`` is the word as written).
    """
    p = _prepare(articles, lexicon=lexicon, backend=backend, hmm=hmm, n_jobs=n_jobs, cache_dir=cache_dir,
                 text_column=text_column, stopwords=stopwords, formula=formula, progress=progress)
    counts = Counter()
    canon = p.lexicon.canonical_map() if canonical else {}
    frame = _long_table(p.articles, p.texts, p.packed, _layers_classifier(p.layers, stopwords, formula), canon,
                        counts, _tagger(p.config), p.lexicon.terms if fold_case else None)
    _log_removed(len(p.articles), counts, counts["punctuation"] + counts["number"] + counts["stopword"] + counts["url"], formula)
    return frame


_LATIN = re.compile(r"[A-Za-z]")


def case_forms(words, counts, lexicon_terms=()) -> dict[str, str]:
    """One form for the words that differ only in the case of their Latin letters (AI, Ai, ai; iPhone, IPHONE):
    ``{word: form}`` for every word that is not its group's form. The form is the lexicon's term when one of the
    group is (the report's theme AI+ stays AI+), else the one written most often (``counts``, aligned with
    ``words``), a tie going to the first in code-point order (capitals first). Words without a Latin letter, and
    a casing with no other in ``words``, are left out."""
    groups: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        if _LATIN.search(w):
            groups.setdefault(w.lower(), []).append(i)
    terms = set(lexicon_terms)
    out = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        forms = [words[i] for i in members]
        named = sorted(f for f in forms if f in terms)
        best = named[0] if named else min(zip((-int(counts[i]) for i in members), forms))[1]
        out.update({f: best for f in forms if f != best})
    return out


def _with_case(canon: dict[str, str], words, counts, lexicon_terms) -> dict[str, str]:
    """``canon`` (the lexicon's variants -> terms) after :func:`case_forms` of the segmented ``words``."""
    case = case_forms(words, counts, lexicon_terms)
    if not case:
        return canon
    return {**{w: canon.get(f, f) for w, f in case.items()}, **{w: t for w, t in canon.items() if w not in case}}


def _log_removed(n_articles: int, counts: Counter, removed: int, formula) -> None:
    log.info(
        "tokenize: %d articles, %d words; removed %d stopwords (punctuation, numbers, function words, URLs)%s; "
        "nqp.tokenize_removed lists them",
        n_articles, counts["words"], removed,
        f" and, on their own, {counts['formula']} formula words" if formula is not False else "",
    )


def _wide_table(articles, text_column, encoded, layers, stopwords, formula, canon, counts) -> pd.DataFrame:
    """The tokens table from :func:`_words_of`'s encoded words (:func:`~nqp.tokens.encoding._kept_tokens`),
    each distinct word given its layer once (:func:`~nqp.tokens.lexicon._layers_of`)."""
    vocab = encoded[0]
    codes = None if stopwords is False and formula is False else _layers_of(vocab, layers, stopwords is not False)
    tokens, n_words, n_stop, n_formula = _kept_tokens(*encoded, codes, canon)
    counts["words"] = int(n_words.sum())
    counts["removed"] = int(n_stop.sum())
    counts["formula"] = int(n_formula.sum())
    gone = {text_column, *S.TOKENS_DROPPED}
    frame = articles.drop(columns=[c for c in articles.columns if c in gone])
    frame[TOKENS] = tokens
    frame[S.N_WORDS] = pd.array(n_words, dtype="int64")
    frame[S.N_STOPWORDS] = pd.array(n_stop, dtype="int64")
    frame[S.N_FORMULA] = pd.array(n_formula, dtype="int64")
    return frame


def _long_table(articles, texts, packed, classify, canon, counts, tagger, fold_case_terms=None) -> pd.DataFrame:
    """The long table from the packed segmentations, with array operations over the whole corpus: the words
    split once, each distinct word classified, mapped to its canonical form and tagged once, every sentence
    index found by one binary search over the corpus's sentence starts (the same rows a loop over each word
    of each article gives, in the same order)."""
    import numpy as np

    n_art = len(packed)
    joined = [p[0] for p in packed]
    lens = np.fromiter((len(p[1]) // 4 if p[0] else 0 for p in packed), dtype=np.int64, count=n_art)
    n = int(lens.sum())
    if not n:
        return pd.DataFrame({c: [] for c in LONG_COLUMNS}, columns=LONG_COLUMNS).astype(
            {c: "int64" for c in (S.SENTENCE, S.POSITION, S.START, S.END)})
    words = _SEP.join(w for w in joined if w).split(_SEP)
    starts = np.concatenate([np.frombuffer(p[1], dtype=np.int32) for p in packed if p[0]]).astype(np.int64)
    counts["words"] += n
    codes, uniques = pd.factorize(pd.Series(words, dtype=object), sort=False)
    uniques = list(uniques)
    layer = [classify(u) if classify is not None else "" for u in uniques]
    per_word = np.bincount(codes, minlength=len(uniques))
    for u, lay in enumerate(layer):
        if lay:
            counts[lay] += int(per_word[u])
    keep_u = np.array([not lay for lay in layer], dtype=bool)
    keep = keep_u[codes]
    word_base = np.zeros(n_art, dtype=np.int64)
    np.cumsum(lens[:-1], out=word_base[1:])
    art_of = np.repeat(np.arange(n_art, dtype=np.int64), lens)
    position = np.arange(n, dtype=np.int64) - word_base[art_of]
    length_u = np.fromiter(map(len, uniques), dtype=np.int64, count=len(uniques))
    # sentences: each article's sentence starts, shifted by the article's place in the corpus's characters
    char_base = np.zeros(n_art, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n_art)[:-1] + 1, out=char_base[1:])
    sent_starts = [[s for s, _ in sentence_spans(t)] for t in texts]
    n_sent = np.fromiter(map(len, sent_starts), dtype=np.int64, count=n_art)
    sent_base = np.zeros(n_art, dtype=np.int64)
    np.cumsum(n_sent[:-1], out=sent_base[1:])
    all_starts = (np.fromiter((s for ss in sent_starts for s in ss), dtype=np.int64, count=int(n_sent.sum()))
                  + np.repeat(char_base, n_sent))
    k_codes, k_art, k_start = codes[keep], art_of[keep], starts[keep]
    sentence = np.searchsorted(all_starts, k_start + char_base[k_art], side="right") - 1 - sent_base[k_art]
    np.maximum(sentence, 0, out=sentence)
    if fold_case_terms is not None:  # one form for the casings of a Latin word (the lexicon's terms first)
        canon = _with_case(canon, uniques, per_word, fold_case_terms)
    token_u = np.array([canon.get(u, u) for u in uniques], dtype=object)
    tag_u = np.array([tagger(u) for u in uniques], dtype=object)
    doc_ids = articles[S.DOC_ID].to_numpy(dtype=object)
    article_ids = articles[S.ARTICLE_ID].to_numpy(dtype=object)
    cols = {
        S.DOC_ID: doc_ids[k_art].tolist(),
        S.ARTICLE_ID: article_ids[k_art].tolist(),
        S.SENTENCE: sentence,
        S.POSITION: position[keep],
        S.TOKEN: token_u[k_codes].tolist(),
        S.POS: tag_u[k_codes].tolist(),
        S.START: k_start,
        S.END: k_start + length_u[k_codes],
    }
    frame = pd.DataFrame(cols, columns=LONG_COLUMNS)
    for c in (S.SENTENCE, S.POSITION, S.START, S.END):
        frame[c] = frame[c].astype("int64")
    return frame


def tokenize_text(text: str, **options) -> list[str]:
    """The tokens of one string (``options`` as for :func:`tokenize`)."""
    if not isinstance(text, str):
        raise NqpError(f"tokenize_text: text must be a string, got {type(text).__name__}.")
    frame = tokenize(pd.DataFrame({S.DOC_ID: ["text"], S.ARTICLE_ID: ["text"], "text": [text]}), **options)
    return list(frame[TOKENS].iloc[0])


def tokenize_texts(texts, **options) -> list[list[str]]:
    """The tokens of each string of ``texts`` (a list or Series), in one :func:`tokenize` call (``options`` as
    there): the same lists as :func:`tokenize_text` on each, with one segmentation and one cache lookup for
    all of them instead of one per string."""
    texts = list(texts)
    bad = next((t for t in texts if not isinstance(t, str)), None)
    if bad is not None:
        raise NqpError(f"tokenize_texts: every text must be a string, got {type(bad).__name__}: {bad!r}.")
    if not texts:
        return []
    ids = [f"t{i}" for i in range(len(texts))]
    frame = tokenize(pd.DataFrame({S.DOC_ID: ids, S.ARTICLE_ID: ids, "text": texts}), **options)
    by_id = dict(zip(frame[S.ARTICLE_ID], frame[TOKENS]))
    return [list(by_id[i]) for i in ids]

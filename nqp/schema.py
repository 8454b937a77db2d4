"""Column names of the DataFrames that pass between nqp's stages, in one place.

Each stage's docstring lists the columns it returns; the names come from here so that a rename
happens once.
"""

from __future__ import annotations

# -- corpus: one row per source document (nqp.load_corpus) -------------------------------------
DOC_ID = "doc_id"
SOURCE = "source"
OUTLET = "outlet"
DATE = "date"
DATE_PRECISION = "date_precision"
DATE_START = "date_start"
DATE_END = "date_end"
TITLE = "title"
SCRIPT = "script"
SCRIPT_DECLARED = "script_declared"
ENCODING = "encoding"
TEXT = "text"
N_CHARS = "n_chars"

CORPUS_COLUMNS = [
    DOC_ID,
    SOURCE,
    OUTLET,
    DATE,
    DATE_PRECISION,
    DATE_START,
    DATE_END,
    TITLE,
    SCRIPT,
    ENCODING,
    N_CHARS,
    TEXT,
]

#: the metadata columns a corpus carries forward to every later table
METADATA_COLUMNS = [OUTLET, DATE, DATE_PRECISION, DATE_START, DATE_END]

PRECISIONS = ("year", "month", "day")
SCRIPTS = ("simplified", "traditional", "mixed", "unknown")

# -- articles: one row per article (nqp.clean) -------------------------------------------------
ARTICLE_ID = "article_id"
POSITION = "position"
KIND = "kind"
BYLINE = "byline"
TEXT_ORIG = "text_orig"
START = "start"
END = "end"
HEADINGS = "headings"
RAW_SEGMENTS = "raw_segments"
THEME_MENTIONS = "theme_mentions"
RELEVANCE = "relevance"
ON_TOPIC = "on_topic"
DOC_TITLE = "doc_title"
#: the removal log of nqp.clean: doc_id, start, end, rule, text
RULE = "rule"

# -- tokens: nqp.tokenize (wide: one row per article; long=True: one row per token) -----------
TOKENS = "tokens"
N_WORDS = "n_words"
N_STOPWORDS = "n_stopwords"
N_FORMULA = "n_formula"
SENTENCE = "sentence"
TOKEN = "token"
POS = "pos"
#: the long table's columns, in order (start/end: offsets of the word in the article text)
TOKEN_COLUMNS = [DOC_ID, ARTICLE_ID, SENTENCE, POSITION, TOKEN, POS, START, END]

# -- theme: nqp.theme (one row per mention of a theme) -----------------------------------------
TERM = "term"
MATCH = "match"
SENTENCE_OFFSET = "sentence_offset"
TEXT_START = "text_start"
TEXT_END = "text_end"
SPEAKER = "speaker"
SPEAKER_ROLE = "speaker_role"
SPEAKER_TYPE = "speaker_type"
SPEAKER_CUE = "speaker_cue"
ATTRIBUTION = "attribution"
IS_HEADING = "is_heading"
PERIOD = "period"

# -- topics and clusters: nqp.topics, nqp.topic_shares, nqp.clusters -----------------------------
TOPIC = "topic"
WEIGHT = "weight"
RANK = "rank"
LABEL = "label"
SHARE = "share"
GROUP = "group"
CLUSTER = "cluster"

# -- statistics: nqp.keywords, nqp.keyness, nqp.collocations (nqp/stats/) ----------------------
SCORE = "score"
COUNT = "count"
DIRECTION = "direction"
EXEMPLAR = "exemplar"
TERM1 = "term1"
TERM2 = "term2"
#: nqp.keywords and nqp.keywords_jieba, in order
KEYWORD_COLUMNS = [GROUP, TERM, SCORE, RANK, COUNT]
#: nqp.keyness, in order (nqp.keyness_each puts GROUP first)
KEYNESS_COLUMNS = [
    TERM, DIRECTION, "target_count", "reference_count", "target_per_10k", "reference_per_10k",
    "g2", "chi2", "log_ratio", "p_value", "p_adjusted", "significant",
]
#: what nqp.keyness_exemplars appends to a keyness table
KEYNESS_EXEMPLAR_COLUMNS = [EXEMPLAR, "exemplar_doc_id", "exemplar_article_id", "exemplar_start", "exemplar_end"]
#: nqp.collocations, in order
COLLOCATION_COLUMNS = [TERM1, TERM2, COUNT, "count1", "count2", "n", "pmi", "g2"]
#: nqp.keywords_overlap, in order
KEYWORDS_OVERLAP_COLUMNS = [GROUP, "n_a", "n_b", "shared", "jaccard", "only_a", "only_b"]


# -- checks ------------------------------------------------------------------------------------

#: what each kind of table must hold, and where it comes from (for the error message)
REQUIRED = {
    "corpus": ((DOC_ID, TEXT), "the table of nqp.load_corpus"),
    "articles": ((DOC_ID, ARTICLE_ID, TEXT, TEXT_ORIG), "the articles of nqp.clean (nqp.clean(corpus).articles)"),
    "tokens": ((DOC_ID, ARTICLE_ID, TOKENS), "the table of nqp.tokenize"),
}


def check_columns(df, kind: str, where: str, required=None):
    """``df`` when it is a DataFrame holding the columns a table of ``kind`` needs; else a clear error.

    ``kind``: a key of :data:`REQUIRED` (``corpus``, ``articles``, ``tokens``); ``where``: the argument
    name for the message; ``required``: columns to demand instead of the kind's own.
    """
    import pandas as pd

    from .errors import NqpTypeError, NqpValueError

    columns, source = REQUIRED[kind]
    columns = tuple(required) if required is not None else columns
    if not isinstance(df, pd.DataFrame):
        raise NqpTypeError(f"{where}: expected {source} (a DataFrame), got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        shown = list(df.columns)[:12]
        raise NqpValueError(
            f"{where}: missing column(s) {missing} (it has {shown}{' ...' if df.shape[1] > 12 else ''}); "
            f"pass {source}."
        )
    return df

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
#: how the text came out of its file: "none" (decoded text: .txt, .md, a table cell), "html", "docx", "pdf"
EXTRACTION = "extraction"
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
    EXTRACTION,
    N_CHARS,
    TEXT,
]

#: the metadata columns a corpus carries forward to every later table
METADATA_COLUMNS = [OUTLET, DATE, DATE_PRECISION, DATE_START, DATE_END]

PRECISIONS = ("year", "month", "day")
#: the values of the script column (nqp.detect_script), in legend order
SCRIPTS = ("simplified", "traditional", "mixed", "unknown")
#: the values of the extraction column, and the file types each comes from
EXTRACTIONS = ("none", "html", "docx", "pdf", "odt", "rtf")

# -- articles: one row per article (nqp.clean) -------------------------------------------------
ARTICLE_ID = "article_id"
POSITION = "position"
KIND = "kind"
BYLINE = "byline"
TEXT_ORIG = "text_orig"
#: an article's title as the source printed it (script and punctuation); ``title`` is its analysis layer
TITLE_ORIG = "title_orig"
START = "start"
END = "end"
HEADINGS = "headings"
RAW_SEGMENTS = "raw_segments"
DOC_TITLE = "doc_title"
#: the removal log of nqp.clean: doc_id, start, end, rule, text
RULE = "rule"
#: how a document arrived (nqp.clean): a page dump or the text of one article, and why it was taken for one
LAYOUT = "layout"
LAYOUT_EVIDENCE = "layout_evidence"
LAYOUT_PAGE = "page"
LAYOUT_ARTICLE = "article"
LAYOUT_AUTO = "auto"
#: the values of the layout column
LAYOUTS = (LAYOUT_PAGE, LAYOUT_ARTICLE)
#: what nqp.clean's layout argument (and a corpus's layout metadata column) accepts
LAYOUT_CHOICES = (LAYOUT_AUTO, LAYOUT_PAGE, LAYOUT_ARTICLE)
#: the audit details of nqp.clean (joins and repeats)
STEP = "step"
#: why a paragraph join was made (nqp.clean's details): the evidence of one sentence across the break
EVIDENCE = "evidence"
KEPT_START = "kept_start"
KEPT_END = "kept_end"

#: columns of the articles table, in order (then the corpus metadata)
ARTICLE_COLUMNS = [
    DOC_ID,
    ARTICLE_ID,
    POSITION,
    KIND,
    TITLE,
    TITLE_ORIG,
    BYLINE,
    TEXT,
    TEXT_ORIG,
    START,
    END,
    HEADINGS,
    RAW_SEGMENTS,
    N_CHARS,
    LAYOUT,
    LAYOUT_EVIDENCE,
]
#: columns of the removal log (Cleaned.removals)
REMOVAL_COLUMNS = [DOC_ID, START, END, RULE, TEXT]
#: columns of the joins and repeats (Cleaned.details)
DETAIL_COLUMNS = [DOC_ID, STEP, KEPT_START, KEPT_END, START, END, TEXT, EVIDENCE]
#: columns of Cleaned.layouts: one row per document, the layout it was cleaned as
DOC_LAYOUT_COLUMNS = [DOC_ID, LAYOUT, LAYOUT_EVIDENCE]
#: columns of Cleaned.boilerplate: the phrases learned from the corpus (nqp.clean's boilerplate=)
BOILERPLATE_COLUMNS = [OUTLET, "where", "phrase", "n_docs", "n_outlet_docs", "share"]
#: columns of nqp.near_duplicates: one row per pair of passages (a: the first document by doc_id)
NEAR_DUPLICATE_COLUMNS = [
    "doc_id_a", "article_id_a", "start_a", "end_a", "doc_id_b", "article_id_b", "start_b", "end_b",
    "containment", "jaccard", "text_a", "text_b",
]

# -- tokens: nqp.tokenize (one row per article), nqp.tokenize_long (one row per token) --------
TOKENS = "tokens"
N_WORDS = "n_words"
N_STOPWORDS = "n_stopwords"
N_FORMULA = "n_formula"
SENTENCE = "sentence"
TOKEN = "token"
POS = "pos"
#: the columns every tokens table of nqp.tokenize holds; between the ids and the counts it keeps the
#: articles' other columns (position, kind, title, n_chars, the corpus metadata)
TOKENS_TABLE_COLUMNS = [DOC_ID, ARTICLE_ID, TOKENS, N_WORDS, N_STOPWORDS, N_FORMULA]
#: the articles' columns a tokens table leaves out: the text and the offset maps into it (quote
#: through the articles, joined on article_id), so that a Dtm's docs hold ids and metadata only
TOKENS_DROPPED = [TEXT, TEXT_ORIG, BYLINE, START, END, HEADINGS, RAW_SEGMENTS]
#: the long table's columns, in order (start/end: offsets of the word in the article text)
TOKEN_COLUMNS = [DOC_ID, ARTICLE_ID, SENTENCE, POSITION, TOKEN, POS, START, END]
LAYER = "layer"
N = "n"
N_ARTICLES = "n_articles"
#: nqp.load_lexicon: one row per term
LEXICON_COLUMNS = ["term", "variants", "category", "note", "freq", "source"]
#: nqp.tokenize_removed: one row per (layer, word)
REMOVED_COLUMNS = [LAYER, TOKEN, N, N_ARTICLES]
#: nqp.lexicon_audit: one row per lexicon term
LEXICON_AUDIT_COLUMNS = ["term", "category", N, "n_whole", "n_inside", "n_split", "n_whole_plain", "example"]
#: nqp.lexicon_audit_detail: one row per occurrence of a lexicon form
LEXICON_AUDIT_DETAIL_COLUMNS = [DOC_ID, ARTICLE_ID, "term", "form", START, END, "status", "status_plain",
                                "segmentation", SENTENCE]
#: nqp.terms_discover: one row per candidate term
DISCOVER_COLUMNS = ["term", N, N_ARTICLES, "pmi", "left_entropy", "right_entropy", "entropy", "score", "in_lexicon",
                    "in_dictionary", "dictionary_ratio", "paragraph_start", "boilerplate_reason", "example"]

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
#: where the speaker cue (他强调, 国家发展改革委表示) is in the article text: offsets, for audit
SPEAKER_CUE_START = "speaker_cue_start"
SPEAKER_CUE_END = "speaker_cue_end"
ATTRIBUTION = "attribution"
IS_HEADING = "is_heading"
#: the mention is in the article's headline (its title line in the text, or the title field)
IN_TITLE = "in_title"
#: where a mention was found: "text" (offsets into the article text and the raw document) or "title" (a
#: title given as metadata and not printed in the text: every offset is into that title)
FIELD = "field"
FIELDS = ("text", "title")
PERIOD = "period"
#: mentions counted in a group (theme_adopters, theme_levels, theme_trends)
N_MENTIONS = "n_mentions"
#: an outlet's level (central, provincial, municipal ...): a metadata column, or nqp/data/levels.toml
LEVEL = "level"

#: the mention table of nqp.theme, in order
THEME_COLUMNS = [
    DOC_ID, ARTICLE_ID, POSITION, OUTLET, DATE, DATE_PRECISION, DATE_START, DATE_END,
    TERM, MATCH, SENTENCE, SENTENCE_OFFSET, START, END, TEXT_START, TEXT_END,
    SPEAKER, SPEAKER_ROLE, SPEAKER_TYPE, SPEAKER_CUE, SPEAKER_CUE_START, SPEAKER_CUE_END, ATTRIBUTION, IS_HEADING,
    IN_TITLE, FIELD,
]
#: nqp.theme_speaker_types: one row per speaker type (how many mentions each kind of speaker says, and how)
N_SPEAKERS = "n_speakers"
DIRECT = "direct"
REPORTED = "reported"
TOP_SPEAKERS = "top_speakers"
SPEAKER_TYPE_COLUMNS = [SPEAKER_TYPE, N_MENTIONS, "share", N_SPEAKERS, "n_docs", DIRECT, REPORTED, TOP_SPEAKERS]
#: what a table must hold to be read as nqp.theme's mentions
MENTION_KEY_COLUMNS = [DOC_ID, ARTICLE_ID, TERM, TEXT_START]

# nqp.theme_variants: one row per surface form
FORM = "form"
ANALYSIS_FORM = "analysis_form"
VARIANT_COLUMNS = [TERM, FORM, ANALYSIS_FORM]

# nqp.theme_scope: one row per article (theme_mentions, relevance as in the articles section above)
IN_SCOPE = "in_scope"
THEME_MENTIONS = "theme_mentions"
RELEVANCE = "relevance"
SCOPE_COLUMNS = [ARTICLE_ID, THEME_MENTIONS, RELEVANCE, IN_SCOPE]

# nqp.theme_audit: one row per document
RAW_SEARCH = "raw_search"
MENTIONS = "mentions"
IN_HEADINGS = "in_headings"
NOT_COUNTED = "not_counted"
AUDIT_COLUMNS = [DOC_ID, RAW_SEARCH, MENTIONS, IN_HEADINGS, NOT_COUNTED]

# nqp.theme_contexts / nqp.theme_cooccurrence
CONTEXT = "context"
CONTEXT_START = "context_start"
CONTEXT_END = "context_end"
COMPANION = "companion"
N_CONTEXTS = "n_contexts"
N_GROUP_CONTEXTS = "n_group_contexts"
COUNT = "count"
COOCCURRENCE_COLUMNS = [TERM, "group", COMPANION, N_CONTEXTS, N_GROUP_CONTEXTS, "share", COUNT]

# nqp.theme_companions: association of each companion with the theme's contexts against the rest of the corpus
PERIOD_START = "period_start"
COUNT_REST = "count_rest"
N_WORDS = "n_words"
N_WORDS_REST = "n_words_rest"
PRIOR = "prior"
DELTA = "delta"
DELTA_VAR = "delta_var"
Z = "z"
G2 = "g2"
P_VALUE = "p_value"
P_ADJUSTED = "p_adjusted"
SIGNIFICANT = "significant"
COMPANION_COLUMNS = [TERM, "group", PERIOD_START, COMPANION, N_CONTEXTS, N_GROUP_CONTEXTS, "share", COUNT, COUNT_REST,
                     N_WORDS, N_WORDS_REST, PRIOR, DELTA, DELTA_VAR, Z, G2, P_VALUE, P_ADJUSTED, SIGNIFICANT, "rank"]
# nqp.companions_drift: one row per word entering or leaving the theme's company between consecutive periods
CHANGE = "change"
PREVIOUS = "previous"
DRIFT_COLUMNS = [TERM, PERIOD, PERIOD_START, PREVIOUS, CHANGE, COMPANION, Z, "z_previous", N_CONTEXTS,
                 "n_contexts_previous"]

# -- topics and clusters: nqp.topics, nqp.topics_shares, nqp.clusters -----------------------------
TOPIC = "topic"
WEIGHT = "weight"
RANK = "rank"
LABEL = "label"
SHARE = "share"
GROUP = "group"
CLUSTER = "cluster"
#: Topics.exemplars (nqp.topics_exemplars)
TOPIC_EXEMPLAR_COLUMNS = [TOPIC, LABEL, RANK, DOC_ID, ARTICLE_ID, START, END, SENTENCE, "terms", "score", "doc_weight"]
#: TopicScan.table, Clusters.table, ClusterScan.table
TOPIC_SCAN_COLUMNS = ["k", "coherence", "coherence_min", "stability", "smallest_topic", "admissible", "recommended"]
#: TopicsOverTime (nqp.topics_over_time): the first day of a period, the first day after it
PERIOD_START = "period_start"
PERIOD_END = "period_end"
CLUSTER_TABLE_COLUMNS = [CLUSTER, "n_docs", "silhouette", "top_terms", "titles"]
CLUSTER_SCAN_COLUMNS = ["k", "silhouette", "calinski_harabasz", "stability", "smallest", "recommended"]


# -- evidence: nqp.kwic (one row per match), nqp.exemplars (one row per term) ---------------------
LEFT = "left"
RIGHT = "right"
RAW_START = "raw_start"
RAW_END = "raw_end"
MATCH_START = "match_start"
MATCH_END = "match_end"
KWIC_COLUMNS = [DOC_ID, ARTICLE_ID, OUTLET, DATE, LEFT, MATCH, RIGHT, START, END, RAW_START, RAW_END, TERM]
SENTENCE_EXEMPLAR_COLUMNS = [TERM, DOC_ID, ARTICLE_ID, SENTENCE, START, END, MATCH_START, MATCH_END, RAW_START, RAW_END]

# -- codebook: nqp.category_hits (one row per hit), nqp.categories (one row per group and category) -------
CATEGORY = "category"
HITS = "hits"
PER_10K = "per_10k_chars"
N_SAMPLED = "n_sampled"
N_MARKED = "n_marked"
N_CORRECT = "n_correct"
PRECISION = "precision"
CI_LOW = "ci_low"
CI_HIGH = "ci_high"
CORRECT = "correct"
SAMPLE_ID = "sample_id"
#: nqp.category_hits, in order (form: the matched text in the analysis layer; match: as printed)
CATEGORY_HIT_COLUMNS = [
    DOC_ID, ARTICLE_ID, OUTLET, DATE, DATE_PRECISION, DATE_START, DATE_END,
    CATEGORY, TERM, FORM, MATCH, SENTENCE, SENTENCE_OFFSET, TEXT_START, TEXT_END, START, END,
]
#: nqp.categories: the group columns first, then these
CATEGORY_COUNT_COLUMNS = [CATEGORY, HITS, N_ARTICLES, N_CHARS, PER_10K, SHARE]
#: nqp.category_forms, in order
CATEGORY_FORM_COLUMNS = [CATEGORY, FORM, TERM, HITS, N_ARTICLES, SHARE, RANK, "example"]
#: nqp.validation_sample, in order
VALIDATION_COLUMNS = [SAMPLE_ID, CATEGORY, TERM, MATCH, SENTENCE, ARTICLE_ID, TEXT_START, TEXT_END, START, END, CORRECT]
#: nqp.validation_read, in order
PRECISION_COLUMNS = [CATEGORY, N_SAMPLED, N_MARKED, N_CORRECT, PRECISION, CI_LOW, CI_HIGH]

# -- corpus layout: nqp.corpus_layout (one row per document) -------------------------------------
LINES = "lines"
BLANK_LINE_SHARE = "blank_line_share"
IMAGE_STUBS = "image_stubs"
LAYOUT_COLUMNS = [DOC_ID, LINES, BLANK_LINE_SHARE, IMAGE_STUBS]

# -- scale: nqp.pipeline (one row per partition) --------------------------------------------------
PART_COLUMN = "part"
PIPELINE_STATS_COLUMNS = [PART_COLUMN, "documents", "characters", "articles", "article_characters", TOKENS]

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
COLLOCATION_COLUMNS = [TERM1, TERM2, COUNT, "count1", "count2", "n", "pmi", "g2", "p_value", "p_adjusted", "significant"]
#: nqp.keywords_overlap, in order
KEYWORDS_OVERLAP_COLUMNS = [GROUP, "n_a", "n_b", "shared", "jaccard", "only_a", "only_b"]


# -- checks ------------------------------------------------------------------------------------

#: what each kind of table must hold, and where it comes from (for the error message)
REQUIRED = {
    "corpus": ((DOC_ID, TEXT), "the table of nqp.load_corpus"),
    "articles": ((DOC_ID, ARTICLE_ID, TEXT, TEXT_ORIG), "the articles of nqp.clean (nqp.clean(corpus).articles)"),
    "tokens": ((DOC_ID, ARTICLE_ID, TOKENS), "the table of nqp.tokenize"),
    "kwic": ((ARTICLE_ID, START), "the output of nqp.kwic"),
    "reprints": (("family", "is_source", ARTICLE_ID, TEXT_START, TEXT_END), "the families of nqp.reprint_families"),
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

#: column names a corpus's metadata must not use: the loader writes them itself (or, for a table's
#: ``source`` and ``text``, gives them their own meaning), and clean/tokenize write the others into the
#: tables that carry the metadata on. nqp.load_corpus refuses them with this list and the remedy.
RESERVED_METADATA_COLUMNS = [
    SOURCE, DATE_START, DATE_END, SCRIPT_DECLARED, ENCODING, EXTRACTION, N_CHARS, TEXT,
    ARTICLE_ID, TOKENS, N_WORDS, N_STOPWORDS, N_FORMULA,
]

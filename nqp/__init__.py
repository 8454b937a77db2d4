"""nqp: Chinese policy discourse in news text.

Plain functions over documented pandas DataFrames, one module per stage:

    corpus (load_corpus) -> clean -> tokens -> dtm -> keywords / topics / theme -> plots -> report
"""

from __future__ import annotations

import logging

from .corpus import corpus_hash, corpus_summary, detect_script, load_corpus
from .errors import CorpusError, FontError, NqpError, NqpTypeError, NqpValueError, ReportError
from .matrix import Dtm, df_bounds, dtm, dtm_group, dtm_trim, group_keys, idf, short_terms, tfidf
from .fonts import find_cjk_font, use_cjk_font
from .plots import textplot_lengths, textplot_timeline
from .text import sentence_spans, split_sentences
from .clean import (
    Cleaned,
    clean,
    clean_joins,
    clean_repeats,
    clean_rules_table,
    clean_summary,
    load_clean_rules,
    near_duplicates,
    normalize_text,
    raw_span,
    textplot_relevance,
    textplot_removals,
)
from .tokens import (
    lexicon_audit,
    lexicon_variants,
    load_lexicon,
    load_stopwords,
    terms_discover,
    tokenize,
    tokenize_text,
    tokens_removed,
)
from .stats import (
    collocations,
    cooccurrence_network,
    keyness,
    keyness_each,
    keyness_style,
    keywords,
    keywords_jieba,
    keywords_overlap,
    p_adjust,
)
from .plots import textplot_keyness, textplot_network, textplot_wordcloud
from .evidence import keyness_exemplars
from .kwic import exemplars, kwic, textplot_xray
from .topics import (
    Topics,
    TopicScan,
    date_bins,
    textplot_topic_shares,
    textplot_topic_terms,
    textplot_topics_scan,
    topic_coherence,
    topic_exemplars,
    topic_shares,
    topic_stability,
    topics,
    topics_scan,
)
from .cluster import ClusterScan, Clusters, clusters, clusters_scan, textplot_clusters_scan, textplot_dendrogram
from .theme import (
    textplot_theme_companions,
    textplot_theme_dispersion,
    textplot_theme_network,
    theme,
    theme_audit,
    theme_contexts,
    theme_cooccurrence,
    theme_first,
    theme_network,
    theme_periods,
    theme_speaker,
    theme_speakers,
    theme_summary,
    theme_table,
    theme_variants,
)
from .scale import corpus_to_parquet, dtm_parquet, parquet_parts, parquet_read, pipeline, topics_partial_fit
from . import report

__version__ = "0.1.0"

# TopicModel is a scikit-learn estimator class: defining it imports scikit-learn (a second and tens of
# MB), so it is made on first use. Worker processes that only clean and tokenize never import it.


def __getattr__(name: str):
    if name == "TopicModel":
        from .topics import _topic_model_class

        return _topic_model_class()
    raise AttributeError(f"module 'nqp' has no attribute {name!r}")

logging.getLogger("nqp").addHandler(logging.NullHandler())

__all__ = [
    "CorpusError",
    "FontError",
    "NqpError",
    "NqpTypeError",
    "NqpValueError",
    "ReportError",
    "corpus_hash",
    "corpus_summary",
    "detect_script",
    "find_cjk_font",
    "load_corpus",
    "use_cjk_font",
    "textplot_lengths",
    "textplot_timeline",
    "sentence_spans",
    "split_sentences",
    "Cleaned",
    "clean",
    "clean_joins",
    "clean_repeats",
    "clean_rules_table",
    "clean_summary",
    "textplot_relevance",
    "textplot_removals",
    "load_clean_rules",
    "near_duplicates",
    "normalize_text",
    "raw_span",
    "lexicon_audit",
    "lexicon_variants",
    "load_lexicon",
    "load_stopwords",
    "terms_discover",
    "tokenize",
    "tokenize_text",
    "tokens_removed",
    "Dtm",
    "df_bounds",
    "dtm",
    "dtm_group",
    "dtm_trim",
    "tfidf",
    "group_keys",
    "idf",
    "short_terms",
    "collocations",
    "cooccurrence_network",
    "keyness",
    "keyness_each",
    "keyness_exemplars",
    "keyness_style",
    "keywords",
    "keywords_jieba",
    "keywords_overlap",
    "p_adjust",
    "textplot_keyness",
    "textplot_network",
    "textplot_wordcloud",
    "exemplars",
    "kwic",
    "textplot_xray",
    "TopicModel",
    "Topics",
    "TopicScan",
    "date_bins",
    "textplot_topic_shares",
    "textplot_topic_terms",
    "textplot_topics_scan",
    "topic_coherence",
    "topic_exemplars",
    "topic_shares",
    "topic_stability",
    "topics",
    "topics_scan",
    "ClusterScan",
    "Clusters",
    "clusters",
    "clusters_scan",
    "textplot_clusters_scan",
    "textplot_dendrogram",
    "textplot_theme_companions",
    "textplot_theme_dispersion",
    "textplot_theme_network",
    "theme",
    "theme_audit",
    "theme_contexts",
    "theme_cooccurrence",
    "theme_first",
    "theme_network",
    "theme_periods",
    "theme_speaker",
    "theme_speakers",
    "theme_summary",
    "theme_table",
    "theme_variants",
    "corpus_to_parquet",
    "dtm_parquet",
    "parquet_parts",
    "parquet_read",
    "pipeline",
    "topics_partial_fit",
]

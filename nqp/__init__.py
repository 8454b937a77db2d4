"""nqp: Chinese policy discourse in news text.

Plain functions over documented pandas DataFrames, one module per stage:

    corpus (load_corpus) -> clean -> tokens -> dtm -> keywords / topics / theme -> plots -> report
"""

from __future__ import annotations

import logging

from .corpus import corpus_hash, corpus_layout, corpus_summary, detect_script, load_corpus
from .errors import CorpusError, FontError, NqpError, NqpTypeError, NqpValueError, ReportError
from .dtm import Dtm, dtm, dtm_group, dtm_trim, group_keys, idf, tfidf
from .fonts import find_cjk_font, use_cjk_font
from .plots import textplot_lengths, textplot_timeline
from .text import sentence_spans, split_sentences
from .cleaning import (
    Cleaned,
    clean,
    clean_joins,
    clean_repeats,
    clean_rules_table,
    clean_summary,
    load_clean_rules,
    near_duplicates,
    normalize_text,
)
from .evidence import raw_span
from .plots import textplot_relevance, textplot_removals
from .tokens import (
    Lexicon,
    lexicon_audit,
    lexicon_audit_detail,
    lexicon_variants,
    load_lexicon,
    load_stopwords,
    terms_discover,
    tokenize,
    tokenize_long,
    tokenize_text,
    tokens_removed,
)
from .keywords import (
    collocations,
    cooccurrence_network,
    keyness,
    keyness_style,
    keywords,
    keywords_jieba,
    keywords_overlap,
    p_adjust,
    textplot_keyness,
    textplot_network,
    textplot_wordcloud,
)
from .evidence import compile_pattern, exemplars, kwic
from .plots import textplot_xray
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
from .tracking import (
    SpeakerRules,
    load_speaker_rules,
    speaker_of,
    speaker_type_of,
    theme,
    theme_audit,
    theme_contexts,
    theme_cooccurrence,
    theme_first,
    theme_network,
    theme_periods,
    theme_scope,
    theme_speaker,
    theme_speakers,
    theme_summary,
    theme_table,
    theme_variants,
)
from .plots.theme import textplot_theme_companions, textplot_theme_dispersion, textplot_theme_network
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
    "corpus_layout",
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
    "Lexicon",
    "lexicon_audit",
    "lexicon_audit_detail",
    "lexicon_variants",
    "load_lexicon",
    "load_stopwords",
    "terms_discover",
    "tokenize",
    "tokenize_long",
    "tokenize_text",
    "tokens_removed",
    "Dtm",
    "dtm",
    "dtm_group",
    "dtm_trim",
    "tfidf",
    "group_keys",
    "idf",
    "collocations",
    "cooccurrence_network",
    "keyness",
    "keyness_style",
    "keywords",
    "keywords_jieba",
    "keywords_overlap",
    "p_adjust",
    "textplot_keyness",
    "textplot_network",
    "textplot_wordcloud",
    "compile_pattern",
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
    "theme_scope",
    "speaker_of",
    "speaker_type_of",
    "load_speaker_rules",
    "SpeakerRules",
    "corpus_to_parquet",
    "dtm_parquet",
    "parquet_parts",
    "parquet_read",
    "pipeline",
    "topics_partial_fit",
]

"""The ``nqp`` command: ``nqp report``, and a command per stage for use outside Python.

Each sub-command is one ``_cmd_*`` function plus its argparse set-up in :func:`build_parser`.
Errors of nqp (bad corpus, missing font, failing notebook) print one clear line and exit 2.
"""

from __future__ import annotations

import argparse
import logging
import sys

from .errors import NqpError


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import run_report

    index = run_report(corpus=args.corpus, out=args.out, notebooks=args.notebooks, only=args.only)
    print(f"report written: {index}")
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from .cleaning import clean
    from .corpus import load_corpus
    from .io import write_table

    if args.theme is not None:
        raise NqpError("--theme: nqp clean no longer judges relevance; clean everything, then select articles with "
                       "--scope TERM in nqp keywords / nqp kwic (or nqp.articles_in_scope in Python).")
    cleaned = clean(load_corpus(args.path), rules=args.rules)
    articles, removals = cleaned.articles, cleaned.removals
    out = write_table(articles, args.out)
    print(f"{len(articles)} articles written: {out}")
    if args.removals:
        rm = write_table(removals, args.removals)
        print(f"{len(removals)} removals written: {rm}")
    return 0


def _articles(path: str, scope=None, on_topic: bool = False):
    """The articles of ``path``; with ``scope`` (theme terms) only those that mention them."""
    from .cleaning import clean
    from .corpus import load_corpus
    from .tracking import articles_in_scope

    if on_topic:
        raise NqpError("--on-topic: nqp no longer flags articles as on topic while cleaning; pass the theme "
                       "instead: --scope TERM [TERM ...] keeps the articles that mention it.")
    articles = clean(load_corpus(path)).articles
    if scope:
        articles = articles_in_scope(articles, scope, kinds=None).reset_index(drop=True)
        if articles.empty:
            raise NqpError(f"{path}: no article mentions {', '.join(scope)}; check the terms or drop --scope.")
    return articles


def _emit(table, out: str | None) -> None:
    """Print ``table``, or write it to ``out`` (.csv, .tsv or .parquet) and say so."""
    if out is None:
        with __import__("pandas").option_context("display.max_rows", None, "display.width", 200):
            print(table.to_string(index=False) if len(table) else "(no rows)")
        return
    from .io import write_table

    print(f"{len(table)} rows written: {write_table(table, out)}", file=sys.stderr)


def _cmd_keywords(args: argparse.Namespace) -> int:
    from .stats import keywords
    from .tokens import tokenize

    tokens = tokenize(_articles(args.path, args.scope, args.on_topic))
    by = None if args.by in (None, "article") else args.by
    _emit(keywords(tokens, by, method=args.method, top=args.top), args.out)
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from .evidence import kwic

    pattern = args.term[0] if len(args.term) == 1 else args.term
    table = kwic(_articles(args.path, args.scope, args.on_topic), pattern, window=args.window, regex=args.regex)
    if args.out is None:
        table = table[["doc_id", "article_id", "date", "left", "match", "right", "start", "end"]]
    _emit(table, args.out)
    return 0


def _cmd_theme(args: argparse.Namespace) -> int:
    import pandas as pd

    from .tracking import theme, theme_first, theme_summary, theme_table

    articles = _articles(args.path)
    mentions = theme(articles, args.term)
    if args.out:
        _emit(mentions, args.out)
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                           "display.max_colwidth", args.width + 4, "display.unicode.east_asian_width", True):
        terms = ", ".join(mentions.attrs.get("terms", args.term))
        n = len(mentions)
        print(f"{n} mention{'s' if n != 1 else ''} of {terms} in {mentions['article_id'].nunique()} of "
              f"{len(articles)} articles")
        if n:
            print("\nmentions\n" + theme_table(mentions, width=args.width).to_string(index=False))
            print("\nfirst mention per outlet\n" + theme_first(mentions)[
                ["outlet", "date", "date_precision", "match", "speaker", "speaker_type"]].to_string(index=False))
        for by in ("outlet", "period"):
            summary = theme_summary(mentions, articles, by=by, freq=args.freq)
            print(f"\nper {by}\n" + summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if args.out:
        print(f"{len(mentions)} mentions written: {args.out}")
    return 0


def _cmd_categories(args: argparse.Namespace) -> int:
    from .codebook import Dictionary, categories, category_hits

    dictionary = Dictionary.from_any(args.dictionary)
    articles = _articles(args.path, args.scope)
    by = args.by or "article"
    hits = category_hits(articles, dictionary)
    table = categories(articles, dictionary, by=by, freq=args.freq, level=args.level, hits=hits)
    print(f"{len(hits)} hits of {dictionary.name} ({len(dictionary)} entries) in {hits['article_id'].nunique()} of "
          f"{len(articles)} articles", file=sys.stderr)
    _emit(table, args.out)
    if args.hits:
        from .io import write_table

        print(f"{len(hits)} hits written: {write_table(hits, args.hits)}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nqp", description="Chinese policy discourse in news text.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("report", help="execute every notebook on a corpus and render the HTML report")
    p.add_argument("--corpus", default="seeds", help="corpus folder or table (default: seeds)")
    p.add_argument("--out", default="build/report", help="output folder (default: build/report)")
    p.add_argument("--notebooks", default=None, help="notebook folder (default: the repository's notebooks/)")
    p.add_argument("--only", nargs="*", default=None, help="run only notebooks whose name starts with these")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("clean", help="split a corpus into clean articles and write them as Parquet or CSV")
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("--out", required=True, help="articles table to write: FILE.parquet or FILE.csv")
    p.add_argument("--removals", default=None, help="also write the removal log: FILE.parquet or FILE.csv")
    p.add_argument("--rules", nargs="*", default=None, help="extra rules files (TOML), read after nqp's own")
    p.add_argument("--theme", nargs="*", default=None, help=argparse.SUPPRESS)  # gone: an error says what to do
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("keywords", help="the top keywords of each article or group (TF-IDF or TextRank)")
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("--by", default=None, help="group by this column (outlet, doc_id, year, ...); default: per article")
    p.add_argument("--top", type=int, default=10, help="keywords per article or group (default: 10)")
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf", help="scoring (default: tfidf)")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--on-topic", action="store_true", help=argparse.SUPPRESS)  # gone: an error says what to do
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.set_defaults(func=_cmd_keywords)

    p = sub.add_parser("kwic", help="every occurrence of a term, in context, quoted in the original script")
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("term", nargs="+", help="the term (several: variants of one term; with --regex: a regex)")
    p.add_argument("--window", type=int, default=20, help="characters of context each side (default: 20)")
    p.add_argument("--regex", action="store_true", help="TERM is a regular expression")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--on-topic", action="store_true", help=argparse.SUPPRESS)  # gone: an error says what to do
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet (all columns) instead")
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("theme", help="every mention of a theme (its variants in both scripts) with sentence and speaker")
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("term", nargs="+", help="the theme's terms, in either script (e.g. 建圈强链)")
    p.add_argument("--freq", default="auto", help="periods of the summary: auto, month, quarter, year ... (default: auto)")
    p.add_argument("--width", type=int, default=60, help="characters of each sentence shown (default: 60)")
    p.add_argument("--out", default=None, help="also write the full mention table: FILE.csv or FILE.parquet")
    p.set_defaults(func=_cmd_theme)

    p = sub.add_parser("categories", help="code a corpus with a dictionary: hits per category and group")
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("--dictionary", default=None, help="dictionary file: .yaml, .csv (category,term) or LIWC .dic "
                   "(default: nqp's policy-instrument codebook)")
    p.add_argument("--by", nargs="+", default=None, help="article (default), document, outlet, period or any column")
    p.add_argument("--freq", default="auto", help="periods for --by period: auto, month, quarter, year ... (default: auto)")
    p.add_argument("--level", type=int, default=None, help="count categories at their first LEVEL levels (1: families)")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.add_argument("--hits", default=None, help="also write every hit (sentence, offsets): FILE.csv or FILE.parquet")
    p.set_defaults(func=_cmd_categories)

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    try:
        return args.func(args)
    except NqpError as exc:
        print(f"nqp {args.command}: {exc}", file=sys.stderr)
        return 2

"""The ``nqp`` command: ``nqp report``, and a command per stage for use outside Python.

Each sub-command is one ``_cmd_*`` function plus its argparse set-up in :func:`build_parser`.
Arguments are checked by argparse (numbers, choices) and every output path by :func:`nqp.io.check_output`
before any work starts. Errors of nqp (bad corpus, bad path, missing font, failing notebook) and
operating-system errors about a file print one line naming the command-line option, the bad value
and the remedy, and exit 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import traceback

from .errors import NqpError

log = logging.getLogger(__name__)

__all__ = ["build_parser", "main"]

#: load_corpus's options on the command line (the commands that load a corpus take them all)
CORPUS_OPTIONS = ("text_column", "id_column", "encoding")


def _corpus_options(args: argparse.Namespace) -> dict:
    return {k: getattr(args, k) for k in CORPUS_OPTIONS if getattr(args, k, None) is not None}


def _check_outputs(args: argparse.Namespace, *options: str) -> None:
    """Check the output paths given as ``--out``, ``--removals`` ... before any work starts."""
    from .io import TABLE_SUFFIXES, check_output

    given = {}
    for option in options:
        value = getattr(args, option.lstrip("-").replace("-", "_"), None)
        if value is None:
            continue
        check_output(value, name=option, suffixes=TABLE_SUFFIXES)
        from pathlib import Path

        same = given.get(Path(value).expanduser().absolute())
        if same:
            raise NqpError(f"{option} {value!r}: also given as {same}; write each table to its own file.")
        given[Path(value).expanduser().absolute()] = option


def _cmd_report(args: argparse.Namespace) -> int:
    from .io import check_output
    from .report import parse_parameters, run_report

    check_output(args.out, name="--out", kind="folder")
    params = parse_parameters(args.parameters or (), args.raw_parameters or (), args.parameters_yaml)
    try:
        index = run_report(corpus=args.corpus, out=args.out, notebooks=args.notebooks, only=args.only,
                           params=params, theme=args.theme)
    except KeyboardInterrupt:
        print(f"nqp report: interrupted; nothing was written to {args.out!r} (a previous report there is unchanged).",
              file=sys.stderr)
        return 130
    print(f"report written: {index}")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from .report import copy_notebooks

    written = copy_notebooks(args.folder, force=args.force, notebooks=args.notebooks)
    for path in written:
        print(f"written: {path}{'/' if path.is_dir() else ''}")
    print(f"edit them (jupyter lab {args.folder}), then: nqp report --notebooks {args.folder}")
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from .cleaning import clean
    from .corpus import load_corpus
    from .io import write_table

    if args.theme is not None:
        raise NqpError("--theme: nqp clean no longer judges relevance; clean everything, then select articles with "
                       "--scope TERM in nqp keywords / nqp kwic (or nqp.articles_in_scope in Python).")
    _check_outputs(args, "--out", "--removals")  # both, before the corpus is read or anything written
    cleaned = clean(load_corpus(args.path, **_corpus_options(args)), rules=args.rules)
    articles, removals = cleaned.articles, cleaned.removals
    out = write_table(articles, args.out)
    print(f"{len(articles)} articles written: {out}")
    if args.removals:
        rm = write_table(removals, args.removals)
        print(f"{len(removals)} removals written: {rm}")
    return 0


def _articles(path: str, scope=None, on_topic: bool = False, options: dict | None = None):
    """The articles of ``path`` (loaded with ``options``); with ``scope`` (theme terms) only those that mention them."""
    from .cleaning import clean
    from .corpus import load_corpus
    from .tracking import articles_in_scope

    if on_topic:
        raise NqpError("--on-topic: nqp no longer flags articles as on topic while cleaning; pass the theme "
                       "instead: --scope TERM [TERM ...] keeps the articles that mention it.")
    articles = clean(load_corpus(path, **(options or {}))).articles
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

    _check_outputs(args, "--out")
    tokens = tokenize(_articles(args.path, args.scope, args.on_topic, _corpus_options(args)))
    by = None if args.by in (None, "article") else args.by
    _emit(keywords(tokens, by, method=args.method, top=args.top), args.out)
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from .evidence import kwic

    _check_outputs(args, "--out")
    pattern = args.term[0] if len(args.term) == 1 else args.term
    table = kwic(_articles(args.path, args.scope, args.on_topic, _corpus_options(args)), pattern, window=args.window, regex=args.regex)
    if args.out is None:
        table = table[["doc_id", "article_id", "date", "left", "match", "right", "start", "end"]]
    _emit(table, args.out)
    return 0


def _cmd_theme(args: argparse.Namespace) -> int:
    import pandas as pd

    from .tracking import theme, theme_adoption, theme_first, theme_lag, theme_levels, theme_summary, theme_table

    if args.adoption and args.lag and args.out:
        raise NqpError("--out: one table per file; give --adoption or --lag with --out, not both (run twice).")
    _check_outputs(args, "--out")
    if args.levels is not None:
        from .tracking import load_levels

        load_levels(args.levels)  # a bad levels file is named before the corpus is read
    articles = _articles(args.path, options=_corpus_options(args))
    mentions = theme(articles, args.term)
    if args.adoption or args.lag:
        tables = []
        if args.adoption:
            tables.append(("adoption", theme_adoption(mentions, articles, freq=args.freq)))
        if args.lag:
            tables.append(("first mention per level", theme_levels(mentions, articles, levels=args.levels)))
            tables.append(("lag between levels", theme_lag(mentions, articles, levels=args.levels)))
        if args.out:
            _emit(tables[-1][1] if args.lag else tables[0][1], args.out)
            return 0
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", args.width + 4, "display.unicode.east_asian_width", True):
            for name, table in tables:
                print(f"\n{name}\n" + (table.to_string(index=False, float_format=lambda v: f"{v:.3f}")
                                       if len(table) else "(no rows)"))
        return 0
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


def _cmd_reprints(args: argparse.Namespace) -> int:
    from .tracking import reprint_counts, reprint_families, reprint_summary, theme

    _check_outputs(args, "--out", "--counts")
    articles = _articles(args.path, options=_corpus_options(args))
    families = reprint_families(articles, unit=args.unit, threshold=args.threshold, measure=args.measure)
    n_fam = families["family"].nunique() if len(families) else 0
    print(f"{n_fam} reprint famil{'ies' if n_fam != 1 else 'y'} of {args.unit}s among {len(articles)} articles "
          f"({len(families)} printings)")
    if args.out:
        _emit(families, args.out)
    elif n_fam:
        _emit(reprint_summary(families, width=args.width), None)
    if args.theme:
        counts = reprint_counts(theme(articles, args.theme), families, by=args.by)
        print(f"\nmentions of {', '.join(args.theme)} per {args.by}: every printing, and once per family")
        _emit(counts, args.counts)
    return 0


def _cmd_categories(args: argparse.Namespace) -> int:
    from .codebook import Dictionary, categories, category_hits

    _check_outputs(args, "--out", "--hits")  # before the corpus is read or anything written
    dictionary = Dictionary.from_any(args.dictionary)
    articles = _articles(args.path, args.scope, options=_corpus_options(args))
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


def _int_at_least(low: int):
    """An argparse type: an integer >= ``low`` (argparse then refuses anything else before any work)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r}: expected an integer >= {low}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{text!r}: expected an integer >= {low}")
        return value

    parse.__name__ = f"integer >= {low}"
    return parse


def _corpus_arguments(p: argparse.ArgumentParser) -> None:
    """The corpus path and load_corpus's options, for every command that loads a corpus."""
    p.add_argument("path", help="corpus folder of .txt files (with metadata.csv) or a .csv/.jsonl/.parquet table")
    p.add_argument("--text-column", default=None, metavar="NAME",
                   help="a table's column that holds the text (default: text)")
    p.add_argument("--id-column", default=None, metavar="NAME",
                   help="a table's column that holds the document id (default: doc_id or id, else the row number)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="decode the .txt files with this encoding (default: detected; e.g. gb18030, big5)")


def build_parser() -> argparse.ArgumentParser:
    import nqp

    from .dates import FREQS

    parser = argparse.ArgumentParser(prog="nqp", description="Chinese policy discourse in news text.")
    parser.add_argument("--version", action="version", version=f"nqp {nqp.__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    parser.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
    sub = parser.add_subparsers(dest="command", required=True)
    # --debug also after the command (``nqp clean ... --debug``); SUPPRESS keeps the first one's value
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="on an error, show the full traceback")

    p = sub.add_parser(
        "report", parents=[common], help="execute every notebook on a corpus and render the HTML report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  nqp report --corpus my_corpus --theme 新质生产力 --out build/my_report\n"
               "  nqp report --corpus gov_work_reports --theme 高质量发展 -p freq=year -p top=20\n"
               "  nqp report --corpus my_corpus -y 'ks: [4, 6, 8]' --only 05\n"
               "values of -p are read as papermill reads them: True, False, None, numbers, else text.",
    )
    p.add_argument("--corpus", default="seeds",
                   help="corpus folder or table, or a bundled dataset (seeds, gov_work_reports; default: seeds)")
    p.add_argument("--theme", action="append", default=None, metavar="TERM",
                   help="a theme term, given to every notebook as theme (repeat for several: --theme A --theme B)")
    p.add_argument("-p", "--parameter", dest="parameters", action="append", nargs="+", metavar="NAME=VALUE",
                   help="set a notebook parameter, e.g. -p k=6 (papermill's -p NAME VALUE also works); repeatable")
    p.add_argument("-r", "--raw", dest="raw_parameters", action="append", metavar="NAME=VALUE",
                   help="set a notebook parameter to VALUE as text, unparsed (e.g. -r kwic_term=2024)")
    p.add_argument("-y", "--yaml", dest="parameters_yaml", default=None, metavar="YAML",
                   help="set notebook parameters from a YAML mapping, for lists: -y 'ks: [4, 6, 8]'")
    p.add_argument("--out", default="build/report", help="output folder (default: build/report); replaced only "
                   "when every page rendered")
    p.add_argument("--notebooks", default=None, help="notebook folder, e.g. copies made by nqp notebooks "
                   "(default: nqp's own)")
    p.add_argument("--only", nargs="*", default=None, help="run only notebooks whose name starts with these")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "notebooks", parents=[common], help="copy the report's notebooks (and the seeds) into a folder for editing",
        epilog="example: nqp notebooks my_notebooks && nqp report --notebooks my_notebooks --corpus my_corpus",
    )
    p.add_argument("folder", help="folder to copy them into (made if missing)")
    p.add_argument("--force", action="store_true", help="overwrite notebooks already in the folder")
    p.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # the source folder (tests)
    p.set_defaults(func=_cmd_notebooks)

    p = sub.add_parser("clean", parents=[common], help="split a corpus into clean articles and write them as Parquet or CSV")
    _corpus_arguments(p)
    p.add_argument("--out", required=True, help="articles table to write: FILE.parquet or FILE.csv")
    p.add_argument("--removals", default=None, help="also write the removal log: FILE.parquet or FILE.csv")
    p.add_argument("--rules", nargs="*", default=None, help="extra rules files (TOML), read after nqp's own")
    p.add_argument("--theme", nargs="*", default=None, help=argparse.SUPPRESS)  # gone: an error says what to do
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("keywords", parents=[common], help="the top keywords of each article or group (TF-IDF or TextRank)")
    _corpus_arguments(p)
    p.add_argument("--by", default=None, help="group by this column (outlet, doc_id, year, ...); default: per article")
    p.add_argument("--top", type=_int_at_least(1), default=10, help="keywords per article or group (default: 10)")
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf", help="scoring (default: tfidf)")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--on-topic", action="store_true", help=argparse.SUPPRESS)  # gone: an error says what to do
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.set_defaults(func=_cmd_keywords)

    p = sub.add_parser("kwic", parents=[common], help="every occurrence of a term, in context, quoted in the original script")
    _corpus_arguments(p)
    p.add_argument("term", nargs="+", help="the term (several: variants of one term; with --regex: a regex)")
    p.add_argument("--window", type=_int_at_least(0), default=20, help="characters of context each side (default: 20)")
    p.add_argument("--regex", action="store_true", help="TERM is a regular expression")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--on-topic", action="store_true", help=argparse.SUPPRESS)  # gone: an error says what to do
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet (all columns) instead")
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("theme", parents=[common], help="every mention of a theme (its variants in both scripts) with sentence and speaker")
    _corpus_arguments(p)
    p.add_argument("term", nargs="+", help="the theme's terms, in either script (e.g. 建圈强链)")
    p.add_argument("--freq", default="auto", choices=("auto", *FREQS),
                   help="periods of the summary: auto, month, quarter, year ... (default: auto)")
    p.add_argument("--width", type=_int_at_least(1), default=60, help="characters of each sentence shown (default: 60)")
    p.add_argument("--adoption", action="store_true",
                   help="the adoption curves instead: outlets and documents that have used each term, per period")
    p.add_argument("--lag", action="store_true",
                   help="the first mention per level (central, provincial, municipal ...) and the lag between levels in days")
    p.add_argument("--levels", default=None, metavar="FILE",
                   help="outlet levels beyond the level column and nqp's list: a TOML file like nqp/data/levels.toml")
    p.add_argument("--out", default=None,
                   help="also write the full mention table (with --adoption or --lag: that table): FILE.csv or FILE.parquet")
    p.set_defaults(func=_cmd_theme)

    p = sub.add_parser(
        "reprints", parents=[common], help="reprint families: the same article or passage printed by several outlets",
        epilog="example: nqp reprints corpus/ --unit paragraph --theme 新质生产力 --out families.csv",
    )
    _corpus_arguments(p)
    p.add_argument("--unit", default="article", choices=("article", "paragraph", "sentence"),
                   help="what is compared: whole articles, paragraphs or sentences (default: article)")
    p.add_argument("--threshold", type=float, default=0.5,
                   help="similarity of two copies, in (0, 1] (default: 0.5)")
    p.add_argument("--measure", default="jaccard", choices=("jaccard", "containment"),
                   help="jaccard (shared over all) or containment (shared over the shorter: a quoted passage)")
    p.add_argument("--width", type=_int_at_least(10), default=50, help="characters of each passage shown (default: 50)")
    p.add_argument("--theme", nargs="+", default=None, metavar="TERM",
                   help="also count this theme's mentions every printing and once per family")
    p.add_argument("--by", default="outlet", help="group of those counts: outlet (default), date or any column")
    p.add_argument("--out", default=None, help="write every member (FILE.csv, .tsv or .parquet) instead of the summary")
    p.add_argument("--counts", default=None, help="write the --theme counts to FILE.csv, .tsv or .parquet")
    p.set_defaults(func=_cmd_reprints)

    p = sub.add_parser("categories", parents=[common], help="code a corpus with a dictionary: hits per category and group")
    _corpus_arguments(p)
    p.add_argument("--dictionary", default=None, help="dictionary file: .yaml, .csv (category,term) or LIWC .dic "
                   "(default: nqp's policy-instrument codebook)")
    p.add_argument("--by", nargs="+", default=None, help="article (default), document, outlet, period or any column")
    p.add_argument("--freq", default="auto", choices=("auto", *FREQS),
                   help="periods for --by period: auto, month, quarter, year ... (default: auto)")
    p.add_argument("--level", type=_int_at_least(1), default=None,
                   help="count categories at their first LEVEL levels (1: families)")
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.add_argument("--hits", default=None, help="also write every hit (sentence, offsets): FILE.csv or FILE.parquet")
    p.set_defaults(func=_cmd_categories)

    return parser


def _as_options(message: str, parser: argparse.ArgumentParser | None) -> str:
    """``message`` with the Python parameter names of the command's options written as the options
    (``text_column=...`` as ``--text-column ...``): on the command line the remedy is an option."""
    if parser is None:
        return message
    options = {a.dest: a.option_strings[-1] for a in parser._actions if a.option_strings and a.dest != "help"}
    message = re.sub(r"\s+to (nqp\.)?load_corpus\b", "", message)
    return re.sub(r"(?<![-\w])([a-z_]+)=(?!=)", lambda m: f"{options[m.group(1)]} " if m.group(1) in options else m.group(0), message)


def _os_message(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "a file"
    remedy = {
        PermissionError: "permission denied: choose a path you can write to (or read), or change its permissions.",
        FileNotFoundError: "no such file or folder: check the path.",
        IsADirectoryError: "is a folder where a file is expected: name a file.",
        NotADirectoryError: "a part of the path is a file where a folder is expected: choose another path.",
        FileExistsError: "already exists and is in the way: choose another path or remove it.",
    }.get(type(exc), f"{exc.strerror or exc}: check the path and the free disk space.")
    return f"{where}: {remedy}"


def main(argv: list[str] | None = None) -> int:
    """Run the ``nqp`` command; return its exit code (0, or 2 after an error printed as one line)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    try:
        return args.func(args)
    except (NqpError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        sub = next((a.choices.get(args.command) for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        text = _as_options(str(exc), sub) if isinstance(exc, NqpError) else _os_message(exc)
        first, _, rest = text.partition("\n")
        more = " (--debug shows the details)" if rest.strip() and not args.debug else ""
        print(f"nqp {args.command}: {first}{more}", file=sys.stderr)
        return 2

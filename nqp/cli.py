"""The ``nqp`` command: ``nqp report``, and a command per stage for use outside Python.

Each sub-command is one ``_cmd_*`` function plus its argparse set-up in :func:`build_parser`, with its
examples in :data:`EXAMPLES` (shown under its ``--help``). The analyses use the articles and defaults of the
notebooks (:func:`_articles`: picture columns left out unless the notebook reads every article; ``--scope
TERM`` keeps the articles that mention it). Tables are printed by :func:`_format_table`, aligned by display
width and fitted to the terminal, or written with ``--out``.
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
import warnings
from pathlib import Path

from .errors import NqpError

#: the package's folder: warnings raised from its files are printed as the command's own
NQP_DIR = Path(__file__).resolve().parent

log = logging.getLogger(__name__)

__all__ = ["build_parser", "main"]

#: load_corpus's options on the command line (the commands that load a corpus take them all)
#: problems of a list error (bad dates, unreadable files) printed one a line; --debug prints them all
LIST_SHOWN = 10
CORPUS_OPTIONS = ("text_column", "id_column", "date_column", "outlet_column", "title_column", "encoding")


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
                           params=params, theme=args.theme, show_code=args.show_code, jobs=args.jobs,
                           **_corpus_options(args))
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


def _cmd_metadata(args: argparse.Namespace) -> int:
    from .corpus import METADATA_FILE, metadata_file, metadata_from_paths, named_first
    from .io import write_table

    # neither option: both, as metadata_from_paths reads them by default
    read = {"outlet_from": args.outlet_from, "date_from": args.date_from} if args.outlet_from or args.date_from else {}
    folder = Path(args.folder)
    out = Path(args.out) if args.out else folder / METADATA_FILE
    if out.suffix.lower() != ".csv":
        raise NqpError(f"--out {out}: a metadata file is CSV; name a .csv file.")
    existing = metadata_file(folder) if folder.is_dir() else None
    if out.exists() or (args.out is None and existing is not None):
        raise NqpError(f"{out if out.exists() else existing}: exists already; it is not replaced. Write the new "
                       "table elsewhere with --out FILE.csv and merge the two by hand.")
    with warnings.catch_warnings():  # the folder's own hint (nqp metadata is its remedy) is not repeated here
        warnings.filterwarnings("ignore", message=r".*not read from the paths")
        table = metadata_from_paths(folder, **read)
    write_table(table, out)
    n = len(table)
    parts = []
    if "outlet" in table.columns:
        counts = table["outlet"].value_counts()
        parts.append(f"{len(counts)} outlet{'s' if len(counts) != 1 else ''} ("
                     + ", ".join(f"{o} {c}" for o, c in counts.head(5).items()) + (", ..." if len(counts) > 5 else "") + ")"
                     + (f", {int(table['outlet'].isna().sum())} at the top without one" if table["outlet"].isna().any() else ""))
    if "date" in table.columns:
        dated = table["date"].dropna()
        parts.append(f"{len(dated)} dated" + (f" ({min(dated)} to {max(dated)})" if len(dated) else "")
                     + (f", {n - len(dated)} without a date in the path" if len(dated) < n else ""))
    print(f"written: {out}: {n} file{'s' if n != 1 else ''}; " + "; ".join(parts) + ".")
    if "date" in table.columns and table["date"].isna().any():
        undated = table.loc[table["date"].isna(), "file"].tolist()
        print(f"{named_first(undated, 'file')} without a date (fill their date cells by hand)")
    print(f"check it (empty cells are left empty), then: nqp report --corpus {folder}")
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from .cleaning import clean
    from .io import write_table

    if args.theme is not None:
        raise NqpError("--theme: nqp clean no longer judges relevance; clean everything, then select articles with "
                       "--scope TERM in nqp keywords / nqp kwic (or nqp.articles_in_scope in Python).")
    _check_outputs(args, "--out", "--removals")  # both, before the corpus is read or anything written
    cleaned = clean(_load_corpus(args), rules=args.rules, layout=args.layout,
                    boilerplate=args.boilerplate)
    articles, removals = cleaned.articles, cleaned.removals
    out = write_table(articles, args.out)
    print(f"{len(articles)} articles written: {out}")
    if args.removals:
        rm = write_table(removals, args.removals)
        print(f"{len(removals)} removals written: {rm}")
    return 0


#: the article kinds an analysis uses by default, as the notebooks do (``nqp.articles_in_scope``: picture columns out)
ANALYSIS_KINDS = ("article",)


def _load_corpus(args: argparse.Namespace):
    """The corpus ``args.path`` names, loaded with the corpus options: a folder or table, or a corpus that ships
    with nqp by name (``seeds``, ``gov_work_reports``), as ``nqp report --corpus`` takes it."""
    from .corpus import load_corpus
    from .datasets import dataset_names, load_dataset
    from .report import resolve_corpus

    if not Path(args.path).expanduser().exists() and args.path not in ("seeds", *dataset_names()):
        raise NqpError(f"{args.path}: no such file or folder, nor a corpus that ships with nqp "
                       f"({', '.join(['seeds', *dataset_names()])}). Give a folder of documents (metadata.csv optional) "
                       "or a .csv/.jsonl/.parquet/.xlsx table, or one of those names.")
    name, path = resolve_corpus(args.path)
    if path is None:
        given = _corpus_options(args)
        if given:
            raise NqpError(f"{args.path}: a corpus that ships with nqp; the corpus options "
                           f"({', '.join('--' + k.replace('_', '-') for k in given)}) are for your own files. Leave them out.")
        return load_dataset(name)
    return load_corpus(path, **_corpus_options(args))


def _articles(args: argparse.Namespace, kinds=ANALYSIS_KINDS):
    """The cleaned articles of ``args.path`` (loaded with the corpus options) that the command analyses, and a
    one-line note saying how many of how many: the articles of ``kinds`` (``None``: every kind), and with
    ``--scope TERM`` only those that mention the terms (matched as ``nqp theme`` matches them)."""
    from .cleaning import clean
    from .tracking import articles_in_scope

    if getattr(args, "on_topic", False):
        raise NqpError("--on-topic: nqp no longer flags articles as on topic while cleaning; pass the theme "
                       "instead: --scope TERM [TERM ...] keeps the articles that mention it.")
    scope = getattr(args, "scope", None)
    articles = clean(_load_corpus(args)).articles
    if not scope and kinds is None:
        return articles, f"{len(articles)} of {len(articles)} articles (every article)"
    use = articles_in_scope(articles, scope or None, kinds=kinds).reset_index(drop=True)
    what = ([f"those that mention {', '.join(scope)}"] if scope else []) + (
        ["picture columns left out"] if kinds is not None and not articles["kind"].isin(list(kinds)).all() else [])
    note = f"{len(use)} of {len(articles)} articles" + (f" ({'; '.join(what)})" if what else " (every article)")
    if use.empty:
        if scope:
            raise NqpError(f"{args.path}: no article mentions {', '.join(scope)}; check the terms or drop --scope.")
        raise NqpError(f"{args.path}: no article of the kind {', '.join(kinds)} among the {len(articles)} articles.")
    return use, note


def _cell(value) -> str:
    """One table cell as text for the terminal: missing values empty, lists joined with 、, floats to
    three decimals (tiny ones in scientific notation), dates without a midnight, one line."""
    import math

    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, (float, np.floating)) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if v != 0 and abs(v) < 0.001:
            return f"{v:.1e}"
        return f"{v:,.1f}" if abs(v) >= 1000 else f"{v:.3f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple, np.ndarray)):
        return "、".join(_cell(v) for v in value)
    text = str(value)
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text.replace("\r\n", " ⏎ ").replace("\n", " ⏎ "))


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character two, an ASCII one)."""
    from wcwidth import wcswidth, wcwidth

    n = wcswidth(text)
    return n if n >= 0 else sum(max(wcwidth(c), 0) for c in text)


def _cut(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, ending with … when it was cut."""
    if _width(text) <= width:
        return text
    from wcwidth import wcwidth

    out, used = [], 0
    for c in text:
        w = max(wcwidth(c), 0)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _terminal_columns() -> int | None:
    """The width printed tables fit: ``$COLUMNS`` when set, else the terminal's; ``None`` (no limit) when the
    output goes to a file or a pipe, so that nothing is cut there."""
    import os
    import shutil

    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        return None
    return max(shutil.get_terminal_size((100, 24)).columns, 20)


#: a text column is never cut narrower than this (in terminal columns)
MIN_TEXT_WIDTH = 10


def _pieces(name: str) -> list[str]:
    """A column name's pieces that a header line may break between: after each run of underscores."""
    return re.findall(r"[^_]+_*|_+", name) or [name]


def _wrap_header(name: str, width: int) -> list[str]:
    """A column name in lines of at most ``width`` columns, broken after its underscores
    (``target_count`` over ``target_`` / ``count``); a part longer than ``width`` is cut with …."""
    parts = _pieces(name)
    lines = [""]
    for part in parts:
        if lines[-1] and _width(lines[-1] + part) > width:
            lines.append("")
        lines[-1] += part
    return [_cut(line, width) for line in lines]


def _format_table(table, width: int | None = None, rows: int | None = None, hint: str | None = None) -> str:
    """``table`` as aligned text lines no wider than ``width`` terminal columns (default: the terminal's,
    no limit when the output is not a terminal).

    Widths are display widths (a Chinese character takes two columns); text is left-aligned, numbers
    right-aligned. When a line does not fit, the names of number columns first break after their
    underscores (a header of two or more lines), then the widest text columns are cut with …, down to
    their name or MIN_TEXT_WIDTH; numbers and ids are never cut, and columns that still do not fit are left
    out and named below the table. ``rows``: show the first so many rows and say how many more there
    are; ``hint`` says how to see the rest.
    """
    import pandas as pd

    width = _terminal_columns() if width is None else width
    width = width or 10**9
    if len(table.columns) == 0 or len(table) == 0:
        return "(no rows)"
    shown = table if rows is None or len(table) <= rows else table.head(rows)
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
               for c in shown.columns]
    header = [_cell(c) for c in shown.columns]
    cells = [[_cell(v) for v in shown[c].tolist()] for c in shown.columns]
    values = [max(_width(v) for v in col) for col in cells]
    widths = [max(_width(h), v) for h, v in zip(header, values)]
    parts = [max(_width(x) for x in _pieces(h)) for h in header]  # the longest unbreakable piece

    def total(ws):
        return sum(ws) + 2 * (len(ws) - 1)

    if total(widths) > width:  # number columns: their names break after underscores
        widths = [max(v, part) if num else w for w, v, part, num in zip(widths, values, parts, numeric)]
    fixed = [num or re.search(r"(^|_)id(_[ab])?$", str(c)) is not None for num, c in zip(numeric, shown.columns)]
    floor = [w if fix else min(w, max(MIN_TEXT_WIDTH, part)) for w, fix, part in zip(widths, fixed, parts)]
    if total(widths) > width:  # the widest text columns are capped at the widest cap that fits
        def capped(cap):
            return [w if fix else max(f, min(w, cap)) for w, f, fix in zip(widths, floor, fixed)]

        cap = max(widths)
        while cap > 0 and total(capped(cap)) > width:
            cap -= 1
        widths = capped(cap)
    keep = len(widths)
    while keep > 1 and total(widths[:keep]) > width:
        keep -= 1

    def pad(text, w, right):
        text = _cut(text, w)
        space = " " * (w - _width(text))
        return space + text if right else text + space

    heads = [_wrap_header(header[i], widths[i]) for i in range(keep)]
    depth = max(len(h) for h in heads)
    heads = [[""] * (depth - len(h)) + h for h in heads]  # the names sit on the row above the values
    lines = ["  ".join(pad(heads[i][j], widths[i], numeric[i]) for i in range(keep)).rstrip() for j in range(depth)]
    for r in range(len(shown)):
        lines.append("  ".join(pad(cells[i][r], widths[i], numeric[i]) for i in range(keep)).rstrip())
    notes = []
    if len(shown) < len(table):
        notes.append(f"… {len(table) - len(shown)} more rows")
    if keep < len(widths):
        left = [str(c) for c in shown.columns[keep:]]
        notes.append(f"{len(left)} more column{'s' if len(left) != 1 else ''} not shown: {', '.join(left)}")
    if notes:
        lines.append("(" + "; ".join(notes + ([hint] if hint else [])) + ")")
    return "\n".join(lines)


def _emit(table, out: str | None, note: str | None = None, rows: int | None = None) -> None:
    """Print ``table`` aligned to the terminal, or write it to ``out`` (.csv, .tsv or .parquet) and say so;
    ``note`` (what the table was computed from) goes to standard error either way."""
    if note:
        print(note, file=sys.stderr)
    if out is None:
        print(_format_table(table, rows=rows, hint="--out FILE writes the whole table"))
        return
    from .io import write_table

    print(f"{len(table)} rows written: {write_table(table, out)}", file=sys.stderr)


def _cmd_keywords(args: argparse.Namespace) -> int:
    from .stats import keywords
    from .tokens import tokenize

    _check_outputs(args, "--out")
    articles, note = _articles(args)
    tokens = tokenize(articles)
    by = None if args.by in (None, "article") else args.by
    _emit(keywords(tokens, by, method=args.method, top=args.top, window=args.window, min_chars=args.min_chars),
          args.out, note)
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from .evidence import kwic

    _check_outputs(args, "--out")
    pattern = args.term[0] if len(args.term) == 1 else args.term
    articles, note = _articles(args, kinds=None)  # every article, as notebook 04's concordance
    table = kwic(articles, pattern, window=args.window, regex=args.regex)
    if args.out is None:
        if len(table):
            print(note, file=sys.stderr)
            print(_concordance(table))
        else:
            _emit(table, None, note)
        return 0
    _emit(table, args.out, note)
    return 0


def _concordance(hits) -> str:
    """KWIC lines for the terminal: the left context right-aligned against the match, the right context
    after it, both cut at the outer end so every match starts in the same column."""
    ids = [f"{a}" for a in hits["article_id"]]
    id_w = max(_width(i) for i in ids)
    match_w = max(_width(m) for m in hits["match"])
    longest = max(max(_width(_cell(t)) for t in hits[side]) for side in ("left", "right"))
    room = max((_terminal_columns() or 10**9) - id_w - match_w - 8, 8)  # 8: two spaces, " 【", "】 "
    room = min(room, 2 * longest)
    left_w, right_w = room // 2, room - room // 2
    lines = []
    for i, left, match, right in zip(ids, hits["left"], hits["match"], hits["right"]):
        left, right = _cell(left), _cell(right)
        if _width(left) > left_w:
            left = "…" + _cut(left[::-1], left_w - 1)[:-1][::-1] if left_w > 1 else ""
        lines.append(f"{i}{' ' * (id_w - _width(i))}  {' ' * (left_w - _width(left))}{left} 【{match}】 "
                     f"{_cut(right, right_w)}".rstrip())
    return "\n".join(lines)


def _cmd_theme(args: argparse.Namespace) -> int:
    from .tracking import theme, theme_adoption, theme_first, theme_lag, theme_levels, theme_summary, theme_table

    if sum(map(bool, (args.adoption, args.lag, args.reprints))) > 1 and args.out:
        raise NqpError("--out: one table per file; give one of --adoption, --lag, --reprints with --out (run twice).")
    _check_outputs(args, "--out")
    if args.levels is not None:
        from .tracking import load_levels

        load_levels(args.levels)  # a bad levels file is named before the corpus is read
    if args.speakers is not None:
        from .tracking import load_speaker_rules

        load_speaker_rules(args.speakers)  # a bad speakers file is named before the corpus is read
    articles, _ = _articles(args, kinds=None)  # every article, as notebook 06
    mentions = theme(articles, args.term, speakers=args.speakers)
    if args.adoption or args.lag or args.reprints:
        tables = []
        if args.adoption:
            tables.append(("adoption", theme_adoption(mentions, articles, freq=args.freq)))
        if args.lag:
            tables.append(("first mention per level", theme_levels(mentions, articles, levels=args.levels)))
            tables.append(("lag between levels", theme_lag(mentions, articles, levels=args.levels)))
        if args.reprints:
            from .tracking import articles_in_scope, reprint_counts, reprint_families

            families = reprint_families(articles_in_scope(articles, args.term, kinds=None), unit="paragraph", stories=True)
            tables.append(("mentions per outlet: every printing, and once per reprint family",
                           reprint_counts(mentions, families, by="outlet")))
        if args.out:
            _emit(tables[-1][1], args.out)
            return 0
        for name, table in tables:
            print(f"\n{name}\n" + (_format_table(table) if len(table) else "(no rows)"))
        return 0
    if args.out:
        _emit(mentions, args.out)
    # the printed tables fit the terminal, aligned by display width (_format_table)
    terms = ", ".join(mentions.attrs.get("terms", args.term))
    n = len(mentions)
    print(f"{n} mention{'s' if n != 1 else ''} of {terms} in {mentions['article_id'].nunique()} of "
          f"{len(articles)} articles")
    if n:
        print("\nmentions\n" + _format_table(theme_table(mentions, width=args.width)))
        print("\nfirst mention per outlet\n" + _format_table(theme_first(mentions)[
            ["outlet", "date", "date_precision", "match", "speaker", "speaker_type"]]))
    for by in ("outlet", "period"):
        summary = theme_summary(mentions, articles, by=by, freq=args.freq)
        print(f"\nper {by}\n" + _format_table(summary))
    if args.out:
        print(f"{len(mentions)} mentions written: {args.out}")
    return 0


def _cmd_reprints(args: argparse.Namespace) -> int:
    from .tracking import reprint_counts, reprint_families, reprint_summary, theme

    _check_outputs(args, "--out", "--counts")
    articles, _ = _articles(args, kinds=None)  # every article: a reprinted picture caption is a reprint too
    families = reprint_families(articles, unit=args.unit, threshold=args.threshold, measure=args.measure)
    n_fam = families["family"].nunique() if len(families) else 0
    print(f"{n_fam} reprint famil{'ies' if n_fam != 1 else 'y'} of {args.unit}s among {len(articles)} articles "
          f"({len(families)} printings)")
    if args.out:
        _emit(families, args.out)
    elif n_fam:
        print(_format_table(reprint_summary(families, width=args.width)))
    if args.theme:
        counts = reprint_counts(theme(articles, args.theme), families, by=args.by)
        print(f"\nmentions of {', '.join(args.theme)} per {args.by}: every printing, and once per family")
        _emit(counts, args.counts)
    return 0


def _cmd_categories(args: argparse.Namespace) -> int:
    from .codebook import Dictionary, categories, category_hits

    _check_outputs(args, "--out", "--hits")  # before the corpus is read or anything written
    dictionary = Dictionary.from_any(args.dictionary)
    articles, note = _articles(args)  # articles, picture columns left out, as notebook 07
    by = args.by or "article"
    hits = category_hits(articles, dictionary)
    table = categories(articles, dictionary, by=by, freq=args.freq, level=args.level, hits=hits)
    print(f"{len(hits)} hits of {dictionary.name} ({len(dictionary)} entries) in {hits['article_id'].nunique()} of "
          f"{len(articles)} articles", file=sys.stderr)
    _emit(table, args.out, note)
    if args.hits:
        from .io import write_table

        print(f"{len(hits)} hits written: {write_table(hits, args.hits)}", file=sys.stderr)
    return 0


def _cmd_keyness(args: argparse.Namespace) -> int:
    """Notebook 04's keyness: a target group (``--by`` column, ``--target`` value; default its latest value)
    against the rest of the corpus, or the whole corpus against a reference corpus (``--reference``)."""
    from .datasets import load_dataset
    from .evidence import keyness_exemplars
    from .matrix import group_keys
    from .stats import keyness
    from .tokens import tokenize

    _check_outputs(args, "--out")
    if args.reference is not None and (args.by is not None or args.target is not None):
        raise NqpError(f"--reference {args.reference!r}: compares the whole corpus with the reference; "
                       "leave out --by and --target (or leave out --reference to compare groups of this corpus).")
    articles, note = _articles(args)
    tokens = tokenize(articles)
    options = dict(min_count=args.min_count, correction=args.correction, alpha=args.alpha, min_chars=args.min_chars)
    if args.reference is None:
        by = args.by or "year"
        groups = sorted(group_keys(tokens, by).unique())
        target = args.target if args.target is not None else (groups[-1] if groups else None)
        if len(groups) < 2:
            n = len(articles)
            raise NqpError(f"--by {by}: {'the' if n != 1 else 'the one article'}{f' {n} articles' if n != 1 else ''} "
                           f"{'have' if n != 1 else 'has'} {'one value' if len(groups) == 1 else 'no value'} of {by} "
                           f"({', '.join(groups) or 'none'}), nothing to compare; choose another column "
                           "(--by outlet) or a reference corpus (--reference gov_work_reports).")
        if target not in groups:
            raise NqpError(f"--target {target!r}: not a value of {by} in these articles; choose one of "
                           f"{', '.join(groups[:20])}{' …' if len(groups) > 20 else ''}.")
        table = keyness(tokens, target, by=by, **options)
        note += f"; {by} = {target} against {', '.join(g for g in groups if g != target)}"
        quoted = articles
    else:
        try:
            ref_docs = load_dataset(args.reference)
        except NqpError as exc:
            raise NqpError(f"--reference {args.reference!r}: {exc}") from exc
        since = args.reference_since
        if since is not None and (ref_docs["date_start"].dt.year >= since).any():
            ref_docs = ref_docs[ref_docs["date_start"].dt.year >= since]
            what = f"{len(ref_docs)} document{'s' if len(ref_docs) != 1 else ''} dated {since} or later"
        else:
            what = f"all {len(ref_docs)} documents" + (f" (none dated {since} or later)" if since is not None else "")
        from .cleaning import clean

        ref_articles = clean(ref_docs).articles
        table = keyness(tokens, reference=tokenize(ref_articles), **options)
        note += f"; against the reference {args.reference}: {what}"
        import pandas as pd

        quoted = pd.concat([articles, ref_articles], ignore_index=True)
    table = keyness_exemplars(table, quoted)
    n_sig = int(table["significant"].astype(bool).sum())
    note += f"; {len(table)} terms tested, {n_sig} significant"
    if args.out is None:
        shown = table[table["significant"].astype(bool)] if not args.all else table
        shown = shown.groupby("direction", sort=False).head(args.top)[
            ["term", "direction", "target_count", "reference_count", "log_ratio", "g2", "p_adjusted", "exemplar"]]
        note += f" (shown: the top {args.top} {'' if args.all else 'significant '}terms of each direction)"
        _emit(shown, None, note)
        return 0
    _emit(table, args.out, note)
    return 0


def _cmd_topics(args: argparse.Namespace) -> int:
    """Notebook 05's topics: a document-term matrix of the articles (formula layer out, ``--min-df``), a scan
    of the numbers of topics unless ``--k`` is given, the topics at that number with labels and terms."""
    import pandas as pd

    from .matrix import dtm
    from .models import topics, topics_scan
    from .tokens import tokenize, tokenize_long

    _check_outputs(args, "--out", "--doc-topics", "--scan")
    if args.k is not None and args.ks is not None:
        raise NqpError(f"--k {args.k}: fits that number of topics without a scan; leave out --ks, or --k to scan.")
    if args.k is not None and args.scan is not None:
        raise NqpError(f"--scan {args.scan!r}: no scan is run with --k {args.k}; leave out one of them.")
    articles, note = _articles(args)
    counts = dtm(tokenize(articles, formula=True), min_df=args.min_df, max_df=args.max_df)
    k = args.k
    if k is None:
        scan = topics_scan(counts, tokenize_long(articles, formula=True), ks=args.ks, method=args.method,
                           n_seeds=args.n_seeds, random_state=args.random_state)
        k = scan.recommended_k
        print(f"{note}\nscan: {scan.reason}", file=sys.stderr)
        if args.scan is not None:
            _emit(scan.table, args.scan)
        elif args.out is None:
            print(_format_table(scan.table) + "\n")
        note = None
    # the scan fitted this k already: its model is the one nqp.topics would fit
    model = scan.topics(k) if args.k is None else topics(counts, k, args.method, random_state=args.random_state)
    labels = model.labels
    if args.out is None:
        _emit(labels, None, note)
    else:
        terms = labels[["topic", "label", "share"]].merge(model.topic_terms, on="topic")
        _emit(pd.DataFrame(terms), args.out, note)
    if args.doc_topics is not None:
        _emit(model.doc_topics, args.doc_topics)
    return 0


def _cmd_collocations(args: argparse.Namespace) -> int:
    """Notebook 04's collocations: the words within ``--window`` tokens of TERM (or in its sentence)."""
    from .stats import collocations
    from .tokens import Lexicon, tokenize_long

    _check_outputs(args, "--out")
    articles, note = _articles(args)
    from .cleaning import normalize_text

    terms = [normalize_text(t) for t in args.term]  # the tokens are in the simplified analysis layer
    term = terms[0] if len(terms) == 1 else terms
    lexicon = Lexicon.from_any(None).with_terms(terms)  # a term jieba would cut is one token, as in the report
    table = collocations(tokenize_long(articles, lexicon=lexicon), window=None if args.sentence else args.window,
                         term=term, min_count=args.min_count, sort=args.sort)
    _emit(table, args.out, note)
    return 0


def _cmd_discover(args: argparse.Namespace) -> int:
    """Notebook 03's term discovery: frequent, cohesive (PMI) strings with varied neighbours (entropy)
    that the segmenter may not keep whole, with whether the lexicon knows them already."""
    from .tokens import Lexicon, terms_discover

    _check_outputs(args, "--out")
    lexicon = Lexicon.from_any(args.lexicon or None)
    articles, note = _articles(args, kinds=None)  # every article, as notebook 03
    table = terms_discover(articles, lexicon=lexicon, min_count=args.min_count, top=args.top,
                           min_len=args.min_len, max_len=args.max_len)
    _emit(table, args.out, note)
    return 0


def _cmd_duplicates(args: argparse.Namespace) -> int:
    """Notebook 02's near-duplicates: pairs of paragraphs (or sentences) of different documents whose
    character shingles overlap by at least ``--threshold`` (containment)."""
    from .cleaning import near_duplicates

    _check_outputs(args, "--out")
    articles, note = _articles(args, kinds=None)  # every article, as notebook 02
    table = near_duplicates(articles, unit=args.unit, threshold=args.threshold, min_chars=args.min_chars)
    note += f"; {len(table)} {args.unit} pair{'s' if len(table) != 1 else ''} at containment >= {args.threshold}"
    if args.out is None:
        table = table[["article_id_a", "article_id_b", "containment", "jaccard", "text_a", "text_b"]]
    _emit(table, args.out, note)
    return 0


def _cmd_clusters(args: argparse.Namespace) -> int:
    """Notebook 05's clusters: the articles clustered (k-means on 20 LSA dimensions of TF-IDF by default)
    into ``--k`` clusters, or the number ``clusters_scan`` recommends (best silhouette among the stable k)."""
    from .matrix import dtm
    from .models import clusters, clusters_scan
    from .tokens import tokenize

    _check_outputs(args, "--out", "--assignments")
    articles, note = _articles(args)
    counts = dtm(tokenize(articles, formula=True), min_df=args.min_df, max_df=args.max_df)
    k = args.k
    if k is None:
        scan = clusters_scan(counts, method=args.method, random_state=args.random_state)
        k = scan.recommended_k
        note += f"; {scan.reason}"
    groups = clusters(counts, k, args.method, random_state=args.random_state)
    _emit(groups.table, args.out, note)
    if args.assignments is not None:
        _emit(groups.assignments, args.assignments)
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


def _number_in(low: float, high: float | None = None):
    """An argparse type: a number > ``low`` (and <= ``high`` when given)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not (value > low and (high is None or value <= high)):
            bound = f"> {low}" + (f" and <= {high}" if high is not None else "")
            raise argparse.ArgumentTypeError(f"{text!r}: expected a number {bound}")
        return value

    parse.__name__ = f"number > {low}"
    return parse


def _share_or_none(text: str) -> float | None:
    """An argparse type: ``none`` (off), else a share in (0, 1]."""
    if text.strip().lower() in ("none", "off"):
        return None
    try:
        return _number_in(0, 1)(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a share > 0 and <= 1 (e.g. 0.5), or none") from None


def _scope_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scope", nargs="+", default=None, metavar="TERM",
                   help="only the articles that mention these theme terms (matched as nqp theme matches them)")


def _corpus_arguments(p: argparse.ArgumentParser) -> None:
    """The corpus path and load_corpus's options, for every command that loads a corpus."""
    p.add_argument("path", help="corpus folder of documents (with metadata.csv) or a .csv/.jsonl/.parquet/.xlsx table, "
                                "or a corpus that ships with nqp: seeds, gov_work_reports")
    _load_arguments(p)


def _load_arguments(p: argparse.ArgumentParser) -> None:
    """load_corpus's options (``nqp report`` takes them too, for every page)."""
    p.add_argument("--text-column", default=None, metavar="NAME",
                   help="a table's column that holds the text (default: text)")
    p.add_argument("--id-column", default=None, metavar="NAME",
                   help="a table's column that holds the document id (default: doc_id or id, else the row number)")
    p.add_argument("--date-column", default=None, metavar="NAME",
                   help="the column of a table (or of a folder's metadata.csv) that holds the date, when it is not "
                        "named date (e.g. pubdate, 发布时间)")
    p.add_argument("--outlet-column", default=None, metavar="NAME",
                   help="the column that holds the outlet, when it is not named outlet (e.g. source, 来源)")
    p.add_argument("--title-column", default=None, metavar="NAME",
                   help="the column that holds the title, when it is not named title (e.g. headline, 标题)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="the encoding of the files and tables that are not UTF-8 (default: detected; e.g. gb18030, big5, cp1252)")


#: an example for every command's --help (``nqp COMMAND --help`` shows it below the options)
EXAMPLES = {
    "report": ["nqp report --corpus seeds --out build/report",
               "nqp report --corpus articles.csv --theme 新质生产力 -p k=6 --out build/report",
               "nqp report --corpus posts.csv --text-column body --id-column post_id --out build/posts",
               "nqp report --corpus export.csv --date-column 发布时间 --outlet-column 来源 --title-column 标题"],
    "notebooks": ["nqp notebooks my_notebooks     # then edit them, and: nqp report --notebooks my_notebooks"],
    "metadata": ["nqp metadata my_corpus   # 人民日报/2024-03-05_a.txt: outlets and dates (as --outlet-from folder --date-from path)",
                 "nqp metadata my_corpus --date-from path --out dates.csv"],
    "clean": ["nqp clean seeds --out articles.parquet --removals removals.csv",
              "nqp clean articles.csv --text-column body --layout article --boilerplate 0.3 --out articles.parquet"],
    "keywords": ["nqp keywords seeds --by outlet --top 10", "nqp keywords seeds --scope 建圈强链 --method textrank"],
    "kwic": ["nqp kwic seeds 建圈强链 --window 15", "nqp kwic seeds '建圈强链|关键子链' --regex --out kwic.csv"],
    "theme": ["nqp theme seeds 建圈强链", "nqp theme seeds 建圈强链 --freq year --out mentions.csv",
              "nqp theme seeds 建圈强链 --lag", "nqp theme seeds 建圈强链 --reprints"],
    "reprints": ["nqp reprints seeds --unit sentence --measure containment",
                 "nqp reprints corpus/ --unit paragraph --theme 新质生产力 --out families.csv"],
    "categories": ["nqp categories seeds --by outlet --level 1", "nqp categories seeds --dictionary my.yaml --out t.csv"],
    "keyness": ["nqp keyness seeds                       # the latest year against the others",
                "nqp keyness seeds --by outlet --target 科技日报",
                "nqp keyness seeds --reference gov_work_reports --out keyness.csv"],
    "topics": ["nqp topics seeds                        # scan k, then fit the recommended number",
               "nqp topics seeds --k 3 --out terms.csv --doc-topics shares.csv"],
    "collocations": ["nqp collocations seeds 新质生产力 --window 5", "nqp collocations seeds 建圈强链 --sentence"],
    "discover": ["nqp discover seeds --top 25 --min-count 3", "nqp discover seeds --lexicon my_terms.csv --out new.csv"],
    "duplicates": ["nqp duplicates seeds", "nqp duplicates seeds --unit sentence --threshold 0.8 --out pairs.csv"],
    "clusters": ["nqp clusters seeds", "nqp clusters seeds --k 3 --method hierarchical --assignments clusters.csv"],
}


def _add_examples(parser: argparse.ArgumentParser, sub) -> None:
    """Put each command's examples (:data:`EXAMPLES`) under its --help, and all of them under ``nqp --help``."""
    for name, p in sub.choices.items():
        if name in EXAMPLES and not p.epilog:
            p.epilog = "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
            p.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = ("examples:\n" + "\n".join(f"  {lines[0].split('  #')[0].rstrip()}" for lines in EXAMPLES.values())
                     + "\n\nnqp COMMAND --help shows a command's options and more examples.")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def build_parser() -> argparse.ArgumentParser:
    import nqp

    from .dates import FREQS
    from .schema import LAYOUT_CHOICES

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
    p.add_argument("-y", "--yaml", dest="parameters_yaml", action="append", default=None, metavar="YAML",
                   help="set notebook parameters from a YAML mapping, for lists: -y 'ks: [4, 6, 8]'; repeatable")
    p.add_argument("--out", default="build/report", help="output folder (default: build/report); replaced only "
                   "when every page rendered")
    p.add_argument("--notebooks", default=None, help="notebook folder, e.g. copies made by nqp notebooks "
                   "(default: nqp's own)")
    p.add_argument("--only", nargs="*", default=None, help="run only notebooks whose name starts with these")
    p.add_argument("--show-code", action="store_true",
                   help="show the code cells from the start (default: hidden behind each page's toggle)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="pages executed at a time, each in its own kernel (default: 2 on two cores or more, else 1)")
    _load_arguments(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "notebooks", parents=[common], help="copy the report's notebooks (and the seeds) into a folder for editing",
    )
    p.add_argument("folder", help="folder to copy them into (made if missing)")
    p.add_argument("--force", action="store_true", help="overwrite notebooks already in the folder")
    p.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # the source folder (tests)
    p.set_defaults(func=_cmd_notebooks)

    p = sub.add_parser(
        "metadata", parents=[common],
        help="write a metadata.csv for a corpus folder from its layout: outlets from its folders, dates from its paths",
    )
    p.add_argument("folder", help="the corpus folder (人民日报/2024-03-05_a.txt, 2024/03/05/a.txt ...)")
    p.add_argument("--outlet-from", choices=["folder"], default=None,
                   help="folder: the first folder of each file's path is its outlet (with neither option: both "
                        "the outlet and the date are read)")
    p.add_argument("--date-from", choices=["path"], default=None,
                   help="path: the date in each file's path (2024-03-05, 20240305, 2024年3月5日, 2024/03/05/, "
                        "2024-03, 202403_a.txt)")
    p.add_argument("--out", default=None, help="the CSV to write (default: FOLDER/metadata.csv; never replaced)")
    p.set_defaults(func=_cmd_metadata)

    p = sub.add_parser("clean", parents=[common], help="split a corpus into clean articles and write them as Parquet or CSV")
    _corpus_arguments(p)
    p.add_argument("--out", required=True, help="articles table to write: FILE.parquet or FILE.csv")
    p.add_argument("--removals", default=None, help="also write the removal log: FILE.parquet or FILE.csv")
    p.add_argument("--rules", nargs="*", default=None, help="extra rules files (TOML), read after nqp's own")
    p.add_argument("--layout", choices=LAYOUT_CHOICES, default="auto",
                   help="auto (default): each document taken for a page dump or one clean article from its evidence "
                        "(a layout column in metadata.csv decides for its document); page or article: every document so")
    p.add_argument("--boilerplate", type=_share_or_none, default=0.5, metavar="SHARE",
                   help="remove a phrase that opens or closes at least this share (0 < SHARE <= 1) of one outlet's "
                        "documents (default: 0.5; none: learn no boilerplate)")
    p.add_argument("--theme", nargs="*", default=None, help=argparse.SUPPRESS)  # gone: an error says what to do
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("keywords", parents=[common], help="the top keywords of each article or group (TF-IDF or TextRank)")
    _corpus_arguments(p)
    p.add_argument("--by", default=None, help="group by this column (outlet, doc_id, year, ...); default: per article")
    p.add_argument("--top", type=_int_at_least(1), default=10, help="keywords per article or group (default: 10)")
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf", help="scoring (default: tfidf)")
    p.add_argument("--window", type=_int_at_least(2), default=5, help="tokens linked by TextRank (default: 5)")
    p.add_argument("--min-chars", type=_int_at_least(1), default=2, metavar="N",
                   help="leave out terms shorter than N characters (default: 2, as the report: no 核, 新 ...)")
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
    p.add_argument("--reprints", action="store_true",
                   help="the mentions per outlet counted every printing and once per reprint family (shared paragraphs)")
    p.add_argument("--levels", default=None, metavar="FILE",
                   help="outlet levels beyond the level column and nqp's list: a TOML file like nqp/data/levels.toml")
    p.add_argument("--speakers", default=None, metavar="FILE",
                   help="speech cues, titles and names beyond nqp's: a TOML file like nqp/data/speakers.toml")
    p.add_argument("--out", default=None,
                   help="also write the full mention table (with --adoption, --lag or --reprints: that table, the lags "
                        "for --lag): FILE.csv or FILE.parquet")
    p.set_defaults(func=_cmd_theme)

    p = sub.add_parser(
        "reprints", parents=[common], help="reprint families: the same article or passage printed by several outlets",
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

    p = sub.add_parser("keyness", parents=[common], help="the words a group (or the corpus) uses more than the rest "
                       "(or a reference corpus): log-likelihood G² with a false-discovery correction")
    _corpus_arguments(p)
    p.add_argument("--by", default=None, metavar="COLUMN", help="split the articles by this column (default: year)")
    p.add_argument("--target", default=None, metavar="VALUE",
                   help="the value of --by compared with all the others (default: its latest value)")
    p.add_argument("--reference", default=None, metavar="CORPUS",
                   help="compare the whole corpus with a reference corpus instead: a bundled one "
                        "(gov_work_reports) or a path")
    p.add_argument("--reference-since", type=_int_at_least(0), default=2024, metavar="YEAR",
                   help="use the reference documents dated from YEAR on, if there are any (default: 2024, as the report; "
                        "0: all)")
    p.add_argument("--min-count", type=_int_at_least(1), default=5, metavar="N",
                   help="test only terms seen N times or more, target and reference together (default: 5)")
    p.add_argument("--correction", choices=["bh", "bonferroni"], default="bh",
                   help="multiple testing: Benjamini-Hochberg false-discovery rate or Bonferroni (default: bh)")
    p.add_argument("--alpha", type=_number_in(0, 1), default=0.05, help="significance level (default: 0.05)")
    p.add_argument("--min-chars", type=_int_at_least(1), default=2, metavar="N",
                   help="leave out terms shorter than N characters (default: 2, as the report)")
    p.add_argument("--top", type=_int_at_least(1), default=20, metavar="N",
                   help="terms shown per direction (default: 20; --out writes every term tested)")
    p.add_argument("--all", action="store_true", help="show the terms that are not significant too")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write every term tested: FILE.csv, FILE.tsv or FILE.parquet")
    p.set_defaults(func=_cmd_keyness)

    p = sub.add_parser("topics", parents=[common], help="topics (NMF or LDA) with labels and terms; scans the number "
                       "of topics unless --k is given")
    _corpus_arguments(p)
    p.add_argument("--k", type=_int_at_least(1), default=None, help="number of topics (default: the scan's recommendation)")
    p.add_argument("--ks", type=_int_at_least(2), nargs="+", default=None, metavar="K",
                   help="numbers of topics to scan (default: 2 .. min(10, documents / 2))")
    p.add_argument("--method", choices=["nmf", "lda"], default="nmf", help="topic model (default: nmf)")
    p.add_argument("--min-df", type=_int_at_least(1), default=2, metavar="N",
                   help="keep terms found in at least N articles (default: 2)")
    p.add_argument("--max-df", type=_number_in(0, 1), default=1.0, metavar="SHARE",
                   help="leave out terms found in more than this share of the articles (default: 1.0, none left out)")
    p.add_argument("--n-seeds", type=_int_at_least(2), default=5, metavar="N",
                   help="random seeds per k for the scan's stability (default: 5)")
    p.add_argument("--random-state", type=_int_at_least(0), default=0, metavar="SEED", help="random seed (default: 0)")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write each topic's terms with weights and labels: FILE.csv, .tsv, .parquet")
    p.add_argument("--doc-topics", default=None, metavar="FILE", help="also write each article's topic shares")
    p.add_argument("--scan", default=None, metavar="FILE", help="also write the scan (coherence, stability per k)")
    p.set_defaults(func=_cmd_topics)

    p = sub.add_parser("collocations", parents=[common], help="the words that occur near a term more often than chance")
    _corpus_arguments(p)
    p.add_argument("term", nargs="+", help="the term (several: counted together)")
    p.add_argument("--window", type=_int_at_least(1), default=5, metavar="N", help="tokens on each side (default: 5)")
    p.add_argument("--sentence", action="store_true", help="count the words of the same sentence instead of a window")
    p.add_argument("--min-count", type=_int_at_least(1), default=2, metavar="N",
                   help="pairs seen fewer times are left out (default: 2)")
    p.add_argument("--sort", choices=["g2", "pmi"], default="g2", help="order by log-likelihood or PMI (default: g2)")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.set_defaults(func=_cmd_collocations)

    p = sub.add_parser("discover", parents=[common], help="candidate new terms: frequent, cohesive strings with varied "
                       "neighbours, and whether the lexicon has them")
    _corpus_arguments(p)
    p.add_argument("--min-count", type=_int_at_least(1), default=3, metavar="N",
                   help="a candidate occurs at least N times (default: 3)")
    p.add_argument("--top", type=_int_at_least(1), default=25, metavar="N", help="candidates listed (default: 25)")
    p.add_argument("--min-len", type=_int_at_least(2), default=2, metavar="N", help="shortest candidate in characters (default: 2)")
    p.add_argument("--max-len", type=_int_at_least(2), default=6, metavar="N", help="longest candidate in characters (default: 6)")
    p.add_argument("--lexicon", nargs="+", default=None, metavar="FILE",
                   help="your lexicon files (.csv with a term column, or a jieba user dictionary .txt) beside nqp's")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write FILE.csv, FILE.tsv or FILE.parquet instead of printing")
    p.set_defaults(func=_cmd_discover)

    p = sub.add_parser("duplicates", parents=[common], help="near-duplicate paragraphs (or sentences) across documents: "
                       "reprints and shared wire copy")
    _corpus_arguments(p)
    p.add_argument("--unit", choices=["paragraph", "sentence"], default="paragraph", help="what is compared (default: paragraph)")
    p.add_argument("--threshold", type=_number_in(0, 1), default=0.5,
                   help="least containment of the shorter unit's shingles in the other (default: 0.5)")
    p.add_argument("--min-chars", type=_int_at_least(1), default=30, metavar="N",
                   help="units shorter than N characters are not compared (default: 30)")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write every pair with offsets: FILE.csv, FILE.tsv or FILE.parquet")
    p.set_defaults(func=_cmd_duplicates)

    p = sub.add_parser("clusters", parents=[common], help="group the articles by their words (k-means, hierarchical or NMF)")
    _corpus_arguments(p)
    p.add_argument("--k", type=_int_at_least(2), default=None,
                   help="number of clusters (default: the best mean silhouette among the stable k)")
    p.add_argument("--method", choices=["kmeans", "hierarchical", "nmf"], default="kmeans",
                   help="clustering (default: kmeans, on 20 LSA dimensions of TF-IDF; hierarchical: Ward linkage)")
    p.add_argument("--min-df", type=_int_at_least(1), default=2, metavar="N",
                   help="keep terms found in at least N articles (default: 2)")
    p.add_argument("--max-df", type=_number_in(0, 1), default=1.0, metavar="SHARE",
                   help="leave out terms found in more than this share of the articles (default: 1.0, none left out)")
    p.add_argument("--random-state", type=_int_at_least(0), default=0, metavar="SEED", help="random seed (default: 0)")
    _scope_argument(p)
    p.add_argument("--out", default=None, help="write the clusters table: FILE.csv, FILE.tsv or FILE.parquet")
    p.add_argument("--assignments", default=None, metavar="FILE", help="also write each article's cluster")
    p.set_defaults(func=_cmd_clusters)

    _add_examples(parser, sub)
    return parser


#: the library's parameter names that a command takes under another name (``kwic(pattern=)`` is ``nqp kwic TERM``)
PARAMETER_ALIASES = {"pattern": "term"}


def _as_options(message: str, parser: argparse.ArgumentParser | None) -> str:
    """``message`` with the Python parameter names of the command's options written as the options: on the
    command line the remedy is an option. ``encoding=...`` reads ``--encoding NAME`` (the option's
    metavar), ``top=0`` reads ``--top 0``, ``pass regex=False`` reads ``leave out --regex``, a bare
    ``min_len`` reads ``--min-len``, a positional argument is named as in the usage (``TERM '('``),
    ``or None to`` reads ``or leave out --OPTION to``, and the function named in front goes."""
    if parser is None:
        return message
    import nqp

    actions = {a.dest: a for a in parser._actions if a.dest != "help"}

    def name(param: str):
        action = actions.get(PARAMETER_ALIASES.get(param, param)) or actions.get(param)
        if action is None:
            return None
        if not action.option_strings:
            return (action.metavar or action.dest).upper()
        return action.option_strings[-1]

    message = re.sub(r"\s+to (nqp\.)?load_corpus\b", "", message)
    # a function's name before its message goes (load_corpus: ...); a corpus's name (gov_work_reports: ...) stays
    corpora = {"seeds", *nqp.dataset_names()}
    message = re.sub(r"^(nqp\.)?([a-z_]+): ", lambda m: "" if m.group(2) in nqp.__all__ and m.group(2) not in corpora
                     else m.group(0), message)

    def flag(m):
        action = actions.get(m.group(2))
        if action is None or action.nargs != 0 or not action.option_strings:
            return m.group(0)
        return f"leave out {action.option_strings[-1]}" if m.group(3) == "False" else f"{m.group(1)}{action.option_strings[-1]}"

    message = re.sub(r"(?<![-\w])((?:[Pp]ass )?)([a-z_]+)=(True|False)\b", flag, message)

    def assignment(m):
        option = name(m.group(1))
        if option is None:
            return m.group(0)
        action = actions.get(PARAMETER_ALIASES.get(m.group(1), m.group(1))) or actions.get(m.group(1))
        if m.group(2) == "..." and action.option_strings:
            return f"{option} {action.metavar or action.dest.upper()}"
        return f"{option} {m.group(2)}"

    message = re.sub(r"(?<![-\w])([a-z_]+)=(?!=)(\.\.\.|'[^']*'|\"[^\"]*\"|[^\s,;)]*)", assignment, message)
    message = re.sub(r"(?<![-\w.'`])([a-z]+(?:_[a-z]+)+)(?![\w=('])",  # not inside `code` (a line to add)
                     lambda m: (name(m.group(1)) or m.group(0)) if m.group(1) in actions and actions[m.group(1)].option_strings
                     else m.group(0), message)
    first = re.match(r"(--[a-z-]+)\b", message)
    if first:
        message = re.sub(r"\bor None to\b", f"or leave out {first.group(1)} to", message)
    return message


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
    sub = next((a.choices.get(args.command) for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        """nqp's own warnings as one line named after the command, in its options' terms; others as Python shows them."""
        if not (issubclass(category, UserWarning) and Path(filename).resolve().is_relative_to(NQP_DIR)):
            return shown(message, category, filename, lineno, file, line)
        text = re.sub(r" \(--[a-z-]+ [^()]* on the command line\)", "", str(message))
        print(f"nqp {args.command}: warning: {_as_options(text, sub)}", file=file or sys.stderr)

    warnings.showwarning = show
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader went away (``nqp keywords ... | head``): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (NqpError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        text = _as_options(str(exc), sub) if isinstance(exc, NqpError) else _os_message(exc)
        first, _, rest = text.partition("\n")
        details = [line.strip() for line in rest.splitlines() if line.strip()]
        if first.endswith(":") and details:  # "cannot load the corpus in X:" and a list: the first problems named
            first = f"{first} {details.pop(0)}"
            if args.debug:
                more = ""
            else:  # up to LIST_SHOWN problems, one a line, so that a user can fix them without --debug
                listed, rest = details[:LIST_SHOWN - 1], len(details) - (LIST_SHOWN - 1)
                more = "".join(f"\n  {line}" for line in listed)
                if rest > 0:
                    more += f"\n  (and {rest} more: --debug shows them)"
        else:
            more = " (--debug shows the details)" if details and not args.debug else ""
        print(f"nqp {args.command}: {first}{more}", file=sys.stderr)
        return 2
    finally:
        warnings.showwarning = shown

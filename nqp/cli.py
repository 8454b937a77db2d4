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

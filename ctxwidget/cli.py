"""Command line: ``ctxwidget html|validate|schema|build`` (also ``python -m ctxwidget``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import ValidationError
from .model import Article, json_schema
from .parsers import load
from .parsers.files import READ_FAILURES, read_failure

__all__ = ["main"]


class CliError(Exception):
    """A one-line message for stderr and exit status 1."""


def _read(path: str | None) -> Article:
    if path is None:
        from .examples import nato_ukraine

        return nato_ukraine()
    try:
        return load(Path(path))
    except ValidationError as exc:
        location = f"{path}:{exc.line}" if exc.line is not None else path
        raise CliError(f"{location}: {exc.problem if exc.line is not None else exc}") from None
    except READ_FAILURES as exc:
        raise CliError(f"{path}: {read_failure(exc)}") from None


def _html(args: argparse.Namespace) -> int:
    from .export import to_html

    article = _read(args.input)
    expanded: str | list[str] = "all" if args.expand_all else (args.expand or [])
    try:
        page = to_html(article, expanded=expanded)
    except ValidationError as exc:
        raise CliError(f"--expand: {exc}") from None
    out = Path(args.output) if args.output else None
    if out is None:
        sys.stdout.write(page)
        return 0
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{out}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {out} ({len(article.panels)} panels, {sum(len(p.answers) for p in article.panels)} answers)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    article = _read(args.input)
    answers = sum(len(p.answers) for p in article.panels)
    print(f"{args.input}: ok ({len(article.paragraphs)} paragraphs, {len(article.panels)} panels, {answers} answers)")
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(mode="output" if args.output else "input"), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctxwidget", description="News articles with 'More Context' panels.")
    commands = parser.add_subparsers(dest="command", required=True)

    html = commands.add_parser("html", help="export an article as one offline HTML page")
    html.add_argument("input", nargs="?", help=".json or Assembly .txt file (default: the built-in example)")
    html.add_argument("-o", "--output", help="file to write (default: standard output)")
    html.add_argument("--expand", action="append", metavar="PANEL_ID", help="open this panel (repeatable)")
    html.add_argument("--expand-all", action="store_true", help="open every panel")
    html.set_defaults(run=_html)

    validate = commands.add_parser("validate", help="check a file; prints file:line: message on error")
    validate.add_argument("input")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of the article format")
    schema.add_argument(
        "--output",
        action="store_true",
        help="the form ctxwidget writes, with every key required (default: the form it reads)",
    )
    schema.set_defaults(run=_schema)

    from .pipeline.cli import add_build_command

    add_build_command(commands, CliError)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (ctxwidget html | head): stop quietly, and keep Python's
        # own flush at exit from failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1

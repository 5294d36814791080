"""``ctxwidget build``: documents.json in, the annotated article's JSON out (nothing heavy imported here)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..parsers.files import READ_FAILURES, read_failure

__all__ = ["add_build_command"]


def add_build_command(commands: Any, error: type[Exception]) -> None:
    """Add the ``build`` subcommand to an ``argparse`` subparsers object; ``error`` is the CLI's one-line error."""
    build = commands.add_parser(
        "build",
        help="build an annotated article from documents (questions, answers, groups, selection)",
        description="Answer questions from every document of a story and write the annotated article of one "
        "of them. Offline by default (the packaged embedding model).",
    )
    build.add_argument("documents", help="JSON list of {id, title, domain, url, content} (the Discord Questions input)")
    build.add_argument("--anchor", required=True, metavar="ID", help="id of the document to annotate")
    build.add_argument(
        "--questions",
        metavar="FILE",
        help="questions: a JSON list of strings or of {question: ...}, or a text file with one per line "
        "(default: generate them with --question-model)",
    )
    build.add_argument("-o", "--output", required=True, help="article JSON to write")
    build.add_argument(
        "--discord-questions", metavar="FILE", help="also write the questions in the Discord Questions format"
    )
    build.add_argument("--limit", type=int, help="keep at most this many questions")
    build.add_argument(
        "--all-questions", action="store_true", help="skip the selection rules (keep every answered question)"
    )
    build.add_argument(
        "--count",
        choices=("independent", "answers", "documents"),
        default="independent",
        help="what the selection rules count: 'independent' (default) answering documents with syndicated copies "
        "once; 'answers' every answer, as the published pipeline (reproduces it exactly); 'documents' every "
        "answering document",
    )
    build.add_argument(
        "--answers", default="embedding", help="'embedding' (default) or an extractive QA model name/path"
    )
    build.add_argument(
        "--groups", default="embedding", help="'embedding' (default), 'exact', or a pair-classifier model"
    )
    build.add_argument(
        "--question-model", default="Salesforce/discord_qg", help="text-to-text model for generated questions"
    )
    build.add_argument("--device", help="cpu, cuda, ... (default: cuda when available)")
    build.add_argument("--batch-size", type=int, default=64)
    build.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache on disk")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    build.set_defaults(run=lambda args: _run(args, error))


def _read_json(path: str, error: type[Exception]) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except READ_FAILURES as exc:
        raise error(f"{path}: {read_failure(exc)}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def _questions(path: str | None, error: type[Exception]) -> Any:
    if path is None:
        return None
    if path.endswith(".json"):
        return _read_json(path, error)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except READ_FAILURES as exc:
        raise error(f"{path}: {read_failure(exc)}") from None
    return [line.strip() for line in lines if line.strip()]


def _anchor(documents: Any, anchor: str) -> str | int:
    # Ids may be integers in JSON while the command line gives text.
    if isinstance(documents, list):
        for doc in documents:
            if isinstance(doc, dict) and not isinstance(doc.get("id"), bool) and str(doc.get("id")) == anchor:
                value = doc["id"]
                if isinstance(value, (str, int)):
                    return value
    return anchor


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _run(args: argparse.Namespace, error: type[Exception]) -> int:
    from ..errors import ValidationError
    from . import steps
    from .build import run
    from .keep import SelectionRules
    from .models import ModelError
    from .settings import Settings

    start = time.perf_counter()
    try:
        # The names resolve (and what they need is checked) before any file is read.
        answering = steps.answer_step(args.answers)
        grouping = steps.group_step(args.groups)
        generating = None if args.questions else steps.question_step(None, args.question_model)
        settings = Settings(
            device=args.device,
            batch_size=args.batch_size,
            cache="memory" if args.no_cache else True,
            progress=False if args.quiet else None,
        )
        rules = None if args.all_questions else SelectionRules(limit=args.limit, count=args.count)
        steps.check_extras([s for s in (generating, answering, grouping) if s is not None], settings)
    except (ImportError, ValueError) as exc:
        raise error(str(exc)) from None
    documents = _read_json(args.documents, error)
    questions = _questions(args.questions, error)
    for target in [args.output, args.discord_questions]:
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise error(f"{target}: its directory does not exist")
    try:
        result = run(
            documents,
            _anchor(documents, args.anchor),
            questions=generating if questions is None else questions,
            answers=answering,
            groups=grouping,
            rules=rules,
            settings=settings,
        )
    except ValidationError as exc:
        where = args.questions if exc.path.startswith("questions") and args.questions else args.documents
        raise error(f"{where}: {exc}") from None
    except (ImportError, ModelError, ValueError) as exc:
        raise error(str(exc)) from None
    try:
        if args.discord_questions:
            _write_atomically(Path(args.discord_questions), json.dumps(result.discord_questions, indent=1) + "\n")
        _write_atomically(Path(args.output), result.article.to_json(indent=1) + "\n")
    except OSError as exc:
        raise error(f"cannot write ({exc.strerror or exc})") from None
    answers = sum(len(p.answers) for p in result.article.panels)
    print(
        f"wrote {args.output} ({len(result.article.panels)} of {len(result.questions)} questions, {answers} answers) "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0

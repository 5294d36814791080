"""``build`` and ``run``: documents in, the annotated article (and every step's output) out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..adapters.discord_questions import detect_copies
from ..model import Article
from . import steps
from .assembly import assemble, to_discord_questions
from .documents import check_anchor, read_documents
from .keep import DEFAULT_RULES, SelectionRules, keep_questions
from .records import Decision, Document, Question, Span
from .settings import Settings, settings_from, warn_renamed

__all__ = ["BuildResult", "build", "run"]


@dataclass
class BuildResult:
    """Everything one run made, step by step.

    ``discord_questions`` is the selected questions in the Discord Questions
    output format (save it with ``json.dump``; ``from_discord_questions``
    reads it back); ``timings`` is seconds per step; ``copies`` the groups of
    syndicated copies among the documents (answers from them record
    ``copy_of``, and the default selection counts each group once).
    """

    documents: list[Document]
    questions: list[Question]
    answers: list[list[Span]]
    groups: list[list[list[int]]]
    selected: list[int]
    decisions: list[Decision]
    discord_questions: list[dict[str, Any]]
    article: Article
    timings: dict[str, float] = field(default_factory=dict)
    #: The groups of syndicated copies found among the documents (``find_copies``).
    copies: list[Any] = field(default_factory=list)


def fold_options(options: dict[str, Any], where: str, *, stacklevel: int = 4) -> dict[str, Any]:
    """``options`` of :func:`run` with the deprecated keywords folded in (with a :class:`DeprecationWarning`).

    ``select=`` becomes ``rules=`` (``True``: the published rules, ``False``:
    ``None``); ``limit=`` becomes ``rules=SelectionRules(limit=...)``;
    ``device=``, ``batch_size=``, ``cache=`` and ``progress=`` become
    ``settings=Settings(...)``.
    """
    options = dict(options)
    if "select" in options:
        select = options.pop("select")
        if "rules" in options:
            raise TypeError(f"{where}() takes rules= or select=, not both")
        new = "None" if select is False else "SelectionRules(...)"
        warn_renamed(f"{where}(select=)", f"{where}(rules={new})", stacklevel=stacklevel)
        options["rules"] = None if select is False else select if isinstance(select, SelectionRules) else DEFAULT_RULES
    if "limit" in options:
        limit = options.pop("limit")
        warn_renamed(f"{where}(limit=)", f"{where}(rules=SelectionRules(limit=...))", stacklevel=stacklevel)
        rules = options.get("rules", DEFAULT_RULES)
        if limit is not None and rules is not None:
            options["rules"] = replace(rules, limit=limit)
        elif limit is not None:
            SelectionRules(limit=limit)  # checked, as before, though nothing is selected
    legacy = {k: options.pop(k) for k in [f.name for f in fields(Settings)] if k in options}
    if legacy:
        options["settings"] = settings_from(options.get("settings"), legacy, where, stacklevel=stacklevel + 1)
    return options


def run(
    documents: object,
    anchor: str | int,
    *,
    questions: object = None,
    question_model: str = steps.DEFAULT_QG_MODEL,
    answers: Any = "embedding",
    groups: Any = "embedding",
    rules: SelectionRules | None = DEFAULT_RULES,
    settings: Settings | None = None,
    **deprecated: Any,
) -> BuildResult:
    """Run every step on ``documents`` and annotate the document ``anchor``; see :func:`build`."""
    t0 = time.perf_counter()
    if deprecated:
        given = deprecated if settings is None else {**deprecated, "settings": settings}
        folded = fold_options(given, "run")
        rules = folded.pop("rules", rules)
        settings = folded.pop("settings", None)
        if folded:
            raise TypeError(f"run() got unexpected keyword argument(s) {', '.join(map(repr, sorted(folded)))}")
    if rules is not None and not isinstance(rules, SelectionRules):
        raise TypeError(f"rules must be a SelectionRules or None (keep every answered question), got {rules!r}")
    settings = (settings or Settings()).resolved()  # decided once: every step shows a bar or none
    docs = read_documents(documents)
    check_anchor(docs, anchor)
    asking = steps.question_step(questions, question_model)
    answering = steps.answer_step(answers)
    grouping = steps.group_step(groups)
    steps.check_extras([asking, answering, grouping], settings)
    timings = {"read": time.perf_counter() - t0}

    t = time.perf_counter()
    qs = asking(docs, settings)
    timings["questions"] = time.perf_counter() - t

    t = time.perf_counter()
    found = answering(docs, qs, settings)
    timings["answers"] = time.perf_counter() - t

    t = time.perf_counter()
    grouped = grouping(docs, qs, found, settings)
    if len(grouped) != len(qs):
        raise ValueError(f"{len(qs)} questions but {len(grouped)} lists of groups")
    timings["groups"] = time.perf_counter() - t

    t = time.perf_counter()
    copy_groups = detect_copies(docs)
    copy_ids = {copy: group.original for group in copy_groups for copy in group.copies}
    copy_domains = {copy: group.original_domain for group in copy_groups for copy in group.copies}
    timings["copies"] = time.perf_counter() - t

    t = time.perf_counter()
    if rules is None:
        kept = [i for i in range(len(qs)) if found[i]]
        decisions = [Decision(i, bool(found[i]), "kept" if found[i] else "no answers") for i in range(len(qs))]
    else:
        kept, decisions = keep_questions(found, grouped, len(docs), rules, copies=copy_ids)
    timings["selection"] = time.perf_counter() - t

    t = time.perf_counter()
    dq = to_discord_questions(qs, found, grouped, kept)
    article = assemble(docs, dq, anchor, copies=copy_domains)
    timings["assembly"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return BuildResult(docs, list(qs), found, grouped, kept, decisions, dq, article, timings, copy_groups)


def build(
    documents: object,
    anchor: str | int,
    *,
    questions: Sequence[str] | Sequence[dict[str, Any]] | None = None,
    **options: Any,
) -> Article:
    """The article ``anchor`` of ``documents``, annotated with questions answered by the other documents.

    ``documents``: a list of ``{"id", "title", "domain", "url", "content"}``
    (the Discord Questions input format; paragraphs separated by blank
    lines). ``questions``: a list of strings (or of ``{"question": ...}``), or
    ``None`` to generate them with ``question_model`` (needs the
    ``pipeline`` extra and the model).

    Options (all keyword): ``answers`` (``"embedding"``, the offline default,
    or an extractive QA model name/path, or a callable), ``groups``
    (``"embedding"``, ``"exact"``, or a pair-classifier model name/path),
    ``rules`` (a :class:`~ctxwidget.pipeline.SelectionRules`, default the
    published rules; its ``limit`` keeps at most that many questions;
    ``None`` keeps every answered question) and ``settings`` (a
    :class:`~ctxwidget.pipeline.Settings`: ``device``, ``batch_size``,
    ``cache`` and ``progress``, resolved once for every step). The old
    keywords ``select``, ``limit``, ``device``, ``batch_size``, ``cache`` and
    ``progress`` still work for one release, with a ``DeprecationWarning``.

    Bad input raises :class:`~ctxwidget.ValidationError` naming its path
    before any model runs. :func:`run` takes the same arguments and returns
    every step's output with timings.
    """
    return run(documents, anchor, questions=questions, **fold_options(options, "build")).article

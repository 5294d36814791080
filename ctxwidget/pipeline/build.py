"""``build`` and ``run``: documents in, the annotated article (and every step's output) out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Article
from . import steps
from .assembly import assemble, to_discord_questions
from .documents import check_anchor, read_documents, read_questions
from .progress import show_progress
from .records import Decision, Document, Question, Span
from .selection import SelectionRules

if TYPE_CHECKING:  # pragma: no cover
    from .cache import CacheOption

__all__ = ["BuildResult", "build", "run"]


@dataclass
class BuildResult:
    """Everything one run made, step by step.

    ``discord_questions`` is the selected questions in the Discord Questions
    output format (save it with ``json.dump``; ``from_discord_questions``
    reads it back); ``timings`` is seconds per step.
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


def _rules(select: bool | SelectionRules, limit: int | None) -> SelectionRules | None:
    if select is False:
        return None
    rules = select if isinstance(select, SelectionRules) else SelectionRules()
    if limit is not None:
        from dataclasses import replace

        rules = replace(rules, limit=limit)
    return rules


def run(
    documents: object,
    anchor: str | int,
    *,
    questions: object = None,
    answers: Any = "embedding",
    groups: Any = "embedding",
    select: bool | SelectionRules = True,
    limit: int | None = None,
    question_model: str = steps.DEFAULT_QG_MODEL,
    device: str | None = None,
    batch_size: int = 64,
    cache: CacheOption = True,
    progress: bool | None = None,
) -> BuildResult:
    """Run every step on ``documents`` and annotate the document ``anchor``; see :func:`build`."""
    t0 = time.perf_counter()
    progress = show_progress(progress)  # decided once, so every step (and the embedding) shows a bar or none
    docs = read_documents(documents)
    check_anchor(docs, anchor)
    given = None if questions is None else read_questions(questions)
    rules = _rules(select, limit)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be None or an integer >= 0, got {limit!r}")
    from .cache import make_cache

    embeddings = make_cache(cache, batch_size=batch_size, progress=progress)
    timings = {"read": time.perf_counter() - t0}

    t = time.perf_counter()
    qs = given if given is not None else steps.questions(docs, model=question_model, device=device, progress=progress)
    timings["questions"] = time.perf_counter() - t

    t = time.perf_counter()
    found = steps.answers(docs, qs, answers, cache=embeddings, device=device, batch_size=batch_size, progress=progress)
    timings["answers"] = time.perf_counter() - t

    t = time.perf_counter()
    grouped = steps.groups(
        docs, qs, found, groups, encoder=embeddings, device=device, batch_size=batch_size, progress=progress
    )
    timings["groups"] = time.perf_counter() - t

    t = time.perf_counter()
    if rules is None:
        kept = [i for i in range(len(qs)) if found[i]]
        decisions = [Decision(i, bool(found[i]), "kept" if found[i] else "no answers") for i in range(len(qs))]
    else:
        kept, decisions = steps.selection(found, grouped, len(docs), rules)
    timings["selection"] = time.perf_counter() - t

    t = time.perf_counter()
    dq = to_discord_questions(qs, found, grouped, kept)
    article = assemble(docs, dq, anchor)
    timings["assembly"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return BuildResult(docs, list(qs), found, grouped, kept, decisions, dq, article, timings)


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
    ``select`` (``True``: the published rules; a
    :class:`~ctxwidget.pipeline.SelectionRules`; ``False``: keep every
    answered question), ``limit`` (at most this many questions),
    ``device`` (``"cpu"``, ``"cuda"``, ...; default: CUDA when available),
    ``batch_size``, ``cache`` (``True``: memory and disk, ``"memory"``,
    ``False``, or a directory) and ``progress``.

    Bad input raises :class:`~ctxwidget.ValidationError` naming its path
    before any model runs. :func:`run` takes the same arguments and returns
    every step's output with timings.
    """
    return run(documents, anchor, questions=questions, **options).article

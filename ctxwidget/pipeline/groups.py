"""The grouping step: which answers of a question say the same thing.

``"embedding"`` (the default) and ``"exact"`` are :func:`ctxwidget.group_answers`
(the packaged model, offline); any other string is a ``transformers`` pair
classifier (see :class:`~ctxwidget.pipeline.models.PairConsolidator`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..grouping import group_answers
from ..model import Answer, Article, Panel
from .records import Document, Question, Span

__all__ = ["group", "groups_from_labels"]

Grouper = Callable[[Sequence[Question], Sequence[Sequence[Span]]], list[list[list[int]]]]


def groups_from_labels(labels: Sequence[object]) -> list[list[int]]:
    """Indices of equal labels, largest group first (ties: first appearance)."""
    by_label: dict[tuple[type, object], list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault((type(label), label), []).append(i)
    return sorted(by_label.values(), key=lambda g: (-len(g), g[0]))


def _with_group_answers(
    documents: Sequence[Document],
    questions: Sequence[Question],
    answers: Sequence[Sequence[Span]],
    *,
    method: str,
    encoder: Any,
    batch_size: int,
    progress: bool | None,
) -> list[list[list[int]]]:
    by_id = {d.id: d for d in documents}
    panels = tuple(
        Panel(
            question=q.text,
            after=0,
            id=f"q{i + 1}",
            answers=tuple(
                Answer(
                    source=by_id[s.doc_id].domain,
                    text=s.text,
                    context=by_id[s.doc_id].paragraphs[s.pidx].strip() or None,
                )
                for s in spans
            ),
        )
        for i, (q, spans) in enumerate(zip(questions, answers, strict=True))
    )
    holder = Article(title="answers", panels=panels)
    if method == "embedding":
        grouped = group_answers(holder, encoder=encoder, batch_size=batch_size, progress=progress)
    else:
        grouped = group_answers(holder, method="exact")
    return [groups_from_labels([a.group for a in p.answers]) for p in grouped.panels]


def group(
    documents: Sequence[Document],
    questions: Sequence[Question],
    answers: Sequence[Sequence[Span]],
    method: str | Grouper = "embedding",
    *,
    encoder: Any = None,
    device: str | None = None,
    batch_size: int = 64,
    progress: bool | None = None,
) -> list[list[list[int]]]:
    """For each question, its answer groups: lists of indices into its answers, largest first.

    ``method``: ``"embedding"``, ``"exact"``, a ``transformers`` model name or
    path of a pair classifier (e.g. ``"Salesforce/qa_consolidation"``), or a
    callable ``(questions, answers) -> groups``. ``encoder`` is the embedding
    encoder (the pipeline passes its cache); ``device`` and ``batch_size``
    apply to a model.
    """
    if len(questions) != len(answers):
        raise ValueError(f"{len(questions)} questions but {len(answers)} lists of answers")
    if callable(method):
        return [list(map(list, g)) for g in method(questions, answers)]
    if method in ("embedding", "exact"):
        return _with_group_answers(
            documents, questions, answers, method=method, encoder=encoder, batch_size=batch_size, progress=progress
        )
    from .models import PairConsolidator

    consolidator = PairConsolidator.load(method, device=device, batch_size=batch_size)
    return consolidator.group(questions, answers, progress=progress)

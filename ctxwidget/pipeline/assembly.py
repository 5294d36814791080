"""The assembly step: questions in the Discord Questions output format, and the annotated article."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..adapters import from_discord_questions
from ..model import Article
from .records import Document, Question, Span

__all__ = ["assemble", "to_discord_questions"]


def to_discord_questions(
    questions: Sequence[Question],
    answers: Sequence[Sequence[Span]],
    groups: Sequence[Sequence[Sequence[int]]],
    order: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """The questions ``order`` (default: all) as the published pipeline writes them.

    Each is ``{"question", "doc_id", "answers": [{"answer", "doc_id", "pidx",
    "pid", "score"}], "answer_groups": [[answer text, ...], ...]}``, groups
    largest first; :func:`~ctxwidget.adapters.from_discord_questions` reads it
    (``score`` is an addition it ignores). The result is plain JSON.
    """
    out = []
    for i in range(len(questions)) if order is None else order:
        spans = answers[i]
        ranked = sorted(groups[i], key=lambda g: (-len(g), min(g, default=0)))
        out.append(
            {
                "question": questions[i].text,
                "doc_id": questions[i].doc_id,
                "answers": [
                    {"answer": s.text, "doc_id": s.doc_id, "pidx": s.pidx, "pid": s.pid, "score": s.score}
                    for s in spans
                ],
                "answer_groups": [[spans[j].text for j in sorted(g)] for g in ranked],
            }
        )
    return out


def assemble(
    documents: Sequence[Document],
    discord_questions: Sequence[dict[str, Any]],
    anchor: str | int,
    copies: Mapping[Any, str] | None = None,
) -> Article:
    """The article ``anchor`` annotated with ``discord_questions`` (through ``from_discord_questions``).

    ``copies`` (document id -> the domain it copies) marks answers from copies; ``None`` finds them.
    """
    return from_discord_questions([d.to_dict() for d in documents], discord_questions, anchor, copies=copies)

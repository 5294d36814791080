"""The data each pipeline step reads and writes: plain, picklable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Decision", "Document", "Question", "Span"]

DocId = str | int


@dataclass(frozen=True)
class Document:
    """One news article of the story, as the Discord Questions pipeline reads it.

    ``paragraphs`` is ``content.split("\\n\\n")`` exactly (blank pieces
    included), so a paragraph index ``pidx`` means the same thing here, in the
    published pipeline and in :func:`~ctxwidget.adapters.from_discord_questions`.
    """

    id: DocId
    domain: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    url: str | None = None

    @property
    def content(self) -> str:
        """The document's text, paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The document in the input format (``id``, ``title``, ``domain``, ``url``, ``content``)."""
        out: dict[str, Any] = {"id": self.id, "domain": self.domain, "content": self.content}
        if self.title is not None:
            out["title"] = self.title
        if self.url is not None:
            out["url"] = self.url
        return out


@dataclass(frozen=True)
class Question:
    """A question to ask every document; ``doc_id`` is the document it was generated from, if any."""

    text: str
    doc_id: DocId | None = None


@dataclass(frozen=True)
class Span:
    """One answer as the pipeline finds it: the span ``text`` found in paragraph ``pidx`` of document ``doc_id``.

    ``score`` is the answering step's confidence (for the offline default a
    probability-like value in 0-1; for an extractive model the start + end
    logits of the span).

    Not a :class:`ctxwidget.Answer`, the answer an article shows: a span
    points into the corpus (document id, paragraph index, score) before
    grouping and selection; the assembly step turns the kept ones into
    ``Answer`` objects (the outlet's domain as ``source``, the paragraph's text
    as ``context``, the answer group as ``group``).
    """

    doc_id: DocId
    pidx: int
    text: str
    score: float

    @property
    def pid(self) -> str:
        """The paragraph's id in the published format, ``<doc_id>_<pidx>``."""
        return f"{self.doc_id}_{self.pidx}"


@dataclass(frozen=True)
class Decision:
    """What the selection step did with one question and why."""

    index: int
    kept: bool
    reason: str
    details: dict[str, Any] = field(default_factory=dict)

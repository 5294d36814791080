"""Discord Questions output (Laban et al.) as an annotated article.

The public pipeline (salesforce/discord_questions) reads ``documents``, each
``{"id", "title", "domain", "url", "content"}`` with paragraphs
``content.split("\\n\\n")``, and writes ``questions``, each
``{"question", "doc_id", "answers": [{"answer", "doc_id", "pidx", "pid"}], "answer_groups": [[str, ...], ...]}``
where ``pidx`` indexes the answering document's paragraphs and
``answer_groups`` lists the answer *strings* of each group of equivalent answers.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import fields as f
from .._extras import EXTRAS, install_hint, missing_modules
from ..errors import ValidationError
from ..model import Answer, Article, Panel, Paragraph

if TYPE_CHECKING:
    from ..pipeline.copies import CopyGroup

__all__ = ["EXACT_COPIES_UP_TO", "assign_groups", "detect_copies", "from_discord_questions"]

log = logging.getLogger("ctxwidget")

#: Without datasketch, :func:`detect_copies` compares all pairs exactly up to this many documents.
EXACT_COPIES_UP_TO = 300


def detect_copies(documents: object) -> list[CopyGroup]:
    """Groups of syndicated copies among ``documents`` (:func:`ctxwidget.pipeline.find_copies`), as installed.

    With the ``copies`` extra (datasketch and numpy) every document list is searched with MinHash
    LSH; with numpy but no datasketch, lists of up to :data:`EXACT_COPIES_UP_TO` documents are
    compared pair by pair, exactly (the same answer, in quadratic time); otherwise (a plain
    install, or a longer list without datasketch) nothing is searched, the result is ``[]`` and
    a note is logged on the ``"ctxwidget"`` logger naming the extra to install.
    """
    from ..pipeline.copies import find_copies

    items = f.sequence(documents, "documents")
    if not any(_content(d).strip() for d in items):
        return []  # nothing to compare (find_copies refuses a story without text)
    missing = missing_modules(EXTRAS["copies"])
    if not missing:
        return find_copies(items)
    if "numpy" not in missing and len(items) <= EXACT_COPIES_UP_TO:
        return find_copies(items, method="exact")
    log.info(
        "syndicated copies were not looked for among %d documents: that needs %s; %s (or pass copies= yourself)",
        len(items),
        " and ".join(missing),
        install_hint("copies"),
    )
    return []


def _content(document: object) -> str:
    """A document's text, from a dict of the input format or a pipeline ``Document``."""
    value = document.get("content") if isinstance(document, Mapping) else getattr(document, "content", None)
    return value if isinstance(value, str) else ""


def _copy_domains(
    copies: Mapping[Any, str] | None, documents: object, docs: Mapping[str | int, _Document]
) -> dict[str | int, str]:
    """The checked ``copies=`` argument: document id -> the domain of the outlet it copies."""
    if copies is None:
        found: dict[str | int, str] = {}
        for group in detect_copies(documents):
            found.update(group.copy_of())
        given: Mapping[Any, str] = found
    elif isinstance(copies, Mapping):
        given = copies
    else:
        raise ValidationError(
            f"expected a mapping of document id to the domain it copies, or None, got {type(copies).__name__}",
            path="copies",
        )
    out: dict[str | int, str] = {}
    for doc_id, original in given.items():
        doc = docs.get(doc_id)
        if doc is None:
            raise ValidationError(f"no document has the id {doc_id!r}; give ids of the documents", path="copies")
        domain = f.domain(original, f"copies[{doc_id!r}]")
        if domain != doc.domain:  # a copy of the same outlet's own article is the same voice already
            out[doc_id] = domain
    return out


def assign_groups(answers: Iterable[str], answer_groups: Sequence[Iterable[str]]) -> list[int | None]:
    """The group index of each answer string, in answer order.

    A group lists answer strings, and one string can occur in several answers
    and in several groups (or several times in one group). Each occurrence, in
    answer order, takes the first group that still lists that string and uses
    up that one listing; an answer no group (still) lists gets ``None``.

    >>> assign_groups(["Fed", "ECB", "Fed", "Fed"], [["Fed", "ECB"], ["Fed"]])
    [0, 0, 1, None]
    """
    listings: dict[str, deque[int]] = {}
    for number, group in enumerate(answer_groups):
        for listed in group:
            listings.setdefault(listed, deque()).append(number)
    result: list[int | None] = []
    for answer in answers:
        queue = listings.get(answer)
        result.append(queue.popleft() if queue else None)
    return result


@dataclass(frozen=True)
class _Document:
    id: str | int
    path: str
    title: str | None
    domain: str
    url: str | None
    raw: list[str]  # content.split("\n\n"), as ``pidx`` counts them


def _documents(documents: object) -> dict[str | int, _Document]:
    items = f.sequence(documents, "documents")
    by_id: dict[str | int, _Document] = {}
    for position, item in enumerate(items):
        path = f"documents[{position}]"
        doc = f.mapping(item, path)
        doc_id = f.identifier(f.get(doc, "id", path), f"{path}.id")
        if doc_id in by_id:
            raise ValidationError(
                f"{doc_id!r} is already the id of {by_id[doc_id].path}; document ids must be unique",
                path=f"{path}.id",
            )
        content = f.text(f.get(doc, "content", path), f"{path}.content", allow_empty=True)
        url = f.get(doc, "url", path, required=False)
        title = f.get(doc, "title", path, required=False)
        if title is not None:
            f.text(title, f"{path}.title", allow_empty=True)
        by_id[doc_id] = _Document(
            id=doc_id,
            path=path,
            title=title,
            domain=f.domain(f.get(doc, "domain", path), f"{path}.domain"),
            url=None if url is None else f.url(url, f"{path}.url"),
            raw=content.split("\n\n"),
        )
    return by_id


@dataclass(frozen=True)
class _Reply:
    text: str
    doc: _Document
    pidx: int


def _replies(question: Mapping[str, Any], path: str, docs: Mapping[str | int, _Document]) -> list[_Reply]:
    replies = []
    answers_path = f"{path}.answers"
    for j, item in enumerate(f.sequence(f.get(question, "answers", path), answers_path)):
        at = f"{answers_path}[{j}]"
        answer = f.mapping(item, at)
        text = f.text(f.get(answer, "answer", at), f"{at}.answer")
        doc_id = f.identifier(f.get(answer, "doc_id", at), f"{at}.doc_id")
        doc = docs.get(doc_id)
        if doc is None:
            raise ValidationError(f"no document has the id {doc_id!r}", path=f"{at}.doc_id")
        pidx = f.index(
            f.get(answer, "pidx", at),
            f"{at}.pidx",
            size=len(doc.raw),
            what=f"paragraphs in document {doc_id!r}",
        )
        pid = f.get(answer, "pid", at, required=False)
        if pid is not None:
            f.text(pid, f"{at}.pid")
        replies.append(_Reply(text=text, doc=doc, pidx=pidx))
    return replies


def _groups(question: Mapping[str, Any], path: str) -> list[list[str]]:
    groups_path = f"{path}.answer_groups"
    raw = f.get(question, "answer_groups", path, required=False)
    if raw is None:
        return []
    groups = []
    for g, group in enumerate(f.sequence(raw, groups_path)):
        at = f"{groups_path}[{g}]"
        groups.append([f.text(s, f"{at}[{k}]", allow_empty=True) for k, s in enumerate(f.sequence(group, at))])
    return groups


def from_discord_questions(
    documents: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
    doc_id: str | int,
    *,
    copies: Mapping[Any, str] | None = None,
) -> Article:
    """The article ``doc_id`` of ``documents`` annotated with Discord Questions output.

    The article's paragraphs are the non-empty paragraphs of the document's
    ``content`` (split at blank lines). Each question becomes a panel placed
    after the first paragraph of this document that answers it (the answer's
    ``pidx``, mapped past any empty paragraphs that were dropped); questions
    this document does not answer go to a closing section after the last
    paragraph, in their input order. Panels keep their order of ``questions``
    within a position, and the panel for ``questions[i]`` has the id
    ``q{i + 1}``.

    Answers from the *other* documents become the panel's answers, in answer
    order: ``source`` is the answering document's domain (lowercase, without
    ``www.``), ``url`` its URL, ``context`` the answering paragraph and
    ``group`` the index of its answer group (see :func:`assign_groups`; the
    anchor's own answers take part in that assignment). Questions without
    ``answer_groups`` give ungrouped answers.

    An answer from a syndicated copy records the outlet it copies as
    ``copy_of``: ``copies`` maps a document id to that outlet's domain; by
    default (``None``) the copies are found with :func:`detect_copies`
    (``ctxwidget.pipeline.find_copies``; on a plain install without numpy
    nothing is found and a note is logged). ``copies={}`` marks none. A
    document copying an article of its own outlet records nothing.

    Every document needs ``id``, ``domain`` and ``content`` (``url`` and
    ``title`` may be missing; the anchor needs a ``title``); every answer needs
    ``answer``, ``doc_id`` and ``pidx``. A missing or ill-typed field raises
    :class:`~ctxwidget.errors.ValidationError` naming it, e.g.
    ``questions[3].answers[0].pidx: 12 is out of range; ...``.
    """
    docs = _documents(documents)
    f.identifier(doc_id, "doc_id")
    anchor = docs.get(doc_id)
    if anchor is None:
        known = ", ".join(repr(k) for k in list(docs)[:5]) + (", ..." if len(docs) > 5 else "")
        raise ValidationError(f"no document has the id {doc_id!r}; the ids are {known or 'none'}", path="doc_id")
    if anchor.title is None:
        raise ValidationError("is required (it is the article's title) but missing", path=f"{anchor.path}.title")
    title = f.text(anchor.title, f"{anchor.path}.title").strip()
    copy_of = _copy_domains(copies, documents, docs)

    # pidx counts every piece of content.split("\n\n"); the article keeps the non-empty ones.
    paragraphs: list[Paragraph] = []
    kept_through: list[int] = []  # kept_through[pidx]: paragraphs kept up to and including pidx
    for piece in anchor.raw:
        if piece.strip():
            paragraphs.append(Paragraph(piece.strip()))
        kept_through.append(len(paragraphs))
    closing = len(paragraphs)

    placed: list[tuple[int, int, int, Panel]] = []
    for i, item in enumerate(f.sequence(questions, "questions")):
        path = f"questions[{i}]"
        question = f.mapping(item, path)
        text = f.text(f.get(question, "question", path), f"{path}.question").strip()
        asked_by = f.get(question, "doc_id", path, required=False)
        if asked_by is not None:
            f.identifier(asked_by, f"{path}.doc_id")
        replies = _replies(question, path, docs)
        groups = assign_groups((r.text for r in replies), _groups(question, path))
        own = [r.pidx for r in replies if r.doc is anchor]
        after = kept_through[min(own)] if own else closing
        answers = tuple(
            Answer(
                source=r.doc.domain,
                text=r.text,
                url=r.doc.url,
                context=r.doc.raw[r.pidx].strip() or None,
                group=group,
                copy_of=copy_of.get(r.doc.id),
            )
            for r, group in zip(replies, groups, strict=True)
            if r.doc is not anchor
        )
        panel = Panel(question=text, after=after, answers=answers, id=f"q{i + 1}")
        placed.append((after, 0 if own else 1, i, panel))

    placed.sort(key=lambda entry: entry[:3])
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        panels=tuple(entry[3] for entry in placed),
        source=anchor.domain,
        url=anchor.url,
    )

"""Reading the pipeline's input: documents, an anchor id and optional questions.

Every check raises :class:`~ctxwidget.errors.ValidationError` naming the path
of the field at fault (``documents[3].content: must not be empty``), before
any model runs, so a bad input costs nothing and leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import fields as f
from ..errors import ValidationError
from .records import DocId, Document, Question

__all__ = ["check_anchor", "read_documents", "read_questions"]


def _document(item: object, path: str) -> Document:
    if isinstance(item, Document):
        return item
    doc = f.mapping(item, path)
    doc_id = f.identifier(f.get(doc, "id", path), f"{path}.id")
    content = f.text(f.get(doc, "content", path), f"{path}.content", allow_empty=True)
    title = f.get(doc, "title", path, required=False)
    if title is not None:
        title = f.text(title, f"{path}.title", allow_empty=True)
    url = f.get(doc, "url", path, required=False)
    return Document(
        id=doc_id,
        domain=f.domain(f.get(doc, "domain", path), f"{path}.domain"),
        paragraphs=tuple(content.split("\n\n")),
        title=title,
        url=None if url is None else f.url(url, f"{path}.url"),
    )


def read_documents(documents: object) -> list[Document]:
    """Check ``documents`` (a list of ``{"id", "domain", "content", "title"?, "url"?}``) and read them.

    Ids must be unique strings or integers, ``domain`` an outlet domain
    (``www.`` is dropped), ``content`` text whose paragraphs are separated by
    blank lines (it may be empty, e.g. a paywalled page: such a document
    answers nothing but still counts in the selection's share of documents,
    as in the published pipeline), ``url`` (optional) an http(s) URL. An
    empty list, or documents that are all empty, is an error.
    :class:`Document` objects pass through unchanged.
    """
    items = f.sequence(documents, "documents")
    if not items:
        raise ValidationError("must not be empty; give at least one document", path="documents")
    seen: dict[DocId, str] = {}
    out = []
    for position, item in enumerate(items):
        path = f"documents[{position}]"
        doc = _document(item, path)
        f.unique_id(seen, doc.id, path, "document")
        out.append(doc)
    if not any(p.strip() for doc in out for p in doc.paragraphs):
        raise ValidationError("every document's content is empty; there is no text to answer from", path="documents")
    return out


def check_anchor(documents: Sequence[Document], anchor: object, path: str = "anchor") -> Document:
    """The document whose id is ``anchor``; it needs a title, the article's headline."""
    f.identifier(anchor, path)
    for position, doc in enumerate(documents):
        if doc.id == anchor and type(doc.id) is type(anchor):
            if doc.title is None or not doc.title.strip():
                raise ValidationError(
                    "is required (it is the article's headline) but missing or empty",
                    path=f"documents[{position}].title",
                )
            if not doc.content.strip():
                raise ValidationError(
                    "the anchor document has no text, so there is no article to annotate; choose another anchor",
                    path=f"documents[{position}].content",
                )
            return doc
    known = ", ".join(repr(d.id) for d in documents[:5]) + (", ..." if len(documents) > 5 else "")
    raise ValidationError(f"no document has the id {anchor!r}; the ids are {known}", path=path)


def read_questions(questions: object, path: str = "questions") -> list[Question]:
    """Check given questions: strings, or objects with a ``question`` (and optional ``doc_id``).

    The second form reads the questions of a Discord Questions output file as
    they are (their answers are ignored: every question is answered afresh).
    """
    items: Iterable[Any] = f.sequence(questions, path)
    out = []
    for i, item in enumerate(items):
        at = f"{path}[{i}]"
        if isinstance(item, Question):
            out.append(item)
        elif isinstance(item, str):
            out.append(Question(f.text(item, at).strip()))
        elif isinstance(item, Mapping):
            text = f.text(f.get(item, "question", at), f"{at}.question").strip()
            doc_id = f.get(item, "doc_id", at, required=False)
            out.append(Question(text, None if doc_id is None else f.identifier(doc_id, f"{at}.doc_id")))
        else:
            raise ValidationError(f"expected a question (a string or an object), got {f.kind(item)}", path=at)
    if not out:
        raise ValidationError(
            "must not be empty; give at least one question or leave it out to generate them", path=path
        )
    return out

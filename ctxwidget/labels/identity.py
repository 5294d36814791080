"""Content identity of an answer: labels follow the answer, not its position.

An answer is known by the article it belongs to (its URL, else its title), the question it
answers, its outlet, its text and its context. :func:`answer_id` is a SHA-256 over a
canonical JSON array of exactly those fields, so the same answer in a rebuilt article
(answers reordered, questions added or dropped, panel ids renumbered) has the same id, and
any change to one of those fields makes it a different answer.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Iterator
from json.encoder import encode_basestring as _encode_string  # what json.dumps(ensure_ascii=False) uses
from typing import Any, NamedTuple

from ..model import Answer, Article, Panel
from ..rules import annotation_key

__all__ = ["AnswerFields", "ArticleIndex", "answer_id", "article_key", "default_annotator"]

# Bumped only if the fields or their encoding change (a new schema version would rewrite ids).
_ID_TAG = "ctxwidget-answer/1"


def article_key(article: Article) -> str:
    """The key labels of ``article`` are stored under: its ``url``, else its ``title``."""
    return article.url if article.url is not None else article.title


def _json(value: str | None) -> str:
    return "null" if value is None else _encode_string(value)


class AnswerFields(NamedTuple):
    """The fields that make an answer's identity, as stored beside every label event."""

    article: str
    question: str
    source: str
    answer: str
    context: str | None

    @property
    def id(self) -> str:
        """The answer's id: 64 hex digits of SHA-256 over the UTF-8 of the canonical JSON array
        ``["ctxwidget-answer/1", article, question, source, answer, context]`` (no spaces,
        non-ASCII as is: ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``)."""
        return _digest(_prefix(self.article, self.question), self.source, self.answer, self.context)


def _prefix(article: str, question: str) -> Any:
    """The hash state after the fields an article's panel shares (copied for each answer)."""
    return hashlib.sha256(f"[{_json(_ID_TAG)},{_json(article)},{_json(question)},".encode())


def _digest(prefix: Any, source: str, answer: str, context: str | None) -> str:
    h = prefix.copy()
    h.update(f"{_json(source)},{_json(answer)},{_json(context)}]".encode())
    return h.hexdigest()  # type: ignore[no-any-return]


def answer_fields(article: Article | str, panel: Panel, answer: Answer) -> AnswerFields:
    """The identity fields of ``answer`` (in ``panel`` of ``article``, or of an article key)."""
    key = article if isinstance(article, str) else article_key(article)
    return AnswerFields(key, panel.question, answer.source, answer.text, answer.context)


def answer_id(article: Article | str, panel: Panel, answer: Answer) -> str:
    """The content id of ``answer`` in ``panel`` of ``article`` (an :class:`Article` or its key).

    Two answers with the same article key, question, outlet, text and context share an id,
    and so share a label.
    """
    return answer_fields(article, panel, answer).id


class ArticleIndex:
    """Every answer of one article by id, and the id of each ``(panel id, index)``."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.key = key = article_key(article)
        self.positions: dict[str, list[tuple[str, int]]] = {}
        self.ids: dict[str, list[str]] = {}
        self._panels = {panel.id or "": panel for panel in article.panels}
        positions = self.positions
        for pid, panel in self._panels.items():
            prefix = _prefix(key, panel.question)
            ids = []
            for i, answer in enumerate(panel.answers):
                aid = _digest(prefix, answer.source, answer.text, answer.context)
                ids.append(aid)
                if aid in positions:
                    positions[aid].append((pid, i))
                else:
                    positions[aid] = [(pid, i)]
            self.ids[pid] = ids

    def fields(self, aid: str) -> AnswerFields:
        """The identity fields of the answer ``aid`` of this article."""
        pid, i = self.positions[aid][0]
        panel = self._panels[pid]
        return answer_fields(self.key, panel, panel.answers[i])

    def row(self, aid: str) -> tuple[str, str, str, str, str, str | None]:
        """The ``ctxwidget_answers`` row of the answer ``aid``: its id, then its identity fields."""
        pid, i = self.positions[aid][0]
        panel = self._panels[pid]
        answer = panel.answers[i]
        return (aid, self.key, panel.question, answer.source, answer.text, answer.context)

    def keys(self, aid: str) -> Iterator[str]:
        """The annotation keys (``"<panel id>/<index>"``) of the answer ``aid`` in this article."""
        for pid, i in self.positions.get(aid, ()):
            yield annotation_key(pid, i)


def default_annotator() -> str:
    """The operating system's user name (``getpass.getuser()``), else ``"anonymous"``."""
    try:
        name = getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (containers): not an error here
        name = os.environ.get("USERNAME", "")
    return name if name and name.strip() else "anonymous"

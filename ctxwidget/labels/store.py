"""``LabelStore``: labels of answers, kept by content, with their whole history, on disk.

::

    store = LabelStore("labels.sqlite")            # or "postgresql://user@host/db"
    store.set(article, "q1", 0, "correct")         # committed when it returns
    store.labels_for(article).labels               # {"q1/0": "correct"}
    store.undo(article)                            # the last action of this annotator
    store.frame(); store.history(); store.agreement()

Every set, change, removal and undo is an event in an append-only history; the current label
of each (annotator, answer) is the newest event. Answers are known by content
(:func:`~ctxwidget.labels.identity.answer_id`), so a rebuilt article gets its labels back, and
labels whose answer is gone stay in the store and are counted.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._extras import import_extra
from ..errors import ValidationError
from ..fields import check_text, short
from ..model import Article
from ..rules import parse_annotation_key
from . import agreement as _agreement
from .backend import Backend, LabelStoreError, Tx
from .identity import ArticleIndex, default_annotator
from .jsonl import FIELDS, Event, from_line, to_line

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ArticleLabels", "LabelStore"]

Key = str | tuple[str, int]

_UPSERT_LABEL = (
    "INSERT INTO ctxwidget_labels (annotator, answer_id, article, label, time_us, event_id) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (annotator, answer_id) DO UPDATE SET label = excluded.label, time_us = excluded.time_us, "
    "event_id = excluded.event_id, article = excluded.article "
    "WHERE excluded.time_us > ctxwidget_labels.time_us "
    "OR (excluded.time_us = ctxwidget_labels.time_us AND excluded.event_id > ctxwidget_labels.event_id)"
)
_INSERT_ANSWER = (
    "INSERT INTO ctxwidget_answers (answer_id, article, question, source, answer, context) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (answer_id) DO NOTHING"
)
_INSERT_EVENT = (
    "INSERT INTO ctxwidget_events (event_id, time_us, annotator, article, answer_id, old_label, new_label, action, "
    "undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING"
)
_EVENTS = (
    "SELECT e.event_id, e.time_us, e.annotator, e.article, a.question, a.source, a.answer, a.context, e.answer_id, "
    "e.old_label, e.new_label, e.action, e.undoes FROM ctxwidget_events e "
    "JOIN ctxwidget_answers a ON a.answer_id = e.answer_id ORDER BY e.time_us, e.seq"
)
_CURRENT = (
    "SELECT l.annotator, a.article, a.question, a.source, a.answer, a.context, l.answer_id, l.label, l.time_us "
    "FROM ctxwidget_labels l JOIN ctxwidget_answers a ON a.answer_id = l.answer_id WHERE l.label IS NOT NULL "
    "ORDER BY l.article, l.annotator, l.time_us"
)
_CURRENT_COLUMNS = ["annotator", "article", "question", "source", "answer", "context", "answer_id", "label", "time"]
# The JSONL fields, with the names a history frame gives the event id and the two labels.
_HISTORY_COLUMNS = ["event", *FIELDS[1:9], "old_label", "new_label", *FIELDS[11:]]


@dataclass(frozen=True)
class ArticleLabels:
    """One annotator's stored labels for one article.

    ``labels`` maps annotation keys (``"<panel id>/<answer index>"``) of answers in the article
    to their label; ``missing`` counts the annotator's labels of this article (same URL, else
    title) whose answer is no longer in it: kept in the store, not shown.
    """

    labels: dict[str, str]
    missing: int

    @property
    def message(self) -> str:
        """``"12 stored labels are not in this article"``, or ``""`` when none are missing."""
        if not self.missing:
            return ""
        if self.missing == 1:
            return "1 stored label is not in this article"
        return f"{self.missing} stored labels are not in this article"


def _pandas() -> Any:
    return import_extra("labels", "pandas", what="label frames")


# Annotators and labels found valid already (a click checks the same few strings again and again).
_VALID_TEXT: set[str] = set()


def _valid_text(value: object, path: str) -> str:
    if type(value) is str and value in _VALID_TEXT:
        return value
    text = check_text(value, path)
    if len(_VALID_TEXT) >= 4096:
        _VALID_TEXT.clear()
    _VALID_TEXT.add(text)
    return text


def _check_annotator(annotator: str | None) -> str:
    return default_annotator() if annotator is None else _valid_text(annotator, "annotator")


def _check_label(label: str | None, path: str = "label") -> str | None:
    return None if label is None else _valid_text(label, path)


@functools.lru_cache(maxsize=256)
def _lock_key(annotator: str, article: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory lock of one annotator on one article."""
    digest = hashlib.sha256(f"{annotator}\x1f{article}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _new_id() -> str:
    """A random UUID (version 4) as 32 hex digits: ``uuid.uuid4().hex``, made without the UUID object."""
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return b.hex()


class LabelStore:
    """Labels of an article's answers, per annotator, with an append-only history.

    ``location`` is a path (an SQLite file, created with its schema on first use; stdlib
    ``sqlite3``, WAL journal, no server) or a ``postgresql://`` URL (a PostgreSQL database,
    ``pip install 'ctxwidget[team]'``). A location that cannot be used raises
    :class:`~ctxwidget.labels.LabelStoreError` naming it and the fix, and an existing file is
    left exactly as it was.

    Every write is committed (and, for SQLite, fsynced) before the method returns. Several
    processes may write the same store at once; a store object may be used from several
    threads. ``annotator`` defaults to the operating system's user name everywhere.
    """

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self._db = _open(location)
        self._last_us = 0
        self._index: ArticleIndex | None = None
        # Ids of answers whose row this store has committed (rows of answers are never deleted).
        self._stored_answers: set[str] = set()

    @property
    def location(self) -> str:
        """The file path or the URL (without its password) of the store."""
        return self._db.location

    def __repr__(self) -> str:
        return f"LabelStore({self.location!r})"

    def close(self) -> None:
        """Close the connection (the store opens it again if used after)."""
        self._db.close()

    def __enter__(self) -> LabelStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def labels_for(self, article: Article, *, annotator: str | None = None) -> ArticleLabels:
        """``annotator``'s labels of the answers of ``article`` and the count of those not in it.

        Answers are matched by content, so labels given on an earlier build of the article
        come back wherever the same answer now is.
        """
        index = self._index_of(article)
        who = _check_annotator(annotator)
        rows = self._db.read(
            "SELECT answer_id, label FROM ctxwidget_labels WHERE article = ? AND annotator = ? AND label IS NOT NULL",
            (index.key, who),
        )
        labels: dict[str, str] = {}
        missing = 0
        positions = index.positions
        for aid, label in rows:
            where = positions.get(aid)
            if where is None:
                missing += 1
                continue
            for key in index.keys(aid):
                labels[key] = label
        return ArticleLabels(labels, missing)

    def frame(self) -> pd.DataFrame:
        """The current labels, one row per (annotator, answer): annotator, article, question,
        source, answer, context, answer_id, label, time (UTC)."""
        return self._frame(self._db.read(_CURRENT), _CURRENT_COLUMNS)

    def history(self) -> pd.DataFrame:
        """Every event, oldest first: event (its id), time (UTC), annotator, article, question,
        source, answer, context, answer_id, old_label, new_label (``None``: no label), action
        (shared by a batch), undoes (the action an undo reverted)."""
        return self._frame(self._db.read(_EVENTS), _HISTORY_COLUMNS)

    def agreement(self, by: str | None = None) -> Any:
        """Krippendorff's alpha (nominal) between annotators, with the ``krippendorff`` package.

        Over the answers that two or more annotators labelled (current labels). Without ``by``,
        one float (``nan`` if undefined: no shared answer, or a single label throughout); with
        ``by="question"`` (or ``"article"``, ``"source"``) a DataFrame with columns
        ``[by, "alpha", "answers"]``, ``answers`` counting the shared answers.
        """
        frame = self.frame()
        if by is None:
            return _agreement.alpha(frame)
        if by not in _agreement.BY:
            raise ValidationError(f"{short(by)} is not one of {', '.join(map(repr, _agreement.BY))}", path="by")
        return _agreement.alpha_by(frame, by)

    def disagreements(self) -> pd.DataFrame:
        """The answers whose annotators gave different labels: article, question, source,
        answer, context, answer_id and ``labels`` ({annotator: label})."""
        return _agreement.disagreements(self.frame())

    # -- writing -------------------------------------------------------------------------

    def set(
        self, article: Article, panel_id: str, index: int, label: str | None, *, annotator: str | None = None
    ) -> str | None:
        """Give answer ``index`` of panel ``panel_id`` the label ``label`` (``None`` removes it).

        Returns the id of the action (what :meth:`undo` reverts), or ``None`` when the answer
        already had that label (nothing is recorded).
        """
        return self.set_many(article, {(panel_id, index): label}, annotator=annotator)

    def remove(self, article: Article, panel_id: str, index: int, *, annotator: str | None = None) -> str | None:
        """Remove the label of answer ``index`` of panel ``panel_id`` (same as ``set(..., None)``)."""
        return self.set(article, panel_id, index, None, annotator=annotator)

    def set_many(
        self, article: Article, labels: Mapping[Key, str | None], *, annotator: str | None = None
    ) -> str | None:
        """Label many answers in one transaction and one action: one :meth:`undo` reverts them all.

        ``labels`` maps ``"<panel id>/<index>"`` or ``(panel id, index)`` to a label (``None``
        removes it). Every key and label is checked before anything is written. Returns the
        action id, or ``None`` if no label changed.
        """
        index = self._index_of(article)
        who = _check_annotator(annotator)
        if not isinstance(labels, Mapping):
            raise ValidationError(
                f"expected a dict {{'<panel id>/<index>': label}}, got {type(labels).__name__}", path="labels"
            )
        changes: dict[str, str | None] = {}
        for key, label in labels.items():
            aid = self._resolve(index, key)
            changes[aid] = _check_label(label, f"labels[{short(key)}]")
        if not changes:
            return None
        action = _new_id()

        stored = self._stored_answers
        written: list[str] = []

        def body(tx: Tx) -> str | None:
            written.clear()  # a retried transaction starts again
            current = self._current(tx, who, index.key, list(changes))
            events = [
                self._event(who, index.key, aid, current.get(aid), new, action, None)
                for aid, new in changes.items()
                if current.get(aid, (None, 0))[0] != new
            ]
            if not events:
                return None
            # An answer's row is written once: those this store committed already are not sent again.
            written.extend(e[4] for e in events)
            tx.executemany(_INSERT_ANSWER, [index.row(aid) for aid in written if aid not in stored])
            self._append(tx, events)
            return action

        done = self._db.write(body, _lock_key(who, index.key))
        stored.update(written)  # committed: the write returned
        return done

    def undo(self, article: Article, *, annotator: str | None = None) -> dict[str, str | None] | None:
        """Revert ``annotator``'s last action on ``article`` (a batch is one action).

        The revert is recorded as new events; repeated undos go further back. Returns the
        labels it restored, by annotation key of ``article`` (``None``: no label now), or
        ``None`` when there is nothing left to undo.
        """
        index = self._index_of(article)
        who = _check_annotator(annotator)
        action = _new_id()

        def body(tx: Tx) -> dict[str, str | None] | None:
            last = tx.query(
                "SELECT e.action FROM ctxwidget_events e WHERE e.annotator = ? AND e.article = ? "
                "AND e.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM ctxwidget_events u WHERE u.undoes = e.action) "
                "ORDER BY e.time_us DESC, e.seq DESC LIMIT 1",
                (who, index.key),
            )
            if not last:
                return None
            undone = last[0][0]
            targets = dict(
                tx.query("SELECT answer_id, old_label FROM ctxwidget_events WHERE action = ? ORDER BY seq", (undone,))
            )
            current = self._current(tx, who, index.key, list(targets))
            events = [
                self._event(who, index.key, aid, current.get(aid), old, action, undone) for aid, old in targets.items()
            ]
            self._append(tx, events)
            restored: dict[str, str | None] = {}
            for aid, old in targets.items():
                for key in index.keys(aid):
                    restored[key] = old
            return restored

        return self._db.write(body, _lock_key(who, index.key))

    # -- export and import ---------------------------------------------------------------

    def export_jsonl(self, target: str | os.PathLike[str] | TextIO) -> int:
        """Write every event, oldest first, one JSON object per line (see
        :mod:`ctxwidget.labels.jsonl`) to a path or a text file; returns the number written."""
        rows = self._db.read(_EVENTS)
        if isinstance(target, (str, os.PathLike)):
            with open(target, "w", encoding="utf-8", newline="\n") as f:
                return self._write_lines(f, rows)
        return self._write_lines(target, rows)

    def import_jsonl(self, source: str | os.PathLike[str] | TextIO) -> int:
        """Add the events of a JSON Lines export (a path or a text file) in one transaction.

        Events already in the store (same id) are skipped, so importing twice adds nothing;
        current labels follow the newest event of each (annotator, answer). Every line is
        checked first: a bad line raises :class:`~ctxwidget.ValidationError` naming it, and
        nothing is imported. Returns the number of events added.
        """
        if isinstance(source, (str, os.PathLike)):
            with open(source, encoding="utf-8", newline="") as f:
                text = f.read()
        else:
            text = source.read()
        events: list[Event] = []
        for number, line in enumerate(io.StringIO(text, newline=None), start=1):
            if line.strip():
                events.append(from_line(line, number))
        if not events:
            return 0

        def body(tx: Tx) -> int:
            before = tx.query("SELECT COUNT(*) FROM ctxwidget_events")[0][0]
            tx.executemany(_INSERT_ANSWER, [(e[8], e[3], e[4], e[5], e[6], e[7]) for e in events])
            self._append(tx, [(e[0], e[1], e[2], e[3], e[8], e[9], e[10], e[11], e[12]) for e in events])
            after = tx.query("SELECT COUNT(*) FROM ctxwidget_events")[0][0]
            return int(after - before)

        return self._db.write(body)

    # -- internals -----------------------------------------------------------------------

    def _index_of(self, article: Article) -> ArticleIndex:
        if not isinstance(article, Article):
            raise TypeError(f"article must be a ctxwidget.Article, got {type(article).__name__}")
        cached = self._index
        if cached is None or cached.article is not article:
            cached = self._index = ArticleIndex(article)
        return cached

    @staticmethod
    def _resolve(index: ArticleIndex, key: object) -> str:
        where = f"labels[{short(key)}]"
        if isinstance(key, tuple) and len(key) == 2:
            panel_id, number = key
        else:
            parsed = parse_annotation_key(key)
            if parsed is None:
                raise ValidationError("expected a key '<panel id>/<answer index>' or (panel id, index)", path=where)
            panel_id, number = parsed
        ids = index.ids.get(panel_id) if isinstance(panel_id, str) else None
        if ids is None:
            known = ", ".join(repr(p) for p in index.ids) or "none"
            raise ValidationError(f"no panel {short(panel_id)}; the article's panels are {known}", path=where)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < len(ids):
            raise ValidationError(
                f"answer index {short(number)} is out of range; panel {panel_id!r} has {len(ids)} answers", path=where
            )
        return ids[number]

    @staticmethod
    def _current(tx: Tx, annotator: str, article: str, aids: list[str]) -> dict[str, tuple[str | None, int]]:
        """The current (label, time) of ``aids`` for ``annotator``, read inside the transaction."""
        if len(aids) == 1:
            rows = tx.query(
                "SELECT answer_id, label, time_us FROM ctxwidget_labels WHERE annotator = ? AND answer_id = ?",
                (annotator, aids[0]),
            )
        else:
            rows = tx.query(
                "SELECT answer_id, label, time_us FROM ctxwidget_labels WHERE annotator = ? AND article = ?",
                (annotator, article),
            )
        return {aid: (label, t) for aid, label, t in rows}

    def _event(
        self,
        annotator: str,
        article: str,
        aid: str,
        current: tuple[str | None, int] | None,
        new: str | None,
        action: str,
        undoes: str | None,
    ) -> tuple[Any, ...]:
        old, then = current if current is not None else (None, 0)
        # Strictly after this process's last event and after the label it replaces, so the
        # newest event by time is the current label even if the clock stepped back.
        now = max(time.time_ns() // 1000, self._last_us + 1, then + 1)
        self._last_us = now
        return (_new_id(), now, annotator, article, aid, old, new, action, undoes)

    @staticmethod
    def _append(tx: Tx, events: list[tuple[Any, ...]]) -> None:
        tx.executemany(_INSERT_EVENT, events)
        tx.executemany(_UPSERT_LABEL, [(e[2], e[4], e[3], e[6], e[1], e[0]) for e in events])

    @staticmethod
    def _write_lines(f: TextIO, rows: Iterable[tuple[Any, ...]]) -> int:
        count = 0
        for row in rows:
            f.write(to_line(row) + "\n")
            count += 1
        f.flush()
        return count

    @staticmethod
    def _frame(rows: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
        pd = _pandas()
        frame = pd.DataFrame(rows, columns=columns, dtype=object)
        frame["time"] = pd.to_datetime(frame["time"].astype("int64"), unit="us", utc=True)
        return frame


def _open(location: str | os.PathLike[str]) -> Backend:
    if isinstance(location, str) and "://" in location:
        scheme = location.split("://", 1)[0].lower()
        if scheme in ("postgresql", "postgres"):
            from .postgres import PostgresBackend

            return PostgresBackend(location)
        raise LabelStoreError(
            location.split("@")[-1] if "@" in location else location,
            f"unknown kind of store {scheme + '://'!r}; give a file path (SQLite) or a postgresql:// URL",
        )
    if not isinstance(location, (str, os.PathLike)):
        raise TypeError(f"location must be a path or a postgresql:// URL, got {type(location).__name__}")
    from .sqlite import SQLiteBackend

    return SQLiteBackend(Path(location).expanduser())

"""What the SQLite and PostgreSQL backends share: the schema, the error, transactions with retry.

The store speaks DB-API directly (``sqlite3`` and psycopg 3), not through an ORM: the two
databases take the same SQL here (``ON CONFLICT``, ``BIGINT``, ``TEXT``), the only differences
are the parameter marker, the row id column, how a write transaction starts and which errors
are worth a retry, and each write stays a handful of statements with nothing between them and
the driver (the commit latency is measured against a plain ``INSERT`` in ``bench/labels.py``).
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ..errors import ValidationError

__all__ = ["OUR_TABLES", "SCHEMA_NAME", "SCHEMA_VERSION", "Backend", "LabelStoreError", "Tx"]

SCHEMA_NAME = "ctxwidget.labels"
SCHEMA_VERSION = 1
# How long a write waits for another writer (another process labelling the same store) in all.
BUSY_SECONDS = 30.0

OUR_TABLES = ("ctxwidget_meta", "ctxwidget_answers", "ctxwidget_events", "ctxwidget_labels")

# One schema for both databases; {serial} is the only part spelled differently.
DDL = (
    "CREATE TABLE IF NOT EXISTS ctxwidget_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The fields an answer's id is made of (ctxwidget.labels.identity), once per answer.
    "CREATE TABLE IF NOT EXISTS ctxwidget_answers (answer_id TEXT PRIMARY KEY, article TEXT NOT NULL,"
    " question TEXT NOT NULL, source TEXT NOT NULL, answer TEXT NOT NULL, context TEXT)",
    # The history: append-only, one row per set, change, removal or undo of one label.
    "CREATE TABLE IF NOT EXISTS ctxwidget_events (seq {serial}, event_id TEXT NOT NULL UNIQUE,"
    " time_us BIGINT NOT NULL, annotator TEXT NOT NULL, article TEXT NOT NULL,"
    " answer_id TEXT NOT NULL REFERENCES ctxwidget_answers (answer_id),"
    " old_label TEXT, new_label TEXT, action TEXT NOT NULL, undoes TEXT)",
    "CREATE INDEX IF NOT EXISTS ctxwidget_events_by_article ON ctxwidget_events (article, annotator, time_us)",
    "CREATE INDEX IF NOT EXISTS ctxwidget_events_by_action ON ctxwidget_events (action)",
    "CREATE INDEX IF NOT EXISTS ctxwidget_events_by_undoes ON ctxwidget_events (undoes)",
    # The current label of each (annotator, answer): the newest event by (time_us, event_id).
    # A removal keeps its row with label NULL, so an older imported event cannot revive it.
    "CREATE TABLE IF NOT EXISTS ctxwidget_labels (annotator TEXT NOT NULL, answer_id TEXT NOT NULL,"
    " article TEXT NOT NULL, label TEXT, time_us BIGINT NOT NULL, event_id TEXT NOT NULL,"
    " PRIMARY KEY (annotator, answer_id))",
    "CREATE INDEX IF NOT EXISTS ctxwidget_labels_by_article ON ctxwidget_labels (article, annotator)",
)
SCHEMA_ROWS = (("schema", SCHEMA_NAME), ("version", str(SCHEMA_VERSION)))


class LabelStoreError(ValidationError):
    """A label store that cannot be used: the message names the location, the problem and the fix.

    Raised when opening a corrupt file, a database that is not a ctxwidget label store, one
    written by a newer ctxwidget, a folder where the file should be, or a PostgreSQL server
    that cannot be reached; and when a write waited too long for another writer. The file is
    left as it was.
    """

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message, path=location)
        self.location = location


def newer_schema(location: str, version: object) -> LabelStoreError:
    """The error for a store written by a newer ctxwidget."""
    return LabelStoreError(
        location,
        f"this label store has schema version {version}, newer than the {SCHEMA_VERSION} this ctxwidget "
        "reads; upgrade ctxwidget (pip install -U ctxwidget) to open it",
    )


def not_ours(location: str, found: Iterable[str]) -> LabelStoreError:
    """The error for a database that holds tables of something else."""
    names = ", ".join(sorted(found)) or "no version record"
    return LabelStoreError(
        location,
        f"this database is not a ctxwidget label store (it has {names}); "
        "give the path of a new file (it is created) or of an existing label store",
    )


def check_meta(location: str, meta: dict[str, str]) -> None:
    """Accept the ``ctxwidget_meta`` rows of a store this ctxwidget can read."""
    if meta.get("schema") != SCHEMA_NAME:
        raise not_ours(location, ["a ctxwidget_meta table of something else"])
    version = meta.get("version", "")
    if not version.isdigit():
        raise not_ours(location, [f"schema version {version!r}"])
    if int(version) > SCHEMA_VERSION:
        raise newer_schema(location, version)


T = TypeVar("T")


class Tx:
    """One open transaction: ``query`` returns rows, ``execute`` and ``executemany`` nothing."""

    def __init__(self, backend: Backend, cursor: Any) -> None:
        self._backend = backend
        self._cursor = cursor

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query (``?`` markers) and return its rows."""
        b = self._backend
        self._cursor.execute(b.sql(sql), b.encode(params))
        return b.decode(self._cursor.fetchall())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement that returns no rows."""
        b = self._backend
        self._cursor.execute(b.sql(sql), b.encode(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for every row of parameters."""
        b = self._backend
        encoded = [b.encode(r) for r in rows]
        if encoded:
            self._cursor.executemany(b.sql(sql), encoded)


class Backend:
    """A connection to one store, shared by the threads of one process (behind a lock).

    ipykernel 7 handles messages from the page on another thread than the cells, so the
    connection is made usable from any thread and every use holds ``self.lock``. A forked
    child (multiprocessing) gets a connection of its own on first use.
    """

    location: str

    def __init__(self, location: str) -> None:
        self.location = location
        self.lock = threading.RLock()
        self._conn: Any = None
        self._pid = -1
        self._inherited: list[Any] = []  # a parent's connections: never closed in the child
        self._sql: dict[str, str] = {}

    # -- what a backend provides ----------------------------------------------------------

    def connect(self) -> Any:
        """A new connection, set up (pragmas, session settings)."""
        raise NotImplementedError

    def begin(self, conn: Any, lock_key: int | None) -> Any:
        """Start a write transaction on ``conn`` and return a cursor inside it."""
        raise NotImplementedError

    def end(self, conn: Any, cursor: Any, ok: bool) -> None:
        """Commit (``ok``) or roll back the transaction :meth:`begin` started."""
        raise NotImplementedError

    def transient(self, exc: BaseException) -> bool:
        """Whether ``exc`` is another writer in the way (worth a retry of the whole transaction)."""
        raise NotImplementedError

    def translate(self, exc: BaseException) -> BaseException | None:
        """A :class:`LabelStoreError` for a database error that means the store is unusable."""
        return None

    def sql(self, text: str) -> str:
        """``text`` with this driver's parameter markers."""
        return text

    def encode(self, params: Sequence[Any]) -> Sequence[Any]:
        """Parameters as this database stores them."""
        return params

    def decode(self, rows: list[Any]) -> list[tuple[Any, ...]]:
        """Rows as Python values (the inverse of :meth:`encode`)."""
        return rows

    # -- shared --------------------------------------------------------------------------

    def conn(self) -> Any:
        """The connection of this process (opened again after a fork)."""
        if self._conn is None or self._pid != os.getpid():
            if self._conn is not None:
                self._inherited.append(self._conn)
            self._conn = self.connect()
            self._pid = os.getpid()
        return self._conn

    def write(self, body: Callable[[Tx], T], lock_key: int | None = None) -> T:
        """Run ``body`` in one write transaction and commit before returning.

        When another writer is in the way (SQLite busy, PostgreSQL deadlock or serialization
        failure) the transaction is rolled back and ``body`` run again, for up to
        ``BUSY_SECONDS`` in all; then a :class:`LabelStoreError` says the store is busy.
        """
        deadline = time.monotonic() + BUSY_SECONDS
        attempt = 0
        with self.lock:
            while True:
                conn = self.conn()
                cursor = None
                try:
                    cursor = self.begin(conn, lock_key)
                    result = body(Tx(self, cursor))
                    self.end(conn, cursor, True)
                    return result
                except BaseException as exc:
                    self._rollback(conn, cursor)
                    if self.transient(exc) and time.monotonic() < deadline:
                        attempt += 1
                        time.sleep(min(0.5, 0.005 * 2**attempt) * (0.5 + random.random()))
                        continue
                    if self.transient(exc):
                        raise LabelStoreError(
                            self.location,
                            f"another process kept the store busy for {BUSY_SECONDS:g} s; nothing was written, "
                            "try again (or find the process that holds a long transaction)",
                        ) from exc
                    store_error = self.translate(exc)
                    if store_error is not None:
                        raise store_error from exc
                    raise

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query."""
        with self.lock:
            try:
                cursor = self.conn().cursor()
                try:
                    cursor.execute(self.sql(sql), self.encode(params))
                    return self.decode(cursor.fetchall())
                finally:
                    cursor.close()
            except Exception as exc:
                store_error = self.translate(exc)
                if store_error is not None:
                    raise store_error from exc
                raise

    def _rollback(self, conn: Any, cursor: Any) -> None:
        # The connection may already have rolled back (busy on BEGIN).
        with contextlib.suppress(Exception):
            self.end(conn, cursor, False)

    def close(self) -> None:
        """Close this process's connection."""
        with self.lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

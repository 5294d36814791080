"""The embedded store: one SQLite file (stdlib ``sqlite3``), WAL journal, no server.

Durability: ``journal_mode=WAL`` with ``synchronous=FULL``. Every write is one transaction
that is committed, WAL fsynced, before :meth:`LabelStore.set` returns, so an acknowledged
label survives a killed process *and* a power cut or OS crash (``synchronous=NORMAL`` would
survive only the former). That is PostgreSQL's default guarantee too, so both backends mean
the same by "saved"; it costs one fsync per click (a few ms), far below a person's labelling
pace, and a batch or an import is one transaction, so one fsync.

Opening never writes to a file before it is known to be a label store: an existing file is
first checked read-only (its header, then its tables and schema version through a
``mode=ro`` connection); only then is it opened for writing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .backend import DDL, OUR_TABLES, SCHEMA_ROWS, Backend, LabelStoreError, check_meta, not_ours

__all__ = ["SQLiteBackend"]

_HEADER = b"SQLite format 3\x00"
_BUSY_MS = 5000
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


class SQLiteBackend(Backend):
    """A label store in the SQLite file ``path`` (created, with its folder's files, on first use)."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self._inspect()
        # The first connection creates the schema (or checks it again: another process may
        # have created the file between the read-only look and now).
        self.write(self._create)

    # -- opening -------------------------------------------------------------------------

    def _fail(self, message: str) -> LabelStoreError:
        return LabelStoreError(self.location, message)

    def _corrupt(self, detail: str) -> LabelStoreError:
        return self._fail(
            f"this file is not a readable SQLite database ({detail}); it was left untouched. "
            "Restore it from a backup or an exported .jsonl (LabelStore(new_path).import_jsonl(...)), "
            "or give another path"
        )

    def _inspect(self) -> None:
        """Check an existing file read-only; raise before anything is written to it."""
        path = self.path
        if path.is_dir():
            raise self._fail(
                f"this is a folder, not a file; give the path of a file inside it, e.g. {str(path / 'labels.sqlite')!r}"
            )
        if not path.exists():
            if not path.parent.is_dir():
                raise self._fail(
                    f"the folder {str(path.parent)!r} does not exist; create it first or give another path"
                )
            return
        try:
            with path.open("rb") as f:
                header = f.read(len(_HEADER))
        except OSError as exc:
            raise self._fail(f"cannot read this file ({exc.strerror}); check its permissions") from None
        if not header:
            return  # an empty file is an empty database
        if header != _HEADER:
            raise self._corrupt("it does not start with the SQLite header")
        uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
        try:
            ro = sqlite3.connect(uri, uri=True, timeout=_BUSY_MS / 1000)
        except sqlite3.Error as exc:
            raise self._fail(f"cannot open this file ({exc}); check its permissions") from None
        try:
            tables = {
                name
                for (name,) in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            }
            self._check_tables(ro, tables)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise self._fail("another process holds this file locked; try again") from None
            raise self._corrupt(str(exc)) from None
        finally:
            ro.close()

    def _check_tables(self, conn: sqlite3.Connection, tables: set[str]) -> None:
        if not tables:
            return  # an empty database: made a store on first use
        if "ctxwidget_meta" not in tables or tables - set(OUR_TABLES):
            raise not_ours(self.location, (f"table {t}" for t in tables - set(OUR_TABLES)))
        check_meta(self.location, dict(conn.execute("SELECT key, value FROM ctxwidget_meta").fetchall()))

    def _create(self, tx: Any) -> None:
        conn = self.conn()
        tables = {
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        }
        self._check_tables(conn, tables)
        if "ctxwidget_meta" in tables:
            return
        for statement in DDL:
            conn.execute(statement.format(serial="INTEGER PRIMARY KEY"))
        conn.executemany("INSERT OR IGNORE INTO ctxwidget_meta (key, value) VALUES (?, ?)", SCHEMA_ROWS)

    # -- the driver ----------------------------------------------------------------------

    def connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self._fail(f"cannot open this file ({exc}); check its folder's permissions") from None
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if not self.transient(exc):
                raise
            # Another process is switching the fresh file to WAL at this moment: it is WAL after.
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def begin(self, conn: sqlite3.Connection, lock_key: int | None) -> sqlite3.Cursor:
        # IMMEDIATE takes the write lock at once: no deadlock of two readers upgrading.
        conn.execute("BEGIN IMMEDIATE")
        return conn.cursor()

    def end(self, conn: sqlite3.Connection, cursor: Any, ok: bool) -> None:
        if ok:
            conn.execute("COMMIT")
        elif conn.in_transaction:
            conn.execute("ROLLBACK")

    def transient(self, exc: BaseException) -> bool:
        if not isinstance(exc, sqlite3.OperationalError):
            return False
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return (code & 0xFF) in (_SQLITE_BUSY, _SQLITE_LOCKED)
        text = str(exc)
        return "locked" in text or "busy" in text

    def translate(self, exc: BaseException) -> BaseException | None:
        if type(exc) is sqlite3.DatabaseError:  # SQLITE_CORRUPT, SQLITE_NOTADB: not its subclasses
            return self._corrupt(str(exc))
        if isinstance(exc, sqlite3.OperationalError) and ("disk" in str(exc) or "readonly" in str(exc)):
            return self._fail(f"cannot write to this file ({exc}); check the disk space and permissions")
        return None

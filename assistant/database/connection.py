"""Opening the database: created private (mode 600), migrated, one connection per thread, errors typed.

SQLite gives what the app's files lacked: several processes (the app, `python -m assistant users`)
change accounts at once without losing one, every change is atomic, and a killed process never
leaves a half-written record. A full disk or a read-only folder surfaces as StorageError, which
the edges report as a failed write.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.database.migrations import MIGRATIONS
from assistant.errors import StorageError

DATABASE_FILE = "assistant.db"
BUSY_TIMEOUT_MS = 10_000  # a writer waits this long for another process's transaction


class Database:
    """The SQLite file at `path`; `transaction()` and `rows()` open a connection per thread on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        _create_private(path)
        with self.transaction() as db:
            _migrate(db)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True
                )
                conn.row_factory = sqlite3.Row
                _use_wal(conn)  # readers never wait for a writer
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable on commit except on power loss
            except sqlite3.Error as exc:
                raise _storage_error(self.path, exc) from exc
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE: taken at once, so read-then-write never races another
        process); committed on success, rolled back on any error."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            raise _storage_error(self.path, exc) from exc
        except BaseException:
            _rollback(conn)
            raise

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """The rows of one read-only query."""
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc


def open_database(data_dir: Path) -> Database:
    """The app's database in `data_dir` (created, private to this user, and migrated when needed)."""
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkdir leaves a folder someone made before (an admin's /var/lib/…) as it was: it holds the
        # database, the documents and the deleted ones, so only this user may read it.
        data_dir.chmod(0o700)
    except OSError as exc:
        raise StorageError(str(data_dir), f"cannot create the data folder ({exc.strerror or exc})") from exc
    return Database(data_dir / DATABASE_FILE)


def _create_private(path: Path) -> None:
    """Create the file with mode 600 before SQLite opens it (SQLite's own files copy its mode), so it
    is never readable by others, not even for a moment."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise StorageError(str(path), f"cannot create the database ({exc.strerror or exc})") from exc


WAL_RETRY_SECONDS = 0.05


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL. Switching takes an exclusive lock. When two processes open a new file at
    once, each can hold the shared lock the other needs. SQLite then answers "locked" at once, without the busy
    timeout, because waiting could never end. This function retries until the timeout, as the busy handler
    would have done."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


def _migrate(db: sqlite3.Connection) -> None:
    done = db.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[done:], start=done + 1):
        for statement in _statements(script):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> list[str]:
    """The statements of a migration script (executescript would commit our transaction)."""
    out, current = [], ""
    for line in script.splitlines():
        current += line.split("--", 1)[0] + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s.strip(" ;\n")]


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # no transaction left to roll back (SQLite rolled it back itself on a full disk)


def _storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if "full" in text:
        reason = "磁盘已满"
    elif "readonly" in text or "read-only" in text:
        reason = "数据文件夹只读"
    elif "locked" in text or "busy" in text:
        reason = "数据库被其他进程长时间占用"
    else:
        reason = text
    return StorageError(str(path), reason)

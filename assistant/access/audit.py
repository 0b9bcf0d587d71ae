"""The audit log: every upload, delete, rebuild and refused attempt, in the app's database.

A change is entered before it is made (`begin`, result "started") and completed after (`finish`),
so a change cut short by a killed process still has its entry; `mark_interrupted` closes such
entries at the next start. Repeated refusals of the same attempt within a minute are one entry
with a count, so a script hammering a refused action cannot fill the log.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from assistant.database.connection import Database

log = logging.getLogger(__name__)
STARTED = "started"
INTERRUPTED = "interrupted: the process ended before the change completed"
AGGREGATE_S = 60
MAX_RESULT_CHARS = 500


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class AuditLog:
    """The audit table of `db`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def begin(self, user: str | None, action: str, file_name: str = "", data: bytes | None = None) -> int:
        """Enter a change about to be made (result "started"); returns the entry id for `finish`."""
        return self._insert(user, action, file_name, data, STARTED)

    def finish(self, entry_id: int, result: str) -> None:
        """Complete an entry `begin` made: "ok", "error: …" or "refused: …"."""
        with self.db.transaction() as db:
            db.execute(
                "UPDATE audit SET result = ?, last_time = ? WHERE id = ?",
                (result[:MAX_RESULT_CHARS], _now().isoformat(timespec="seconds"), entry_id),
            )

    def record(
        self, user: str | None, action: str, file_name: str = "", data: bytes | None = None, result: str = "ok"
    ) -> int:
        """One complete entry. A refusal repeating the latest one of the same user, action, file and
        result within a minute adds to its count instead."""
        if result.startswith("refused"):
            since = (_now() - datetime.timedelta(seconds=AGGREGATE_S)).isoformat(timespec="seconds")
            with self.db.transaction() as db:
                row = db.execute(
                    "SELECT id FROM audit WHERE user = ? AND action = ? AND file = ? AND result = ? "
                    "AND last_time >= ? ORDER BY id DESC LIMIT 1",
                    (user or "（匿名）", action, file_name[:300], result[:MAX_RESULT_CHARS], since),
                ).fetchone()
                if row is not None:
                    db.execute(
                        "UPDATE audit SET count = count + 1, last_time = ? WHERE id = ?",
                        (_now().isoformat(timespec="seconds"), row["id"]),
                    )
                    return int(row["id"])
        return self._insert(user, action, file_name, data, result)

    def _insert(self, user: str | None, action: str, file_name: str, data: bytes | None, result: str) -> int:
        stamp = _now().isoformat(timespec="seconds")
        with self.db.transaction() as db:
            cursor = db.execute(
                "INSERT INTO audit (time, last_time, user, action, file, sha256, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    stamp,
                    stamp,
                    user or "（匿名）",
                    action,
                    file_name[:300],
                    hashlib.sha256(data).hexdigest() if data is not None else "",
                    result[:MAX_RESULT_CHARS],
                ),
            )
            return int(cursor.lastrowid or 0)

    def mark_interrupted(self) -> int:
        """Close the entries of changes a killed process left "started"; returns how many."""
        with self.db.transaction() as db:
            return db.execute("UPDATE audit SET result = ? WHERE result = ?", (INTERRUPTED, STARTED)).rowcount

    def entries(self, since: datetime.date | None = None, limit: int | None = None) -> list[dict]:
        """The entries, oldest first, from `since` (a date, UTC) on; the latest `limit` when given."""
        where, params = ("WHERE time >= ?", (since.isoformat(),)) if since else ("", ())
        sql = f"SELECT * FROM audit {where} ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        return [dict(row) for row in reversed(self.db.rows(sql, params))]

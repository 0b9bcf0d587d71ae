"""👍/👎 on answers, kept in the app's database so real questions can become evaluation cases.

What is stored comes from the server's own record of the answer, never from the client: only the
verdict (up or down) and an optional reason of bounded length are taken from the click.
"""

from __future__ import annotations

import datetime
import json

from assistant.database.connection import Database

MAX_REASON_CHARS = 500


def _stored(answer: dict) -> str:
    """An answer as the feedback table holds it (also how a verdict on the same answer is found again)."""
    return json.dumps(answer, ensure_ascii=False)


class FeedbackStore:
    """The feedback table of `db`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, user: str | None, answer: dict, liked: bool, reason: str = "") -> dict:
        """Store one verdict on `answer` (the answer object as the server produced it); returns the record."""
        record = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "user": user or "",
            "verdict": "up" if liked else "down",
            "reason": str(reason)[:MAX_REASON_CHARS],
            "question": str(answer.get("question", "")),
            "standalone": str(answer.get("standalone", "")),
        }
        stored = _stored(answer)
        with self.db.transaction() as db:
            # A verdict is a toggle: a new one on the same answer replaces the user's earlier one.
            db.execute("DELETE FROM feedback WHERE user = ? AND answer = ?", (record["user"], stored))
            cursor = db.execute(
                "INSERT INTO feedback (time, user, verdict, reason, question, standalone, answer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*record.values(), stored),
            )
        return record | {"answer": answer, "id": cursor.lastrowid}

    def withdraw(self, user: str | None, answer: dict) -> None:
        """Take back the user's verdict on `answer` (a second click on the same thumb)."""
        with self.db.transaction() as db:
            db.execute(
                "DELETE FROM feedback WHERE user = ? AND answer = ?",
                (user or "", _stored(answer)),
            )

    def add_reason(self, record_id: int, user: str | None, reason: str) -> bool:
        """Attach `reason` to the user's verdict `record_id`; False when there is no such verdict of theirs."""
        with self.db.transaction() as db:
            return bool(
                db.execute(
                    "UPDATE feedback SET reason = ? WHERE id = ? AND user = ?",
                    (str(reason)[:MAX_REASON_CHARS], record_id, user or ""),
                ).rowcount
            )

    def records(self) -> list[dict]:
        """Every record, oldest first."""
        return [
            dict(row) | {"answer": json.loads(row["answer"])}
            for row in self.db.rows("SELECT * FROM feedback ORDER BY id")
        ]

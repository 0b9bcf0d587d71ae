"""Conversations kept on the server, per user: a reload or another browser finds them again.

Each turn is written when its answer is ready, in its own transaction, so a killed server loses at
most the turn it was answering. A conversation is only ever read, renamed or deleted by its owner:
every query names the user, and another user's id reads as not found.
"""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass

from assistant.database.connection import Database
from assistant.errors import ConversationNotFoundError

MAX_TITLE_CHARS = 40
MAX_LISTED = 200  # the sidebar lists this many of the newest conversations
# What one user keeps: beyond these, the oldest conversation (or a conversation's oldest turn) goes, so a
# user's history cannot grow without bound (each turn is at most ~2,000 characters of question plus its answer).
MAX_CONVERSATIONS = 1000
MAX_KEPT_TURNS = 500
LOCAL_USER = ""  # the owner of conversations on one person's machine, where nobody signs in


@dataclass(frozen=True)
class ConversationSummary:
    """One entry of a user's conversation list."""

    id: str
    title: str
    updated: str  # ISO time of the latest turn (UTC)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def title_from(question: str) -> str:
    """A conversation's title from its first question: one line, at most MAX_TITLE_CHARS characters."""
    line = " ".join(str(question).split())
    return (line[: MAX_TITLE_CHARS - 1] + "…") if len(line) > MAX_TITLE_CHARS else (line or "新对话")


class ConversationStore:
    """The conversations and turns tables of `db`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_turn(self, user: str, conversation: str | None, turn: dict) -> str:
        """Keep `turn` ({"question", "answer": answer object or None, "error"?}) at the end of the user's
        conversation (a new one, titled by its question, when `conversation` is None); returns its id."""
        now = _now()
        answer = turn.get("answer")
        with self.db.transaction() as db:
            if conversation is None:
                conversation = secrets.token_hex(12)
                db.execute(
                    "INSERT INTO conversations (id, user, title, created, updated) VALUES (?, ?, ?, ?, ?)",
                    (conversation, user, title_from(turn["question"]), now, now),
                )
            elif not db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ? AND user = ?", (now, conversation, user)
            ).rowcount:
                raise ConversationNotFoundError("该对话已被删除，请新建对话后再提问。")
            (n,) = db.execute(
                "SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE conversation = ?", (conversation,)
            ).fetchone()
            db.execute(
                "INSERT INTO turns (conversation, n, time, question, answer, error) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    conversation,
                    n,
                    now,
                    str(turn["question"]),
                    None if answer is None else json.dumps(answer, ensure_ascii=False),
                    str(turn.get("error", "")),
                ),
            )
            db.execute("DELETE FROM turns WHERE conversation = ? AND n <= ?", (conversation, n - MAX_KEPT_TURNS))
            db.execute(
                "DELETE FROM conversations WHERE user = ? AND id NOT IN (SELECT id FROM conversations "
                "WHERE user = ? ORDER BY updated DESC, rowid DESC LIMIT ?)",
                (user, user, MAX_CONVERSATIONS),
            )
        return conversation

    def conversations(self, user: str, search: str = "") -> list[ConversationSummary]:
        """The user's conversations, newest first; with `search`, those whose title, a question or an
        answer contains it."""
        sql = "SELECT id, title, updated FROM conversations c WHERE user = ?"
        params: tuple = (user,)
        words = " ".join(str(search).split())
        if words:
            pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql += (
                " AND (title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM turns t WHERE t.conversation = c.id"
                " AND (t.question LIKE ? ESCAPE '\\' OR json_extract(t.answer, '$.answer') LIKE ? ESCAPE '\\')))"
            )
            params += (pattern, pattern, pattern)
        rows = self.db.rows(sql + " ORDER BY updated DESC, rowid DESC LIMIT ?", params + (MAX_LISTED,))
        return [ConversationSummary(r["id"], r["title"], r["updated"]) for r in rows]

    def turns(self, user: str, conversation: str) -> list[dict]:
        """The conversation's turns in order, as the chat keeps them."""
        self._owned(user, conversation)
        rows = self.db.rows(
            "SELECT question, answer, error FROM turns WHERE conversation = ? ORDER BY n", (conversation,)
        )
        return [
            {"question": r["question"], "answer": json.loads(r["answer"])}
            if r["answer"] is not None
            else {"question": r["question"], "answer": None, "error": r["error"]}
            for r in rows
        ]

    def rename(self, user: str, conversation: str, title: str) -> None:
        """Give the conversation a title of the user's own (cut like a question's)."""
        with self.db.transaction() as db:
            if not db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND user = ?",
                (title_from(title), conversation, user),
            ).rowcount:
                raise ConversationNotFoundError("该对话已不存在。")

    def delete(self, user: str, conversation: str) -> None:
        """Remove the conversation and its turns."""
        with self.db.transaction() as db:
            if not db.execute("DELETE FROM conversations WHERE id = ? AND user = ?", (conversation, user)).rowcount:
                raise ConversationNotFoundError("该对话已不存在。")

    def _owned(self, user: str, conversation: str) -> None:
        if not self.db.rows("SELECT 1 FROM conversations WHERE id = ? AND user = ?", (conversation, user)):
            raise ConversationNotFoundError("该对话已不存在或不属于当前用户。")

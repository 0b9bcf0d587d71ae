"""Sign-in sessions: a random cookie whose hash names a row; it counts only while the account still
has the version it had at sign-in, is enabled, and the session has not expired."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from assistant.access.accounts import AccountStore
from assistant.database.connection import Database

SESSION_DAYS = 7


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _utc(offset: datetime.timedelta = datetime.timedelta()) -> str:
    return (datetime.datetime.now(datetime.UTC) + offset).isoformat(timespec="seconds")


class SessionStore:
    """Sessions of the accounts in `accounts`' database."""

    def __init__(self, db: Database, accounts: AccountStore) -> None:
        self.db, self.accounts = db, accounts

    def begin(self, name: str) -> str:
        """A new session for the account `name`; returns the cookie value (shown to nobody else)."""
        user = self.accounts.get(name)
        if user is None:
            raise KeyError(name)
        token = secrets.token_urlsafe(32)
        with self.db.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (_utc(),))
            db.execute(
                "INSERT INTO sessions (token_hash, user, version, created, expires) VALUES (?, ?, ?, ?, ?)",
                (_digest(token), name, user.version, _utc(), _utc(datetime.timedelta(days=SESSION_DAYS))),
            )
        return token

    def user_of(self, token: str | None) -> str | None:
        """The signed-in account of a cookie, or None (unknown, expired, account changed, disabled or removed)."""
        if not token or len(token) > 128:
            return None
        rows = self.db.rows(
            "SELECT s.user FROM sessions s JOIN accounts a ON a.name = s.user "
            "WHERE s.token_hash = ? AND s.version = a.version AND a.disabled = 0 AND s.expires > ?",
            (_digest(token), _utc()),
        )
        return rows[0]["user"] if rows else None

    def end(self, token: str | None) -> None:
        """Sign out: the session is gone."""
        if token:
            with self.db.transaction() as db:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

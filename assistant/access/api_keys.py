"""API keys for other tools: each is named, belongs to an account and acts with its role; the key is
shown once when made and only its sha256 is kept (a key is 32 random bytes: no salt or slow hash
needed); a revoked key, or one whose account is disabled or removed, is refused."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass

from assistant.access.accounts import AccountStore
from assistant.database.connection import Database
from assistant.errors import UsersFileError

KEY_PREFIX = "pa-"
_NAME_RE = re.compile(r"^[\w.\-\u4e00-\u9fff]{1,64}$")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ApiKey:
    """What a key list shows: never the key."""

    name: str
    user: str
    prefix: str
    created: str
    revoked: str | None


class ApiKeyStore:
    """The API keys of one database."""

    def __init__(self, db: Database, accounts: AccountStore) -> None:
        self.db, self.accounts = db, accounts

    def add(self, name: str, user: str) -> str:
        """A new key `name` for the account `user`; returns the key (shown once, to the caller only)."""
        if not _NAME_RE.match(name):
            raise UsersFileError(f"密钥名称“{name}”无效：1–64 个字母、数字、汉字、点、下划线或连字符")
        if self.accounts.get(user) is None:
            raise UsersFileError(f"没有用户“{user}”：密钥须属于一个已有账号")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        # Caught inside the transaction: it turns any sqlite3 error leaving it into a StorageError.
        with self.db.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO api_keys (name, user, key_hash, prefix, created) VALUES (?, ?, ?, ?, ?)",
                    (name, user, _digest(key), key[: len(KEY_PREFIX) + 6], _now()),
                )
            except sqlite3.IntegrityError as exc:
                raise UsersFileError(f"已有名为“{name}”的密钥") from exc
        return key

    def keys(self, user: str | None = None) -> list[ApiKey]:
        """Every key (of `user` only, when given), oldest first."""
        sql = "SELECT name, user, prefix, created, revoked FROM api_keys"
        rows = (
            self.db.rows(sql + " WHERE user = ? ORDER BY created", (user,))
            if user
            else self.db.rows(sql + " ORDER BY created")
        )
        return [ApiKey(r["name"], r["user"], r["prefix"], r["created"], r["revoked"]) for r in rows]

    def revoke(self, name: str) -> None:
        """Refuse the key `name` from now on (it stays listed, marked revoked)."""
        with self.db.transaction() as db:
            changed = db.execute(
                "UPDATE api_keys SET revoked = ? WHERE name = ? AND revoked IS NULL", (_now(), name)
            ).rowcount
        if not changed:
            raise UsersFileError(f"没有未吊销的密钥“{name}”")

    def user_of(self, key: str | None) -> str | None:
        """The account a presented key acts as; None for a missing, unknown or revoked key, or one whose
        account is disabled or gone."""
        if not key or not key.startswith(KEY_PREFIX):
            return None
        rows = self.db.rows("SELECT user FROM api_keys WHERE key_hash = ? AND revoked IS NULL", (_digest(key),))
        if not rows:
            return None
        user = str(rows[0]["user"])
        return user if self.accounts.role_of(user) is not None else None

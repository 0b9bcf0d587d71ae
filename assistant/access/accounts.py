"""Staff accounts in the app's database: names, roles and salted scrypt hashes, never passwords.

Every change to an account (password, role, disabled, removal) bumps its `version`, and a sign-in
session only counts while its recorded version is the account's current one, so a changed password
or a removed account ends every session at once, in every process.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import sqlite3
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.database.connection import Database
from assistant.errors import UnknownUserError, UserExistsError, UsersFileError, WeakPasswordError

ROLES = ("reader", "editor", "admin")  # readers ask; editors also manage documents; admins also manage accounts
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 256  # scrypt reads the whole password: a megabyte "password" is work, not a secret
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # ~16 MB and ~50 ms per check: slow for guessing, fine for a login
_NAME_RE = re.compile(r"^[\w.\-]{1,32}$")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    salt: str  # hex
    hash: str  # hex scrypt(password, salt)
    n: int = _SCRYPT["n"]
    r: int = _SCRYPT["r"]
    p: int = _SCRYPT["p"]
    version: int = 1
    disabled: bool = False

    def check(self, password: str) -> bool:
        """Whether `password` is this user's (constant-time comparison)."""
        if len(password) > MAX_PASSWORD_CHARS:
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=bytes.fromhex(self.salt), n=self.n, r=self.r, p=self.p, maxmem=64 * 2**20
        )
        return hmac.compare_digest(digest.hex(), self.hash)


def _hashed(password: str) -> tuple[str, str]:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPasswordError(f"密码至少需要 {MIN_PASSWORD_CHARS} 个字符")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WeakPasswordError(f"密码最多 {MAX_PASSWORD_CHARS} 个字符")
    salt = secrets.token_bytes(16)
    return salt.hex(), hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=64 * 2**20, **_SCRYPT).hex()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class AccountStore:
    """The accounts table: read on every call, so a change from the CLI applies to a running app at once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def path(self) -> Path:
        return self.db.path

    def users(self) -> dict[str, User]:
        """Every account by name."""
        return {row["name"]: _user(row) for row in self.db.rows("SELECT * FROM accounts ORDER BY name")}

    def get(self, name: str | None) -> User | None:
        rows = self.db.rows("SELECT * FROM accounts WHERE name = ?", (name or "",))
        return _user(rows[0]) if rows else None

    def authenticate(self, name: str, password: str) -> User | None:
        """The account when `password` is right and the account is enabled, else None (unknown names
        cost the same time)."""
        user = self.get(name)
        if user is None:
            User("-", "reader", "00" * 16, "").check(password)  # same work as a check: no timing hint
            return None
        return user if user.check(password) and not user.disabled else None

    def role_of(self, name: str | None) -> str | None:
        user = self.get(name)
        return user.role if user and not user.disabled else None

    def add(self, name: str, role: str, password: str) -> User:
        """Create an account; UserExistsError if the name is taken."""
        if not _NAME_RE.match(name):
            raise UsersFileError(f"用户名“{name[:40]}”无效：只能使用字母、数字、汉字、下划线、点或连字符（最多 32 个）")
        _check_role(role)
        salt, digest = _hashed(password)
        with self.db.transaction() as db:
            if db.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise UserExistsError(f"用户“{name}”已存在（修改密码请用“重设密码”或 users passwd 命令）")
            db.execute(
                "INSERT INTO accounts (name, role, salt, hash, n, r, p, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, role, salt, digest, _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"], _now(), _now()),
            )
        return self.get(name)  # type: ignore[return-value]

    def set_password(self, name: str, password: str) -> None:
        salt, digest = _hashed(password)
        self._change(
            name, "salt = ?, hash = ?, n = ?, r = ?, p = ?", (salt, digest, _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"])
        )

    def set_role(self, name: str, role: str) -> None:
        _check_role(role)
        self._change(name, "role = ?", (role,))

    def set_disabled(self, name: str, disabled: bool) -> None:
        self._change(name, "disabled = ?", (int(disabled),))

    def remove(self, name: str) -> None:
        with self.db.transaction() as db:
            if db.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 0:
                raise UnknownUserError(f"没有用户“{name}”")
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))
            # A later account of the same name must not find this one's conversations.
            db.execute("DELETE FROM conversations WHERE user = ?", (name,))

    def _change(self, name: str, assignments: str, params: tuple) -> None:
        """Apply a change, bump the version (ending the account's sessions) in one transaction."""
        with self.db.transaction() as db:
            changed = db.execute(
                f"UPDATE accounts SET {assignments}, version = version + 1, updated = ? WHERE name = ?",
                (*params, _now(), name),
            ).rowcount
            if not changed:
                raise UnknownUserError(f"没有用户“{name}”")
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def import_users_file(self, path: Path) -> int:
        """Take the accounts of a users.toml an earlier version wrote (hashes as they are), once: only into
        an empty table. Returns how many were imported."""
        if not path.is_file() or self.users():
            return 0
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            users = [User(name=name, **fields) for name, fields in data.get("users", {}).items()]
        except (tomllib.TOMLDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise UsersFileError(f"{path}：用户文件格式有误（{exc}）") from exc
        with self.db.transaction() as db:
            for u in users:
                db.execute(
                    "INSERT OR IGNORE INTO accounts (name, role, salt, hash, n, r, p, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (u.name, u.role, u.salt, u.hash, u.n, u.r, u.p, _now(), _now()),
                )
        return len(users)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsersFileError(f"角色“{role}”无效，可用：{'、'.join(ROLES)}")


def _user(row: sqlite3.Row) -> User:
    return User(
        row["name"],
        row["role"],
        row["salt"],
        row["hash"],
        row["n"],
        row["r"],
        row["p"],
        row["version"],
        bool(row["disabled"]),
    )

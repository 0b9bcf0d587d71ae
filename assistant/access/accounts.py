"""Staff accounts: a users file (TOML) of names, roles and salted scrypt hashes.

The file lives outside the repository (default: users.toml in the index folder) and is written
atomically; passwords are never stored or logged, only `hashlib.scrypt` hashes with a random salt.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.atomic import write_atomic
from assistant.errors import UnknownUserError, UserExistsError, UsersFileError, WeakPasswordError

ROLES = ("reader", "editor")  # readers ask questions; editors also upload, delete and rebuild
USERS_FILE = "users.toml"
MIN_PASSWORD_CHARS = 8
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

    def check(self, password: str) -> bool:
        """Whether `password` is this user's (constant-time comparison)."""
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(self.salt), n=self.n, r=self.r,
                                p=self.p, maxmem=64 * 2**20)
        return hmac.compare_digest(digest.hex(), self.hash)


def _hashed(name: str, role: str, password: str) -> User:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPasswordError(f"密码至少需要 {MIN_PASSWORD_CHARS} 个字符")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=64 * 2**20, **_SCRYPT)
    return User(name, role, salt.hex(), digest.hex())


class UserStore:
    """The users file: read on every call, so accounts changed from the CLI apply to a running app."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def users(self) -> dict[str, User]:
        """Every account by name ({} when the file does not exist); UsersFileError when it is malformed."""
        if not self.path.exists():
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
            return {name: User(name=name, **fields) for name, fields in data.get("users", {}).items()}
        except (tomllib.TOMLDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise UsersFileError(f"{self.path}：用户文件格式有误（{exc}）") from exc

    def authenticate(self, name: str, password: str) -> User | None:
        """The account when `password` is right, else None (unknown names cost the same time)."""
        user = self.users().get(name)
        if user is None:
            _hashed("-", "reader", "x" * MIN_PASSWORD_CHARS)  # same work as a check: no timing hint
            return None
        return user if user.check(password) else None

    def role_of(self, name: str | None) -> str | None:
        user = self.users().get(name or "")
        return user.role if user else None

    def add(self, name: str, role: str, password: str) -> User:
        """Create an account; UserExistsError if the name is taken."""
        if not _NAME_RE.match(name):
            raise UsersFileError(f"用户名“{name}”无效：只能使用字母、数字、汉字、下划线、点或连字符（最多 32 个）")
        if role not in ROLES:
            raise UsersFileError(f"角色“{role}”无效，可用：{'、'.join(ROLES)}")
        users = self.users()
        if name in users:
            raise UserExistsError(f"用户“{name}”已存在（修改密码用 passwd）")
        users[name] = _hashed(name, role, password)
        self._write(users)
        return users[name]

    def set_password(self, name: str, password: str) -> None:
        users = self._existing(name)
        users[name] = _hashed(name, users[name].role, password)
        self._write(users)

    def remove(self, name: str) -> None:
        users = self._existing(name)
        del users[name]
        self._write(users)

    def _existing(self, name: str) -> dict[str, User]:
        users = self.users()
        if name not in users:
            raise UnknownUserError(f"没有用户“{name}”")
        return users

    def _write(self, users: dict[str, User]) -> None:
        lines = ["# 政策文件问答助手的账号（由 `python -m assistant users` 管理；只存 scrypt 哈希，不存密码）", ""]
        for user in users.values():
            lines += [f"[users.{json.dumps(user.name, ensure_ascii=False)}]", f'role = "{user.role}"',
                      f'salt = "{user.salt}"', f'hash = "{user.hash}"', f"n = {user.n}", f"r = {user.r}",
                      f"p = {user.p}", ""]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, "\n".join(lines))
        self.path.chmod(0o600)

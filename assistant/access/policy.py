"""Who may do what in a running app: open (one person's machine), or signed-in staff with roles."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from assistant.access.accounts import AccountStore
from assistant.access.administration import AccountAdministration
from assistant.access.api_keys import ApiKeyStore
from assistant.access.audit import AuditLog
from assistant.access.bases import DEFAULT_BASE, BaseRegistry, KnowledgeBase
from assistant.access.limits import InFlightLimiter
from assistant.access.login_limits import LoginThrottle
from assistant.access.sessions import SessionStore
from assistant.conversation.feedback import FeedbackStore
from assistant.conversation.store import LOCAL_USER, ConversationStore
from assistant.database.connection import Database, open_database
from assistant.errors import AnonymousNetworkError, PermissionDeniedError

MANAGING_ROLES = ("editor", "admin")


def is_loopback(host: str) -> bool:
    """Whether `host` only serves this machine (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Access:
    """The deployment's access rules and the stores they need.

    `sign_in` False: no accounts. On loopback everyone may manage (one person's machine, as before
    accounts existed); with `anonymous_readers` (an explicit --allow-anonymous on another address)
    everyone may ask and nobody may manage from the page.
    """

    db: Database
    sign_in: bool
    limiter: InFlightLimiter
    anonymous_readers: bool = False
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    @property
    def accounts(self) -> AccountStore:
        return AccountStore(self.db)

    @property
    def administration(self) -> AccountAdministration:
        return AccountAdministration(self.accounts, self.audit, self.bases)

    @property
    def sessions(self) -> SessionStore:
        return SessionStore(self.db, self.accounts)

    @property
    def api_keys(self) -> ApiKeyStore:
        return ApiKeyStore(self.db, self.accounts)

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.db)

    @property
    def feedback(self) -> FeedbackStore:
        return FeedbackStore(self.db)

    @property
    def conversations(self) -> ConversationStore:
        return ConversationStore(self.db)

    @property
    def bases(self) -> BaseRegistry:
        return BaseRegistry(self.db)

    def base_right(self, user: str | None, base: str) -> str | None:
        """What `user` may do with the knowledge base `base`: "editor", "reader" or None."""
        if not self.sign_in:
            return "reader" if self.anonymous_readers else "editor"
        role = self.role(user)
        if role is None or user is None:
            return None
        if role == "admin":
            return "editor"
        if base == DEFAULT_BASE:
            return "editor" if role in MANAGING_ROLES else "reader"
        return self.bases.granted(base, user)

    def readable_bases(self, user: str | None) -> list[KnowledgeBase]:
        """The knowledge bases `user` may ask, the default base first."""
        return [b for b in self.bases.bases() if self.base_right(user, b.name) is not None]

    def require_base(self, user: str | None, base: str, right: str = "reader") -> None:
        """Raise PermissionDeniedError unless `user` may read (or, with right="editor", edit) `base`."""
        held = self.base_right(user, base)
        if held is None or (right == "editor" and held != "editor"):
            who = f"用户“{user}”" if user else "未登录的访问者"
            raise PermissionDeniedError(f"{who}没有知识库“{base}”的{'编辑' if right == 'editor' else '访问'}权限")

    def history_owner(self, user: str | None) -> str | None:
        """Whose kept conversations a caller works in: the signed-in user's; on one person's machine the
        local history; None for anonymous callers of an open server (nothing of theirs is kept)."""
        if user:
            return user
        return LOCAL_USER if not self.sign_in and not self.anonymous_readers else None

    def role(self, user: str | None) -> str | None:
        """The user's role: admin / editor / reader, or None (unknown, disabled, anonymous where sign-in is required)."""
        if not self.sign_in:
            return "reader" if self.anonymous_readers else "editor"
        return self.accounts.role_of(user)

    def limit_key(self, user: str | None, address: str) -> str | None:
        """What a per-user limit counts: the account, else the client's address — never a session hash,
        which the client chooses itself; None on one person's own machine (loopback, no accounts), where
        there is no one else to protect."""
        if user:
            return f"user:{user}"
        if not self.sign_in and not self.anonymous_readers:
            return None
        return f"addr:{address}"

    def may_manage(self, user: str | None) -> bool:
        return self.role(user) in MANAGING_ROLES

    def require_editor(self, user: str | None) -> None:
        """Raise PermissionDeniedError unless `user` may upload, delete and rebuild."""
        role = self.role(user)
        if role not in MANAGING_ROLES:
            who = f"用户“{user}”（{role or '未登录'}）" if user else "未登录的访问者"
            raise PermissionDeniedError(f"{who}没有管理文件的权限：上传、删除和重建只限编辑角色")


def open_access(data_dir: Path, per_user_questions: int = 2) -> Access:
    """The rules of one person's machine: no accounts, everyone may manage."""
    return Access(open_database(data_dir), False, InFlightLimiter(per_user_questions))


def deployment_access(
    data_dir: Path, legacy_users_file: Path | None, host: str, allow_anonymous: bool, per_user_questions: int
) -> tuple[Access, str | None]:
    """The access rules for serving on `host`, and a warning to print (or None).

    Accounts in the database mean sign-in for everyone (a users.toml an earlier version wrote is
    imported first). Without accounts, loopback runs open; any other address raises
    AnonymousNetworkError unless `allow_anonymous` (then: anonymous readers). Audit entries of
    changes a killed process left unfinished are closed as interrupted.
    """
    db = open_database(data_dir)
    accounts = AccountStore(db)
    if legacy_users_file is not None:
        accounts.import_users_file(legacy_users_file)
    AuditLog(db).mark_interrupted()
    limiter = InFlightLimiter(per_user_questions)
    if accounts.users():
        return Access(db, True, limiter), None
    if is_loopback(host):
        return Access(db, False, limiter), None
    if not allow_anonymous:
        raise AnonymousNetworkError(
            f"在 {host} 上对网络开放需要账号，但 {db.path} 中还没有用户。先添加一个管理员账号：\n"
            f"  python -m assistant users add 用户名 --role admin --data-dir {data_dir}\n"
            "（或仅在本机使用：--host 127.0.0.1；确需匿名只读访问：--allow-anonymous）"
        )
    return Access(db, False, limiter, anonymous_readers=True), (
        f"警告：在 {host} 上匿名开放，网络上任何人都可以提问；页面上的文件管理已关闭（请添加账号后再管理文件）。"
    )

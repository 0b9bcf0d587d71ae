"""Who may do what in a running app: open (one person's machine), or signed-in staff with roles."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from assistant.access.accounts import USERS_FILE, UserStore
from assistant.access.audit import AUDIT_FILE
from assistant.access.limits import InFlightLimiter
from assistant.errors import AnonymousNetworkError, PermissionDeniedError


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
    """The deployment's access rules.

    `store` None: no accounts. On loopback everyone may manage (one person's machine, as before
    accounts existed); with `anonymous_readers` (an explicit --allow-anonymous on another address)
    everyone may ask and nobody may manage from the page.
    """

    store: UserStore | None
    audit_path: Path
    limiter: InFlightLimiter
    anonymous_readers: bool = False

    @property
    def sign_in(self) -> bool:
        return self.store is not None

    def role(self, user: str | None) -> str | None:
        """The user's role: editor / reader, or None (unknown, anonymous where sign-in is required)."""
        if self.store is None:
            return "reader" if self.anonymous_readers else "editor"
        return self.store.role_of(user)

    def require_editor(self, user: str | None) -> None:
        """Raise PermissionDeniedError unless `user` may upload, delete and rebuild."""
        role = self.role(user)
        if role != "editor":
            who = f"用户“{user}”（{role or '未登录'}）" if user else "未登录的访问者"
            raise PermissionDeniedError(f"{who}没有管理文件的权限：上传、删除和重建只限编辑角色")


def open_access(index_dir: Path, per_user_questions: int = 2) -> Access:
    """The rules of one person's machine: no accounts, everyone may manage."""
    return Access(None, index_dir / AUDIT_FILE, InFlightLimiter(per_user_questions))


def deployment_access(users_file: Path | None, index_dir: Path, host: str, allow_anonymous: bool,
                      per_user_questions: int) -> tuple[Access, str | None]:
    """The access rules for serving on `host`, and a warning to print (or None).

    Accounts in the users file mean sign-in for everyone. Without accounts, loopback runs open; any
    other address raises AnonymousNetworkError unless `allow_anonymous` (then: anonymous readers).
    """
    store = UserStore(users_file or index_dir / USERS_FILE)
    audit, limiter = index_dir / AUDIT_FILE, InFlightLimiter(per_user_questions)
    if store.users():
        return Access(store, audit, limiter), None
    if is_loopback(host):
        return Access(None, audit, limiter), None
    if not allow_anonymous:
        raise AnonymousNetworkError(
            f"在 {host} 上对网络开放需要账号，但 {store.path} 中还没有用户。先添加一个编辑账号：\n"
            f"  python -m assistant users add 用户名 --role editor --users-file {store.path}\n"
            "（或仅在本机使用：--host 127.0.0.1；确需匿名只读访问：--allow-anonymous）")
    return Access(None, audit, limiter, anonymous_readers=True), (
        f"警告：在 {host} 上匿名开放，网络上任何人都可以提问；页面上的文件管理已关闭（请添加账号后再管理文件）。")

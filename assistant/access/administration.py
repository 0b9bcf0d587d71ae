"""Managing accounts from the page: only admins, every change and every refusal in the audit log.

The command line (`python -m assistant users`) is the operator's own tool and needs no role; this is
the in-app path, so each call names who acts and is checked here, whatever the page showed.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.access.accounts import ROLES, AccountStore, User
from assistant.access.audit import AuditLog
from assistant.access.bases import BaseRegistry
from assistant.errors import (
    AssistantError,
    KnowledgeBaseError,
    PermissionDeniedError,
    UnknownUserError,
    UsersFileError,
)

ROLE_LABELS = {"admin": "管理员", "editor": "编辑", "reader": "读者"}


class AccountAdministration:
    """Account changes made by `actor` through the page."""

    def __init__(self, accounts: AccountStore, audit: AuditLog, bases: BaseRegistry) -> None:
        self.accounts = accounts
        self.audit = audit
        self.bases = bases

    def listing(self, actor: str | None) -> list[User]:
        """Every account, by name (admins only)."""
        self._require_admin(actor, "查看账号")
        return sorted(self.accounts.users().values(), key=lambda u: u.name)

    def add(self, actor: str | None, name: str, role: str, password: str) -> str:
        """Create an account; returns the message for the page."""
        return self._change(
            actor,
            "添加账号",
            name,
            lambda: self.accounts.add(name, role, password),
            f"已添加{ROLE_LABELS.get(role, role)}“{name}”",
        )

    def set_role(self, actor: str | None, name: str, role: str) -> str:
        def change() -> None:
            self._keep_an_admin(name, demoted=role != "admin")
            self.accounts.set_role(name, role)

        return self._change(actor, "修改角色", name, change, f"“{name}”的角色已改为{ROLE_LABELS.get(role, role)}")

    def reset_password(self, actor: str | None, name: str, password: str) -> str:
        return self._change(
            actor,
            "重设密码",
            name,
            lambda: self.accounts.set_password(name, password),
            f"已重设“{name}”的密码（其已登录的会话随之结束）",
        )

    def set_disabled(self, actor: str | None, name: str, disabled: bool) -> str:
        def change() -> None:
            if disabled:
                self._keep_an_admin(name, demoted=True)
            self.accounts.set_disabled(name, disabled)

        action, done = ("停用账号", f"已停用“{name}”") if disabled else ("启用账号", f"已启用“{name}”")
        return self._change(actor, action, name, change, done)

    def create_base(self, actor: str | None, base: str) -> str:
        """Create the knowledge base `base` (its documents are added with `kb add`)."""
        if not base:
            raise KnowledgeBaseError("请填写知识库名称")
        return self._change(actor, "创建知识库", base, lambda: self.bases.create(base), f"已创建知识库“{base}”")

    def grant_base(self, actor: str | None, base: str, name: str, right: str) -> str:
        """Give the account `name` the right `right` (reader or editor) on the knowledge base `base`."""
        return self._change(
            actor,
            "授予知识库权限",
            f"{base}:{name}",
            lambda: self.bases.grant(base, name, right),
            f"已授予“{name}”知识库“{base}”的{ROLE_LABELS.get(right, right)}权限",
        )

    def revoke_base(self, actor: str | None, base: str, name: str) -> str:
        return self._change(
            actor,
            "收回知识库权限",
            f"{base}:{name}",
            lambda: self.bases.revoke(base, name),
            f"已收回“{name}”对知识库“{base}”的权限",
        )

    def _change(self, actor: str | None, action: str, name: str, change: Callable[[], object], done: str) -> str:
        self._require_admin(actor, action, name)
        if not name:
            raise UsersFileError("请填写用户名")
        try:
            change()
        except AssistantError as exc:
            self.audit.record(actor, action, name, result=f"error: {exc}")
            raise
        self.audit.record(actor, action, name)
        return done

    def _require_admin(self, actor: str | None, action: str, name: str = "") -> None:
        if self.accounts.role_of(actor) != "admin":
            self.audit.record(actor, action, name, result="refused: 非管理员")
            raise PermissionDeniedError("只有管理员可以管理账号")

    def _keep_an_admin(self, name: str, demoted: bool) -> None:
        """Refuse a change that would leave no enabled admin (nobody could manage accounts in the page)."""
        user = self.accounts.get(name)
        if user is None:
            raise UnknownUserError(f"没有用户“{name}”")
        admins = [u for u in self.accounts.users().values() if u.role == "admin" and not u.disabled]
        if demoted and user.role == "admin" and not user.disabled and len(admins) <= 1:
            raise UsersFileError("不能停用或降级唯一的管理员账号")


def role_choices() -> list[tuple[str, str]]:
    """(label, role) for a role picker, readers first."""
    return [(ROLE_LABELS[r], r) for r in ROLES]

"""The web UI's 账号 tab: admins add accounts, change roles, reset passwords, disable and enable, and
create knowledge bases and grant or revoke an account's right on one.

Shown only to admins; every handler checks the role again (access/administration.py), since any
event can be called through the queue whatever the page shows. Passwords typed here are never
echoed back, logged or kept in the page after the change.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.access.administration import ROLE_LABELS, AccountAdministration, role_choices
from assistant.access.policy import Access
from assistant.errors import AssistantError
from assistant.serve.messages import user_message
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import md_escape


def accounts_table(admin: AccountAdministration, actor: str | None) -> str:
    """The accounts as an HTML table (empty for anyone but an admin)."""
    try:
        users = admin.listing(actor)
    except AssistantError:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(u.name)}</td><td>{ROLE_LABELS.get(u.role, html.escape(u.role))}</td>"
        f"<td>{'已停用' if u.disabled else '启用'}</td></tr>"
        for u in users
    )
    return f"<table><tr><th>用户名</th><th>角色</th><th>状态</th></tr>{rows}</table>"


def bases_table(access: Access, actor: str | None) -> str:
    """The knowledge bases and who was granted what (empty for anyone but an admin)."""
    if access.role(actor) != "admin":
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(b.name)}</td><td>"
        + (
            "按账号角色（读者可问，编辑可管理）"
            if not b.folder
            else "、".join(
                f"{html.escape(u)}（{ROLE_LABELS.get(r, html.escape(r))}）"
                for u, r in access.bases.rights(b.name).items()
            )
            or "仅管理员"
        )
        + "</td></tr>"
        for b in access.bases.bases()
    )
    return f"<table><tr><th>知识库</th><th>权限</th></tr>{rows}</table>"


def build_accounts_tab(access: Access) -> tuple[gr.Tab, Callable[..., Any], list[Any]]:
    """Lay out the 账号 tab; returns it and the page-load function (table, and the tab shown to admins only)."""
    with gr.Tab("账号", visible=False, elem_id="accounts-tab") as tab:
        table = gr.HTML("", elem_id="accounts-table")
        with gr.Row():
            name = gr.Textbox(label="用户名", max_lines=1, max_length=32, elem_id="account-name")
            password = gr.Textbox(
                label="密码（添加或重设时填写，至少 8 个字符）",
                type="password",
                max_length=256,
                elem_id="account-password",
            )
            role = gr.Radio(role_choices(), value="reader", label="角色", elem_id="account-role")
        with gr.Row():
            add = gr.Button("添加账号", variant="primary", size="sm", elem_id="add-account")
            set_role = gr.Button("修改角色", size="sm", elem_id="set-role")
            reset = gr.Button("重设密码", size="sm", elem_id="reset-password")
            disable = gr.Button("停用", size="sm", variant="stop", elem_id="disable-account")
            enable = gr.Button("启用", size="sm", elem_id="enable-account")
        status = gr.Markdown("", elem_id="accounts-status", latex_delimiters=[])
        gr.Markdown("#### 知识库", latex_delimiters=[])
        bases = gr.HTML("", elem_id="bases-table")
        with gr.Row():
            base = gr.Textbox(label="知识库名称", max_lines=1, max_length=40, elem_id="base-name")
            member = gr.Textbox(label="用户名（授予或收回权限时填写）", max_lines=1, max_length=32, elem_id="base-user")
            right = gr.Radio(
                [("读者", "reader"), ("编辑", "editor")], value="reader", label="权限", elem_id="base-right"
            )
        with gr.Row():
            create = gr.Button("创建知识库", size="sm", elem_id="create-base")
            grant = gr.Button("授予权限", size="sm", elem_id="grant-base")
            revoke = gr.Button("收回权限", size="sm", elem_id="revoke-base")
        base_status = gr.Markdown("", elem_id="bases-status", latex_delimiters=[])

    def run(
        change: Callable[[AccountAdministration, str | None, str, str, str], str],
    ) -> Callable[[str, str, str, gr.Request], tuple[str, str, str]]:
        def handler(name: str, password: str, role: str, request: gr.Request) -> tuple[str, str, str]:
            actor = request_user(request)
            admin = access.administration
            try:
                message = "**完成**：" + md_escape(change(admin, actor, (name or "").strip(), password or "", role))
            except AssistantError as exc:
                message = "**未完成**：" + md_escape(user_message(exc))
            return message, accounts_table(admin, actor), ""  # the password box is emptied either way

        return handler

    actions = {
        add: lambda a, actor, n, pw, r: a.add(actor, n, r, pw),
        set_role: lambda a, actor, n, pw, r: a.set_role(actor, n, r),
        reset: lambda a, actor, n, pw, r: a.reset_password(actor, n, pw),
        disable: lambda a, actor, n, pw, r: a.set_disabled(actor, n, True),
        enable: lambda a, actor, n, pw, r: a.set_disabled(actor, n, False),
    }
    for button, change in actions.items():
        button.click(run(change), [name, password, role], [status, table, password], api_visibility="private")

    def run_base(
        change: Callable[[AccountAdministration, str | None, str, str, str], str],
    ) -> Callable[[str, str, str, gr.Request], tuple[str, str]]:
        def handler(base: str, member: str, right: str, request: gr.Request) -> tuple[str, str]:
            actor = request_user(request)
            try:
                message = "**完成**：" + md_escape(
                    change(access.administration, actor, (base or "").strip(), (member or "").strip(), right)
                )
            except AssistantError as exc:
                message = "**未完成**：" + md_escape(user_message(exc))
            return message, bases_table(access, actor)

        return handler

    base_actions = {
        create: lambda a, actor, b, m, r: a.create_base(actor, b),
        grant: lambda a, actor, b, m, r: a.grant_base(actor, b, m, r),
        revoke: lambda a, actor, b, m, r: a.revoke_base(actor, b, m),
    }
    for button, base_change in base_actions.items():
        button.click(run_base(base_change), [base, member, right], [base_status, bases], api_visibility="private")

    def on_load(request: gr.Request) -> tuple:
        actor = request_user(request)
        is_admin = access.role(actor) == "admin"
        listed = accounts_table(access.administration, actor) if is_admin else ""
        return gr.Tab(visible=is_admin), listed, bases_table(access, actor)

    return tab, on_load, [tab, table, bases]

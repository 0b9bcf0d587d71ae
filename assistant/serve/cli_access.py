"""Command line for a staff deployment: `users` (accounts of the web app), `keys` (API keys) and `audit`
(the change log)."""

from __future__ import annotations

import argparse
import datetime
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.access.accounts import ROLES, AccountStore
from assistant.access.api_keys import ApiKeyStore
from assistant.access.audit import AuditLog
from assistant.access.bases import BASE_RIGHTS, DEFAULT_BASE, BaseRegistry
from assistant.database.connection import open_database
from assistant.errors import DocumentError, KnowledgeBaseError, UsersFileError
from assistant.settings import Settings, build_settings, flag_values

USER_ACTIONS = ("add", "list", "remove", "passwd", "role", "disable", "enable")
KEY_ACTIONS = ("add", "list", "revoke")
BASE_ACTIONS = ("create", "list", "remove", "grant", "revoke", "add", "index")


def add_access_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Register `users` and `audit` on the CLI's subcommand parser."""
    p = sub.add_parser("users", help="staff accounts of the web app (passwords are read from a prompt or stdin)")
    common(p)
    p.add_argument("--data-dir", type=Path, help="the app's data folder (env DATA_DIR)")
    p.add_argument("action", choices=USER_ACTIONS)
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=ROLES, default="reader")
    p = sub.add_parser("keys", help="API keys of the OpenAI-compatible endpoint (a new key is printed once)")
    common(p)
    p.add_argument("--data-dir", type=Path, help="the app's data folder (env DATA_DIR)")
    p.add_argument("action", choices=KEY_ACTIONS)
    p.add_argument("name", nargs="?", help="the key's name (add, revoke)")
    p.add_argument("--user", help="the account the key acts as (add; list: only this account's keys)")
    p = sub.add_parser(
        "kb", help="knowledge bases: create, list, remove; grant or revoke a user's right; add a file; index"
    )
    common(p)
    p.add_argument("--data-dir", type=Path, help="the app's data folder (env DATA_DIR)")
    p.add_argument("action", choices=BASE_ACTIONS)
    p.add_argument("name", nargs="?", help="the knowledge base")
    p.add_argument("files", nargs="*", type=Path, help="files to add (add)")
    p.add_argument("--user", help="the account (grant, revoke)")
    p.add_argument("--right", choices=BASE_RIGHTS, default="reader", help="grant: reader (default) or editor")
    p = sub.add_parser("audit", help="print the audit log of uploads, deletions, rebuilds and refused attempts")
    common(p)
    p.add_argument("--data-dir", type=Path, help="the app's data folder (env DATA_DIR)")
    p.add_argument("--since", type=datetime.date.fromisoformat, help="from this date on (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true")


def _settings(args: argparse.Namespace) -> Settings:
    return build_settings(os.environ, **flag_values(args, "index", "data_dir"))


def _password(prompt: str) -> str:
    """A password from a hidden prompt, or the first line of stdin when it is not a terminal (scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再输入一次：") != first:
            raise UsersFileError("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_users(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = AccountStore(open_database(settings.data_dir))
    imported = store.import_users_file(settings.legacy_users_file)
    if imported:
        print(f"已从 {settings.legacy_users_file} 导入 {imported} 个账号")
    if args.action == "list":
        for user in store.users().values():
            print(f"{user.name}\t{user.role}" + ("\t已停用" if user.disabled else ""))
        return 0
    if not args.name:
        raise UsersFileError(f"users {args.action} 需要用户名")
    if args.action == "add":
        store.add(args.name, args.role, _password(f"用户“{args.name}”的密码："))
        print(f"已添加用户“{args.name}”（{args.role}），数据库：{store.path}")
    elif args.action == "passwd":
        store.set_password(args.name, _password(f"用户“{args.name}”的新密码："))
        print(f"已修改用户“{args.name}”的密码（其已登录的会话均已结束）")
    elif args.action == "role":
        store.set_role(args.name, args.role)
        print(f"用户“{args.name}”的角色已改为 {args.role}")
    elif args.action in ("disable", "enable"):
        store.set_disabled(args.name, args.action == "disable")
        print(f"已{'停用' if args.action == 'disable' else '启用'}用户“{args.name}”")
    else:
        store.remove(args.name)
        print(f"已删除用户“{args.name}”")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    db = open_database(_settings(args).data_dir)
    store = ApiKeyStore(db, AccountStore(db))
    if args.action == "list":
        for listed in store.keys(args.user):
            state = f"已吊销 {listed.revoked}" if listed.revoked else "有效"
            print(f"{listed.name}\t{listed.user}\t{listed.prefix}…\t{listed.created}\t{state}")
        return 0
    if not args.name:
        raise UsersFileError(f"keys {args.action} 需要密钥名称")
    if args.action == "add":
        if not args.user:
            raise UsersFileError("keys add 需要 --user：密钥以哪个账号的身份提问")
        key = store.add(args.name, args.user)
        print(f"已为用户“{args.user}”创建密钥“{args.name}”。密钥只显示这一次，请妥善保存：", file=sys.stderr)
        print(key)
    else:
        store.revoke(args.name)
        print(f"已吊销密钥“{args.name}”")
    return 0


def cmd_kb(args: argparse.Namespace) -> int:
    settings = _settings(args)
    registry = BaseRegistry(open_database(settings.data_dir))
    if args.action == "list":
        for base in registry.bases():
            where = settings.corpus_dir if base.name == DEFAULT_BASE else base.corpus_dir(settings.data_dir)
            rights = "、".join(f"{u}（{r}）" for u, r in registry.rights(base.name).items())
            print(f"{base.name}\t{where}\t{rights or ('按账号角色' if base.name == DEFAULT_BASE else '仅管理员')}")
        return 0
    if not args.name:
        raise KnowledgeBaseError(f"kb {args.action} 需要知识库名称")
    if args.action == "create":
        base = registry.create(args.name)
        print(f"已创建知识库“{base.name}”，文件夹：{base.corpus_dir(settings.data_dir)}")
    elif args.action == "remove":
        registry.remove(args.name)
        print(f"已删除知识库“{args.name}”及其权限（文件仍在数据文件夹中）")
    elif args.action in ("grant", "revoke"):
        if not args.user:
            raise KnowledgeBaseError(f"kb {args.action} 需要 --user")
        if args.action == "grant":
            registry.grant(args.name, args.user, args.right)
            print(f"已授予用户“{args.user}”知识库“{args.name}”的 {args.right} 权限")
        else:
            registry.revoke(args.name, args.user)
            print(f"已收回用户“{args.user}”对知识库“{args.name}”的权限")
    else:
        return _fill_base(settings, registry, args)
    return 0


def _fill_base(settings: Settings, registry: BaseRegistry, args: argparse.Namespace) -> int:
    """`kb add NAME FILE…` (each file checked and stored, then the index updated) and `kb index NAME`."""
    from assistant.ingest.corpus import add_document
    from assistant.serve.bases import base_settings
    from assistant.serve.messages import document_message
    from assistant.serve.runtime import notify_stderr, open_pipeline

    chosen = base_settings(settings, registry.get(args.name))
    chosen.corpus_dir.mkdir(parents=True, exist_ok=True)
    refused = 0
    for path in args.files if args.action == "add" else []:
        try:  # a refused file is reported and skipped: the others are still taken and indexed
            meta = add_document(chosen.corpus_dir, path.name, path.read_bytes(), chosen.chunker)
        except (DocumentError, OSError) as exc:
            refused += 1
            reason = document_message(exc) if isinstance(exc, DocumentError) else f"无法读取“{path}”：{exc}"
            print(f"未收录：{reason}", file=sys.stderr)
            continue
        print(f"已收录“{meta.source}”（{meta.region or '未识别地区'}）")
    pipeline = open_pipeline(chosen, notify=notify_stderr)
    print(f"知识库“{args.name}”：{len(pipeline.index.documents)} 个文件，{len(pipeline.index.chunks)} 个条款")
    return 1 if refused else 0


def cmd_audit(args: argparse.Namespace) -> int:
    entries = AuditLog(open_database(_settings(args).data_dir)).entries(args.since)
    for e in entries:
        if args.json:
            print(json.dumps(e, ensure_ascii=False))
        else:
            times = f"\t×{e['count']}" if e["count"] > 1 else ""
            print(f"{e['time']}\t{e['user']}\t{e['action']}\t{e['file']}\t{e['sha256'][:12]}\t{e['result']}{times}")
    return 0

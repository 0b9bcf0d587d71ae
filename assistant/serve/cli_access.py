"""Command line for a staff deployment: `users` (accounts of the web app) and `audit` (the change log)."""
from __future__ import annotations

import argparse
import datetime
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Callable

from assistant.access.accounts import ROLES, USERS_FILE, UserStore
from assistant.access.audit import AUDIT_FILE, read_audit
from assistant.errors import UsersFileError
from assistant.settings import build_settings


def add_access_commands(sub, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `users` and `audit` on the CLI's subcommand parser."""
    p = sub.add_parser("users", help="staff accounts of the web app (passwords are read from a prompt or stdin)")
    common(p)
    p.add_argument("--users-file", type=Path, help="default: users.toml in the index folder (env USERS_FILE)")
    p.add_argument("action", choices=("add", "list", "remove", "passwd"))
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=ROLES, default="reader")
    p = sub.add_parser("audit", help="print the audit log of uploads, deletions, rebuilds and refused attempts")
    common(p)
    p.add_argument("--since", type=datetime.date.fromisoformat, help="from this date on (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true")


def _password(prompt: str) -> str:
    """A password from a hidden prompt, or the first line of stdin when it is not a terminal (scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再输入一次：") != first:
            raise UsersFileError("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_users(args: argparse.Namespace) -> int:
    settings = build_settings(os.environ, index_dir=args.index, users_file=getattr(args, "users_file", None))
    store = UserStore(settings.users_file or settings.index_dir / USERS_FILE)
    if args.action == "list":
        for user in store.users().values():
            print(f"{user.name}\t{user.role}")
        return 0
    if not args.name:
        raise UsersFileError(f"users {args.action} 需要用户名")
    if args.action == "add":
        store.add(args.name, args.role, _password(f"用户“{args.name}”的密码："))
        print(f"已添加用户“{args.name}”（{args.role}），账号文件：{store.path}")
    elif args.action == "passwd":
        store.set_password(args.name, _password(f"用户“{args.name}”的新密码："))
        print(f"已修改用户“{args.name}”的密码")
    else:
        store.remove(args.name)
        print(f"已删除用户“{args.name}”")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    entries = read_audit(build_settings(os.environ, index_dir=args.index).index_dir / AUDIT_FILE, args.since)
    for e in entries:
        if args.json:
            print(json.dumps(e, ensure_ascii=False))
        else:
            print(f"{e['time']}\t{e['user']}\t{e['action']}\t{e['file']}\t{e['sha256'][:12]}\t{e['result']}")
    return 0

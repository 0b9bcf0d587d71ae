"""Knowledge bases: named sets of documents, each with its own corpus folder, index and indicator table,
and who may read or edit each.

The default base (DEFAULT_BASE) is the install's own corpus and index folders: it has no row, so a
single-corpus install keeps working as it was, without a rebuild, and each account uses it with its
role (a reader reads, an editor edits). A created base lives in the data folder (bases/<folder>/corpus
and /index). Admins read and edit every base; other accounts only the bases they were granted, as
reader or editor. Without accounts, one person's machine edits every base and anonymous readers read
every base (`Access.base_right`).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.database.connection import Database
from assistant.errors import KnowledgeBaseError

DEFAULT_BASE = "默认"
BASE_RIGHTS = ("reader", "editor")
_NAME_RE = re.compile(r"^[\w.\-\u4e00-\u9fff]{1,40}$")


@dataclass(frozen=True)
class KnowledgeBase:
    """A base's name and folders (`folder` empty for the default base, whose folders are the settings')."""

    name: str
    folder: str = ""
    created: str = ""

    def corpus_dir(self, data_dir: Path) -> Path:
        return base_home(data_dir, self.folder) / "corpus"

    def index_dir(self, data_dir: Path) -> Path:
        return base_home(data_dir, self.folder) / "index"


def base_home(data_dir: Path, folder: str) -> Path:
    """Where a created base (its `folder`) keeps its corpus, its index and its deleted files."""
    return data_dir / "bases" / folder


def _folder_of(name: str) -> str:
    # A fixed ASCII name per base: a file system or a Milvus collection never sees the base's own name.
    return "kb_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


class BaseRegistry:
    """The created knowledge bases of one database and their readers and editors."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def bases(self) -> list[KnowledgeBase]:
        """The default base first, then every created base by name."""
        rows = self.db.rows("SELECT name, folder, created FROM knowledge_bases ORDER BY name")
        return [KnowledgeBase(DEFAULT_BASE)] + [KnowledgeBase(r["name"], r["folder"], r["created"]) for r in rows]

    def get(self, name: str) -> KnowledgeBase:
        """The base `name` (KnowledgeBaseError when there is none)."""
        for base in self.bases():
            if base.name == name:
                return base
        raise KnowledgeBaseError(f"没有名为“{name}”的知识库")

    def create(self, name: str) -> KnowledgeBase:
        """A new, empty base `name`; its folders are made when it is first opened."""
        if not _NAME_RE.match(name) or name == DEFAULT_BASE:
            raise KnowledgeBaseError(
                f"知识库名称“{name}”无效：1–40 个汉字、字母、数字、点、下划线或连字符，且不能是“{DEFAULT_BASE}”"
            )
        base = KnowledgeBase(name, _folder_of(name), datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
        with self.db.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO knowledge_bases (name, folder, created) VALUES (?, ?, ?)",
                    (base.name, base.folder, base.created),
                )
            except sqlite3.IntegrityError as exc:
                raise KnowledgeBaseError(f"已有名为“{name}”的知识库") from exc
        return base

    def remove(self, name: str) -> None:
        """Forget the base `name` and its rights. Its folders stay on disk for the administrator to keep or
        delete; a base created again under the same name takes them back (the folder follows the name)."""
        self._created(name)
        with self.db.transaction() as db:
            db.execute("DELETE FROM knowledge_bases WHERE name = ?", (name,))

    def grant(self, name: str, user: str, right: str) -> None:
        """Give `user` the right `right` (reader or editor) on the base `name`, replacing an earlier one."""
        self._created(name)
        if right not in BASE_RIGHTS:
            raise KnowledgeBaseError(f"权限“{right}”无效：只能是 {' / '.join(BASE_RIGHTS)}")
        with self.db.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO base_rights (base, user, access) VALUES (?, ?, ?) "
                    "ON CONFLICT (base, user) DO UPDATE SET access = excluded.access",
                    (name, user, right),
                )
            except sqlite3.IntegrityError as exc:
                raise KnowledgeBaseError(f"没有用户“{user}”") from exc

    def revoke(self, name: str, user: str) -> None:
        """Take every right on the base `name` from `user`."""
        self._created(name)
        with self.db.transaction() as db:
            db.execute("DELETE FROM base_rights WHERE base = ? AND user = ?", (name, user))

    def rights(self, name: str) -> dict[str, str]:
        """Who was granted what on the base `name` (admins and the default base's roles are not listed)."""
        rows = self.db.rows("SELECT user, access FROM base_rights WHERE base = ? ORDER BY user", (name,))
        return {str(r["user"]): str(r["access"]) for r in rows}

    def granted(self, name: str, user: str) -> str | None:
        rows = self.db.rows("SELECT access FROM base_rights WHERE base = ? AND user = ?", (name, user))
        return str(rows[0]["access"]) if rows else None

    def _created(self, name: str) -> None:
        if name == DEFAULT_BASE:
            raise KnowledgeBaseError(f"“{DEFAULT_BASE}”知识库的权限随账号角色，不能单独授予或删除")
        self.get(name)

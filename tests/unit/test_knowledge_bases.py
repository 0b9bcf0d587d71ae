"""Knowledge bases without an index: who may read or edit which base, and one answer from several."""

from __future__ import annotations

import pytest

from assistant.access.accounts import AccountStore
from assistant.access.bases import DEFAULT_BASE, BaseRegistry
from assistant.access.limits import InFlightLimiter
from assistant.access.policy import Access
from assistant.answer.combined import combine_answers
from assistant.database.connection import open_database
from assistant.documents import Answer, Citation
from assistant.errors import KnowledgeBaseError, PermissionDeniedError


def _access(tmp_path, sign_in: bool = True) -> Access:
    db = open_database(tmp_path)
    accounts = AccountStore(db)
    for name, role in (("admin", "admin"), ("editor", "editor"), ("reader", "reader")):
        accounts.add(name, role, f"{name}-password-1")
    return Access(db, sign_in, InFlightLimiter(2))


def test_rights_per_base(tmp_path):
    access = _access(tmp_path)
    access.bases.create("水务局")
    access.bases.grant("水务局", "reader", "editor")
    assert access.base_right("admin", "水务局") == "editor"  # admins: every base
    assert access.base_right("editor", "水务局") is None  # a role alone opens no created base
    assert access.base_right("reader", "水务局") == "editor"
    assert access.base_right("reader", DEFAULT_BASE) == "reader"  # the default base follows the role
    assert access.base_right("editor", DEFAULT_BASE) == "editor"
    assert access.base_right(None, DEFAULT_BASE) is None
    assert [b.name for b in access.readable_bases("editor")] == [DEFAULT_BASE]
    with pytest.raises(PermissionDeniedError, match="水务局"):
        access.require_base("editor", "水务局")
    access.bases.revoke("水务局", "reader")
    assert access.base_right("reader", "水务局") is None
    assert _access(tmp_path / "own", sign_in=False).base_right(None, "水务局") == "editor"  # one person's machine


def test_bad_names_and_rights_are_refused(tmp_path):
    registry = BaseRegistry(open_database(tmp_path))
    for name in ("", "a/b", "../x", DEFAULT_BASE, "x" * 41):
        with pytest.raises(KnowledgeBaseError):
            registry.create(name)
    base = registry.create("县环保局")
    assert base.folder.startswith("kb_") and base.folder.isascii()
    with pytest.raises(KnowledgeBaseError):
        registry.create("县环保局")
    with pytest.raises(KnowledgeBaseError):
        registry.grant("县环保局", "nobody", "reader")  # no such account
    with pytest.raises(KnowledgeBaseError):
        registry.grant(DEFAULT_BASE, "nobody", "reader")
    registry.remove("县环保局")
    assert [b.name for b in registry.bases()] == [DEFAULT_BASE]


def _answer(text: str, found: bool, *numbers: int) -> Answer:
    cites = [Citation(n, f"d{n}", "t", "乌海", "h", "x", 0, 1, 1.0, chunk_id=f"c{n}") for n in numbers]
    return Answer("q", text, found, True, "extractive", cites, {"total": 1.0})


def test_one_answer_from_several_bases():
    both = combine_answers([("默认", _answer("3.78%[1]；[2]", True, 1, 2)), ("水务局", _answer("5.55%[1]", True, 1))])
    assert both.answer == "【默认】3.78%[1]；[2]\n\n【水务局】5.55%[3]"
    assert [(c.n, c.base) for c in both.citations] == [(1, "默认"), (2, "默认"), (3, "水务局")]
    only = combine_answers([("默认", _answer("未找到", False)), ("水务局", _answer("5.55%[1]", True, 1))])
    assert only.answer == "5.55%[1]" and only.citations[0].base == "水务局"
    none = combine_answers([("默认", _answer("未找到", False)), ("水务局", _answer("也未找到", False))])
    assert none.answer == "未找到" and not none.found


def test_bases_are_created_and_granted_in_the_page_by_admins_only(tmp_path):
    access = _access(tmp_path)
    admin = access.administration
    with pytest.raises(PermissionDeniedError):
        admin.create_base("editor", "水务局")
    assert "水务局" in admin.create_base("admin", "水务局")
    assert "读者" in admin.grant_base("admin", "水务局", "reader", "reader")
    with pytest.raises(PermissionDeniedError):
        admin.revoke_base("editor", "水务局", "reader")
    with pytest.raises(KnowledgeBaseError):
        admin.create_base("admin", "")
    entries = access.audit.entries(limit=10)
    assert any(
        e["action"] == "授予知识库权限" and e["file"] == "水务局:reader" and e["result"] == "ok" for e in entries
    )
    assert any(e["action"] == "创建知识库" and e["result"].startswith("refused") for e in entries)

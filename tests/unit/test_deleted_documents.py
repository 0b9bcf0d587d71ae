"""Deleted files kept for 撤销删除: the latest first, dropped when restored, all dropped by a rebuild."""

from __future__ import annotations

from assistant.serve.deleted_documents import DeletedDocuments


def test_the_latest_deleted_file_is_restored_first_until_a_rebuild(tmp_path):
    trash = DeletedDocuments(tmp_path)
    assert trash.latest() is None
    trash.keep("甲方案.md", b"a")
    second = trash.keep("乙方案.md", b"b")
    assert trash.latest() == second and second.read_bytes() == b"b"
    trash.forget(second)
    assert trash.latest().name == "甲方案.md"
    trash.clear()
    assert trash.latest() is None

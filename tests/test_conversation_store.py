"""The conversation store on a real SQLite file: per-user lists, search, rename, delete, and a killed writer."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import assistant.conversation.store as store_module
from assistant.access.accounts import AccountStore
from assistant.conversation.store import ConversationStore, title_from
from assistant.database.connection import open_database
from assistant.errors import ConversationNotFoundError
from tests.conftest import ROOT


def _turn(question: str, answer: str = "森林覆盖率达到3.78%[1]。") -> dict:
    return {"question": question, "answer": {"question": question, "answer": answer, "citations": []}}


def test_turns_are_kept_in_order_under_a_title_from_the_first_question(tmp_path):
    store = ConversationStore(open_database(tmp_path))
    first = store.add_turn("张三", None, _turn("2025年乌海森林覆盖率目标"))
    assert store.add_turn("张三", first, _turn("那银川呢？")) == first
    store.add_turn("张三", first, {"question": "坏问题", "answer": None, "error": "出错了"})
    assert [t["question"] for t in store.turns("张三", first)] == ["2025年乌海森林覆盖率目标", "那银川呢？", "坏问题"]
    assert store.turns("张三", first)[2] == {"question": "坏问题", "answer": None, "error": "出错了"}
    later = store.add_turn("张三", None, _turn("无锡自然湿地保护率目标"))
    assert [c.id for c in store.conversations("张三")] == [later, first]  # newest first
    assert store.conversations("张三")[1].title == "2025年乌海森林覆盖率目标"
    assert len(title_from("问" * 100)) == 40 and title_from("  a \n b ") == "a b"


def test_search_finds_questions_and_answers_and_treats_wildcards_as_text(tmp_path):
    store = ConversationStore(open_database(tmp_path))
    a = store.add_turn("u", None, _turn("乌海的目标"))
    store.add_turn("u", a, _turn("还有呢", answer="草原综合植被覆盖度保持在21%"))
    b = store.add_turn("u", None, _turn("100%_完成"))
    assert [c.id for c in store.conversations("u", "植被")] == [a]
    assert [c.id for c in store.conversations("u", "%_")] == [b]
    assert store.conversations("u", "不存在的词") == []


def test_another_users_conversation_reads_as_not_found(tmp_path):
    store = ConversationStore(open_database(tmp_path))
    mine = store.add_turn("甲", None, _turn("2025年乌海森林覆盖率目标"))
    assert store.conversations("乙") == []
    for attempt in (
        lambda: store.turns("乙", mine),
        lambda: store.rename("乙", mine, "我的"),
        lambda: store.delete("乙", mine),
        lambda: store.add_turn("乙", mine, _turn("偷看")),
    ):
        with pytest.raises(ConversationNotFoundError):
            attempt()
    assert [t["question"] for t in store.turns("甲", mine)] == ["2025年乌海森林覆盖率目标"]


def test_a_removed_account_takes_its_conversations_along(tmp_path):
    db = open_database(tmp_path)
    AccountStore(db).add("张三", "reader", "a-password-1")
    ConversationStore(db).add_turn("张三", None, _turn("2025年乌海森林覆盖率目标"))
    AccountStore(db).remove("张三")
    AccountStore(db).add("张三", "reader", "another-password-2")  # a new colleague of the same name
    assert ConversationStore(db).conversations("张三") == []
    assert oct(tmp_path.stat().st_mode)[-3:] == "700"  # the data folder is made private, even one made before


def test_a_users_history_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_CONVERSATIONS", 3)
    monkeypatch.setattr(store_module, "MAX_KEPT_TURNS", 2)
    store = ConversationStore(open_database(tmp_path))
    first = store.add_turn("u", None, _turn("问题0"))
    for n in range(1, 4):
        store.add_turn("u", first, _turn(f"问题{n}"))
    assert [t["question"] for t in store.turns("u", first)] == ["问题2", "问题3"]  # the latest turns stay
    for n in range(3):
        store.add_turn("u", None, _turn(f"新{n}"))
    assert [c.title for c in store.conversations("u")] == ["新2", "新1", "新0"]  # the oldest went
    store.add_turn("v", None, _turn("别人的"))
    assert len(store.conversations("u")) == 3 and len(store.conversations("v")) == 1


def test_rename_and_delete(tmp_path):
    db = open_database(tmp_path)
    store = ConversationStore(db)
    kept = store.add_turn("u", None, _turn("2025年乌海森林覆盖率目标"))
    store.rename("u", kept, "  乌海 林草 ")
    assert store.conversations("u")[0].title == "乌海 林草"
    store.delete("u", kept)
    assert store.conversations("u") == [] and db.rows("SELECT * FROM turns") == []


WRITER = """
import sys
from pathlib import Path
from assistant.access.accounts import AccountStore
import assistant.conversation.store as store_module
from assistant.conversation.store import ConversationStore
from assistant.database.connection import open_database
store = ConversationStore(open_database(Path(sys.argv[1])))
kept = None
for n in range(100000):
    kept = store.add_turn("u", kept, {"question": f"问题{n}", "answer": {"answer": "答" * 2000, "citations": []}})
    print(n, flush=True)
"""


def test_a_killed_server_loses_no_kept_turn_and_leaves_no_damage(tmp_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    acknowledged = -1
    deadline = time.monotonic() + 60
    while acknowledged < 200 and time.monotonic() < deadline:
        acknowledged = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)  # mid-write: no chance to close anything
    writer.wait()
    raw = sqlite3.connect(tmp_path / "assistant.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    store = ConversationStore(open_database(tmp_path))
    [conversation] = store.conversations("u")
    questions = [t["question"] for t in store.turns("u", conversation.id)]
    # Every turn the writer was told was kept is there; the writer may have kept more before the kill
    # reached it (its acknowledgements wait in the pipe), and those are whole too: the turns run on
    # without a gap, each with its answer.
    assert len(questions) >= acknowledged + 1
    assert questions == [f"问题{n}" for n in range(len(questions))]
    assert all(t["answer"]["answer"] == "答" * 2000 for t in store.turns("u", conversation.id))

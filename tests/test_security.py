"""Issue 23, library level: each hole found in the signed-in deployment, as a class, on real parts
(the real database, real parsers in their own process, a real full file system on tmpfs)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.access.accounts import AccountStore
from assistant.access.audit import INTERRUPTED, AuditLog
from assistant.access.login_limits import LoginThrottle
from assistant.access.policy import deployment_access, open_access
from assistant.answer.verification import verify
from assistant.database.connection import open_database
from assistant.documents import Chunk
from assistant.errors import (
    ArchiveTooLargeError,
    IndexCorruptedError,
    LoginThrottledError,
    ParseLimitError,
    StorageError,
    TextTooLongError,
    TooManyChunksError,
    TooManyPagesError,
)
from assistant.index.layout import load_index
from assistant.ingest.corpus import add_document
from assistant.ingest.loading import corpus_sources, load_corpus
from assistant.ingest.readers import MAX_DOCUMENT_CHARS, decode_text, read_docx
from assistant.ingest.sandbox import ParseLimits
from assistant.serve.holder import PipelineHolder
from assistant.serve.management import DocumentManager
from assistant.serve.messages import user_message
from assistant.serve.runtime import open_pipeline
from assistant.serve.web.callers import caller
from assistant.serve.web.chat import MAX_MESSAGE_CHARS
from assistant.serve.web.feedback import make_feedback
from assistant.settings import Settings

from .conftest import ROOT, chat_for, copy_cache

CI = bool(os.environ.get("CI"))


# 1. no path from client data; the corpus is one folder --------------------------------------------------


def test_corpus_reads_no_subfolder_and_follows_no_link(small_corpus, tmp_path):
    nested = small_corpus / "session-x1"
    nested.mkdir()
    (nested / "问答记录.md").write_text("乌海森林覆盖率达到99%。\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("乌海森林覆盖率达到99%。\n", encoding="utf-8")
    (small_corpus / "link.txt").symlink_to(outside)
    assert corpus_sources(small_corpus) == sorted(
        p.name for p in small_corpus.iterdir() if p.is_file() and not p.is_symlink()
    )
    assert not any("99%" in d.text for d in load_corpus(small_corpus).documents)


# 7. bounded state, feedback and limits -------------------------------------------------------------


def test_a_huge_question_is_not_kept_whole(pipeline, tmp_path):
    chat = chat_for(pipeline, open_access(tmp_path))
    huge = "乌海森林覆盖率" * 300_000  # 2.1 MB
    *_, (history, _, _, turns, _) = chat(huge, [], [], [], None)
    assert len(turns[-1]["question"]) <= MAX_MESSAGE_CHARS
    assert sum(len(str(m["content"])) for m in history) < 3 * MAX_MESSAGE_CHARS + 20_000


def test_limits_are_keyed_by_account_or_address_never_by_session_hash(tmp_path):
    def request(user, host, session):
        return SimpleNamespace(username=user, client=SimpleNamespace(host=host), session_hash=session)

    anonymous, _ = deployment_access(tmp_path, None, "0.0.0.0", True, 2)
    assert (
        caller(anonymous, request(None, "10.0.0.5", "a"))[1] == caller(anonymous, request(None, "10.0.0.5", "../b"))[1]
    )
    assert caller(anonymous, request(None, "10.0.0.5", "a"))[1] != caller(anonymous, request(None, "10.0.0.6", "a"))[1]
    assert (
        caller(anonymous, request("reader1", "10.0.0.5", "a"))[1]
        == caller(anonymous, request("reader1", "10.0.0.9", "z"))[1]
    )
    assert caller(open_access(tmp_path / "own"), request(None, "127.0.0.1", "a"))[1] is None  # one person's machine


def test_feedback_stores_only_the_servers_answer_and_a_verdict(pipeline, tmp_path):
    access = open_access(tmp_path)
    chat = chat_for(pipeline, access)
    *_, (history, _, _, turns, _) = chat("2025年乌海森林覆盖率目标", [], [], [], None)
    on_like = make_feedback(access)
    forged = gr.LikeData(None, {"index": 1, "value": "x" * 3_000_000, "liked": "x" * 3_000_000})
    assert "无效" in on_like(turns, forged)[0]
    on_like(turns, gr.LikeData(None, {"index": 1, "value": "x" * 3_000_000, "liked": True}))
    [record] = access.feedback.records()
    assert record["verdict"] == "up" and "3.78%" in record["answer"]["answer"]
    assert access.db.path.stat().st_size < 500_000


def test_repeated_refusals_are_one_audit_entry(tmp_path):
    audit = AuditLog(open_database(tmp_path))
    for _ in range(30):
        audit.record("reader1", "rebuild", result="refused: reader")
    audit.record("reader1", "upload", "a.txt", result="refused: reader")
    entries = audit.entries()
    assert [(e["action"], e["count"]) for e in entries] == [("rebuild", 30), ("upload", 1)]


# 2. and 3. sessions end with the account; guessing is bounded -------------------------------------------


def test_sessions_end_when_the_account_changes(tmp_path):
    access = open_access(tmp_path)
    access.accounts.add("reader1", "reader", "reader-pass-1")
    first, second = access.sessions.begin("reader1"), access.sessions.begin("reader1")
    assert access.sessions.user_of(first) == "reader1"
    access.accounts.set_password("reader1", "reader-pass-2")
    assert access.sessions.user_of(first) is None and access.sessions.user_of(second) is None
    third = access.sessions.begin("reader1")
    access.accounts.set_disabled("reader1", True)
    assert access.sessions.user_of(third) is None and access.accounts.authenticate("reader1", "reader-pass-2") is None
    access.accounts.set_disabled("reader1", False)
    fourth = access.sessions.begin("reader1")
    access.accounts.remove("reader1")
    assert access.sessions.user_of(fourth) is None
    assert access.sessions.user_of("forged") is None and access.sessions.user_of("x" * 10_000) is None


def test_login_throttle_locks_with_back_off():
    now = [1000.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    throttle.begin("reader1", "10.0.0.5")
    throttle.succeeded("reader1", "10.0.0.5")  # a right password is not counted
    for _ in range(10):  # ten attempts are let through (each counted before its password is checked)
        throttle.begin("editor1", "10.0.0.5")
    with pytest.raises(LoginThrottledError) as locked:
        throttle.begin("editor1", "10.0.0.5")
    assert locked.value.retry_after == 60
    with pytest.raises(LoginThrottledError):  # another account from the same address
        throttle.begin("reader1", "10.0.0.5")
    with pytest.raises(LoginThrottledError):  # the same account from another address
        throttle.begin("editor1", "10.0.0.6")
    throttle.begin("reader1", "10.0.0.6")
    now[0] += 61
    for _ in range(10):
        throttle.begin("editor1", "10.0.0.5")
    with pytest.raises(LoginThrottledError) as again:
        throttle.begin("editor1", "10.0.0.5")
    assert again.value.retry_after == 120  # the second lock in a row lasts twice as long


def test_parallel_account_changes_lose_nothing_and_stay_private(tmp_path):
    data = tmp_path / "data"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant",
                "users",
                "add",
                f"user{k}",
                "--role",
                "reader",
                "--data-dir",
                str(data),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for k in range(20)
    ]
    for run in runs:
        _, err = run.communicate(f"password-{run.pid}\n".encode(), timeout=300)
        assert run.returncode == 0, err.decode()
    store = AccountStore(open_database(data))
    assert sorted(store.users()) == sorted(f"user{k}" for k in range(20))
    assert oct(store.path.stat().st_mode)[-3:] == "600" and oct(data.stat().st_mode)[-3:] == "700"


# 5. a failed write is a failure ---------------------------------------------------------------------


@contextmanager
def small_disk(path: Path, size_kb: int):
    """A tmpfs of `size_kb` at `path` (needs root: CI runs as root; elsewhere the test is skipped)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        if CI:
            pytest.fail(f"cannot mount a tmpfs in CI: {mounted.stderr}")
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> None:
    """Write until the file system is full (it may be already)."""
    try:
        with open(folder / "filler", "wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
    except OSError:
        return


def du_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


def test_upload_on_a_full_disk_is_reported_and_audited_as_failed(pipeline, small_corpus, tmp_path):
    index_source = tmp_path / "seed-index"
    copy_cache(pipeline, index_source)
    settings = Settings(
        corpus_dir=small_corpus, index_dir=index_source, show_progress=False, data_dir=tmp_path / "data"
    )
    quiet = {"notify": lambda message: None, "embeddings": pipeline.retriever.embeddings}
    open_pipeline(settings, **quiet)  # a complete index of the two documents
    with small_disk(tmp_path / "disk", du_kb(index_source) * 2 + 4096) as disk:
        shutil.copytree(index_source, disk / "index")
        settings = Settings(
            corpus_dir=small_corpus, index_dir=disk / "index", show_progress=False, data_dir=tmp_path / "data"
        )
        holder = PipelineHolder(open_pipeline(settings, **quiet))
        fill(disk)
        access, _ = deployment_access(settings.data_dir, None, "127.0.0.1", False, 2)
        before = sorted(p.name for p in small_corpus.iterdir())
        data = "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n".encode()
        steps = list(DocumentManager(holder, access).upload(None, "包头.txt", lambda: data))
        assert not steps[-1].ok and "失败" in steps[-1].message and not any("完成" in s.message for s in steps)
        assert sorted(p.name for p in small_corpus.iterdir()) == before  # the corpus change was undone
        assert access.audit.entries()[-1]["result"].startswith("error")
        assert len(holder.get().index.documents) == 2


def test_full_data_folder_refuses_writes_with_a_message(pipeline, small_corpus, tmp_path):
    with small_disk(tmp_path / "disk", 512) as disk:
        access, _ = deployment_access(disk, None, "127.0.0.1", False, 2)
        chat = chat_for(pipeline, access)
        *_, (_, _, _, turns, _) = chat("2025年乌海森林覆盖率目标", [], [], [], None)
        fill(disk)
        assert "未保存" in make_feedback(access)(turns, gr.LikeData(None, {"index": 1, "value": "", "liked": True}))[0]
        with pytest.raises(StorageError):
            access.audit.record("editor1", "rebuild", result="ok")
        holder = PipelineHolder(pipeline)
        before = sorted(p.name for p in small_corpus.iterdir())
        steps = list(DocumentManager(holder, access).rebuild(None))
        assert steps[-1].done and not steps[-1].ok and "操作未执行" in steps[-1].message
        assert sorted(p.name for p in small_corpus.iterdir()) == before


# 6. hostile files are read under limits -------------------------------------------------------------


def _xml_bomb(xml_bytes: int) -> bytes:
    """A .docx whose document.xml unpacks to `xml_bytes` of repeated paragraphs (compresses ~300x)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        members = {name: source.read(name) for name in source.namelist()}
    paragraph = b"<w:p><w:r><w:t>" + "森林覆盖率达到20%。".encode() * 20 + b"</w:t></w:r></w:p>"
    body = paragraph * (xml_bytes // len(paragraph))
    members["word/document.xml"] = members["word/document.xml"].replace(b"<w:body>", b"<w:body>" + body, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_docx_xml_bomb_is_refused_before_parsing(small_corpus):
    bomb = _xml_bomb(45 * 2**20)
    assert len(bomb) < 1_000_000
    began = time.monotonic()
    with pytest.raises(ArchiveTooLargeError, match="XML"):
        add_document(small_corpus, "炸弹.docx", bomb)
    assert time.monotonic() - began < 30  # refused from the zip directory, not after parsing (69 s before)


def test_parsing_runs_under_time_and_memory_limits(small_corpus):
    # 90,000 clauses under the text bound: reading them takes ~300 MB and ~8 s. With less memory or
    # time than that the child is stopped — not the app — and the upload is refused with the reason.
    text = ("某市生态建设方案\n" + "".join(f"{k}.推进第{k}片区造林。\n" for k in range(90_000))).encode()
    with pytest.raises(ParseLimitError, match="内存"):
        add_document(small_corpus, "清单.txt", text, limits=ParseLimits(60, 200 * 2**20))
    with pytest.raises(ParseLimitError, match="秒"):
        add_document(small_corpus, "清单.txt", text, limits=ParseLimits(1, 1536 * 2**20))
    with pytest.raises(TooManyChunksError):  # with the defaults it is read, and refused for its size
        add_document(small_corpus, "清单.txt", text)
    assert not any(p.name.startswith(".upload") or p.name == "清单.txt" for p in small_corpus.iterdir())


def test_pdf_page_bomb_is_refused(small_corpus):
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(20_000):
        writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(TooManyPagesError):
        add_document(small_corpus, "两万页.pdf", buffer.getvalue())


def test_huge_text_is_refused_before_chunking(small_corpus):
    text = ("某市生态建设方案\n" + "推进造林绿化，森林覆盖率稳步提高。\n" * 380_000).encode()
    assert 18 * 2**20 < len(text) < 20 * 2**20
    began = time.monotonic()
    with pytest.raises(TextTooLongError) as refused:
        add_document(small_corpus, "长文.txt", text)
    assert refused.value.limit == MAX_DOCUMENT_CHARS and time.monotonic() - began < 15  # 15.7 s before


# 8. smaller -------------------------------------------------------------------------------------------


def test_index_file_changed_after_loading_is_refused_with_a_message(pipeline, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(pipeline.settings.index_dir, index_dir, ignore=shutil.ignore_patterns("cache"))
    index = load_index(index_dir)
    chunks_file = index.directory / "chunks-0.jsonl"
    data = chunks_file.read_bytes()
    at = data.index(b"3.78%")
    with open(chunks_file, "r+b") as fh:  # an in-place edit: same size, same name, after start
        fh.seek(at)
        fh.write(b"9")
    with pytest.raises(IndexCorruptedError, match="changed after it was loaded") as refused:
        list(index.chunks)
    assert "索引已损坏" in user_message(refused.value)
    with open(chunks_file, "r+b") as fh:  # garbled bytes: a message, not "内部错误：UnicodeDecodeError"
        fh.seek(at)
        fh.write(b"\xff\xfe\xfd")
    with pytest.raises(IndexCorruptedError):
        list(index.chunks)
    with pytest.raises(IndexCorruptedError):  # and a fresh load finds it by its checksum
        load_index(index_dir)
    with open(chunks_file, "r+b") as fh:  # truncated while mapped: a message, not a crash
        fh.truncate(at)
    with pytest.raises(IndexCorruptedError, match="truncated"):
        list(index.chunks)


def test_interrupted_change_keeps_its_audit_entry(tmp_path):
    access, _ = deployment_access(tmp_path, None, "127.0.0.1", False, 2)
    entry = access.audit.begin("editor1", "upload", "包头.txt", b"data")
    assert access.audit.entries()[-1]["result"] == "started"  # written before the change
    del access  # the process is killed here; the next start closes the entry
    restarted, _ = deployment_access(tmp_path, None, "127.0.0.1", False, 2)
    [last] = [e for e in restarted.audit.entries() if e["id"] == entry]
    assert last["result"] == INTERRUPTED and last["sha256"]


def test_utf16_without_byte_order_mark_is_read():
    text = "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_text(text.encode(encoding), "a.txt") == text


def test_nested_docx_tables_are_read():
    import docx

    document = docx.Document()
    document.add_paragraph("包头市绿化方案")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "主要指标"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "森林覆盖率"
    inner.cell(0, 1).text = "20%"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_docx(buffer.getvalue(), "a.docx")
    assert "森林覆盖率 20%" in text


@pytest.mark.parametrize(
    "answer", ["森林覆盖率达到百分之九十九[1]。", "投资5亿港元[1]。", "增速为−3.78%[1]。", "建成九十九个[1]。"]
)
def test_grounding_refuses_figures_the_clause_does_not_state(answer):
    clause = Chunk(
        "c",
        "d",
        "方案",
        "乌海",
        ("一、目标",),
        "一",
        None,
        0,
        40,
        "森林覆盖率达到35%，投资5亿元，增速为3.78%，建成9个。",
        "",
        20,
    )
    assert not verify(answer, {1: clause}).grounded
    assert verify("森林覆盖率达到百分之三十五[1]。", {1: clause}).grounded

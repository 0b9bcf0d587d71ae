"""Changing what the assistant knows: upload, delete and rebuild as one transaction each.

Every operation checks the caller's role, is entered in the audit log before anything changes
("started") and completed after (ok / refused / error), changes the corpus, builds the new index
and checks that it holds the change before it is served; a failure at any step puts the corpus
back and is reported (and audited) as a failure — never as success. One operation runs at a time.
The web tab only turns the steps into page updates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.access.bases import DEFAULT_BASE, base_home
from assistant.access.policy import Access
from assistant.atomic import write_atomic
from assistant.errors import AssistantError, DocumentError, IndexCheckError, PermissionDeniedError, StorageError
from assistant.ingest.corpus import add_document, remove_document
from assistant.ingest.sandbox import ParseLimits
from assistant.serve.deleted_documents import DeletedDocuments
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import document_message, user_message
from assistant.serve.runtime import Pipeline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """Where an operation stands: `message` in plain text (the page escapes it); `done` with `ok` and the
    pipeline now served when it succeeded."""

    message: str
    done: bool = False
    ok: bool = False
    pipeline: Pipeline | None = None
    refused: bool = False  # the file itself was refused (empty, duplicate …): trying again will not help


@dataclass(frozen=True)
class _Operation:
    """One corpus change: what the audit log calls it, the file it concerns, how to read the file's bytes
    (None: nothing to read), the change itself, how to undo it, and what the new index must hold."""

    action: str
    file_name: str
    read: Callable[[], bytes] | None
    change: Callable[[bytes | None], str]
    undo: Callable[[], None]
    check: Callable[[Pipeline], None] | None
    rebuild: bool = False


class DocumentManager:
    """Upload, delete and rebuild for the holder's pipeline (the knowledge base `base`), with `access`'s
    rules and audit log."""

    def __init__(self, holder: PipelineHolder, access: Access, base: str = DEFAULT_BASE) -> None:
        self.holder, self.access, self.base = holder, access, base

    def _trash(self) -> DeletedDocuments:
        """This base's deleted files (a created base keeps its own beside its folders)."""
        settings = self.holder.get().settings
        namespace = settings.index_namespace  # a created base's folder (serve.bases.base_settings)
        return DeletedDocuments(base_home(settings.data_dir, namespace) if namespace else settings.data_dir)

    def upload(self, user: str | None, name: str, read: Callable[[], bytes], action: str = "upload") -> Iterator[Step]:
        """Add a file (`read()` gives its bytes, called only once the caller may upload); `action` names it
        in the audit log (a restored file is an upload too)."""
        settings = self.holder.get().settings
        added: list[str] = []

        def change(data: bytes | None) -> str:
            if data is None:
                raise DocumentError(name, "没有读到上传文件的内容")
            meta = add_document(
                settings.corpus_dir,
                name,
                data,
                settings.chunker,
                limits=ParseLimits(settings.parse_timeout_s, settings.parse_memory_bytes),
                max_bytes=settings.max_upload_bytes,
            )
            added.append(meta.source)
            return f"已收录《{meta.title}》"

        def undo() -> None:
            for source in added:
                remove_document(settings.corpus_dir, source)

        def check(fresh: Pipeline) -> None:
            missing = [s for s in added if s not in {d.source for d in fresh.index.documents}]
            if missing:
                reason = fresh.index.manifest.skipped.get(missing[0], "未进入索引")
                raise IndexCheckError(f"文件“{missing[0]}”未能进入新索引：{reason}")

        yield from self._run(user, _Operation(action, name, read, change, undo, check))

    def delete(self, user: str | None, doc_id: str | None) -> Iterator[Step]:
        pipeline = self.holder.get()
        doc = pipeline.index.document(doc_id) if doc_id else None
        corpus = pipeline.settings.corpus_dir
        kept: list[bytes] = []

        trash = self._trash()
        kept_at: list[Path] = []

        def change(_: bytes | None) -> str:
            if doc is None:
                raise DocumentError(str(doc_id or ""), "请先选择要删除的文件")
            if len(pipeline.index.documents) == 1:
                raise DocumentError(doc.source, "至少需要保留一份文件，不能删除最后一份")
            kept.append((corpus / doc.source).read_bytes())
            kept_at.append(trash.keep(doc.source, kept[0]))  # for 撤销删除, until the next rebuild
            try:
                remove_document(corpus, doc.source)
            except BaseException:
                trash.forget(kept_at.pop())
                raise
            return f"已删除《{doc.title}》（重建索引前可撤销）"

        def undo() -> None:
            if kept and doc is not None:
                write_atomic(corpus / doc.source, kept[0])
            for path in kept_at:
                trash.forget(path)

        def check(fresh: Pipeline) -> None:
            if doc is not None and any(d.doc_id == doc.doc_id for d in fresh.index.documents):
                raise IndexCheckError(f"《{doc.title}》仍在新索引中")

        file_name = doc.source if doc else str(doc_id or "")
        yield from self._run(user, _Operation("delete", file_name, None, change, undo, check))

    def restore(self, user: str | None) -> Iterator[Step]:
        """Undo the latest delete not yet made final by a rebuild: its file is uploaded again."""
        trash = self._trash()
        path = trash.latest()
        if path is None:
            yield Step("没有可以撤销的删除（重建索引后删除即为最终删除）。", done=True)
            return
        settled = False
        for step in self.upload(user, path.name, path.read_bytes, action="restore"):
            # Restored, or refused for good (a file of that name was uploaded since): either way it leaves
            # the trash, so the delete before it can be undone next.
            settled = settled or step.ok or step.refused
            yield step
        if settled:
            trash.forget(path)

    def rebuild(self, user: str | None) -> Iterator[Step]:
        trash = self._trash()
        operation = _Operation("rebuild", "", None, lambda _: "开始重建", lambda: None, None, rebuild=True)
        for step in self._run(user, operation):
            if step.ok:
                trash.clear()
            yield step

    def _run(self, user: str | None, op: _Operation) -> Iterator[Step]:
        try:
            if self.base == DEFAULT_BASE:
                self.access.require_editor(user)
            else:
                self.access.require_base(user, self.base, "editor")
        except PermissionDeniedError as exc:
            self._audit_refusal(user, op.action, self._named(op.file_name), f"refused: {exc}")
            yield Step(f"无权操作：{exc}", done=True)
            return
        if not self.holder.manage.acquire(blocking=False):
            self._audit_refusal(user, op.action, self._named(op.file_name), "refused: busy")
            yield Step("请稍候：另一项文件操作正在进行，请稍后再试。", done=True)
            return
        try:
            yield from self._change(user, op)
        finally:
            self.holder.manage.release()

    def _change(self, user: str | None, op: _Operation) -> Iterator[Step]:
        try:
            data = op.read() if op.read is not None else None
            entry = self.access.audit.begin(user, op.action, self._named(op.file_name), data)
        except (OSError, AssistantError) as exc:  # nothing is changed that the log cannot record
            yield Step(f"操作未执行：{user_message(exc)}", done=True)
            return
        try:
            done = op.change(data)
        except DocumentError as exc:
            self._finish(entry, f"refused: {exc}")
            yield Step(f"操作未完成：{document_message(exc)}", done=True, refused=True)
            return
        except (OSError, AssistantError) as exc:
            self._finish(entry, f"error: {exc}")
            yield Step(f"操作未完成：{user_message(exc)}", done=True)
            return
        verb = "重建" if op.rebuild else "更新"
        yield Step(f"处理中：{done}，正在{verb}索引…（问答照常使用当前索引）")
        try:
            fresh = self.holder.refresh(rebuild=op.rebuild, check=op.check)
        except Exception as exc:  # noqa: BLE001 - any failure: put the corpus back so it matches the index served
            message = f"失败：索引更新失败：{user_message(exc)}"
            try:
                op.undo()
                message += "（文件改动已撤销，继续使用原索引）"
            except OSError:
                log.exception("could not undo the corpus change after a failed index update")
                message += "（撤销文件改动也失败了，请检查文件夹后重建索引）"
            self._finish(entry, f"error: {exc}")
            yield Step(message, done=True)
            return
        finished = self._finish(entry, "ok")
        note = "" if finished else "（注意：操作记录未能写入，请检查数据文件夹）"
        yield Step(f"完成：{done}。{summary(fresh)}{note}", done=True, ok=True, pipeline=fresh)

    def _named(self, file_name: str) -> str:
        """The audit log's file column: a created base's files are named with their base (水务局:方案.pdf)."""
        return file_name if self.base == DEFAULT_BASE else f"{self.base}:{file_name}"

    def _finish(self, entry: int, result: str) -> bool:
        try:
            self.access.audit.finish(entry, result)
            return True
        except StorageError:
            log.exception("could not complete audit entry %s (%s)", entry, result)
            return False

    def _audit_refusal(self, user: str | None, action: str, file_name: str, result: str) -> None:
        try:
            self.access.audit.record(user, action, file_name, result=result)
        except StorageError:
            log.exception("could not record a refused %s by %s", action, user)


def summary(pipeline: Pipeline) -> str:
    """What the served index holds now, and what the last build did."""
    build = pipeline.build
    if build is None:
        return f"索引已是最新（{len(pipeline.index.documents)} 份文件，{pipeline.index.live_chunks} 条条款）。"
    return (
        f"索引已更新：{build.documents} 份文件，{build.chunks} 条条款；新计算向量 {build.embedded} 条，"
        f"复用缓存 {build.reused} 条；用时 {build.seconds:.1f} 秒。"
    )

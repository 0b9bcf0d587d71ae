"""The web UI's 文件 tab: upload / delete / rebuild, the clause browser, and the audit log for editors.

Management never changes the pipeline a request is using (see serve/holder.py). One management
operation runs at a time. Every management handler checks the caller's role itself (the browser
calls hidden events through the ordinary queue protocol too), and every attempt is audited.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterator

import gradio as gr

from assistant.access.audit import read_audit, record_audit
from assistant.access.policy import Access
from assistant.atomic import write_atomic
from assistant.errors import DocumentError, FileTooLargeError, PermissionDeniedError
from assistant.ingest.corpus import add_document, remove_document, safe_name
from assistant.ingest.loading import MAX_FILE_BYTES
from assistant.ingest.readers import supported_extensions
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import document_message, user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.render import (HEADERS, audit_table, clause_tree, document_choices, document_rows, md_escape,
                                        table_label)

log = logging.getLogger(__name__)
BUSY = "**请稍候**：另一项文件操作正在进行，请稍后再试。"


# ---------------------------------------------------------------- messages

def _failure(exc: Exception) -> str:
    return f"**失败**：索引更新失败：{user_message(exc)}"


def _summary(pipeline: Pipeline) -> str:
    build = pipeline.build
    if build is None:
        return f"索引已是最新（{len(pipeline.index.documents)} 份文件，{pipeline.index.live_chunks} 条条款）。"
    return (f"索引已更新：{build.documents} 份文件，{build.chunks} 条条款；新计算向量 {build.embedded} 条，"
            f"复用缓存 {build.reused} 条；用时 {build.seconds:.1f} 秒。")


# ---------------------------------------------------------------- the tab

def request_user(request: gr.Request | None) -> str | None:
    """The signed-in user name of a request (None: no sign-in, or an anonymous caller)."""
    return getattr(request, "username", None) if request is not None else None


def build_documents_tab(holder: PipelineHolder, scope: gr.Dropdown, access: Access) -> Callable[[], tuple]:
    """Render the 文件 tab inside the current Blocks; returns the page-load refresh function's wiring."""
    pipeline = holder.get()
    table = gr.Dataframe(value=document_rows(pipeline), headers=HEADERS, interactive=False, wrap=True,
                         label=table_label(pipeline), elem_id="documents-table")
    with gr.Row(equal_height=True):
        picker = gr.Dropdown(choices=document_choices(pipeline), value=None, label="选择文件", scale=3,
                             info="查看其条款结构，或删除该文件", elem_id="document-picker")
        with gr.Column(scale=1, min_width=220):
            # An upload button rather than gr.File: its label is ours (Chinese), and no file type
            # filter so that a refused type gets our message instead of Gradio's English one.
            upload = gr.UploadButton(f"上传文件（{MAX_FILE_BYTES // 2**20} MB 以内）", file_count="single",
                                     type="filepath", variant="primary", size="md", elem_id="upload")
            with gr.Row():
                delete = gr.Button("删除所选文件", variant="stop", size="sm", elem_id="delete")
                rebuild = gr.Button("重建索引", size="sm", elem_id="rebuild")
    gr.Markdown(f"支持的文件类型：{'、'.join(supported_extensions())}（文本型 PDF，扫描件不支持）。")
    status = gr.Markdown("上传、删除或重建后，问答将自动使用更新后的索引。", elem_id="manage-status")
    browser = gr.HTML(clause_tree(pipeline, None), elem_id="clause-browser")
    audit_view = gr.HTML("", elem_id="audit-log")

    def audit_html(user: str | None) -> str:
        """The latest audit entries, for editors only."""
        if access.role(user) != "editor":
            return ""
        return audit_table(read_audit(access.audit_path)[-20:])

    def refused(user: str | None, action: str, file_name: str = "") -> str | None:
        """The refusal message (audited) when `user` may not manage, else None."""
        try:
            access.require_editor(user)
            return None
        except PermissionDeniedError as exc:
            record_audit(access.audit_path, user, action, file_name, result=f"refused: {exc}")
            return f"**无权操作**：{md_escape(str(exc))}"

    def views(pipeline: Pipeline, selected: list[str] | None, doc_id: str | None) -> tuple:
        """Updated table, chat filter (keeping still-valid choices), picker and clause browser."""
        ids = {d.doc_id for d in pipeline.index.documents}
        doc_id = doc_id if doc_id in ids else None
        return (gr.Dataframe(value=document_rows(pipeline), label=table_label(pipeline)),
                gr.Dropdown(choices=document_choices(pipeline), value=[i for i in selected or [] if i in ids]),
                gr.Dropdown(choices=document_choices(pipeline), value=doc_id),
                clause_tree(pipeline, doc_id))

    unchanged = (gr.skip(), gr.skip(), gr.skip(), gr.skip())

    def update(change: Callable[[], str], action: str, selected, doc_id, audit: Callable[[str], None],
               rebuild_all=False, undo: Callable[[], None] | None = None,
               refusal: Callable[[DocumentError], str] = document_message) -> Iterator[tuple]:
        """Run one management operation: change the corpus, update the index, swap; stream status.
        `audit(result)` records the outcome."""
        if not holder.manage.acquire(blocking=False):
            audit("refused: busy")
            yield (BUSY, *unchanged, gr.skip(), gr.skip())
            return
        try:
            try:
                done = change()
            except DocumentError as exc:
                audit(f"refused: {exc}")
                yield ("**操作未完成**：" + md_escape(refusal(exc)), *unchanged, None, gr.skip())
                return
            yield (f"**处理中**：{md_escape(done)}，正在{action}索引…（问答照常使用当前索引）", *unchanged, None,
                   gr.skip())
            try:
                fresh = holder.refresh(rebuild=rebuild_all)
            except Exception as exc:  # put the corpus back so it matches the index still served
                message = _failure(exc)
                try:
                    if undo is not None:
                        undo()
                    message += "（文件改动已撤销，继续使用原索引）"
                except OSError:
                    log.exception("could not undo the corpus change after a failed index update")
                    message += "（撤销文件改动也失败了，请检查文件夹后重建索引）"
                audit(f"error: {exc}")
                yield (message, *unchanged, None, gr.skip())
                return
            audit("ok")
            yield (f"**完成**：{md_escape(done)}。{_summary(fresh)}", *views(fresh, selected, doc_id), None, gr.skip())
        finally:
            holder.manage.release()

    def on_upload(path: str | None, selected, doc_id, request: gr.Request):
        if not path:
            yield (gr.skip(), *unchanged, gr.skip(), gr.skip())
            return
        user = request_user(request)
        name = safe_name(os.path.basename(path))
        try:
            denied = refused(user, "upload", name)
            if denied:
                yield (denied, *unchanged, None, audit_html(user))
                return
            settings = holder.get().settings
            added: list[str] = []
            data: list[bytes] = []

            def change() -> str:
                if os.path.getsize(path) > MAX_FILE_BYTES:  # before reading a huge file into memory
                    raise FileTooLargeError(name, "over the size limit")
                data.append(Path(path).read_bytes())
                document = add_document(settings.corpus_dir, name, data[0])
                added.append(document.meta.source)
                return f"已收录《{document.meta.title}》"

            def undo() -> None:
                for source in added:
                    remove_document(settings.corpus_dir, source)

            def audit(result: str) -> None:
                record_audit(access.audit_path, user, "upload", name, data[0] if data else None, result)

            yield from update(change, "更新", selected, doc_id, audit, undo=undo)
            yield (gr.skip(), *unchanged, gr.skip(), audit_html(user))
        finally:
            # Gradio keeps uploaded files in its cache folder; the corpus holds its own copy.
            Path(path).unlink(missing_ok=True)

    def on_delete(doc_id, selected, request: gr.Request):
        user = request_user(request)
        pipeline = holder.get()
        doc = next((d for d in pipeline.index.documents if d.doc_id == doc_id), None)
        denied = refused(user, "delete", doc.source if doc else str(doc_id or ""))
        if denied:
            yield (denied, *unchanged, gr.skip(), audit_html(user))
            return
        if doc is None:
            yield ("请先在“选择文件”中选择要删除的文件。", *unchanged, gr.skip(), gr.skip())
            return
        if len(pipeline.index.documents) == 1:
            yield ("**未删除**：至少需要保留一份文件，不能删除最后一份。", *unchanged, gr.skip(), gr.skip())
            return
        corpus = pipeline.settings.corpus_dir
        kept: list[bytes] = []

        def change() -> str:
            kept.append((corpus / doc.source).read_bytes())
            remove_document(corpus, doc.source)
            return f"已删除《{doc.title}》"

        def undo() -> None:
            if kept:
                write_atomic(corpus / doc.source, kept[0])

        def audit(result: str) -> None:
            record_audit(access.audit_path, user, "delete", doc.source, kept[0] if kept else None, result)

        yield from update(change, "更新", selected, None, audit, undo=undo,
                          refusal=lambda exc: f"无法删除《{doc.title}》：文件已不在文件夹中。")
        yield (gr.skip(), *unchanged, gr.skip(), audit_html(user))

    def on_rebuild(selected, doc_id, request: gr.Request):
        user = request_user(request)
        denied = refused(user, "rebuild")
        if denied:
            yield (denied, *unchanged, gr.skip(), audit_html(user))
            return
        yield from update(lambda: "开始重建", "重建", selected, doc_id,
                          lambda result: record_audit(access.audit_path, user, "rebuild", result=result),
                          rebuild_all=True)
        yield (gr.skip(), *unchanged, gr.skip(), audit_html(user))

    # None to the upload button clears its file; the audit view refreshes after each attempt.
    outputs = [status, table, scope, picker, browser, upload, audit_view]
    upload.upload(on_upload, [upload, scope, picker], outputs, api_visibility="private",
                  concurrency_limit=1, concurrency_id="manage")
    delete.click(on_delete, [picker, scope], outputs, api_visibility="private",
                 concurrency_limit=1, concurrency_id="manage")
    rebuild.click(on_rebuild, [scope, picker], outputs, api_visibility="private",
                  concurrency_limit=1, concurrency_id="manage")
    picker.change(lambda doc_id: clause_tree(holder.get(), doc_id), picker, browser, api_visibility="private")

    def on_load(selected, doc_id, request: gr.Request):
        """A page opened after a change shows the current documents (and, to editors, the audit log)."""
        return (*views(holder.get(), selected, doc_id), audit_html(request_user(request)))

    return on_load, [scope, picker], [table, scope, picker, browser, audit_view]

"""The web UI's 文件 tab: upload / delete / rebuild, and the clause browser.

Management never changes the pipeline a request is using (see serve/holder.py). One management
operation runs at a time.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterator

import gradio as gr

from assistant.atomic import write_atomic
from assistant.errors import DocumentError, FileTooLargeError
from assistant.ingest.corpus import add_document, remove_document, safe_name
from assistant.ingest.loading import MAX_FILE_BYTES
from assistant.ingest.readers import supported_extensions
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import document_message, user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.render import HEADERS, clause_tree, document_choices, document_rows, table_label

log = logging.getLogger(__name__)
BUSY = "**请稍候**：另一项文件操作正在进行，请稍后再试。"


# ---------------------------------------------------------------- messages

def _failure(exc: Exception) -> str:
    return f"**失败**：索引更新失败：{user_message(exc)}"


def _summary(pipeline: Pipeline) -> str:
    build = pipeline.build
    if build is None:
        return f"索引已是最新（{len(pipeline.index.documents)} 份文件，{len(pipeline.index.chunks)} 条条款）。"
    return (f"索引已更新：{build.documents} 份文件，{build.chunks} 条条款；新计算向量 {build.embedded} 条，"
            f"复用缓存 {build.reused} 条；用时 {build.seconds:.1f} 秒。")


# ---------------------------------------------------------------- the tab

def build_documents_tab(holder: PipelineHolder, scope: gr.Dropdown) -> Callable[[], tuple]:
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

    def views(pipeline: Pipeline, selected: list[str] | None, doc_id: str | None) -> tuple:
        """Updated table, chat filter (keeping still-valid choices), picker and clause browser."""
        ids = {d.doc_id for d in pipeline.index.documents}
        doc_id = doc_id if doc_id in ids else None
        return (gr.Dataframe(value=document_rows(pipeline), label=table_label(pipeline)),
                gr.Dropdown(choices=document_choices(pipeline), value=[i for i in selected or [] if i in ids]),
                gr.Dropdown(choices=document_choices(pipeline), value=doc_id),
                clause_tree(pipeline, doc_id))

    unchanged = (gr.skip(), gr.skip(), gr.skip(), gr.skip())

    def update(change: Callable[[], str], action: str, selected, doc_id, rebuild_all=False,
               undo: Callable[[], None] | None = None,
               refused: Callable[[DocumentError], str] = document_message) -> Iterator[tuple]:
        """Run one management operation: change the corpus, update the index, swap; stream status."""
        if not holder.manage.acquire(blocking=False):
            yield (BUSY, *unchanged, gr.skip())
            return
        try:
            try:
                done = change()
            except DocumentError as exc:
                yield ("**操作未完成**：" + refused(exc), *unchanged, None)
                return
            yield (f"**处理中**：{done}，正在{action}索引…（问答照常使用当前索引）", *unchanged, None)
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
                yield (message, *unchanged, None)
                return
            yield (f"**完成**：{done}。{_summary(fresh)}", *views(fresh, selected, doc_id), None)
        finally:
            holder.manage.release()

    def on_upload(path: str | None, selected, doc_id):
        if not path:
            yield (gr.skip(), *unchanged, gr.skip())
            return
        settings = holder.get().settings
        name = safe_name(os.path.basename(path))
        added: list[str] = []

        def change() -> str:
            if os.path.getsize(path) > MAX_FILE_BYTES:  # before reading a huge file into memory
                raise FileTooLargeError(name, "over the size limit")
            document = add_document(settings.corpus_dir, name, Path(path).read_bytes())
            added.append(document.meta.source)
            return f"已收录《{document.meta.title}》"

        def undo() -> None:
            for source in added:
                remove_document(settings.corpus_dir, source)

        yield from update(change, "更新", selected, doc_id, undo=undo)

    def on_delete(doc_id, selected):
        pipeline = holder.get()
        doc = next((d for d in pipeline.index.documents if d.doc_id == doc_id), None)
        if doc is None:
            yield ("请先在“选择文件”中选择要删除的文件。", *unchanged, gr.skip())
            return
        if len(pipeline.index.documents) == 1:
            yield ("**未删除**：至少需要保留一份文件，不能删除最后一份。", *unchanged, gr.skip())
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

        yield from update(change, "更新", selected, None, undo=undo,
                          refused=lambda exc: f"无法删除《{doc.title}》：文件已不在文件夹中。")

    def on_rebuild(selected, doc_id):
        yield from update(lambda: "开始重建", "重建", selected, doc_id, rebuild_all=True)

    outputs = [status, table, scope, picker, browser, upload]  # None to the button clears its file
    upload.upload(on_upload, [upload, scope, picker], outputs, api_visibility="private",
                  concurrency_limit=1, concurrency_id="manage")
    delete.click(on_delete, [picker, scope], outputs, api_visibility="private",
                 concurrency_limit=1, concurrency_id="manage")
    rebuild.click(on_rebuild, [scope, picker], outputs, api_visibility="private",
                  concurrency_limit=1, concurrency_id="manage")
    picker.change(lambda doc_id: clause_tree(holder.get(), doc_id), picker, browser, api_visibility="private")

    def on_load(selected, doc_id):
        """A page opened after a change shows the current documents."""
        return views(holder.get(), selected, doc_id)

    return on_load, [scope, picker], [table, scope, picker, browser]

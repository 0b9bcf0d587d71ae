"""The web UI's 文件 tab: upload / delete / rebuild, the clause browser, and the audit log for editors.

The operations themselves are `serve/management.py`'s transactions (role check, audit, corpus
change, index check, undo); this module lays out the tab and turns their steps into page updates.
Every handler is reachable through the queue protocol whatever the page shows, so the role is
checked there, not here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access.policy import Access
from assistant.errors import AssistantError
from assistant.ingest.corpus import safe_name
from assistant.ingest.readers import supported_extensions
from assistant.serve.holder import PipelineHolder
from assistant.serve.management import DocumentManager, Step
from assistant.serve.messages import user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import (
    HEADERS,
    audit_table,
    clause_tree,
    document_choices,
    document_rows,
    md_escape,
    table_label,
)

log = logging.getLogger(__name__)


def _in_upload_folder(path: str) -> bool:
    """Whether `path` is a file Gradio stored for an upload (only those are ever deleted here)."""
    from gradio.utils import get_upload_folder

    try:
        return Path(path).resolve().is_relative_to(Path(get_upload_folder()).resolve())
    except (OSError, ValueError):
        return False


def _reader(path: str) -> Callable[[], bytes]:
    return lambda: Path(path).read_bytes()


def build_documents_tab(
    holder: PipelineHolder, scope: gr.Dropdown, access: Access
) -> tuple[Callable[..., Any], list[Any], list[Any]]:
    """Render the 文件 tab inside the current Blocks; returns the page-load refresh function's wiring."""
    pipeline = holder.get()
    manager = DocumentManager(holder, access)
    limit_mb = pipeline.settings.max_upload_bytes // 2**20
    table = gr.Dataframe(
        value=document_rows(pipeline),
        headers=HEADERS,
        interactive=False,
        wrap=True,
        label=table_label(pipeline),
        elem_id="documents-table",
    )
    with gr.Row(equal_height=True):
        picker = gr.Dropdown(
            choices=document_choices(pipeline),
            value=None,
            label="选择文件",
            scale=3,
            info="查看其条款结构，或删除该文件",
            elem_id="document-picker",
        )
        with gr.Column(scale=1, min_width=220):
            # An upload button rather than gr.File: its label is ours (Chinese), and no file type
            # filter so that a refused type gets our message instead of Gradio's English one.
            upload = gr.UploadButton(
                f"上传文件（可多选，单个文件 {limit_mb} MB 以内）",
                file_count="multiple",
                type="filepath",
                variant="primary",
                size="md",
                elem_id="upload",
            )
            with gr.Row():
                delete = gr.Button("删除所选文件", variant="stop", size="sm", elem_id="delete")
                restore = gr.Button("撤销删除", size="sm", elem_id="undo-delete")
                rebuild = gr.Button("重建索引", size="sm", elem_id="rebuild")
            with gr.Row():
                # A delete changes what everyone's answers stand on: it is asked twice.
                confirm = gr.Button("确认删除", variant="stop", size="sm", visible=False, elem_id="confirm-delete")
                keep = gr.Button("取消", size="sm", visible=False, elem_id="cancel-delete")
    # Drag-and-drop: the same upload for files dropped here (several at once, one result line each).
    drop = gr.File(
        file_count="multiple", type="filepath", label="或将文件拖放到此处上传", height=120, elem_id="upload-drop"
    )
    types = gr.Markdown(
        f"支持的文件类型：{'、'.join(supported_extensions())}（PDF 的扫描页经文字识别读取，每页约 5–15 秒）。",
        latex_delimiters=[],
        elem_id="upload-types",
    )
    status = gr.Markdown(
        "上传、删除或重建后，问答将自动使用更新后的索引。", elem_id="manage-status", latex_delimiters=[]
    )
    browser = gr.HTML(clause_tree(pipeline, None), elem_id="clause-browser")
    audit_view = gr.HTML("", elem_id="audit-log")

    def audit_html(user: str | None) -> str:
        """The latest audit entries, for editors only."""
        if not access.may_manage(user):
            return ""
        try:
            return audit_table(access.audit.entries(limit=20))
        except AssistantError as exc:
            return f"<div>（操作记录无法读取：{md_escape(user_message(exc))}）</div>"

    def views(pipeline: Pipeline, selected: list[str] | None, doc_id: str | None) -> tuple:
        """Updated table, chat filter (keeping still-valid choices), picker and clause browser."""
        ids = {d.doc_id for d in pipeline.index.documents}
        doc_id = doc_id if doc_id in ids else None
        return (
            gr.Dataframe(value=document_rows(pipeline), label=table_label(pipeline)),
            gr.Dropdown(choices=document_choices(pipeline), value=[i for i in selected or [] if i in ids]),
            gr.Dropdown(choices=document_choices(pipeline), value=doc_id),
            clause_tree(pipeline, doc_id),
        )

    unchanged = (gr.skip(), gr.skip(), gr.skip(), gr.skip())

    def shown(steps: Iterator[Step], user: str | None, selected, doc_id) -> Iterator[tuple]:
        """Page updates from an operation's steps: status, then (on success) the new views; the upload
        button is cleared and the audit view refreshed at the end."""
        for step in steps:
            # A finished step's message opens with its outcome (完成 / 操作未完成 / 失败 …): that is set bold.
            outcome, colon, rest = step.message.partition("：")
            text = f"**{md_escape(outcome)}**：{md_escape(rest)}" if step.done and colon else md_escape(step.message)
            if step.ok and step.pipeline is not None:
                yield (text, *views(step.pipeline, selected, doc_id), None, audit_html(user))
            elif step.done:
                yield (text, *unchanged, None, audit_html(user))
            else:
                yield (text, *unchanged, None, gr.skip())

    def on_upload(paths: list[str] | str | None, selected, doc_id, request: gr.Request):
        """Add the chosen files one after another; the status keeps one result line per file."""
        files = [paths] if isinstance(paths, str) else list(paths or [])
        if not files:
            yield (gr.skip(), *unchanged, gr.skip(), gr.skip())
            return
        user = request_user(request)
        allowed = access.may_manage(user)
        results: list[str] = []
        try:
            for k, path in enumerate(files, start=1):
                name = safe_name(os.path.basename(path))
                head = f"（{k}/{len(files)}）{md_escape(name)}：" if len(files) > 1 else ""
                text = ""
                for text, *rest in shown(manager.upload(user, name, _reader(path)), user, selected, doc_id):
                    yield ("\n\n".join([*results, head + text]), *rest)
                results.append(head + text)
        finally:
            # Gradio keeps uploaded files in its cache folder; the corpus holds its own copy. Only a
            # caller who may upload removes a file, and only one of Gradio's upload folder.
            for path in files:
                if allowed and _in_upload_folder(path):
                    Path(path).unlink(missing_ok=True)

    def on_delete(doc_id, selected, request: gr.Request):
        user = request_user(request)
        yield from shown(manager.delete(user, doc_id), user, selected, None)

    def on_restore(selected, doc_id, request: gr.Request):
        user = request_user(request)
        yield from shown(manager.restore(user), user, selected, doc_id)

    def on_rebuild(selected, doc_id, request: gr.Request):
        user = request_user(request)
        yield from shown(manager.rebuild(user), user, selected, doc_id)

    # None to the upload button clears its file; the audit view refreshes after each attempt.
    outputs = [status, table, scope, picker, browser, upload, audit_view]
    for chooser in (upload, drop):  # None to the chooser clears its files once they were handled
        chooser.upload(
            on_upload,
            [chooser, scope, picker],
            [status, table, scope, picker, browser, chooser, audit_view],
            api_visibility="private",
            concurrency_limit=1,
            concurrency_id="manage",
        )

    def ask_to_delete(doc_id):
        """The first click: name the document and show 确认删除 / 取消 (nothing is deleted yet)."""
        if not doc_id:
            return "请先在“选择文件”中选定要删除的文件。", gr.update(visible=False), gr.update(visible=False)
        pipeline = holder.get()
        title = next((d.title for d in pipeline.index.documents if d.doc_id == doc_id), doc_id)
        return (
            f"确定删除《{md_escape(title)}》吗？请点“确认删除”或“取消”。",
            gr.update(visible=True),
            gr.update(visible=True),
        )

    hide = (gr.update(visible=False), gr.update(visible=False))
    delete.click(ask_to_delete, [picker], [status, confirm, keep], api_visibility="private")
    keep.click(lambda: ("已取消删除。", *hide), None, [status, confirm, keep], api_visibility="private")
    confirm.click(lambda: hide, None, [confirm, keep], api_visibility="private").then(
        on_delete, [picker, scope], outputs, api_visibility="private", concurrency_limit=1, concurrency_id="manage"
    )
    for button, handler in ((rebuild, on_rebuild), (restore, on_restore)):
        button.click(
            handler, [scope, picker], outputs, api_visibility="private", concurrency_limit=1, concurrency_id="manage"
        )
    picker.change(lambda doc_id: clause_tree(holder.get(), doc_id), picker, browser, api_visibility="private")

    def on_load(selected, doc_id, request: gr.Request):
        """A page opened after a change shows the current documents (and, to editors, the audit log);
        a reader never sees the controls only editors may use."""
        user = request_user(request)
        manages = gr.update(visible=access.may_manage(user))
        return (*views(holder.get(), selected, doc_id), audit_html(user), *[manages] * len(controls))

    controls = [upload, drop, delete, restore, rebuild, types]  # shown to editors and admins only
    return on_load, [scope, picker], [table, scope, picker, browser, audit_view, *controls]

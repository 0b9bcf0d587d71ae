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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access.bases import DEFAULT_BASE
from assistant.access.policy import Access
from assistant.errors import AssistantError
from assistant.ingest.corpus import safe_name
from assistant.ingest.readers import supported_extensions
from assistant.serve.bases import BaseHolders
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


@dataclass(frozen=True)
class _Tab:
    """The tab's components."""

    table: gr.Dataframe
    picker: gr.Dropdown
    upload: gr.UploadButton
    drop: gr.File
    delete: gr.Button
    restore: gr.Button
    rebuild: gr.Button
    confirm: gr.Button
    keep: gr.Button
    types: gr.Markdown
    status: gr.Markdown
    browser: gr.HTML
    audit_view: gr.HTML

    @property
    def controls(self) -> list[Any]:
        """What only editors and admins see."""
        return [self.upload, self.drop, self.delete, self.restore, self.rebuild, self.types]


def _layout(pipeline: Pipeline) -> _Tab:
    """Lay out the tab inside the current Blocks."""
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
    return _Tab(
        table, picker, upload, drop, delete, restore, rebuild, confirm, keep, types, status, browser, audit_view
    )


_UNCHANGED = (gr.skip(), gr.skip(), gr.skip(), gr.skip())  # table, chat filter, picker, clause browser
_HIDE = (gr.update(visible=False), gr.update(visible=False))


class DocumentsTabHandlers:
    """The tab's event handlers: each turns a DocumentManager operation's steps on the chosen knowledge
    base into page updates (status, table, chat filter, picker, clause browser, the cleared chooser,
    audit view)."""

    def __init__(self, bases: BaseHolders, access: Access, controls: int) -> None:
        self.bases, self.access, self.controls = bases, access, controls

    def holder(self, base: str | None, user: str | None) -> PipelineHolder:
        """The holder of the base the tab shows, when `user` may read it (PermissionDeniedError otherwise;
        AssistantError for a base without documents yet)."""
        self.access.require_base(user, base or DEFAULT_BASE)
        holder = self.bases.holder(base or DEFAULT_BASE)
        if holder is None:
            raise AssistantError(
                f"知识库“{base}”还没有文件：请先用 python -m assistant kb add {base} 文件… 收录第一批文件"
            )
        return holder

    def manager(self, base: str | None, user: str | None) -> DocumentManager:
        """The transactions on `base`; for a caller who may not edit it, ones on nothing that refuse (and
        audit the refusal) before they touch any base, so a base is never opened for them."""
        name = base or DEFAULT_BASE
        if not self.manages(user, name):
            return DocumentManager(self.bases.default, self.access, name)
        return DocumentManager(self.holder(name, user), self.access, name)

    def tree(self, doc_id: str | None, base: str | None, request: gr.Request) -> str:
        """The clause browser for a document of a base the caller may read."""
        try:
            return clause_tree(self.holder(base, request_user(request)).get(), doc_id)
        except AssistantError as exc:
            return f"<div>{md_escape(user_message(exc))}</div>"

    def manages(self, user: str | None, base: str | None) -> bool:
        return self.access.base_right(user, base or DEFAULT_BASE) == "editor"

    def audit_html(self, user: str | None) -> str:
        """The latest audit entries, for editors only."""
        if not self.access.may_manage(user):
            return ""
        try:
            return audit_table(self.access.audit.entries(limit=20))
        except AssistantError as exc:
            return f"<div>（操作记录无法读取：{md_escape(user_message(exc))}）</div>"

    def readable(self, user: str | None) -> list[tuple[str, Pipeline]]:
        """(name, pipeline) of every base `user` may read that holds documents."""
        return self.bases.pipelines([b.name for b in self.access.readable_bases(user)])

    def views(
        self,
        pipeline: Pipeline,
        selected: list[str] | None,
        doc_id: str | None,
        user: str | None,
        readable: list[tuple[str, Pipeline]] | None = None,
    ) -> tuple:
        """Updated table, chat filter (the documents of every base `user` may read, `readable` when the
        caller has them already, keeping still-valid choices), picker and clause browser."""
        ids = {d.doc_id for d in pipeline.index.documents}
        doc_id = doc_id if doc_id in ids else None
        every = [c for _, p in (self.readable(user) if readable is None else readable) for c in document_choices(p)]
        kept = {i for _, i in every}
        return (
            gr.Dataframe(value=document_rows(pipeline), label=table_label(pipeline)),
            gr.Dropdown(choices=every, value=[i for i in selected or [] if i in kept]),
            gr.Dropdown(choices=document_choices(pipeline), value=doc_id),
            clause_tree(pipeline, doc_id),
        )

    def shown(
        self, steps: Iterator[Step], user: str | None, selected: list[str] | None, doc_id: str | None
    ) -> Iterator[tuple]:
        """Page updates from an operation's steps: status, then (on success) the new views; the chooser
        is cleared and the audit view refreshed at the end."""
        for step in steps:
            # A finished step's message opens with its outcome (完成 / 操作未完成 / 失败 …): that is set bold.
            outcome, colon, rest = step.message.partition("：")
            text = f"**{md_escape(outcome)}**：{md_escape(rest)}" if step.done and colon else md_escape(step.message)
            if step.ok and step.pipeline is not None:
                yield (text, *self.views(step.pipeline, selected, doc_id, user), None, self.audit_html(user))
            elif step.done:
                yield (text, *_UNCHANGED, None, self.audit_html(user))
            else:
                yield (text, *_UNCHANGED, None, gr.skip())

    def upload(
        self,
        paths: list[str] | str | None,
        selected: list[str] | None,
        doc_id: str | None,
        base: str | None,
        request: gr.Request,
    ) -> Iterator[tuple]:
        """Add the chosen files one after another; the status keeps one result line per file."""
        files = [paths] if isinstance(paths, str) else list(paths or [])
        if not files:
            yield (gr.skip(), *_UNCHANGED, gr.skip(), gr.skip())
            return
        user = request_user(request)
        allowed = self.manages(user, base)
        results: list[str] = []
        try:
            manager = self.manager(base, user)
            for k, path in enumerate(files, start=1):
                name = safe_name(os.path.basename(path))
                head = f"（{k}/{len(files)}）{md_escape(name)}：" if len(files) > 1 else ""
                text = ""
                steps = manager.upload(user, name, _reader(path))
                for text, *rest in self.shown(steps, user, selected, doc_id):
                    yield ("\n\n".join([*results, head + text]), *rest)
                results.append(head + text)
        finally:
            # Gradio keeps uploaded files in its cache folder; the corpus holds its own copy. Only a
            # caller who may upload removes a file, and only one of Gradio's upload folder.
            for path in files:
                if allowed and _in_upload_folder(path):
                    Path(path).unlink(missing_ok=True)

    def delete(
        self, doc_id: str | None, selected: list[str] | None, base: str | None, request: gr.Request
    ) -> Iterator[tuple]:
        user = request_user(request)
        yield from self.shown(self.manager(base, user).delete(user, doc_id), user, selected, None)

    def restore(
        self, selected: list[str] | None, doc_id: str | None, base: str | None, request: gr.Request
    ) -> Iterator[tuple]:
        user = request_user(request)
        yield from self.shown(self.manager(base, user).restore(user), user, selected, doc_id)

    def rebuild(
        self, selected: list[str] | None, doc_id: str | None, base: str | None, request: gr.Request
    ) -> Iterator[tuple]:
        user = request_user(request)
        yield from self.shown(self.manager(base, user).rebuild(user), user, selected, doc_id)

    def ask_to_delete(
        self, doc_id: str | None, base: str | None, request: gr.Request
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """The first click: name the document and show 确认删除 / 取消 (nothing is deleted yet)."""
        if not doc_id:
            return "请先在“选择文件”中选定要删除的文件。", *_HIDE
        user = request_user(request)
        if not self.manages(user, base):
            return "无权操作：只有该知识库的编辑可以删除文件。", *_HIDE
        pipeline = self.holder(base, user).get()
        doc = pipeline.index.document(doc_id)
        title = doc.title if doc else doc_id
        shown = gr.update(visible=True)
        return f"确定删除《{md_escape(title)}》吗？请点“确认删除”或“取消”。", shown, shown

    def load(self, selected: list[str] | None, doc_id: str | None, base: str | None, request: gr.Request) -> tuple:
        """A page opened after a change (or another base chosen) shows the chosen base's documents (and, to
        editors, the audit log); a reader never sees the controls only editors may use. The base picker
        lists the bases the user may read that hold documents; shown when there is more than one."""
        user = request_user(request)
        readable = self.readable(user)
        names = [name for name, _ in readable]
        base = base if base in names else DEFAULT_BASE
        manages = gr.update(visible=self.manages(user, base))
        picker = gr.Dropdown(choices=names, value=base, visible=len(names) > 1)
        views = self.views(self.holder(base, user).get(), selected, doc_id, user, readable)
        return (picker, *views, self.audit_html(user), *[manages] * self.controls)


def _managed(listener: Callable[..., Any], handler: Callable[..., Any], inputs: list[Any], outputs: list[Any]) -> Any:
    """Wire an operation that changes the documents: one at a time across every session, not in the API."""
    return listener(handler, inputs, outputs, api_visibility="private", concurrency_limit=1, concurrency_id="manage")


def build_documents_tab(
    bases: BaseHolders, scope: gr.Dropdown, access: Access
) -> tuple[Callable[..., Any], list[Any], list[Any]]:
    """Render the 文件 tab inside the current Blocks and wire its events; returns the page-load
    refresh function, its inputs and its outputs."""
    base = gr.Dropdown(choices=[DEFAULT_BASE], value=DEFAULT_BASE, label="知识库", visible=False, elem_id="manage-base")
    tab = _layout(bases.default.get())
    handlers = DocumentsTabHandlers(bases, access, len(tab.controls))
    views = [tab.table, scope, tab.picker, tab.browser]
    for chooser in (tab.upload, tab.drop):  # None to the chooser clears its files once they were handled
        _managed(
            chooser.upload,
            handlers.upload,
            [chooser, scope, tab.picker, base],
            [tab.status, *views, chooser, tab.audit_view],
        )
    outputs = [tab.status, *views, tab.upload, tab.audit_view]
    tab.delete.click(
        handlers.ask_to_delete, [tab.picker, base], [tab.status, tab.confirm, tab.keep], api_visibility="private"
    )
    tab.keep.click(
        lambda: ("已取消删除。", *_HIDE), None, [tab.status, tab.confirm, tab.keep], api_visibility="private"
    )
    confirmed = tab.confirm.click(lambda: _HIDE, None, [tab.confirm, tab.keep], api_visibility="private")
    _managed(confirmed.then, handlers.delete, [tab.picker, scope, base], outputs)
    _managed(tab.rebuild.click, handlers.rebuild, [scope, tab.picker, base], outputs)
    _managed(tab.restore.click, handlers.restore, [scope, tab.picker, base], outputs)
    tab.picker.change(handlers.tree, [tab.picker, base], tab.browser, api_visibility="private")
    load_inputs, load_outputs = [scope, tab.picker, base], [base, *views, tab.audit_view, *tab.controls]
    base.input(handlers.load, load_inputs, load_outputs, api_visibility="private")  # another base chosen
    return handlers.load, load_inputs, load_outputs

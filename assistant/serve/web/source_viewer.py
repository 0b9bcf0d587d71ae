"""The source viewer: a cited clause shown inside its document, with the document's record on top.

A click on `[n]` in an answer (or on a citation card) names the clause by its chunk id; the viewer
draws the clause's heading path as breadcrumbs (and, for a PDF, its page) above the document's
outline with that clause highlighted. Every document-derived string is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import gradio as gr

from assistant.access.bases import DEFAULT_BASE
from assistant.access.policy import Access
from assistant.documents import PATH_SEPARATOR
from assistant.errors import AssistantError
from assistant.serve.bases import BaseHolders
from assistant.serve.messages import user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import clause_tree

SOURCE_HINT = (
    "<div style='color:#8c8c8c'>点击回答中的 [1]、[2] 等引用编号或引用条款卡片，可在此查看条款在原文中的位置。</div>"
)


def source_html(pipeline: Pipeline, chunk_id: str | None) -> str:
    """The viewer's content for the clause `chunk_id` (a hint when none is chosen, a notice when the
    clause is no longer indexed: its document was deleted or replaced since the answer)."""
    if not chunk_id:
        return SOURCE_HINT
    row = pipeline.index.row_of_chunk.get(chunk_id)
    if row is None:
        return "<div style='color:#8c8c8c'>该条款所在的文件已被删除或更新，请重新提问以查看最新条款。</div>"
    chunk = pipeline.index.chunks[row]
    crumbs = PATH_SEPARATOR.join(html.escape(p) for p in chunk.path) or "（正文）"
    page = f" · 第{chunk.page}页" if chunk.page else ""
    return (
        f"<div class='breadcrumbs' style='color:#1d39c4;font-size:90%;margin:0 0 6px'>{crumbs}{page}</div>"
        + clause_tree(pipeline, chunk.doc_id, cited=chunk_id)
    )


def make_source_view(bases: BaseHolders, access: Access) -> Callable[[str | None, gr.Request], str]:
    """The viewer's handler: the clause a citation names (base|chunk id, or a chunk id of the default
    base), drawn only from a base the caller may read."""

    def show(target: str | None, request: gr.Request = None) -> str:
        base, _, chunk_id = (target or "").rpartition("|")
        base = base or DEFAULT_BASE
        try:
            access.require_base(request_user(request), base)
            holder = bases.holder(base) if chunk_id else None
        except AssistantError as exc:  # not the caller's base, or one removed since the answer
            return f"<div style='color:#8c8c8c'>{html.escape(user_message(exc))}</div>"
        return source_html(holder.get(), chunk_id) if holder is not None else SOURCE_HINT

    return show

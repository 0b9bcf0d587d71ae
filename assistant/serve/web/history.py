"""The chat's sidebar: the user's kept conversations (open, new, rename, delete, search).

The conversations live in the database (conversation/store.py), so a reload or another browser
finds them. Every handler asks the store as the request's own user: an id sent by a client that is
not the user's own reads as not found.
"""

from __future__ import annotations

import datetime
import html
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant.access.policy import Access
from assistant.atomic import write_atomic
from assistant.conversation.export import conversation_markdown
from assistant.documents import Answer
from assistant.errors import AssistantError
from assistant.serve.messages import user_message
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import format_answer, format_error, md_escape

MAX_TURNS = 50  # the latest turns a browser session keeps as context and for export
EXPORT_ROOT = Path(tempfile.gettempdir()) / "policy-assistant-exports"
EXPORT_KEEP_S = 3600


@dataclass(frozen=True)
class Sidebar:
    """The sidebar's components."""

    history: gr.Radio
    search: gr.Textbox
    new_chat: gr.Button
    title: gr.Textbox
    rename: gr.Button
    delete: gr.Button


def build_sidebar() -> Sidebar:
    """Lay out the sidebar inside the current column."""
    new_chat = gr.Button("＋ 新对话", variant="secondary", elem_id="new-chat")
    search = gr.Textbox(placeholder="搜索历史对话", show_label=False, max_lines=1, elem_id="history-search")
    history = gr.Radio(choices=[], value=None, label="历史对话", elem_id="history")
    with gr.Accordion("重命名或删除当前对话", open=False):
        title = gr.Textbox(label="新标题", max_lines=1, max_length=40, elem_id="rename-title")
        with gr.Row():
            rename = gr.Button("重命名", size="sm", elem_id="rename-chat")
            delete = gr.Button("删除", size="sm", variant="stop", elem_id="delete-chat")
    return Sidebar(history, search, new_chat, title, rename, delete)


def _when(updated: str) -> str:
    """A conversation's last change in the server's local time, short."""
    try:
        return datetime.datetime.fromisoformat(updated).astimezone().strftime("%m-%d %H:%M")
    except ValueError:
        return ""


def chat_messages(turns: list[dict]) -> list[dict]:
    """The chatbot's messages for kept turns, drawn as when they were answered."""
    messages = []
    for turn in turns:
        answer = turn.get("answer")
        shown = format_answer(Answer.from_dict(answer)) if answer else format_error(turn.get("error") or "")
        messages += [
            {"role": "user", "content": html.escape(turn["question"])},
            {"role": "assistant", "content": shown},
        ]
    return messages


class HistoryHandlers:
    """The sidebar's event handlers for one app."""

    def __init__(self, access: Access) -> None:
        self.access = access

    def listing(self, search: str | None, current: str | None, request: gr.Request) -> gr.Radio:
        """The user's conversations (filtered by `search`), the current one selected."""
        owner = self.access.history_owner(request_user(request))
        if owner is None:
            return gr.Radio(choices=[], value=None, label="历史对话（匿名访问不保存对话）")
        try:
            found = self.access.conversations.conversations(owner, search or "")
        except AssistantError as exc:
            return gr.Radio(choices=[], value=None, label=f"历史对话（无法读取：{user_message(exc)}）")
        choices = [(f"{c.title} · {_when(c.updated)}", c.id) for c in found]
        value = current if any(c.id == current for c in found) else None
        label = f"历史对话（{len(found)}）" if not search else f"历史对话（找到 {len(found)} 个）"
        return gr.Radio(choices=choices, value=value, label=label)

    def open(self, conversation: str | None, request: gr.Request) -> tuple:
        """Show a kept conversation: (chat messages, status, turns, conversation id)."""
        owner = self.access.history_owner(request_user(request))
        if owner is None or not conversation:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            turns = self.access.conversations.turns(owner, conversation)[-MAX_TURNS:]
        except AssistantError as exc:
            return gr.skip(), md_escape(user_message(exc)), gr.skip(), gr.skip()
        return chat_messages(turns), "", turns, conversation

    def rename(self, conversation: str | None, title: str | None, request: gr.Request) -> str:
        """Rename the current conversation; returns the status line."""
        owner = self.access.history_owner(request_user(request))
        if owner is None or not conversation:
            return "请先打开或开始一个对话。"
        if not (title or "").strip():
            return "请输入新标题。"
        try:
            self.access.conversations.rename(owner, conversation, title or "")
        except AssistantError as exc:
            return md_escape(user_message(exc))
        return "已重命名。"

    def delete(self, conversation: str | None, request: gr.Request) -> tuple:
        """Delete the current conversation (the page asked first): (messages, status, turns, id)."""
        owner = self.access.history_owner(request_user(request))
        if owner is None or not conversation:
            return gr.skip(), "请先打开要删除的对话。", gr.skip(), gr.skip()
        try:
            self.access.conversations.delete(owner, conversation)
        except AssistantError as exc:
            return gr.skip(), md_escape(user_message(exc)), gr.skip(), gr.skip()
        return [], "已删除该对话。", [], None


def export_conversation(turns: list[dict] | None) -> str | None:
    """The conversation as a Markdown file to download (None when there is nothing to export).

    Written into a fresh folder the server names itself (nothing of the client goes into a path);
    folders older than an hour are removed, so exports do not pile up."""
    if not turns:
        return None
    EXPORT_ROOT.mkdir(parents=True, exist_ok=True)
    for old in EXPORT_ROOT.iterdir():
        if old.is_dir() and old.stat().st_mtime < time.time() - EXPORT_KEEP_S:
            shutil.rmtree(old, ignore_errors=True)
    try:
        folder = Path(tempfile.mkdtemp(dir=EXPORT_ROOT))
        path = folder / "问答记录.md"
        write_atomic(path, conversation_markdown(turns))
    except OSError as exc:  # a full or read-only temporary folder: say so on the page
        raise gr.Error(f"导出失败：{exc.strerror or exc}") from exc
    return str(path)

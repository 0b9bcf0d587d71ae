"""The chat's sidebar: the user's kept conversations (open, new, rename, delete, search).

The conversations live in the database (conversation/store.py), so a reload or another browser
finds them. Every handler asks the store as the request's own user: an id sent by a client that is
not the user's own reads as not found.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access.policy import Access
from assistant.atomic import write_atomic
from assistant.conversation.export import conversation_markdown
from assistant.documents import Answer
from assistant.errors import AssistantError
from assistant.serve.messages import user_message
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import format_answer, format_error, md_escape

log = logging.getLogger(__name__)

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
    confirm: gr.Button
    cancel: gr.Button


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
        with gr.Row():  # a delete is asked first
            confirm = gr.Button("确认删除", size="sm", variant="stop", visible=False, elem_id="confirm-delete-chat")
            cancel = gr.Button("取消", size="sm", visible=False, elem_id="cancel-delete-chat")
    return Sidebar(history, search, new_chat, title, rename, delete, confirm, cancel)


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
            {"role": "user", "content": md_escape(turn["question"])},
            {"role": "assistant", "content": shown},
        ]
    return messages


class HistoryHandlers:
    """The sidebar's event handlers for one app."""

    def __init__(self, access: Access) -> None:
        self.access = access

    def _owner(self, request: gr.Request) -> str | None:
        """Whose conversations the request works in (None: an anonymous visitor, nothing kept)."""
        return self.access.history_owner(request_user(request))

    def listing(self, search: str | None, current: str | None, request: gr.Request) -> gr.Radio:
        """The user's conversations (filtered by `search`), the current one selected."""
        owner = self._owner(request)
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
        owner = self._owner(request)
        if owner is None or not conversation:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            turns = self.access.conversations.turns(owner, conversation)[-MAX_TURNS:]
            messages = chat_messages(turns)
        except AssistantError as exc:
            return gr.skip(), md_escape(user_message(exc)), gr.skip(), gr.skip()
        except (KeyError, TypeError, ValueError):  # a record this version cannot draw (damaged, or of another)
            log.exception("conversation %s could not be drawn", conversation)
            return gr.skip(), "该对话的记录无法显示。", gr.skip(), gr.skip()
        return messages, "", turns, conversation

    def rename(self, conversation: str | None, title: str | None, request: gr.Request) -> str:
        """Rename the current conversation; returns the status line."""
        owner = self._owner(request)
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
        owner = self._owner(request)
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


def wire_sidebar(sidebar: Sidebar, kept: HistoryHandlers, chat: dict[str, Any], asked: list[Any]) -> None:
    """Wire the sidebar to the chat's components (`chat`: chatbot, status, turns, conversation, search
    inputs, download, viewer, hint). Opening, starting or deleting a conversation cancels an answer still
    running (`asked`), whose last update would otherwise write the old conversation back."""
    shown = [chat["chatbot"], chat["status"], chat["turns"], chat["conversation"]]
    listing = ([sidebar.search, chat["conversation"]], [sidebar.history])
    private: dict[str, Any] = {"api_visibility": "private"}
    sidebar.history.input(kept.open, [sidebar.history], shown, cancels=asked, **private).then(
        export_conversation, [chat["turns"]], [chat["download"]], **private
    )
    # The chatbot's own clear icon starts a new conversation too (the old one stays in the list).
    for start in (sidebar.new_chat.click, chat["chatbot"].clear):
        start(
            lambda: ([], "", [], None, None, gr.Radio(value=None), chat["hint"]),
            None,
            [*shown, chat["download"], sidebar.history, chat["viewer"]],
            cancels=asked,
            **private,
        )
    sidebar.search.change(kept.listing, *listing, **private)
    sidebar.rename.click(kept.rename, [chat["conversation"], sidebar.title], [chat["status"]], **private).then(
        kept.listing, *listing, **private
    )
    buttons = [sidebar.confirm, sidebar.cancel]
    sidebar.delete.click(
        lambda: ("确定删除当前对话吗？删除后无法恢复。", gr.Button(visible=True), gr.Button(visible=True)),
        None,
        [chat["status"], *buttons],
        **private,
    )
    hidden = (gr.Button(visible=False), gr.Button(visible=False))
    sidebar.cancel.click(lambda: ("已取消删除。", *hidden), None, [chat["status"], *buttons], **private)
    sidebar.confirm.click(lambda: hidden, None, buttons, **private).then(
        kept.delete, [chat["conversation"]], shown, cancels=asked, **private
    ).then(kept.listing, *listing, **private)

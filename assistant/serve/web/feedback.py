"""👍/👎 under answers and the optional reason box: what the chat records about its answers' quality."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from assistant.access.policy import Access
from assistant.errors import AssistantError
from assistant.serve.messages import user_message
from assistant.serve.web.callers import request_user
from assistant.serve.web.render import md_escape


def make_feedback(access: Access) -> Callable[[list[dict] | None, gr.LikeData, gr.Request], tuple[str, int | None]]:
    """The 👍/👎 handler: the rated answer is the server's own record of it (found from the message index);
    from the click only the verdict is taken, and only when it is a plain yes or no, or "" (the same thumb
    clicked again: the verdict is taken back). Returns (status, the stored verdict's id for a reason)."""

    def on_like(turns: list[dict] | None, data: gr.LikeData, request: gr.Request = None) -> tuple[str, int | None]:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(index, int) or not (isinstance(data.liked, bool) or data.liked == ""):
            return "（无效的评价）", None
        turn = (turns or [])[index // 2] if 0 <= index // 2 < len(turns or []) else None
        if turn is None or turn.get("answer") is None:
            return "（没有可评价的回答）", None
        user = request_user(request)
        try:
            if data.liked == "":
                access.feedback.withdraw(user, turn["answer"])
                return "已撤回评价。", None
            record = access.feedback.record(user, turn["answer"], bool(data.liked))
        except AssistantError as exc:
            return f"反馈未保存：{md_escape(user_message(exc))}", None
        return "已记录反馈，谢谢。可在下方补充原因（可选）。", record["id"]

    return on_like


def make_reason(access: Access) -> Callable[[str | None, int | None, gr.Request], tuple[str, str]]:
    """The reason box's handler: an optional reason for the verdict just given (`rated`, its id)."""

    def on_reason(reason: str | None, rated: int | None, request: gr.Request = None) -> tuple[str, str]:
        if not (reason or "").strip():
            return "请先填写原因。", gr.skip()
        if not isinstance(rated, int):
            return "请先点 👍 或 👎 评价一个回答。", gr.skip()
        try:
            kept = access.feedback.add_reason(rated, request_user(request), reason or "")
        except AssistantError as exc:
            return f"原因未保存：{md_escape(user_message(exc))}", gr.skip()
        return ("已记录原因，谢谢。", "") if kept else ("该评价已撤回，原因未保存。", gr.skip())

    return on_reason

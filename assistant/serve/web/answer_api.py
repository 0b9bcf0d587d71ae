"""The `answer` API endpoint of the web app (gradio_client's /answer): a question and the earlier
questions of its conversation in, the answer object out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import gradio as gr

from assistant.access.policy import Access
from assistant.conversation.session import MAX_HISTORY_ITEMS, bounded_message
from assistant.errors import AssistantError
from assistant.serve.bases import BaseHolders
from assistant.serve.messages import user_message
from assistant.serve.web.callers import caller


def make_api(bases: BaseHolders, access: Access) -> Callable[[str, list | None, list | None, gr.Request], dict]:
    """The JSON endpoint function (no UI) answering from the knowledge bases the caller may read."""

    def api_answer(
        question: str,
        history: list | None = None,
        knowledge_bases: list | None = None,
        request: gr.Request = None,
    ) -> dict:
        """Answer a question about the indexed policy documents; returns Answer.to_dict().

        `history`: the earlier questions of the conversation, oldest first, as typed (strings) or as
        {"question": …, "standalone": …} (the `standalone` of earlier answers); follow-ups such as
        "银川的呢？" are resolved against them. `knowledge_bases`: the names of the bases to ask
        (default: every base the caller may read).
        """
        try:
            user, key = caller(access, request)
            names = bases.chosen(user, [str(n) for n in knowledge_bases or []])
            pipeline = bases.default.get()
            earlier: list[str] = []
            if not isinstance(history, (list, type(None))) or len(history or []) > MAX_HISTORY_ITEMS:
                raise AssistantError(f"history 应为最多 {MAX_HISTORY_ITEMS} 项的列表")
            question = bounded_message(question)
            for turn in history or []:
                if isinstance(turn, dict) and turn.get("standalone"):
                    earlier.append(bounded_message(turn["standalone"]))
                else:
                    typed = turn.get("question") if isinstance(turn, dict) else turn
                    if not isinstance(typed, str):
                        raise AssistantError("history 的每一项应为问题字符串或含 question 的对象")
                    earlier.append(pipeline.conversation.resolve(bounded_message(typed), earlier).standalone)
            with access.limiter.slot(key):
                answer = bases.ask(names, question, earlier)
            return replace(answer, user=user or "").to_dict()
        except AssistantError as exc:
            return {"error": user_message(exc)}

    return api_answer

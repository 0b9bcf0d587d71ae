"""Gradio web UI: a chat tab (follow-ups, citation cards under every answer, 👍/👎, Markdown export), a
documents tab, and an `answer` API endpoint that takes the conversation's earlier questions.

Only presentation lives here; every answer comes from `pipeline.chain` so the UI, CLI and
evaluation share one contract (`Answer`).
"""

from __future__ import annotations

import html
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant.access.policy import Access, open_access
from assistant.atomic import write_atomic
from assistant.conversation.export import conversation_markdown
from assistant.conversation.session import MAX_HISTORY_ITEMS, MAX_MESSAGE_CHARS, bounded_message
from assistant.documents import Answer
from assistant.errors import AssistantError
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.documents import build_documents_tab, request_user
from assistant.serve.web.render import document_choices, format_answer, format_error, md_escape, status_line

# What one browser session may keep on the server: questions longer than this are cut before they
# are kept (the pipeline reads only the first max_question_chars anyway), and only the latest turns
# are kept as context and for export.
MAX_TURNS = 50
STATE_TTL_S = 12 * 3600  # a conversation left open longer is dropped from the server's memory
EXPORT_ROOT = Path(tempfile.gettempdir()) / "policy-assistant-exports"
EXPORT_KEEP_S = 3600

EXAMPLES = [
    "2025年乌海森林覆盖率目标",
    "黔东南哪些园区要建设工业废水集中处理设施?",
    "银川2023年要新建改造多少个国家级水产健康养殖示范场",
    "无锡自然湿地保护率目标",
    "西宁市的大气污染防治目标",
]


def _who(access: Access, request: gr.Request | None) -> tuple[str | None, str | None]:
    """(signed-in user name or None, the key a per-user limit counts: see Access.limit_key)."""
    user = request_user(request)
    client = getattr(request, "client", None) if request is not None else None
    return user, access.limit_key(user, getattr(client, "host", "") or "unknown")


def make_chat(holder: PipelineHolder, access: Access):
    """The chat handler serving the holder's current pipeline (a generator so LLM tokens can stream).

    The conversation lives in the browser session (`turns`, a gr.State, and the chatbot history):
    two users never see each other's context.
    """

    def chat(
        message: str,
        history: list[dict] | None,
        doc_ids: list[str] | None,
        turns: list[dict] | None,
        request: gr.Request = None,  # type: ignore[assignment]  # Gradio injects it by this exact annotation
    ) -> Iterator[tuple[list[dict], str, str, list[dict]]]:
        """Yield (history, cleared textbox, status, turns) as the answer arrives."""
        user, key = _who(access, request)
        message = bounded_message(message)
        pipeline = holder.get()  # this request finishes on this pipeline even if another is swapped in
        turns = list(turns or [])[-MAX_TURNS + 1 :]
        history = list(history or [])[-2 * MAX_TURNS + 2 :] + [
            {"role": "user", "content": html.escape(message)},
            {"role": "assistant", "content": "检索中…"},
        ]
        yield history, "", "检索中…", turns
        known = {d.doc_id for d in pipeline.index.documents}
        scope = [d for d in doc_ids or [] if d in known] or None  # empty selection = all documents
        earlier = [t["answer"]["standalone"] for t in turns if t.get("answer")]
        try:
            if doc_ids and not scope:
                raise AssistantError("所选文件已被删除，请重新选择限定文件。")
            with access.limiter.slot(key):
                if pipeline.settings.llm_enabled:  # stream() only yields tokens with an LLM
                    text = ""
                    for item in pipeline.conversation.stream(message, earlier, doc_ids=scope):
                        if isinstance(item, Answer):
                            answer = item
                        else:
                            text += item
                            history[-1] = {"role": "assistant", "content": md_escape(text)}
                            yield history, "", "生成中…", turns
                else:
                    answer = pipeline.conversation.ask(message, earlier, doc_ids=scope)
            answer = replace(answer, user=user or "")
        except Exception as exc:  # never leave the page dead: show the error in this turn
            history[-1] = {"role": "assistant", "content": format_error(user_message(exc))}
            yield (
                history,
                "",
                "请求失败",
                turns + [{"question": message or "", "answer": None, "error": user_message(exc)}],
            )
            return
        history[-1] = {"role": "assistant", "content": format_answer(answer)}
        yield history, "", status_line(answer), turns + [{"question": message, "answer": answer.to_dict()}]

    return chat


def make_feedback(access: Access):
    """The 👍/👎 handler: the rated answer is the server's own record of it (found from the message index);
    from the click only the verdict is taken, and only when it is a plain yes or no."""

    def on_like(turns: list[dict] | None, data: gr.LikeData, request: gr.Request = None) -> str:  # type: ignore[assignment]
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(index, int) or not isinstance(data.liked, bool):
            return "（无效的评价）"
        turn = (turns or [])[index // 2] if 0 <= index // 2 < len(turns or []) else None
        if turn is None or turn.get("answer") is None:
            return "（没有可评价的回答）"
        try:
            access.feedback.record(request_user(request), turn["answer"], data.liked)
        except AssistantError as exc:
            return f"反馈未保存：{md_escape(user_message(exc))}"
        return "已记录反馈，谢谢。"

    return on_like


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


def make_api(holder: PipelineHolder, access: Access):
    """The JSON endpoint function (no UI) serving the holder's current pipeline."""

    def api_answer(question: str, history: list | None = None, request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Answer a question about the indexed policy documents; returns Answer.to_dict().

        `history`: the earlier questions of the conversation, oldest first, as typed (strings) or as
        {"question": …, "standalone": …} (the `standalone` of earlier answers); follow-ups such as
        "银川的呢？" are resolved against them.
        """
        try:
            pipeline = holder.get()
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
            user, key = _who(access, request)
            with access.limiter.slot(key):
                answer = pipeline.conversation.ask(question, earlier)
            return replace(answer, user=user or "").to_dict()
        except AssistantError as exc:
            return {"error": user_message(exc)}

    return api_answer


ROLE_NAMES = {"admin": "管理员", "editor": "编辑", "reader": "读者"}


def who_line(access: Access, request: gr.Request) -> str:
    """Who is using the page: the signed-in user, role and a sign-out link; or how the server is open."""
    user = request_user(request)
    if user:
        role = ROLE_NAMES.get(access.role(user) or "", "无权限")
        return f"当前用户：**{md_escape(user)}**（{role}） · [退出登录](/logout)"
    return "匿名只读访问（未登录）" if access.anonymous_readers else "本机使用（未启用账号，可管理文件）"


def build_app(pipeline: Pipeline | PipelineHolder, access: Access | None = None) -> gr.Blocks:
    """The Blocks app: 问答 tab, 文件 tab, and the `answer` API endpoint (`access`: who may do what;
    default: one person's machine, no accounts)."""
    holder = pipeline if isinstance(pipeline, PipelineHolder) else PipelineHolder(pipeline)
    access = access or open_access(holder.get().settings.data_dir)
    chat = make_chat(holder, access)
    # Uploads and exports Gradio keeps in its cache are removed an hour after they were made.
    with gr.Blocks(title="政策文件问答助手", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "## 政策文件问答助手\n根据已收录的政策文件回答问题，并给出引用条款。可以追问，例如先问"
            "“2025年乌海森林覆盖率目标”，再问“银川的呢？”。",
            latex_delimiters=[],
        )
        user_bar = gr.Markdown("", elem_id="user-bar", latex_delimiters=[])
        with gr.Tab("问答"):
            turns = gr.State([], time_to_live=STATE_TTL_S)
            scope = gr.Dropdown(
                choices=document_choices(holder.get()),
                value=[],
                multiselect=True,
                label="限定文件",
                info="不选则在全部文件中检索",
                elem_id="scope",
            )
            # latex_delimiters=[]: a document's $$…$$ must reach the page as text, never as a formula
            # (KaTeX can hide a figure with \\phantom or paint a notice with \\color).
            chatbot = gr.Chatbot(label="对话", height=560, elem_id="chat", latex_delimiters=[])
            with gr.Row():
                box = gr.Textbox(
                    placeholder="请输入问题，例如：2025年乌海森林覆盖率目标",
                    max_length=MAX_MESSAGE_CHARS,
                    show_label=False,
                    scale=8,
                    lines=1,
                    elem_id="question",
                )
                send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
            examples = gr.Examples(EXAMPLES, inputs=box, label="示例问题（点击即提问）")
            status = gr.Markdown("", elem_id="chat-status", latex_delimiters=[])
            with gr.Row():
                clear = gr.Button("清空对话", size="sm")
                download = gr.DownloadButton("导出对话（Markdown）", size="sm", elem_id="export")
            inputs, outputs = [box, chatbot, scope, turns], [chatbot, box, status, turns]
            # Named chat endpoint for the UI; the JSON endpoint for clients is "answer" below. After each
            # turn the export button gets the file (a download button serves the value it already holds).
            for event in (
                send.click(chat, inputs, outputs, api_name="chat"),
                box.submit(chat, inputs, outputs, api_visibility="private"),
                examples.load_input_event.then(chat, inputs, outputs, api_visibility="private"),
            ):
                event.then(export_conversation, [turns], [download], api_visibility="private")
            chatbot.like(make_feedback(access), [turns], [status], api_visibility="private")
            clear.click(lambda: ([], "", [], None), None, [chatbot, status, turns, download], api_visibility="private")
        with gr.Tab("文件"):
            on_load, load_inputs, load_outputs = build_documents_tab(holder, scope, access)
        demo.load(on_load, load_inputs, load_outputs, api_visibility="private")

        def show_who(request: gr.Request) -> str:
            return who_line(access, request)

        demo.load(show_who, None, [user_bar], api_visibility="private")
        # gr.api registers a function as an API endpoint with no UI component.
        gr.api(make_api(holder, access), api_name="answer")
    return demo

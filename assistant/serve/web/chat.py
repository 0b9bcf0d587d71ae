"""Gradio web UI: a chat tab (kept conversations in a sidebar, follow-ups, citation cards under every
answer opening the source viewer, 👍/👎, Markdown export), a documents tab, and an `answer` API
endpoint that takes the conversation's earlier questions.

Only presentation lives here; every answer comes from `pipeline.chain` so the UI, CLI and
evaluation share one contract (`Answer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant.access.administration import ROLE_LABELS
from assistant.access.policy import Access, open_access
from assistant.answer.combined import combine_answers
from assistant.conversation.session import MAX_MESSAGE_CHARS, bounded_message
from assistant.documents import Answer
from assistant.errors import AssistantError, ConversationNotFoundError
from assistant.serve.bases import BaseHolders, scope_in
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.accounts_tab import build_accounts_tab
from assistant.serve.web.answer_api import make_api
from assistant.serve.web.callers import caller, request_user
from assistant.serve.web.documents_tab import build_documents_tab
from assistant.serve.web.feedback import make_feedback, make_reason
from assistant.serve.web.history import MAX_TURNS, HistoryHandlers, build_sidebar, export_conversation, wire_sidebar
from assistant.serve.web.render import CITED_ID, document_choices, format_answer, format_error, md_escape, status_line
from assistant.serve.web.source_viewer import SOURCE_HINT, make_source_view

PAGE_FILES = Path(__file__).parent  # page.js (clicks on citations, copy) and page.css

STATE_TTL_S = 12 * 3600  # a conversation left open longer is dropped from the server's memory

EXAMPLES = [
    "2025年乌海森林覆盖率目标",
    "黔东南哪些园区要建设工业废水集中处理设施?",
    "银川2023年要新建改造多少个国家级水产健康养殖示范场",
    "无锡自然湿地保护率目标",
    "西宁市的大气污染防治目标",
]


def make_chat(
    bases: BaseHolders, access: Access
) -> Callable[
    [str, list[dict] | None, list[str] | None, list[dict] | None, str | None, list[str] | None, gr.Request],
    Iterator[tuple[list[dict], str, str, list[dict], str | None]],
]:
    """The chat handler answering from the knowledge bases the user chose and may read (a generator so
    LLM tokens can stream when one base answers).

    The open conversation lives in the browser session (`turns` and its id, gr.States, and the chatbot
    history), so two users never see each other's context; each finished turn is also kept in the
    user's conversation in the database (history.py lists and reopens them).
    """

    def chat(
        message: str,
        history: list[dict] | None,
        doc_ids: list[str] | None,
        turns: list[dict] | None,
        conversation: str | None,
        chosen: list[str] | None = None,
        request: gr.Request = None,  # Gradio injects it by this exact annotation
    ) -> Iterator[tuple[list[dict], str, str, list[dict], str | None]]:
        """Yield (history, cleared textbox, status, turns, conversation id) as the answer arrives; the
        finished turn is kept in the user's conversation before it is shown. `chosen`: the knowledge
        bases to ask (none: every base the user may read)."""
        user, key = caller(access, request)
        message = bounded_message(message)
        turns = list(turns or [])
        # Two messages per kept turn: a stopped answer's question and partial text (never kept) leave the
        # chat here, so 👍/👎, which find their turn by a message's place, rate the right answer.
        history = list(history or [])[: 2 * len(turns)]
        turns = turns[-MAX_TURNS + 1 :]
        history = history[len(history) - 2 * len(turns) :] + [
            # md_escape, not html.escape: the chat renders Markdown, and a question is kept and shown again.
            {"role": "user", "content": md_escape(message)},
            {"role": "assistant", "content": "检索中…"},
        ]
        yield history, "", "检索中…", turns, conversation
        earlier = [t["answer"]["standalone"] for t in turns if t.get("answer")]
        try:
            names = bases.chosen(user, chosen)
            with access.limiter.slot(key):
                # Each base's pipeline is taken once: this request finishes on it even if another is swapped in.
                pipelines = bases.pipelines(names)
                if len(pipelines) == 1 and pipelines[0][1].settings.llm_enabled:  # only an LLM streams tokens
                    name, pipeline = pipelines[0]
                    text = ""
                    for item in pipeline.conversation.stream(message, earlier, doc_ids=scope_in(pipeline, doc_ids)):
                        if isinstance(item, Answer):
                            answer = combine_answers([(name, item)])
                        else:
                            text += item
                            history[-1] = {"role": "assistant", "content": md_escape(text)}
                            yield history, "", "生成中…", turns, conversation
                else:
                    answer = bases.ask(names, message, earlier, doc_ids or None)
            answer = replace(answer, user=user or "")
        except Exception as exc:  # never leave the page dead: show the error in this turn
            history[-1] = {"role": "assistant", "content": format_error(user_message(exc))}
            turn: dict = {"question": message or "", "answer": None, "error": user_message(exc)}
            conversation, note = _keep(access, user, conversation, turn)
            yield history, "", "请求失败" + note, turns + [turn], conversation
            return
        turn = {"question": message, "answer": answer.to_dict()}
        conversation, note = _keep(access, user, conversation, turn)
        history[-1] = {"role": "assistant", "content": format_answer(answer)}
        yield history, "", status_line(answer) + note, turns + [turn], conversation

    return chat


def _keep(access: Access, user: str | None, conversation: str | None, turn: dict) -> tuple[str | None, str]:
    """Keep `turn` in the user's conversation (a new one when there is none, or when it was deleted in
    another window); returns (conversation id, a note for the status line when it could not be kept)."""
    owner = access.history_owner(user)
    if owner is None:
        return conversation, ""
    store = access.conversations
    try:
        try:
            return store.add_turn(owner, conversation, turn), ""
        except ConversationNotFoundError:
            return store.add_turn(owner, None, turn), ""
    except AssistantError as exc:  # the answer is shown all the same; the status says it was not kept
        return conversation, f"\n\n**对话未能保存**：{md_escape(user_message(exc))}"


def who_line(access: Access, request: gr.Request) -> str:
    """Who is using the page: the signed-in user, role and a sign-out link; or how the server is open."""
    user = request_user(request)
    if user:
        role = ROLE_LABELS.get(access.role(user) or "", "无权限")
        return f"当前用户：**{md_escape(user)}**（{role}） · [退出登录](/logout)"
    return "匿名只读访问（未登录）" if access.anonymous_readers else "本机使用（未启用账号，可管理文件）"


def build_app(
    pipeline: Pipeline | PipelineHolder, access: Access | None = None, bases: BaseHolders | None = None
) -> gr.Blocks:
    """The Blocks app: 问答 tab, 文件 tab, and the `answer` API endpoint (`access`: who may do what;
    default: one person's machine, no accounts; `bases`: the knowledge bases, the pipeline's own as
    the default one). The page's script and style (page_script, page_css) are passed where the app is
    served."""
    holder = pipeline if isinstance(pipeline, PipelineHolder) else PipelineHolder(pipeline)
    access = access or open_access(holder.get().settings.data_dir)
    bases = bases or BaseHolders(holder, access)
    chat = make_chat(bases, access)
    kept = HistoryHandlers(access)
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
            conversation = gr.State(None, time_to_live=STATE_TTL_S)  # the kept conversation's id
            with gr.Row():
                with gr.Column(scale=1, min_width=200):
                    sidebar = build_sidebar()
                with gr.Column(scale=3, min_width=320):
                    chooser = gr.Dropdown(
                        choices=[], value=[], multiselect=True, label="知识库", visible=False, elem_id="bases"
                    )
                    chatbot, box, send, stop, examples, status, download, scope, feedback = _chat_column(holder)
                    reason_row, reason, send_reason = feedback
                with gr.Column(scale=2, min_width=280):
                    gr.Markdown("#### 原文", latex_delimiters=[])
                    viewer = gr.HTML(SOURCE_HINT, elem_id="source-viewer")
                    # page.js puts the clicked clause's id into this hidden box's value and clicks the
                    # hidden button: the viewer is drawn on the server from the index.
                    target = gr.Textbox(visible="hidden", elem_id="cite-target")
                    open_source = gr.Button("查看原文", visible="hidden", elem_id="open-source")
            inputs = [box, chatbot, scope, turns, conversation, chooser]
            outputs = [chatbot, box, status, turns, conversation]
            listing = ([sidebar.search, conversation], [sidebar.history])
            # Named chat endpoint for the UI; the JSON endpoint for clients is "answer" below. After each
            # turn the export button gets the file (a download button serves the value it already holds)
            # and the sidebar lists the conversation.
            asked = [
                send.click(chat, inputs, outputs, api_name="chat"),
                box.submit(chat, inputs, outputs, api_visibility="private"),
                examples.load_input_event.then(chat, inputs, outputs, api_visibility="private"),
            ]
            for event in asked:
                event.then(export_conversation, [turns], [download], api_visibility="private")
                event.then(kept.listing, *listing, api_visibility="private")
            # A stopped answer is not kept: a turn is written only when its answer is complete (the chat
            # drops the stopped messages with the next question).
            stop.click(lambda: "已停止生成。", None, [status], cancels=asked, api_visibility="private")
            rated = gr.State(None)  # the id of the verdict just given, for its reason
            liked = chatbot.like(make_feedback(access), [turns], [status, rated], api_visibility="private")
            liked.then(lambda: gr.Row(visible=True), None, [reason_row], api_visibility="private")
            send_reason.click(make_reason(access), [reason, rated], [status, reason], api_visibility="private")
            wire_sidebar(
                sidebar,
                kept,
                {
                    "chatbot": chatbot,
                    "status": status,
                    "turns": turns,
                    "conversation": conversation,
                    "download": download,
                    "viewer": viewer,
                    "hint": SOURCE_HINT,
                },
                asked,
            )
            open_source.click(
                make_source_view(bases, access),
                [target],
                [viewer],
                js="(x) => [window.policyAssistantCite || '']",
                api_visibility="private",
            ).then(None, js=f"() => document.getElementById('{CITED_ID}')?.scrollIntoView({{block: 'nearest'}})")
        with gr.Tab("文件"):
            on_load, load_inputs, load_outputs = build_documents_tab(bases, scope, access)
        demo.load(on_load, load_inputs, load_outputs, api_visibility="private")
        _, accounts_load, accounts_outputs = build_accounts_tab(access)
        demo.load(accounts_load, None, accounts_outputs, api_visibility="private")

        def show_who(request: gr.Request) -> str:
            return who_line(access, request)

        demo.load(show_who, None, [user_bar], api_visibility="private")

        def readable(request: gr.Request) -> gr.Dropdown:
            """The caller's knowledge bases to choose from; shown only when there is more than one."""
            names = [b.name for b in access.readable_bases(request_user(request))]
            return gr.Dropdown(choices=names, value=[], visible=len(names) > 1, info="不选则在全部可访问的知识库中检索")

        demo.load(readable, None, [chooser], api_visibility="private")
        demo.load(kept.listing, *listing, api_visibility="private")
        # gr.api registers a function as an API endpoint with no UI component.
        gr.api(make_api(bases, access), api_name="answer")
    return demo


def _chat_column(holder: PipelineHolder) -> tuple:
    """Lay out the chat: document filter, messages, question box with send (and stop), examples, status, export."""
    scope = gr.Dropdown(
        choices=document_choices(holder.get()),
        value=[],
        multiselect=True,
        label="限定文件",
        info="不选则在全部文件中检索",
        elem_id="scope",
    )
    # latex_delimiters=[]: a document's $$…$$ must reach the page as text, never as a formula
    # (KaTeX can hide a figure with \\phantom or paint a notice with \\color). buttons=[]: no share
    # button, and no copy of the message's HTML (each answer has its own 复制回答 of clean text).
    # sanitize_html=False: the browser's sanitiser drops the citation links' data-* attributes; every
    # message is escaped and then cleaned on the server instead (render.py, safe_html.py).
    chatbot = gr.Chatbot(label="对话", height=560, elem_id="chat", latex_delimiters=[], buttons=[], sanitize_html=False)
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
        # Only an LLM streams an answer long enough to stop; extractive answers take milliseconds.
        stop = gr.Button("停止", scale=1, visible=holder.get().settings.llm_enabled, elem_id="stop")
    examples = gr.Examples(EXAMPLES, inputs=box, label="示例问题（点击即提问）")
    status = gr.Markdown("", elem_id="chat-status", latex_delimiters=[])
    with gr.Row(visible=False) as reason_row:  # shown once an answer was rated
        reason = gr.Textbox(
            placeholder="（可选）说明原因，例如：数字不对、引用的条款不相关",
            show_label=False,
            max_length=500,
            scale=6,
            elem_id="feedback-reason",
        )
        send_reason = gr.Button("提交原因", size="sm", scale=1, elem_id="send-reason")
    download = gr.DownloadButton("导出对话（Markdown）", size="sm", elem_id="export")
    return chatbot, box, send, stop, examples, status, download, scope, (reason_row, reason, send_reason)


def page_script() -> str:
    """The page's script (clicks on [n] and citation cards, 复制回答), for mount_gradio_app(js=…)."""
    return (PAGE_FILES / "page.js").read_text(encoding="utf-8")


def page_css() -> str:
    """The page's style rules, for mount_gradio_app(css=…)."""
    return (PAGE_FILES / "page.css").read_text(encoding="utf-8")

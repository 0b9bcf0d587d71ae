"""Gradio web UI: a chat tab with citation cards, a documents tab, and an `answer` API endpoint.

Only presentation lives here; every answer comes from `pipeline.chain` so the UI, CLI and
evaluation share one contract (`Answer`).
"""
from __future__ import annotations

import html
from typing import Iterator

import gradio as gr

from assistant.documents import Answer
from assistant.errors import AssistantError
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import user_message
from assistant.serve.runtime import Pipeline
from assistant.serve.web.documents import build_documents_tab
from assistant.serve.web.render import citation_cards, document_choices, format_answer, format_error, status_line

EXAMPLES = [
    "2025年乌海森林覆盖率目标",
    "黔东南哪些园区要建设工业废水集中处理设施?",
    "银川2023年要新建改造多少个国家级水产健康养殖示范场",
    "无锡自然湿地保护率目标",
    "广州市2025年空气质量优良天数比率目标是多少?",
]

def make_chat(holder: PipelineHolder):
    """The chat handler serving the holder's current pipeline (a generator so LLM tokens can stream)."""

    def chat(message: str, history: list[dict] | None, doc_ids: list[str] | None
             ) -> Iterator[tuple[list[dict], str, str, str]]:
        """Yield (history, cleared textbox, citation HTML, status) as the answer arrives."""
        pipeline = holder.get()  # this request finishes on this pipeline even if another is swapped in
        history = list(history or []) + [{"role": "user", "content": message or ""},
                                          {"role": "assistant", "content": "检索中…"}]
        yield history, "", citation_cards(None), "检索中…"
        known = {d.doc_id for d in pipeline.index.documents}
        scope = [d for d in doc_ids or [] if d in known] or None  # empty selection = all documents
        try:
            if doc_ids and not scope:
                raise AssistantError("所选文件已被删除，请重新选择限定文件。")
            if pipeline.settings.llm_enabled:  # stream() only yields tokens with an LLM
                text = ""
                for item in pipeline.chain.stream(message, doc_ids=scope):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        text += item
                        history[-1] = {"role": "assistant", "content": html.escape(text)}
                        yield history, "", citation_cards(None), "生成中…"
            else:
                answer = pipeline.chain.ask(message, doc_ids=scope)
        except Exception as exc:  # never leave the page dead: show the error in this turn
            history[-1] = {"role": "assistant", "content": format_error(user_message(exc))}
            yield history, "", citation_cards(None), "请求失败"
            return
        history[-1] = {"role": "assistant", "content": format_answer(answer)}
        yield history, "", citation_cards(answer), status_line(answer)

    return chat


def make_api(holder: PipelineHolder):
    """The JSON endpoint function (no UI) serving the holder's current pipeline."""

    def api_answer(question: str) -> dict:
        """Answer a question about the indexed policy documents; returns Answer.to_dict()."""
        try:
            return holder.get().chain.ask(question).to_dict()
        except AssistantError as exc:
            return {"error": user_message(exc)}

    return api_answer


def build_app(pipeline: Pipeline | PipelineHolder) -> gr.Blocks:
    """The Blocks app: 问答 tab, 文件 tab, and the `answer` API endpoint."""
    holder = pipeline if isinstance(pipeline, PipelineHolder) else PipelineHolder(pipeline)
    chat = make_chat(holder)
    with gr.Blocks(title="政策文件问答助手", analytics_enabled=False) as demo:
        gr.Markdown("## 政策文件问答助手\n根据已收录的政策文件回答问题，并给出引用条款。")
        with gr.Tab("问答"):
            scope = gr.Dropdown(choices=document_choices(holder.get()), value=[], multiselect=True,
                                label="限定文件", info="不选则在全部文件中检索", elem_id="scope")
            chatbot = gr.Chatbot(label="对话", height=460, elem_id="chat")
            with gr.Row():
                box = gr.Textbox(placeholder="请输入问题，例如：2025年乌海森林覆盖率目标",
                                 show_label=False, scale=8, lines=1, elem_id="question")
                send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
            examples = gr.Examples(EXAMPLES, inputs=box, label="示例问题（点击即提问）")
            status = gr.Markdown("", elem_id="chat-status")
            cards = gr.HTML(citation_cards(None), elem_id="citations")
            clear = gr.Button("清空对话", size="sm")
            outputs = [chatbot, box, cards, status]
            # Named chat endpoint for the UI; the JSON endpoint for clients is "answer" below.
            send.click(chat, [box, chatbot, scope], outputs, api_name="chat")
            box.submit(chat, [box, chatbot, scope], outputs, api_visibility="private")
            examples.load_input_event.then(chat, [box, chatbot, scope], outputs, api_visibility="private")
            clear.click(lambda: ([], citation_cards(None), ""), None, [chatbot, cards, status],
                        api_visibility="private")
        with gr.Tab("文件"):
            on_load, load_inputs, load_outputs = build_documents_tab(holder, scope)
        demo.load(on_load, load_inputs, load_outputs, api_visibility="private")
        # gr.api registers a function as an API endpoint with no UI component.
        gr.api(make_api(holder), api_name="answer")
    return demo

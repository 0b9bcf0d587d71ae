"""An OpenAI-compatible API on the web app's server: `POST /v1/chat/completions` (streamed as
server-sent events or not) and `GET /v1/models`, so chat clients and office tools that speak the
OpenAI API can ask the assistant.

The messages are the conversation: the last user message is the question, the earlier user
messages its context, exactly as in the web chat. The answer text keeps its [n] markers; the
response carries the clauses in a top-level `citations` list and `found` (in the last chunk when
streaming); `"sources": true` also appends them to the text for clients that show only text. A
refusal is a normal completion with `found: false`.

A caller presents an API key (`Authorization: Bearer pa-…`, made with `python -m assistant keys add`)
and acts as its account; without one, only a server open on its own machine answers. Every call is
in the audit log, and the per-user limit on questions in flight applies.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from typing import Any

# FastAPI reads the routes' annotations (Request) from this module's globals.
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from assistant.access.policy import Access
from assistant.conversation.session import MAX_HISTORY_ITEMS, bounded_message
from assistant.documents import Answer
from assistant.errors import AssistantError, TooManyRequestsError
from assistant.serve.bases import BaseHolders
from assistant.serve.messages import user_message

# "policy-assistant" asks every knowledge base the caller may read; "policy-assistant/<base>" one base.
MODEL_ID = "policy-assistant"
STREAM_PIECE_CHARS = 24  # an extractive answer is ready at once; it is sent in pieces as a model's would be


class ApiError(Exception):
    """A request the API refuses, with its HTTP status and OpenAI error type and code."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "code": self.code or None, "param": None}}


def caller(access: Access, authorization: str | None) -> str | None:
    """The account a request acts as (None: anonymous, allowed only on a server open on its own machine)."""
    key = authorization[7:].strip() if authorization and authorization[:7].lower() == "bearer " else None
    if key:
        user = access.api_keys.user_of(key)
        if user is None:
            raise ApiError(401, "API 密钥无效、已吊销，或其账号已停用", code="invalid_api_key")
        return user
    if access.sign_in or access.anonymous_readers:
        raise ApiError(
            401,
            "需要 API 密钥（Authorization: Bearer …），用 python -m assistant keys add 创建",
            code="missing_api_key",
        )
    return None


def model_ids(access: Access, user: str | None) -> list[str]:
    """The models `user` may call: all their bases together, then each base alone."""
    return [MODEL_ID] + [f"{MODEL_ID}/{b.name}" for b in access.readable_bases(user)]


def bases_of(access: Access, user: str | None, model: Any) -> list[str]:
    """The knowledge bases a request's model names (a base the caller may not read is no model of theirs)."""
    known = model_ids(access, user)
    if model in (None, MODEL_ID):
        return [m.split("/", 1)[1] for m in known[1:]]
    if model not in known:
        raise ApiError(404, f"没有模型“{model}”（可用：{'、'.join(known)}）", code="model_not_found")
    return [str(model).split("/", 1)[1]]


def conversation_of(body: dict[str, Any]) -> tuple[str, list[str]]:
    """The question (the last user message) and the earlier user messages of a request body."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "messages 须是非空列表")
    users = [_text(m.get("content")) for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    if not users or not users[-1].strip():
        raise ApiError(400, "messages 中没有用户的问题")
    return users[-1], users[:-1]


def _text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def citations_of(answer: Answer) -> list[dict[str, Any]]:
    """The cited clauses, as the response's `citations` (no `path` key: clients take it for a file)."""
    return [
        {
            "n": c.n,
            "title": c.title,
            "region": c.region,
            "heading": c.heading,
            "text": c.text,
            "quotes": [list(q) for q in c.quotes],
            "doc_id": c.doc_id,
            "chunk_id": c.chunk_id,
            "page": c.page,
            "knowledge_base": c.base,
        }
        for c in answer.citations
    ]


def sources_block(answer: Answer) -> str:
    """The clauses as text after the answer: [1] 《标题》 › 路径（第N页）."""
    lines = [f"[{c.n}] 《{c.title}》 › {c.heading}" + (f"（第{c.page}页）" if c.page else "") for c in answer.citations]
    return "\n\n来源：\n" + "\n".join(lines) if lines else ""


def answer_request(bases: BaseHolders, access: Access, user: str | None, address: str, body: dict[str, Any]) -> Answer:
    """Answer a request's conversation as the web chat would (earlier user turns resolved in order),
    from the knowledge bases its model names."""
    names = bases_of(access, user, body.get("model"))
    question, earlier_messages = conversation_of(body)
    conversation = bases.default.get().conversation
    earlier: list[str] = []
    # Bounded as the chat's own API bounds them; a client resends its whole history, so the latest
    # earlier questions are kept rather than the request refused.
    for message in earlier_messages[-MAX_HISTORY_ITEMS:]:
        earlier.append(conversation.resolve(bounded_message(message), earlier).standalone)
    question = bounded_message(question)
    try:
        with access.limiter.slot(access.limit_key(user, address)):
            answer = bases.ask(names, question, earlier)
    except TooManyRequestsError as exc:
        access.audit.record(user, "api", result="refused: too many questions in flight")
        raise ApiError(429, user_message(exc), kind="rate_limit_error", code="rate_limit_exceeded") from exc
    except AssistantError as exc:
        raise ApiError(400, user_message(exc)) from exc
    access.audit.record(user, "api", result="answered" if answer.found else "refused: not found")
    return answer


def completion(answer: Answer, body: dict[str, Any]) -> dict[str, Any]:
    """The non-streamed response."""
    text = answer.answer + (sources_block(answer) if body.get("sources") else "")
    return {
        "id": f"chatcmpl-{secrets.token_hex(12)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": citations_of(answer),
        "found": answer.found,
    }


def completion_events(answer: Answer, body: dict[str, Any]) -> Iterator[str]:
    """The streamed response: server-sent events of chunks, the citations in the last one, then [DONE]."""
    ident, created = f"chatcmpl-{secrets.token_hex(12)}", int(time.time())

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        chunk = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.get("model") or MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    text = answer.answer + (sources_block(answer) if body.get("sources") else "")
    yield event({"role": "assistant", "content": ""})
    for start in range(0, len(text), STREAM_PIECE_CHARS):
        yield event({"content": text[start : start + STREAM_PIECE_CHARS]})
    yield event({}, "stop", citations=citations_of(answer), found=answer.found)
    yield "data: [DONE]\n\n"


def models(ids: list[str]) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": i, "object": "model", "created": 0, "owned_by": "policy-assistant"} for i in ids],
    }


def add_openai_api(app: Any, bases: BaseHolders, access: Access) -> None:
    """Serve /v1/models and /v1/chat/completions on `app` (FastAPI), before the Gradio app is mounted."""

    def refused(error: ApiError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status)

    @app.get("/v1/models")
    async def list_models(request: Request) -> Any:
        try:
            user = await run_in_threadpool(caller, access, request.headers.get("authorization"))
            ids = await run_in_threadpool(model_ids, access, user)
        except ApiError as error:
            return refused(error)
        return models(ids)

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        try:
            user = await run_in_threadpool(caller, access, request.headers.get("authorization"))
            try:
                body = await request.json()
            except ValueError as exc:
                raise ApiError(400, "请求体不是 JSON") from exc
            if not isinstance(body, dict):
                raise ApiError(400, "请求体须是 JSON 对象")
            address = request.client.host if request.client else "unknown"
            answer = await run_in_threadpool(answer_request, bases, access, user, address, body)
        except ApiError as error:
            if error.status == 401:
                await run_in_threadpool(access.audit.record, None, "api", "", None, f"refused: {error.code}")
            return refused(error)
        if body.get("stream"):
            return StreamingResponse(completion_events(answer, body), media_type="text/event-stream")
        return completion(answer, body)

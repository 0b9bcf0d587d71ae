"""Issue 28: the OpenAI-compatible API of the running app (app.py on 127.0.0.1 with accounts), asked with
the official `openai` client: answers with citations, streamed or not, follow-ups through messages,
API keys made, listed and revoked from the command line."""

from __future__ import annotations

import subprocess

import openai
import pytest

from assistant.access.accounts import AccountStore
from assistant.database.connection import open_database

from .conftest import CORPUS, WUHAI_FOREST, copy_cache
from .ui_helpers import RunningApp, copy_corpus, data_cli

READER = ("api-reader", "api-reader-pass-1")


def _keys(app, *args: str) -> subprocess.CompletedProcess:
    return data_cli(app.data, "keys", *args)


@pytest.fixture(scope="module")
def app(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    corpus = copy_corpus(CORPUS, folder / "corpus")
    copy_cache(pipeline, folder / "index")
    AccountStore(open_database(folder / "data")).add(*READER[:1], "reader", READER[1])
    running = RunningApp(corpus, folder / "index", folder / "app.log", data=folder / "data")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def key(app) -> str:
    made = _keys(app, "add", "test-client", "--user", READER[0])
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def _client(app, api_key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=app.url + "v1", api_key=api_key, max_retries=0, timeout=60)


def test_models_lists_the_knowledge_base(app, key):
    assert [m.id for m in _client(app, key).models.list()] == ["policy-assistant", "policy-assistant/默认"]


def test_an_answer_with_its_citations(app, key):
    reply = _client(app, key).chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": WUHAI_FOREST}]
    )
    data = reply.model_dump()
    assert "3.78%" in reply.choices[0].message.content and "[1]" in reply.choices[0].message.content
    assert data["found"] is True
    first = data["citations"][0]
    assert first["region"] == "乌海" and "3.78%" in first["text"] and "path" not in first


def test_a_streamed_answer_ends_with_its_citations(app, key):
    stream = _client(app, key).chat.completions.create(
        model="policy-assistant",
        messages=[{"role": "user", "content": WUHAI_FOREST}],
        stream=True,
        extra_body={"sources": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    last = chunks[-1].model_dump()
    assert "3.78%" in text and "来源：\n[1] 《" in text
    assert last["found"] is True and last["citations"] and chunks[-1].choices[0].finish_reason == "stop"


def test_a_follow_up_through_messages(app, key):
    reply = _client(app, key).chat.completions.create(
        model="policy-assistant",
        messages=[
            {"role": "user", "content": "2025年乌海森林覆盖率目标"},
            {"role": "assistant", "content": "森林覆盖率达到3.78%[1]"},
            {"role": "user", "content": "银川的呢？"},
        ],
    )
    data = reply.model_dump()
    assert data["citations"] and all(c["region"] == "银川" for c in data["citations"])


def test_a_refusal_is_a_normal_completion(app, key):
    reply = _client(app, key).chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": "2025年乌海人均GDP目标是多少"}]
    )
    assert reply.model_dump()["found"] is False and "未" in reply.choices[0].message.content


def test_without_a_key_or_with_a_revoked_one_the_api_refuses(app):
    with pytest.raises(openai.AuthenticationError):
        _client(app, "pa-not-a-key").models.list()
    spare = _keys(app, "add", "spare", "--user", READER[0]).stdout.strip()
    assert [m.id for m in _client(app, spare).models.list()][0] == "policy-assistant"
    assert _keys(app, "revoke", "spare").returncode == 0
    with pytest.raises(openai.AuthenticationError):
        _client(app, spare).chat.completions.create(
            model="policy-assistant", messages=[{"role": "user", "content": WUHAI_FOREST}]
        )
    listed = _keys(app, "list").stdout
    assert "spare" in listed and "已吊销" in listed and spare not in listed  # only a prefix is ever shown


def test_an_unknown_model_is_refused(app, key):
    with pytest.raises(openai.NotFoundError):
        _client(app, key).chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "你好"}])


def test_a_long_history_is_bounded_not_refused(app, key):
    # A client resends the whole conversation: only the latest earlier questions are resolved, each cut
    # to the chat's bound, as the web chat's own API bounds them.
    earlier = [{"role": "user", "content": "2025年乌海森林覆盖率目标" + "，" * 3000}] * 30
    reply = _client(app, key).chat.completions.create(
        model="policy-assistant", messages=[*earlier, {"role": "user", "content": "银川的呢？"}]
    )
    assert all(c["region"] == "银川" for c in reply.model_dump()["citations"])

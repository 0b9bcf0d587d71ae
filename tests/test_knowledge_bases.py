"""Issue 28: knowledge bases with their own permissions, on the running app (app.py on 127.0.0.1 with
accounts). Two bases hold the same region's plan with different figures (the 水务局 copy of 乌海's plan
states 森林覆盖率 5.55%, the default base 3.78%): an answer never mixes them, each citation names its
base, and a reader who was not granted 水务局 never sees it — not in /v1/models, not by its model id,
not in an answer over "all" bases, not through the chat's own API."""

from __future__ import annotations

import shutil
from dataclasses import replace

import openai
import pytest
from gradio_client import Client

from assistant.access.accounts import AccountStore
from assistant.access.limits import InFlightLimiter
from assistant.access.policy import Access
from assistant.database.connection import open_database
from assistant.serve.bases import BaseHolders
from assistant.serve.holder import PipelineHolder
from assistant.serve.management import DocumentManager

from .conftest import CORPUS, WUHAI_FOREST, copy_cache
from .ui_helpers import (
    ARTIFACTS,
    RunningApp,
    copy_corpus,
    data_cli,
    open_browser,
    sign_in,
    skip_without_chromium,
)

READER = ("kb-reader", "kb-reader-pass-1")  # the default base only (by role)
WATER = ("kb-water", "kb-water-pass-1")  # granted the 水务局 base as a reader
WUHAI = "乌海-2022-美丽乌海生态环境提质实施方案.txt"


@pytest.fixture(scope="module")
def app(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bases")
    corpus = copy_corpus(CORPUS, folder / "corpus")
    copy_cache(pipeline, folder / "index")
    data = folder / "data"
    accounts = AccountStore(open_database(data))
    for name, password in (READER, WATER):
        accounts.add(name, "reader", password)
    copy = folder / "乌海-水务局副本.txt"
    text = (CORPUS / WUHAI).read_text(encoding="utf-8")
    assert "森林覆盖率达到3.78%" in text
    copy.write_text(text.replace("森林覆盖率达到3.78%", "森林覆盖率达到5.55%"), encoding="utf-8")
    for step in (
        ("kb", "create", "水务局"),
        ("kb", "add", "水务局", str(copy)),
        ("kb", "grant", "水务局", "--user", WATER[0]),
    ):
        done = data_cli(data, *step)
        assert done.returncode == 0, done.stderr
    running = RunningApp(corpus, folder / "index", folder / "app.log", data=data)
    running.keys = {}
    for name, _ in (READER, WATER):
        made = data_cli(data, "keys", "add", f"{name}-key", "--user", name)
        assert made.returncode == 0, made.stderr
        running.keys[name] = made.stdout.strip()
    yield running
    running.stop()


def _ask(app, user: str, model: str, question: str = WUHAI_FOREST) -> dict:
    client = openai.OpenAI(base_url=app.url + "v1", api_key=app.keys[user], max_retries=0, timeout=120)
    reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])
    return reply.model_dump() | {"text": reply.choices[0].message.content}


def test_each_base_answers_from_its_own_index(app):
    water = _ask(app, WATER[0], "policy-assistant/水务局")
    assert "5.55%" in water["text"] and "3.78%" not in water["text"]
    assert {c["knowledge_base"] for c in water["citations"]} == {"水务局"}
    default = _ask(app, WATER[0], "policy-assistant/默认")
    assert "3.78%" in default["text"] and "5.55%" not in default["text"]
    assert {c["knowledge_base"] for c in default["citations"]} == {"默认"}


def test_asking_every_base_keeps_each_answer_under_its_base(app):
    both = _ask(app, WATER[0], "policy-assistant")
    assert "【默认】" in both["text"] and "【水务局】" in both["text"]
    default_part, water_part = both["text"].split("【水务局】")
    assert "3.78%" in default_part and "5.55%" not in default_part and "5.55%" in water_part
    numbers = [c["n"] for c in both["citations"]]
    assert len(numbers) == len(set(numbers))  # numbered on: every [n] names one clause
    for c in both["citations"]:
        assert f"[{c['n']}]" in (default_part if c["knowledge_base"] == "默认" else water_part)


def test_a_reader_never_sees_a_base_they_were_not_granted(app):
    client = openai.OpenAI(base_url=app.url + "v1", api_key=app.keys[READER[0]], max_retries=0, timeout=120)
    assert [m.id for m in client.models.list()] == ["policy-assistant", "policy-assistant/默认"]
    with pytest.raises(openai.NotFoundError):
        _ask(app, READER[0], "policy-assistant/水务局")
    every = _ask(app, READER[0], "policy-assistant")
    assert "3.78%" in every["text"] and "5.55%" not in every["text"] and "【" not in every["text"]
    gradio = Client(app.url, auth=READER, verbose=False)
    denied = gradio.predict(WUHAI_FOREST, None, ["水务局"], api_name="/answer")
    assert "error" in denied and "水务局" in denied["error"]
    allowed = Client(app.url, auth=WATER, verbose=False).predict(WUHAI_FOREST, None, ["水务局"], api_name="/answer")
    assert "5.55%" in allowed["answer"]


def test_bases_are_managed_from_the_command_line(app):
    listed = data_cli(app.data, "kb", "list").stdout
    assert "默认" in listed and "水务局" in listed and f"{WATER[0]}（reader）" in listed
    refused = data_cli(app.data, "kb", "grant", "水务局", "--user", "nobody")
    assert refused.returncode == 2 and "没有用户" in refused.stderr
    assert data_cli(app.data, "kb", "create", "水务局").returncode == 2  # exists already
    empty = app.data.parent / "空白.txt"
    empty.write_text("", encoding="utf-8")
    added = data_cli(app.data, "kb", "add", "水务局", str(empty))
    assert added.returncode == 1 and "未收录" in added.stderr and "1 个文件" in added.stdout  # the base keeps its file


def test_a_base_editor_manages_that_base_only(pipeline, tmp_path):
    """The 文件 tab's transactions on a created base: its editor may change it, an editor of the default
    base may not, the default base is untouched, and the audit log names the base."""
    data = tmp_path / "data"
    db = open_database(data)
    accounts = AccountStore(db)
    accounts.add("water-editor", "reader", "water-editor-pass-1")
    accounts.add("office-editor", "editor", "office-editor-pass-1")
    access = Access(db, True, InFlightLimiter(2))
    access.bases.create("水务局")
    access.bases.grant("水务局", "water-editor", "editor")
    default = PipelineHolder(replace(pipeline, settings=replace(pipeline.settings, data_dir=data)))
    bases = BaseHolders(default, access)
    base = access.bases.get("水务局")
    base.corpus_dir(data).mkdir(parents=True)
    shutil.copy(CORPUS / WUHAI, base.corpus_dir(data) / WUHAI)
    copy_cache(pipeline, base.index_dir(data))
    holder = bases.holder("水务局")
    assert holder is not None and len(holder.get().index.documents) == 1
    manager = DocumentManager(holder, access, "水务局")
    added = next(CORPUS.glob("银川-*.txt"))
    refused = list(manager.upload("office-editor", added.name, added.read_bytes))
    assert refused[-1].done and not refused[-1].ok and "水务局" in refused[-1].message
    done = list(manager.upload("water-editor", added.name, added.read_bytes))
    assert done[-1].ok and len(holder.get().index.documents) == 2
    assert len(default.get().index.documents) == len(pipeline.index.documents)  # the default base unchanged
    assert not list(DocumentManager(default, access).rebuild("water-editor"))[-1].ok  # a reader there
    assert any(e["file"] == f"水务局:{added.name}" and e["result"] == "ok" for e in access.audit.entries(limit=10))


def test_browser_chooses_a_base_and_opens_its_clause(app, tmp_path):
    """In the page: a user granted 水务局 sees the 知识库 picker, asks it alone, and [1] opens the clause of
    that base's own index; a reader of the default base alone sees no picker and only 3.78%."""
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser, page = open_browser(p, tmp_path / "profile")
        try:
            page.set_viewport_size({"width": 1366, "height": 1000})
            sign_in(page, app.url, WATER)
            chooser = page.locator("#bases")
            expect(chooser).to_be_visible(timeout=30_000)
            chooser.locator("input").click()
            page.get_by_role("option", name="水务局").click()
            page.locator("#question textarea").fill(WUHAI_FOREST)
            page.locator("#send").click()
            chat = page.locator("#chat")
            expect(chat).to_contain_text("5.55%", timeout=60_000)
            expect(chat).not_to_contain_text("3.78%")
            page.locator("#chat [data-cite='1']:visible").last.click()
            expect(page.locator("#source-viewer #cited-clause")).to_contain_text("5.55%", timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "ui-knowledge-base.png"), full_page=True)

            sign_in(page, app.url, READER)
            page.locator("#question textarea").fill(WUHAI_FOREST)
            page.locator("#send").click()
            expect(page.locator("#chat")).to_contain_text("3.78%", timeout=60_000)
            expect(page.locator("#chat")).not_to_contain_text("5.55%")
            expect(page.locator("#bases")).to_be_hidden()
        finally:
            browser.close()

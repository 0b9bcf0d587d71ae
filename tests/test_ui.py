"""The web UI, against the real app (app.py in a subprocess on 127.0.0.1) over a copy of the corpus.

The app's index folder is seeded with the session index's embedding cache, so starting it embeds
nothing; uploads go to the copy, never to the repository's corpus/.
"""

from __future__ import annotations

import html
import json
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from gradio_client import Client

from assistant.errors import DocumentError
from assistant.ingest.corpus import add_document, remove_document
from assistant.ingest.loading import MAX_FILE_BYTES
from assistant.serve.holder import PipelineHolder
from assistant.serve.messages import document_message
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings

from .conftest import CORPUS, copy_cache
from .ui_helpers import ARTIFACTS, RunningApp, copy_corpus, open_browser, skip_without_chromium

BAOTOU = "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n"
LOAD_QUESTIONS = [
    "2025年乌海森林覆盖率目标",
    "无锡自然湿地保护率目标",
    "黔东南哪些园区要建设工业废水集中处理设施?",
    "银川2023年要新建改造多少个国家级水产健康养殖示范场",
    "广州市2025年空气质量优良天数比率目标是多少?",
]


@pytest.fixture(scope="module")
def app(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui")
    corpus = copy_corpus(CORPUS, folder / "corpus")
    copy_cache(pipeline, folder / "index")
    running = RunningApp(corpus, folder / "index", folder / "app.log")
    running.corpus = corpus
    yield running
    running.stop()


def client(app) -> Client:
    # A default client: no citation field may look like a file to download (gradio_client fetches any
    # dict with a "path" key, which a heading path used to be).
    return Client(app.url, verbose=False, analytics_enabled=False)


def test_answer_api_returns_citations(app):
    result = client(app).predict("2025年乌海森林覆盖率目标", api_name="/answer")
    assert result["found"] and "3.78%" in result["answer"]
    assert result["citations"] and "乌海" in result["citations"][0]["title"]
    assert {"n", "doc_id", "title", "region", "heading", "text", "start", "end", "score"} <= set(result["citations"][0])


def test_chat_api_works_for_a_default_client(app):
    history, _box, _status = client(app).predict("2025年乌海森林覆盖率目标", api_name="/chat")
    # The chat message is the escaped HTML the page shows (3&#46;78 for 3.78).
    assert history[-1]["role"] == "assistant" and "3.78%" in html.unescape(history[-1]["content"][0]["text"])


def test_answer_api_takes_the_conversation(app):
    result = client(app).predict("那银川呢？", ["2025年乌海森林覆盖率目标"], api_name="/answer")
    assert result["found"] and "16%以上" in result["answer"]
    assert result["standalone"] == "2025年银川森林覆盖率目标"
    assert result["interpretation"] == "按“2025年银川森林覆盖率目标”理解"
    alone = client(app).predict("2025年乌海森林覆盖率目标", api_name="/answer")
    assert alone["interpretation"] == "" and alone["standalone"] == "2025年乌海森林覆盖率目标"


def test_api_reports_errors_instead_of_failing(app):
    assert "error" in client(app).predict("   ", api_name="/answer")


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("空.txt", b"", "是空的"),
        ("图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4, "二进制"),
        ("程序.exe", "乌海森林覆盖率".encode(), "不支持的文件类型 .exe"),
        ("大.txt", b"a" * (MAX_FILE_BYTES + 1), "超过 20 MB"),
    ],
)
def test_refused_uploads_get_chinese_messages(tmp_path, name, data, words):
    with pytest.raises(DocumentError) as caught:
        add_document(tmp_path, name, data)
    assert words in document_message(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_duplicate_upload_message(small_corpus):
    source = next(small_corpus.iterdir())
    with pytest.raises(DocumentError) as caught:
        add_document(small_corpus, "副本.txt", source.read_bytes())
    assert "内容相同" in document_message(caught.value)


def test_queries_during_updates_use_a_whole_index(pipeline, small_corpus, tmp_path):
    """Questions asked while documents are added and removed are all answered from complete indexes."""
    copy_cache(pipeline, tmp_path / "index")
    settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", show_progress=False)
    holder = PipelineHolder(
        open_pipeline(settings, notify=lambda message: None, embeddings=pipeline.retriever.embeddings)
    )
    stop, answers, failures = threading.Event(), [], []

    def ask() -> None:
        while not stop.is_set():
            try:
                answers.append(holder.get().chain.ask("2025年乌海森林覆盖率目标"))
            except Exception as exc:  # reported by the assertion below
                failures.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        counts = []
        for _ in range(2):
            add_document(small_corpus, "包头市绿化方案.md", BAOTOU.encode())
            counts.append(len(holder.refresh().index.documents))
            remove_document(small_corpus, "包头市绿化方案.md")
            counts.append(len(holder.refresh().index.documents))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert counts == [3, 2, 3, 2]
    assert not failures and answers
    assert all(a.found and "3.78%" in a.answer for a in answers)


def test_browser_answer_and_upload(app, tmp_path):
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser, page = open_browser(p, tmp_path / "profile")
        try:
            page.goto(app.url)
            chat = page.locator("#chat")
            cards = chat.locator("details")

            page.get_by_role("button", name="2025年乌海森林覆盖率目标", exact=True).click()
            expect(chat).to_contain_text("3.78%", timeout=30_000)
            expect(cards).to_have_count(1)
            # A follow-up: resolved from the first turn, says how it was understood, keeps both answers' cards.
            page.locator("#question textarea").fill("那银川呢？")
            page.locator("#send").click()
            expect(chat).to_contain_text("按“2025年银川森林覆盖率目标”理解", timeout=30_000)
            expect(chat).to_contain_text("16%以上")
            expect(cards).to_have_count(2)
            for n, region in ((0, "乌海"), (1, "银川")):
                cards.nth(n).locator("summary").click()
                expect(cards.nth(n)).to_contain_text(re.compile(rf"《[^》]*{region}[^》]*》"))
                expect(cards.nth(n).locator("mark").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "ui-answer.png"), full_page=True)
            with page.expect_download() as download:
                page.locator("#export").click()
            exported = download.value.path().read_text(encoding="utf-8")
            assert "那银川呢？" in exported and "16%以上" in exported and "按“2025年银川森林覆盖率目标”理解" in exported

            page.get_by_role("tab", name="文件").click()
            status = page.locator("#manage-status")

            # Two files dropped at once: each gets its own result line (an empty one is refused, the other added).
            dropped = page.evaluate_handle(
                """(files) => { const data = new DataTransfer();
                    for (const [name, text] of files) data.items.add(new File([text], name, {type: "text/markdown"}));
                    return data; }""",
                [["空白.md", ""], ["包头市绿化方案.md", BAOTOU]],
            )
            page.locator("#upload-drop [data-testid='file-upload'], #upload-drop button").first.dispatch_event(
                "drop", {"dataTransfer": dropped}
            )
            expect(status).to_contain_text("（2/2）包头市绿化方案.md", timeout=120_000)
            expect(status).to_contain_text("索引已更新", timeout=120_000)
            expect(status).to_contain_text("（1/2）空白.md")
            expect(status).to_contain_text("是空的")
            expect(page.locator("#documents-table")).to_contain_text("包头市绿化方案")
            expect(page.locator("#documents-table")).to_contain_text("6 份")
            page.locator("#document-picker input").click()
            page.get_by_role("option", name="包头市绿化方案（包头）").click()
            expect(page.locator("#clause-browser")).to_contain_text("包头市森林覆盖率达到20%")
            expect(page.get_by_role("option")).to_have_count(0)  # the list has closed
            page.screenshot(path=str(ARTIFACTS / "ui-documents.png"), full_page=True)

            page.get_by_role("tab", name="问答").click()
            page.locator("#scope input").click()  # the chat's document filter lists the new document
            expect(page.get_by_role("option", name="包头市绿化方案（包头）")).to_be_visible()
            page.keyboard.press("Escape")
            page.locator("#question textarea").fill("2025年包头森林覆盖率目标")
            page.locator("#send").click()
            expect(chat).to_contain_text("20%", timeout=30_000)
            expect(cards.last).to_contain_text("包头市绿化方案")
            page.screenshot(path=str(ARTIFACTS / "ui-upload-answer.png"), full_page=True)

            page.get_by_role("tab", name="文件").click()  # the picker still holds the uploaded document
            page.locator("#delete").click()  # asked first: staff can say no
            expect(status).to_contain_text("确定删除《包头市绿化方案》吗", timeout=30_000)
            page.locator("#cancel-delete").click()
            expect(status).to_contain_text("已取消删除", timeout=30_000)
            expect(page.locator("#documents-table")).to_contain_text("6 份")
            page.locator("#delete").click()
            page.locator("#confirm-delete").click()
            expect(status).to_contain_text("已删除《包头市绿化方案》", timeout=120_000)
            expect(page.locator("#documents-table")).to_contain_text("5 份")
            page.locator("#undo-delete").click()  # until the next rebuild a delete can be undone
            expect(status).to_contain_text("已收录《包头市绿化方案》", timeout=120_000)
            expect(page.locator("#documents-table")).to_contain_text("6 份")
            page.locator("#document-picker input").click()
            page.get_by_role("option", name="包头市绿化方案（包头）").click()
            page.locator("#delete").click()
            page.locator("#confirm-delete").click()
            expect(status).to_contain_text("已删除《包头市绿化方案》", timeout=120_000)
            expect(page.locator("#documents-table")).to_contain_text("5 份")
        finally:
            browser.close()
    assert not (app.corpus / "包头市绿化方案.md").exists()
    assert not (CORPUS / "包头市绿化方案.md").exists()


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_browser_conversations_are_kept_and_sources_open(app, tmp_path):
    """Ask, follow up, open a source from [1], reload and find the conversation, open it, start a new one;
    the page fits a 1366 px and a 375 px wide screen."""
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser, page = open_browser(p, tmp_path / "profile")
        try:
            page.set_viewport_size({"width": 1366, "height": 1000})
            page.goto(app.url)
            chat, viewer, history = page.locator("#chat"), page.locator("#source-viewer"), page.locator("#history")
            page.locator("#question textarea").fill("2025年乌海森林覆盖率目标")
            page.locator("#send").click()
            expect(chat).to_contain_text("3.78%", timeout=30_000)
            page.locator("#question textarea").fill("那银川呢？")
            page.locator("#send").click()
            expect(chat).to_contain_text("16%以上", timeout=30_000)
            # [1] of the second answer opens the 银川 clause inside its document, highlighted, with breadcrumbs.
            page.locator("#chat [data-cite='1']:visible").last.click()
            expect(viewer.locator("#cited-clause")).to_contain_text("16%", timeout=30_000)
            expect(viewer.locator(".breadcrumbs")).to_contain_text("›")
            expect(viewer).to_contain_text("银川")
            expect(history).to_contain_text("2025年乌海森林覆盖率目标", timeout=30_000)
            assert _no_horizontal_overflow(page)
            page.screenshot(path=str(ARTIFACTS / "ui-conversation-1366.png"), full_page=True)

            page.reload()  # the conversation is the server's: the list holds it after a reload
            entry = history.locator("label", has_text="2025年乌海森林覆盖率目标").first
            expect(entry).to_be_visible(timeout=30_000)
            expect(chat).not_to_contain_text("16%以上")
            entry.click()
            expect(chat).to_contain_text("16%以上", timeout=30_000)
            expect(chat).to_contain_text("3.78%")
            page.locator("#question textarea").fill("2030年的呢？")  # it goes on as the same conversation
            page.locator("#send").click()
            expect(chat).to_contain_text("按“2030年银川森林覆盖率目标”理解", timeout=30_000)
            page.locator("#new-chat").click()
            expect(chat).not_to_contain_text("3.78%", timeout=30_000)

            page.set_viewport_size({"width": 375, "height": 800})
            page.locator("#question textarea").fill("无锡自然湿地保护率目标")
            page.locator("#send").click()
            expect(chat).to_contain_text("无锡", timeout=30_000)
            expect(history).to_contain_text("无锡自然湿地保护率目标", timeout=30_000)
            assert _no_horizontal_overflow(page)
            page.screenshot(path=str(ARTIFACTS / "ui-conversation-375.png"), full_page=True)
            # Deleting the current conversation is asked first: no once, then yes.
            page.get_by_text("重命名或删除当前对话").click()
            page.locator("#delete-chat").click()
            page.locator("#cancel-delete-chat").click()
            expect(page.locator("#chat-status")).to_contain_text("已取消删除", timeout=30_000)
            expect(history).to_contain_text("无锡自然湿地保护率目标")
            page.locator("#delete-chat").click()
            page.locator("#confirm-delete-chat").click()
            expect(history).not_to_contain_text("无锡自然湿地保护率目标", timeout=30_000)
            expect(history).to_contain_text("2025年乌海森林覆盖率目标")
        finally:
            browser.close()


class _SlowModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible model that streams its reply one character every 0.3 s."""

    reply = "推进山水林田湖草沙系统治理[1]。" * 4

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            for ch in self.reply:
                delta = {"choices": [{"index": 0, "delta": {"content": ch}, "finish_reason": None}]}
                self.wfile.write(
                    f"data: {json.dumps(delta | {'id': 'x', 'object': 'chat.completion.chunk', 'created': 0, 'model': 'slow'})}\n\n".encode()
                )
                self.wfile.flush()
                time.sleep(0.3)
            self.wfile.write(b"data: [DONE]\n\n")
        except OSError:
            pass  # the app stopped reading: the answer was stopped


def test_browser_stop_button_stops_a_streamed_answer(pipeline, tmp_path, monkeypatch):
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    model = ThreadingHTTPServer(("127.0.0.1", 0), _SlowModel)
    threading.Thread(target=model.serve_forever, daemon=True).start()
    monkeypatch.setenv("LLM_BASE_URL", f"http://127.0.0.1:{model.server_address[1]}/v1")
    monkeypatch.setenv("LLM_MODEL", "slow")
    corpus = copy_corpus(CORPUS, tmp_path / "corpus")
    copy_cache(pipeline, tmp_path / "index")
    running = RunningApp(corpus, tmp_path / "index", tmp_path / "app.log")
    try:
        with sync_playwright() as p:
            browser, page = open_browser(p, tmp_path / "profile")
            try:
                page.goto(running.url)
                page.locator("#question textarea").fill("乌海强化生态系统修复保护有什么要求")
                page.locator("#send").click()
                expect(page.locator("#chat-status")).to_contain_text("生成中", timeout=30_000)
                page.locator("#stop").click()
                # A loaded machine may take a while to cancel the stream (seen at 10 s on a busy CI run).
                expect(page.locator("#chat-status")).to_contain_text("已停止生成", timeout=30_000)
                shown = page.locator("#chat").inner_text()
                time.sleep(2)
                assert page.locator("#chat").inner_text() == shown  # nothing more arrives
                page.reload()  # a stopped answer is not kept
                expect(page.locator("#history")).to_contain_text("历史对话", timeout=30_000)
                expect(page.locator("#history")).not_to_contain_text("修复保护")
            finally:
                browser.close()
    finally:
        running.stop()
        model.shutdown()


def test_loopback_load(app):
    """20 concurrent clients × 5 questions through the `answer` API, all answered within the bound."""
    clients, per_client, bound_s = 20, 5, 120
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def run(i: int) -> None:
        c = client(app)
        start.wait(timeout=60)
        for j in range(per_client):
            question = LOAD_QUESTIONS[(i + j) % len(LOAD_QUESTIONS)]
            began = time.perf_counter()
            try:
                result = c.predict(question, api_name="/answer")
                problem = result.get("error") if "answer" not in result else None
            except Exception as exc:  # counted, reported below
                problem = f"{type(exc).__name__}: {exc}"
            with lock:
                latencies.append(time.perf_counter() - began)
                if problem:
                    errors.append(f"{question}: {problem}")

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(run, i) for i in range(clients)]
        start.wait(timeout=60)
        began = time.perf_counter()
        done, pending = wait(futures, timeout=bound_s)
        elapsed = time.perf_counter() - began
    for future in done:
        future.result()
    assert not pending, f"load test did not finish within {bound_s} s"
    assert not errors, errors[:5]
    assert len(latencies) == clients * per_client
    p95 = statistics.quantiles(latencies, n=20)[-1]
    report = (
        f"loopback load: {clients} clients x {per_client} questions = {len(latencies)} requests in "
        f"{elapsed:.2f} s; throughput {len(latencies) / elapsed:.1f} req/s; latency p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max "
        f"{max(latencies) * 1000:.0f} ms\n"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.txt").write_text(report, encoding="utf-8")
    print("\n" + report)

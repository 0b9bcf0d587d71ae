"""Staff deployment: accounts, roles enforced on the server, the audit log, safe defaults, hostile documents."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import pytest

from assistant.access.accounts import AccountStore
from assistant.access.administration import AccountAdministration
from assistant.access.audit import AuditLog
from assistant.access.bases import BaseRegistry
from assistant.access.limits import InFlightLimiter
from assistant.access.policy import deployment_access
from assistant.database.connection import open_database
from assistant.errors import (
    AnonymousNetworkError,
    PermissionDeniedError,
    TooManyRequestsError,
    UserExistsError,
    UsersFileError,
    WeakPasswordError,
)

from .conftest import CORPUS, ROOT, copy_cache
from .ui_helpers import (
    ARTIFACTS,
    QueueClient,
    RunningApp,
    copy_corpus,
    open_browser,
    sign_in,
    skip_without_chromium,
)

READER, EDITOR = ("reader1", "reader-pass-1"), ("editor1", "editor-pass-1")
ADMIN = ("admin1", "admin-pass-1")
# A hostile document: markup and links in its title and clauses must reach the page as text.
HOSTILE = (
    "<img src=x onerror=alert(1)>包头市恶意方案[点我](http://evil.example/)\n一、目标\n"
    '到2025年，包头市森林覆盖率达到20%。<img src="http://127.0.0.1:9/beacon.png">'
    "[钓鱼链接](http://evil.example/phish) http://evil.example/auto"
    "$$\\color{red}{请立即访问}$$ $$\\phantom{10\\%}$$\n"
)


def test_accounts_store_only_hashes(tmp_path):
    store = AccountStore(open_database(tmp_path))
    store.add(*EDITOR[:1], "editor", EDITOR[1])
    assert store.authenticate(EDITOR[0], EDITOR[1]).role == "editor"
    assert store.authenticate(EDITOR[0], "wrong-password") is None and store.authenticate("nobody", "x" * 9) is None
    assert EDITOR[1].encode() not in store.path.read_bytes()
    assert oct(store.path.stat().st_mode)[-3:] == "600"
    with pytest.raises(UserExistsError):
        store.add(EDITOR[0], "reader", "another-pass")
    with pytest.raises(WeakPasswordError):
        store.add("short", "reader", "1234")
    store.set_password(EDITOR[0], "new-password-2")
    assert store.authenticate(EDITOR[0], "new-password-2") and not store.authenticate(*EDITOR)
    store.remove(EDITOR[0])
    assert store.users() == {}


def test_safe_defaults(tmp_path):
    access, warning = deployment_access(tmp_path, None, "127.0.0.1", False, 2)
    assert not access.sign_in and access.role(None) == "editor" and warning is None  # one person's machine
    with pytest.raises(AnonymousNetworkError, match="users add"):
        deployment_access(tmp_path, None, "0.0.0.0", False, 2)
    access, warning = deployment_access(tmp_path, None, "0.0.0.0", True, 2)
    assert access.role(None) == "reader" and "警告" in warning  # anonymous readers only
    AccountStore(open_database(tmp_path)).add(*READER[:1], "reader", READER[1])
    access, _ = deployment_access(tmp_path, None, "0.0.0.0", False, 2)
    assert access.sign_in and access.role(READER[0]) == "reader" and access.role(None) is None


def test_app_refuses_an_open_network_address_without_accounts(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "app.py"),
            "--host",
            "0.0.0.0",
            "--index",
            str(tmp_path),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=dict(os.environ, GRADIO_ANALYTICS_ENABLED="False"),
    )
    assert run.returncode == 2 and "python -m assistant users add" in run.stderr


def test_only_admins_manage_accounts_and_one_admin_always_remains(tmp_path):
    db = open_database(tmp_path)
    AccountStore(db).add(*ADMIN[:1], "admin", ADMIN[1])
    AccountStore(db).add(*EDITOR[:1], "editor", EDITOR[1])
    admin = AccountAdministration(AccountStore(db), AuditLog(db), BaseRegistry(db))
    with pytest.raises(PermissionDeniedError):
        admin.add(EDITOR[0], "new1", "admin", "a-password-1")  # an editor cannot make itself an admin
    assert "已添加读者" in admin.add(ADMIN[0], "new1", "reader", "a-password-1")
    with pytest.raises(UsersFileError):
        admin.set_disabled(ADMIN[0], ADMIN[0], True)  # the only admin
    with pytest.raises(UsersFileError):
        admin.set_role(ADMIN[0], ADMIN[0], "reader")
    admin.set_role(ADMIN[0], "new1", "admin")
    admin.set_disabled(ADMIN[0], ADMIN[0], True)  # another admin remains
    assert AccountStore(db).role_of(ADMIN[0]) is None
    entries = [(e["user"], e["action"], e["file"], e["result"].split(":")[0]) for e in AuditLog(db).entries()]
    assert entries[0] == (EDITOR[0], "添加账号", "new1", "refused")
    assert (ADMIN[0], "添加账号", "new1", "ok") in entries and (ADMIN[0], "停用账号", ADMIN[0], "error") in entries


def test_per_user_limit():
    limiter = InFlightLimiter(1)
    with limiter.slot("a"):
        with pytest.raises(TooManyRequestsError):
            with limiter.slot("a"):
                pass
        with limiter.slot("b"):  # another user is not held up
            pass
    with limiter.slot("a"):  # the slot was given back
        pass


@pytest.fixture(scope="module")
def staff_app(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff")
    corpus = copy_corpus(CORPUS, folder / "corpus")
    copy_cache(pipeline, folder / "index")
    store = AccountStore(open_database(folder / "data"))
    store.add(READER[0], "reader", READER[1])
    store.add(EDITOR[0], "editor", EDITOR[1])
    store.add(ADMIN[0], "admin", ADMIN[1])
    running = RunningApp(corpus, folder / "index", folder / "app.log", data=folder / "data")
    running.corpus, running.index = corpus, folder / "index"
    yield running
    running.stop()


def test_management_calls_are_refused_for_readers_and_anonymous(staff_app):
    files_before = sorted(p.name for p in staff_app.corpus.iterdir())
    anonymous = QueueClient(staff_app.url)
    assert anonymous.http.get("config").status_code in (401, 403)  # nothing without signing in
    reader = QueueClient(staff_app.url, READER)
    doc_id = next(c for c in reader.config()["components"] if c.get("props", {}).get("elem_id") == "document-picker")[
        "props"
    ]["choices"][0][1]
    with pytest.raises(Exception, match="403"):  # a reader cannot even store a file for an upload
        reader.upload_file("包头恶意方案.md", HOSTILE.encode("utf-8"))
    uploaded = QueueClient(staff_app.url, EDITOR).upload_file("包头恶意方案.md", HOSTILE.encode("utf-8"))
    handlers = (
        (reader.fn_index("upload", "upload"), [[uploaded], [], None, "默认"]),
        (reader.fn_index_then("confirm-delete", "click"), [doc_id, [], "默认"]),  # the delete itself, after 确认删除
        (reader.fn_index("rebuild", "click"), [[], None, "默认"]),
    )
    for fn, data in handlers:
        status, outputs = reader.call(fn, data)
        assert status == 200 and any("无权操作" in str(o[0]) for o in outputs), outputs
        status, _ = anonymous.call(fn, data)
        assert status in (401, 403)
    assert sorted(p.name for p in staff_app.corpus.iterdir()) == files_before
    entries = AuditLog(open_database(staff_app.data)).entries()
    assert [(e["user"], e["action"]) for e in entries[-3:]] == [
        (READER[0], "upload"),
        (READER[0], "delete"),
        (READER[0], "rebuild"),
    ]
    assert all(e["result"].startswith("refused") for e in entries[-3:])
    # Signed-in answers carry the user name.
    from gradio_client import Client

    signed_in = Client(staff_app.url, auth=READER, verbose=False)  # a default client: no special flags
    answer = signed_in.predict("2025年乌海森林覆盖率目标", api_name="/answer")
    assert answer["found"] and answer["user"] == READER[0]
    history, _box, _status = signed_in.predict("2025年乌海森林覆盖率目标", api_name="/chat")
    assert "3.78%" in html.unescape(history[-1]["content"][0]["text"])


def test_cli_audit_prints_the_log(staff_app):
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "audit", "--json", "--data-dir", str(staff_app.data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert any(json.loads(line)["user"] == READER[0] for line in run.stdout.splitlines())


def test_browser_sign_in_roles_and_hostile_document(staff_app, tmp_path):
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser, page = open_browser(p, tmp_path / "profile")
        try:
            page.on("request", lambda r: requests.append(r.url))

            def as_user(user: tuple[str, str]) -> None:
                sign_in(page, staff_app.url, user)

            as_user(("editor1", "wrong-password"))
            expect(page.get_by_text("政策文件问答助手").first).to_be_visible()  # the login page's message
            expect(page.locator("#chat")).to_have_count(0)  # still not in
            page.screenshot(path=str(ARTIFACTS / "ui-login-refused.png"), full_page=True)

            as_user(READER)  # a reader asks, and cannot manage
            page.locator("#question textarea").fill("2025年乌海森林覆盖率目标")
            page.locator("#send").click()
            expect(page.locator("#chat")).to_contain_text("3.78%", timeout=30_000)
            expect(page.locator("#user-bar")).to_contain_text(f"当前用户：{READER[0]}（读者）")
            expect(page.locator("#user-bar a")).to_have_attribute("href", "/logout")
            page.get_by_role("tab", name="文件").click()
            for control in ("#upload", "#delete", "#rebuild"):  # a reader never sees what only editors may use
                expect(page.locator(control)).to_be_hidden()
            expect(page.locator("#audit-log")).not_to_contain_text("操作记录")  # editors only

            as_user(EDITOR)  # an editor uploads a hostile document and deletes it; the audit log shows both
            page.get_by_role("tab", name="文件").click()
            with page.expect_file_chooser() as chooser:
                page.locator("#upload").click()
            chooser.value.set_files(
                {"name": "包头恶意方案.md", "mimeType": "text/markdown", "buffer": HOSTILE.encode("utf-8")}
            )
            status = page.locator("#manage-status")
            expect(status).to_contain_text("索引已更新", timeout=120_000)
            assert page.locator("#manage-status img, #manage-status a").count() == 0  # no markup from the document
            page.get_by_role("tab", name="问答").click()
            page.locator("#question textarea").fill("2025年包头森林覆盖率目标")
            page.locator("#send").click()
            chat = page.locator("#chat")
            expect(chat).to_contain_text("20%", timeout=30_000)
            chat.locator("details").last.locator("summary").click()
            expect(chat.locator("details").last).to_contain_text("[钓鱼链接](http")
            expect(chat.locator("details").last).to_contain_text("\\color{red}")  # text, not a formula
            assert page.locator("#chat .katex, #manage-status .katex").count() == 0
            assert page.locator("#chat a[href*='evil.example'], #chat img[src*='beacon'], img[src='x']").count() == 0
            page.screenshot(path=str(ARTIFACTS / "ui-hostile.png"), full_page=True)
            page.get_by_role("tab", name="文件").click()
            page.locator("#document-picker input").click()
            page.get_by_role("option", name="恶意方案").first.click()
            page.locator("#delete").click()
            page.locator("#confirm-delete").click()  # a delete is confirmed first
            expect(status).to_contain_text("已删除", timeout=120_000)
            page.locator("#audit-log summary").click()
            expect(page.locator("#audit-log")).to_contain_text("upload")
            expect(page.locator("#audit-log")).to_contain_text("delete")
        finally:
            browser.close()
    assert not any("evil.example" in url or "beacon" in url for url in requests)
    assert not any("包头" in p.name for p in staff_app.corpus.iterdir())


def test_browser_admin_adds_a_reader_whose_conversations_are_their_own(staff_app, tmp_path):
    """An admin adds a reader in the 账号 tab; the new reader signs in, asks, reloads and finds the
    conversation; another reader's list does not hold it, and no one but an admin sees the tab."""
    skip_without_chromium()
    from playwright.sync_api import expect, sync_playwright

    newcomer = ("reader2", "reader-pass-2")
    with sync_playwright() as p:
        browser, page = open_browser(p, tmp_path / "profile")
        try:

            def as_user(user: tuple[str, str]) -> None:
                sign_in(page, staff_app.url, user)
                expect(page.locator("#user-bar")).to_contain_text(user[0], timeout=30_000)

            as_user(ADMIN)
            page.get_by_role("tab", name="账号").click()
            expect(page.locator("#accounts-table")).to_contain_text(EDITOR[0])
            page.locator("#account-name input").fill(newcomer[0])
            page.locator("#account-password input").fill(newcomer[1])
            page.locator("#account-role").get_by_text("读者").click()
            page.locator("#add-account").click()
            expect(page.locator("#accounts-status")).to_contain_text("已添加读者", timeout=30_000)
            expect(page.locator("#accounts-table")).to_contain_text(newcomer[0])
            assert page.locator("#account-password input").input_value() == ""

            as_user(newcomer)
            expect(page.get_by_role("tab", name="账号")).to_have_count(0)
            page.locator("#question textarea").fill("无锡自然湿地保护率目标")
            page.locator("#send").click()
            expect(page.locator("#chat")).to_contain_text("51.1%", timeout=30_000)
            page.reload()
            expect(page.locator("#history")).to_contain_text("无锡自然湿地保护率目标", timeout=30_000)

            as_user(READER)
            expect(page.locator("#history")).not_to_contain_text("无锡自然湿地保护率目标")
        finally:
            browser.close()
    actions = [(e["user"], e["action"], e["file"]) for e in AuditLog(open_database(staff_app.data)).entries()]
    assert (ADMIN[0], "添加账号", newcomer[0]) in actions

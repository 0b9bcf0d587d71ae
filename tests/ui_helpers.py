"""Starting the real web app (app.py) in a subprocess, and headless Debian Chromium for the browser test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningApp:
    """`python app.py` on 127.0.0.1 with its own corpus, index and data folders (data: `data` beside the
    index unless given); stopped by `stop()`."""

    def __init__(
        self,
        corpus: Path,
        index: Path,
        log: Path,
        timeout: float = 180.0,
        extra: tuple[str, ...] = (),
        data: Path | None = None,
    ) -> None:
        self.port = free_port()
        self.data = data or index.parent / "data"
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
        self.log = log
        self._log_file = open(log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "app.py"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "--data-dir",
                str(self.data),
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app.py exited with {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "config", timeout=2) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError:
                return  # it answers (with sign-in required, /config is refused until login)
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"app.py did not answer within {timeout:.0f} s:\n{self.output()}")

    def output(self) -> str:
        self._log_file.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


def copy_corpus(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


class QueueClient:
    """Calls any event of the app the way the browser does (POST /gradio_api/queue/join with the
    event's fn_index, then the event stream), hidden events included; signed in when given a user."""

    def __init__(self, url: str, user: tuple[str, str] | None = None) -> None:
        import httpx

        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60, follow_redirects=True)
        if user is not None:
            response = self.http.post("login", data={"username": user[0], "password": user[1]})
            response.raise_for_status()

    def config(self) -> dict:
        return self.http.get("config").json()

    def fn_index(self, elem_id: str, event: str) -> int:
        """The index of the `event` handler of the component with `elem_id`."""
        config = self.config()
        ids = {c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id}
        for dep in config["dependencies"]:
            if any(target[0] in ids and target[1] == event for target in dep["targets"]):
                return dep["id"]
        raise KeyError(f"no {event} handler on #{elem_id}")

    def fn_index_then(self, elem_id: str, event: str) -> int:
        """The index of the handler chained (.then) after the `event` handler of `elem_id`."""
        first = self.fn_index(elem_id, event)
        return next(dep["id"] for dep in self.config()["dependencies"] if dep.get("trigger_after") == first)

    def fn_index_writing(self, elem_id: str) -> int:
        """The index of the (first) event whose outputs include the component with `elem_id`."""
        config = self.config()
        ids = {c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id}
        return next(dep["id"] for dep in config["dependencies"] if ids & set(dep.get("outputs", [])))

    def upload_file(self, name: str, data: bytes) -> dict:
        response = self.http.post("gradio_api/upload", files={"files": (name, data)})
        response.raise_for_status()
        return {"path": response.json()[0], "orig_name": name, "meta": {"_type": "gradio.FileData"}}

    def call(self, fn_index: int, data: list, session: str | None = None) -> tuple[int, list[list]]:
        """(HTTP status of the join, every output the event streamed, in order); `session`: the session
        hash to send (a client chooses it freely)."""
        import json
        import uuid

        session = session or uuid.uuid4().hex
        joined = self.http.post(
            "gradio_api/queue/join",
            json={"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None},
        )
        if joined.status_code != 200:
            return joined.status_code, []
        outputs = []
        with self.http.stream("GET", "gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") in ("process_generating", "process_completed"):
                    outputs.append((message.get("output") or {}).get("data") or [])
                if message.get("msg") == "process_completed":
                    break
        return 200, outputs


def open_browser(playwright, profile: Path):
    """Debian's headless Chromium (never a downloaded browser), Chinese locale; returns (context, page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    browser = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_FLAGS,
        locale="zh-CN",
        viewport={"width": 1280, "height": 1000},
    )
    return browser, browser.pages[0] if browser.pages else browser.new_page()


def sign_in(page, url: str, user: tuple[str, str]) -> None:
    """Sign out (cookies cleared), then sign in on the app's login page as `user`."""
    page.context.clear_cookies()
    page.goto(url)
    page.locator("input[type=text]").first.fill(user[0])
    page.locator("input[type=password]").first.fill(user[1])
    page.locator("button[type=submit], button:has-text('Login'), button:has-text('登录')").first.click()


def data_cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m assistant ARGS --data-dir DATA` as an operator runs it (output captured, never raising)."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def skip_without_chromium() -> None:
    """Skip a browser test where Debian's chromium is missing, except in CI, which installs it (there a
    missing browser must fail, not skip)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk); CI installs it")

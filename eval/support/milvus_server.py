"""A Milvus server in its own process, offline: `milvus-lite server` (the engine of milvus-lite behind gRPC).

The app then reaches it as any Milvus server (`MILVUS_URI=http://127.0.0.1:<port>`), so several app
processes share one index engine and the engine's memory is not the app's. Used by the tests
(several processes on one server) and the benchmark (app RSS with the index out of process).
"""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MilvusServer:
    uri: str
    pid: int

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far (VmHWM)."""
        with open(f"/proc/{self.pid}/status", encoding="utf-8") as fh:
            return int(next(line for line in fh if line.startswith("VmHWM:")).split()[1]) / 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerExited(RuntimeError):
    """The server process ended before it listened."""


@contextlib.contextmanager
def milvus_server(
    data_dir: Path, timeout_s: float = 60.0, memory_limit_gb: float | None = None, attempts: int = 2
) -> Iterator[MilvusServer]:
    """Start `milvus-lite server` on a free local port with its data in `data_dir`; stopped on exit.
    `memory_limit_gb` caps its address space (a benchmark must not let it take the machine's memory).
    A server that aborts while starting is started again, up to `attempts` times (milvus-lite's gRPC event
    engine once aborted at start-up in CI, epoll_wait: Bad file descriptor); each failure is printed."""
    for attempt in range(1, attempts + 1):
        try:
            process, port = _start(data_dir, timeout_s, memory_limit_gb)
            break
        except ServerExited as exc:
            print(f"milvus-lite server, attempt {attempt} of {attempts}: {exc}", file=sys.stderr)
            if attempt == attempts:
                raise
    try:
        yield MilvusServer(f"http://127.0.0.1:{port}", process.pid)
    finally:
        _stop(process)


def _start(data_dir: Path, timeout_s: float, memory_limit_gb: float | None) -> tuple[subprocess.Popen, int]:
    """The server process, once it listens, and its port."""

    def limit() -> None:
        size = int(memory_limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    port = _free_port()
    log = data_dir.with_suffix(".log")
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        # No Python code between fork and exec unless a limit asks for it: this process may run gRPC threads.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "milvus_lite",
                "server",
                "--data-dir",
                str(data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=limit if memory_limit_gb is not None else None,
        )
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise ServerExited(
                f"milvus-lite server exited ({process.returncode}): "
                f"{log.read_text(encoding='utf-8', errors='replace')[-2000:]}"
            )
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        if time.monotonic() > deadline:
            _stop(process)
            raise RuntimeError(f"milvus-lite server did not listen on port {port} within {timeout_s:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

"""👍/👎 on answers, kept in an append-only JSON-lines file so real questions can become evaluation cases."""
from __future__ import annotations

import datetime
import json
import os
import threading
from pathlib import Path

FEEDBACK_FILE = "feedback.jsonl"
_LOCK = threading.Lock()  # one writer at a time within the app process (concurrent sessions)


def record_feedback(path: Path, answer: dict, liked: bool | str, when: datetime.datetime | None = None) -> dict:
    """Append one feedback record (the answer object with its question, the verdict, the time) to `path`.

    Each record is one line written with a single write and synced, so a crash never leaves half a
    record and earlier lines are never rewritten. Returns the record.
    """
    record = {"time": (when or datetime.datetime.now(datetime.timezone.utc)).isoformat(timespec="seconds"),
              "liked": liked, "question": answer.get("question", ""), "standalone": answer.get("standalone", ""),
              "answer": answer}
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return record


def read_feedback(path: Path) -> list[dict]:
    """Every record of the feedback file, oldest first ([] when there is none)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

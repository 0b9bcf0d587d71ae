"""👍/👎 on answers, kept in an append-only JSON-lines file so real questions can become evaluation cases."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from assistant.atomic import append_line, read_json_lines

FEEDBACK_FILE = "feedback.jsonl"


def record_feedback(path: Path, answer: dict, liked: bool | str, when: datetime.datetime | None = None) -> dict:
    """Append one feedback record (the answer object with its question, the verdict, the time) to `path`.

    One synced line per record (atomic.append_line): a crash never leaves half a record and earlier
    lines are never rewritten. Returns the record.
    """
    record = {"time": (when or datetime.datetime.now(datetime.timezone.utc)).isoformat(timespec="seconds"),
              "liked": liked, "user": answer.get("user", ""), "question": answer.get("question", ""),
              "standalone": answer.get("standalone", ""),
              "answer": answer}
    append_line(path, json.dumps(record, ensure_ascii=False))
    return record


def read_feedback(path: Path) -> list[dict]:
    """Every record of the feedback file, oldest first ([] when there is none)."""
    return read_json_lines(path)

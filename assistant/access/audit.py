"""The audit log: every upload, delete, rebuild and refused attempt, one JSON line each, never rewritten."""
from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from assistant.atomic import append_line, read_json_lines

AUDIT_FILE = "audit.jsonl"


def record_audit(path: Path, user: str | None, action: str, file_name: str = "", data: bytes | None = None,
                 result: str = "ok", when: datetime.datetime | None = None) -> dict:
    """Append one entry (time, user, action, file name, sha256 of the file's bytes, result or error)."""
    entry = {"time": (when or datetime.datetime.now(datetime.timezone.utc)).isoformat(timespec="seconds"),
             "user": user or "（匿名）", "action": action, "file": file_name,
             "sha256": hashlib.sha256(data).hexdigest() if data is not None else "", "result": result}
    append_line(path, json.dumps(entry, ensure_ascii=False))
    return entry


def read_audit(path: Path, since: datetime.date | None = None) -> list[dict]:
    """The entries, oldest first, from `since` (a date, UTC) on."""
    entries = read_json_lines(path)
    if since is not None:
        entries = [e for e in entries if e["time"][:10] >= since.isoformat()]
    return entries

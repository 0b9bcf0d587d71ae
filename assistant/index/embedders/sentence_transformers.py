"""Any sentence-transformers model (hub name or local folder), loaded offline-first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.index.embedders.base import Embedder
from assistant.settings import Settings

# Query instructions of common retrieval models that do not declare them in their config.
_KNOWN_QUERY_PREFIXES = {
    "bge-small-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-base-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-large-zh": "为这个句子生成表示以用于检索相关文章：",
    "e5-": "query: ",
}
_KNOWN_PASSAGE_PREFIXES = {"e5-": "passage: "}


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model (name or local directory), with its query instruction."""

    def __init__(
        self, name_or_path: str, show_progress: bool = True, query_prefix: str | None = None, local_only: bool = True
    ) -> None:
        try:
            from sentence_transformers import SentenceTransformer

            kwargs: dict[str, Any] = {"device": "cpu"}
            if local_only and not Path(name_or_path).exists():
                kwargs["local_files_only"] = True  # no hub download at run time
            self._model = SentenceTransformer(name_or_path, **kwargs)
        except Exception as exc:  # hub, file and config errors all mean "cannot use this model"
            raise EmbeddingModelError(
                f"cannot load sentence-transformers model '{name_or_path}' offline: {exc}"
            ) from exc
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        self.model_id = f"sentence-transformers/{Path(name_or_path).name or name_or_path}"
        self.show_progress = show_progress
        prompts = getattr(self._model, "prompts", {}) or {}
        lowered = name_or_path.lower()
        self.query_prefix = (
            query_prefix
            if query_prefix is not None
            else prompts.get("query") or next((p for key, p in _KNOWN_QUERY_PREFIXES.items() if key in lowered), "")
        )
        self.passage_prefix = (
            prompts.get("document")
            or prompts.get("passage")
            or next((p for key, p in _KNOWN_PASSAGE_PREFIXES.items() if key in lowered), "")
        )

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = self.query_prefix if is_query else self.passage_prefix
        vectors = self._model.encode(
            [prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def open_sentence_transformer(settings: Settings) -> SentenceTransformerEmbedder:
    """The registry's factory for any name no other claims: a sentence-transformers model or folder."""
    return SentenceTransformerEmbedder(settings.embedding_model, show_progress=settings.show_progress)

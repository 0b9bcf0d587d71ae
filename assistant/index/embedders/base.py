"""The embedder interface every model implements, and the registry that picks one by name.

An embedder is a LangChain `Embeddings` (so LangChain retrievers can use it) with array methods
the index and retrieval use directly. Implementations register a factory under a name (or as the
fallback for any other name) with `register_embedder`; `make_embedder` builds the named one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.errors import EmbeddingModelError
from assistant.settings import Settings

PROGRESS_MIN_TEXTS = 200  # below this a progress bar is noise
EmbedderFactory = Callable[[Settings], "Embedder"]
_FACTORIES: dict[str, EmbedderFactory] = {}
_FALLBACK: list[EmbedderFactory] = []


class Embedder(Embeddings):
    """Unit vectors for passages and queries; subclasses implement `_encode` and set `model_id`, `dim`.

    `model_id` names the model and its build exactly: the index manifest and the vector cache are
    keyed by it, so vectors of two models are never mixed.
    """

    model_id: str
    dim: int
    batch_size: int = 32
    show_progress: bool = True

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        """(len(texts), dim) float32 unit vectors; `is_query` selects the model's query form."""
        raise NotImplementedError

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Passages as a float32 (n, dim) array of unit vectors, in batches with a progress bar.

        Batches are formed from texts sorted by length: a batch is padded to its longest text.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        bar = tqdm(
            total=len(texts),
            desc="embedding",
            unit="chunk",
            file=sys.stderr,
            disable=not self.show_progress or len(texts) < PROGRESS_MIN_TEXTS,
        )
        with bar:
            for begin in range(0, len(texts), self.batch_size):
                rows = order[begin : begin + self.batch_size]
                out[rows] = self._encode([texts[i] for i in rows], is_query=False)
                bar.update(len(rows))
        return out

    def embed_query_array(self, text: str) -> np.ndarray:
        """One query as a float32 (dim,) unit vector."""
        return self._encode([text], is_query=True)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


def register_embedder(name: str | None, factory: EmbedderFactory) -> None:
    """Make `factory` build the embedder called `name` (None: any name no factory claims)."""
    if name is None:
        _FALLBACK[:] = [factory]
    else:
        _FACTORIES[name] = factory


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by `settings.embedding_model` (raises EmbeddingModelError if unusable)."""
    name = settings.embedding_model
    factory = _FACTORIES.get(name) or (_FALLBACK[0] if _FALLBACK else None)
    if factory is None:
        raise EmbeddingModelError(f"no embedder registered for '{name}'")
    return factory(settings)

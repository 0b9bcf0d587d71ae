"""Vector stores behind one interface (`VectorIndex`); FAISS is the implementation in use."""

from assistant.index.vectors.base import VectorIndex
from assistant.index.vectors.faiss_index import DeferredVectors, FaissVectors

__all__ = ["DeferredVectors", "FaissVectors", "VectorIndex"]

"""Vector stores behind one interface (`VectorIndex`), made by engines (`VectorEngine`) that one
factory (`vector_engine`) names; FAISS is the built-in engine."""

from assistant.index.vectors.base import VectorEngine, VectorIndex
from assistant.index.vectors.factory import vector_engine

__all__ = ["VectorEngine", "VectorIndex", "vector_engine"]

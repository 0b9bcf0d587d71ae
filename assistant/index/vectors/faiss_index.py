"""The FAISS implementation of `VectorIndex`: exact inner product, HNSW above a size."""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class FaissVectors:
    """A FAISS index; exact (IndexFlatIP) up to `exact_max` rows, HNSW above."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self.kind = type(index).__name__
        # An exact index is scored as one matrix product (about 1 ms at 28k rows), no FAISS call.
        self._matrix = self.vectors() if self.appendable else None

    @classmethod
    def build(cls, vectors: np.ndarray, exact_max: int) -> "FaissVectors":
        dim = vectors.shape[1]
        if len(vectors) <= exact_max:
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> "FaissVectors":
        """Raises RuntimeError (FAISS's way) for an unreadable file."""
        return cls(faiss.read_index(str(path)))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def appendable(self) -> bool:
        return isinstance(self._index, faiss.IndexFlat)

    def vectors(self) -> np.ndarray:
        return self._index.reconstruct_n(0, self._index.ntotal)

    def scores(self, query: np.ndarray, candidates: int) -> np.ndarray:
        if self._matrix is not None:
            return self._matrix @ query
        n = len(self)
        out = np.full(n, -1.0, dtype=np.float32)
        found, ids = self._index.search(query[None, :], min(n, candidates))
        valid = ids[0] >= 0
        out[ids[0][valid]] = found[0][valid]
        return out

    def append(self, vectors: np.ndarray, exact_max: int) -> "FaissVectors":
        return FaissVectors.build(np.vstack([self.vectors(), vectors]), exact_max)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

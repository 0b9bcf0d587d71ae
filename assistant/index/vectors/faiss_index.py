"""The FAISS implementation of `VectorIndex`: exact inner product, HNSW above a size."""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
SCOPE_EXACT_MAX = 20_000  # an HNSW index scores a scope up to this many rows exactly (its stored vectors)
SUBSET_PRODUCT_SHARE = 8  # a scope under 1/8 of the rows is gathered first, a larger one sliced from the full product


class FaissVectors:
    """A FAISS index; exact (IndexFlatIP) up to `exact_max` rows, HNSW above."""

    def __init__(self, index: faiss.Index, scope_exact_max: int = SCOPE_EXACT_MAX) -> None:
        self._index = index
        self.scope_exact_max = scope_exact_max
        self.kind = type(index).__name__
        # An exact index is scored as one matrix product (about 1 ms at 28k rows), no FAISS call.
        self._matrix = self.vectors() if isinstance(index, faiss.IndexFlat) else None

    @classmethod
    def build(cls, vectors: np.ndarray, exact_max: int, scope_exact_max: int = SCOPE_EXACT_MAX) -> "FaissVectors":
        dim = vectors.shape[1]
        if len(vectors) <= exact_max:
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, scope_exact_max)

    @classmethod
    def load(cls, path: Path) -> "FaissVectors":
        """Raises RuntimeError (FAISS's way) for an unreadable file."""
        return cls(faiss.read_index(str(path)))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def appendable(self) -> bool:
        # HNSW too: appended rows join the graph as they would at the end of a full build.
        return isinstance(self._index, (faiss.IndexFlat, faiss.IndexHNSWFlat))

    def vectors(self) -> np.ndarray:
        return self._index.reconstruct_n(0, self._index.ntotal)

    def search(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        if self._matrix is not None:
            if rows is None:
                rows, scores = np.arange(len(self)), self._matrix @ query
            elif len(rows) * SUBSET_PRODUCT_SHARE < len(self):
                scores = self._matrix[rows] @ query  # copying a small scope is cheaper than the full product
            else:
                scores = (self._matrix @ query)[rows]
            top = np.argpartition(-scores, n - 1)[:n] if len(scores) > n else np.arange(len(scores))
            top = top[np.argsort(-scores[top], kind="stable")]
            return rows[top], scores[top]
        if rows is not None and len(rows) <= self.scope_exact_max:
            # A region's scope is small: its stored vectors scored exactly beat a filtered graph walk.
            scores = self._index.reconstruct_batch(np.ascontiguousarray(rows, dtype=np.int64)) @ query
            top = np.argsort(-scores, kind="stable")[:n]
            return rows[top], scores[top]
        # A large scope is an ID selector inside the graph search: a global top-n filtered afterwards
        # could hold none of the scope's rows.
        params = faiss.SearchParametersHNSW()
        params.efSearch = max(HNSW_EF_SEARCH, n)
        if rows is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
            params.sel = selector
        found, ids = self._index.search(query[None, :].astype(np.float32), min(n, len(self)), params=params)
        valid = ids[0] >= 0
        return ids[0][valid].astype(np.int64), found[0][valid]

    def append(self, vectors: np.ndarray, exact_max: int) -> "FaissVectors":
        if isinstance(self._index, faiss.IndexHNSWFlat):
            grown = faiss.clone_index(self._index)  # this one keeps serving unchanged
            grown.add(np.ascontiguousarray(vectors, dtype=np.float32))
            return FaissVectors(grown, self.scope_exact_max)
        return FaissVectors.build(np.vstack([self.vectors(), vectors]), exact_max, self.scope_exact_max)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

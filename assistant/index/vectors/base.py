"""What retrieval and the index build need from a vector store, whatever engine holds the vectors."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class VectorIndex(Protocol):
    """Unit vectors in chunk-row order, searched by inner product (cosine)."""

    kind: str  # the engine and index type, recorded in the manifest

    def __len__(self) -> int: ...

    def scores(self, query: np.ndarray, candidates: int) -> np.ndarray:
        """Similarity of every row to `query`; an approximate index may fill rows outside its best
        `candidates` with -1."""
        ...

    def vectors(self) -> np.ndarray:
        """All vectors as a (rows, dim) float32 array."""
        ...

    @property
    def appendable(self) -> bool:
        """Whether `append` keeps results identical to a full build (exact indexes)."""
        ...

    def append(self, vectors: np.ndarray, exact_max: int) -> "VectorIndex":
        """A new index with `vectors` as the next rows (this one is left unchanged)."""
        ...

    def save(self, path: Path) -> None: ...

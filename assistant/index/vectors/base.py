"""What retrieval and the index build need from a vector store, whatever engine holds the vectors."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class VectorIndex(Protocol):
    """Unit vectors in chunk-row order, searched by inner product (cosine)."""

    kind: str  # the index type within its engine (IndexFlatIP, IndexHNSWFlat …), recorded in the manifest
    engine: str  # the engine's name (VECTOR_ENGINE), recorded in the manifest so the index opens with it again
    part_suffix: str  # how a saved part's file name ends (vectors-<k><suffix>)

    def __len__(self) -> int: ...

    def search(
        self, query: np.ndarray, n: int, rows: np.ndarray | None = None, excluded: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `n` rows most similar to `query` and their scores, best first. `rows` (sorted) is the
        scope: the engine searches only those rows, never a global top list filtered afterwards.
        `excluded` (sorted, with `rows` None): rows the search passes over (of deleted documents)."""
        ...

    def vectors(self, first: int = 0) -> np.ndarray:
        """The vectors of rows `first`… as a (rows, dim) float32 array."""
        ...

    def append(self, vectors: np.ndarray) -> VectorIndex:
        """A new index with `vectors` as the next rows, in a part of their own (this one is left unchanged)."""
        ...

    def ready(self) -> None:
        """Read now whatever the engine reads on first use (raises for an unreadable file)."""
        ...

    def save_part(self, k: int, path: Path) -> None:
        """Write part `k` (one per index segment, a file each) to `path`."""
        ...


class VectorEngine(Protocol):
    """What makes a `VectorIndex`: a new one from vectors, or one saved in part files."""

    def build(self, vectors: np.ndarray, exact_max: int) -> VectorIndex:
        """One part holding `vectors` (an engine may use an approximate index above `exact_max` rows)."""
        ...

    def opened(self, paths: list[Path], rows: int, kind: str) -> VectorIndex:
        """The index saved in `paths` (one file per part), `rows` rows of type `kind`; may read on first use."""
        ...

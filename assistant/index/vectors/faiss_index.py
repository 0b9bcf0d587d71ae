"""The FAISS implementation of `VectorIndex`: exact inner product, HNSW above a size, in parts.

A full build makes one part (exact, or HNSW above `exact_max` rows); each incremental update adds
one exact part with the new rows, saved as its own file. Adding a document therefore never
copies, rewrites or re-hashes the large first part (at 1000x the corpus, a 500 MB file), and the
new rows are searched exactly. The number of parts is bounded by the index's segment limit: the
build after that merges everything into one part again. Rows of deleted documents stay in their
part until then and are passed over inside each search of every row (`excluded`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import faiss
import numpy as np

HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
SCOPE_EXACT_MAX = 20_000  # an HNSW part scores a scope up to this many rows exactly (its stored vectors)
SUBSET_PRODUCT_SHARE = 8  # a scope under 1/8 of the rows is gathered first, a larger one sliced from the full product


def _top(rows: np.ndarray, scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The `n` best (rows, scores), best first; ties keep the given order."""
    top = np.argpartition(-scores, n - 1)[:n] if len(scores) > n else np.arange(len(scores))
    top = top[np.argsort(-scores[top], kind="stable")]
    return rows[top], scores[top]


class FaissVectors:
    """FAISS indexes over consecutive row ranges, searched as one."""

    engine = "faiss"
    part_suffix = ".faiss"

    def __init__(self, parts: list[faiss.Index], scope_exact_max: int = SCOPE_EXACT_MAX) -> None:
        self.parts = parts
        self.scope_exact_max = scope_exact_max
        self.kind = "+".join(dict.fromkeys(type(p).__name__ for p in parts)) or "IndexFlatIP"
        self._firsts = np.cumsum([0] + [p.ntotal for p in parts], dtype=np.int64)
        # Exact rows are scored as one matrix product (about 1 ms at 28k rows), no FAISS call.
        flat = [p for p in parts if isinstance(p, faiss.IndexFlat)]
        self._matrix = np.vstack([p.reconstruct_n(0, p.ntotal) for p in flat]) if flat else None
        self._flat_first = int(self._firsts[len(parts) - len(flat)])  # exact parts come last

    @classmethod
    def build(cls, vectors: np.ndarray, exact_max: int, scope_exact_max: int = SCOPE_EXACT_MAX) -> FaissVectors:
        """One part holding `vectors`: exact up to `exact_max` rows, HNSW above."""
        dim = vectors.shape[1]
        index: faiss.Index
        if len(vectors) <= exact_max:
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls([index], scope_exact_max)

    @classmethod
    def load(cls, paths: list[Path]) -> FaissVectors:
        """The parts saved in `paths`, in order, memory-mapped. Raises RuntimeError (FAISS's way) for an
        unreadable file."""
        # Mapped, a part's vectors and graph are file pages the kernel shares between processes and may drop,
        # not private memory: 520 MB less per process at 1000x (285k rows), the same results. A saved version
        # is never written again (an update writes a new one), so the mapping stays valid.
        return cls([faiss.read_index(str(p), faiss.IO_FLAG_MMAP_IFC) for p in paths])

    def __len__(self) -> int:
        return int(self._firsts[-1])

    def vectors(self, first: int = 0) -> np.ndarray:
        """The vectors of rows `first`… as one (rows, dim) float32 array."""
        out = []
        for part, begin in zip(self.parts, self._firsts):
            skip = max(0, first - int(begin))
            if skip < part.ntotal:
                out.append(part.reconstruct_n(skip, part.ntotal - skip))
        dim = self.parts[0].d if self.parts else 0
        return np.vstack(out) if out else np.zeros((0, dim), dtype=np.float32)

    def search(
        self, query: np.ndarray, n: int, rows: np.ndarray | None = None, excluded: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        found_rows, found_scores = [], []
        skip = excluded if rows is None and excluded is not None and excluded.size else None
        for k, part in enumerate(self.parts):
            if isinstance(part, faiss.IndexFlat):
                break  # the exact parts are searched together below
            begin, end = int(self._firsts[k]), int(self._firsts[k + 1])
            local = None if rows is None else rows[(rows >= begin) & (rows < end)] - begin
            if local is None or local.size:
                passed = None if skip is None else skip[(skip >= begin) & (skip < end)] - begin
                r, s = self._search_graph(part, query, n, local, passed)
                found_rows.append(r + begin)
                found_scores.append(s)
        if self._matrix is not None:
            local = None if rows is None else rows[rows >= self._flat_first] - self._flat_first
            passed = None if skip is None else skip[skip >= self._flat_first] - self._flat_first
            r, s = self._search_exact(query, n, local, passed)
            found_rows.append(r + self._flat_first)
            found_scores.append(s)
        if not found_rows:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if len(found_rows) == 1:
            return found_rows[0], found_scores[0]
        return _top(np.concatenate(found_rows), np.concatenate(found_scores), n)

    def _search_exact(
        self, query: np.ndarray, n: int, rows: np.ndarray | None, passed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        matrix = self._matrix
        assert matrix is not None  # an exact part keeps its vectors as a matrix
        if rows is None:
            rows, scores = np.arange(len(matrix)), matrix @ query
            if passed is not None and passed.size:  # deleted rows: never among the candidates
                keep = np.ones(len(rows), dtype=bool)
                keep[passed] = False
                rows, scores = rows[keep], scores[keep]
        elif len(rows) * SUBSET_PRODUCT_SHARE < len(matrix):
            scores = matrix[rows] @ query  # copying a small scope is cheaper than the full product
        else:
            scores = (matrix @ query)[rows]
        return _top(rows, scores, n)

    def _search_graph(
        self, part: faiss.Index, query: np.ndarray, n: int, rows: np.ndarray | None, passed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if rows is not None and len(rows) <= self.scope_exact_max:
            # A region's scope is small: its stored vectors scored exactly beat a filtered graph walk.
            scores = part.reconstruct_batch(np.ascontiguousarray(rows, dtype=np.int64)) @ query
            top = np.argsort(-scores, kind="stable")[:n]
            return rows[top], scores[top]
        # A large scope is an ID selector inside the graph search: a global top-n filtered afterwards
        # could hold none of the scope's rows.
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]  # present, missing from the stubs
        params.efSearch = max(HNSW_EF_SEARCH, n)
        if rows is not None:
            params.sel = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
        elif passed is not None and passed.size:
            # Deleted rows are passed over inside the graph walk, like a scope (kept referenced: FAISS
            # holds only a pointer to the inner selector).
            deleted = faiss.IDSelectorBatch(np.ascontiguousarray(passed, dtype=np.int64))
            params.sel = faiss.IDSelectorNot(deleted)
        found, ids = part.search(query[None, :].astype(np.float32), min(n, part.ntotal), params=params)
        valid = ids[0] >= 0
        return ids[0][valid].astype(np.int64), found[0][valid]

    def append(self, vectors: np.ndarray) -> FaissVectors:
        """These parts and an exact one holding `vectors` as the next rows (this object is left unchanged)."""
        part = faiss.IndexFlatIP(vectors.shape[1])
        part.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return FaissVectors(self.parts + [part], self.scope_exact_max)

    def save_part(self, k: int, path: Path) -> None:
        """Write part `k` to `path`."""
        faiss.write_index(self.parts[k], str(path))

    def ready(self) -> None:
        """Nothing is deferred: the parts are in memory."""


class DeferredVectors:
    """Saved FAISS parts read on first use: a process whose candidates come from Milvus never needs them
    (at 1000x the corpus, 420 MB it would otherwise hold)."""

    engine = FaissVectors.engine
    part_suffix = FaissVectors.part_suffix

    def __init__(self, paths: list[Path], rows: int, kind: str) -> None:
        self._paths, self._rows, self.kind = paths, rows, kind

    @functools.cached_property
    def loaded(self) -> FaissVectors:
        """The parts, read now (RuntimeError, FAISS's way, for an unreadable file)."""
        vectors = FaissVectors.load(self._paths)
        if len(vectors) != self._rows:
            raise RuntimeError(f"the vector files hold {len(vectors)} rows, the index {self._rows}")
        return vectors

    def __len__(self) -> int:
        return self._rows

    @property
    def parts(self) -> list[faiss.Index]:
        return self.loaded.parts

    def vectors(self, first: int = 0) -> np.ndarray:
        return self.loaded.vectors(first)

    def search(
        self, query: np.ndarray, n: int, rows: np.ndarray | None = None, excluded: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.loaded.search(query, n, rows, excluded)

    def append(self, vectors: np.ndarray) -> FaissVectors:
        return self.loaded.append(vectors)

    def save_part(self, k: int, path: Path) -> None:
        self.loaded.save_part(k, path)

    def ready(self) -> None:
        self.loaded  # noqa: B018 - reading the deferred parts is the point


class FaissEngine:
    """The "faiss" VECTOR_ENGINE (the default)."""

    def build(self, vectors: np.ndarray, exact_max: int) -> FaissVectors:
        return FaissVectors.build(vectors, exact_max)

    def opened(self, paths: list[Path], rows: int, kind: str) -> DeferredVectors:
        return DeferredVectors(paths, rows, kind)

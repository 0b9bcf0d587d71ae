"""What retrieval asks of an index engine: the best rows of a scope, by dense and by lexical score.

The scope (a set of documents) is applied inside the engine's search, never to a global top list
afterwards. `LocalCandidates` answers from the index folder (FAISS + BM25 segments); the Milvus
backend (`assistant.index.milvus`) answers the same two questions from a collection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from assistant.errors import IndexCorruptedError
from assistant.index.layout import Index
from assistant.settings import Settings

Lists = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]  # (dense, lexical) rows and scores


class CandidateStore(Protocol):
    def dense(self, query: np.ndarray, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        """Up to `n` (rows, scores), best first, of the chunks of `doc_ids` (None: all) nearest to `query`."""
        ...

    def lexical(self, form: str, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        """Up to `n` (rows, BM25 scores > 0), best first, of the chunks of `doc_ids` for the search form `form`."""
        ...

    def candidates(self, query: np.ndarray, form: str, n: int, doc_ids: frozenset[str] | None) -> Lists:
        """`dense(query, …)` and `lexical(form, …)` together (an engine behind a network asks both at once)."""
        ...


class LocalCandidates:
    """Candidates from the loaded index folder: the scope becomes a row subset of each search.

    A scope's rows are live rows (`Index.rows_of_document` leaves deleted ones out); a search of
    every row leaves the deleted rows out inside the engine's search (`excluded`).
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._rows_of = index.rows_of_document
        self._deleted = index.deleted.row_array if len(index.deleted) else None

    def _rows(self, doc_ids: frozenset[str] | None) -> np.ndarray | None:
        if doc_ids is None or doc_ids >= self._rows_of.keys():
            return None
        return np.sort(
            np.concatenate([self._rows_of[d] for d in doc_ids if d in self._rows_of] or [np.zeros(0, np.int64)])
        )

    def dense(self, query: np.ndarray, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        return self._dense(query, n, self._rows(doc_ids))

    def lexical(self, form: str, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        return self._lexical(form, n, self._rows(doc_ids))

    def candidates(self, query: np.ndarray, form: str, n: int, doc_ids: frozenset[str] | None) -> Lists:
        rows = self._rows(doc_ids)  # once for both lists
        return self._dense(query, n, rows), self._lexical(form, n, rows)

    def _dense(self, query: np.ndarray, n: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if rows is not None and rows.size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return self.index.vectors.search(query, n, rows, self._deleted if rows is None else None)

    def _lexical(self, form: str, n: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if rows is not None and rows.size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return self.index.bm25.search(form, n, rows, self._deleted if rows is None else None)


def open_local(settings: Settings, index: Index, notify: Callable[[str], None]) -> LocalCandidates:
    """The "faiss" backend (INDEX_BACKEND): the loaded index folder itself. Its vector files are read
    now, so an unreadable one is found when the app starts, not at the first question."""
    try:
        index.vectors.ready()
    except RuntimeError as exc:  # FAISS's way of reporting an unreadable file
        raise IndexCorruptedError(f"index in '{index.directory}' is unreadable: {exc}") from exc
    return LocalCandidates(index)

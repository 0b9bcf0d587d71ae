"""A loaded index version (`Index`): its parts, and the rows every stage asks for, without deleted rows.

The on-disk format, writing and loading are `layout.py`'s; this is what a process holds of one
version and the row lists derived from it once (rows of a document, the row of a chunk id), which
leave out the rows the version marks deleted (`tombstones.py`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.documents import Chunk, DocumentMeta, Indicator
from assistant.index.lexical_base import LexicalIndex
from assistant.index.manifest import Manifest
from assistant.index.records import RowBlocks, chunk_columns, indicator_columns
from assistant.index.tombstones import Tombstones
from assistant.index.vectors import VectorIndex


@dataclass
class Index:
    """A loaded index (immutable once built: a rebuild makes a new one).

    `chunks` and `indicators` are record tables (read on demand from the version's files) when
    loaded or written, or plain lists; `indicator_vectors` holds one block per segment (memory-mapped).
    Rows in `deleted` (of removed documents) stay in those tables until the next merge; every row
    list this class gives (`rows_of_document`, `row_of_chunk`, …) leaves them out, and `documents`
    no longer lists their documents.
    """

    directory: Path
    manifest: Manifest
    chunks: Sequence[Chunk]
    documents: list[DocumentMeta]
    vectors: VectorIndex
    bm25: LexicalIndex  # BM25 (lexical.py)
    indicators: Sequence[Indicator] = field(default_factory=list)
    indicator_vectors: RowBlocks = field(default_factory=lambda: RowBlocks([], 0))
    deleted: Tombstones = field(default_factory=Tombstones)

    @functools.cached_property
    def _columns(self) -> tuple[list[str], list[str]]:
        return chunk_columns(self.chunks)

    @property
    def chunk_ids(self) -> list[str]:
        """The chunk id of every row."""
        return self._columns[0]

    @property
    def doc_of_row(self) -> list[str]:
        """The document id of every row."""
        return self._columns[1]

    @property
    def live_chunks(self) -> int:
        """The number of chunk rows not deleted."""
        return len(self.chunks) - len(self.deleted)

    @functools.cached_property
    def rows_of_document(self) -> dict[str, np.ndarray]:
        """Live chunk rows of each document, ascending (computed once per loaded index)."""
        return _rows_by_document(self.doc_of_row, self.deleted.row_array)

    @functools.cached_property
    def indicator_rows_of_document(self) -> dict[str, np.ndarray]:
        """Live indicator rows of each document, ascending."""
        return _rows_by_document(indicator_columns(self.indicators)[1], self.deleted.indicator_row_array)

    @functools.cached_property
    def row_of_chunk(self) -> dict[str, int]:
        """The row of every live chunk id (a document deleted and added again repeats its chunk ids)."""
        if not len(self.deleted):
            return {chunk_id: row for row, chunk_id in enumerate(self.chunk_ids)}
        live = self.deleted.live_mask(len(self.chunks))
        return {chunk_id: row for row, chunk_id in enumerate(self.chunk_ids) if live[row]}

    @functools.cached_property
    def _document_of_id(self) -> dict[str, DocumentMeta]:
        return {d.doc_id: d for d in self.documents}

    def document(self, doc_id: str) -> DocumentMeta | None:
        """The listed document with this id (None for a removed or unknown one)."""
        return self._document_of_id.get(doc_id)

    def live_indicators(self) -> Iterator[Indicator]:
        """Every indicator not deleted, in row order."""
        dead = set(self.deleted.indicator_row_array.tolist())
        return (self.indicators[row] for row in range(len(self.indicators)) if row not in dead)


def _rows_by_document(doc_of_row: list[str], deleted: np.ndarray) -> dict[str, np.ndarray]:
    """Rows of each document id, ascending, without the `deleted` rows (a document left with none is left out)."""
    out: dict[str, np.ndarray] = {}
    first = 0
    # A document's rows are consecutive (one run each time it was added): runs are visited, not rows
    # (at 1000x the corpus a quarter of the time, paid by every update).
    for doc_id, run in itertools.groupby(doc_of_row):
        end = first + sum(1 for _ in run)
        rows = np.arange(first, end, dtype=np.int64)
        out[doc_id] = np.concatenate([out[doc_id], rows]) if doc_id in out else rows
        first = end
    # Only the documents the deleted rows belong to are filtered (a few among thousands).
    for doc_id in {doc_of_row[r] for r in deleted.tolist()}:
        kept = np.setdiff1d(out[doc_id], deleted, assume_unique=True)
        if kept.size:
            out[doc_id] = kept
        else:
            del out[doc_id]
    return out

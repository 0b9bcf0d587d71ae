"""Index records read on demand: chunks from memory-mapped JSON-lines files, arrays in row blocks.

At 1000x the corpus, 285k chunks held as Python objects cost ~560 MB in every process, though a
question reads some 30 of them. A `ChunkTable` keeps only where each line starts and the two
columns every stage needs for all rows (chunk id, document id), and parses a chunk when asked.
The files are a version folder's (immutable), mapped read-only: pages are shared between
processes and the kernel may drop them.
"""
from __future__ import annotations

import json
import mmap
import re
from collections.abc import Sequence
from pathlib import Path
from typing import overload

import numpy as np

from assistant.documents import Chunk

# Chunk.to_dict writes chunk_id and doc_id first: both columns are read without parsing the JSON.
_IDS_RE = re.compile(rb'\{"chunk_id": "([^"\n]*)", "doc_id": "([^"\n]*)"')


def _mapped(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return b""  # an empty file cannot be mapped
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


class ChunkTable(Sequence[Chunk]):
    """The chunks of JSON-lines files (one chunk per line, rows in file order), parsed on access."""

    def __init__(self, paths: list[Path]) -> None:
        self._files = [_mapped(p) for p in paths]
        spans, files, ids, docs = [], [], [], []
        for k, path in enumerate(paths):
            # Read through the page cache, not the mapping: a scan of the mapping would count the
            # whole file in this process's resident memory.
            offset = 0
            with open(path, "rb") as fh:
                for line in fh:
                    found = _IDS_RE.match(line)
                    if found is None:
                        raise ValueError(f"{path.name}: line {len(spans) + 1} is not a chunk record")
                    spans.append((offset, offset + len(line)))
                    files.append(k)
                    ids.append(found[1].decode())
                    docs.append(found[2].decode())
                    offset += len(line)
        self._spans = np.array(spans, dtype=np.int64).reshape(-1, 2)
        self._file_of = np.array(files, dtype=np.int32)
        self.chunk_ids: list[str] = ids
        self.doc_ids: list[str] = docs

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, row: int) -> Chunk: ...

    @overload
    def __getitem__(self, row: slice) -> list[Chunk]: ...

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        begin, end = self._spans[row]
        return Chunk.from_dict(json.loads(self._files[self._file_of[row]][begin:end]))

    def __iter__(self):
        return (self[r] for r in range(len(self)))


class RowBlocks:
    """Rows of a matrix stored as consecutive blocks (one per index segment), gathered on access."""

    def __init__(self, blocks: list[np.ndarray], dim: int) -> None:
        self.blocks = blocks
        self.dim = dim
        self._ends = np.cumsum([len(b) for b in blocks], dtype=np.int64)

    def __len__(self) -> int:
        return int(self._ends[-1]) if len(self._ends) else 0

    def take(self, rows: list[int]) -> np.ndarray:
        """The rows (in the order given) as one float32 array."""
        out = np.zeros((len(rows), self.dim), dtype=np.float32)
        if not rows:
            return out
        rows_a = np.asarray(rows, dtype=np.int64)
        block = np.searchsorted(self._ends, rows_a, side="right")
        for k in np.unique(block):
            at = np.flatnonzero(block == k)
            first = int(self._ends[k - 1]) if k else 0
            out[at] = self.blocks[k][rows_a[at] - first]
        return out

    def appended(self, block: np.ndarray) -> "RowBlocks":
        """These blocks and one more (this object is left unchanged)."""
        return RowBlocks(self.blocks + [block], self.dim)

"""Index records read on demand: chunks and indicators from memory-mapped JSON-lines files, arrays in blocks.

At 1000x the corpus, 285k chunks and 250k indicators held as Python objects cost ~860 MB in every
process, though a question reads a few dozen of them. A `RecordTable` keeps only where each line
starts and the few columns every stage needs for all rows (ids, names), and parses a record when
asked. The files are a version folder's (immutable), mapped read-only: pages are shared between
processes and the kernel may drop them.
"""

from __future__ import annotations

import json
import mmap
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypeVar, overload

import numpy as np

from assistant.documents import Chunk, Indicator
from assistant.errors import IndexCorruptedError

T = TypeVar("T")
# to_dict writes these fields first, in this order: the columns are read without parsing the JSON.
_CHUNK_COLUMNS = re.compile(rb'\{"chunk_id": "([^"\n]*)", "doc_id": "([^"\n]*)"')
_INDICATOR_COLUMNS = re.compile(
    rb'\{"indicator_id": "[^"\n]*", "chunk_id": "([^"\n]*)", "doc_id": "([^"\n]*)", '
    rb'"region": (?:null|"[^"\n]*"), "name": "((?:[^"\\\n]|\\.)*)"'
)


def _mapped(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return b""  # an empty file cannot be mapped
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


@dataclass(frozen=True)
class _File:
    path: Path
    data: mmap.mmap | bytes
    spans: np.ndarray  # (lines, 2) byte offsets
    checksums: np.ndarray  # crc32 of each line as it was when the version was loaded
    columns: list[list[str]]

    def record(self, line: int) -> dict:
        """Line `line` parsed, after checking it is still the line that was loaded: the files are
        immutable, so a changed line means the file was edited or damaged after start."""
        begin, end = (int(x) for x in self.spans[line])
        # Reading a mapped page past the end of a truncated file would kill the process (SIGBUS);
        # mmap.size() asks the mapped file itself (still right after a newer build unlinked it).
        if isinstance(self.data, mmap.mmap) and self.data.size() < end:
            raise IndexCorruptedError(
                f"index file '{self.path.name}' was truncated after it was loaded; rebuild the index"
            )
        data = self.data[begin:end]
        if len(data) != end - begin or zlib.crc32(data) != int(self.checksums[line]):
            raise IndexCorruptedError(
                f"index file '{self.path.name}' changed after it was loaded (line {line + 1}); rebuild the index"
            )
        try:
            return json.loads(data)
        except ValueError as exc:  # UnicodeDecodeError included
            raise IndexCorruptedError(f"index file '{self.path.name}' line {line + 1} is unreadable: {exc}") from exc


def _scan(path: Path, columns: re.Pattern[bytes]) -> _File:
    """Where each line of `path` starts and ends, and the columns of every line."""
    spans: list[tuple[int, int]] = []
    checksums: list[int] = []
    values: list[list[str]] = [[] for _ in range(columns.groups)]
    offset = 0
    # Read through the page cache, not the mapping: a scan of the mapping would count the whole
    # file in this process's resident memory.
    with open(path, "rb") as fh:
        for line in fh:
            found = columns.match(line)
            if found is None:
                raise ValueError(f"{path.name}: line {len(spans) + 1} is not a record of this index")
            spans.append((offset, offset + len(line)))
            checksums.append(zlib.crc32(line))
            for column, value in zip(values, found.groups()):
                column.append(value.decode())
            offset += len(line)
    return _File(
        path,
        _mapped(path),
        np.array(spans, dtype=np.int64).reshape(-1, 2),
        np.array(checksums, dtype=np.uint32),
        values,
    )


class RecordTable(Sequence[T]):
    """Records of JSON-lines files (one per line, rows in file order), decoded on access; the columns
    every stage needs for all rows (`COLUMNS`, groups of a pattern matching a line's start: chunk id,
    document id, …) are read once, without parsing the records."""

    COLUMNS: re.Pattern[bytes]
    # Records kept decoded: question after question reads the same clauses (a few MB; every clause at 1x).
    KEPT = 5000

    def __init__(self, files: list[_File]) -> None:
        self._files = files
        self._ends = np.cumsum([len(f.spans) for f in files], dtype=np.int64)
        self._decoded: dict[int, T] = {}

    @staticmethod
    def decode(data: dict[str, Any]) -> T:
        raise NotImplementedError

    @classmethod
    def read(cls, paths: list[Path]) -> Self:
        """The records of `paths`, in order."""
        return cls([_scan(p, cls.COLUMNS) for p in paths])

    def extended_by(self, paths: list[Path]) -> Self:
        """These records and those of `paths` after them (the files already read are not read again)."""
        return type(self)(self._files + [_scan(p, self.COLUMNS) for p in paths])

    def column(self, k: int) -> list[str]:
        """Column `k` of every row."""
        return [value for f in self._files for value in f.columns[k]]

    @property
    def chunk_ids(self) -> list[str]:
        """The chunk id of every row (every table's first column)."""
        return self.column(0)

    @property
    def doc_ids(self) -> list[str]:
        """The document id of every row (every table's second column)."""
        return self.column(1)

    def __len__(self) -> int:
        return int(self._ends[-1]) if len(self._ends) else 0

    @overload
    def __getitem__(self, row: int) -> T: ...

    @overload
    def __getitem__(self, row: slice) -> list[T]: ...

    def __getitem__(self, row: int | slice) -> T | list[T]:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        found = self._decoded.get(row)  # read once: another thread may clear the dict meanwhile
        if found is None:
            k = int(np.searchsorted(self._ends, row, side="right"))
            found = self.decode(self._files[k].record(row - (int(self._ends[k - 1]) if k else 0)))
            if len(self._decoded) >= self.KEPT:
                self._decoded.clear()
            self._decoded[row] = found
        return found

    def __iter__(self) -> Iterator[T]:
        return (self[r] for r in range(len(self)))


class ChunkTable(RecordTable[Chunk]):
    """Chunks of chunks-<k>.jsonl files."""

    COLUMNS = _CHUNK_COLUMNS
    decode = staticmethod(Chunk.from_dict)


class IndicatorTable(RecordTable[Indicator]):
    """Indicators of indicators-<k>.jsonl files; a third column: the name of every row."""

    COLUMNS = _INDICATOR_COLUMNS
    decode = staticmethod(Indicator.from_dict)

    @property
    def names(self) -> list[str]:
        return [json.loads(f'"{name}"') if "\\" in name else name for name in self.column(2)]


def chunk_columns(chunks: Sequence[Chunk]) -> tuple[list[str], list[str]]:
    """Chunk id and document id of every row (read from the columns of a table, not its records)."""
    if isinstance(chunks, ChunkTable):
        return chunks.chunk_ids, chunks.doc_ids
    return [c.chunk_id for c in chunks], [c.doc_id for c in chunks]


def indicator_columns(indicators: Sequence[Indicator]) -> tuple[list[str], list[str], list[str]]:
    """Chunk id, document id and name of every indicator (read from the columns of a table)."""
    if isinstance(indicators, IndicatorTable):
        return indicators.chunk_ids, indicators.doc_ids, indicators.names
    return [i.chunk_id for i in indicators], [i.doc_id for i in indicators], [i.name for i in indicators]


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

"""Rows of an index version marked deleted (tombstones): a removed or replaced document's chunks and indicators.

Deleting a document writes a new version that links every segment file and adds this small record
(`deleted.json`, hashed in the manifest like every file) instead of rewriting anything: at 1000x the
corpus a rewrite costs minutes, the record milliseconds. Readers leave the rows out of every list a
row can reach (candidates of both backends, indicator matching, documents, rows of a document); the
next merge (a full build) compacts them away.

Rows, not document ids, are what is marked: a document deleted and added again has the same id (a
hash of its text) but new rows, which must stay visible. The record is cumulative: each version's
file lists every row deleted since the last merge.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DELETED_FILE = "deleted.json"
Ranges = tuple[tuple[int, int], ...]  # sorted, disjoint [begin, end) row ranges


def to_ranges(rows: Iterable[int]) -> Ranges:
    """Sorted, disjoint [begin, end) ranges covering exactly `rows` (adjacent ranges joined)."""
    out: list[list[int]] = []
    for row in sorted(set(int(r) for r in rows)):
        if out and out[-1][1] == row:
            out[-1][1] = row + 1
        else:
            out.append([row, row + 1])
    return tuple((a, b) for a, b in out)


def _rows(ranges: Ranges) -> np.ndarray:
    if not ranges:
        return np.zeros(0, np.int64)
    return np.concatenate([np.arange(a, b, dtype=np.int64) for a, b in ranges])


@dataclass(frozen=True)
class Tombstones:
    """Deleted chunk rows and indicator rows of one index version, and which documents they were."""

    rows: Ranges = ()
    indicator_rows: Ranges = ()
    documents: tuple[tuple[str, str], ...] = ()  # (doc id, source) of each deletion, oldest first (shown, not used)

    @functools.cached_property
    def row_array(self) -> np.ndarray:
        """Every deleted chunk row, ascending."""
        return _rows(self.rows)

    @functools.cached_property
    def indicator_row_array(self) -> np.ndarray:
        """Every deleted indicator row, ascending."""
        return _rows(self.indicator_rows)

    def __len__(self) -> int:
        """The number of deleted chunk rows."""
        return sum(b - a for a, b in self.rows)

    def live_mask(self, size: int) -> np.ndarray:
        """A boolean per chunk row of an index of `size` rows: True where the row is not deleted."""
        mask = np.ones(size, dtype=bool)
        mask[self.row_array] = False
        return mask

    def adding(
        self, rows: Sequence[int], indicator_rows: Sequence[int], documents: Iterable[tuple[str, str]]
    ) -> Tombstones:
        """These tombstones and `rows` / `indicator_rows` of the deleted `documents` (this object is unchanged)."""
        return Tombstones(
            to_ranges([*self.row_array.tolist(), *rows]),
            to_ranges([*self.indicator_row_array.tolist(), *indicator_rows]),
            self.documents + tuple(documents),
        )

    def check(self, chunks: int, indicators: int) -> None:
        """Raise ValueError unless every range lies inside an index of `chunks` rows and `indicators` indicators."""
        for ranges, size in ((self.rows, chunks), (self.indicator_rows, indicators)):
            if any(not 0 <= a < b <= size for a, b in ranges):
                raise ValueError(f"{DELETED_FILE} marks rows outside the index")

    def write(self, directory: Path) -> str:
        """Write the record into a version folder being built; returns its file name."""
        (directory / DELETED_FILE).write_text(
            json.dumps(
                {"rows": self.rows, "indicator_rows": self.indicator_rows, "documents": self.documents},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return DELETED_FILE

    @classmethod
    def read(cls, directory: Path) -> Tombstones:
        """The record of a (verified) version folder; ValueError/KeyError/TypeError when malformed."""
        data = json.loads((directory / DELETED_FILE).read_text(encoding="utf-8"))
        pairs = lambda items: tuple((int(a), int(b)) for a, b in items)  # noqa: E731
        return cls(
            pairs(data["rows"]), pairs(data["indicator_rows"]), tuple((str(d), str(s)) for d, s in data["documents"])
        )

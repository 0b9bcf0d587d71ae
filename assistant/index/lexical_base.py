"""What retrieval and the index build need from a keyword index, whatever scores it (BM25 today: lexical.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class LexicalIndex(Protocol):
    """Keyword scores over chunk rows, held in immutable segments (one per index segment, with files of its
    own): adding rows adds a segment, nothing is re-read."""

    @property
    def tokenizer_name(self) -> str:
        """How questions and texts are cut into terms (part of the index key)."""
        ...

    @property
    def size(self) -> int:
        """The number of chunk rows."""
        ...

    def add(self, texts: list[str]) -> LexicalIndex:
        """A new index with `texts` as the next rows, in a segment of their own (this one is left unchanged)."""
        ...

    def search(
        self, query: str, n: int, rows: np.ndarray | None = None, excluded: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `n` best-scoring rows with a positive score (within `rows`, sorted, when given), best first;
        `excluded` (with `rows` None): rows never returned (of deleted documents)."""
        ...

    def has_term(self, term: str) -> bool:
        """Whether some row holds `term` (one term as the tokenizer cuts it)."""
        ...

    def rows_holding(self, text: str, among: np.ndarray | None = None) -> np.ndarray | None:
        """The rows (sorted) holding every term of `text`, of `among` (sorted) when given: all rows whose text
        holds `text` are among them; None when the tokenizer cannot promise that (its cuts depend on the context)."""
        ...

    def save_segment(self, k: int, directory: Path, stem: str) -> list[str]:
        """Write segment `k` as files named from `stem` in `directory`; their names."""
        ...

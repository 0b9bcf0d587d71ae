"""Caches under index/cache/: embeddings by (model, text) and parsed documents by (file hash, settings).

Both only save work: a missing or unreadable entry costs recomputation, with a warning.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from pathlib import Path

import numpy as np

from assistant.atomic import atomic_file, write_atomic
from assistant.documents import Chunk, DocumentMeta
from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_document
from assistant.settings import Settings

log = logging.getLogger(__name__)
CACHE_FORMAT = 1  # bump when a cached document's shape changes


def sha256_file(path: Path) -> str:
    """sha256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """Short content id of a file (16 hex of its sha256)."""
    return sha256_file(path)[:16]


class EmbeddingCache:
    """Vectors keyed by sha256(model id + text), stored per model; writes are atomic."""

    def __init__(self, directory: Path, model_id: str, dim: int) -> None:
        slug = hashlib.sha256(model_id.encode()).hexdigest()[:12]
        self.directory = directory / slug
        self.model_id, self.dim = model_id, dim
        self.keys: dict[str, int] = {}
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        try:
            keys = json.loads((self.directory / "keys.json").read_text(encoding="utf-8"))
            vectors = np.load(self.directory / "vectors.npy")
            if vectors.shape == (len(keys), dim):
                self.keys = {k: i for i, k in enumerate(keys)}
                self.vectors = vectors.astype(np.float32)
            else:
                log.warning("embedding cache in %s is inconsistent; it will be rebuilt", self.directory)
        except FileNotFoundError:
            pass  # no cache yet
        except (OSError, ValueError) as exc:
            # A damaged cache only costs re-embedding; say so and go on.
            log.warning("embedding cache unreadable (%s); it will be rebuilt", exc)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        i = self.keys.get(key)
        return None if i is None else self.vectors[i]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Add vectors for keys not yet cached (a repeated key keeps its first vector)."""
        fresh: list[int] = []
        for i, k in enumerate(keys):
            if k not in self.keys:
                self.keys[k] = len(self.keys)
                fresh.append(i)
        self.vectors = np.vstack([self.vectors, vectors[fresh].astype(np.float32)])

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        order = sorted(self.keys, key=self.keys.get)
        # vectors first, keys last: a reader that sees new keys also sees their vectors
        with atomic_file(self.directory / "vectors.npy", "wb") as fh:
            np.save(fh, self.vectors)
        write_atomic(self.directory / "keys.json", json.dumps(order))


class DocumentCache:
    """Parsed documents with their chunks, by file hash and chunker settings (no re-parsing)."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        salt = json.dumps([CACHE_FORMAT, dataclasses.asdict(settings.chunker)])
        self.chunker = settings.chunker
        self.directory = directory / hashlib.sha256(salt.encode()).hexdigest()[:12]

    def load(self, path: Path, source: str, digest: str) -> tuple[DocumentMeta, list[Chunk]]:
        """The document at `path` and its chunks; raises DocumentError for a bad file."""
        cached = self.directory / f"{digest}.json"
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return DocumentMeta(**(data["meta"] | {"source": source})), [Chunk.from_dict(c) for c in data["chunks"]]
        except FileNotFoundError:
            pass  # not cached yet
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("cached document %s unreadable (%s); parsing %s again", cached.name, exc, source)
        document = load_document(path, source)
        chunks = split_clauses(document, self.chunker)
        if file_digest(path) != digest:
            return document.meta, chunks  # the file changed while we read it: do not cache under the old hash
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, json.dumps({"meta": document.meta.to_dict(), "chunks": [c.to_dict() for c in chunks]},
                                        ensure_ascii=False))
        return document.meta, chunks



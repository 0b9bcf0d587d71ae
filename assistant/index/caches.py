"""Caches under index/cache/: embeddings by (model, text) and parsed documents by (file hash, settings).

Both only save work: a missing, unreadable or unverifiable entry costs recomputation, with a warning.
A parsed-document entry is used only when it was written for the same file bytes (full sha256) and
chunker version and its contents match the checksum written with it, so an edited cache file can
never change what the index says; the build purges entries of files no longer in the corpus.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from assistant.atomic import atomic_file, write_atomic
from assistant.documents import Chunk, DocumentMeta
from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_document
from assistant.settings import Settings

log = logging.getLogger(__name__)
CACHE_FORMAT = 2  # bump when a cached document's shape changes (2: stamped and checksummed entries)


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
    """Parsed documents with their chunks, by file hash and chunker settings (no re-parsing).

    The embedding cache is not purged when a document is removed: it holds vectors under
    sha256(model id + text) keys and no text, and a vector may serve the same clause in another
    document (or the same file uploaded again). Parsed entries do hold the text, so they go.
    """

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.root = directory
        self.chunker = settings.chunker
        # What an entry must have been written with; the chunker's own version is part of it.
        self.stamp = {"cache_format": CACHE_FORMAT, "chunker": dataclasses.asdict(settings.chunker)}
        salt = json.dumps([CACHE_FORMAT, self.stamp["chunker"]])
        self.directory = directory / hashlib.sha256(salt.encode()).hexdigest()[:12]

    def load(self, path: Path, source: str, digest: str, fresh: bool = False) -> tuple[DocumentMeta, list[Chunk]]:
        """The document at `path` (fingerprinted as `digest`) and its chunks; raises DocumentError for a bad file.

        A verified cache entry is used unless `fresh` (a rebuild re-reads the corpus); otherwise
        the file is parsed once and the entry (re)written.
        """
        cached = self.directory / f"{digest}.json"
        source_sha = sha256_file(path)
        if not fresh:
            entry = self._verified(cached, source_sha)
            if entry is not None:
                return DocumentMeta(**(entry["meta"] | {"source": source})), [Chunk.from_dict(c) for c in entry["chunks"]]
        document = load_document(path, source)
        chunks = split_clauses(document, self.chunker)
        if source_sha[:len(digest)] != digest or sha256_file(path) != source_sha:
            return document.meta, chunks  # the file changed while we read it: do not cache under the old hash
        payload = {"meta": document.meta.to_dict(), "chunks": [c.to_dict() for c in chunks]}
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, json.dumps(self.stamp | {"source_sha256": source_sha, "payload_sha256": _checksum(payload),
                                                      "payload": payload}, ensure_ascii=False))
        return document.meta, chunks

    def _verified(self, cached: Path, source_sha: str) -> dict[str, Any] | None:
        """The payload of the entry `cached` when it is intact and belongs to these file bytes and settings."""
        try:
            entry = json.loads(cached.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None  # not cached yet
        except (OSError, ValueError) as exc:
            log.warning("cached document %s unreadable (%s); parsing it again", cached.name, exc)
            return None
        try:
            problem = next((f"its {key} differs" for key, value in self.stamp.items() if entry[key] != value), None)
            if problem is None and entry["source_sha256"] != source_sha:
                problem = "it was written for other file contents"
            if problem is None and entry["payload_sha256"] != _checksum(entry["payload"]):
                problem = "its contents do not match their checksum (edited or damaged)"
        except (KeyError, TypeError) as exc:
            problem = f"it lacks {exc}"
        if problem:
            log.warning("cached document %s ignored: %s; parsing it again", cached.name, problem)
            return None
        return entry["payload"]

    def purge(self, keep: set[str]) -> list[Path]:
        """Delete parsed entries (under every chunker setting) of files whose digest is not in `keep`.

        Run after a build so that a removed or replaced document's text does not stay on disk.
        Returns what was deleted; a file that cannot be deleted is logged and kept.
        """
        removed = []
        for entry in sorted(self.root.glob("*/*.json")):
            if entry.stem in keep:
                continue
            try:
                entry.unlink()
                removed.append(entry)
            except FileNotFoundError:
                continue  # already gone
            except OSError as exc:
                log.warning("could not remove the cached document %s: %s", entry, exc)
        return removed


def _checksum(payload: dict[str, Any]) -> str:
    """sha256 of a payload's canonical JSON (what was written and what is read back compare equal)."""
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()

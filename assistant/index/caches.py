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
from assistant.index.records import RowBlocks
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
    """Vectors keyed by sha256(model id + text), stored per model in append-only parts.

    A save writes only the vectors added since the last one, as a new part (`part-<n>.npy`, then
    `part-<n>.json` with their keys, both atomic: a reader that sees the keys also sees their
    vectors). Parts are memory-mapped on load, so an update that reuses 285k cached vectors neither
    reads nor rewrites them whole (at 1000x the corpus: 1.7 s of every added document). Beyond
    `MAX_PARTS` parts, a save merges them into one. The single-file layout of earlier versions
    (keys.json + vectors.npy) is read as the first part.
    """

    MAX_PARTS = 32

    def __init__(self, directory: Path, model_id: str, dim: int) -> None:
        slug = hashlib.sha256(model_id.encode()).hexdigest()[:12]
        self.directory = directory / slug
        self.model_id, self.dim = model_id, dim
        self.keys: dict[str, int] = {}
        self._parts: list[np.ndarray] = []
        self._files: list[tuple[Path, Path]] = []
        self._new_keys: list[str] = []
        self._new: list[np.ndarray] = []
        listed = [(self.directory / "keys.json", self.directory / "vectors.npy")] + [
            (p, p.with_suffix(".npy")) for p in sorted(self.directory.glob("part-*.json"))
        ]
        for keys_file, vectors_file in listed:
            try:
                keys = json.loads(keys_file.read_text(encoding="utf-8"))
                vectors = np.load(vectors_file, mmap_mode="r", allow_pickle=False)
            except FileNotFoundError:
                continue  # no cache yet, or a part being written
            except (OSError, ValueError) as exc:
                # A damaged part only costs re-embedding its texts; say so and go on.
                log.warning("embedding cache part %s unreadable (%s); its texts will be embedded again", keys_file, exc)
                continue
            if vectors.shape != (len(keys), dim) or vectors.dtype != np.float32:
                log.warning("embedding cache part %s is inconsistent; its texts will be embedded again", keys_file)
                continue
            first = len(self)
            for i, key in enumerate(keys):
                self.keys.setdefault(key, first + i)
            self._parts.append(vectors)
            self._files.append((keys_file, vectors_file))

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts) + len(self._new_keys)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        return self.take([key])[0] if key in self.keys else None

    def take(self, keys: list[str]) -> np.ndarray:
        """The vectors of `keys` (all cached), in order, as one float32 array."""
        blocks = RowBlocks(self._parts + ([np.stack(self._new)] if self._new else []), self.dim)
        return blocks.take([self.keys[k] for k in keys])

    @property
    def vectors(self) -> np.ndarray:
        """Every cached vector, in the order they were cached."""
        return self.take(list(self.keys)) if self.keys else np.zeros((0, self.dim), dtype=np.float32)

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Add vectors for keys not yet cached (a repeated key keeps its first vector)."""
        for i, k in enumerate(keys):
            if k not in self.keys:
                self.keys[k] = len(self)
                self._new_keys.append(k)
                self._new.append(np.asarray(vectors[i], dtype=np.float32))

    def save(self) -> None:
        """Write what was added since loading as a new part (merging all parts when there are too many)."""
        if not self._new_keys:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        merge = len(self._files) + 1 > self.MAX_PARTS
        keys = sorted(self.keys, key=lambda k: self.keys[k]) if merge else self._new_keys
        vectors = self.take(keys) if merge else np.stack(self._new)
        number = max((int(p.stem.split("-")[1]) for p, _ in self._files if p.stem.startswith("part-")), default=-1) + 1
        part = self.directory / f"part-{number:05d}.json"
        # vectors first, keys last: a reader that sees new keys also sees their vectors
        with atomic_file(part.with_suffix(".npy"), "wb") as fh:
            np.save(fh, vectors, allow_pickle=False)
        write_atomic(part, json.dumps(keys))
        if merge:  # the merged part holds everything: the others go (keys first, so none is half there)
            for keys_file, vectors_file in self._files:
                keys_file.unlink(missing_ok=True)
                vectors_file.unlink(missing_ok=True)
            self._files, self._parts = [], []
            self.keys = {key: row for row, key in enumerate(keys)}  # rows of the merged part
        self._files.append((part, part.with_suffix(".npy")))
        self._parts.append(np.load(part.with_suffix(".npy"), mmap_mode="r", allow_pickle=False))
        self._new_keys, self._new = [], []


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
                return DocumentMeta(**(entry["meta"] | {"source": source})), [
                    Chunk.from_dict(c) for c in entry["chunks"]
                ]
        document = load_document(path, source)
        chunks = split_clauses(document, self.chunker)
        if source_sha[: len(digest)] != digest or sha256_file(path) != source_sha:
            return document.meta, chunks  # the file changed while we read it: do not cache under the old hash
        payload = {"meta": document.meta.to_dict(), "chunks": [c.to_dict() for c in chunks]}
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(
            cached,
            json.dumps(
                self.stamp | {"source_sha256": source_sha, "payload_sha256": _checksum(payload), "payload": payload},
                ensure_ascii=False,
            ),
        )
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

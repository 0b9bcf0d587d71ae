"""The index on disk: version folders, writing them, loading them with checksum verification.

Layout of the index folder:
  CURRENT            name of the live version folder (replaced atomically)
  v-<time>-<id>/     manifest.json, documents.json, deleted.json (rows of removed documents, see
                     tombstones.py), and per segment k: chunks-<k>.jsonl, vectors-<k>.faiss,
                     bm25-<k>.json + bm25-<k>-*.npy, indicators-<k>.jsonl and
                     indicator-vectors-<k>.npy (the indicator table and its name vectors)
  cache/<model>/     embedding cache keyed by sha256(model id + embedded text)
  cache/docs/        parsed documents and their chunks, keyed by file hash and chunker settings
A build writes a new version folder and only then switches CURRENT, so a build killed
half-way leaves the previous index in use. Every file's sha256 is in the manifest, so a
truncated or edited file is detected on load.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any, cast

import numpy as np

from assistant.atomic import write_atomic
from assistant.documents import Chunk, DocumentMeta, Indicator
from assistant.errors import IndexCorruptedError, IndexMismatchError, IndexMissingError, IndexPointerError
from assistant.index.caches import sha256_file
from assistant.index.lexical import BM25Index
from assistant.index.lexical_base import LexicalIndex
from assistant.index.loaded import Index
from assistant.index.manifest import FORMAT_VERSION, IndexKey, Manifest, library_versions
from assistant.index.records import ChunkTable, IndicatorTable, RowBlocks
from assistant.index.tombstones import Tombstones
from assistant.index.vectors import VectorIndex, vector_engine

log = logging.getLogger(__name__)
DOCUMENTS_FILE = "documents.json"


def _segment_files(k: int, vector_suffix: str) -> dict[str, str]:
    """The files of segment `k`, by role (the vector part's ending is its engine's)."""
    return {
        "chunks": f"chunks-{k}.jsonl",
        "bm25": f"bm25-{k}",
        "vectors": f"vectors-{k}{vector_suffix}",
        "indicators": f"indicators-{k}.jsonl",
        "indicator_vectors": f"indicator-vectors-{k}.npy",
    }


def _write_segment(
    work: Path,
    k: int,
    chunks: list[Chunk],
    vectors: VectorIndex,
    bm25: LexicalIndex,
    indicators: list[Indicator],
    indicator_vectors: np.ndarray,
) -> list[str]:
    names = _segment_files(k, vectors.part_suffix)
    with open(work / names["chunks"], "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    with open(work / names["indicators"], "w", encoding="utf-8") as fh:
        for indicator in indicators:
            fh.write(json.dumps(indicator.to_dict(), ensure_ascii=False) + "\n")
    with open(work / names["indicator_vectors"], "wb") as fh:
        np.save(fh, np.asarray(indicator_vectors, dtype=np.float32), allow_pickle=False)
    vectors.save_part(k, work / names["vectors"])
    return [
        names["chunks"],
        names["indicators"],
        names["indicator_vectors"],
        names["vectors"],
        *bm25.save_segment(k, work, names["bm25"]),
    ]


def write_version(
    index_dir: Path,
    key: IndexKey,
    documents: list[DocumentMeta],
    skipped: dict[str, str],
    base: Index | None,
    new_chunks: list[Chunk],
    vectors: VectorIndex,
    bm25: LexicalIndex,
    new_indicators: list[Indicator],
    new_indicator_vectors: np.ndarray,
    deleted: Tombstones | None = None,
) -> Index:
    """Write a new version folder and switch CURRENT to it.

    The segments of `base` are linked, not rewritten or re-hashed; `new_chunks` (with their
    indicators), when any, are the one segment after them: `vectors` and `bm25` already hold it.
    `deleted` marks rows of those segments whose documents were removed (a delete links everything
    and writes only this record, the document list and the manifest).
    """
    deleted = deleted or Tombstones()
    version = f"v-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    work = index_dir / f".build-{version}"
    work.mkdir()
    files: dict[str, str] = {}
    segments = list(base.manifest.segments) if base is not None else []
    for entry in segments:
        assert base is not None  # segments come from the base
        for name in _entry_files(entry):  # unchanged segment: link (or copy)
            try:
                os.link(base.directory / name, work / name)
            except OSError:
                shutil.copy2(base.directory / name, work / name)
            files[name] = base.manifest.files[name]
    if new_chunks:
        k = len(segments)
        first = segments[-1]["rows"][1] if segments else 0
        first_indicator = segments[-1]["indicator_rows"][1] if segments else 0
        names = _write_segment(work, k, new_chunks, vectors, bm25, new_indicators, new_indicator_vectors)
        files.update({name: sha256_file(work / name) for name in names})
        segments.append(
            _segment_files(k, vectors.part_suffix)
            | {
                "rows": [first, first + len(new_chunks)],
                "indicator_rows": [first_indicator, first_indicator + len(new_indicators)],
            }
        )
    (work / DOCUMENTS_FILE).write_text(
        json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    files[DOCUMENTS_FILE] = sha256_file(work / DOCUMENTS_FILE)
    name = deleted.write(work)
    files[name] = sha256_file(work / name)
    counts = {
        "documents": len(documents),
        "chunks": segments[-1]["rows"][1] if segments else 0,
        "indicators": segments[-1]["indicator_rows"][1] if segments else 0,
        "deleted_chunks": len(deleted),
    }
    manifest = Manifest(
        **dataclasses.asdict(key),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        versions=dict(library_versions()),
        counts=counts,
        vector_engine=vectors.engine,
        vector_kind=vectors.kind,
        segments=segments,
        skipped=skipped,
        files=files,
    )
    (work / "manifest.json").write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(work, index_dir / version)
    pointer = index_dir / "CURRENT"
    replaced = pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None
    write_atomic(pointer, version)
    # Keep the version just replaced (a reader may have opened it a moment ago); drop older ones and
    # what killed builds left behind (the caller holds the build lock: no other build runs).
    for old_dir in index_dir.iterdir():
        if old_dir.is_dir() and old_dir.name.startswith(("v-", ".build-")) and old_dir.name not in (version, replaced):
            shutil.rmtree(old_dir, onerror=lambda _f, where, exc: log.warning("could not remove %s: %s", where, exc[1]))
    directory = index_dir / version
    return _open_version(directory, manifest, documents, vectors, deleted, base)


def _entry_files(entry: dict[str, Any]) -> list[str]:
    return [
        entry["chunks"],
        entry["indicators"],
        entry["indicator_vectors"],
        entry["vectors"],
        *BM25Index.segment_files(entry["bm25"]),
    ]


def _open_version(
    directory: Path,
    manifest: Manifest,
    documents: list[DocumentMeta],
    vectors: VectorIndex,
    deleted: Tombstones,
    base: Index | None = None,
) -> Index:
    """The index of a version folder whose files were verified (or just written). The segments it shares
    with `base` (an index this one appends to) are taken from `base`, not read again."""
    segments = manifest.segments
    reusable = base is not None and isinstance(base.chunks, ChunkTable) and isinstance(base.indicators, IndicatorTable)
    known = len(base.manifest.segments) if base is not None and reusable else 0
    new = segments[known:]
    if base is not None and known:
        # `known` > 0 only when the base's records are tables (`reusable`), which mypy cannot follow.
        chunks = cast(ChunkTable, base.chunks).extended_by([directory / e["chunks"] for e in new])
        indicators = cast(IndicatorTable, base.indicators).extended_by([directory / e["indicators"] for e in new])
        # The folder's keyword index is the BM25 one `write_version` saved (the only kind it writes).
        lexical_base, blocks = cast(BM25Index, base.bm25), list(base.indicator_vectors.blocks)
    else:
        chunks = ChunkTable.read([directory / e["chunks"] for e in new])
        indicators = IndicatorTable.read([directory / e["indicators"] for e in new])
        lexical_base, blocks = None, []
    blocks += [np.load(directory / e["indicator_vectors"], mmap_mode="r", allow_pickle=False) for e in new]
    bm25 = BM25Index.opened(directory, [e["bm25"] for e in new], manifest.lexical["tokenizer"], lexical_base)
    indicator_vectors = RowBlocks(blocks, manifest.embedding["dim"])
    if len(vectors) != len(chunks) or bm25.size != len(chunks) or len(indicator_vectors) != len(indicators):
        raise IndexCorruptedError("index parts disagree on the number of chunks or indicators")
    deleted.check(len(chunks), len(indicators))
    return Index(directory, manifest, chunks, documents, vectors, bm25, indicators, indicator_vectors, deleted)


def load_index(index_dir: Path) -> Index:
    """Load the live index version, verifying every file against the manifest.

    Raises IndexMismatchError for an index another version of this program wrote (its layout
    may differ), before reading anything else of it. The vector files are verified but read on
    first use: a backend that searches elsewhere (Milvus) never holds them; the index folder's
    own backend reads them when it opens.
    """
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        raise IndexMissingError(f"no index in '{index_dir}'")
    directory = _current_version(index_dir, pointer)
    try:
        manifest = Manifest.from_dict(json.loads((directory / "manifest.json").read_text(encoding="utf-8")))
        if manifest.format != FORMAT_VERSION:
            raise IndexMismatchError(
                f"the index was written by another version of this program "
                f"(format {manifest.format}, this one reads {FORMAT_VERSION})"
            )
        for name, digest in manifest.files.items():
            if sha256_file(directory / name) != digest:
                raise IndexCorruptedError(f"index file '{name}' does not match its checksum")
        documents = [DocumentMeta(**d) for d in json.loads((directory / DOCUMENTS_FILE).read_text(encoding="utf-8"))]
        vectors = vector_engine(manifest.vector_engine).opened(
            [directory / e["vectors"] for e in manifest.segments],
            manifest.counts.get("chunks", 0),
            manifest.vector_kind,
        )
        return _open_version(directory, manifest, documents, vectors, Tombstones.read(directory))
    except (IndexCorruptedError, IndexMismatchError):
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        # RuntimeError is how FAISS reports an unreadable file.
        raise IndexCorruptedError(f"index in '{directory}' is unreadable: {exc}") from exc


def live_version(index_dir: Path) -> str | None:
    """The name of the version CURRENT names (unchecked; None when there is none or it is unreadable)."""
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except (OSError, ValueError):
        return None


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
    if (
        not name.startswith("v-")
        or Path(name).name != name
        or "\\" in name
        or directory.resolve().parent != index_dir.resolve()
    ):
        raise IndexPointerError(
            f"'{pointer}' names '{name[:200]}', which is not a version folder inside "
            f"'{index_dir}'; the index pointer was tampered with or damaged"
        )
    return directory


def check_index(index: Index, expected: IndexKey) -> None:
    """Raise IndexMismatchError saying what differs between `index` and what is expected."""
    problem = index.manifest.mismatch(expected)
    if problem:
        raise IndexMismatchError(problem)

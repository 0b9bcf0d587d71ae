"""Adding and removing corpus documents (the index update itself is `assistant.index.build.ensure_index`).

A file is validated completely (size, type, decoding, parsing, number of chunks) before it is
written, and it is written atomically, so a refused upload leaves the corpus — and so the index —
unchanged. The index build removes a deleted document's cached parse (`assistant.index.caches`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import uuid
from pathlib import Path

from assistant.documents import DocumentMeta
from assistant.errors import (
    DocumentError,
    DuplicateDocumentError,
    FileTooLargeError,
    TooManyChunksError,
    UnsupportedFormatError,
)
from assistant.ingest.chunking import ChunkerSettings
from assistant.ingest.loading import MAX_FILE_BYTES, corpus_files, document_id
from assistant.ingest.readers import read_file, supported_extensions
from assistant.ingest.sandbox import ParseLimits, parse_isolated

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")
# One upload may not flood the index: the five real documents have 30–80 chunks each, so 5,000 is
# far beyond any policy document and still cheap to embed.
MAX_DOCUMENT_CHUNKS = 5000
DEFAULT_LIMITS = ParseLimits()


def safe_name(name: str) -> str:
    """A file name without folders or characters file systems reject."""
    base = _UNSAFE.sub("_", Path(name).name).strip(" .")
    return base or f"document-{uuid.uuid4().hex[:8]}.txt"


def add_document(
    corpus_dir: Path,
    name: str,
    data: bytes,
    chunker: ChunkerSettings | None = None,
    max_chunks: int = MAX_DOCUMENT_CHUNKS,
    limits: ParseLimits = DEFAULT_LIMITS,
    max_bytes: int = MAX_FILE_BYTES,
) -> DocumentMeta:
    """Validate `data` as a document and store it in `corpus_dir` as `name`; returns its metadata.

    The file is read in a process of its own under `limits` (ingest/sandbox.py). Raises a
    DocumentError subclass (empty, binary, undecodable, unsupported, too large, a .docx that unpacks
    too large, too slow or too big to read, more than `max_chunks` chunks with `chunker`, or the same
    text as a document already in the corpus) and then writes nothing.
    """
    name = safe_name(name)
    if len(data) > max_bytes:
        raise FileTooLargeError(name, f"{len(data) / 1e6:.1f} MB", max_bytes)
    suffix = Path(name).suffix.lower()
    if suffix not in supported_extensions():
        raise UnsupportedFormatError(
            name, f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(supported_extensions())})"
        )
    corpus_dir.mkdir(parents=True, exist_ok=True)
    staging = corpus_dir / f".upload-{uuid.uuid4().hex}{suffix}"
    try:
        with open(staging, "wb") as fh:  # flushed to disk before the rename makes it part of the corpus
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        parsed = parse_isolated(staging, name, chunker or ChunkerSettings(), limits)
        meta, count = parsed.meta, parsed.chunks
        if count > max_chunks:
            raise TooManyChunksError(name, f"切分后有 {count} 个片段，超过单个文件 {max_chunks} 个的上限")
        for existing in corpus_files(corpus_dir):
            if existing == staging or existing.suffix.lower() not in supported_extensions():
                continue
            if existing.name == name:
                raise DuplicateDocumentError(name, "a document with this file name is already in the corpus")
            try:
                same = document_id(read_file(existing)) == meta.doc_id
            except DocumentError:
                continue  # an unreadable file already in the corpus is reported when it is indexed
            if same:
                raise DuplicateDocumentError(
                    name, f"same text as {existing.name}, already in the corpus", other=existing.name
                )
        os.replace(staging, corpus_dir / name)
    finally:
        staging.unlink(missing_ok=True)
    return dataclasses.replace(meta, source=name)


def remove_document(corpus_dir: Path, source: str) -> None:
    """Delete the corpus file `source` (a file directly inside `corpus_dir`)."""
    path = (corpus_dir / source).resolve()
    if path.parent != corpus_dir.resolve() or not path.is_file():
        raise DocumentError(source, "no such document in the corpus")
    path.unlink()


def seed_corpus(target: Path, source: Path) -> bool:
    """Create the corpus folder `target` as a copy of the files of `source` when it does not exist yet and
    `source` holds files; True when it was created. Copied into a staging folder and renamed, so a killed copy leaves none."""
    if target.exists() or not (source.is_dir() and any(source.iterdir())):
        return False  # nothing to copy: the folder is left to be made by the first upload or by hand
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}-{uuid.uuid4().hex}")
    staging.mkdir()
    try:
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                shutil.copy2(path, staging / path.name)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True

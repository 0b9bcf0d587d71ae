"""Load a corpus folder into documents: read, clean, extract metadata."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from assistant.documents import Document, DocumentMeta, Line
from assistant.errors import DocumentError, EmptyFileError, FileTooLargeError
from assistant.ingest.cleaning import is_chrome_line, record_part, sort_lines
from assistant.ingest.headings import match_heading
from assistant.ingest.metadata import extract_metadata
from assistant.ingest.readers import read_file, supported_extensions
from assistant.text.gazetteer import Gazetteer, default_gazetteer
from assistant.text.normalize import detect_script, search_form

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class LoadReport:
    """What a corpus load produced and what it skipped (file name -> reason)."""

    documents: list[Document] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def document_id(text: str) -> str:
    """Stable id: a hash of the decoded text, so re-encoding a file does not change it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_document(text: str, source: str, gazetteer: Gazetteer | None = None) -> Document:
    """Turn decoded text into a Document (cleaned body lines and metadata)."""
    gazetteer = gazetteer or default_gazetteer()
    lines = sort_lines(text)
    if not lines.body:
        raise EmptyFileError(source, "no body text left after removing page chrome")
    first_heading = next(
        (k for k, line in enumerate(lines.body) if (h := match_heading(search_form(line.text))) and h.level <= 1), None
    )
    meta = extract_metadata(lines.body, lines.meta, first_heading, gazetteer, Path(source).stem)
    region = meta.region
    return Document(
        meta=DocumentMeta(
            doc_id=document_id(text),
            source=source,
            title=meta.title,
            region=region.short if region else None,
            region_code=region.code if region else None,
            script=detect_script(text),
            issuer=meta.issuer,
            written_date=meta.written_date,
            published_date=meta.published_date,
            doc_number=meta.doc_number,
            index_number=meta.index_number,
            repealed=meta.repealed,
            cover_date=meta.cover_date,
        ),
        text=text,
        lines=lines.body,
        removed=lines.removed,
        meta_lines=_record_lines(lines.meta),
    )


def _record_lines(meta: tuple[Line, ...]) -> tuple[Line, ...]:
    """The metadata lines chunked as 文件信息: page chrome left out, the record a chrome line states first kept."""
    kept = (line if not is_chrome_line(line.text) else record_part(line) for line in meta)
    return tuple(line for line in kept if line is not None)


def load_document(path: Path, source: str | None = None, gazetteer: Gazetteer | None = None) -> Document:
    """Read and parse one file; raises a DocumentError subclass with the reason when it cannot."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileTooLargeError(path.name, f"{size / 1e6:.1f} MB", MAX_FILE_BYTES)
    return parse_document(read_file(path), source or path.name, gazetteer)


SYNONYMS_FILE = "synonyms.tsv"  # staff-editable indicator synonyms, not a document (assistant.indicators.synonyms)
DUPLICATE_REASON = "same text as {}"  # why a file repeating another's text is skipped (the other one named)


def corpus_sources(corpus_dir: Path) -> list[str]:
    """Document files directly inside the corpus folder, in a stable order (hidden files and the synonym
    file ignored). Subfolders are not read: documents enter the corpus only through the upload path,
    which writes a file name without folders; a folder inside it (another program's output, a
    conversation export) is not the corpus."""
    # os.scandir over strings: Path objects cost 0.25 s per listing of 5,000 files, paid on every update.
    if not os.path.isdir(corpus_dir):
        return []
    with os.scandir(corpus_dir) as entries:  # a symbolic link is not followed out of the folder
        found = [
            e.name
            for e in entries
            if not e.name.startswith(".") and e.name != SYNONYMS_FILE and e.is_file(follow_symlinks=False)
        ]
    return sorted(found)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Document files of the corpus folder, in a stable order (see `corpus_sources`)."""
    return [corpus_dir / source for source in corpus_sources(corpus_dir)]


def read_corpus(
    corpus_dir: Path,
    sources: Iterable[str],
    read: Callable[[Path, str], tuple[str, T]],
    skipped: dict[str, str],
    seen: dict[str, str],
) -> Iterator[T]:
    """`read(path, source) -> (doc_id, item)` for each file; a bad file is recorded in `skipped`, never fatal.

    A file whose text repeats one already seen (`seen`: doc id -> source) is skipped as well.
    """
    for source in sources:
        path = corpus_dir / source
        if path.suffix.lower() not in supported_extensions():
            skipped[source] = f"unsupported file type '{path.suffix or '(none)'}'"
            continue
        try:
            doc_id, item = read(path, source)
        except DocumentError as exc:
            skipped[source] = exc.reason
            continue
        except OSError as exc:  # removed or unreadable since it was listed
            skipped[source] = f"cannot be read ({exc.strerror or exc})"
            continue
        if doc_id in seen:
            skipped[source] = DUPLICATE_REASON.format(seen[doc_id])
            continue
        seen[doc_id] = source
        yield item


def load_corpus(corpus_dir: Path) -> LoadReport:
    """Load every supported file of `corpus_dir`; a bad file is skipped with its reason, never fatal."""
    report = LoadReport()
    gazetteer = default_gazetteer()

    def read(path: Path, source: str) -> tuple[str, Document]:
        document = load_document(path, source, gazetteer)
        return document.meta.doc_id, document

    report.documents = list(read_corpus(corpus_dir, corpus_sources(corpus_dir), read, report.skipped, {}))
    return report

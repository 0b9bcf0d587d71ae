"""The text of a PDF, page by page: the text layer where there is one, offline OCR where a page is a
scan; running headers, footers and page numbers dropped; lines broken at the page width joined.

Each page ends with a form feed on a line of its own (PAGE_BREAK), so the page of any offset in the
document's text is the number of form feeds before it, plus one (`page_at`).
"""

from __future__ import annotations

import bisect
import collections
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from assistant.errors import FileTooLargeError, NoTextLayerError, TooManyPagesError, UndecodableFileError
from assistant.ingest.ocr import recognise_lines
from assistant.ingest.wrapping import continues, full_width, furniture_key, glue, join_wrapped
from assistant.text.normalize import fold_compatibility_han

if TYPE_CHECKING:  # pypdf (and PIL through it) is imported when a PDF is read, not with this module
    from PIL.Image import Image
    from pypdf import PageObject

PAGE_BREAK = "\n\f\n"
# A plan runs to tens of pages; a 3 MB PDF can declare 20,000 empty ones, each extracted in turn.
MAX_PDF_PAGES = 2000
# A page with fewer characters of text than this is read as a scan (a scanned page's text layer,
# when it has one, is a stamp or a page number).
_MIN_TEXT_CHARS = 20
# A page number on a line of its own: 3, - 3 -, —3—, 第3页, 第 3 页 共 10 页, 3/10.
_PAGE_NUMBER_RE = re.compile(r"^[\s\-—－–~·]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—－–~·]*$")
# Lines looked at for running headers and footers at each end of a page.
_EDGE_LINES = 2


def pdf_pages(data: bytes, name: str) -> list[list[str]]:
    """The lines of each page: the text layer, or OCR of the page's images when it has (almost) none."""
    import pypdf

    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        count = len(pdf.pages)
        if count > MAX_PDF_PAGES:
            raise TooManyPagesError(name, f"{count} pages", MAX_PDF_PAGES)
        texts = [page.extract_text() or "" for page in pdf.pages]
    except FileTooLargeError:
        raise
    except Exception as exc:  # pypdf raises many error types for damaged files
        raise UndecodableFileError(name, f"not a readable PDF ({exc})") from exc
    pages = []
    for page, text in zip(pdf.pages, texts):
        if len(re.sub(r"\s", "", text)) >= _MIN_TEXT_CHARS:
            pages.append(fold_compatibility_han(text).splitlines())
        else:
            pages.append(_scanned_lines(page, name))
    if not any(line.strip() for lines in pages for line in lines):
        raise NoTextLayerError(name, "PDF 中既没有文字层，也没有能识别出文字的扫描图像")
    return pages


def _scanned_lines(page: PageObject, name: str) -> list[str]:
    """OCR of a page's images, largest first (a scan is one image covering the page)."""
    try:
        # decoded once: pypdf decodes on every access. `ImageFile.image` is typed optional (its dataclass
        # default) though `page.images` always decodes one.
        images = [cast("Image", image.image) for image in page.images]
    except Exception as exc:  # an image pypdf cannot decode: the file is refused with the reason
        raise UndecodableFileError(name, f"a page image cannot be decoded ({exc})") from exc
    lines: list[str] = []
    for image in sorted(images, key=lambda im: -(im.width * im.height)):
        lines += recognise_lines(image, name)
    return lines


def _running_lines(pages: Sequence[list[str]]) -> set[str]:
    """Keys of lines found at the top or bottom of at least half the pages (and on two or more)."""
    counts: collections.Counter[str] = collections.Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        counts.update({furniture_key(line) for line in kept[:_EDGE_LINES] + kept[-_EDGE_LINES:]})
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= need and key}


def _page_body(lines: list[str], running: set[str]) -> list[str]:
    kept = [line for line in lines if line.strip()]
    edges = set(range(_EDGE_LINES)) | set(range(len(kept) - _EDGE_LINES, len(kept)))
    return [
        line
        for k, line in enumerate(kept)
        if not (k in edges and (furniture_key(line) in running or _PAGE_NUMBER_RE.match(line)))
    ]


def pages_text(pages: Sequence[list[str]]) -> str:
    """The document text of a PDF's pages: edges dropped, wrapped lines joined (also across a page
    break, the continuation moving to the page the sentence began on), pages separated by PAGE_BREAK."""
    running = _running_lines(pages) if len(pages) > 1 else set()
    bodies = [_page_body(lines, running) for lines in pages]
    full = full_width([line for body in bodies for line in body])
    joined = [join_wrapped(body, full) for body in bodies]
    for k in range(1, len(joined)):
        previous = next((j for j in range(k - 1, -1, -1) if joined[j]), None)
        if (
            full is not None
            and previous is not None
            and joined[k]
            and continues(joined[previous][-1], bodies[previous][-1], joined[k][0], full)
        ):
            joined[previous][-1] = glue(joined[previous][-1], joined[k].pop(0))
    # A page break after the last page too: every PDF's text then has one, a one-page PDF included.
    return "".join("\n".join(body) + PAGE_BREAK for body in joined)


def page_ends(text: str) -> list[int]:
    """Offsets where each page ends (empty for a text without page breaks: not a PDF)."""
    return [m.end() for m in re.finditer("\f", text)]


def page_at(ends: list[int], offset: int) -> int | None:
    """The 1-based page of `offset`, given `page_ends` of the text (None when it has no pages)."""
    return bisect.bisect_right(ends, offset) + 1 if ends else None

"""Turn a file's bytes into text: one small reader per format, and careful encoding detection.

Adding a format means writing one function `bytes -> str` and registering its extensions.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import (
    ArchiveTooLargeError,
    BinaryFileError,
    EmptyFileError,
    TextTooLongError,
    UndecodableFileError,
    UnsupportedFormatError,
)
from assistant.ingest.html_text import has_markup, page_text
from assistant.ingest.pdf import pages_text, pdf_pages
from assistant.ingest.tables import join_bar_rows, read_barred_tables, rebuild_flat_tables, sheet_lines
from assistant.ingest.wrapping import unwrap_text
from assistant.text.normalize import fold_compatibility_han, without_pinyin_notes
from assistant.text.patterns import HAN_RE

if TYPE_CHECKING:  # python-docx is imported when a .docx is read, not with this module
    from docx.table import Table, _Cell

Reader = Callable[[bytes, str], str]
_READERS: dict[str, Reader] = {}

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A .docx is a zip: 20 MB of it can unpack to gigabytes, which python-docx would hold in memory.
# Real policy documents unpack to a few MB (images included), so 50 MB leaves ample room.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
# Its XML is what the parser builds a tree of (about 30x its size in memory): the text of a long
# plan is under 2 MB of XML, so 16 MB bounds the tree without refusing a real document.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024
# Decoded characters of one document: the longest real plans hold ~100k; cleaning and chunking
# several million characters would take the upload tens of seconds before refusing it.
MAX_DOCUMENT_CHARS = 2_000_000


def register_reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (lower case, with the dot)."""

    def wrap(func: Reader) -> Reader:
        for ext in extensions:
            _READERS[ext] = func
        return func

    return wrap


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030/GBK.

    A guess is accepted only when it decodes strictly and reads as text; otherwise the file is
    refused rather than shown as mojibake.
    """
    if not data.strip():
        raise EmptyFileError(name, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), name)
        except UnicodeDecodeError as exc:
            raise UndecodableFileError(name, f"starts with a UTF-16 mark but is not UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        text = _utf16_without_mark(data)
        if text is None:
            raise BinaryFileError(name, "binary file (NUL bytes), not text")
        return _checked(text, name)
    try:
        return _checked(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UndecodableFileError(
            name, f"neither UTF-8 nor GB18030 decodes it ({exc.reason} at byte {exc.start})"
        ) from exc
    # GB18030 decodes many byte strings; real Chinese text in it is mostly common Han characters.
    han = HAN_RE.findall(text)
    common = sum(1 for c in han if _is_gb2312(c))
    if not han or common / len(han) < 0.9:
        raise UndecodableFileError(name, "not valid UTF-8, and as GB18030 it does not read as Chinese text")
    return _checked(text, name)


def _utf16_without_mark(data: bytes) -> str | None:
    """The text of UTF-16 bytes written without a byte-order mark (Windows tools do), or None.

    Accepted only when one byte order decodes strictly to what reads as text: almost all of it Han,
    ASCII letters, digits, punctuation and line breaks — binary data decodes to scattered code points.
    """
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        plausible = sum(1 for c in sample if c.isprintable() or c in "\r\n\t")
        readable = sum(
            1
            for c in sample
            if "\u4e00" <= c <= "\u9fff" or c.isascii() or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
        )
        if sample and plausible / len(sample) > 0.98 and readable / len(sample) > 0.9:
            return text
    return None


def _is_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _checked(text: str, name: str) -> str:
    text = without_pinyin_notes(fold_compatibility_han(text))
    if len(text) > MAX_DOCUMENT_CHARS:
        raise TextTooLongError(name, f"{len(text):,} characters of text", MAX_DOCUMENT_CHARS)
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 100):
        raise BinaryFileError(name, "binary file (control characters), not text")
    if not text.strip():
        raise EmptyFileError(name, "the file holds only whitespace")
    return text


@register_reader(".txt", ".md", ".text", ".markdown")
def read_plain(data: bytes, name: str) -> str:
    """Plain text; text copied out of a PDF (lines broken at the page width) has its paragraphs rejoined,
    a table flattened one cell per line its rows; a page's source saved as text is read as the page."""
    text = decode_text(data, name)
    if has_markup(text):  # a page saved as text with its markup: read as the page
        return _checked(page_text(text), name)
    text = unwrap_text(text)
    lines = text.splitlines()
    rebuilt = rebuild_flat_tables(join_bar_rows(read_barred_tables(lines)))
    return text if rebuilt == lines else "\n".join(rebuilt) + "\n"


@register_reader(".html", ".htm")
def read_html(data: bytes, name: str) -> str:
    """A web page: its blocks one per line, each table's rows as indicator lines (see html_text)."""
    return _checked(page_text(decode_text(data, name)), name)


@register_reader(".docx")
def read_docx(data: bytes, name: str) -> str:
    import docx

    check_zip_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for bad files
        raise UndecodableFileError(name, f"not a readable .docx file ({exc})") from exc
    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables, in document order
        if isinstance(block, docx.table.Table):
            lines += _table_lines(block)
        else:
            lines.append(block.text)
    return _checked("\n".join(lines) + "\n", name)


def check_zip_size(data: bytes, name: str, kind: str = ".docx", limit: int = MAX_DOCX_UNPACKED_BYTES) -> None:
    """Refuse an office file (`kind`: .docx, .xlsx) whose members unpack to more than `limit` bytes,
    before anything is unpacked.

    The sizes come from the zip directory; zipfile never returns more than a member's declared
    size (and fails its CRC check when the data is longer), so a lying header cannot get past this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UndecodableFileError(name, f"not a readable {kind} file ({exc})") from exc
    total = sum(member.file_size for member in members)
    if total > limit:
        raise ArchiveTooLargeError(
            name,
            f"解压后 {total / 2**20:.0f} MB，超过 {kind} 文件 {limit // 2**20} MB 的上限"
            f"（可能是压缩炸弹或内嵌了过大的文件）",
        )
    xml = sum(member.file_size for member in members if member.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML_BYTES:
        raise ArchiveTooLargeError(
            name,
            f"文档内容（XML）解压后 {xml / 2**20:.0f} MB，超过 {MAX_DOCX_XML_BYTES // 2**20} MB 的上限"
            f"（可能是构造的 XML 炸弹）",
        )


def _table_lines(table: Table, depth: int = 0) -> list[str]:
    """A table read row by row, as indicator lines (——森林覆盖率 68% 2025年): targets often sit in
    tables, and dropping them would leave a document that uploads fine and answers nothing. A table
    inside a cell is read the same way, after its row (bounded depth: a table nested without end is
    a hostile file, not a plan)."""
    lines = []
    for row in table.rows:
        cells = list(dict.fromkeys(_cell_text(c) for c in row.cells))  # merged cells repeat
        cells = [c for c in cells if c]
        if cells:
            lines.append("——" + " ".join(cells) + "。")
        if depth < 5:
            for cell in dict.fromkeys(row.cells):
                for inner in cell.tables:
                    lines += _table_lines(inner, depth + 1)
    return lines


def _cell_text(cell: _Cell) -> str:
    """A cell's own paragraphs (the text of a table nested in it is read as rows of its own)."""
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


@register_reader(".pdf")
def read_pdf(data: bytes, name: str) -> str:
    return _checked(pages_text(pdf_pages(data, name)), name)


@register_reader(".xlsx", ".xlsm")
def read_xlsx(data: bytes, name: str) -> str:
    """Each sheet as a heading line, each row as an indicator line (——2025年，森林覆盖率68%; see tables.sheet_lines): indicator lists
    are kept in spreadsheets, and their rows are what the indicator table is read from."""
    import openpyxl

    check_zip_size(data, name, ".xlsx")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise UndecodableFileError(name, f"not a readable .xlsx file ({exc})") from exc
    lines = []
    for sheet in book.worksheets:
        rows = [[_cell_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        rows = [row for row in rows if any(row)]
        if rows:
            lines.append(sheet.title)
        lines += sheet_lines(rows)
    book.close()
    return _checked("\n".join(lines) + "\n", name)


def _cell_value(value: object) -> str:
    """A cell as a document would write it: 0.68 in a percent-formatted cell is read as 0.68 (the
    formatting is lost in read-only mode), whole numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_file(path: Path, name: str | None = None) -> str:
    """Read a file with the reader for its extension; errors name it `name` (default: its file name)."""
    name = name or path.name
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(
            name, f"unsupported file type '{path.suffix}' (supported: {', '.join(supported_extensions())})"
        )
    return reader(path.read_bytes(), name)

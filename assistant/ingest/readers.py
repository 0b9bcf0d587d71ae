"""Turn a file's bytes into text: one small reader per format, and careful encoding detection.

Adding a format means writing one function `bytes -> str` and registering its extensions.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from assistant.errors import (ArchiveTooLargeError, BinaryFileError, EmptyFileError, NoTextLayerError,
                              UndecodableFileError, UnsupportedFormatError)
from assistant.text.patterns import HAN_RE

if TYPE_CHECKING:  # python-docx is imported when a .docx is read, not with this module
    from docx.table import Table

Reader = Callable[[bytes, str], str]
_READERS: dict[str, Reader] = {}

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A .docx is a zip: 20 MB of it can unpack to gigabytes, which python-docx would hold in memory.
# Real policy documents unpack to a few MB (images included), so 50 MB leaves ample room.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024


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
        raise BinaryFileError(name, "binary file (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UndecodableFileError(name, f"neither UTF-8 nor GB18030 decodes it ({exc.reason} at byte {exc.start})") from exc
    # GB18030 decodes many byte strings; real Chinese text in it is mostly common Han characters.
    han = HAN_RE.findall(text)
    common = sum(1 for c in han if _is_gb2312(c))
    if not han or common / len(han) < 0.9:
        raise UndecodableFileError(name, "not valid UTF-8, and as GB18030 it does not read as Chinese text")
    return _checked(text, name)


def _is_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _checked(text: str, name: str) -> str:
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 100):
        raise BinaryFileError(name, "binary file (control characters), not text")
    if not text.strip():
        raise EmptyFileError(name, "the file holds only whitespace")
    return text


@register_reader(".txt", ".md", ".text", ".markdown")
def read_plain(data: bytes, name: str) -> str:
    return decode_text(data, name)


@register_reader(".html", ".htm")
def read_html(data: bytes, name: str) -> str:
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        blocks = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}

        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("script", "style"):
                self.skip += 1
            elif tag in self.blocks:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.skip = max(0, self.skip - 1)
            elif tag in self.blocks:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(decode_text(data, name))
    return _checked(re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip() + "\n", name)


@register_reader(".docx")
def read_docx(data: bytes, name: str) -> str:
    import docx

    check_docx_size(data, name)
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


def check_docx_size(data: bytes, name: str, limit: int = MAX_DOCX_UNPACKED_BYTES) -> None:
    """Refuse a .docx whose members unpack to more than `limit` bytes, before anything is unpacked.

    The sizes come from the zip directory; zipfile never returns more than a member's declared
    size (and fails its CRC check when the data is longer), so a lying header cannot get past this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UndecodableFileError(name, f"not a readable .docx file ({exc})") from exc
    total = sum(member.file_size for member in members)
    if total > limit:
        raise ArchiveTooLargeError(name, f"解压后 {total / 2**20:.0f} MB，超过 .docx 文件 {limit // 2**20} MB 的上限"
                                   f"（可能是压缩炸弹或内嵌了过大的文件）")


def _table_lines(table: "Table") -> list[str]:
    """A table read row by row, as indicator lines (——森林覆盖率 68% 2025年): targets often sit in
    tables, and dropping them would leave a document that uploads fine and answers nothing."""
    lines = []
    for row in table.rows:
        cells = list(dict.fromkeys(c.text.strip().replace("\n", " ") for c in row.cells))  # merged cells repeat
        cells = [c for c in cells if c]
        if cells:
            lines.append("——" + " ".join(cells) + "。")
    return lines


@register_reader(".pdf")
def read_pdf(data: bytes, name: str) -> str:
    import pypdf

    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    except Exception as exc:  # pypdf raises many error types for damaged files
        raise UndecodableFileError(name, f"not a readable PDF ({exc})") from exc
    if not text.strip():
        raise NoTextLayerError(name, "the PDF has no text layer (scanned images are not supported)")
    return _checked(text, name)


def read_file(path: Path, name: str | None = None) -> str:
    """Read a file with the reader for its extension; errors name it `name` (default: its file name)."""
    name = name or path.name
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(name, f"unsupported file type '{path.suffix}' "
                                     f"(supported: {', '.join(supported_extensions())})")
    return reader(path.read_bytes(), name)

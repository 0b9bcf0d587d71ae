"""Split a document into clause-level chunks that follow its own structure.

Every body line ends up in exactly one chunk. A chunk's span is exact in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.documents import Chunk, Document, Line
from assistant.ingest.headings import INDICATOR_RE, INLINE_ITEM_RE, heading_title, is_duty_line, match_heading
from assistant.ingest.pdf import page_at, page_ends
from assistant.text.normalize import search_form
from assistant.text.patterns import SENTENCE_END_RE
from assistant.text.tokens import count_tokens

_FIGURE_RE = re.compile(r"\d(?![\d.]*\s*年)")  # a figure's digit, not a year's
MIN_SENTENCE_HEADING_CHARS = 20  # a heading this long that ends in 。 says something (加强组织领导。 only titles)
PREAMBLE = "前言"
DOCUMENT_INFO = "文件信息"


@dataclass(frozen=True)
class ChunkerSettings:
    """How clauses are cut; part of the index manifest."""

    max_tokens: int = 400  # longer clauses are split at sentence ends
    # Bump when the reading, metadata or chunking rules change: cached documents and indexes are redone
    # (5: a law database's 颁布单位 / 颁布日期 are read as the record's issuer and date; 6: a file whose
    # text names no place takes its region from its file name; 7: a bar-celled table's rows read as one line
    # each; 8: a place named right after the first and inside it is the region, 甲市乙区; a title the opening
    # cites names no region; 9: a space a copied line break left between two Chinese characters of a prose
    # line is removed; 10: the number after a red header's 文件 is the document's; 11: 第…章, 第…节 and their
    # kin head clauses; 12: a heading that is a sentence stating a figure is a clause of its own; 13: a
    # county is found by its name as a county-level city too, 撤县设市; 14: a title wrapped over two lines is
    # read whole, and a signature above a bracketed seal note and a date is the issuer; 15: a table flattened
    # one cell per line with a bar after each cell is rebuilt, a bare year column title is a year; 16: pinyin a
    # page printed after characters, 態(tài), is dropped; 17: years in digit words are digits; 18: a cover's
    # body line above its year and month is the issuer; 19: a web capture's sentence a stray line break cut is joined;
    # 20: a 发文字号 line of a metadata table is no font-size switch of the page's chrome; 21: a county a title
    # names by its short name after its province, 浙江龙游, is the region; 22: the bare lines above a bar-celled
    # table's first row are text, not that row's cells; 23: a long heading ending in 。 is a clause of its own; 24: a
    # line ending in 征求意见 is no title; 25: a notice's salutation names no region; 30: a page's source saved
    # as text is read as the page, a table's rows named by their name column; 31: a body's name may end in 中心, a
    # notice's signature closing it is its issuer; 33: a page's mark that the document is repealed, a title led
    # by that mark and its number, a 文号 field saying 无; 34: a table copied a cell per line with a bar after each
    # cell, bars alone closing each row, read under its header; 35: a year column's title word after its year
    # (2020年现状) stays with its figures, 分贝 is a unit; 36: a title wrapped before its bracketed period is read whole;
    # 37: 基准值 is no longer a column title, as no document writes it; 38: a joint signature block's last
    # co-signer, two names to a line above it, signs though no government body; 39: the signature before a
    # portal's publisher field, 行政公署 signs; 40-42: the date a metadata line of page chrome states first is kept in
    # 文件信息, the chrome after it left out; 43: decimal headings, 1.1 › 1.1.1; 44: a duty line in 〔〕 or 【】;
    # 45: a news page's time line read as its date, withdrawn at 47 (it cost an answer on a fresh index);
    # 46: a portal's 公开日期 field; 48: a signature date in Chinese numerals, 二〇一二年三月二日; 49: a cover's
    # year and month, 二〇二二年十二月; 50: a signature's date run into a flattened line, 甲办公室 2019年9月22日;
    # 51: 预案 ends a title; 52: a portal's 文件编号 field is the 文号; 53, 54: fields stacked over their values;
    # 55: a Roman class before Traditional 類/級 folds as before 类/级; 56, 57: a 文号 run into the addressee line
    # after it).
    version: int = 57
    preamble_group_chars: int = 120  # short preamble lines (addressee, signature, date) are grouped


@dataclass
class _Heading:
    level: int
    label: str  # for the path, e.g. "(一)黄河流域生态保护工程"
    number: str  # for the clause number, e.g. "(一)"
    used: bool = False  # a chunk was made under it
    line: Line | None = None


@dataclass
class _Draft:
    path: tuple[str, ...]
    number: str
    start: int
    end: int
    lines: list[Line] = field(default_factory=list)


def _number_label(level: int, number: str) -> str:
    return f"({number})" if level in (2, 4) else number


class _Splitter:
    def __init__(self, document: Document, settings: ChunkerSettings) -> None:
        self.doc = document
        self.settings = settings
        self.stack: list[_Heading] = []
        self.drafts: list[_Draft] = []
        self.last_clause: _Draft | None = None  # where duty lines (牵头单位 …) attach

    # -- path helpers
    def path(self, extra: str | None = None) -> tuple[str, ...]:
        labels = [h.label for h in self.stack] or [PREAMBLE]
        return tuple(labels + ([extra] if extra else []))

    def number(self, extra: str | None = None) -> str:
        parts = [h.number for h in self.stack] + ([extra] if extra else [])
        return ".".join(parts) if parts else "0"

    def emit(self, line: Line, path: tuple[str, ...], number: str) -> _Draft:
        for h in self.stack:
            h.used = True
        draft = _Draft(path, number, line.start, line.end, [line])
        self.drafts.append(draft)
        return draft

    def pop_to(self, level: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            heading = self.stack.pop()
            if not heading.used and heading.line is not None:
                # A heading with neither body nor children still belongs in the index.
                self.stack.append(heading)
                self.emit(heading.line, self.path(), self.number())
                self.stack.pop()

    def adjacent(self, draft: _Draft, line: Line) -> bool:
        """Only blank text between: growing the span cannot take in a line cleaning dropped."""
        return not self.doc.text[draft.end : line.start].strip()

    # -- line handling
    def feed(self, line: Line) -> None:
        form = search_form(line.text)
        if is_duty_line(form) and self.last_clause is not None and self.adjacent(self.last_clause, line):
            self.last_clause.end = line.end
            self.last_clause.lines.append(line)
            return
        heading = match_heading(form)
        if heading is not None:
            self.pop_to(heading.level)
            title = heading_title(line.text)
            # A heading that is itself a sentence stating a figure ((四)…综合利用率≥85%。), or a long one ending in 。
            # (四、本区域…由甲局负责解释。), is a clause of its own: the lines under it would otherwise leave what it
            # says in the path alone, where no sentence is quoted from.
            said = len(line.text.rstrip()) > len(title)
            has_body = len(line.text) > len(title) + 1 or (
                said
                and (
                    _FIGURE_RE.search(title, heading.marker_end) is not None
                    or line.text.rstrip().endswith("。")
                    and len(title) - heading.marker_end >= MIN_SENTENCE_HEADING_CHARS
                )
            )
            self.stack.append(
                _Heading(
                    heading.level, title, _number_label(heading.level, heading.number), line=None if has_body else line
                )
            )
            if has_body:
                self.last_clause = self.emit(line, self.path(), self.number())
            else:
                self.last_clause = None
            return
        item = INLINE_ITEM_RE.match(form)
        if item is not None:
            self.last_clause = self.emit(line, self.path(heading_title(line.text)), self.number(f"{item.group(1)}是"))
            return
        if not self.stack and self.drafts and self.drafts[-1].path == (PREAMBLE,) and not INDICATOR_RE.match(form):
            previous = self.drafts[-1]
            if (
                previous.end - previous.start < self.settings.preamble_group_chars
                and len(line.text) < 80
                and self.adjacent(previous, line)
            ):
                previous.end = line.end
                previous.lines.append(line)
                return
        self.last_clause = self.emit(line, self.path(), self.number())
        if INDICATOR_RE.match(form):
            self.last_clause = None  # duty lines never follow indicator bullets

    def finish(self) -> list[_Draft]:
        self.pop_to(0)
        return self.drafts


def _inline_items(text: str) -> list[tuple[int, str]]:
    """Offsets of 一是/二是… items inside a clause (only when there are two or more, in order)."""
    found = [(m.start(1), m.group(1)) for m in INLINE_ITEM_RE.finditer(text)]
    return found if len(found) >= 2 and found[0][1] == "一" else []


def _sentence_pieces(text: str, start: int, max_tokens: int) -> list[tuple[int, int]]:
    """Spans (absolute) of consecutive pieces of `text`, each within `max_tokens` where sentences allow."""
    cuts = [m.end() for m in SENTENCE_END_RE.finditer(text)]
    if not cuts or cuts[-1] != len(text):
        cuts.append(len(text))
    pieces: list[tuple[int, int]] = []
    begin = 0
    previous = 0
    for cut in cuts:
        if previous > begin and count_tokens(text[begin:cut]) > max_tokens:
            pieces.append((begin, previous))
            begin = previous
        previous = cut
    pieces.append((begin, len(text)))
    return [(start + a, start + b) for a, b in pieces if text[a:b].strip()]


def _runs(lines: tuple[Line, ...], text: str) -> list[tuple[int, int]]:
    """Spans of consecutive lines (only blank text between them)."""
    runs: list[tuple[int, int]] = []
    for line in lines:
        if runs and not text[runs[-1][1] : line.start].strip():
            runs[-1] = (runs[-1][0], line.end)
        else:
            runs.append((line.start, line.end))
    return runs


def split_clauses(document: Document, settings: ChunkerSettings | None = None) -> list[Chunk]:
    """Chunks of `document` along its heading hierarchy, inline items and indicator lines."""
    settings = settings or ChunkerSettings()
    splitter = _Splitter(document, settings)
    for line in document.lines:
        splitter.feed(line)
    text = document.text
    spans: list[tuple[tuple[str, ...], str, int, int, int | None]] = []  # path, number, start, end, part
    for run in _runs(document.meta_lines, text):
        spans.append(((DOCUMENT_INFO,), "0", run[0], run[1], None))
    for draft in splitter.finish():
        head_line = draft.lines[0]
        items = _inline_items(head_line.text)
        if items:
            # 一是…二是… inside one clause: the lead-in and each item become their own chunks.
            bounds = [head_line.start + off for off, _ in items]
            segments = [(head_line.start, bounds[0], draft.path, draft.number)]
            for k, (off, numeral) in enumerate(items):
                seg_end = bounds[k + 1] if k + 1 < len(bounds) else draft.end
                label = heading_title(text[head_line.start + off : seg_end])
                segments.append((head_line.start + off, seg_end, draft.path + (label,), f"{draft.number}.{numeral}是"))
        else:
            segments = [(draft.start, draft.end, draft.path, draft.number)]
        for seg_start, seg_end, path, number in segments:
            segment = text[seg_start:seg_end]
            if not segment.strip():
                continue
            if count_tokens(segment) <= settings.max_tokens:
                spans.append((path, number, seg_start, seg_end, None))
                continue
            pieces = _sentence_pieces(segment, seg_start, settings.max_tokens)
            for k, (a, b) in enumerate(pieces, start=1):
                spans.append((path, number, a, b, k if len(pieces) > 1 else None))
    chunks = []
    meta = document.meta
    ends = page_ends(text)
    for ordinal, (path, number, start, end, part) in enumerate(spans):
        # Trim whitespace so the span is exactly the visible clause.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        body = text[start:end]
        chunks.append(
            Chunk(
                chunk_id=f"{meta.doc_id}-{ordinal:04d}",
                doc_id=meta.doc_id,
                title=meta.title,
                region=meta.region,
                path=path,
                number=number,
                part=part,
                start=start,
                end=end,
                text=body,
                search_text=search_form(body),
                tokens=count_tokens(body),
                page=page_at(ends, start),
            )
        )
    return chunks

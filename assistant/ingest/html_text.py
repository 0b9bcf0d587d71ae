"""A web page's text: its blocks one per line, each table as indicator lines under its header.

Pages are uploaded as .html, and pages saved as text often keep their markup (a plan's target table copied
from the page's source, `<tr> <td> <div>森林覆盖率(%)</div> </td> …` on one line). Read as plain text, the
markup buries every figure; with each cell's text joined to the next, a row's name and its two years' figures
run together. So a table is read as a grid — a cell spanning rows or columns (rowspan, colspan) repeated in
each — and written as `tables.sheet_lines` writes a spreadsheet's rows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from assistant.ingest.tables import sheet_lines

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "caption"}
_CELLS = {"td", "th"}
# Markup a text file may carry: block and table tags, opening or closing (<p align="left">, </td>).
_MARKUP_RE = re.compile(r"</?(?:p|div|td|th|tr|table|tbody|h[1-6]|br|li|span)\b[^<>]*>", re.IGNORECASE)
MIN_MARKUP_TAGS = 6  # a plain text quoting a tag or two (<br>) is still plain text
_SPACES_RE = re.compile(r"[ \t\u3000\xa0]+")


def has_markup(text: str) -> bool:
    """Whether a text file is a page's source (block and table tags), to be read as a page."""
    return len(_MARKUP_RE.findall(text[:20000])) >= MIN_MARKUP_TAGS


class _Grid:
    """One table being read: its rows of cells, and the cells of earlier rows that span down into later ones."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.spans: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, text)

    def add_row(self, cells: list[tuple[str, int, int]]) -> None:
        row: list[str] = []
        queue = list(cells)
        while queue or any(col >= len(row) for col in self.spans):
            col = len(row)
            if col in self.spans:
                left, text = self.spans[col]
                row.append(text)
                self.spans = {c: v for c, v in self.spans.items() if c != col}
                if left > 1:
                    self.spans[col] = (left - 1, text)
                continue
            if not queue:
                row.append("")
                continue
            text, rowspan, colspan = queue.pop(0)
            for _ in range(colspan):
                if rowspan > 1:
                    self.spans[len(row)] = (rowspan - 1, text)
                row.append(text)
        if any(row):
            self.rows.append(row)


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0
        self.grids: list[_Grid] = []
        self.row: list[tuple[str, int, int]] | None = None
        self.cell: list[str] | None = None
        self.spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self._close_cell()
            self.grids.append(_Grid())
        elif tag == "tr" and self.grids:
            self._close_row()
            self.row = []
        elif tag in _CELLS and self.grids:
            self._close_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            found = dict(attrs)
            self.spans = (_span(found.get("rowspan")), _span(found.get("colspan")))
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _CELLS:
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table" and self.grids:
            self._close_table()
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.grids:
            self.lines[-1] += data

    def close(self) -> None:
        super().close()
        while self.grids:  # a page cut off inside a table: its rows so far
            self._close_table()

    def text(self) -> str:
        lines = (_SPACES_RE.sub(" ", line).strip() for line in self.lines)
        return "\n".join(line for line in lines if line) + "\n"

    def _break(self) -> None:
        if not self.grids and self.lines[-1].strip():
            self.lines.append("")

    def _close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append((_SPACES_RE.sub(" ", "".join(self.cell)).strip(), *self.spans))
        self.cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self.row is not None and self.grids:
            self.grids[-1].add_row(self.row)
        self.row = None

    def _close_table(self) -> None:
        self._close_row()
        grid = self.grids.pop()
        if grid.rows:
            self._break()
            self.lines += sheet_lines(grid.rows)
            self.lines.append("")


def _span(value: str | None) -> int:
    """A rowspan or colspan attribute as a count (1 when missing or not a small number)."""
    return int(value) if value and value.strip().isdigit() and 0 < int(value) <= 50 else 1


def page_text(markup: str) -> str:
    """The text of a page's markup: blocks one per line, tables as indicator lines, scripts and styles left out."""
    parser = _PageText()
    parser.feed(markup)
    parser.close()
    return parser.text()

"""Tables as indicator lines: a spreadsheet's rows (`sheet_lines`), and a web table flattened one cell
per line — copied as text it comes out as its header cells (指标 / 2015年 / 2016年 / 2017年), then each
row's cells, one per line; read so, no figure reaches the indicator table (`rebuild_flat_tables`). Both
write a row under its header the same way (`_row_line`). A table copied with a bar before each cell
(| 市环保局) and a lone bar closing each row is written back one row per line (`join_bar_rows`), so a
task, who carries it out and its years stay one clause.

A run is taken for a table only when its first lines are column titles (years, or the words tables
of plans head their columns with) and the lines after them fall into rows of the same width, each a
name followed by figures; anything else is left as written.
"""

from __future__ import annotations

import re

from assistant.text.lexicon import (
    COLUMN_TITLES,
    FIGURE_UNITS,
    NAME_COLUMN_TITLES,
    ROW_NUMBER_TITLES,
    UNIT_COLUMN_TITLES,
    VALUE_COLUMN_TITLES,
    bare_unit,
)
from assistant.text.patterns import YEAR_RE

_CELL_PREFIX_RE = re.compile(r"^\s*[|｜]\s?")
_CELL_SUFFIX_RE = re.compile(r"\s*[|｜]\s*$")  # a cell copied with its bar after it (林地保有量 |)
_ROW_END_RE = re.compile(r"^\s*[|｜]\s*$")
MIN_BAR_ROWS = 2  # lone bars that make a text such a table
_YEAR_TITLE_RE = re.compile(r"^(?:19|20)\d{2}\s*年?(?:目标|目标值|预期)?$")
_YEAR_IN_TITLE_RE = re.compile(r"(?:19|20)\d{2}\s*年")  # a spreadsheet's column title: 2025年目标值（%）
_FIGURE_CELL_RE = re.compile(r"^[<>≤≥]?\s*-?\d+(?:\.\d+)?\s*(?:%|‰|[\u4e00-\u9fff/]{0,6})?$|^[-—/／]$")
MAX_CELL_CHARS = 16  # a column title is a word or two
MIN_COLUMNS, MAX_COLUMNS = 3, 10


def _cell(line: str) -> str:
    return _CELL_SUFFIX_RE.sub("", _CELL_PREFIX_RE.sub("", line)).strip()


def _is_title(cell: str) -> bool:
    return 0 < len(cell) <= MAX_CELL_CHARS and (bool(_YEAR_TITLE_RE.match(cell)) or cell in COLUMN_TITLES)


def _header_width(cells: list[str], at: int) -> int:
    """How many column titles start at `at` (0 when they do not look like a table's header: at least
    three, one of them a year or two of them title words)."""
    width = 0
    while at + width < len(cells) and width < MAX_COLUMNS and _is_title(cells[at + width]):
        width += 1
    titles = cells[at : at + width]
    years = sum(bool(_YEAR_TITLE_RE.match(c)) for c in titles)
    return width if width >= MIN_COLUMNS and (years or len(titles) - years >= 2) else 0


def _is_row(header: list[str], cells: list[str]) -> bool:
    """A name, then figures (a dash for a blank) in most of the value columns (years, 目标值 …; every
    column when none is titled so)."""
    values = [c for t, c in zip(header[1:], cells[1:]) if _YEAR_TITLE_RE.match(t) or t in VALUE_COLUMN_TITLES]
    values = values or cells[1:]
    figures = sum(bool(_FIGURE_CELL_RE.match(c)) for c in values)
    return bool(cells[0]) and not _FIGURE_CELL_RE.match(cells[0]) and figures * 2 >= len(values) and figures > 0


def _is_year_column(title: str) -> bool:
    return bool(_YEAR_TITLE_RE.match(title) or _YEAR_IN_TITLE_RE.search(title))


def _row_line(header: list[str], row: list[str]) -> str:
    """One row as a plan would state it: ——2025年，森林覆盖率68%；2030年，森林覆盖率70%（牵头单位：…）; a figure under a
    column of no known kind (对比结果: 增加49) left out."""
    unit = next((v for t, v in zip(header, row) if t in UNIT_COLUMN_TITLES and not _FIGURE_CELL_RE.match(v)), "")
    name, unit = named_unit(row[0], unit)
    timed, notes = [], []
    for title, value in zip(header[1:], row[1:]):
        if not value or value in "-—/／" or title in UNIT_COLUMN_TITLES:
            continue
        if _is_year_column(title):
            figure = value + unit if unit and re.fullmatch(r"[<>≤≥]?-?\d+(?:\.\d+)?", value) else value
            year, said = _year_and_what(title)
            timed.append(f"{year}，{name}{said}{figure}")
        elif title and title not in COLUMN_TITLES and _FIGURE_RE.search(value):
            # A figure under a title of no known kind (对比结果: 增加49, 改善31.4%) is worked out from the year
            # columns: written anywhere in the row it reads as the last year's figure or as one of its own.
            continue
        else:
            notes.append(f"（{title}：{value}）" if title else f"（{value}）")
    return f"——{'；'.join(timed) or row[0]}{''.join(notes)}。"


_TARGET_WORDS_RE = re.compile(r"^(?:目标值?|预期值?|规划值|指标值?)")  # what a plan states anyway
_BRACKETS_RE = re.compile(r"[(（][^()（）]*[)）]?")


def _year_and_what(title: str) -> tuple[str, str]:
    """A year column's year (2020年 of a bare 2020 column too) and what its figures are when not targets (2020年现状
    -> 现状: the state reached, written after the row's name so it stays with the figure)."""
    year = _YEAR_IN_TITLE_RE.search(title) or YEAR_RE.search(title)
    if year is None:
        return title, ""
    said = _BRACKETS_RE.sub("", _TARGET_WORDS_RE.sub("", title[year.end() :].strip()))
    return f"{year.group(0).replace(' ', '').removesuffix('年')}年", said.strip()


# A unit in brackets closing a row's name (优良天数(天), 年均浓度(μg/m3 — its bracket lost in copying).
_NAMED_UNIT_RE = re.compile(r"[(（]([^()（）]{1,8})[)）]?$")


def named_unit(name: str, unit: str = "") -> tuple[str, str]:
    """A row's name and the unit of its figures: a unit column's, else a known unit the name ends with in
    brackets (taken off the name and put after the figures, as a plan's sentence writes it)."""
    found = _NAMED_UNIT_RE.search(name)
    if unit or found is None or bare_unit(found.group(1)) not in FIGURE_UNITS:  # 万立方米 too
        return name, unit
    return name[: found.start()], found.group(1)


# A spreadsheet's first row holds its column titles when it has no figure in it (years apart).
_FIGURE_RE = re.compile(r"\d")


def _is_header(row: list[str]) -> bool:
    """A row of column titles: no figures in it, years apart (指标 | 2025年 | 牵头单位)."""
    return all(not _FIGURE_RE.search(_YEAR_IN_TITLE_RE.sub("", cell)) for cell in row)


def sheet_lines(rows: list[list[str]]) -> list[str]:
    """A table's rows (a spreadsheet's, a page's) as indicator lines. Rows of one text before the header (a
    title spanning every column) are lines of their own. Under a header row each row is written as `_row_line`
    writes it (a year column as the sentence's time, a unit column onto the figures, any other as a
    parenthetical), named by its name column (指标名称 after 类别 | 序号), the row numbers left out; without a
    header, or for a row with no name, its cells as they stand."""
    lines = []
    while len(rows) > 1 and len({c for c in rows[0] if c}) == 1:
        lines.append(next(c for c in rows[0] if c))
        rows = rows[1:]
    header = rows[0] if len(rows) > 1 and _is_header(rows[0]) else None
    order = _column_order(header) if header else []
    for row in rows[1:] if header else rows:
        if header is None or not _at(row, order[0]):
            lines.append("——" + " ".join(dict.fromkeys(c for c in row if c)) + "。")
        else:
            lines.append(_row_line([header[k] for k in order], [_at(row, k) for k in order]))
    return lines


def _column_order(header: list[str]) -> list[int]:
    """The columns a row is written in: its name column first (the first titled 指标名称, 指标 …, else the first),
    then the others as they stand, a row-number column (序号) left out."""
    name = next((k for k, title in enumerate(header) if title in NAME_COLUMN_TITLES), 0)
    return [name, *(k for k, title in enumerate(header) if k != name and title not in ROW_NUMBER_TITLES)]


def _at(row: list[str], k: int) -> str:
    return row[k] if k < len(row) else ""


def _numbered(header: list[str]) -> int:
    """1 when the first column numbers the rows (序号): left out of the rebuilt rows."""
    return 1 if header and header[0] in ROW_NUMBER_TITLES else 0


def rebuild_flat_tables(lines: list[str]) -> list[str]:
    """`lines` with every table flattened one cell per line written back as one line per row (blank
    lines between its cells dropped); other lines as they were."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    cells = [_cell(lines[k]) for k in filled]
    out: list[str] = []
    k, last = 0, 0  # position in `filled`; next line of `lines` not yet written
    while k < len(filled):
        width, rows = _table_at(cells, k)
        if not rows:
            k += 1
            continue
        out += lines[last : filled[k]]
        header = cells[k + _numbered(cells[k : k + width]) : k + width]
        out.append(" ".join(header))
        out += [_row_line(header, row) for row in rows]
        at = k + width * (len(rows) + 1)
        last = filled[at - 1] + 1
        k = at
    return out + lines[last:]


def _rows_under(cells: list[str], k: int, width: int) -> list[list[str]]:
    """The rows of `width` cells that follow a header of that width at `k`, as long as they read as rows."""
    skip = _numbered(cells[k : k + width])
    rows: list[list[str]] = []
    at = k + width
    while width and at + width <= len(cells) and _is_row(cells[k + skip : k + width], cells[at + skip : at + width]):
        rows.append(cells[at + skip : at + width])
        at += width
    return rows


def _table_at(cells: list[str], k: int) -> tuple[int, list[list[str]]]:
    """The header width and rows of a table whose header starts at `k` (0 and none when there is none). A
    header may end in titles of no known kind (对比结果, 完成情况): each further short word is tried as one
    more column, and the width reading the most rows wins (the known titles' on a tie)."""
    width = _header_width(cells, k)
    best = (width, _rows_under(cells, k, width))
    wider = width
    while width and wider < MAX_COLUMNS and k + wider < len(cells) and _may_title(cells[k + wider]):
        wider += 1
        rows = _rows_under(cells, k, wider)
        if len(rows) > len(best[1]):
            best = (wider, rows)
    return best


def _may_title(cell: str) -> bool:
    """A cell that may title a column of no known kind: a short word, no figure."""
    return 0 < len(cell) <= MAX_CELL_CHARS // 2 and not _FIGURE_RE.search(cell)


def join_bar_rows(lines: list[str]) -> list[str]:
    """`lines` with each row of a bar-celled table (a line of text, then `| cell` lines, a cell's further
    lines, a lone `|`) written as one line, its cells joined by " | " and a cell's lines by "、"; lines
    that no lone bar closes stay as they were."""
    if sum(bool(_ROW_END_RE.match(line)) for line in lines) < MIN_BAR_ROWS:
        return lines
    out: list[str] = []
    pending: list[str] = []  # the lines of the row being read
    cells: list[str] = []
    barred = False  # whether a `| cell` line has come in this row (a bare line after it continues the cell)
    for line in lines:
        if _ROW_END_RE.match(line):
            if cells:
                out.append(" | ".join(cells))
            pending, cells, barred = [], [], False
            continue
        pending.append(line)
        if not line.strip():
            continue
        if _CELL_PREFIX_RE.match(line):
            cells.append(_cell(line))
            barred = True
        elif barred:
            cells[-1] = f"{cells[-1]}、{line.strip()}"
        else:
            # A row opens with the last bare line before its `| cell` lines: the bare lines before that one
            # (a notice's preamble above its table) are text, as written.
            out += pending[:-1]
            pending, cells = [line], [line.strip()]
    return out + pending


# A web table copied a cell per line with a bar after each cell (指标名称 |), bars alone closing each row (| or ||).
_BARRED_CELL_RE = re.compile(r"^\s*(?P<cell>[^|｜]*?)\s*[|｜]\s*$")
_BARS_ALONE_RE = re.compile(r"^\s*[|｜]+\s*$")
MIN_BARRED_ROWS = 3  # a header and two rows


def read_barred_tables(lines: list[str]) -> list[str]:
    """`lines` with each table copied a cell per line, a bar after each cell and bars alone closing each row,
    written as indicator lines under its header (`sheet_lines`); a row short of cells lacks those an earlier
    row's cell spans down over (指标类别 given once for its group), so it gets them. Other lines as written."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        rows, end = _barred_rows(lines, k) if _BARRED_CELL_RE.match(lines[k]) else ([], k)
        if len(rows) >= MIN_BARRED_ROWS and len(rows[0]) >= MIN_COLUMNS and _is_header(rows[0]):
            out += sheet_lines(_spans_filled(rows))
            k = end
        else:
            out.append(lines[k])
            k += 1
    return out


def _barred_rows(lines: list[str], k: int) -> tuple[list[list[str]], int]:
    """The rows of a barred table starting at line `k`, and the line after it."""
    rows: list[list[str]] = []
    cells: list[str] = []
    while k < len(lines):
        if _BARS_ALONE_RE.match(lines[k]):
            if not cells:
                break
            rows.append(cells)
            cells = []
        elif (cell := _BARRED_CELL_RE.match(lines[k])) is not None and cell.group("cell"):
            cells.append(cell.group("cell"))
        else:
            break
        k += 1
    return rows + ([cells] if cells else []), k


def _spans_filled(rows: list[list[str]]) -> list[list[str]]:
    """Rows short of the header's width given the cells the row above has where theirs are missing: those after
    a row-number column (a category spanning its group's rows)."""
    header = rows[0]
    skip = _numbered(header)
    filled = [header]
    for row in rows[1:]:
        missing = len(header) - len(row)
        above = filled[-1]
        if 0 < missing and len(above) == len(header) and len(filled) > 1:
            row = row[:skip] + above[skip : skip + missing] + row[skip:]
        filled.append(row)
    return filled

"""Rows of a plan's indicator table copied as one line each, its cells split by spaces and no header kept:

    17 大陆自然岸线保有率 % 约束性 17.35 完成市下达任务
    环境治理 12 建成区黑臭水体比例 % 约束性 0 0

A five-year plan's indicator table always has an attribute column (约束性 binding, 预期性 expected), which
makes such a line a row whatever its header was: before it stand the row's number, the indicator's name and its
unit; after it the base-year value, then the target. A target is the plan's; a base value is stated for no year
the row says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ATTRIBUTES = ("约束性", "预期性")
_ROW_RE = re.compile(
    rf"^\s*(?:[\u4e00-\u9fff]{{2,6}}\s+)?(?:\d{{1,3}}\s+)?(?P<name>[^\s\d][^\s]*)\s+(?P<unit>[^\s\d]{{1,8}})\s+"
    rf"(?:{'|'.join(ATTRIBUTES)})\s+(?P<cells>.+)$"
)
_VALUE_RE = re.compile(r"(?P<qualifier>[≥≤><]?)(?P<value>\d+(?:\.\d+)?)(?=\s|$)")
_NO_UNIT = ("/", "／", "-", "—")


@dataclass(frozen=True)
class RowFigure:
    """One value of a row: where it stands in the sentence, and whether it is the row's target."""

    name: str
    name_start: int
    value: str
    unit: str
    qualifier: str
    start: int
    end: int
    target: bool


def row_figures(sentence: str) -> list[RowFigure] | None:
    """The values of an indicator-table row (None when `sentence` is no such row): the last value cell is the
    target when it is a figure; a figure before it is the base value."""
    row = _ROW_RE.match(sentence)
    if row is None:
        return None
    unit = "" if row.group("unit") in _NO_UNIT else row.group("unit")
    at = row.start("cells")
    cells = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence[at:])][:2]  # base value, target
    out = []
    for k, (begin, end) in enumerate(cells):
        value = _VALUE_RE.fullmatch(sentence, at + begin, at + end)
        if value is None:
            continue
        out.append(
            RowFigure(
                row.group("name"),
                row.start("name"),
                value.group("value"),
                unit,
                {"≥": "以上", ">": "以上", "≤": "以下", "<": "以下"}.get(value.group("qualifier"), ""),
                at + begin,
                at + end,
                k == len(cells) - 1,
            )
        )
    return out

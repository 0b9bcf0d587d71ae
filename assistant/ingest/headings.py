"""Recognise the hierarchy markers of Chinese official documents at the start of a line.

第一部分 › 第一章 › 第一节 › 第一条 (plans and regulations) › 一、 › (一)/（一） › 1./1、 › (1)/（1）, or the decimal
1.1 › 1.1.1 of technical plans; plus the inline 一是…二是… items and —— indicator lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.patterns import DUTY_LINE_RE, SENTENCE_END

_CN_NUM = "一二三四五六七八九十百零〇"
# Divisions named 第…: a part, a chapter, a section, an article, each above the numbered headings.
DIVISION_LEVELS = {"篇": -3, "部分": -3, "章": -2, "节": -1, "条": 0}
_DIVISION_RE = re.compile(rf"^(第\s*[{_CN_NUM}\d]+\s*(篇|部分|章|节|条))(?=\s|[\u4e00-\u9fff“\"]|$)")
LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^([{_CN_NUM}]+)\s*[、，,．.]")),
    (2, re.compile(rf"^[(（]\s*([{_CN_NUM}]*)\s*[)）]")),  # "()" where a capture lost the numeral
    # Decimal numbering of technical plans (1.1 自然环境 › 1.1.1 地理位置), a space before the title: never a
    # figure opening a line (1.5万亩).
    (2, re.compile(r"^(\d{1,2}\.\d{1,2})\s+(?=[\u4e00-\u9fff])")),
    (3, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\s*(?=[\u4e00-\u9fff])")),
    (3, re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    (4, re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]")),
)
INDICATOR_RE = re.compile(r"^\s*(——|--|－－|—)")
INLINE_ITEM_RE = re.compile(rf"(?:(?<=^)|(?<=[。；;！!]))\s*([{_CN_NUM}]{{1,3}})是")
_HEADING_TITLE_END = re.compile(f"[{SENTENCE_END}：:]")  # a heading's title ends at a colon too


@dataclass(frozen=True)
class Heading:
    level: int
    number: str  # the marker's numeral as written: 二, (一) -> 一, 3, (1) -> 1
    marker_end: int  # offset after the marker in the line


def match_heading(text: str) -> Heading | None:
    """The heading marker at the start of `text` (search form), or None. A division's number is its whole
    marker (第三章), which the path shows as written."""
    division = _DIVISION_RE.match(text)
    if division is not None:
        return Heading(DIVISION_LEVELS[division.group(2)], re.sub(r"\s", "", division.group(1)), division.end())
    for level, pattern in LEVEL_PATTERNS:
        match = pattern.match(text)
        if match:
            return Heading(level=level, number=match.group(1) or "?", marker_end=match.end())
    return None


def heading_label(form: str) -> str:
    """A heading's words without its marker (search form): (三)主要目标 -> 主要目标."""
    marker = match_heading(form)
    return (form[marker.marker_end :] if marker else form).strip(" 。.:：")


def heading_title(text: str, limit: int = 40) -> str:
    """A heading's title for the path: the line up to its first sentence end, shortened."""
    match = _HEADING_TITLE_END.search(text)
    title = text[: match.start()] if match else text
    return title if len(title) <= limit else title[:limit] + "…"


def is_duty_line(text: str) -> bool:
    """牵头单位 / 配合单位 / 完成时限 / (责任单位:…) lines, which belong to the clause above."""
    return bool(DUTY_LINE_RE.match(text))

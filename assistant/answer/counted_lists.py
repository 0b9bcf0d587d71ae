"""A list question answered with the items one sentence lists and counts (从A、B和C3个〈名词〉 for 哪几个〈名词〉): the
items, one line each, when their number is the count the sentence states."""

from __future__ import annotations

import re

from assistant.answer.enumeration import HEADINGS_LOOKED_AT
from assistant.answer.extractive import Draft
from assistant.answer.sentence_evidence import COUNT_WORD
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import chinese_numeral_value
from assistant.text.patterns import HAN

# A count of listed items (5个方面, 3项) right after the list, and the question's ask for them (哪几个〈名词〉,
# 哪些〈名词〉).
_COUNTED_RE = re.compile(rf"(?P<count>{COUNT_WORD})(?P<measure>[个项类条种])(?P<noun>[{HAN}]{{0,2}})")
_LIST_LEAD_RE = re.compile(r"从|围绕|包括|涵盖|划分为|即")
_LAST_JOIN_RE = re.compile(r"(?:以及|和|及|与)")


def _asks_for(question: str, measure: str, noun: str) -> bool:
    """Whether the question asks which items of this measure and noun there are (哪几个〈名词〉 for 5个〈名词〉;
    a measure word asked alone, 哪几项?, for 3项)."""
    if re.search(f"哪几{measure}(?![{HAN}])", question):
        return True
    return any(re.search(f"哪(?:几|些){measure}?{re.escape(noun[:k])}", question) for k in range(len(noun), 0, -1))


def _listed_items(text: str, count_at: int) -> list[str]:
    """The 、-listed items right before position `count_at` of a sentence (its last join word splitting the
    last item: 保障能力和群众获得感 -> 保障能力, 群众获得感)."""
    lead = max(text.rfind(c, 0, count_at) for c in "，,。；;：:（(") + 1
    listed = text[lead:count_at].removesuffix("等")
    # The list opens after the last opening word before its first item ends (将耕地划分为A、B…).
    openers = list(_LIST_LEAD_RE.finditer(listed[: max(listed.find("、"), 0)]))
    items = listed[openers[-1].end() if openers else 0 :].split("、")
    if len(items) < 2:
        return []
    last = _LAST_JOIN_RE.split(items[-1], maxsplit=1)
    return [item.strip('“”"') for item in items[:-1] + last if item]


def counted_list_answer(result: SearchResult) -> Draft | None:
    """A list question answered with the items a sentence lists and counts (从A、B和C3个方面 for 哪几个〈名词〉),
    when the number of items listed is the count the sentence states; None otherwise."""
    question = result.question
    if not question.wants_list or question.wants_unit:
        return None
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        text = hit.chunk.search_text
        for found in _COUNTED_RE.finditer(text):
            if not _asks_for(question.form, found.group("measure"), found.group("noun")):
                continue
            items = _listed_items(text, found.start())
            if len(items) >= 2 and len(items) == _count(found.group("count")):
                stated = f"{found.group(0)}：[1]"
                lines = [stated, *(f"- {item}[1]" for item in items)]
                start = text.find(items[0])
                quote = (
                    [(start, found.end())] if text[start : found.end()] == hit.chunk.text[start : found.end()] else []
                )
                return Draft("\n".join(lines), True, [hit], "items a sentence lists and counts", {1: quote})
    return None


def _count(numeral: str) -> int:
    """5 -> 5, 三 -> 3, 二十 -> 20."""
    return int(numeral) if numeral.isdigit() else int(chinese_numeral_value(numeral))

"""A question asking the same of several listed things at once (when each is due, what is required of each, who
leads each: 甲、乙分别…): each thing is asked on its own, with the question's opening and its ask, and the answers
are shown one after the other, their citations numbered on. A figure asked of several things is not split here:
the indicator table answers it part by part."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answer.asks_in_turn import shared_opening
from assistant.answer.combined import numbered_on, summed_timings
from assistant.answer.statements import NOTE_OPENING
from assistant.documents import Answer
from assistant.retrieval.question import Question, place_names
from assistant.text.lexicon import TITLE_ENDINGS
from assistant.text.patterns import MARKER_RE

# The listed things, then 分别/各 and an ask of when (哪年, 什么时候 …), of what is required or aimed at, or of who.
_LISTED_ASK_RE = re.compile(
    r"(?P<items>[^，,。；;？?]+?)(?:分别|各自|各(?![项地市县区类级种部]))(?P<ask>[^，,。；;？?]*?"
    r"(?:哪一?年|什么时候|何时|什么时间|哪个时间|(?:什么|哪些)(?:要求|目标|措施)|(?:哪个|哪些|什么)(?:部门|单位)|谁)"
    r"[^，,。；;？?]*)"
)
_ITEM_SEPARATOR_RE = re.compile(r"、|以及|和|及(?!以[上下])|与")  # 地级及以上 is one level
# Where the first listed thing starts after the plan the question names (甲市水污染防治方案对|A和B): the opening is
# asked with each thing.
_OPENING_END_RE = re.compile(rf".*(?:{'|'.join(TITLE_ENDINGS)})(?:里|中)?对")
# A listed thing of fewer characters (两项; 参与 cut at its 与) is no thing of its own: the question is not split.
MIN_ITEM_CHARS = 4


def listed_parts(question: str, parse: Callable[[str], Question]) -> list[str]:
    """The questions to ask one by one for a question asking the same of several listed things; [] otherwise."""
    m = _LISTED_ASK_RE.search(question)
    if m is None:
        return []
    items = [i.strip() for i in _ITEM_SEPARATOR_RE.split(m.group("items"))]
    opening = question[: m.start()]
    # The first thing opens with what every thing is asked with: up to 对 (甲方案对A和B…), else its place and time.
    opened = _OPENING_END_RE.match(items[0])
    lead = opened.group(0) if opened else shared_opening(items[0], place_names(parse(question).places))
    if 0 < len(lead) < len(items[0]):
        opening, items[0] = opening + lead, items[0][len(lead) :]
    if len(items) < 2 or any(len(i) < MIN_ITEM_CHARS for i in items):
        return []
    rest = question[m.end() :]
    return [f"{opening}{item}{m.group('ask')}{rest}" for item in items]


def joined_answers(question: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to a question's parts, in order, each part's citations numbered after the
    previous part's (every [n] still points at its own clause); a note several parts carry is shown once, last."""
    # Lines once each, whatever their citation number: two parts one sentence answers show it once; note lines
    # (注：…规划期已结束) come last.
    texts: dict[str, str] = {}
    tail: dict[str, str] = {}
    citations, notes, offset = [], [], 0
    for answer in answers:
        numbered = numbered_on(answer, offset)
        for line in numbered.answer.split("\n"):
            (tail if line.startswith(NOTE_OPENING) else texts).setdefault(MARKER_RE.sub("", line), line)
        citations += numbered.citations
        notes += [n for n in answer.notes if n not in notes]
        offset = max([offset, *(c.n for c in numbered.citations)])
    return replace(
        answers[0],
        question=question,
        answer="\n".join([*texts.values(), *tail.values()]),
        found=any(a.found for a in answers),
        grounded=all(a.grounded for a in answers),
        citations=citations,
        notes=notes,
        timings_ms=summed_timings(answers),
    )

"""A question asking when for several listed things at once (A、B分别要在哪年完成): each thing is asked on its
own, with the question's opening and its ask, and the answers are shown one after the other, their citations
numbered on."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.combined import numbered_on, summed_timings
from assistant.answer.statements import NOTE_OPENING
from assistant.documents import Answer
from assistant.text.patterns import MARKER_RE

# The listed things, then 分别/各 and an ask of when (哪年, 哪一年, 什么时候, 何时, 哪个时间).
_WHEN_LIST_RE = re.compile(
    r"(?P<items>[^，,。；;？?]+?)(?:分别|各自|各)(?P<ask>[^，,。；;？?]*?(?:哪一?年|什么时候|何时|什么时间|哪个时间)[^，,。；;？?]*)"
)
_ITEM_SEPARATOR_RE = re.compile(r"、|以及|和|及(?!以[上下])|与")  # 地级及以上 is one level
MIN_ITEM_CHARS = 4  # a listed thing of fewer characters (两项) is no task of its own


def when_parts(question: str) -> list[str]:
    """The questions to ask one by one for a question asking when for several listed things; [] otherwise."""
    m = _WHEN_LIST_RE.search(question)
    if m is None:
        return []
    items = [i.strip() for i in _ITEM_SEPARATOR_RE.split(m.group("items"))]
    if len(items) < 2 or any(len(i) < MIN_ITEM_CHARS for i in items):
        return []
    opening, rest = question[: m.start()], question[m.end() :]
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

"""A question that asks two things in turn about one topic (…发电装机规模是多少？占比达到多少？; …排放总量分别控制在
多少以内？比2015年各下降多少？): each later ask names no topic of its own, so it takes the first ask's (everything
before that ask's question words), and each ask is answered on its own, one after the other.

Asked whole, the second ask is lost: the answer settles on one figure per indicator, and the level and its
change from a base year are two figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.text.lexicon import KIND_WORDS

# Where an ask of a figure begins (…排放总量|分别控制在多少以内, …装机规模|是多少): the topic is what comes before.
_ASK_START_RE = re.compile(
    r"(?:分别|各自|各|均)?(?:要|需要|需|应|将|计划)?"
    r"(?:控制在|达到|提高到|提升到|降到|降低到|下降到|保持在|增加到|是|为)?(?:多少|几)"
)
_ASK_END_RE = re.compile(r"(?<=[?？])")
_KIND_END_RE = re.compile(rf"(?:{'|'.join(KIND_WORDS)})$")


def asks_in_turn(question: str, names_its_own: Callable[[str], bool]) -> list[str]:
    """The questions to ask one by one for a question of several asks (each ending in ？) whose later asks name
    no topic, place or year of their own (`names_its_own` is false for each); [] otherwise."""
    asks = [a.strip() for a in _ASK_END_RE.split(question) if a.strip(" ?？")]
    if len(asks) < 2:
        return []
    opening = _ASK_START_RE.search(asks[0])
    if opening is None or opening.start() == 0 or any(names_its_own(a) for a in asks[1:]):
        return []
    topic = _KIND_END_RE.sub("", asks[0][: opening.start()])  # 装机规模 + 占比…: the later ask says its own kind
    return [asks[0], *(topic + a for a in asks[1:])]

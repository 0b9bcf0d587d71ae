"""A question that asks two things in turn about one topic (…发电装机规模是多少？占比达到多少？; …排放总量分别控制在
多少以内？比2015年各下降多少？): each later ask names no topic of its own, so it takes the first ask's (everything
before that ask's question words), and each ask is answered on its own, one after the other.

Asked whole, the second ask is lost: the answer settles on one figure per indicator, and the level and its
change from a base year are two figures. Asks that each name a topic of their own (…新增整治修复多长的岸线？滨海湿地
又要…多少面积？) are answered one by one too, a later ask naming no place taking the first ask's opening place and
time (甲省“十四五”…), or the leading clause naming the first ask's place (在甲州的乙规划里，…).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.question import Question, place_names
from assistant.text.lexicon import KIND_WORDS
from assistant.text.patterns import YEAR

# Where an ask of a figure begins (…排放总量|分别控制在多少以内, …装机规模|是多少): the topic is what comes before.
_ASK_START_RE = re.compile(
    r"(?:分别|各自|各|均)?(?:要|需要|需|应|将|计划)?"
    r"(?:控制在|达到|提高到|提升到|降到|降低到|下降到|保持在|增加到|是|为)?(?:多少|几)"
)
_ASK_END_RE = re.compile(r"(?<=[?？])")
_KIND_END_RE = re.compile(rf"(?:{'|'.join(KIND_WORDS)})$")
# A question's opening time: 2025年, 到2025年底, “十四五”期间 (a place is matched by its names).
_OPENING_TIME = rf"(?:[到至在]?{YEAR}\s*年(?:底|末)?(?:前)?|[“\"]?十[一二三四五六]五[”\"]?(?:期间|时期|末)?)"


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


def asks_apart(question: str, parse: Callable[[str], Question]) -> list[str]:
    """The questions to ask one by one for a question of several asks (each ending in ？) that each name a topic of
    their own, the first opening with a place and maybe a time; a later ask naming no place is asked with that
    opening. [] otherwise."""
    asks = [a.strip() for a in _ASK_END_RE.split(question) if a.strip(" ?？")]
    # Each part must ask (end in ？): a note after the ask (（…不算在内）, 就是…。) explains it, asks nothing.
    if len(asks) < 2 or not all(a.endswith(("?", "？")) for a in asks):
        return []
    parsed = [parse(a) for a in asks]
    if not all(asked_terms(p) for p in parsed):
        return []
    opening = shared_opening(asks[0], place_names(parsed[0].places))
    if not opening:
        return []
    return [asks[0], *(a if p.places else opening + a for a, p in zip(asks[1:], parsed[1:]))]


def shared_opening(ask: str, names: tuple[str, ...]) -> str:
    """What a first ask opens with that later asks share: its place and time (甲省“十四五”…), or a leading clause
    naming its place (在甲州的乙规划里，…): empty when it opens with neither."""
    if not names:
        return ""
    opened = re.match(f"(?:{'|'.join(map(re.escape, names))}|{_OPENING_TIME}|[的,，\\s])+", ask)
    if opened is not None:
        return opened.group(0).rstrip("的,， ")
    clause = re.match(r"[^,，?？]+[,，]", ask)
    return clause.group(0) if clause and any(n in clause.group(0) for n in names) else ""

"""Water classes asked as a range reaching the best (达到或优于Ⅲ类, Ⅲ类及以上, Ⅰ—Ⅲ类): what a plan defining 优良 by
that class (甲河水质优良(达到或优于Ⅲ类)比例) calls 优良, so its 优良 figure is the one asked. A plan that defines no
such class keeps the class a word its name lacks; one defining 优良 by another class (Ⅲ, asked Ⅰ-Ⅱ) states another
share. The phrasings are the plans' own (达到或优于, 优于或达到, 及以上)."""

from __future__ import annotations

import dataclasses
import re

from assistant.retrieval.evidence import Evidence

_CLASS = r"(III|II|IV|I|V|[一二三四五])"
_NUMBERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
# 优良(达到或优于Ⅲ类): the plan's own definition (in search form: Roman numerals in Latin letters, or Han).
_DEFINED_RE = re.compile(rf"优良[（(](?:水质)?(?:达到或优于|优于或达到)\s*{_CLASS}类")
# The asked range: the class itself and every better one.
_ASKED_RES = (
    re.compile(rf"(?:达到或优于|优于或达到){_CLASS}类"),
    re.compile(rf"(?<!劣){_CLASS}类(?:水质|水)?(?:及以上|以上)"),
    re.compile(rf"(?<![IVX])(?:I|一)类?\s*[-—–~～]\s*{_CLASS}类"),
)
GOOD = "优良"


@dataclasses.dataclass(frozen=True)
class AskedGrade:
    """A water class asked together with every better one, and the question's words for that range."""

    number: int  # the class (Ⅲ类 -> 3)
    phrase: str  # the question's words for the range, in search form (达到或优于Ⅲ类)


def class_asked_or_better(form: str) -> AskedGrade | None:
    """The water class a question asks for together with every better one (Ⅲ类及以上 -> 3), if it asks so."""
    found = next((m for r in _ASKED_RES if (m := r.search(form))), None)
    return AskedGrade(_NUMBERS[found.group(1)], found.group(0)) if found else None


def good_defined_as(text: str) -> frozenset[int]:
    """The classes a text (in search form) defines 优良 by (…优良(达到或优于Ⅲ类)比例 -> {3})."""
    return frozenset(_NUMBERS[m.group(1)] for m in _DEFINED_RE.finditer(text))


def read_as_good(evidence: Evidence, asked: AskedGrade | None, name: str, defined: frozenset[int]) -> Evidence:
    """The evidence with the words of the asked range (Ⅲ类, 优于) weighed against the name's 优良 where the plan
    defines 优良 by a class (`defined`): said by it when that is the asked class (the words stand for one figure),
    conflicting when it is another (Ⅰ-Ⅱ类 asked of a plan whose 优良 reaches Ⅲ: another share)."""
    if asked is None or not defined or GOOD not in name:
        return evidence
    if asked.number in defined:
        said = tuple(t for t in evidence.conflicts if t in asked.phrase)
        rest = tuple(t for t in evidence.conflicts if t not in said)
        return dataclasses.replace(evidence, conflicts=rest, explained=evidence.explained + said)
    against = tuple(t for t in (*evidence.covered, *evidence.in_context, *evidence.descriptive) if t in asked.phrase)
    return dataclasses.replace(
        evidence,
        covered=tuple(t for t in evidence.covered if t not in against),
        in_context=tuple(t for t in evidence.in_context if t not in against),
        descriptive=tuple(t for t in evidence.descriptive if t not in against),
        conflicts=evidence.conflicts + against,
    )

"""A five-year plan named in a question (“十四五”时期, “十三五”末): the time it asks, and whether a figure is of it."""

from __future__ import annotations

import re

from assistant.documents import Indicator
from assistant.indicators.periods import FIVE_YEAR_PLANS
from assistant.retrieval.question import Question


def plan_named(term: str, form: str) -> tuple[int, int] | None:
    """The years of the five-year plan `term` names, or is what jieba leaves of (十三 of 十三五), when the
    question names it."""
    named = (p for p in FIVE_YEAR_PLANS if (term == p or len(term) == 2 and p.startswith(term)) and p in form)
    plan = next(named, None)
    return FIVE_YEAR_PLANS[plan] if plan else None


def asked_as_time(term: str, question: Question) -> bool:
    """Whether a five-year plan is asked as the time itself (“十四五”时期, “十三五”末), not as the name of
    the plan (“十四五”规划) or beside a year the question states."""
    return not question.years and re.search(rf"{term}五?[”\"']?(?:期间|时期|末)", question.form) is not None


def within_plan(ind: Indicator, span: tuple[int, int]) -> bool:
    """Whether the figure's period falls within `span` (2020, or “十三五”期间, within 2016-2020); a figure of no
    stated period may be of any years."""
    return ind.period is None or span[0] <= ind.period.start and ind.period.end <= span[1]

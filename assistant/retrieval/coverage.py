"""Key-term coverage: how much of what a question asks a clause (or sentence) states.

Used to re-score fused retrieval candidates and, by the extractive generator, to pick and accept
the answering sentence.
"""

from __future__ import annotations

import functools
import re

from assistant.indicators.periods import time_phrases
from assistant.retrieval.question import Question
from assistant.text.lexicon import ECONOMIC_CODE_NAMES, POLLUTANT_NAMES
from assistant.text.normalize import search_form
from assistant.text.patterns import BASELINE_YEAR_RE, BOOK_TITLE_RE, HAN_RUN_RE, YEAR

PATH_TERM_FACTOR = 0.5  # a term found only in the heading path or title counts this much
# A year as a time (2025年, 2023—2025), not a quantity that happens to look like one (2000亩, 2035吨).
_TIME_YEAR_RE = re.compile(rf"(?<!\d){YEAR}(?=\s*(?:年|[—–\-~～至到]))")


def term_coverage(
    question: Question, text: str, path: str, term_weights: list[float] | None = None
) -> tuple[float, float]:
    """Share of the question's key terms found in the clause or its path, and a year signal.

    The year signal is +1 when an asked year is in the clause or its path, or falls in a period they
    state (a 2024 question and “十四五”期间 or 2023—2025年), -1 when the clause names other years
    only, 0 when no year is asked or none is named.
    """
    context = search_form(path)
    haystack = text + " " + context
    terms = question.key_terms
    weights = list(term_weights) if term_weights is not None else [min(len(t), 4) for t in terms]
    coverage = 0.0
    if terms and sum(weights) > 0:
        # A term in the clause itself counts fully; one only in its heading path or title, half.
        hit = sum(
            w if term_stands(t, text) else w * PATH_TERM_FACTOR
            for t, w in zip(terms, weights)
            if term_stands(t, haystack)
        )
        coverage = hit / sum(weights)
    year = 0.0
    if question.years:
        # Years inside a cited title (《…规划(2021—2030年)》) are not targets of this clause.
        dated = BOOK_TITLE_RE.sub("", haystack)
        if any(y in dated for y in question.years) or _period_holds(dated, question.years):
            year = 1.0
        elif _TIME_YEAR_RE.search(BASELINE_YEAR_RE.sub("", dated)):
            year = -1.0  # a year compared with (比2013年增加7天) is no other time the clause applies to
    return coverage, year


def _period_holds(text: str, years: tuple[str, ...]) -> bool:
    spans = [p for _, _, p in time_phrases(text) if p.start < p.end]
    return any(p.covers(int(y)) for p in spans for y in years)


def term_stands(term: str, text: str) -> bool:
    """Whether a key term stands in `text`: as is, split in two, or by its other name (PM10 ~ 可吸入颗粒物)."""
    return term in text or halves_stand(term, text) or any(name in text for name in code_names(term))


@functools.lru_cache(maxsize=4096)
def code_names(term: str) -> tuple[str, ...]:
    """The other names general usage gives a pollutant or economic code (PM10 ~ 可吸入颗粒物, GDP ~ 地区生产总值)."""
    return tuple(n for group in POLLUTANT_NAMES + ECONOMIC_CODE_NAMES if term in group for n in group if n != term)


def halves_stand(term: str, haystack: str) -> bool:
    """Whether a long compound (农田灌溉) stands split (农田 … 灌溉): both its halves do. Never a code (PM10: "PM"
    and a "10" of some date are not it)."""
    if HAN_RUN_RE.fullmatch(term) is None:
        return False
    return len(term) >= 4 and term[: len(term) // 2] in haystack and term[len(term) // 2 :] in haystack

"""Key-term coverage: how much of what a question asks a clause (or sentence) states.

Used to re-score fused retrieval candidates and, by the extractive generator, to pick and accept
the answering sentence.
"""
from __future__ import annotations

from assistant.retrieval.question import Question
from assistant.text.normalize import search_form
from assistant.text.patterns import BOOK_TITLE_RE, YEAR_RE

PATH_TERM_FACTOR = 0.5  # a term found only in the heading path or title counts this much




def term_coverage(question: Question, text: str, path: str,
                  term_weights: list[float] | None = None) -> tuple[float, float]:
    """Share of the question's key terms found in the clause or its path, and a year signal.

    The year signal is +1 when an asked year is in the clause or its path, -1 when the clause
    names other years only, 0 when no year is asked or none is named.
    """
    context = search_form(path)
    haystack = text + " " + context
    terms = question.key_terms
    weights = list(term_weights) if term_weights is not None else [min(len(t), 4) for t in terms]
    coverage = 0.0
    if terms and sum(weights) > 0:
        # A term in the clause itself counts fully; one only in its heading path or title, half.
        hit = sum(w if (t in text or _partial(t, text)) else w * PATH_TERM_FACTOR
                  for t, w in zip(terms, weights) if t in haystack or _partial(t, haystack))
        coverage = hit / sum(weights)
    year = 0.0
    if question.years:
        # Years inside a cited title (《…规划(2021—2030年)》) are not targets of this clause.
        dated = BOOK_TITLE_RE.sub("", haystack)
        if any(y in dated for y in question.years):
            year = 1.0
        elif YEAR_RE.search(dated):
            year = -1.0
    return coverage, year


def _partial(term: str, haystack: str) -> bool:
    # A long compound (农田灌溉) often appears split (农田 … 灌溉): count it when both halves do.
    return len(term) >= 4 and term[: len(term) // 2] in haystack and term[len(term) // 2:] in haystack

"""Which stated figures a "when" question (哪一年, 什么时候) may be answered by: a target's due date, never the date a
state was measured at (截至2024年底,…超标8.6%), nor the date of a share done before the whole the question asks
about (2024年底前完成70%的整治任务,2025年底前基本完成全部整治任务: 全部 asked, 2025 answers).
"""

from __future__ import annotations

from assistant.documents import Indicator
from assistant.indicators.periods import time_phrases
from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.indicator_reading import IndicatorMatch
from assistant.retrieval.question import Question
from assistant.text.normalize import search_form
from assistant.text.patterns import AS_OF_RE, PART_RE

_PIECE_ENDS = "，,；;"  # where a sentence's pieces end (text/patterns.PART_RE cuts at these too)


def due_as_asked(matches: list[IndicatorMatch], question: Question, table: IndicatorMatcher) -> list[IndicatorMatch]:
    """The matches a "when" question may be answered by (all of them for any other question)."""
    if not question.wants_when:
        return matches
    asked = asked_terms(question)
    return [
        m
        for m in matches
        if not AS_OF_RE.search(search_form(table.sentence(m.indicator, upto_figure=True)))
        and not _dated_elsewhere(asked, m.indicator, table)
    ]


def _dated_elsewhere(asked: tuple[str, ...], indicator: Indicator, table: IndicatorMatcher) -> bool:
    """Whether the figure's own piece of its sentence states a time of its own, and an asked word it lacks stands in
    another piece stating another time (甲年完成七成,乙年全部完成, asked when all is done): that piece's time is the
    one asked. A piece without a time takes the sentence's, so it is never set against it."""
    before = search_form(table.sentence(indicator, upto_figure=True))
    after = search_form(table.sentence(indicator))[len(before) :]
    opening = max(before.rfind(c) for c in _PIECE_ENDS) + 1
    closing = min((at for at in (after.find(c) for c in _PIECE_ENDS) if at >= 0), default=len(after))
    own = before[opening:] + after[:closing]
    own_times = {p.label for _, _, p in time_phrases(own)}
    if not own_times:
        return False
    others = [
        piece
        for piece in PART_RE.findall(before + after)
        if piece not in own and {p.label for _, _, p in time_phrases(piece)} - own_times
    ]
    return any(t not in own and any(t in piece for piece in others) for t in asked)

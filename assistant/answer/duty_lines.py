"""Who leads a task, or by when it is due, when the clause that sets it has no duty line of its own.

Plans often close a numbered item with its duty line as a line of its own (8.全面建设… then
牵头单位：市生态环境局 配合单位：…), which becomes a chunk of its own under the same heading. A 牵头单位
question about such a clause (a follow-up pinned to the clause an answer cited, or the best clause of
a search) is answered from its item's duty line: under the clause's own heading first, then its parent's,
the nearest one after the clause first. A 完成时限 question is answered from the item's deadline line alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.answering_sentences import MIN_COVERAGE
from assistant.answer.extractive import Draft, duty_parts
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.question import Question
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import DEADLINE_LABELS
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import DEADLINE_RE, RESPONSIBLE_RE

ClausesOf = Callable[[str], list[Chunk]]
_COMPLETED = "完成"
LEVELS_UP = 1  # how far above the clause's own heading its item's duty line is looked for


def _item_duty_line(clause: Chunk, clauses: list[Chunk], label: re.Pattern[str]) -> Chunk | None:
    """The duty line of the clause's item: a chunk under the same heading (or its parent) that states one
    (`label`: who leads, or the deadline)."""
    path = tuple(clause.path)
    for depth in range(len(path), max(len(path) - LEVELS_UP, 1) - 1, -1):
        lines = [
            c
            for c in clauses
            if tuple(c.path[:depth]) == path[:depth]
            and label.search(c.search_text)
            and (depth == len(path) or _stands_for_parent(c, clause, depth, label))
        ]
        if lines:
            return min(lines, key=lambda c: (c.start < clause.start, abs(c.start - clause.start)))
    return None


def _stands_for_parent(chunk: Chunk, clause: Chunk, depth: int, label: re.Pattern[str]) -> bool:
    """Whether a chunk under the clause's parent holds the parent item's duty line: one directly under the
    parent, one that is only the line, or a later part of the item (its last sub-item, closing with the line).
    An earlier sibling closing with its own line ((一)…。(牵头单位:甲局), then (二)) says who leads that sibling."""
    return len(chunk.path) == depth or label.match(chunk.search_text.lstrip()) is not None or chunk.start > clause.start


def _deadline_parts(text: str) -> tuple[str, list[Span]]:
    """A duty line's deadline part (完成时限：2025年12月底) and its span ("" when none), quoted as written."""
    found = DEADLINE_RE.search(aligned_form(text))
    return (text[found.start() : found.end()], [found.span()]) if found else ("", [])


def names_deadline(question: Question) -> bool:
    """Whether the question names a deadline line's label (甲项完成时限, 完成时间是哪天)."""
    return any(label in question.form for label in DEADLINE_LABELS)


def asks_deadline(result: SearchResult) -> bool:
    """Whether the question asks an item's deadline: by the line's label, or when the clause an answer cited is
    to be completed (这项工作什么时候完成)."""
    question = result.question
    return names_deadline(question) or (result.pinned and question.wants_when and _COMPLETED in question.form)


def answer_duty(result: SearchResult, clauses_of: ClausesOf) -> Draft | None:
    """The duty line of the answering clause's item for a 牵头单位 or 完成时限 question, or None."""
    question = result.question
    when = question.wants_when or names_deadline(question)
    if not (question.wants_unit or when) or len(result.scope.covered) > 1 or not result.hits:
        return None
    clause = result.hits[0].chunk
    coverage, _ = term_coverage(question, clause.search_text, clause.path_text)
    if len(result.hits) > 1 and coverage < MIN_COVERAGE:
        return None  # a search whose best clause does not hold the task asked about
    label, parts = (RESPONSIBLE_RE, duty_parts) if question.wants_unit and not when else (DEADLINE_RE, _deadline_parts)
    line = _item_duty_line(clause, clauses_of(clause.doc_id), label)
    quote, spans = parts(line.text) if line is not None else ("", [])
    if line is None or not spans:
        return None
    hit = ScoredChunk(line, 0.0, None, None, f"the duty line of {search_form(clause.path_text)[-20:]}")
    return Draft(f"{quote}[1]", True, [hit], "the item's duty line", {1: spans})

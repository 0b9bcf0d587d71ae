"""Who leads a task, when the clause that sets it has no duty line of its own.

Plans often close a numbered item with its duty line as a line of its own (8.全面建设… then
牵头单位：市生态环境局 配合单位：…), which becomes a chunk of its own under the same heading. A 牵头单位
question about such a clause (a follow-up pinned to the clause an answer cited, or the best clause of
a search) is answered from its item's duty line: under the clause's own heading first, then its parent's,
the nearest one after the clause first.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.extractive import MIN_COVERAGE, Draft, duty_parts
from assistant.documents import Chunk, ScoredChunk
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import search_form
from assistant.text.patterns import RESPONSIBLE_RE

ClausesOf = Callable[[str], list[Chunk]]
LEVELS_UP = 1  # how far above the clause's own heading its item's duty line is looked for


def _item_duty_line(clause: Chunk, clauses: list[Chunk]) -> Chunk | None:
    """The duty line of the clause's item: a chunk under the same heading (or its parent) that states one."""
    path = tuple(clause.path)
    for depth in range(len(path), max(len(path) - LEVELS_UP, 1) - 1, -1):
        lines = [c for c in clauses if tuple(c.path[:depth]) == path[:depth] and RESPONSIBLE_RE.search(c.search_text)]
        if lines:
            return min(lines, key=lambda c: (c.start < clause.start, abs(c.start - clause.start)))
    return None


def answer_duty(result: SearchResult, clauses_of: ClausesOf) -> Draft | None:
    """The duty line of the answering clause's item for a 牵头单位 question, or None."""
    question = result.question
    if not question.wants_unit or len(result.scope.covered) > 1 or not result.hits:
        return None
    clause = result.hits[0].chunk
    coverage, _ = term_coverage(question, clause.search_text, clause.path_text)
    if len(result.hits) > 1 and coverage < MIN_COVERAGE:
        return None  # a search whose best clause does not hold the task asked about
    line = _item_duty_line(clause, clauses_of(clause.doc_id))
    quote, spans = duty_parts(line.text) if line is not None else ("", [])
    if line is None or not spans:
        return None
    hit = ScoredChunk(line, 0.0, None, None, f"the duty line of {search_form(clause.path_text)[-20:]}")
    return Draft(f"{quote}[1]", True, [hit], "the item's duty line", {1: spans})

"""Questions asking what is done (要采取哪些措施, 如何推进…) of a clause without items: answered with that clause's
sentences, one cited line each, when the best clause holds the asked words (items under a heading: `enumeration`).
"""

from __future__ import annotations

import re

from assistant.answer.answering_sentences import MIN_COVERAGE, sentences
from assistant.answer.extractive import Draft
from assistant.documents import ScoredChunk, Span
from assistant.ingest.headings import match_heading
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import HOW_CUES, MEASURE_NOUNS
from assistant.text.normalize import search_form
from assistant.text.patterns import DUTY_LINE_RE

MAX_SENTENCES = 6  # sentences of one clause quoted for a measures question
MEASURE_CLAUSES_LOOKED_AT = 3
MAX_MEASURE_CHARS = 480
MIN_MEASURE_CHARS = 3  # shorter "sentences" are cut-off fragments
# What measures are taken, asked as such (有什么具体措施, 采取哪些办法).
_WHAT_MEASURES_RE = re.compile(r"(?:(?:有|是|采取|包括)什么|哪些)(?:具体|主要|重点)?(?:措施|举措|办法|手段|做法)")


def asks_measures(result: SearchResult) -> bool:
    """Whether the question asks what is done (要采取哪些措施, 如何推进…), not a figure, a date or who."""
    question = result.question
    if question.wants_unit or question.wants_when:
        return False
    if _WHAT_MEASURES_RE.search(question.form):  # measures asked as such, even of a figure (甲率有哪些措施)
        return True
    if question.wants_number:
        return False
    listed = question.wants_list and any(word in question.form for word in MEASURE_NOUNS)
    return listed or any(cue in question.form for cue in HOW_CUES)


def measures_answer(result: SearchResult) -> Draft | None:
    """The sentences of the best clause of the asked region, one cited line each, for a measures question
    whose best clause holds the asked words; None otherwise (then one sentence answers it)."""
    if not asks_measures(result) or not result.hits or len(result.scope.covered) > 1:
        return None
    # A one-line clause (——甲率达到…, a target) states no measures: where measures are asked as such, the next
    # clause holding the asked words does.
    looked_at = MEASURE_CLAUSES_LOOKED_AT if _WHAT_MEASURES_RE.search(result.question.form) else 1
    for hit in result.hits[:looked_at]:
        coverage, _ = term_coverage(result.question, hit.chunk.search_text, hit.chunk.path_text, result.term_weights)
        if coverage < MIN_COVERAGE:
            return None
        draft = _clause_measures(result, hit)
        if draft is not None:
            return draft
    return None


def _clause_measures(result: SearchResult, hit: ScoredChunk) -> Draft | None:
    """A clause's measure sentences, one cited line each; None when it states fewer than two."""
    chunk = hit.chunk
    places = result.scope.enclosing
    lines: list[str] = []
    spans: list[Span] = []
    for start, end in sentences(hit):
        raw = chunk.text[start:end]
        text = raw.strip()
        heading = match_heading(search_form(text))
        if DUTY_LINE_RE.match(search_form(text)) or (
            heading and text[heading.marker_end :].rstrip("。") in chunk.path_text
        ):
            continue  # the clause's own heading, or who is responsible
        if len(text.rstrip("。；;")) < MIN_MEASURE_CHARS:
            continue  # a fragment, such as the last characters of a cut-off capture, is no measure
        if places and not any(p in search_form(text) for p in places):
            continue  # asked of a place inside the region (甲县怎么要求的): its own sentences only
        if sum(len(line) for line in lines) + len(text) > MAX_MEASURE_CHARS or len(lines) == MAX_SENTENCES:
            break
        at = start + len(raw) - len(raw.lstrip())
        spans.append((at, at + len(text)))
        lines.append(f"- {text}[1]")
    if len(lines) < 2:
        return None
    return Draft("\n".join(lines), True, [hit], "sentences of the asked clause", {1: spans})

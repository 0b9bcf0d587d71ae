"""The members of a set a plan names by its count and a shared last character (“四化”: four words of two
characters and 化, such as 资源化、减量化、无害化、规范化), asked as which they are (…“四化”分别是哪几化？): listed from the
plan's own lists of words ending in that character, when those lists come to the count and the plan names the set.

The plan seldom spells a set out where it names it: the members stand in lists of their own, one clause or more
away, sometimes split over two lists of one sentence. Any other count of such words leaves the question to the
other answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.document_record import retrieved_or_read
from assistant.answer.extractive import Draft, clause_number
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import aligned_form
from assistant.text.patterns import HAN

DocumentClauses = Callable[[str], list[Chunk]]
_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A set named by its count and one character, in quotes (“四化”), or asked back with that character (四化是哪四化).
_SET_RE = re.compile(rf"[“\"](?P<name>(?P<count>[{''.join(_COUNTS)}])(?P<char>[{HAN}]))[”\"]")
_WHICH_RE = re.compile(r"哪[几些一二两三四五六七八九十]|分别是|包括|是指")


def set_members_answer(result: SearchResult, document_clauses: DocumentClauses) -> Draft | None:
    """“四化”：资源化、减量化[1]、无害化、规范化[2], each member cited to its clause, when the question asks
    which members a count-named set of the one asked region's plan has; None otherwise."""
    form = result.question.form
    named = _SET_RE.search(form) or _asked_back(form)
    if named is None or not _WHICH_RE.search(form, named.end("name")) or len(result.scope.covered) > 1:
        return None
    count, char = _COUNTS[named["count"]], named["char"]
    for doc_id in result.scope.doc_ids:
        clauses = document_clauses(doc_id)
        if not any(named["name"] in aligned_form(c.text) for c in clauses):
            continue  # the plan does not name the set
        members = _members(clauses, char)
        if len(members) == count:
            return _listed(result, named["name"], members)
    return None


def _asked_back(form: str) -> re.Match[str] | None:
    """A set asked back by its own count and character (四化是哪四化, 四化分别是哪几化)."""
    pattern = rf"(?P<name>(?P<count>[{''.join(_COUNTS)}])(?P<char>[{HAN}]))[^？?]{{0,12}}?哪(?:几|(?P=count))(?P=char)"
    return re.search(pattern, form)


def _members(clauses: list[Chunk], char: str) -> list[tuple[Chunk, str, Span]]:
    """The distinct words of two characters and `char` (肥料化) that the plan lists (joined by 、 or a
    conjunction), each with its clause and span, in the plan's order."""
    word = rf"[{HAN}]{{2}}{re.escape(char)}"
    listed = re.compile(rf"{word}(?:[、和及与]{word})+")
    found: dict[str, tuple[Chunk, str, Span]] = {}
    for clause in clauses:
        for run in listed.finditer(aligned_form(clause.text)):
            for m in re.finditer(word, run.group()):
                span = (run.start() + m.start(), run.start() + m.end())
                found.setdefault(m.group(), (clause, clause.text[span[0] : span[1]], span))
    return list(found.values())


def _listed(result: SearchResult, name: str, members: list[tuple[Chunk, str, Span]]) -> Draft:
    """The answer naming each member, cited to the clause that lists it."""
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    numbered: list[tuple[str, int]] = []
    for clause, text, span in members:
        n = clause_number(hits, retrieved_or_read(result, clause, "a member of a set named by its count"))
        quotes.setdefault(n, []).append(span)
        numbered.append((text, n))
    # One marker after each run of members listed by the same clause.
    words = [
        text + (f"[{n}]" if k + 1 == len(numbered) or numbered[k + 1][1] != n else "")
        for k, (text, n) in enumerate(numbered)
    ]
    return Draft(f"“{name}”：{'、'.join(words)}", True, hits, "the members of a set named by its count", quotes)

"""What a plan sets out to reach (…有什么目标, …的主要目标是什么, 到2027年要实现什么目标), answered with the sentences
of its goals clause.

Plans state their goals in words under a heading of their own (主要目标, 总体目标, 行动目标), a year to each
part where they set several (2023年,…;2025年,…). A question asking for the goals and naming nothing else has no
asked word for the indicator table or a sentence to hold: it is answered with that clause's parts, one cited line
each — those of the asked year where the clause dates its parts, all of them (the year said to be unwritten) where
it dates none.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.document_record import retrieved_or_read
from assistant.answer.extractive import Draft, clause_number
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.ingest.headings import heading_label
from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import search_form
from assistant.text.patterns import YEAR

ClausesOf = Callable[[str], list[Chunk]]

# 有什么目标, 主要目标是什么, 要实现哪些目标, 目标有哪些: the goals asked for as such.
_GOAL_KINDS = "主要|总体|具体|基本|行动|工作|发展"
_ASKS_GOALS_RE = re.compile(
    rf"(?:什么|哪些|哪几个)(?:{_GOAL_KINDS})?目标"
    rf"|(?:{_GOAL_KINDS})?目标(?:任务)?(?:是什么|有哪些|有什么|包括(?:什么|哪些))"
)
# A heading naming the plan's goals (主要目标, 總體目標, 行动目标), not an item that reaches one (实现碳达峰目标).
_GOAL_HEADING_RE = re.compile(r"^[\u4e00-\u9fff]{0,4}目标(?:任务|要求)?$")
_PART_RE = re.compile(r"[^。；;]+[。；;]?")
# A year a part sets its goal for, not the base it compares with (比2016年减少…).
_SET_FOR_YEAR_RE = re.compile(rf"(?<![比较与])(?<!\d)({YEAR})(?!\d)")
MAX_PARTS = 8
MAX_CHARS = 600
MIN_PART_CHARS = 6  # shorter parts are fragments of a cut-off capture


def asks_goals(result: SearchResult) -> bool:
    """Whether the question asks what the plan's goals are, naming no indicator or task of its own."""
    question = result.question
    found = _ASKS_GOALS_RE.search(question.form)
    if found is None:
        return False
    # The goals' own kind (总体, 主要) is part of the asking, and words of the plan's title (甲先行区的主要目标) say
    # which plan: neither names something else.
    title = search_form(result.hits[0].chunk.title) if result.hits else ""
    return all(found.start() <= question.form.find(t) < found.end() or t in title for t in asked_terms(question))


def _goal_heading(clauses: list[Chunk]) -> tuple[str, ...] | None:
    """The path of the plan's goals heading: the first heading naming goals, or a heading under it that names
    them again (三、行动目标 › (一)总体目标), not the indicator lists beside it."""
    found: tuple[str, ...] | None = None
    for clause in clauses:
        for depth in range(1, len(clause.path) + 1):
            head = tuple(clause.path[:depth])
            if not _GOAL_HEADING_RE.match(_label(head[-1])):
                continue
            if found is None or (head[: len(found)] == found and len(head) > len(found)):
                found = head
        if found is not None and tuple(clause.path[: len(found)]) != found:
            break  # past the goals section
    return found


def _label(heading: str) -> str:
    return heading_label(search_form(heading))


def _parts(clause: Chunk) -> list[tuple[int, int]]:
    """The spans of a clause's sentences and semicolon parts (its heading line left out)."""
    spans = []
    for found in _PART_RE.finditer(clause.text):
        text = found.group(0).strip()
        if len(text.rstrip("。；;")) < MIN_PART_CHARS or text.rstrip("。；;") in clause.path_text:
            continue
        start = found.start() + len(found.group(0)) - len(found.group(0).lstrip())
        spans.append((start, start + len(text)))
    return spans


def goals_answer(result: SearchResult, clauses_of: ClausesOf) -> Draft | None:
    """The goals clause's parts (of the asked year, where the clause dates them) of the one plan asked about,
    each cited; None when the question asks something else, or the plan has no goals heading or no part of the
    asked year while dating others."""
    if not result.hits or len(result.scope.covered) != 1 or not asks_goals(result):
        return None
    clauses = clauses_of(result.hits[0].chunk.doc_id)
    head = _goal_heading(clauses)
    if head is None:
        return None
    under = [c for c in clauses if tuple(c.path[: len(head)]) == head]
    parts = [(clause, span, years) for clause in under for span, years in _dated_parts(clause)]
    asked = set(result.question.years)
    note = ""
    if asked:
        if not any(years for _, _, years in parts):
            note = "（文件未写明年份）"
        else:
            parts = [part for part in parts if asked & part[2]]
            if not parts:
                return None  # the plan dates its goals, none of them the asked year
    return _draft(result, head, [(clause, span) for clause, span, _ in parts], note)


def _dated_parts(clause: Chunk) -> list[tuple[Span, set[str]]]:
    """A clause's parts, each with the years it is set for: those it names, or else those of the part before
    (到2018年底,…。全市…不低于…; the figures after the year are its goals too)."""
    dated = []
    years: set[str] = set()
    for start, end in _parts(clause):
        named = set(_SET_FOR_YEAR_RE.findall(clause.text[start:end]))
        years = named or years
        dated.append(((start, end), years))
    return dated


def _draft(result: SearchResult, head: tuple[str, ...], parts: list[tuple[Chunk, Span]], note: str) -> Draft | None:
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    lines = [f"{_label(head[-1])}{note}："]  # the label alone: a heading's number (1.) is no figure to cite
    total = 0
    for clause, (start, end) in parts:
        text = clause.text[start:end]
        if len(lines) > MAX_PARTS or (total + len(text) > MAX_CHARS and total):
            lines.append("（另有若干项未列出）")
            break
        total += len(text)
        n = clause_number(hits, retrieved_or_read(result, clause, "the plan's goals"))
        quotes.setdefault(n, []).append((start, end))
        lines.append(f"- {text}[{n}]")
    if not hits:
        return None
    return Draft("\n".join(lines), True, hits, "the plan's goals", quotes)

"""How long a plan runs (…规划的规划期是哪几年？): the span of years the plan states for
itself, quoted and cited.

Search finds clauses by their words, and "规划期是哪几年" shares none with "“十四五”时期(2021-2025年)" or with
a title ending in (2021—2035年). The plan states its own span in a few forms: a term named with its years
(规划期限为2021—2035年), a five-year plan's period with its years in brackets, or the years in its title. A
title naming only the five-year plan (“十四五”规划) gives the period in those words: its years are not written,
and an answer states only what a clause writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.document_record import asked_document, retrieved_or_read
from assistant.answer.extractive import Draft
from assistant.documents import Chunk, DocumentMeta
from assistant.indicators.periods import FIVE_YEAR_PLAN_RE
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import PLAN_TERM_WORDS
from assistant.text.normalize import aligned_form
from assistant.text.patterns import WHICH_YEARS, YEAR_SPAN, longest_first

ClausesOf = Callable[[str], list[Chunk]]

_TERMS = longest_first(PLAN_TERM_WORDS)
# The term asked right after its word (规划期是哪几年, 规划期限从哪年到哪年), not a time inside it (规划期内要建几座).
_ASKS_WHEN_RE = re.compile(r"(?:是|为|从|有|共|一共|具体)*(?:哪|几|多少|多长|多久|什么|起止)")
# 规划期限为2021—2035年, 规划期:2021年至2025年
_TERM_STATED_RE = re.compile(rf"(?:{_TERMS})\s*(?:为|是|从|[:：])?\s*[(（]?\s*(?P<years>{YEAR_SPAN})")
# “十四五”时期(2021-2025年)
_PLAN_YEARS_RE = re.compile(rf"{FIVE_YEAR_PLAN_RE.pattern}\s*[(（]\s*{YEAR_SPAN}\s*[)）]")
_BRACKETED_SPAN_RE = re.compile(rf"[(（]\s*{YEAR_SPAN}\s*[)）]")


# Which years a plan itself is for, asked right after its kind (…行动方案是哪几年的, …规划从哪年到哪年).
_YEARS_OF_PLAN_RE = re.compile(rf"(?:方案|规划|计划|纲要)[^，,。;；]{{0,5}}?{WHICH_YEARS}的?[呢啊呀?？\s]*$")


def asks_plan_term(form: str) -> str | None:
    """The word a question (search form) asks a plan's span of years by (规划期, 规划期限), or None. Which
    years a plan named by its kind is for asks its term too (…方案是哪几年的: its term)."""
    term = re.search(_TERMS, form)
    # The term asked, or named last (…方案的执行期限？): what is asked is the term itself.
    if term and (_ASKS_WHEN_RE.match(form, term.end()) or not form[term.end() :].strip(" ?？呢")):
        return term.group(0)
    return "实施年限" if _YEARS_OF_PLAN_RE.search(form) else None


def plan_term_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """ "《标题》的规划期：<the span as written>[1]" for a question asking a plan's span of years, from the first
    clause of the asked document that states it; None when the question asks no such thing or no clause states
    the span (the question is then answered by sentences)."""
    term = asks_plan_term(result.question.form)
    if term is None or not result.scope.doc_ids:
        return None
    document = asked_document(result.question, result, documents)
    if document is None:
        return None
    stated = _stated_span(clauses_of(document.doc_id), document.title)
    if stated is None:
        return None
    clause, (start, end) = stated
    hit = retrieved_or_read(result, clause, "the plan's span of years")
    said = re.sub(r"\s+", "", clause.text[start:end])
    said = said[1:-1] if _BRACKETED_SPAN_RE.fullmatch(said) else said
    said += "时期" if re.fullmatch(FIVE_YEAR_PLAN_RE, said) and not said.endswith(("期间", "时期", "末")) else ""
    return Draft(f"《{document.title}》的{term}：{said}[1]", True, [hit], "plan term", {1: [(start, end)]})


def _stated_span(clauses: list[Chunk], title: str) -> tuple[Chunk, tuple[int, int]] | None:
    """Where the plan states its span, best form first: a term named with its years, a five-year plan's period
    with its years, the years its title gives (as the title stands in a clause), the five-year plan its title
    names."""
    titled = aligned_form(title)
    in_title = _BRACKETED_SPAN_RE.search(titled) or re.search(YEAR_SPAN, titled)
    plan = FIVE_YEAR_PLAN_RE.search(titled)
    forms = [aligned_form(clause.text) for clause in clauses]  # each clause read once, whichever form finds it
    for pattern in (
        _TERM_STATED_RE,
        _PLAN_YEARS_RE,
        re.compile(re.escape(in_title.group(0))) if in_title else None,
        re.compile(re.escape(plan.group(0))) if plan else None,
    ):
        if pattern is None:
            continue
        for clause, form in zip(clauses, forms):
            found = pattern.search(form)
            if found:
                return clause, found.span("years") if "years" in pattern.groupindex else found.span()
    return None

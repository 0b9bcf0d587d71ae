"""The offline answer: which of the extractive answerers speaks for a question, in order — a deadline asked by its
label (…的完成时限), a listed count, a set named by its count, the plan's goals, the indicator table when it settles
the question (not a measures question), a heading's items or measures, the answering sentence (checked against the
table); then, for a refusal, a duty line, a cited document's number (or which record field a named plan leaves
out), figures a sentence states respectively for the things asked, a count inside a set's name, or a figure read
from the clause's sentence part on evidence."""

from __future__ import annotations

from assistant.answer.cited_documents import cited_number_answer, unstated_cited_number
from assistant.answer.clause_measures import asks_measures, measures_answer
from assistant.answer.counted_lists import (
    bracketed_members_answer,
    counted_list_answer,
    defined_set_answer,
    divided_answer,
    listed_kind_answer,
)
from assistant.answer.counted_paragraphs import counted_paragraphs_answer
from assistant.answer.described import answer_described, replaces
from assistant.answer.document_record import unstated_record
from assistant.answer.duty_lines import answer_duty, asks_deadline
from assistant.answer.enumeration import list_answer
from assistant.answer.extractive import Draft, extract_answer
from assistant.answer.goal_statements import goals_answer
from assistant.answer.listed_titles import listed_titles_answer
from assistant.answer.numbered_names import numbered_name_answer
from assistant.answer.respective_figures import respective_answer
from assistant.answer.set_members import set_members_answer
from assistant.answer.table_decision import TableDecision, check_sentence_answer
from assistant.retrieval.retriever import Retriever, SearchResult


def offline_answer(packed: SearchResult, table: TableDecision, retriever: Retriever, today_year: int) -> Draft:
    """The extractive answer to a question over the clauses packed for it (`table`: the indicator table's
    decision, taken before any sentence is quoted), or its refusal."""
    if asks_deadline(packed):  # …的完成时限, 这项工作什么时候完成: the item's deadline line, before any figure
        deadline = answer_duty(packed, retriever.document_clauses)
        if deadline is not None:
            return deadline
    draft = _quoted(packed, table, retriever)
    draft = unstated_cited_number(packed, retriever.index.documents, draft) or draft
    if not draft.found and draft.reason == "no clause answers":
        draft = answer_duty(packed, retriever.document_clauses) or draft
    if not draft.found:  # the plan's own record and sentences did not answer: a document it cites may
        documents = retriever.index.documents
        draft = cited_number_answer(packed, documents, retriever.document_clauses) or draft
        if not draft.found and draft.reason == "no clause answers":
            draft = unstated_record(packed, documents) or draft  # say which field the named plan leaves out
    if not replaces(draft):
        return draft
    respective = respective_answer(packed)  # 甲和乙…分别…: their figures stated in one part, after both are named
    if respective is not None:
        return respective
    numbered = numbered_name_answer(packed, retriever.document_clauses)
    if numbered is not None:
        return numbered
    described = answer_described(
        packed, retriever.indicators, retriever.embeddings, retriever.index.documents, today_year
    )
    return described or draft


def _quoted(packed: SearchResult, table: TableDecision, retriever: Retriever) -> Draft:
    """The document's record, the table's answer, an enumerated list or the answering sentence (or their
    refusal)."""
    if table.recorded and table.draft is not None:
        return table.draft
    # A listed count answers which items, not how many; so do a counted name's bracketed members.
    counted = (
        counted_list_answer(packed)
        or bracketed_members_answer(packed)
        or defined_set_answer(packed)
        or listed_kind_answer(packed)
        or divided_answer(packed)
        or listed_titles_answer(packed)  # 哪几个规划: the titles a clause lists
    )
    if counted is not None:
        return counted
    members = set_members_answer(packed, retriever.document_clauses) or counted_paragraphs_answer(
        packed, retriever.document_clauses
    )  # “四化”分别是哪几化; 三项“甲乙”是什么, its items opening paragraphs
    if members is not None:
        return members
    goals = goals_answer(packed, retriever.document_clauses)  # 2025年有什么目标: the plan's goals clause
    if goals is not None:
        return goals
    if table.settles and table.draft is not None and not asks_measures(packed):  # 有什么措施 asks no figure
        return table.draft
    listed = list_answer(packed, retriever.clauses_under) or measures_answer(packed)
    if listed is not None:
        return listed
    return check_sentence_answer(packed, retriever.indicators, table, extract_answer(packed))

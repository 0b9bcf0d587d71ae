"""The 文号 of a document a plan cites (根据《甲市人民政府关于印发…的通知》(甲政发〔2018〕21号)), or the years its
title gives (《甲乙规划(2021-2027年)》), asked by words of its title the plan's own title lacks (the city's 实施方案
a district plan follows), answered from the clause that cites it, as written there.

A plan's own record (document_record) answers for the plan. A cited number is asked only once the plan's record and
sentences did not answer (answer/offline_answer); cited years are asked with the record (answer/chain), before the
plan's own term, as they answer only a question naming the cited document as a document (…的甲乙规划, …乙丙计划).
Each answers only when the question's words point past the plan's title, and never guesses between two cited
documents.
"""

from __future__ import annotations

import re

from assistant.answer.document_record import LABELS, ClausesOf, asked_document, asked_record, retrieved_or_read
from assistant.answer.extractive import NOT_FOUND, Draft, clause_number
from assistant.documents import Chunk, DocumentMeta, ScoredChunk
from assistant.retrieval.question import Question, place_names
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import CITING_WORDS, DRAFTING_VERBS, ISSUING_VERBS, TITLE_ENDINGS
from assistant.text.normalize import search_form
from assistant.text.patterns import BOOK_TITLE_RE, DOC_NUMBER_RE, WHICH_YEARS, YEAR_SPAN

# A cited title and the number in brackets right after it, as plans cite (full-width or ASCII brackets).
_CITED_RE = re.compile(rf"《([^》\n]{{4,120}})》\s*[(（]\s*({DOC_NUMBER_RE.pattern})\s*[)）]")
_WHICH_YEARS_RE = re.compile(rf"{WHICH_YEARS}|起止年份?")
# A document named in a question: a word, more words of its name, then the kind of document (…的甲乙规划).
_NAMED_AS_DOCUMENT = rf"[\u4e00-\u9fff“”\"]{{0,12}}?(?:{'|'.join(TITLE_ENDINGS)})"
_SPAN_RE = re.compile(YEAR_SPAN)


def unstated_cited_number(result: SearchResult, documents: list[DocumentMeta], draft: Draft) -> Draft | None:
    """The refusal of a quoted answer to the 文号 of a document a plan cites (根据…, 依据…) by another place's name
    (甲市…文件之文号, asked of 乙县's plan) when no quote names that place: a number cited there is another
    document's; None otherwise (a question citing nothing asks the plan's own number, 甲市乙县…之文号 included)."""
    if not (draft.found and draft.quotes and any(w in result.question.form for w in CITING_WORDS)):
        return None  # checked first: this runs for every question
    asked = asked_record(result, documents)
    if asked is None or asked[0] != ["doc_number"]:
        return None
    question, document = result.question, asked[1]
    own = _own_words(document)
    places = [p for p in question.places if p.short not in own and p.name not in own]
    quoted = " ".join(
        search_form(draft.hits[n - 1].chunk.text[a:b]) for n, spans in draft.quotes.items() for a, b in spans
    )
    if not places or any(p.short in quoted for p in places):
        return None
    return Draft(
        f"{NOT_FOUND}：《{document.title}》没有写明{'、'.join(p.name for p in places)}所发文件的"
        f"{LABELS['doc_number']}。",
        False,
        [],
        "another place's document number not cited",
    )


def cited_number_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """The cited title and its number, cited to the clause citing them, when the question asks a 文号 and its words
    beyond the asked plan's title name one document that plan cites with its number; None otherwise."""
    asked = asked_record(result, documents)
    if asked is None or asked[0] != ["doc_number"]:  # the number alone is asked
        return None
    question, document = result.question, asked[1]
    own = _own_words(document)
    places = [p for p in place_names(question.places) if p not in own]
    words = _words_past_title(question, document, tuple(places))
    # A cited document is asked as one (根据…, 依据的…) or by another place's name; else the question is the plan's.
    if not places and not any(w in question.form for w in CITING_WORDS):
        return None
    # A plan stating its own number answers for itself unless another place's document is named.
    found = _the_one_cited(words, clauses_of(document.doc_id), places if document.doc_number else None)
    if found is None:
        return None
    clause, match = found
    hits: list[ScoredChunk] = []
    n = clause_number(hits, retrieved_or_read(result, clause, "a cited document's number"))
    text = f"《{match.group(1).strip()}》的{LABELS['doc_number']}：{match.group(2)}[{n}]"
    return Draft(text, True, hits, "cited document's number", {n: [match.span(2)]})


def _the_one_cited(
    words: list[str], clauses: list[Chunk], places: list[str] | None = None
) -> tuple[Chunk, re.Match[str]] | None:
    """The one cited title that holds an asked word no other cited title (of another number) holds — a word
    besides a kind of document (实施方案 is shared by many), one of `places` when given; None when there is no
    such title or more than one."""
    cited = [(clause, m, search_form(m.group(1))) for clause in clauses for m in _CITED_RE.finditer(clause.text)]
    numbers = [re.sub(r"\s", "", m.group(2)) for _, m, _ in cited]
    telling = [w for w in words if not w.endswith(TITLE_ENDINGS) and (places is None or w in places)]
    chosen = {
        number: (clause, m)
        for (clause, m, title), number in zip(cited, numbers)
        if any(
            w in title and not any(w in other for (_, _, other), n in zip(cited, numbers) if n != number)
            for w in telling
        )
    }
    return next(iter(chosen.values())) if len(chosen) == 1 else None


def _own_words(document: DocumentMeta) -> str:
    """The plan's own title (search form) and region: the words naming the plan itself, not a document it cites."""
    return f"{search_form(document.title)} {document.region or ''}"


def _words_past_title(question: Question, document: DocumentMeta, places: tuple[str, ...] = ()) -> list[str]:
    """The question's words (and `places`) the plan's own title and region lack: they may name a document it cites.
    Words any notice's title holds (印发, 制定) name none."""
    own = _own_words(document)
    return [
        w
        for w in (*question.key_terms, *places)
        if len(w) >= 2 and w not in own and w not in ISSUING_VERBS and w not in DRAFTING_VERBS
    ]


def cited_term_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """ "《cited title》的实施年限：<years as its title writes them>[1]" when the question asks which years and names a
    document (…的甲乙规划) by words past the asked plan's title that stand in titles the plan cites, all giving the same
    years; None otherwise (the plan's own term is `plan_term`'s)."""
    question = result.question
    if not _WHICH_YEARS_RE.search(question.form) or not result.scope.doc_ids:
        return None
    document = asked_document(question, result, documents)
    if document is None:
        return None
    telling = [
        w
        for w in _words_past_title(question, document)
        if not w.endswith(TITLE_ENDINGS)
        and w not in CITING_WORDS
        and re.search(re.escape(w) + _NAMED_AS_DOCUMENT, question.form)
    ]
    found = [
        (clause, title, span)
        for clause in clauses_of(document.doc_id)
        for title in BOOK_TITLE_RE.finditer(clause.text)
        if (span := _SPAN_RE.search(title.group(0))) and any(w in search_form(title.group(0)) for w in telling)
    ]
    if not found or len({re.sub(r"\s", "", span.group(0)) for _, _, span in found}) > 1:
        return None
    clause, title, span = found[0]
    start, end = title.start() + span.start(), title.start() + span.end()
    hits: list[ScoredChunk] = []
    n = clause_number(hits, retrieved_or_read(result, clause, "a cited document's years"))
    years = re.sub(r"\s", "", span.group(0))
    return Draft(f"{title.group(0)}的实施年限：{years}[{n}]", True, hits, "cited document's years", {n: [(start, end)]})

"""Who drew a document up (…规划是由哪个部门负责编制的？): the sentence in which a body says it drew up this
very document; when none does, a refusal that gives the document's issuer (who issued a plan need not be who
drew it up).

A plan often says who drafted it (为…，市生态环境局等七部门…，制定本实施方案; a news report: …，环境保护局…，完成编制
《澳门环境保护规划(2021-2025)》文本). The body opens a part of the sentence before the drafting verb, whose
object is the document itself (本方案, or its title in 《》). A preamble alone (为贯彻落实…，制定本方案) names no
body and answers nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.document_record import LABELS, asked_document, cite_stated, retrieved_or_read, stated_value
from assistant.answer.extractive import NOT_FOUND, Draft
from assistant.documents import Chunk, DocumentMeta, ScoredChunk, Span
from assistant.retrieval.named_document import named_document
from assistant.retrieval.question import Question
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import (
    DRAFTING_VERBS,
    HOW_MANY_BODIES,
    ISSUER_ENDINGS,
    TITLE_ENDINGS,
    WHEN_WORDS,
    WHO_WORDS,
)
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import BOOK_TITLE_RE, BRACKETED_RE, HAN, PART_RE, SENTENCE_END, longest_first
from assistant.text.thesaurus import codes

ClausesOf = Callable[[str], list[Chunk]]

_ENDINGS = longest_first(ISSUER_ENDINGS)
# A body opening a part of a sentence (市生态环境局等七部门…): no preposition or verb of a preamble inside (为贯彻…).
_BODY_OPENING_RE = re.compile(
    rf"\s*(?P<name>[{HAN}]{{1,14}}?(?:{_ENDINGS}))(?:等[一二三四五六七八九十\d]{{1,3}}个?(?:部门|单位))?"
)
_NOT_IN_A_BODY = set("为按据照根依贯彻落关于在对要将把")
_DRAFTED_RE = re.compile(
    rf"(?:{'|'.join(DRAFTING_VERBS)})了?\s*"
    # 我区《实施意见》: the place's own document, named by its kind.
    r"(?:本(?:实施|行动|工作)?(?:方案|规划|计划|意见|要点|办法|细则|纲要)|(?:[我本][省市区县州旗盟])?《(?P<title>[^》]{2,60})》)"
)
_SELF_NAMED_RE = re.compile(rf"(?:这个|这项|该|本)(?:实施|行动|工作)?(?:{'|'.join(TITLE_ENDINGS)})")
_SENTENCE_RE = re.compile(rf"[^{SENTENCE_END}\n]+")
_KINDS = longest_first(TITLE_ENDINGS)
_KIND_RE = re.compile(_KINDS)
_COUNTED_KIND_RE = re.compile(rf"[一二两三四五六七八九十几\d]个(?=(?:{_KINDS}))")
_LISTED_RE = re.compile(r"[、和及与]")  # 甲、乙和丙…规划: items sharing one kind
MAX_LISTED_CHARS = 40


def asks_drafter(form: str) -> bool:
    """Whether a question (search form) asks who drew a document up (…由哪个单位编制, 几个部门制定的)."""
    return (
        any(verb in form for verb in DRAFTING_VERBS)
        and any(word in form for word in (*WHO_WORDS, *HOW_MANY_BODIES))
        and any(ending in form for ending in TITLE_ENDINGS)
    )


# A time asked of a drafting verb (…什么时候编制的, …编制的日期): when the plan was drawn up.
_DRAFTED_WHEN_WORDS = (*WHEN_WORDS, "时间", "哪年", "哪一年")


def asks_when_drafted(form: str) -> bool:
    """Whether a question (search form) asks when a document was drawn up (a drafting verb and a time asked)."""
    return any(verb in form for verb in DRAFTING_VERBS) and any(word in form for word in _DRAFTED_WHEN_WORDS)


def cover_date_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """ "《标题》封面所署年月：<as written>[1]" for a question asking when the asked plan was drawn up, when its cover
    gives the year and month; None otherwise (the notice's 成文日期 is another date, answered as a record)."""
    if not asks_when_drafted(result.question.form) or asks_drafter(result.question.form) or not result.scope.doc_ids:
        return None
    document = asked_document(result.question, result, documents)
    if document is None or not document.cover_date:
        return None
    for clause in clauses_of(document.doc_id):
        at = clause.text.find(document.cover_date)
        if at >= 0:
            hit = retrieved_or_read(result, clause, "the plan's cover date")
            span = (at, at + len(document.cover_date))
            return Draft(
                f"《{document.title}》封面所署年月：{document.cover_date}[1]", True, [hit], "cover date", {1: [span]}
            )
    return None


def drafter_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """The sentence of the asked document saying which body drew it up, quoted and cited; else a refusal quoting
    its issuer as the record states it; None when the question asks no such thing, or names a document other than
    one in scope (a plan a task is to draw up)."""
    question = result.question
    if not asks_drafter(question.form) or not result.scope.doc_ids:
        return None
    document = asked_document(question, result, documents)
    if document is None:
        return None
    names_it = _names_document(question, document)
    for clause in clauses_of(document.doc_id):
        span = _drafting_sentence(clause, question.form, names_it)
        if span is not None:
            hit = retrieved_or_read(result, clause, "the sentence saying who drew the document up")
            sentence = Draft(f"{clause.text[span[0] : span[1]]}[1]", True, [hit], "drafting body", {1: [span]})
            return _with_full_name(sentence, document, result, clauses_of)
    labelled = _drafter_field(clauses_of(document.doc_id))
    if labelled is not None:
        clause, span = labelled
        hit = retrieved_or_read(result, clause, "the field naming who drew the document up")
        text = f"《{document.title}》的编制单位：{clause.text[span[0] : span[1]]}[1]"
        return Draft(text, True, [hit], "drafting body field", {1: [span]})
    stated = stated_value(document, "issuer", result, clauses_of) if names_it else []
    if not stated:
        return None
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    issuer = cite_stated(stated, "issuer", hits, quotes)
    text = f"{NOT_FOUND}：文件未写明由哪个单位编制；《{document.title}》的{LABELS['issuer']}：{issuer}"
    return Draft(text, False, hits, "drafting body not stated", quotes)


# A plan's cover names who drew it up in a field (编制单位:甲省环境科学研究院), up to the body's kind.
_DRAFTER_FIELD_RE = re.compile(
    rf"(?:{'|'.join(DRAFTING_VERBS)})单位\s*[:：]\s*(?P<name>[{HAN}（）()]{{2,30}}?"
    r"(?:研究院|设计院|研究所|研究中心|中心|公司|大学|学院|委员会|院|所|局|厅))"
)


def _drafter_field(clauses: list[Chunk]) -> tuple[Chunk, Span] | None:
    """The clause of a document whose field names who drew it up (编制单位:…), and the name's span."""
    for clause in clauses:
        found = _DRAFTER_FIELD_RE.search(clause.text)
        if found is not None:
            return clause, found.span("name")
    return None


def _with_full_name(draft: Draft, document: DocumentMeta, result: SearchResult, clauses_of: ClausesOf) -> Draft:
    """The drafting sentence, followed by the issuer's full name when the sentence names the body in short
    (淮上分局 for 甲区自然资源和规划分局, the notice's signer): staff need the name as it is signed."""
    body = _BODY_OPENING_RE.match(draft.text)
    issuer = document.issuer or ""
    if body is None or not _shortens(search_form(body.group("name")), search_form(issuer)):
        return draft
    stated = stated_value(document, "issuer", result, clauses_of)
    if not stated:
        return draft
    hits = list(draft.hits)
    quotes = {n: list(spans) for n, spans in draft.quotes.items()}
    name = cite_stated(stated, "issuer", hits, quotes)
    return Draft(f"{draft.text}；《{document.title}》的{LABELS['issuer']}：{name}", True, hits, draft.reason, quotes)


def _shortens(short: str, full: str) -> bool:
    """Whether a body's name is the short form of another's: its first two and last two characters the same,
    the rest in order (淮上分局 ~ 淮上区自然资源和规划分局)."""
    if not 4 <= len(short) < len(full) or full[:2] != short[:2] or full[-2:] != short[-2:]:
        return False
    rest = iter(full[2:-2])
    return all(char in rest for char in short[2:-2])


def _names_document(question: Question, document: DocumentMeta) -> bool:
    """Whether the question names the document itself (its title, in full or shortened, or 该方案)."""
    return bool(_SELF_NAMED_RE.search(question.form) or named_document(question.form, search_form(document.title)))


def _drafting_sentence(clause: Chunk, form: str, names_it: bool) -> tuple[int, int] | None:
    """The span of `clause` in which a body, opening a part of a sentence, draws up the asked document (本方案
    when the question names that document, or a title in 《》 the question names): from the body to the end
    of the part holding the document's name."""
    text = aligned_form(clause.text)
    for sentence in _SENTENCE_RE.finditer(text):
        for drafted in _DRAFTED_RE.finditer(text, sentence.start(), sentence.end()):
            title = drafted.group("title")
            if not ((names_it and title is None) or (title and _names_title(form, title))):
                continue
            parts = list(PART_RE.finditer(text, sentence.start(), sentence.end()))
            body = next(
                (p for p in reversed(parts) if p.start() <= drafted.start() and _opens_with_body(p.group())), None
            )
            # 关于 outside 《》 between the body and the verb: the body issued a document the sentence cites
            # (中共甲市委,甲市人民政府关于…的指导意见…,制定本行动计划); it did not draw this one up.
            if body is not None and "关于" not in BOOK_TITLE_RE.sub("", text[body.start() : drafted.start()]):
                end = next(p.end() for p in parts if p.end() >= drafted.end())
                return body.start() + len(body.group()) - len(body.group().lstrip()), end
    return None


def _names_title(form: str, title: str) -> bool:
    """Whether a question names a document drawn up under this title: the title itself, or words of it ending in
    its kind, alone or as one of several sharing it (甲市绿地系统、乙和丙三个规划 names 《甲市城市绿地系统规划
    (2021—2035年)(征求意见稿)》; a count of documents before the kind says how many, not which)."""
    title = re.sub(r"\s", "", title)
    if title in form:
        return True
    core = search_form(BRACKETED_RE.sub("", title))  # (2021—2035年), (征求意见稿) after its words
    form = _COUNTED_KIND_RE.sub("", form)
    if named_document(form, core) is not None:
        return True
    for kind in _KIND_RE.finditer(form):
        items = _LISTED_RE.split(form[max(0, kind.start() - MAX_LISTED_CHARS) : kind.start()])
        if len(items) > 1 and any(named_document(item + kind.group(), core) for item in items if item):
            return True
    return False


def _opens_with_body(part: str) -> bool:
    """Whether a part of a sentence opens with a body's name (市生态环境局等七部门商…): not a preamble's words,
    not the opening of a document's title the body issued (甲市人民政府关于…的意见), and not a word the ending
    begins (开创…新局面)."""
    body = _BODY_OPENING_RE.match(part)
    if body is None or _NOT_IN_A_BODY & set(body.group()):
        return False
    end = body.end("name")
    return not part.startswith("关于", end) and not (end < len(part) and codes(part[end - 1 : end + 1]))

"""Questions about a document itself — its 发文字号, 成文日期, 发布日期, 发文机关 — answered from the
document's record (read by ingest/metadata.py), cited to the clause that states the value as written.

Search finds clauses by their words, but the line "拱政办发〔2018〕42号" shares no word with "文号是什么";
the record knows which line it is. Nothing is answered that no clause states (the citation is the
evidence), and a document whose record lacks the field is left to the sentence answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.extractive import NOT_FOUND, Draft, clause_number
from assistant.documents import Chunk, DocumentMeta, ScoredChunk, Span
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.named_document import named_document
from assistant.retrieval.question import Question
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import ISSUING_VERBS, RECORD_FIELD_WORDS, TITLE_ENDINGS, WHEN_WORDS, WHO_WORDS
from assistant.text.normalize import CHINESE_DATE_RE, aligned_form, chinese_date, search_form
from assistant.text.patterns import BOOK_TITLE_RE, PART_RE, WRITTEN_DATE_RE

LABELS = {"doc_number": "发文字号", "written_date": "成文日期", "published_date": "发布日期", "issuer": "发文机关"}

ClausesOf = Callable[[str], list[Chunk]]
PUBLISHING_VERBS = ("发布", "公布")  # of ISSUING_VERBS, those that ask when it was made public
_SIGNED_APART_RE = re.compile(r"\s+")  # cosigners on their lines or side by side, listed with 、
# "When" right before a bare 发 and its 的 or 了 (哪天发的通知): spoken for 印发, not a word of its own (发电, 发展).
_WHEN_SENT_RE = re.compile(rf"(?:{'|'.join(WHEN_WORDS)})发(?=[的了])")


def asked_fields(form: str) -> list[str]:
    """The record fields a question (search form) asks for, in the order it asks them (什么时候印发、由谁发布:
    the date, then the issuer). Apart from 文号, the question must name the document (…方案, …通知, 文件):
    "预警信息由谁发布" asks who issues a warning, not the plan."""
    found: dict[str, int] = {}
    named = any(word in form for word in (*TITLE_ENDINGS, "文件"))
    for name, words in RECORD_FIELD_WORDS.items():
        at = [form.find(w) for w in words if w in form]
        if at and (named or name == "doc_number"):
            found[name] = min(at)
    verbs = sorted((m.start(), v) for v in ISSUING_VERBS for m in re.finditer(v, form))
    spoken = _WHEN_SENT_RE.search(form)
    if not verbs and spoken:  # 哪天发的: 印发 said as 发
        verbs = [(spoken.end() - 1, "发")]
    # A verb inside a field's name (发布 of 发布时间) asks that field; each other verb asks its own date — only those
    # whose part of the question asks when, if any does (印发时间和发布时间, 哪天印发、哪天发布; 什么时候印发，由谁发布
    # asks one date).
    named_fields = [m.span() for ws in RECORD_FIELD_WORDS.values() for w in ws for m in re.finditer(w, form)]
    free = [(at, said) for at, said in verbs if not any(a <= at < b for a, b in named_fields)]
    dated = [(at, said) for at, said in free if any(w in _part_at(form, at) for w in WHEN_WORDS)]
    # With no verb's own part asking when, a verb asks a date only where no date field is named (成文日期是哪天，
    # 由谁发布: the issuer, no second date).
    free = dated or ([] if {"written_date", "published_date"} & found.keys() else free)
    if named and free and any(word in form for word in WHEN_WORDS):
        # 什么时候发布的: the page's 发布日期 where it gives one, then the date the document was written.
        published = [at for at, said in free if said in PUBLISHING_VERBS]
        written = [at for at, said in free if said not in PUBLISHING_VERBS]
        if published:
            found.setdefault("published_date", published[0])
        found.setdefault("written_date", written[0] if written else published[0] + 1)
    if named and verbs and any(word in form for word in WHO_WORDS) and "issuer" not in found:
        found["issuer"] = verbs[0][0]
    return sorted(found, key=lambda name: found[name])


def _part_at(form: str, at: int) -> str:
    """The part of a question (between commas, semicolons and question marks) holding position `at`."""
    return next((m.group(0) for m in PART_RE.finditer(form) if m.start() <= at < m.end()), "")


def asked_document(question: Question, result: SearchResult, documents: list[DocumentMeta]) -> DocumentMeta | None:
    """The document in scope whose title the question names best (the first retrieved one among equals)."""
    allowed = set(result.scope.doc_ids)
    candidates = [d for d in documents if d.doc_id in allowed]
    if not candidates:
        return None
    order = {h.chunk.doc_id: k for k, h in reversed(list(enumerate(result.hits)))}

    def key(doc: DocumentMeta) -> tuple[int, float, int]:
        named = named_document(question.form, search_form(doc.title))
        coverage, _ = term_coverage(question, search_form(doc.title), "", result.term_weights)
        return (named[1] - named[0] if named else 0), coverage, -order.get(doc.doc_id, len(order))

    return max(candidates, key=key)


def _cites_another(form: str, document: DocumentMeta) -> bool:
    """Whether the question names, in 《》, a document other than this one (a decision the plan cites):
    this record does not answer for it."""
    title = search_form(document.title)
    quoted = (m.group(0)[1:-1] for m in BOOK_TITLE_RE.finditer(form))
    return any(name and name not in title and title not in name for name in quoted)


def _stated(field: str, value: str, clause: Chunk) -> tuple[int, int] | None:
    """Where `clause` states the record's value as written (a date in any of its written forms)."""
    if field.endswith("_date"):
        for m in WRITTEN_DATE_RE.finditer(clause.text):
            if f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" == value:
                return m.start(), m.start() + len(m[0].rstrip())  # not the line break after a bare date
        written = next((m for m in CHINESE_DATE_RE.finditer(clause.text) if chinese_date(m) == value), None)
        return written.span() if written else None
    if field == "doc_number":
        # As written, spaces allowed inside (苏委发〔2022〕7 号), whatever words run into it before.
        wanted = re.sub(r"\s", "", search_form(value))
        found = re.search(r"\s*".join(map(re.escape, wanted)), aligned_form(clause.text))
        return found.span() if found else None
    # Cosigners (甲局、乙局) are signed line by line, or side by side: each name in turn, close together.
    pattern = r"\s*[、,，]?\s*".join(re.escape(name) for name in value.split("、"))
    found = re.search(pattern, clause.text)
    return found.span() if found else None


def asked_record(result: SearchResult, documents: list[DocumentMeta]) -> tuple[list[str], DocumentMeta] | None:
    """The record fields a question asks, in order, and the document in scope it asks them of (see
    `asked_document`); None when it asks no field or no document is in scope."""
    fields = asked_fields(result.question.form)
    if not fields or not result.scope.doc_ids:
        return None
    document = asked_document(result.question, result, documents)
    return (fields, document) if document is not None else None


def record_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """ "《标题》的<field>：<value as written>[1]", one line per asked field, when the question asks record fields
    of one document in scope and a clause of that document states each value; None otherwise (the question
    is answered by sentences)."""
    asked = asked_record(result, documents)
    if asked is None or _cites_another(result.question.form, asked[1]):
        return None
    fields, document = asked
    lines: list[str] = []
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    for field in fields:
        value = cite_stated(stated_value(document, field, result, clauses_of), field, hits, quotes)
        if value:
            lines.append(f"《{document.title}》的{LABELS[field]}：{value}")
    if not lines:
        return None
    return Draft("\n".join(lines), True, hits, "document record: " + ", ".join(fields), quotes)


def cite_stated(
    stated: list[tuple[ScoredChunk, Span]], field: str, hits: list[ScoredChunk], quotes: dict[int, list[Span]]
) -> str:
    """A record field's value as its clauses state it (see `stated_value`), each piece cited: numbered among `hits`
    (which it extends) and its span added to `quotes`; cosigners written apart are joined by 、."""
    pieces = []
    for hit, span in stated:
        n = clause_number(hits, hit)  # fields a metadata table states together share its citation
        quotes.setdefault(n, []).append(span)
        text = hit.chunk.text[span[0] : span[1]]
        pieces.append(f"{_SIGNED_APART_RE.sub('、', text) if field == 'issuer' else text}[{n}]")
    return "、".join(pieces)


def unstated_record(result: SearchResult, documents: list[DocumentMeta]) -> Draft | None:
    """A refusal saying which record fields the asked plan does not state (《标题》未写明发文字号: a page whose 文号
    field is empty), when the question names one plan in scope by its title, or only one plan is in scope, and
    its record lacks every asked field; None otherwise."""
    asked = asked_record(result, documents)
    if asked is None:
        return None
    alone = len(set(result.scope.doc_ids)) == 1
    if not alone and named_document(result.question.form, search_form(asked[1].title)) is None:
        return None
    fields, document = asked
    if any(getattr(document, field, None) for field in fields):
        return None
    missing = "、".join(LABELS[field] for field in fields)
    return Draft(f"{NOT_FOUND}：《{document.title}》未写明{missing}。", False, [], "record fields not stated")


def stated_value(
    document: DocumentMeta, field: str, result: SearchResult, clauses_of: ClausesOf
) -> list[tuple[ScoredChunk, Span]]:
    """The clause of the document stating a record field's value, and its span (cosigners a clause boundary
    splits: each clause's run of them, in order); empty when none does."""
    value = getattr(document, field, None)
    if not value:
        return []
    clauses = clauses_of(document.doc_id)
    for clause in clauses:
        span = _stated(field, value, clause)
        if span is not None:
            return [(retrieved_or_read(result, clause, f"the document's {field}"), span)]
    names = value.split("、") if field == "issuer" else []
    for k, clause in enumerate(clauses[:-1]):
        for cut in range(len(names) - 1, 0, -1):  # the first names at the end of one clause, the rest next
            head = _stated(field, "、".join(names[:cut]), clause)
            tail = _stated(field, "、".join(names[cut:]), clauses[k + 1])
            if head is not None and tail is not None and not clause.text[head[1] :].strip():
                return [
                    (retrieved_or_read(result, clause, f"the document's {field}"), head),
                    (retrieved_or_read(result, clauses[k + 1], f"the document's {field}"), tail),
                ]
    return []


def retrieved_or_read(result: SearchResult, clause: Chunk, why: str) -> ScoredChunk:
    """The clause as retrieved, or as read for the question (`why`) when retrieval did not bring it."""
    return next(
        (h for h in result.hits if h.chunk.chunk_id == clause.chunk_id), ScoredChunk(clause, 0.0, None, None, why)
    )

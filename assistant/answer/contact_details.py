"""How to reach those a plan names for comments or questions (the e-mail address comments go to, a telephone for
enquiries): the telephone numbers, e-mail addresses and postcodes the asked plan writes, quoted and cited; or a
refusal saying the plan writes none of the asked kind, with those it does write.

Search finds clauses by their words, but an e-mail address shares none with the question asking it, and a telephone
number is a figure of nothing measured: the indicator table and the sentence answer would offer some other figure of
the plan. The plan's own clauses are read for the asked kind instead; nothing is answered that no clause writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.document_record import asked_document, retrieved_or_read
from assistant.answer.extractive import NOT_FOUND, Draft, clause_number
from assistant.documents import Chunk, DocumentMeta, ScoredChunk, Span
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import aligned_form, search_form

ClausesOf = Callable[[str], list[Chunk]]
MAX_VALUES = 3  # of one kind: a notice gives one or two; more are a list of offices, which the clause shows


@dataclass(frozen=True)
class ContactKind:
    label: str  # how the answer names it
    asked_by: tuple[str, ...]  # words of a question asking it (general Chinese)
    written: re.Pattern[str]  # the value as a document writes it (group "value")


_PHONE = r"(?:\(?0\d{2,3}\)?[-－—\s]?)?\d{7,8}|1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4}|12345"
KINDS = (
    ContactKind(
        "联系电话",
        ("电话", "热线", "手机号", "座机"),
        # Only after a word saying it is one (联系电话:0310-3012275): a bare seven-digit run may be any figure.
        re.compile(rf"(?:电话|热线|手机|座机)[^\d。；;]{{0,12}}?(?P<value>(?<![\d.])(?:{_PHONE}))(?![\d.])"),
    ),
    ContactKind(
        "电子邮箱",
        ("邮箱", "电子邮件", "邮件", "电邮", "email", "e-mail"),
        re.compile(r"(?P<value>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"),
    ),
    ContactKind("邮政编码", ("邮编", "邮政编码"), re.compile(r"邮(?:政)?编(?:码)?[:：\s]*(?P<value>\d{6})(?!\d)")),
)


def _asking_pattern(kind: ContactKind) -> re.Pattern[str]:
    """How a question (lower-cased search form) asks `kind` (see `asked_kinds`)."""
    every = "|".join(re.escape(w) for other in KINDS for w in other.asked_by)
    words = "|".join(re.escape(w) for w in kind.asked_by)
    between = rf"(?:号码|地址|分别|[和及与、各都是为]|{every})*"
    return re.compile(
        rf"(?:哪个|什么|啥)[^，,。]{{0,3}}(?:{words})|(?:{words}){between}(?:多少|什么|哪个|几|啥)"
        rf"|(?:{words})(?:号码|地址)?[?？呢吗啊\s]*$"
        # …电话咨询用的号码?: the number of the kind named a few words before it, ending the question.
        rf"|(?:{words})[^，,。]{{1,6}}?号码[?？呢吗啊\s]*$"
    )


_ASKING = tuple((kind, _asking_pattern(kind)) for kind in KINDS)


def asked_kinds(form: str) -> list[ContactKind]:
    """The kinds of contact a question (search form) asks for: a word of one asked with a question word before it
    (哪个 … 邮箱), or after it with nothing between but other contact words and joining words (电话 … 多少, 邮编和电话各
    是什么), or ending the question (…的联系电话?), or a 号码 ending it a few words after it (电话咨询用的号码?); a
    hotline only named (热线受理量达到多少) asks a figure."""
    lowered = form.lower()
    return [kind for kind, asking in _ASKING if asking.search(lowered)]


def contact_answer(result: SearchResult, documents: list[DocumentMeta], clauses_of: ClausesOf) -> Draft | None:
    """ "《标题》写明的电子邮箱：<value>[1]" for each asked kind the asked plan writes, or a refusal naming the asked
    kinds it does not write (with the kinds of contact it does write, cited); None when no contact is asked."""
    kinds = asked_kinds(result.question.form)
    if not kinds or not result.scope.doc_ids:
        return None
    document = asked_document(result.question, result, documents)
    if document is None:
        return None
    clauses = clauses_of(document.doc_id)
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    lines = [
        _line(f"《{document.title}》写明的", kind, _written(clauses, kind), result, hits, quotes) for kind in kinds
    ]
    given = [line for line in lines if line]
    if given:
        return Draft("\n".join(given), True, hits, "contact details", quotes)
    others = [kind for kind in KINDS if kind not in kinds]
    offered = [line for kind in others if (line := _line("", kind, _written(clauses, kind), result, hits, quotes))]
    missing = "、".join(kind.label for kind in kinds)
    # The region, not the title: a refusal's own words carry no figure (a title's years would need a citation).
    where = "、".join(name for name, _ in result.scope.covered) or "所问"
    text = f"{NOT_FOUND}：{where}的文件未写明{missing}。"
    if offered:
        text += "文件写明的联系方式有：\n" + "\n".join(offered)
    return Draft(text, False, hits, "contact not written", quotes)


def _written(clauses: list[Chunk], kind: ContactKind) -> list[tuple[Chunk, Span]]:
    """Where the plan's clauses write values of `kind`, each value once, in reading order."""
    seen: set[str] = set()
    out: list[tuple[Chunk, Span]] = []
    for clause in clauses:
        for match in kind.written.finditer(aligned_form(clause.text)):  # 郵編 of a Traditional page too
            value = search_form(match.group("value"))
            if value not in seen and len(out) < MAX_VALUES:
                seen.add(value)
                out.append((clause, match.span("value")))
    return out


def _line(
    lead: str,
    kind: ContactKind,
    written: list[tuple[Chunk, Span]],
    result: SearchResult,
    hits: list[ScoredChunk],
    quotes: dict[int, list[Span]],
) -> str:
    """One answer line for the values of a kind after `lead`, each cited (numbered among `hits`, its span added to
    `quotes`); empty when the plan writes none."""
    pieces = []
    for clause, (start, end) in written:
        n = clause_number(hits, retrieved_or_read(result, clause, f"the plan's {kind.label}"))
        quotes.setdefault(n, []).append((start, end))
        pieces.append(f"{clause.text[start:end]}[{n}]")
    return f"{lead}{kind.label}：{'、'.join(pieces)}" if pieces else ""

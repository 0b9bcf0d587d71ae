"""How the indicator table's answers state a figure: the clause's own words, when it applies, citations and notes."""

from __future__ import annotations

import re

from assistant.documents import Chunk, DocumentMeta, Indicator, ScoredChunk, Span
from assistant.indicators.periods import DESCRIPTION_HEADING_RE, document_year
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import STATE_HEADING_RE
from assistant.text.normalize import search_form

READ_AS = "按「{}」理解："  # how a figure read as an indicator the question named in other words opens
READ_AS_RE = re.compile(r"^按「[^」]*」理解：")
# 二是 or an item's number (1. / (1)) opening an item: the item's place in its list, not its statement.
_ITEM_OPENING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）])(?=[\u4e00-\u9fff])"
)


class Citations:
    """Numbered clauses of an answer and the spans each quotes."""

    def __init__(self, table: IndicatorMatcher, result: SearchResult) -> None:
        self.table = table
        self.retrieved = {h.chunk.chunk_id: h for h in result.hits}
        self.hits: list[ScoredChunk] = []
        self.quotes: dict[int, list[Span]] = {}

    def _number(self, chunk: Chunk, why: str) -> int:
        """The citation number of a clause (a new one when it is not cited yet: one number per clause, however
        many of its figures or words are quoted)."""
        for n, hit in enumerate(self.hits, start=1):
            if hit.chunk.chunk_id == chunk.chunk_id:
                return n
        self.hits.append(self.retrieved.get(chunk.chunk_id) or ScoredChunk(chunk, 0.0, None, None, why))
        return len(self.hits)

    def cite_clause(self, chunk: Chunk, span: Span, why: str) -> int:
        """The citation number of a clause quoted for what it says (not a figure of the table)."""
        n = self._number(chunk, why)
        self.quotes.setdefault(n, []).append(span)
        return n

    def cite(self, ind: Indicator) -> tuple[str, int]:
        """The indicator's statement as the document words it, and its citation number."""
        chunk = self.table.chunk(ind.chunk_id)
        n = self._number(chunk, f"indicator table: {ind.name}")
        raw = chunk.text[ind.start - chunk.start : self.table.statement_end(ind) - chunk.start]
        # A later figure of a list (…分别达到X和Y) starts at its conjunction, and an item at its 二是 or 1.: not quoted.
        lead = len(raw) - len(_ITEM_OPENING_RE.sub("", raw.lstrip(" —-和及、,，")))
        text = raw[lead:].rstrip(" —-")
        start = ind.start - chunk.start + lead
        self.quotes.setdefault(n, []).append((start, start + len(text)))  # the highlight is what is shown
        return text, n


def when_applies(ind: Indicator, years: tuple[str, ...], stated: str, grounds: str, state: bool = False) -> str:
    """When the figure applies, unless the quoted statement already says it. A year the cited clause, its
    path and title do not write (a 三年行动 dated by its publication, 年内) is not stated as digits. `state`: the
    clause stands under a heading on how things stood when the plan was written (一、发展基础与面临形势)."""
    period = ind.period
    if period is None:
        return "（编制时的现状，文件未写明年份）" if state else "（文件未写明年份）"
    label = f"方案期{period.label}" if period.source == "plan" else period.label
    label_years = re.findall(r"\d{4}", period.label)
    asked_apart = bool(years) and (period.start, period.end) != (int(years[0]),) * 2
    if any(y not in grounds for y in label_years):
        inner = re.search(r"（(.+)）", period.label)
        if inner:
            return f"（{inner.group(1)}）"
        # A time an earlier clause states (第一阶段(2024—2027年), a list's lead-in): not in what is cited.
        unwritten = "方案期内" if period.source == "plan" else "上文所述时期"
        return f"（{unwritten}的目标，文件未单列所问年份）" if asked_apart else f"（{unwritten}）"
    if asked_apart:
        return f"（{label}的目标，文件未单列所问年份）"
    stated_form = search_form(stated)
    said = period.label in stated_form or (label_years and all(y in stated_form for y in label_years))
    return "" if said else f"（{label}）"


def statement(
    cites: Citations, ind: Indicator, years: tuple[str, ...], read_as: bool = False, restated: bool = False
) -> str:
    """The indicator's figure as its clause words it, when it applies and its citation; `read_as`: the
    question named it in other words, so the answer first says which indicator it was read as; `restated`: the
    other clauses of its document stating the same figure are cited too (its target list and its prose)."""
    text, n = cites.cite(ind)
    also = "".join(f"[{cites.cite(t)[1]}]" for t in cites.table.stated_elsewhere(ind)) if restated else ""
    if ind.name not in search_form(text):
        text = f"{ind.name}：{text}"  # a figure of a list (…分别达到95%、85%左右) or an elliptical one
    chunk = cites.table.chunk(ind.chunk_id)
    grounds, said = f"{chunk.text} {chunk.path_text} {chunk.title}", ""
    paragraph = cites.table.paragraph_of(ind) if ind.period and ind.period.source == "paragraph" else None
    if paragraph is not None:  # an 一是 item: its year stands in the paragraph it goes on from, cited too
        lead, span = paragraph
        said = f"[{cites.cite_clause(lead, span, 'the paragraph an item goes on from')}]"
        grounds += f" {lead.text}"
    state = any(STATE_HEADING_RE.search(h) for h in chunk.path)
    when = when_applies(ind, years, text, search_form(grounds), state)
    head = READ_AS.format(ind.name) if read_as else ""
    return f"{head}{text}{when}[{n}]{said}{also}"


NOTE_OPENING = "注："  # how a status note line opens (a draft, a plan whose period has ended)


def status_notes(
    cites: Citations,
    documents: list[DocumentMeta],
    table: IndicatorMatcher,
    today_year: int,
    stated: tuple[Indicator, ...] = (),
    describes_place: bool = False,
) -> list[str]:
    """One short note per cited document that is a draft or whose plan period has ended. `stated`: the figures
    answered; when all of a document's are of years before it was written (a base year's value, a look back at
    a past plan), the note says so instead of calling them the plan's targets; so it does when the figures
    describe the place (`describes_place`, or figures of no year under a heading such as 自然环境)."""
    notes = []
    for n, doc in _cited_documents(cites.hits, documents):
        parts = []
        if "征求意见稿" in doc.title:
            parts.append("为征求意见稿，非正式印发文本")
        own = [i for i in stated if i.doc_id == doc.doc_id]
        written = document_year(doc)
        end = table.plan_end(doc.doc_id)
        if own and written and all(i.period is not None and i.period.end < written for i in own):
            # No year in the note: a note states no figure of its own.
            parts.append("所列年份早于成文时间，为文件所述以往数值（基准年、回顾或已到期的目标）")
        elif (
            end is not None
            and end < today_year
            and (describes_place or (own and all(_describes_the_place(table, i) for i in own)))
        ):
            parts.append("规划期已结束，所列数值为文件所述情况（未写明年份），非规划目标")
        elif end is not None and end < today_year:
            parts.append("规划期已结束，所列为当时设定的目标")
        if parts:
            notes.append(f"{NOTE_OPENING}《{doc.title}》" + "；".join(parts) + f"[{n}]。")
    return notes


def _describes_the_place(table: IndicatorMatcher, ind: Indicator) -> bool:
    """Whether a figure of no stated year stands under a heading describing the place (1.1 自然环境): a fact."""
    return ind.period is None and DESCRIPTION_HEADING_RE.search(table.chunk(ind.chunk_id).path_text) is not None


def repealed_notes(hits: list[ScoredChunk], documents: list[DocumentMeta]) -> list[str]:
    """One note per cited document its page marks no longer in force ((已废止), 有效性: 失效), for any answer."""
    return [
        f"{NOTE_OPENING}《{doc.title}》页面标注为{doc.repealed}，所述内容可能已不再适用[{n}]。"
        for n, doc in _cited_documents(hits, documents)
        if doc.repealed
    ]


def _cited_documents(hits: list[ScoredChunk], documents: list[DocumentMeta]) -> list[tuple[int, DocumentMeta]]:
    """Each cited document with the number of its first citation, in citation order."""
    by_id = {d.doc_id: d for d in documents}
    seen: set[str] = set()
    out = []
    for n, hit in enumerate(hits, start=1):
        doc = by_id.get(hit.chunk.doc_id)
        if doc is not None and doc.doc_id not in seen:
            seen.add(doc.doc_id)
            out.append((n, doc))
    return out

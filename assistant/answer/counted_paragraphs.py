"""Items a counted lead announces with a colon and the following paragraphs open (…需要满足N项“甲乙”:丙丁好。…,
then 戊己健康。… and 庚辛优良。… as paragraphs of their own): a question asking what those items are is answered
with each item's opening sentence, one line each, cited to its paragraph.

A plan or its news report often writes such a list as paragraphs, each opening with a short sentence that names the
item and going on to explain it; the lead's count says how many paragraphs belong to it.
"""

from __future__ import annotations

import re

from assistant.answer.counted_lists import count_value
from assistant.answer.document_record import ClausesOf, retrieved_or_read
from assistant.answer.enumeration import HEADINGS_LOOKED_AT, MAX_PARAGRAPH_LABEL_CHARS
from assistant.answer.extractive import Draft, clause_number
from assistant.answer.sentence_evidence import COUNT_WORD
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import aligned_form
from assistant.text.patterns import HAN

# A count and what it counts, quoted or not, ending in a colon (N项“甲乙”:).
_LEAD_RE = re.compile(rf"(?<!第)(?P<count>{COUNT_WORD})[项个条点类](?P<noun>[“\"]?[{HAN}]{{1,8}}[”\"]?)[:：]")
_ASKS_WHAT_RE = re.compile(r"是什么|有哪|哪[几些两一二三四五六七八九十]|包括|分别")
# Items counted out inside a paragraph (一是…二是…, 1.…2.…, (一)…, (1)…, ①…, 第一…, 首先…): another list's form.
_INLINE_ITEMS_RE = re.compile(
    r"[一二三四五六七八九十]是|(?<![\d.])\d[.、．](?!\d)|[(（](?:[一二三四五六七八九十]|\d{1,2})[)）]|[①-⑩]|第[一二三四五六七八九十]|首先"
)
_SENTENCE_RE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]")


def counted_paragraphs_answer(result: SearchResult, document_clauses: ClausesOf) -> Draft | None:
    """The items a retrieved clause's counted lead announces (N项“甲乙”:) when the question names what is counted
    and asks what the items are, and the lead's sentence and the next paragraphs open with as many short
    sentences as it counts; None otherwise."""
    form = result.question.form
    if not _ASKS_WHAT_RE.search(form):
        return None
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        lead = _LEAD_RE.search(hit.chunk.text)
        if lead is None or lead["noun"].strip('“”"') not in form:
            continue
        items = _items(hit.chunk, lead, document_clauses(hit.chunk.doc_id))
        if items:
            return _listed(result, hit, lead, items)
    return None


def _items(clause: Chunk, lead: re.Match[str], clauses: list[Chunk]) -> list[tuple[Chunk, Span]]:
    """Each item's opening sentence with its clause: the one after the lead's colon, then the first of each
    following paragraph, as many as the lead counts; empty when any is missing or too long to name an item."""
    count = count_value(lead["count"])
    at = next((k for k, c in enumerate(clauses) if c.chunk_id == clause.chunk_id), -1)
    if count < 2 or at < 0 or at + count > len(clauses):
        return []
    following = clauses[at + 1 : at + count]
    if any(c.path != clause.path or c.part not in (None, 1) for c in following):
        return []  # a heading of its own, or the rest of a long paragraph split into parts
    if _INLINE_ITEMS_RE.search(aligned_form(clause.text), lead.end()) or "\n" in clause.text[lead.end() :].strip():
        return []  # items the lead's paragraph counts out itself (一是…二是…), or paragraphs merged into one clause
    openings = [(clause, _opening(clause.text, lead.end()))]
    openings += [(c, _opening(c.text, 0)) for c in following]
    if any(span is None for _, span in openings):
        return []
    return [(c, span) for c, span in openings if span is not None]


def _opening(text: str, start: int) -> Span | None:
    """The span of the short sentence opening `text` at `start` (without its full stop), or None."""
    sentence = _SENTENCE_RE.match(text, start)
    if sentence is None or len(sentence.group().strip()) - 1 > MAX_PARAGRAPH_LABEL_CHARS:
        return None
    begin = start + len(sentence.group()) - len(sentence.group().lstrip())
    return begin, sentence.end() - 1


def _listed(result: SearchResult, hit: ScoredChunk, lead: re.Match[str], items: list[tuple[Chunk, Span]]) -> Draft:
    """The lead's count and what it counts as the plan writes them, then one line per item, each cited to its
    paragraph."""
    hits: list[ScoredChunk] = [hit]
    quotes: dict[int, list[Span]] = {1: [lead.span()]}
    lines = [f"{hit.chunk.text[lead.start() : lead.end() - 1]}：[1]"]
    for clause, (a, b) in items:
        n = clause_number(hits, retrieved_or_read(result, clause, "an item a counted lead announces"))
        quotes.setdefault(n, []).append((a, b))
        lines.append(f"- {clause.text[a:b]}[{n}]")
    return Draft("\n".join(lines), True, hits, "items a counted lead announces, one per paragraph", quotes)

"""Answering a turn of a conversation: resolve it against the earlier turns, then ask the chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from assistant.answer.chain import AnswerChain
from assistant.conversation.followup import Resolution, resolve_followup
from assistant.documents import Answer
from assistant.retrieval.retriever import Retriever
from assistant.text.normalize import search_form
from assistant.text.patterns import ASKED_TIME_RE, DATE_RE, RESPONSIBLE_RE

# What any caller (the chat, its API, the OpenAI-compatible API) may hand a conversation: a question is
# cut to MAX_MESSAGE_CHARS before it is kept or resolved, and at most MAX_HISTORY_ITEMS earlier questions.
MAX_MESSAGE_CHARS = 2000
MAX_HISTORY_ITEMS = 20


def bounded_message(message: str | None) -> str:
    """A question as a conversation keeps it: text, at most MAX_MESSAGE_CHARS characters."""
    return str(message or "")[:MAX_MESSAGE_CHARS]


class Conversation:
    """Answers turns given the earlier turns' standalone questions; holds no conversation state itself
    (the caller keeps it: the browser session, the terminal loop, a batch line), so users never mix."""

    def __init__(self, chain: AnswerChain, retriever: Retriever) -> None:
        self.chain = chain
        self.retriever = retriever

    def resolve(self, question: str, earlier: list[str]) -> Resolution:
        """How `question` is meant after the earlier standalone questions (oldest first)."""
        return resolve_followup(question, earlier, self.retriever.parse, self.retriever.place_spans)

    def ask(self, question: str, earlier: list[str] | None = None, doc_ids: list[str] | None = None) -> Answer:
        """Answer `question` in the conversation whose earlier standalone questions are `earlier`.

        A turn about "this" clause (its 牵头单位 or 完成时限, asked with 这个 or no topic) is answered from the clause the previous
        answer cited first — its own duty or deadline line — and only when that clause does not say, by
        a search like any other question."""
        resolution = self.resolve(question, earlier or [])
        clause = self._cited_before(resolution, earlier or [], doc_ids)
        if clause is not None:
            answer = self.chain.ask(resolution.standalone, doc_ids=doc_ids, clause_id=clause)
            if answer.found and self._says_what_was_asked(resolution.standalone, answer.answer):
                return _with(answer, resolution)
        answer = self.chain.ask(resolution.standalone, doc_ids=doc_ids)
        if not answer.found and "年份" in resolution.inherited:
            # A year carried over from the earlier turn (2018年… 那黔东南呢？) was never asked here: when the
            # new region does not state that year, its own figure answers, with the year it gives.
            yearless = replace(
                resolution,
                standalone=ASKED_TIME_RE.sub("", resolution.standalone),
                inherited=tuple(i for i in resolution.inherited if i != "年份"),
            )
            other = self.chain.ask(yearless.standalone, doc_ids=doc_ids)
            if other.found:
                return _with(other, yearless)
        return _with(answer, resolution)

    def _says_what_was_asked(self, standalone: str, text: str) -> bool:
        """Whether an answer from the cited clause says what the turn asks: a duty line for who leads, a
        date for when (a clause without its own duty line is no answer to a 牵头单位 question)."""
        question = self.retriever.parse(standalone)
        if question.wants_unit:
            return bool(RESPONSIBLE_RE.search(search_form(text)))
        if question.wants_when:
            return bool(DATE_RE.search(search_form(text)))
        return True

    def _cited_before(self, resolution: Resolution, earlier: list[str], doc_ids: list[str] | None) -> str | None:
        """The clause the previous turn's answer cited first, when this turn asks about it. The previous
        answer is asked again (its standalone question answers the same way), so callers keep only
        questions, as they always have."""
        if not (resolution.about_clause and earlier):
            return None
        previous = self.chain.ask(earlier[-1], doc_ids=doc_ids)
        return previous.citations[0].chunk_id if previous.found and previous.citations else None

    def stream(
        self, question: str, earlier: list[str] | None = None, doc_ids: list[str] | None = None
    ) -> Iterator[str | Answer]:
        """Like AnswerChain.stream, for a turn of the conversation."""
        resolution = self.resolve(question, earlier or [])
        for item in self.chain.stream(resolution.standalone, doc_ids=doc_ids):
            yield _with(item, resolution) if isinstance(item, Answer) else item


def _with(answer: Answer, resolution: Resolution) -> Answer:
    return replace(
        answer, question=resolution.question, standalone=resolution.standalone, interpretation=resolution.interpretation
    )

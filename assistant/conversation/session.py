"""Answering a turn of a conversation: resolve it against the earlier turns, then ask the chain."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from assistant.answer.chain import AnswerChain
from assistant.conversation.followup import Resolution, resolve_followup
from assistant.documents import Answer
from assistant.retrieval.retriever import Retriever


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
        """Answer `question` in the conversation whose earlier standalone questions are `earlier`."""
        resolution = self.resolve(question, earlier or [])
        return _with(self.chain.ask(resolution.standalone, doc_ids=doc_ids), resolution)

    def stream(self, question: str, earlier: list[str] | None = None,
               doc_ids: list[str] | None = None) -> Iterator[str | Answer]:
        """Like AnswerChain.stream, for a turn of the conversation."""
        resolution = self.resolve(question, earlier or [])
        for item in self.chain.stream(resolution.standalone, doc_ids=doc_ids):
            yield _with(item, resolution) if isinstance(item, Answer) else item


def _with(answer: Answer, resolution: Resolution) -> Answer:
    return replace(answer, question=resolution.question, standalone=resolution.standalone,
                   interpretation=resolution.interpretation)

"""The answer chain (LCEL): retrieve -> number the clauses -> generate -> verify -> Answer.

This is the only module that uses LangChain runnables, prompts and chat models.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda
from pydantic import SecretStr

from assistant.answer.asks_in_turn import asks_apart, asks_in_turn
from assistant.answer.cited_documents import cited_term_answer
from assistant.answer.contact_details import contact_answer
from assistant.answer.document_record import record_answer
from assistant.answer.drafting_body import cover_date_answer, drafter_answer
from assistant.answer.extractive import NOT_FOUND, Draft
from assistant.answer.listed_asks import joined_answers, listed_parts
from assistant.answer.offline_answer import offline_answer
from assistant.answer.plan_term import plan_term_answer
from assistant.answer.statements import NOTE_OPENING, repealed_notes
from assistant.answer.table_decision import TableDecision, consult_table
from assistant.answer.verification import verify
from assistant.documents import Answer, Citation, ScoredChunk, Span
from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.retriever import Retriever, SearchResult
from assistant.settings import Settings
from assistant.text.patterns import MARKER_RE
from assistant.text.tokens import count_tokens

log = logging.getLogger(__name__)
# prompts/ at the top of the source tree; an installed wheel carries it as assistant/answer/prompts.
_PACKAGED_PROMPTS = Path(__file__).resolve().parent / "prompts"
PROMPTS_DIR = _PACKAGED_PROMPTS if _PACKAGED_PROMPTS.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


def load_prompt(prompts_dir: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The chat prompt from prompts/system.txt and prompts/user.txt."""
    system = (prompts_dir / "system.txt").read_text(encoding="utf-8")
    user = (prompts_dir / "user.txt").read_text(encoding="utf-8")
    return ChatPromptTemplate.from_messages([("system", system), ("human", user)])


def pack_context(hits: list[ScoredChunk], budget_tokens: int) -> list[ScoredChunk]:
    """The hits that fit the token budget, in rank order (the first always fits)."""
    packed: list[ScoredChunk] = []
    used = 0
    for hit in hits:
        block = format_block(len(packed) + 1, hit)
        cost = count_tokens(block)
        if packed and used + cost > budget_tokens:
            break
        packed.append(hit)
        used += cost
    return packed


def format_block(n: int, hit: ScoredChunk) -> str:
    chunk = hit.chunk
    return f"[{n}] 《{chunk.title}》（{chunk.region or '未知地区'}）{chunk.path_text}\n{chunk.text}"


def _endpoint_errors() -> tuple[type[BaseException], ...]:
    """What a failing or unreachable OpenAI-compatible endpoint raises (network, HTTP, API errors)."""
    import httpx
    import openai

    return (openai.OpenAIError, httpx.HTTPError, OSError)


@dataclass
class _State:
    question: str
    result: SearchResult
    context: list[ScoredChunk]
    draft: Draft | None = None
    table: TableDecision = TableDecision(None, False)  # the indicator table's say on a figure question
    generator: str = "extractive"
    notes: list[str] | None = None
    generate_ms: float = 0.0


class AnswerChain:
    """question -> Answer, with the extractive generator or an OpenAI-compatible LLM."""

    def __init__(self, retriever: Retriever, settings: Settings) -> None:
        self.retriever = retriever
        self.settings = settings
        self.prompt = load_prompt()
        self.llm = self._make_llm() if settings.llm_enabled else None
        self.llm_chain = self.prompt | self.llm | StrOutputParser() if self.llm is not None else None
        self.chain = RunnableLambda(self._retrieve) | RunnableLambda(self._generate) | RunnableLambda(self._finish)

    def _make_llm(self) -> Any:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=self.settings.llm_base_url,
            model=self.settings.llm_model or "",
            api_key=SecretStr(self.settings.llm_api_key or "not-needed"),
            temperature=0,
            timeout=self.settings.llm_timeout_s,
            max_retries=self.settings.llm_retries,
        )

    def ask(self, question: str, doc_ids: list[str] | None = None, clause_id: str | None = None) -> Answer:
        """Answer one question (raises EmptyQuestionError for an empty one); `clause_id`: answer from that
        clause alone (a follow-up about the clause an earlier answer cited)."""
        began = time.perf_counter()
        parts = self._parts(question) if clause_id is None else []
        if parts:
            answer = self._ask_parts(question, parts, doc_ids)
        else:
            answer = self.chain.invoke({"question": question, "doc_ids": doc_ids, "clause_id": clause_id})
        answer.timings_ms["total"] = round((time.perf_counter() - began) * 1000, 1)
        return answer

    def stream(self, question: str, doc_ids: list[str] | None = None) -> Iterator[str | Answer]:
        """Yield the LLM's text as it arrives, then the verified Answer (extractive: just the Answer)."""
        began = time.perf_counter()
        parts = self._parts(question)
        if parts:  # answered part by part, each part's answer whole
            answer = self._ask_parts(question, parts, doc_ids)
            answer.timings_ms["total"] = round((time.perf_counter() - began) * 1000, 1)
            yield answer
            return
        state = self._retrieve({"question": question, "doc_ids": doc_ids})
        if self._uses_llm(state):
            assert self.llm_chain is not None  # _uses_llm: a model is configured
            t0 = time.perf_counter()
            yield from self._llm_generate(state, self.llm_chain.stream(self._prompt_input(state)))
            state.generate_ms = (time.perf_counter() - t0) * 1000
        else:
            state = self._generate(state)
        answer = self._finish(state)
        answer.timings_ms["total"] = round((time.perf_counter() - began) * 1000, 1)
        yield answer

    def _ask_parts(self, question: str, parts: list[str], doc_ids: list[str] | None) -> Answer:
        """One answer from a question's parts (when for several listed things, or several asks in turn), each
        asked on its own."""
        answers = [self.chain.invoke({"question": q, "doc_ids": doc_ids, "clause_id": None}) for q in parts]
        return joined_answers(question, answers)

    def _parts(self, question: str) -> list[str]:
        """The questions a question asks one by one (the same asked of several listed things, several asks in turn)."""
        return (
            listed_parts(question, self.retriever.parse)
            or asks_in_turn(question, self._names_its_own)
            or asks_apart(question, self.retriever.parse)
        )

    def _names_its_own(self, ask: str) -> bool:
        """Whether a question names a topic, place or year of its own (甲区呢 names a place)."""
        parsed = self.retriever.parse(ask)
        return bool(asked_terms(parsed) or parsed.places or parsed.years)

    # -- chain steps
    def _retrieve(self, inputs: dict) -> _State:
        if inputs.get("clause_id"):
            result = self.retriever.pinned(inputs["question"], inputs["clause_id"])
        else:
            result = self.retriever.search(inputs["question"], k=self.settings.top_k, doc_ids=inputs.get("doc_ids"))
        context = pack_context(result.hits, self.settings.context_tokens)
        documents, clauses_of = self.retriever.index.documents, self.retriever.document_clauses
        recorded = (
            record_answer(result, documents, clauses_of)
            or drafter_answer(result, documents, clauses_of)
            or cited_term_answer(result, documents, clauses_of)
            or plan_term_answer(result, documents, clauses_of)
            or cover_date_answer(result, documents, clauses_of)
            or contact_answer(result, documents, clauses_of)
        )
        # A document's own record (文号, 成文日期 …) settles the question as the indicator table does a figure.
        table = (
            TableDecision(recorded, True, recorded=True)
            if recorded is not None
            else consult_table(
                _packed(result, context),
                self.retriever.indicators,
                self.retriever.index.documents,
                datetime.date.today().year,
            )
        )
        return _State(inputs["question"], result, context, table=table, notes=list(result.question.notes))

    def _prompt_input(self, state: _State) -> dict:
        blocks = "\n\n".join(format_block(n, hit) for n, hit in enumerate(state.context, start=1))
        return {"context": blocks, "question": state.result.question.text}

    def _uses_llm(self, state: _State) -> bool:
        # Nothing retrieved (e.g. a region no document covers), nothing asked, or a figure the indicator
        # table settles (its answer or its refusal is deterministic and quoted): no model needed.
        return (
            self.llm is not None
            and bool(state.context)
            and state.result.question.has_content
            and not state.table.settles
        )

    def _extractive(self, state: _State) -> Draft:
        packed = _packed(state.result, state.context)
        return offline_answer(packed, state.table, self.retriever, datetime.date.today().year)

    def _generate(self, state: _State) -> _State:
        t0 = time.perf_counter()
        if not self._uses_llm(state):
            state.draft = self._extractive(state)
        else:

            def whole_reply() -> Iterator[str]:
                assert self.llm_chain is not None  # _uses_llm: a model is configured
                yield self.llm_chain.invoke(self._prompt_input(state))

            for _ in self._llm_generate(state, whole_reply()):
                pass
        state.generate_ms = (time.perf_counter() - t0) * 1000
        return state

    def _llm_generate(self, state: _State, tokens: Iterator[str]) -> Iterator[str]:
        """Pass the model's text through as it arrives and set `state.draft` from it; when the endpoint
        fails (not our own code), the extractive answer is used with a note."""
        pieces: list[str] = []
        try:
            for token in tokens:
                pieces.append(token)
                yield token
        except _endpoint_errors() as exc:
            log.warning("LLM endpoint failed (%s); using the extractive answer", exc)
            state.notes = (state.notes or []) + [f"大模型服务不可用（{type(exc).__name__}），已改用抽取式回答"]
            state.generator = "extractive"
            state.draft = self._extractive(state)
            return
        state.generator = f"llm:{self.settings.llm_model}"
        text = "".join(pieces).strip()
        # A refusal starts with the phrase; a two-region answer may refuse for one region only.
        state.draft = Draft(text, bool(text) and not text.startswith(NOT_FOUND), list(state.context))

    def _finish(self, state: _State) -> Answer:
        draft = state.draft
        assert draft is not None
        notes = list(state.notes or [])
        text, found, hits, quotes, grounded = draft.text, draft.found, draft.hits, draft.quotes, True
        if not found and hits:
            # A refusal that lists what the documents do set: its figures are checked like an answer's.
            check = verify(text, {n: hit.chunk for n, hit in enumerate(hits, start=1)}, state.result.question.form)
            if not check.grounded:
                notes += [f"核验未通过：{p}" for p in check.problems]
            text = check.text if check.text.startswith(NOT_FOUND) else f"{NOT_FOUND}。{check.text}".rstrip()
            text, hits, quotes = _renumbered(text, hits, quotes, check.cited)
        if found:
            # An answer may restate the question's own years without a citation (2030年：文件未设定).
            check = verify(text, {n: hit.chunk for n, hit in enumerate(hits, start=1)}, state.result.question.form)
            # `grounded` reports the generator's own output; what reaches the user always passed.
            grounded = check.grounded
            if not check.grounded:
                notes += [f"核验未通过：{p}" for p in check.problems]
                if state.generator != "extractive":
                    # Unfaithful LLM output is replaced by the extractive answer, which quotes clauses.
                    notes.append(f"已用抽取式回答替换未通过核验的大模型（{state.generator}）回答")
                    state.generator = "extractive"
                    fallback = self._extractive(state)
                    text, found, hits, quotes = fallback.text, fallback.found, fallback.hits, fallback.quotes
                    check = verify(text, {n: hit.chunk for n, hit in enumerate(hits, start=1)})
            if found and check.text and check.cited and not _only_notes(check.text):
                # Keep what passed and the clauses it cites, renumbered in order of first use.
                text, hits, quotes = _renumbered(check.text, hits, quotes, check.cited)
            elif found:
                notes.append("回答中没有能通过核验且带引用的内容")
                found, grounded, text, hits, quotes = False, False, f"{NOT_FOUND}：没有能通过核验的回答。", [], {}
        if found:
            text = "\n".join([text, *repealed_notes(hits, self.retriever.index.documents)])
        citations = [
            Citation(
                n=n,
                doc_id=h.chunk.doc_id,
                title=h.chunk.title,
                region=h.chunk.region,
                heading=h.chunk.path_text,
                text=h.chunk.text,
                start=h.chunk.start,
                end=h.chunk.end,
                score=h.score,
                quotes=list(quotes.get(n, [])),
                chunk_id=h.chunk.chunk_id,
                page=h.chunk.page,
            )
            for n, h in enumerate(hits, start=1)
        ]
        timings = {
            "retrieve": round(state.result.timings_ms.get("retrieve", 0.0), 1),
            "generate": round(state.generate_ms, 1),
        }
        return Answer(
            question=state.question,
            answer=text,
            found=found,
            grounded=grounded,
            generator=state.generator,
            citations=citations,
            timings_ms=timings,
            notes=notes,
        )


def _packed(result: SearchResult, context: list[ScoredChunk]) -> SearchResult:
    """The search result with only the clauses packed into the generator's context."""
    return dataclasses.replace(result, hits=context, timings_ms={})


def _renumbered(
    text: str, hits: list[ScoredChunk], quotes: dict[int, list[Span]], cited: list[int]
) -> tuple[str, list[ScoredChunk], dict[int, list[Span]]]:
    """The text, clauses and quotes with only the clauses `cited` (in order of first use), numbered from 1."""
    renumber = {old: new for new, old in enumerate(cited, start=1)}
    text = MARKER_RE.sub(lambda m: f"[{renumber[int(m.group(1))]}]", text)
    return text, [hits[old - 1] for old in cited], {new: quotes.get(old, []) for old, new in renumber.items()}


def _only_notes(text: str) -> bool:
    """An answer whose every line is a status note (注：…): what answered the question did not pass."""
    return all(line.startswith(NOTE_OPENING) for line in text.splitlines() if line.strip())

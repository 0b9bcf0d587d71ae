"""Region-aware hybrid retrieval: dense (FAISS) + BM25, fused, then re-scored by key-term coverage.

Fusion is a weighted sum of per-query min-max normalised scores rather than reciprocal-rank
fusion: RRF lifts generic chunks that rank moderately in both lists above the specific clause
one list ranks first (measured on eval/questions.jsonl, see README).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from assistant.documents import Chunk, ScoredChunk
from assistant.index.candidates import CandidateStore, LocalCandidates
from assistant.index.embedders import Embedder
from assistant.index.layout import Index
from assistant.index.lexical import tokenizer
from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.indicator_table import CorpusLookups
from assistant.retrieval.question import Question, parse_question, place_mentions
from assistant.retrieval.scope import RegionScope, RegionScoper
from assistant.text.gazetteer import Gazetteer
from assistant.text.normalize import search_form
from assistant.text.patterns import RESPONSIBLE_RE

DENSE_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.6
YEAR_BONUS = 0.25
UNIT_BONUS = 0.2
UNKNOWN_TERM_FACTOR = 0.5
CANDIDATES = 30  # fused candidates re-scored by coverage
CANDIDATE_LIST = 300  # top dense and top lexical rows fetched per scope; at 1x every scope fits (≤ 285 rows)


@dataclass
class SearchResult:
    question: Question
    scope: RegionScope
    hits: list[ScoredChunk]
    timings_ms: dict[str, float] = field(default_factory=dict)
    term_weights: list[float] | None = None  # per key term; terms absent from the scope weigh less
    query_vector: np.ndarray | None = None  # the question's embedding (also ranks indicator names)
    pinned: bool = False  # asked of the one clause an earlier answer cited (a follow-up about it), not searched


class Retriever:
    """Searches one index; cheap to call many times (nothing is rebuilt per query)."""

    def __init__(
        self,
        index: Index,
        embeddings: Embedder,
        gazetteer: Gazetteer,
        max_question_chars: int = 300,
        synonyms: Synonyms | None = None,
        store: CandidateStore | None = None,
    ) -> None:
        self.index = index
        self.store = store or LocalCandidates(index)
        self.gazetteer = gazetteer
        self.indicators = IndicatorMatcher(
            index.indicators,
            index.indicator_vectors,
            index.chunks,
            index.row_of_chunk,
            index.documents,
            synonyms or Synonyms(),
            CorpusLookups(self.mentions, index.bm25.rows_holding, self._places_inside),
            index.indicator_rows_of_document,
            self.document_clauses,
        )
        self.embeddings = embeddings
        self.max_question_chars = max_question_chars
        self._rows_of = index.rows_of_document
        # Equal scores are ordered by chunk id, so ties never depend on the machine or on row order.
        self._id_order = np.argsort(np.argsort(index.chunk_ids, kind="stable"), kind="stable")
        self.scoper = RegionScoper(index.documents, gazetteer)
        self._titles = "\n".join(search_form(d.title) for d in index.documents)

    def _places_inside(self, text: str, region_code: str | None) -> tuple[str, ...]:
        """The places `text` names inside the division `region_code` (short names), the division itself left out."""
        region = self.gazetteer.get(region_code) if region_code else None
        if region is None:
            return ()
        found = self.gazetteer.find(text)
        return tuple(m.place.short for m in found if m.place.code != region.code and region.contains(m.place))

    def scope(self, question: Question, doc_ids: list[str] | None = None) -> RegionScope:
        """Documents to search for `question` (see RegionScoper.scope)."""
        return self.scoper.scope(question, doc_ids)

    def parse(self, text: str) -> Question:
        """The parsed question (places include the corpus's own aliases); EmptyQuestionError when empty."""
        scoper = self.scoper
        return parse_question(
            text, self.gazetteer, self.max_question_chars, scoper.aliases, self._titles, scoper.opening_aliases
        )

    def place_spans(self, form: str) -> list[tuple[int, int]]:
        """(start, end) of every place name in `form` (search form), the corpus's aliases included."""
        found = place_mentions(form, self.gazetteer, self.scoper.aliases, self.scoper.opening_aliases)
        return sorted((start, end) for start, end, _ in found)

    def search(self, text: str, k: int = 5, doc_ids: list[str] | None = None) -> SearchResult:
        """Top chunks for a question; for two named regions, the top chunks of each."""
        began = time.perf_counter()
        question = self.parse(text)
        scope = self.scope(question, doc_ids)
        if scope.restricted and not scope.doc_ids:
            return SearchResult(question, scope, [], {"retrieve": (time.perf_counter() - began) * 1000})
        query_vec = self.embeddings.embed_query_array(question.text)
        groups = [docs for _, docs in scope.covered] or [scope.doc_ids]
        hits: list[ScoredChunk] = []
        per_group = k if len(groups) == 1 else max(2, (k + len(groups) - 1) // len(groups))
        everything = not scope.restricted and doc_ids is None
        ranked_groups = [
            self._rank(question, query_vec, None if everything else frozenset(g))[:per_group] for g in groups
        ]
        for position in range(per_group):  # interleave so both regions are present
            for ranked in ranked_groups:
                if position < len(ranked) and ranked[position] not in hits:
                    hits.append(ranked[position])
        weights = self.term_weights(question, set(scope.doc_ids))
        return SearchResult(
            question, scope, hits, {"retrieve": (time.perf_counter() - began) * 1000}, weights, query_vec
        )

    def mentions(self, term: str) -> bool:
        """Whether some clause of the corpus may hold `term` (search form): the BM25 vocabulary knows its
        every token."""
        tokenize = tokenizer(self.index.bm25.tokenizer_name)
        return all(self.index.bm25.has_term(x) for x in tokenize(term))

    def document_clauses(self, doc_id: str) -> list[Chunk]:
        """Every clause of a document, in document order (none for a deleted or unknown document)."""
        return [self.index.chunks[r] for r in self._rows_of.get(doc_id, ())]

    def clauses_under(self, chunk: ScoredChunk | Chunk, depth: int) -> list[Chunk]:
        """The clauses of `chunk`'s document under its heading at `depth` (its path's first `depth` headings),
        below that heading, in document order."""
        chunk = chunk.chunk if isinstance(chunk, ScoredChunk) else chunk
        head = tuple(chunk.path[:depth])
        return [c for c in self.document_clauses(chunk.doc_id) if tuple(c.path[:depth]) == head and len(c.path) > depth]

    def pinned(self, text: str, chunk_id: str) -> SearchResult:
        """A question answered from one known clause (a follow-up about the clause an answer cited): the
        clause is the only hit, its document the scope."""
        began = time.perf_counter()
        question = self.parse(text)
        row = self.index.row_of_chunk.get(chunk_id)
        if row is None:  # the clause is gone (its document was replaced): search as usual
            return self.search(text)
        chunk = self.index.chunks[row]
        scope = RegionScope((chunk.doc_id,), True, ((chunk.region or "", (chunk.doc_id,)),), ())
        hit = ScoredChunk(chunk, 1.0, None, None, "the clause the previous answer cited")
        return SearchResult(
            question,
            scope,
            [hit],
            {"retrieve": (time.perf_counter() - began) * 1000},
            self.term_weights(question, {chunk.doc_id}),
            self.embeddings.embed_query_array(question.text),
            pinned=True,
        )

    def term_weights(self, question: Question, doc_ids: set[str]) -> list[float]:
        """Key-term weights: longer terms weigh more; a term no clause in scope uses weighs less."""
        if len(doc_ids) * 4 < len(self._rows_of):
            texts = [
                self.index.chunks[r].search_text + self.index.chunks[r].path_text
                for d in doc_ids
                for r in self._rows_of.get(d, ())
            ]
            known = [any(t in x for x in texts) for t in question.key_terms]
        else:  # a large scope: ask the BM25 vocabulary instead of scanning every clause
            tokenize = tokenizer(self.index.bm25.tokenizer_name)
            known = [all(self.index.bm25.has_term(x) for x in tokenize(t)) for t in question.key_terms]
        return [min(len(t), 4) * (1.0 if k else UNKNOWN_TERM_FACTOR) for t, k in zip(question.key_terms, known)]

    def _rank(self, question: Question, query_vec: np.ndarray, doc_ids: frozenset[str] | None) -> list[ScoredChunk]:
        """Fuse the scope's top dense and top lexical rows, then re-score the best by key-term coverage.

        Both lists come from the store already restricted to the scope; a row missing from one
        list scores that list's lowest value (dense) or 0 (lexical: no matching term counted).
        """
        (dense_rows, dense_scores), (lexical_rows, lexical_scores) = self.store.candidates(
            query_vec, question.form, CANDIDATE_LIST, doc_ids
        )
        rows = np.union1d(dense_rows, lexical_rows)
        if rows.size == 0:
            return []
        floor = float(dense_scores.min()) if dense_scores.size else 0.0
        d = np.full(rows.size, floor, dtype=np.float32)
        d[np.searchsorted(rows, dense_rows)] = dense_scores
        lex = np.zeros(rows.size, dtype=np.float32)
        lex[np.searchsorted(rows, lexical_rows)] = lexical_scores
        dn = (d - d.min()) / (d.max() - d.min() + 1e-9)
        ln = lex / (lex.max() + 1e-9)
        fused = DENSE_WEIGHT * dn + LEXICAL_WEIGHT * ln
        ids = self._id_order[rows]
        dense_rank = {int(rows[i]): rank + 1 for rank, i in enumerate(np.lexsort((ids, -d)))}
        lexical_rank = {int(rows[i]): rank + 1 for rank, i in enumerate(np.lexsort((ids, -lex))) if lex[i] > 0}
        top = rows[np.lexsort((ids, -fused))][:CANDIDATES]
        fused_of = dict(zip(rows.tolist(), fused.tolist()))
        scored = []
        for row in top.tolist():
            chunk = self.index.chunks[row]
            coverage, year = term_coverage(question, chunk.search_text, chunk.path_text)
            score = fused_of[row] + COVERAGE_WEIGHT * coverage + YEAR_BONUS * year
            if question.wants_unit and RESPONSIBLE_RE.search(chunk.search_text):
                score += UNIT_BONUS
            reason = f"dense #{dense_rank[row]}, lexical #{lexical_rank.get(row, '-')}, terms {coverage:.0%}" + (
                f", year {'+' if year > 0 else '-'}" if year else ""
            )
            scored.append(ScoredChunk(chunk, round(float(score), 4), dense_rank[row], lexical_rank.get(row), reason))
        scored.sort(key=lambda s: (-s.score, s.chunk.chunk_id))
        return scored

"""Region-aware hybrid retrieval: dense (FAISS) + BM25, fused, then re-scored by key-term coverage.

Fusion is a weighted sum of per-query min-max normalised scores rather than reciprocal-rank
fusion: RRF lifts generic chunks that rank moderately in both lists above the specific clause
one list ranks first (measured on eval/questions.jsonl, see README).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.documents import ScoredChunk
from assistant.index.embedders import Embedder
from assistant.text.gazetteer import Gazetteer, Place
from assistant.ingest.headings import DUTY_TEXT_RE
from assistant.index.lexical import tokenizer
from assistant.text.normalize import search_form
from assistant.retrieval.question import Question, parse_question
from assistant.index.layout import Index

DENSE_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.6
YEAR_BONUS = 0.25
UNIT_BONUS = 0.2
UNKNOWN_TERM_FACTOR = 0.5
PATH_TERM_FACTOR = 0.5
CANDIDATES = 30  # fused candidates re-scored by coverage
DENSE_CANDIDATES = 500  # rows an approximate (HNSW) index scores; the rest count as -1


@dataclass(frozen=True)
class RegionScope:
    """Which documents a question may be answered from, and why."""

    doc_ids: tuple[str, ...]  # empty tuple with `restricted` = nothing may answer
    restricted: bool  # False: the question names no place, all documents are searched
    covered: tuple[tuple[str, tuple[str, ...]], ...]  # (region short name, its doc ids), in question order
    uncovered: tuple[str, ...]  # places the question names that no document covers
    enclosing: tuple[str, ...] = ()  # places answered by the plan of a larger region (凯里 -> 黔东南)
    excluded: tuple[str, ...] = ()  # places the corpus covers, but not the documents the user selected


@dataclass
class SearchResult:
    question: Question
    scope: RegionScope
    hits: list[ScoredChunk]
    timings_ms: dict[str, float] = field(default_factory=dict)
    term_weights: list[float] | None = None  # per key term; terms absent from the scope weigh less


class Retriever:
    """Searches one index; cheap to call many times (nothing is rebuilt per query)."""

    def __init__(self, index: Index, embeddings: Embedder, gazetteer: Gazetteer,
                 max_question_chars: int = 300) -> None:
        self.index = index
        self.embeddings = embeddings
        self.gazetteer = gazetteer
        self.max_question_chars = max_question_chars
        rows_of: dict[str, list[int]] = {}
        for row, chunk in enumerate(index.chunks):
            rows_of.setdefault(chunk.doc_id, []).append(row)
        self._rows_of = {d: np.array(r, dtype=np.int64) for d, r in rows_of.items()}
        # Equal scores are ordered by chunk id, so ties never depend on the machine or on row order.
        self._id_order = np.argsort(np.argsort([c.chunk_id for c in index.chunks], kind="stable"), kind="stable")
        self._places = {d.doc_id: gazetteer.get(d.region_code) for d in index.documents if d.region_code}
        self.aliases = self._corpus_aliases()

    def _corpus_aliases(self) -> dict[str, Place]:
        """"自治区" names the corpus's one autonomous region when its own plan calls itself so."""
        regions = {p.code: p for p in self._places.values() if p and p.name.endswith("自治区")}
        titles = [d.title for d in self.index.documents]
        if len(regions) == 1 and any(t.startswith("自治区") for t in titles):
            return {"自治区": next(iter(regions.values()))}
        return {}

    def scope(self, question: Question, doc_ids: list[str] | None = None) -> RegionScope:
        """Documents to search: those of the named regions; a place no document covers is reported."""
        everything = {d.doc_id for d in self.index.documents}
        allowed = set(doc_ids) & everything if doc_ids else everything
        if not question.places:
            return RegionScope(tuple(sorted(allowed)), False, (), ())
        covered, uncovered, enclosing, excluded = [], [], [], []
        for place in question.places:
            docs = self._covering(place, allowed)
            if docs:
                covered.append((self._places[docs[0]].short, tuple(docs)))
                if self._places[docs[0]].code != place.code:
                    enclosing.append(place.short)
            elif self._covering(place, everything):
                excluded.append(place.short)
            elif not any(place.contains(p) for p in question.places if p != place):
                uncovered.append(place.short)
        ids = tuple(sorted({d for _, docs in covered for d in docs}))
        return RegionScope(ids, True, tuple(covered), tuple(uncovered), tuple(enclosing), tuple(excluded))

    def _covering(self, place: Place, allowed: set[str]) -> list[str]:
        """Documents of `place` itself, else of the most specific region that contains it."""
        exact = [d for d, p in self._places.items() if p and p.code == place.code and d in allowed]
        if exact:
            return exact
        outer = [d for d, p in self._places.items() if p and p.contains(place) and d in allowed]
        if not outer:
            return []
        level = max(self._places[d].level for d in outer)
        return [d for d in outer if self._places[d].level == level]

    def search(self, text: str, k: int = 5, doc_ids: list[str] | None = None) -> SearchResult:
        """Top chunks for a question; for two named regions, the top chunks of each."""
        began = time.perf_counter()
        question = parse_question(text, self.gazetteer, self.max_question_chars, self.aliases)
        scope = self.scope(question, doc_ids)
        if scope.restricted and not scope.doc_ids:
            return SearchResult(question, scope, [], {"retrieve": (time.perf_counter() - began) * 1000})
        query_vec = self.embeddings.embed_query_array(question.text)
        dense = self.index.vectors.scores(query_vec, DENSE_CANDIDATES)
        lexical = self.index.bm25.scores(question.form)
        groups = [docs for _, docs in scope.covered] or [scope.doc_ids]
        hits: list[ScoredChunk] = []
        per_group = k if len(groups) == 1 else max(2, (k + len(groups) - 1) // len(groups))
        ranked_groups = [self._rank(question, set(g), dense, lexical)[:per_group] for g in groups]
        for position in range(per_group):  # interleave so both regions are present
            for ranked in ranked_groups:
                if position < len(ranked) and ranked[position] not in hits:
                    hits.append(ranked[position])
        weights = self.term_weights(question, set(scope.doc_ids))
        return SearchResult(question, scope, hits, {"retrieve": (time.perf_counter() - began) * 1000}, weights)

    def term_weights(self, question: Question, doc_ids: set[str]) -> list[float]:
        """Key-term weights: longer terms weigh more; a term no clause in scope uses weighs less."""
        if len(doc_ids) * 4 < len(self._rows_of):
            texts = [self.index.chunks[r].search_text + self.index.chunks[r].path_text
                     for d in doc_ids for r in self._rows_of.get(d, ())]
            known = [any(t in x for x in texts) for t in question.key_terms]
        else:  # a large scope: ask the BM25 vocabulary instead of scanning every clause
            tokenize = tokenizer(self.index.bm25.tokenizer_name)
            known = [all(self.index.bm25.has_term(x) for x in tokenize(t)) for t in question.key_terms]
        return [min(len(t), 4) * (1.0 if k else UNKNOWN_TERM_FACTOR) for t, k in zip(question.key_terms, known)]

    def _rank(self, question: Question, doc_ids: set[str], dense: np.ndarray, lexical: np.ndarray) -> list[ScoredChunk]:
        rows = np.sort(np.concatenate([self._rows_of[d] for d in doc_ids if d in self._rows_of] or [np.zeros(0, np.int64)]))
        if rows.size == 0:
            return []
        d, l = dense[rows], lexical[rows]
        dn = (d - d.min()) / (d.max() - d.min() + 1e-9)
        ln = l / (l.max() + 1e-9)
        fused = DENSE_WEIGHT * dn + LEXICAL_WEIGHT * ln
        ids = self._id_order[rows]
        dense_rank = {int(r): i + 1 for i, r in enumerate(rows[np.lexsort((ids, -d))])}
        lexical_rank = {int(r): i + 1 for i, r in enumerate(rows[np.lexsort((ids, -l))]) if lexical[r] > 0}
        top = rows[np.lexsort((ids, -fused))][:CANDIDATES]
        fused_of = dict(zip(rows.tolist(), fused.tolist()))
        scored = []
        for row in top.tolist():
            chunk = self.index.chunks[row]
            coverage, year = term_coverage(question, chunk.search_text, chunk.path_text)
            score = fused_of[row] + COVERAGE_WEIGHT * coverage + YEAR_BONUS * year
            if question.wants_unit and DUTY_TEXT_RE.search(chunk.search_text):
                score += UNIT_BONUS
            reason = (f"dense #{dense_rank[row]}, lexical #{lexical_rank.get(row, '-')}, "
                      f"terms {coverage:.0%}" + (f", year {'+' if year > 0 else '-'}" if year else ""))
            scored.append(ScoredChunk(chunk, round(float(score), 4), dense_rank[row], lexical_rank.get(row), reason))
        scored.sort(key=lambda s: (-s.score, s.chunk.chunk_id))
        return scored


_BOOK_TITLE_RE = re.compile(r"《[^》]*》")
_ANY_YEAR_RE = re.compile(r"(?<!\d)20[1-3]\d(?!\d)")


def term_coverage(question: Question, text: str, path: str,
                  term_weights: list[float] | None = None) -> tuple[float, float]:
    """Share of the question's key terms found in the clause or its path, and a year signal.

    The year signal is +1 when an asked year is in the clause or its path, -1 when the clause
    names other years only, 0 when no year is asked or none is named.
    """
    context = search_form(path)
    haystack = text + " " + context
    terms = question.key_terms
    weights = list(term_weights) if term_weights is not None else [min(len(t), 4) for t in terms]
    coverage = 0.0
    if terms and sum(weights) > 0:
        # A term in the clause itself counts fully; one only in its heading path or title, half.
        hit = sum(w if (t in text or _partial(t, text)) else w * PATH_TERM_FACTOR
                  for t, w in zip(terms, weights) if t in haystack or _partial(t, haystack))
        coverage = hit / sum(weights)
    year = 0.0
    if question.years:
        # Years inside a cited title (《…规划(2021—2030年)》) are not targets of this clause.
        dated = _BOOK_TITLE_RE.sub("", haystack)
        if any(y in dated for y in question.years):
            year = 1.0
        elif _ANY_YEAR_RE.search(dated):
            year = -1.0
    return coverage, year


def _partial(term: str, haystack: str) -> bool:
    # A long compound (农田灌溉) often appears split (农田 … 灌溉): count it when both halves do.
    return len(term) >= 4 and term[: len(term) // 2] in haystack and term[len(term) // 2:] in haystack

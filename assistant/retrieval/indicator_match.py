"""Matching a figure question to the indicator table: which stated indicator it asks for, where and when.

A question's content words must all stand in an indicator's name (directly, split, or through a
staff synonym): the modifiers that tell indicators apart (湿地 保护率 vs 野生动植物 保护率) decide,
not a shared head (`word_conflicts`). The kind of quantity asked (a rate, an area, a count …) must fit the
figure's unit, and the figure's sentence must not give it another scope or time (`figure_sentences`).
Similarity of the question to the name (the embedding model) only orders candidates and chooses the
"closest indicators" a refusal lists.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

from assistant.documents import Chunk, DocumentMeta, Indicator
from assistant.index.records import RowBlocks
from assistant.indicators.periods import FIVE_YEAR_PLANS
from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.asked_quantity import (
    action_measured_instead,
    held_by_head,
    kind_fits,
    measure_fits,
    opposite_quality,
    own_unit_fits,
    per_unit_fits,
    share_of_area_fits,
    unit_kind,
)
from assistant.retrieval.asked_words import asked_head, asked_terms, recut_by_name
from assistant.retrieval.asking import Asking, read_asking
from assistant.retrieval.evidence import Evidence, another_kind_named, ties, weigh
from assistant.retrieval.exclusions import left_out, negated_in_name, read_left_out
from assistant.retrieval.five_year_plans import asked_as_time, plan_named, within_plan
from assistant.retrieval.good_grades import read_as_good
from assistant.retrieval.indicator_reading import IndicatorMatch, echoed
from assistant.retrieval.indicator_table import CorpusLookups
from assistant.retrieval.question import Question
from assistant.retrieval.scales import names_set_member
from assistant.retrieval.scope_of_figure import (
    names_other_scope,
    other_part_of_year,
    other_townships,
    shared_with_listed_places,
)
from assistant.retrieval.word_conflicts import WordConflicts
from assistant.retrieval.word_kinds import QUALITIES
from assistant.text.normalize import search_form
from assistant.text.patterns import BRACKETED_RE
from assistant.text.thesaurus import kind_of

# Rows scored in full per question (~0.5 ms each, cold): over the 1x corpus no development question named more
# than 47 (of 250 indicators), so the cap only binds over hundreds of documents, where it bounds the tail.
# 128 instead of 200 took 100x p99 from ~100 to ~75 ms; the 186 seed questions got the same answers at 100x,
# and at 1000x all but one, which both caps answered from a look-alike plan.
MAX_SCORED = 128


class IndicatorMatcher(WordConflicts):
    """The index's indicators, searchable by region and by what a question asks (only a document's live rows:
    see `IndicatorTable`), so that a removed document's figures never answer, nor appear among the closest."""

    def __init__(
        self,
        indicators: Sequence[Indicator],
        vectors: RowBlocks | np.ndarray,
        chunks: Sequence[Chunk],
        row_of_chunk: dict[str, int],
        documents: list[DocumentMeta],
        synonyms: Synonyms,
        lookups: CorpusLookups | None = None,
        rows_of: dict[str, np.ndarray] | None = None,
        clauses_of: Callable[[str], list[Chunk]] | None = None,
    ) -> None:
        super().__init__(indicators, chunks, row_of_chunk, documents, synonyms, rows_of, clauses_of, lookups)
        self.vectors = vectors if isinstance(vectors, RowBlocks) else RowBlocks([vectors], vectors.shape[-1])

    def _scored_rows(
        self, rows: np.ndarray, query_vector: np.ndarray | None, terms: tuple[str, ...], naming: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows to score in full, with their similarity to the question: all of them, or over thousands of
        documents the `MAX_SCORED` whose names hold the most asked characters, the closest in meaning first
        among equals (vectors are read only for rows that can be among those)."""
        held: np.ndarray | None = None
        if len(rows) > MAX_SCORED:
            held = np.asarray(sum(len(t) * np.isin(rows, found) for t, found in zip(terms, naming)))
            floor = np.partition(held, len(held) - MAX_SCORED)[len(held) - MAX_SCORED]
            rows, held = rows[held >= floor], held[held >= floor]
        sims = (
            self.vectors.take(rows.tolist()) @ query_vector
            if query_vector is not None and len(self.vectors)
            else np.zeros(len(rows), np.float32)
        )
        if held is not None and len(rows) > MAX_SCORED:
            keep = np.sort(np.lexsort(np.stack([rows, -sims, -held]))[:MAX_SCORED])  # row order kept for equal scores
            rows, sims = rows[keep], sims[keep]
        return rows, sims

    def candidates(
        self,
        question: Question,
        doc_ids: set[str],
        query_vector: np.ndarray | None,
        part: tuple[tuple[str, ...], str] | None = None,
        kind_text: str | None = None,
    ) -> list[IndicatorMatch]:
        """The indicators of `doc_ids` whose name holds at least one asked word, scored against the question
        (or `part`: some of its words and the stretch of the question they come from), best first. The kind of
        quantity asked is read from `kind_text` when given (the stretch naming one of several compared regions).

        A word counts when it stands in the name, or in the indicator's own sentence or heading path
        (试点, 行政村 …) as long as at least one word stands in the name itself. Indicators naming no
        asked word can neither answer nor be offered as the closest, so they are not scored at all — unless
        no name holds an asked word and this one holds a synonym of one in general Chinese (丛林 ~ 森林).
        """
        terms, asked = part if part is not None else (asked_terms(question), question.form)
        if not terms:
            return []
        asking = read_asking(question, terms, asked, kind_text or asked, self.synonyms, self.conflicts)
        scope = np.concatenate(
            [self._rows_of[d] for d in sorted(doc_ids) if d in self._rows_of] or [np.zeros(0, np.int64)]
        )
        naming = [self.names.naming(t, asking.phrases) for t in terms]
        rows = scope[np.isin(scope, np.concatenate(naming))]
        if not len(rows):
            return []
        rows, sims = self._scored_rows(rows, query_vector, terms, naming)
        out = [m for m in (self._match(r, s, asking) for r, s in zip(rows.tolist(), sims.tolist())) if m]
        # A name holding only a general-Chinese synonym of an asked word (丛林 ~ 森林) is read only for a whole
        # question (a part of one names its words) and only when no name holds an asked word itself.
        named_words = [m for m in out if m.evidence is not None and m.evidence.covered]
        out = out if part is None and not named_words else named_words
        kinds = {t for m in out if m.evidence is not None for t in m.evidence.rivals}
        if kinds:
            out = [dataclasses.replace(m, evidence=m.evidence.kind_named(kinds)) if m.evidence else m for m in out]
        # The whole question, even for a part: a part's stretch holds its asking (…分别要求多少), which any
        # respective list repeats, while the words around a figure (市中心城区) tell one statement from another.
        out = self._echoes(out, question.form)
        out.sort(key=lambda m: m.rank_key)
        return out

    def _echoes(self, matches: list[IndicatorMatch], form: str) -> list[IndicatorMatch]:
        """`matches` with how much of the question each sentence repeats word for word (`echoed`; the whole
        sentence: the words around one city's figure tell it from another's), for names stated more than once
        (年度目标 and 年度努力目标 of one year): the statement it quotes is the asked one."""
        counts = collections.Counter(m.indicator.name for m in matches)
        return [
            dataclasses.replace(
                m, echo=echoed(form, search_form(self.line_lead(m.indicator) + self.sentence(m.indicator)))
            )
            if counts[m.indicator.name] > 1
            else m
            for m in matches
        ]

    def _match(self, row: int, sim: float, a: Asking) -> IndicatorMatch | None:
        """How one indicator stands to what is asked (None: its name holds no asked word nor a synonym of one)."""
        ind, name, context = self.indicators[row], self._names[row], self._context(row)
        form = a.question.form
        cut = recut_by_name(a.terms, a.asked, name)
        # A five-year plan asked as the time (“十四五”时期) says when, not what: a figure of other years stands
        # against it; what jieba leaves of one (十三 of 十三五期间) is no word the name must hold.
        spans = {t: plan_named(t, form) for t in cut}
        other_years = tuple(
            t for t, span in spans.items() if span and not within_plan(ind, span) and asked_as_time(t, a.question)
        )
        cut = tuple(t for t, span in spans.items() if not span or t in FIVE_YEAR_PLANS) or cut
        evidence = self._weighed(ind, name, context, cut, other_years, a)
        covered, in_context = evidence.covered, evidence.in_context
        if not covered and not any(ties(t, name) for t in evidence.explained):
            return None  # neither an asked word nor a synonym of one in the name itself
        fits = (
            (kind_fits(a.kind, unit_kind(ind.unit)) or share_of_area_fits(a.kind, a.kind_text, name, ind.unit))
            and measure_fits(a.counted, ind.unit)
            and per_unit_fits(a.kind_text, name, ind.unit)
            and own_unit_fits(a.unit, ind.unit)
        )
        # A single character left of a question word (能分 -> 分) is too weak to tell indicators apart:
        # it counts when it stands in the name but is not required.
        required = [t for t in cut if len(t) > 1] or list(cut)
        # The name itself must hold a word, not a lone character (a 率 cut off its word) with the rest around.
        # A quality alone (平均, 有效) is said of many figures: the name must hold what is measured too.
        all_named = any(t in required and kind_of(t) != QUALITIES for t in covered) and all(
            t in covered or t in in_context for t in required
        )
        read_other_way = not all_named and fits and not evidence.conflicts
        other_scope = bool(other_years) or self._other_scope(ind, name, context, a, read_other_way)
        total = sum(len(t) for t in cut)
        named = sum(len(t) for t in covered) / total
        coverage = (
            named
            + 0.5 * sum(len(t) for t in in_context) / total
            + 0.25 * sum(len(t) for t in evidence.explained) / total
        )
        extra = max(0, len(BRACKETED_RE.sub("", name)) - sum(len(t) for t in covered))
        asked_words = covered + in_context + evidence.explained + evidence.descriptive
        question = a.question
        return IndicatorMatch(
            ind,
            all_named and fits and not other_scope,
            coverage,
            named,
            fits,
            float(sim),
            extra,
            evidence,
            other_scope,
            question.wants_number or question.wants_figure and not question.wants_when,
            not a.thing
            or held_by_head(a.thing, name)
            or any(self.covers(a.thing, t, a.phrases) or ties(a.thing, t) for t in (name, context)),
            head=asked_head(max(asked_words, key=form.find), form) if asked_words else None,
        )

    def _weighed(
        self, ind: Indicator, name: str, context: str, cut: tuple[str, ...], other_years: tuple[str, ...], a: Asking
    ) -> Evidence:
        """How each asked word stands to the indicator (`evidence.weigh`), with what the question leaves out or
        negates, the water classes it counts as good, and the words its name or sentence give to something else."""
        form = a.question.form
        head = asked_head(cut[-1], form)
        evidence = weigh(
            cut,
            name,
            context,
            lambda t, text: self.covers(t, text, a.phrases),
            lambda t, held, around: a.conflicts(t, held, around, ind.doc_id, t == head),
            form,
            self.distinguishes,
        )
        evidence = read_left_out(evidence, left_out(cut, a.left_out), name)
        evidence = negated_in_name(evidence, name, form)
        grades = self.good_grades(ind.doc_id) if a.grade_asked else frozenset()
        evidence = read_as_good(evidence, a.grade_asked, name, grades)
        # An asked word naming another kind of what the name names (甲乙产业 against 新兴产业), even where the
        # name's words cut it apart (第三 | 产业增加值).
        kinds_named = tuple(t for t in a.terms if t not in cut and another_kind_named(t, name))
        # 甲林面积 asked, 甲林抚育 named: the word stands in the name, but as what an action is done to.
        acted_on = action_measured_instead(form, evidence.covered, name)
        if acted_on:
            covered_only = tuple(t for t in evidence.covered if t not in acted_on)
            evidence = dataclasses.replace(evidence, covered=covered_only, conflicts=evidence.conflicts + acted_on)
        if kinds_named or other_years:
            evidence = dataclasses.replace(evidence, conflicts=evidence.conflicts + kinds_named + other_years)
        # Only a member of a set asked (风电) reads the figure's sentence; most questions ask none.
        uncovered = [
            t for t in cut if t not in evidence.covered and t not in evidence.conflicts and names_set_member(t, form)
        ]
        if uncovered and self.another_member_said(ind, uncovered, form):
            evidence = dataclasses.replace(evidence, conflicts=evidence.conflicts + tuple(uncovered))
        if self.stated_apart(ind, evidence, a.phrases):
            moved = evidence.in_context
            evidence = dataclasses.replace(evidence, in_context=(), conflicts=evidence.conflicts + moved)
        return evidence

    def _other_scope(self, ind: Indicator, name: str, context: str, a: Asking, read_other_way: bool) -> bool:
        """Whether the name or sentence gives the figure another place of application, quality, part of the year,
        place or document than asked, or another time (a target for later when now is asked, a state of the
        writing when later years are; a five-year plan asked as the time is read in `_match`)."""
        form, asked = a.question.form, a.asked
        return (
            names_other_scope(a.scopes, name, self.covers)
            or opposite_quality(asked, name)
            or other_part_of_year(asked, name)
            or other_townships(name, context, a.towns)
            or (read_other_way and self.placed_elsewhere(ind, form))
            or self.cited_from_another(ind, form)
            or any(p in name or p in context for p in a.excluded)
            or any(shared_with_listed_places(p, context, form, unit_kind(ind.unit)) for p in a.inner)
            or self.figure_of_another_place(ind, a.question)
            or (a.now_asked and self.set_for_later(ind))
            or self.state_asked_later(ind, a.question)
        )

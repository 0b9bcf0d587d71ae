"""Matching a figure question to the indicator table: which stated indicator it asks for, where and when.

A question's content words must all stand in an indicator's name (directly, split, or through a
staff synonym): the modifiers that tell indicators apart (湿地 保护率 vs 野生动植物 保护率) decide,
not a shared head. The kind of quantity asked (a rate, an area, a count …) must fit the figure's
unit. Similarity of the question to the name (the embedding model) only orders candidates and
chooses the "closest indicators" a refusal lists.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence

import numpy as np

from assistant.documents import Chunk, DocumentMeta, Indicator
from assistant.index.records import RowBlocks, indicator_columns
from assistant.indicators.kept_years import KeptYear, kept_year
from assistant.indicators.periods import plan_period
from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.asked_quantity import (
    asked_kind,
    counted_thing,
    counted_unit,
    kind_fits,
    opposite_quality,
    per_unit_fits,
    unit_kind,
)
from assistant.retrieval.asked_words import asked_terms, recut_by_name
from assistant.retrieval.evidence import (
    QUALITIES,
    THINGS,
    names_a_thing,
    short_form,
    ties,
    weigh,
)
from assistant.retrieval.indicator_names import IndicatorNames, Phrases
from assistant.retrieval.indicator_reading import IndicatorMatch, activity
from assistant.retrieval.question import Question, sets_apart
from assistant.retrieval.scope_of_figure import names_other_scope, other_townships, without_siblings
from assistant.text.gazetteer import township_mentions
from assistant.text.lexicon import (
    SCOPE_WORDS,
)
from assistant.text.normalize import aligned_form, search_form, spelled_out
from assistant.text.patterns import BRACKETED_RE
from assistant.text.thesaurus import kind_of

# Rows scored in full per question (~0.5 ms each, cold): over the 1x corpus no development question named more
# than 47 (of 250 indicators), so the cap only binds over hundreds of documents, where it bounds the tail.
# 128 instead of 200 took 100x p99 from ~100 to ~75 ms; the 186 seed questions got the same answers at 100x,
# and at 1000x all but one, which both caps answered from a look-alike plan.
MAX_SCORED = 128
MAX_RESTATEMENTS = 2  # further clauses cited for one figure stated again
HELD_CONTEXTS = 100_000  # indicator sentences kept between questions (about 30 MB; read again when dropped)


class IndicatorMatcher:
    """The index's indicators, searchable by region and by what a question asks.

    Only rows listed in `rows_of` (the live indicator rows of each document; every row when None) can
    be matched: an index marks a removed document's rows deleted and leaves them out of that map, so
    they never answer, nor appear among the closest indicators.
    """

    def __init__(
        self,
        indicators: Sequence[Indicator],
        vectors: RowBlocks | np.ndarray,
        chunks: Sequence[Chunk],
        row_of_chunk: dict[str, int],
        documents: list[DocumentMeta],
        synonyms: Synonyms,
        mentions: Callable[[str], bool] | None = None,
        rows_of: dict[str, np.ndarray] | None = None,
        clauses_holding: Callable[[str, np.ndarray], np.ndarray | None] | None = None,
        places_inside: Callable[[str, str | None], tuple[str, ...]] | None = None,
        clauses_of: Callable[[str], list[Chunk]] | None = None,
    ) -> None:
        self.indicators = indicators  # read by row when matched (a record table at scale)
        self.vectors = vectors if isinstance(vectors, RowBlocks) else RowBlocks([vectors], vectors.shape[-1])
        self._chunks, self._row_of_chunk = chunks, row_of_chunk
        self.synonyms = synonyms
        self._chunk_ids, doc_ids, names = indicator_columns(indicators)
        if rows_of is None:
            grouped: dict[str, list[int]] = {}
            for row, doc_id in enumerate(doc_ids):
                grouped.setdefault(doc_id, []).append(row)
            rows_of = {d: np.array(r, dtype=np.int64) for d, r in grouped.items()}
        self._rows_of = rows_of
        self.names = IndicatorNames(names, synonyms)
        self._names = self.names.names  # by row, brackets dropped
        self._contexts: dict[int, str] = {}  # filled as indicators are matched (reading their clause)
        self._documents = {d.doc_id: d for d in documents}
        self._plan_end: dict[str, int | None] = {}  # filled as documents are asked about
        # Whether some clause of the corpus holds a word (the retriever's lexical vocabulary).
        self._mentions = mentions or (lambda term: False)
        # Which of some clause rows (sorted) may hold a word (the keyword index; None: it cannot say).
        self._clauses_holding = clauses_holding or (lambda term, rows: None)
        # The places a text names inside a region (by its division code), the region itself left out.
        self._places_inside = places_inside or (lambda text, code: ())
        # A document's clauses in order (read once per document, for the years it keeps another year's targets).
        self._clauses_of = clauses_of or (lambda doc_id: [])
        self._kept: dict[str, dict[int, KeptYear]] = {}

    def chunk(self, chunk_id: str) -> Chunk:
        """The clause an indicator was read from."""
        return self._chunks[self._row_of_chunk[chunk_id]]

    def sentence(self, ind: Indicator, upto_figure: bool = False) -> str:
        """The sentence of its clause an indicator's figure stands in (up to 。 ； or a line end; `upto_figure`:
        only its words before the figure)."""
        chunk = self.chunk(ind.chunk_id)
        at = ind.figure_start - chunk.start
        begin = max(chunk.text.rfind(c, 0, at) for c in "。；;\n") + 1
        ends = [e for e in (chunk.text.find(c, at) for c in "。；;\n") if e >= 0]
        return chunk.text[begin : at if upto_figure else min(ends, default=len(chunk.text))]

    def _context(self, row: int) -> str:
        """An indicator's sentence, heading path and plan title, without the names of the sentence's other figures
        (so 草原 of 草原综合植被覆盖度 never counts for 林草覆盖率 in the same sentence)."""
        held = self._contexts.get(row)  # read once: another thread may clear the dict meanwhile
        if held is not None:
            return held
        ind = self.indicators[row]
        if ind.chunk_id not in self._row_of_chunk:
            return ""
        chunk = self.chunk(ind.chunk_id)
        # Quotes dropped as names drop them, so another figure's name (省级“三化一片林”…示范村) is found in it.
        sentence = re.sub(r"[“”\"]", "", spelled_out(search_form(self.sentence(ind))))
        for other in self._rows_of[ind.doc_id].tolist():
            if self._chunk_ids[other] == ind.chunk_id and other != row and self._names[other] not in self._names[row]:
                sentence = sentence.replace(self._names[other], " ")
        if len(self._contexts) >= HELD_CONTEXTS:
            self._contexts.clear()
        # The plan's title says what all of its figures are about (空气 of 沈阳市空气质量持续改善行动实施方案).
        path = without_siblings(search_form(chunk.path_text), self._names[row])
        self._contexts[row] = context = f"{sentence} {path} {search_form(chunk.title)}"
        return context

    def statement_end(self, ind: Indicator) -> int:
        """Where the statement of `ind`'s figure ends: after the figures stated right after it for the same
        name and time (…重污染天数比率分别控制在5%和2%以内: one statement of two figures; a list of one figure per
        year stops at each)."""
        end = ind.end
        for row in self._rows_of.get(ind.doc_id, np.zeros(0, np.int64)).tolist():
            if self._chunk_ids[row] != ind.chunk_id:
                continue  # the column, not the record: only the clause's own rows are read (a table at scale)
            other = self.indicators[row]
            if other.name == ind.name and other.start == end and other.period == ind.period:
                end = other.end
        return end

    def stated_elsewhere(self, ind: Indicator) -> list[Indicator]:
        """The same figure stated again in other clauses of its document (a plan's target list, and the prose
        restating it): the same value, unit, base and year to reach, one name ending in the other. A repeated
        block (the same clause text twice) is no second statement."""
        cited = self.chunk(ind.chunk_id).text
        found = []
        for row in self._rows_of.get(ind.doc_id, np.zeros(0, np.int64)).tolist():
            name = self._names[row]
            if self._chunk_ids[row] == ind.chunk_id or not (name.endswith(ind.name) or ind.name.endswith(name)):
                continue
            other = self.indicators[row]
            same = (other.value, other.unit, other.baseline) == (ind.value, ind.unit, ind.baseline)
            if not same or _year_reached(other) != _year_reached(ind) or other.chunk_id not in self._row_of_chunk:
                continue
            if self.chunk(other.chunk_id).text != cited:
                found.append(other)
        return found[:MAX_RESTATEMENTS]

    def kept_year(self, doc_id: str, year: int) -> KeptYear | None:
        """The clause of `doc_id` saying `year` keeps an earlier year's targets (2024年…在稳定保持2023年指标任务
        基础上), if one does."""
        kept = self._kept.get(doc_id)
        if kept is None:
            kept = {}
            for chunk in self._clauses_of(doc_id):
                found = kept_year(chunk)
                if found is not None:
                    kept.setdefault(found.year, found)
            self._kept[doc_id] = kept
        return kept.get(year)

    def paragraph_of(self, ind: Indicator) -> tuple[Chunk, tuple[int, int]] | None:
        """For a figure of an 一是… item dated by its paragraph (period source "paragraph"): the paragraph's
        lead-in clause (the item's number without its last part: 一.(二).二是 -> 一.(二)) and where it states the
        year, if it does."""
        item = self.chunk(ind.chunk_id)
        number = item.number.rsplit(".", 1)[0]
        if ind.period is None or number == item.number:
            return None
        leads = [c for c in self._clauses_of(ind.doc_id) if c.number == number and c.start < item.start]
        for lead in reversed(leads):
            at = aligned_form(lead.text).rfind(ind.period.label)
            if at >= 0:
                return lead, (at, at + len(ind.period.label))
        return None

    def plan_end(self, doc_id: str) -> int | None:
        """The last year a document's plan covers: its title's period or its latest target year, whichever
        ends later (a 2016—2020 plan that also sets 2030 targets has not ended in 2026)."""
        if doc_id not in self._plan_end:
            doc = self._documents.get(doc_id)
            if doc is None:
                return None
            plan = plan_period(doc, search_form(doc.title))
            periods = (self.indicators[r].period for r in self._rows_of.get(doc_id, np.zeros(0, np.int64)).tolist())
            latest = max((p.end for p in periods if p), default=None)
            ends = [end for end in (plan.end if plan else None, latest) if end is not None]
            self._plan_end[doc_id] = max(ends) if ends else None
        return self._plan_end[doc_id]

    def covers(self, term: str, name: str, phrases: Phrases = ()) -> bool:
        """Whether `term` stands in `name` (see `IndicatorNames.covers`)."""
        return self.names.covers(term, name, phrases)

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

    def distinguishes(self, term: str) -> bool:
        """Whether an asked word tells indicators apart: a code or number (PM10), a word of some indicator's
        name anywhere in the corpus (湿地), or a thing some document speaks of (噪声, 扬尘). A word no
        document uses, or one saying who acts or how, only describes."""
        if re.search(r"[A-Za-z0-9]", term):
            return True
        if len(self.names.holding(term)):
            return True
        return names_a_thing(term) and self._mentions(term)

    def conflicts(
        self, term: str, covered: tuple[str, ...], in_context: tuple[str, ...], doc_id: str, head: bool
    ) -> bool:
        """Whether an asked word an indicator of `doc_id` lacks names something else (see `evidence`): a
        code; a distinguishing word that is the asked phrase's head (what is asked for: 补贴 of 购置补贴), or a
        thing or a quality where the indicator's name and sentence hold no thing the question names (湿地, 人均; a word
        saying what is done, where or in what respect, 制造 or 园区, conflicts only through a sibling, a closer name or
        another indicator holding every covered word with it around); a thing another
        indicator's sentence in the same document holds; a word of a sibling's name (another indicator of
        the same document sharing an asked word with this one: 氨氮排放量 next to 化学需氧量排放量); or a word
        of a closer name anywhere (one holding it and every word `covered`)."""
        if kind_of(term) in (None, THINGS) and self._in_other_sentence(term, doc_id):
            return True
        if kind_of(term) == QUALITIES and self._said_with(term, covered, doc_id):
            return True
        # A word that names no thing nor quality (联防联控 of 联防联控区), said around another indicator of the
        # document that holds every covered word: the question points at that one.
        describes = not names_a_thing(term) and kind_of(term) != QUALITIES
        if describes and self._in_other_sentence(term, doc_id, covered):
            return True
        if not self.distinguishes(term):
            return False
        # A code held (GDP, PM2.5) is shared by many measures of it (人均GDP, 万元GDP用水量): only a thing
        # named in words lets further asked things merely describe.
        held_things = [w for w in covered + in_context if names_a_thing(w) and not re.search(r"[A-Za-z0-9]", w)]
        # An activity asked last (…能安全再开发利用的比例) says what is done, not what is asked for.
        asked_for = head and not activity(term)
        if asked_for or re.search(r"[A-Za-z0-9]", term) or not held_things and not describes:
            return True
        naming = self.names.holding(term)
        siblings = naming[np.isin(naming, self._rows_of.get(doc_id, np.zeros(0, np.int64)))].tolist()
        if any(any(self.covers(w, self._names[r]) for w in covered) for r in siblings):
            return True
        # Closer names are looked for only among rows that may hold every covered word (found at once over
        # all names), never name by name over the whole corpus.
        for word in covered:
            naming = naming[np.isin(naming, self.names.naming(word, ()))]
        return any(all(self.covers(w, self._names[r]) for w in covered) for r in naming.tolist())

    def _in_other_sentence(self, term: str, doc_id: str, covered: tuple[str, ...] = ()) -> bool:
        """Whether `term` stands in the sentence of some indicator of `doc_id` (asked only for a thing, or a
        word general Chinese does not know, that the indicator at hand lacks: the question's words then point
        at that other one, 补水 of 用水总量控制(不含应急生态补水)); with `covered`, of one whose name holds them all."""
        rows, clause_rows = self._indicator_clauses(doc_id)
        # Only the indicators whose clause may hold the word are read: reading every indicator sentence of
        # every plan in scope cost 2.3 s for one question at 100x the corpus.
        may_hold = self._clauses_holding(term, np.unique(clause_rows[clause_rows >= 0]))
        if may_hold is not None:
            rows = [r for r, keep in zip(rows, np.isin(clause_rows, may_hold)) if keep]
        return any(term in self._context(r) and all(self.covers(w, self._names[r]) for w in covered) for r in rows)

    def _said_with(self, term: str, covered: tuple[str, ...], doc_id: str) -> bool:
        """Whether a quality the indicator lacks (电动 of 电动公交车) stands in the same document right before a
        word the indicator holds (提高电动公交车占比): the document speaks of that other thing."""
        _, clause_rows = self._indicator_clauses(doc_id)
        clauses = np.unique(clause_rows[clause_rows >= 0])
        may_hold = self._clauses_holding(term, clauses)
        for row in (clauses if may_hold is None else may_hold).tolist():
            text = self._chunks[row].search_text
            if any(re.search(f"{re.escape(term)}的?{re.escape(w)}", text) for w in covered):
                return True
        return False

    def _indicator_clauses(self, doc_id: str) -> tuple[list[int], np.ndarray]:
        """A document's indicator rows and, for each, the row of its clause (-1 when it is not indexed)."""
        rows = self._rows_of.get(doc_id, np.zeros(0, np.int64)).tolist()
        return rows, np.array([self._row_of_chunk.get(self._chunk_ids[r], -1) for r in rows], dtype=np.int64)

    def _placed_elsewhere(self, ind: Indicator, form: str) -> bool:
        """The indicator's sentence names a place inside the plan's region before the figure (桂平市的…53 in
        贵港's plan) and the question names none of them: the figure is that place's, so it is never the asked
        one read another way (a name holding every asked word still answers, and its quote shows the place).
        Places named after the figure (…34微克/立方米(港北区…参照执行)) take the figure over; they do not own it."""
        doc = self._documents.get(ind.doc_id)
        head = search_form(self.sentence(ind, upto_figure=True))
        places = self._places_inside(head, doc.region_code if doc else None)
        return bool(places) and not any(p in form for p in places)

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
        kind, counted = asked_kind(kind_text or asked), counted_unit(kind_text or asked)
        phrases = tuple((w, v) for w, v in self.synonyms.groups.items() if len(w) >= 3 and w in question.form)
        # Two asked words side by side stand as their short form too (环境 保护 -> 环保).
        phrases += tuple(
            (a + b, frozenset({short_form(a + b)}))
            for a in terms
            for b in terms  # side by side in the question, wherever the word list (each word once) puts them
            if len(a) == len(b) == 2 and a + b in question.form
        )
        if not terms:
            return []
        scope = np.concatenate(
            [self._rows_of[d] for d in sorted(doc_ids) if d in self._rows_of] or [np.zeros(0, np.int64)]
        )
        naming = [self.names.naming(t, phrases) for t in terms]
        rows = scope[np.isin(scope, np.concatenate(naming))]
        if not len(rows):
            return []
        rows, sims = self._scored_rows(rows, query_vector, terms, naming)
        asked_scopes = [w for w in SCOPE_WORDS if w in asked]
        conflicts = functools.lru_cache(maxsize=None)(self.conflicts)
        thing = counted_thing(asked)
        towns = township_mentions(question.form)
        # 除了甲市，其余…: the excluded place's figure is the one not asked.
        excluded = [p.short for p in question.places if sets_apart(question.form, p.short)]
        out = []
        for row, sim in zip(rows.tolist(), sims.tolist()):
            ind = self.indicators[row]
            name = self._names[row]
            context = self._context(row)
            cut = recut_by_name(terms, asked, name)
            positions = {t: question.form.find(t) for t in cut}
            # A single character left of a question word (能分 -> 分) is too weak to tell indicators apart:
            # it counts when it stands in the name but is not required.
            required = [t for t in cut if len(t) > 1] or list(cut)
            evidence = weigh(
                cut,
                name,
                context,
                lambda t, text: self.covers(t, text, phrases),
                lambda t, held, around: conflicts(t, held, around, ind.doc_id, t == cut[-1]),  # noqa: B023
                question.form,
                self.distinguishes,
            )
            covered, in_context = evidence.covered, evidence.in_context
            if not covered and not any(ties(t, name) for t in evidence.explained):
                continue  # neither an asked word nor a synonym of one in the name itself
            fits = (
                kind_fits(kind, unit_kind(ind.unit))
                and (counted is None or ind.unit.lstrip("万亿千百") == counted)
                and per_unit_fits(kind_text or asked, name, ind.unit)
            )
            # The name itself must hold a word, not a lone character (a 率 cut off its word) with the rest around.
            # A quality alone (平均, 有效) is said of many figures: the name must hold what is measured too.
            all_named = any(t in required and kind_of(t) != QUALITIES for t in covered) and all(
                t in covered or t in in_context for t in required
            )
            read_other_way = not all_named and fits and not evidence.conflicts
            other_scope = (
                names_other_scope(asked_scopes, name, self.covers)
                or opposite_quality(asked, name)
                or other_townships(name, context, towns)
                or (read_other_way and self._placed_elsewhere(ind, question.form))
                or any(p in name or p in context for p in excluded)
            )
            exact = all_named and fits and not other_scope
            total = sum(len(t) for t in cut)
            named = sum(len(t) for t in covered) / total
            coverage = (
                named
                + 0.5 * sum(len(t) for t in in_context) / total
                + 0.25 * sum(len(t) for t in evidence.explained) / total
            )
            extra = max(0, len(BRACKETED_RE.sub("", name)) - sum(len(t) for t in covered))
            out.append(
                IndicatorMatch(
                    ind,
                    exact,
                    coverage,
                    named,
                    fits,
                    float(sim),
                    extra,
                    evidence,
                    other_scope,
                    positions,
                    question.wants_number or question.wants_figure and not question.wants_when,
                    not thing or any(self.covers(thing, t, phrases) or ties(thing, t) for t in (name, context)),
                )
            )
        # A name holding only a general-Chinese synonym of an asked word (丛林 ~ 森林) is read only for a whole
        # question (a part of one names its words) and only when no name holds an asked word itself.
        named_words = [m for m in out if m.evidence is not None and m.evidence.covered]
        out = out if part is None and not named_words else named_words
        kinds = {t for m in out if m.evidence is not None for t in m.evidence.rivals}
        if kinds:
            out = [dataclasses.replace(m, evidence=m.evidence.kind_named(kinds)) if m.evidence else m for m in out]
        out.sort(key=lambda m: m.rank_key)
        return out


def _year_reached(ind: Indicator) -> int | None:
    """The year a figure is to be reached (a “十四五” target's is 2025, as a 2025 column's)."""
    return ind.period.end if ind.period else None

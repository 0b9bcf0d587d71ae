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
from assistant.index.records import RowBlocks
from assistant.indicators.periods import DESCRIPTION_HEADING_RE, FIVE_YEAR_PLANS, document_year
from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.asked_quantity import (
    action_measured_instead,
    asked_kind,
    counted_thing,
    counted_unit,
    held_by_head,
    kind_fits,
    measure_fits,
    opposite_quality,
    own_unit,
    own_unit_fits,
    per_unit_fits,
    share_of_area_fits,
    unit_kind,
)
from assistant.retrieval.asked_words import asked_head, asked_terms, recut_by_name
from assistant.retrieval.evidence import (
    KIND_HEAD_RE,
    QUALITIES,
    THINGS,
    Evidence,
    another_kind_named,
    names_a_thing,
    ties,
    weigh,
)
from assistant.retrieval.exclusions import left_out, left_out_stretches, negated_in_name, read_left_out
from assistant.retrieval.five_year_plans import asked_as_time, plan_named, within_plan
from assistant.retrieval.good_grades import GOOD, class_asked_or_better, good_defined_as, read_as_good
from assistant.retrieval.indicator_names import Phrases
from assistant.retrieval.indicator_reading import IndicatorMatch, activity
from assistant.retrieval.indicator_table import IndicatorTable
from assistant.retrieval.question import Question, asks_now, sets_apart
from assistant.retrieval.scales import another_member_leads, names_set_member
from assistant.retrieval.scope_of_figure import (
    names_other_scope,
    other_part_of_year,
    other_townships,
    own_figure_elsewhere,
    shared_with_listed_places,
    stated_apart,
)
from assistant.retrieval.short_forms import object_phrases, short_form
from assistant.text.gazetteer import township_mentions
from assistant.text.lexicon import SCOPE_WORDS, STATE_HEADING_RE
from assistant.text.normalize import search_form
from assistant.text.patterns import BRACKETED_RE, other_documents_cited
from assistant.text.thesaurus import ACTIVITIES, kind_of

# Rows scored in full per question (~0.5 ms each, cold): over the 1x corpus no development question named more
# than 47 (of 250 indicators), so the cap only binds over hundreds of documents, where it bounds the tail.
# 128 instead of 200 took 100x p99 from ~100 to ~75 ms; the 186 seed questions got the same answers at 100x,
# and at 1000x all but one, which both caps answered from a look-alike plan.
MAX_SCORED = 128
# A rate named by what is done (保护率, 利用率): a kind of measure, telling indicators apart even where no name of
# the corpus holds it.
_RATE_OF_ACTIVITY_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}率$")
# A figure said as a target stating no time (核心指标是甲率要达到35%): set for later, whenever that is. Not 要 of
# 主要, nor 应 of 供应 or 相应.
_TARGET_SAID_RE = re.compile(
    r"(?:(?<![主重纲摘])要|(?<![供相响适效反对])应|须|力争|争取|确保)(?:达到|达|提高到|提升到|提高至|提升至|降至|降到|控制在|保持在|不低于|不少于|超过)?\s*$"
)


class IndicatorMatcher(IndicatorTable):
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
        mentions: Callable[[str], bool] | None = None,
        rows_of: dict[str, np.ndarray] | None = None,
        clauses_holding: Callable[[str, np.ndarray], np.ndarray | None] | None = None,
        places_inside: Callable[[str, str | None], tuple[str, ...]] | None = None,
        clauses_of: Callable[[str], list[Chunk]] | None = None,
    ) -> None:
        super().__init__(indicators, chunks, row_of_chunk, documents, synonyms, rows_of, clauses_of)
        self.vectors = vectors if isinstance(vectors, RowBlocks) else RowBlocks([vectors], vectors.shape[-1])
        # Whether some clause of the corpus holds a word (the retriever's lexical vocabulary).
        self._mentions = mentions or (lambda term: False)
        # Which of some clause rows (sorted) may hold a word (the keyword index; None: it cannot say).
        self._clauses_holding = clauses_holding or (lambda term, rows: None)
        # The places a text names inside a region (by its division code), the region itself left out.
        self._places_inside = places_inside or (lambda text, code: ())
        self._good_grades: dict[str, frozenset[int]] = {}  # filled as documents are asked about

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

    def _figure_of_another_place(self, ind: Indicator, question: Question) -> bool:
        """Whether the indicator's sentence gives a place asked inside its region a figure of its own (see
        `own_figure_elsewhere`): the indicator's figure is then the whole region's."""
        inside = [p for p in question.places if p.short != ind.region]
        return bool(inside) and any(own_figure_elsewhere(p, self.sentence(ind), ind.value) for p in inside)

    def distinguishes(self, term: str) -> bool:
        """Whether an asked word tells indicators apart: a code or number (PM10), a word of some indicator's
        name anywhere in the corpus (湿地), or a thing some document speaks of (噪声, 扬尘). A word no
        document uses, or one saying who acts or how, only describes."""
        if (
            re.search(r"[A-Za-z0-9]", term)
            or _RATE_OF_ACTIVITY_RE.match(term)
            and kind_of(term[:-1]) in tuple(ACTIVITIES)
        ):
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
        rows = self.document_rows(doc_id)
        return rows, np.array([self._row_of_chunk.get(self._chunk_ids[r], -1) for r in rows], dtype=np.int64)

    def good_grades(self, doc_id: str) -> frozenset[int]:
        """The water classes a document's figure sentences define 优良 by (see `retrieval.good_grades`)."""
        held = self._good_grades.get(doc_id)
        if held is None:
            rows = self.document_rows(doc_id)
            # Only sentences of 优良 figures: the definition stands in one of them (松花江水质优良(…,下同)比例).
            good = [self.indicators[r] for r in rows if GOOD in self._names[r]]
            text = " ".join(search_form(self.sentence(i)) for i in good if i.chunk_id in self._row_of_chunk)
            held = self._good_grades[doc_id] = good_defined_as(text)
        return held

    def written_year(self, doc_id: str) -> int | None:
        """The year a document was written (or published, or that its title or file name states)."""
        doc = self._documents.get(doc_id)
        return document_year(doc) if doc else None

    def _set_for_later(self, ind: Indicator) -> bool:
        """Whether the indicator is a target for a time after its document was written (2020年 in a plan of 2019),
        or one said as a target (要达到) with no time."""
        written = self.written_year(ind.doc_id)
        if ind.period is None:
            return _TARGET_SAID_RE.search(search_form(self.sentence(ind, upto_figure=True))) is not None
        return written is not None and ind.period.end > written

    def _state_asked_later(self, ind: Indicator, question: Question) -> bool:
        """Whether a figure of no year stands under a heading on how things stood when its plan was written (一、发展
        基础与面临形势, 1.1 自然环境) while the question asks only years after the writing: that state is no figure
        set for them."""
        if ind.period is not None or not question.years:
            return False
        written = self.written_year(ind.doc_id)
        if written is None or any(int(y) <= written for y in question.years):
            return False
        path = self.chunk(ind.chunk_id).path
        return any(STATE_HEADING_RE.search(h) or DESCRIPTION_HEADING_RE.search(h) for h in path)

    def _another_member_said(self, ind: Indicator, terms: list[str], form: str) -> bool:
        """Whether an asked member of a set (风电) stands against another one its sentence states before the figure
        where the name states none (光伏发电项目:…总装机33.2万千瓦): the figure is that member's."""
        lead = search_form(self.sentence(ind, upto_figure=True))
        return any(another_member_leads(t, form, ind.name, lead) for t in terms)

    def _stated_apart(self, ind: Indicator, evidence: Evidence, phrases: Phrases) -> bool:
        """Whether the words the name lacks stand, with those it holds, in another part of its sentence that states
        no figure (`scope_of_figure.stated_apart`)."""
        if not (evidence.in_context and any(KIND_HEAD_RE.search(t) for t in evidence.covered)):
            return False  # only what the name measures (保护率), stated apart with its subject, tells
        sentence = search_form(self.sentence(ind))
        at = len(search_form(self.sentence(ind, upto_figure=True)))
        terms = evidence.covered + evidence.in_context
        return stated_apart(sentence, at, terms, lambda t, text: self.covers(t, text, phrases))

    def _cited_from_another(self, ind: Indicator, form: str) -> bool:
        """Whether the words leading to the figure give it as another document's (《甲纲要》中明确…面积约2.78亿亩):
        it holds for that document's scope, not the plan's region, unless the question speaks of that document. A
        plan naming itself (《方案》提出, its own title) gives its own figure."""
        lead = search_form(self.sentence(ind, upto_figure=True))
        if "《" not in lead:  # most figures cite nothing: no title read for them
            return False
        doc = self._documents.get(ind.doc_id)
        title = search_form(doc.title) if doc else ""
        return bool(other_documents_cited(lead, title, doc.region if doc else None, form))

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
        unit_asked = own_unit(kind_text or asked)
        phrases = self.synonyms.phrases_in(question.form)
        # Two asked words side by side stand as their short form too (环境 保护 -> 环保).
        phrases += tuple(
            (a + b, frozenset({short_form(a + b)}))
            for a in terms
            for b in terms  # side by side in the question, wherever the word list (each word once) puts them
            if len(a) == len(b) == 2 and a + b in question.form
        )
        phrases += object_phrases(terms, question.form)  # verb 的 object -> object verb (能源消耗, 能耗)
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
        # A place asked inside another it names (甲市乙县): a figure it shares with places beside it is not its own.
        inner = [p.short for p in question.places if any(o != p and o.contains(p) for o in question.places)]
        now_asked = asks_now(question)
        grade_asked = class_asked_or_better(question.form)
        left_out_of_question = left_out_stretches(question.form)
        out = []
        for row, sim in zip(rows.tolist(), sims.tolist()):
            ind = self.indicators[row]
            name = self._names[row]
            context = self._context(row)
            cut = recut_by_name(terms, asked, name)
            # A five-year plan asked as the time (“十四五”时期) says when, not what: a figure of other years stands
            # against it; what jieba leaves of one (十三 of 十三五期间) is no word the name must hold.
            spans = {t: plan_named(t, question.form) for t in cut}
            other_years = tuple(
                t for t, span in spans.items() if span and not within_plan(ind, span) and asked_as_time(t, question)
            )
            cut = tuple(t for t, span in spans.items() if not span or t in FIVE_YEAR_PLANS) or cut
            head = asked_head(cut[-1], question.form)
            # A single character left of a question word (能分 -> 分) is too weak to tell indicators apart:
            # it counts when it stands in the name but is not required.
            required = [t for t in cut if len(t) > 1] or list(cut)
            evidence = weigh(
                cut,
                name,
                context,
                lambda t, text: self.covers(t, text, phrases),
                lambda t, held, around: conflicts(t, held, around, ind.doc_id, t == head),  # noqa: B023
                question.form,
                self.distinguishes,
            )
            evidence = read_left_out(evidence, left_out(cut, left_out_of_question), name)
            evidence = negated_in_name(evidence, name, question.form)
            evidence = read_as_good(
                evidence, grade_asked, name, self.good_grades(ind.doc_id) if grade_asked else frozenset()
            )
            # An asked word naming another kind of what the name names (甲乙产业 against 新兴产业), even where the
            # name's words cut it apart (第三 | 产业增加值).
            kinds_named = tuple(t for t in terms if t not in cut and another_kind_named(t, name))
            # 甲林面积 asked, 甲林抚育 named: the word stands in the name, but as what an action is done to.
            acted_on = action_measured_instead(question.form, evidence.covered, name)
            if acted_on:
                covered_only = tuple(t for t in evidence.covered if t not in acted_on)
                evidence = dataclasses.replace(evidence, covered=covered_only, conflicts=evidence.conflicts + acted_on)
            if kinds_named or other_years:
                evidence = dataclasses.replace(evidence, conflicts=evidence.conflicts + kinds_named + other_years)
            # Only a member of a set asked (风电) reads the figure's sentence; most questions ask none.
            uncovered = [
                t
                for t in cut
                if t not in evidence.covered and t not in evidence.conflicts and names_set_member(t, question.form)
            ]
            if uncovered and self._another_member_said(ind, uncovered, question.form):
                evidence = dataclasses.replace(evidence, conflicts=evidence.conflicts + tuple(uncovered))
            if self._stated_apart(ind, evidence, phrases):
                moved = evidence.in_context
                evidence = dataclasses.replace(evidence, in_context=(), conflicts=evidence.conflicts + moved)
            covered, in_context = evidence.covered, evidence.in_context
            if not covered and not any(ties(t, name) for t in evidence.explained):
                continue  # neither an asked word nor a synonym of one in the name itself
            fits = (
                (kind_fits(kind, unit_kind(ind.unit)) or share_of_area_fits(kind, kind_text or asked, name, ind.unit))
                and measure_fits(counted, ind.unit)
                and per_unit_fits(kind_text or asked, name, ind.unit)
                and own_unit_fits(unit_asked, ind.unit)
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
                or other_part_of_year(asked, name)
                or other_townships(name, context, towns)
                or (read_other_way and self._placed_elsewhere(ind, question.form))
                or self._cited_from_another(ind, question.form)
                or any(p in name or p in context for p in excluded)
                or any(shared_with_listed_places(p, context, question.form, unit_kind(ind.unit)) for p in inner)
                or self._figure_of_another_place(ind, question)
                or (now_asked and self._set_for_later(ind))
                or self._state_asked_later(ind, question)
                or bool(other_years)  # a figure of other years than the five-year plan asked
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
            asked_words = covered + in_context + evidence.explained + evidence.descriptive
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
                    question.wants_number or question.wants_figure and not question.wants_when,
                    not thing
                    or held_by_head(thing, name)
                    or any(self.covers(thing, t, phrases) or ties(thing, t) for t in (name, context)),
                    head=asked_head(max(asked_words, key=question.form.find), question.form) if asked_words else None,
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

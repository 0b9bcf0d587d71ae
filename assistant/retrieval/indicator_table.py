"""The indicator table of an index: each stated figure with where it stands — its clause, its sentence, the
statement it belongs to, its restatements in other clauses, the paragraph dating an item, the years a plan keeps
another year's targets in, and when the plan ends. What a question asks of it is matched in `indicator_match`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.documents import Chunk, DocumentMeta, Indicator, Span
from assistant.index.records import indicator_columns
from assistant.indicators.kept_years import KeptYear, kept_year
from assistant.indicators.periods import plan_period
from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.indicator_names import IndicatorNames
from assistant.retrieval.scope_of_figure import without_siblings
from assistant.text.normalize import aligned_form, search_form, spelled_out
from assistant.text.patterns import sentence_bounds

MAX_RESTATEMENTS = 2  # further clauses cited for one figure stated again
TABLE_ROW_OPENING = "——"  # how the readers write a table's row as a line (ingest/tables.py)
MAX_COLUMN_WORD = 4  # a column's word kept after a row's name (现状, 完成值)
MAX_LINE_LEAD = 12  # characters of a line's lead before its colon (甲乙目标:) that frames its sentences
_LINE_LEAD_RE = re.compile(rf"[^\n:：。；;]{{1,{MAX_LINE_LEAD}}}[:：]")
# A figure's share of the whole task, stated right after it (…35台,完成总任务的40%以上): part of its statement.
_SHARE_OF_WHOLE_RE = re.compile(r"(?:累计)?(?:完成|占)(?:总|全部|全年|年度)?(?:目标)?任务量?")
HELD_CONTEXTS = 100_000  # indicator sentences kept between questions (about 30 MB; read again when dropped)


def _holds_nothing(term: str) -> bool:
    return False


def _cannot_say(term: str, rows: np.ndarray) -> np.ndarray | None:
    return None


def _names_no_place(text: str, region_code: str | None) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class CorpusLookups:
    """What the retriever's indexes tell the table about the corpus (a bare table: nothing)."""

    # Whether some clause of the corpus holds a word (the retriever's lexical vocabulary).
    mentions: Callable[[str], bool] = field(default=_holds_nothing)
    # Which of some clause rows (sorted) may hold a word (the keyword index; None: it cannot say).
    clauses_holding: Callable[[str, np.ndarray], np.ndarray | None] = field(default=_cannot_say)
    # The places a text names inside a region (by its division code), the region itself left out.
    places_inside: Callable[[str, str | None], tuple[str, ...]] = field(default=_names_no_place)


class IndicatorTable:
    """The index's indicators by row and by document, read together with the clauses they stand in.

    Only rows listed in `rows_of` (the live indicator rows of each document; every row when None) belong to a
    document: an index marks a removed document's rows deleted and leaves them out of that map.
    """

    def __init__(
        self,
        indicators: Sequence[Indicator],
        chunks: Sequence[Chunk],
        row_of_chunk: dict[str, int],
        documents: list[DocumentMeta],
        synonyms: Synonyms,
        rows_of: dict[str, np.ndarray] | None = None,
        clauses_of: Callable[[str], list[Chunk]] | None = None,
        lookups: CorpusLookups | None = None,
    ) -> None:
        self.indicators = indicators  # read by row when matched (a record table at scale)
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
        # A document's clauses in order (read once per document, for the years it keeps another year's targets).
        self._clauses_of = clauses_of or (lambda doc_id: [])
        self._kept: dict[str, dict[int, KeptYear]] = {}
        self.lookups = lookups or CorpusLookups()

    def document_rows(self, doc_id: str) -> list[int]:
        """The indicator rows of a document (none for a document without figures or no longer indexed)."""
        return self._rows_of.get(doc_id, np.zeros(0, np.int64)).tolist()

    def chunk(self, chunk_id: str) -> Chunk:
        """The clause an indicator was read from."""
        return self._chunks[self._row_of_chunk[chunk_id]]

    def sentence(self, ind: Indicator, upto_figure: bool = False) -> str:
        """The sentence of its clause an indicator's figure stands in (up to 。 ； or a line end; `upto_figure`:
        only its words before the figure)."""
        chunk = self.chunk(ind.chunk_id)
        begin, end = self.sentence_span(ind)
        return chunk.text[begin : ind.figure_start - chunk.start if upto_figure else end]

    def sentence_span(self, ind: Indicator) -> Span:
        """Where in its clause's text the sentence of an indicator's figure stands (see `sentence`)."""
        chunk = self.chunk(ind.chunk_id)
        return sentence_bounds(chunk.text, ind.figure_start - chunk.start)

    def line_lead(self, ind: Indicator) -> str:
        """The last short lead opening a sentence of the line before an indicator's figure (甲乙目标: 2019年…。
        2020年…): it frames the sentences after it, up to the next lead (丙环境: … no longer 甲乙's)."""
        chunk = self.chunk(ind.chunk_id)
        text, at = chunk.text, ind.figure_start - chunk.start
        line_start = text.rfind("\n", 0, at) + 1
        opens = [line_start] + [i + 1 for i in range(line_start, at) if text[i] in "。；;"]
        leads = [m for m in (_LINE_LEAD_RE.match(text, p) for p in opens) if m and m.end() <= at]
        return leads[-1].group(0) if leads else ""

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
        sentence = re.sub(r"[“”\"]", "", spelled_out(search_form(self.line_lead(ind) + self.sentence(ind))))
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
        year stops at each), and after its share of the whole task said right after it (…,完成总任务的40%以上)."""
        end = ind.end
        for row in self.document_rows(ind.doc_id):
            if self._chunk_ids[row] != ind.chunk_id:
                continue  # the column, not the record: only the clause's own rows are read (a table at scale)
            other = self.indicators[row]
            if other.name == ind.name and other.start == end and other.period == ind.period:
                end = other.end
            elif (
                other.period == ind.period
                and other.unit == "%"
                and _SHARE_OF_WHOLE_RE.fullmatch(other.name)
                and self._comma_between(ind, end, other)
            ):
                end = other.end  # 整治甲乙35台,完成总任务的40%以上: how much of the whole task the figure is
        return end

    def _comma_between(self, ind: Indicator, end: int, other: Indicator) -> bool:
        """Whether only a comma stands between position `end` of `ind`'s clause and `other`'s statement."""
        chunk = self.chunk(ind.chunk_id)
        return chunk.text[end - chunk.start : other.start - chunk.start].strip() in (",", "，")

    def stated_elsewhere(self, ind: Indicator) -> list[Indicator]:
        """The same figure stated again in other clauses of its document (a plan's target list, and the prose
        restating it): the same value, unit, base and year to reach, one name ending in the other. A repeated
        block (the same clause text twice) is no second statement."""
        cited = self.chunk(ind.chunk_id).text
        found = []
        for row in self.document_rows(ind.doc_id):
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

    def column_twins(self, ind: Indicator) -> list[Indicator]:
        """The figures a table row states beside this one for the same year under another column (——2020年，甲90%；
        2020年，甲现状93%): the same name but for the column's word after it, on the same row line."""
        chunk = self.chunk(ind.chunk_id)
        line_start = chunk.text.rfind("\n", 0, max(0, ind.start - chunk.start)) + 1
        line_end = chunk.text.find("\n", ind.start - chunk.start)
        line_end = len(chunk.text) if line_end < 0 else line_end
        if not chunk.text.startswith(TABLE_ROW_OPENING, line_start):
            return []
        twins = []
        for row in self.document_rows(ind.doc_id):
            other, name = self.indicators[row], self._names[row]
            on_line = other.chunk_id == ind.chunk_id and line_start <= other.start - chunk.start < line_end
            longer, shorter = (name, ind.name) if len(name) > len(ind.name) else (ind.name, name)
            suffix = longer[len(shorter) :] if longer.startswith(shorter) else ""
            if on_line and other != ind and other.period == ind.period and 0 < len(suffix) <= MAX_COLUMN_WORD:
                twins.append(other)
        return twins

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

    def clauses_beside(self, ind: Indicator) -> list[Chunk]:
        """The indicator's clause, then the other clauses under the same heading (a goals heading's paragraphs)."""
        own = self.chunk(ind.chunk_id)
        return [own, *(c for c in self._clauses_of(ind.doc_id) if c.path == own.path and c.chunk_id != own.chunk_id)]

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
            periods = (self.indicators[r].period for r in self.document_rows(doc_id))
            latest = max((p.end for p in periods if p), default=None)
            ends = [end for end in (plan.end if plan else None, latest) if end is not None]
            self._plan_end[doc_id] = max(ends) if ends else None
        return self._plan_end[doc_id]


def _year_reached(ind: Indicator) -> int | None:
    """The year a figure is to be reached (a “十四五” target's is 2025, as a 2025 column's)."""
    return ind.period.end if ind.period else None

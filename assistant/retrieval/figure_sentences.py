"""What an indicator's own sentence says about its figure: whose it is (another place's, another document's, another
member's of a set), for when (a target for later, a state when the plan was written), and what 优良 means there.
`indicator_match` reads these against a question."""

from __future__ import annotations

import functools
import re

from assistant.documents import Indicator
from assistant.indicators.periods import DESCRIPTION_HEADING_RE, document_year
from assistant.retrieval.evidence import Evidence
from assistant.retrieval.good_grades import GOOD, good_defined_as
from assistant.retrieval.indicator_names import Phrases
from assistant.retrieval.indicator_table import IndicatorTable
from assistant.retrieval.question import Question
from assistant.retrieval.scales import another_member_leads
from assistant.retrieval.scope_of_figure import own_figure_elsewhere, stated_apart
from assistant.retrieval.word_kinds import KIND_HEAD_RE
from assistant.text.lexicon import STATE_HEADING_RE
from assistant.text.normalize import search_form
from assistant.text.patterns import other_documents_cited

# A figure said as a target stating no time (核心指标是甲率要达到35%): set for later, whenever that is. Not 要 of
# 主要, nor 应 of 供应 or 相应.
_TARGET_SAID_RE = re.compile(
    r"(?:(?<![主重纲摘])要|(?<![供相响适效反对])应|须|力争|争取|确保)(?:达到|达|提高到|提升到|提高至|提升至|降至|降到|控制在|保持在|不低于|不少于|超过)?\s*$"
)


class FigureSentences(IndicatorTable):
    """The indicator table, with what each figure's sentence says about its scope and time."""

    @functools.cached_property
    def _good_grades(self) -> dict[str, frozenset[int]]:
        return {}  # filled as documents are asked about

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

    def set_for_later(self, ind: Indicator) -> bool:
        """Whether the indicator is a target for a time after its document was written (2020年 in a plan of 2019),
        or one said as a target (要达到) with no time."""
        written = self.written_year(ind.doc_id)
        if ind.period is None:
            return _TARGET_SAID_RE.search(search_form(self.sentence(ind, upto_figure=True))) is not None
        return written is not None and ind.period.end > written

    def state_asked_later(self, ind: Indicator, question: Question) -> bool:
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

    def figure_of_another_place(self, ind: Indicator, question: Question) -> bool:
        """Whether the indicator's sentence gives a place asked inside its region a figure of its own (see
        `own_figure_elsewhere`): the indicator's figure is then the whole region's."""
        inside = [p for p in question.places if p.short != ind.region]
        return bool(inside) and any(own_figure_elsewhere(p, self.sentence(ind), ind.value) for p in inside)

    def another_member_said(self, ind: Indicator, terms: list[str], form: str) -> bool:
        """Whether an asked member of a set (风电) stands against another one its sentence states before the figure
        where the name states none (光伏发电项目:…总装机33.2万千瓦): the figure is that member's."""
        lead = search_form(self.sentence(ind, upto_figure=True))
        return any(another_member_leads(t, form, ind.name, lead) for t in terms)

    def stated_apart(self, ind: Indicator, evidence: Evidence, phrases: Phrases) -> bool:
        """Whether the words the name lacks stand, with those it holds, in another part of its sentence that states
        no figure (`scope_of_figure.stated_apart`)."""
        if not (evidence.in_context and any(KIND_HEAD_RE.search(t) for t in evidence.covered)):
            return False  # only what the name measures (保护率), stated apart with its subject, tells
        sentence = search_form(self.sentence(ind))
        at = len(search_form(self.sentence(ind, upto_figure=True)))
        terms = evidence.covered + evidence.in_context
        return stated_apart(sentence, at, terms, lambda t, text: self.names.covers(t, text, phrases))

    def cited_from_another(self, ind: Indicator, form: str) -> bool:
        """Whether the words leading to the figure give it as another document's (《甲纲要》中明确…面积约2.78亿亩):
        it holds for that document's scope, not the plan's region, unless the question speaks of that document. A
        plan naming itself (《方案》提出, its own title) gives its own figure."""
        lead = search_form(self.sentence(ind, upto_figure=True))
        if "《" not in lead:  # most figures cite nothing: no title read for them
            return False
        doc = self._documents.get(ind.doc_id)
        title = search_form(doc.title) if doc else ""
        return bool(other_documents_cited(lead, title, doc.region if doc else None, form))

    def placed_elsewhere(self, ind: Indicator, form: str) -> bool:
        """The indicator's sentence names a place inside the plan's region before the figure (桂平市的…53 in
        贵港's plan) and the question names none of them: the figure is that place's, so it is never the asked
        one read another way (a name holding every asked word still answers, and its quote shows the place).
        Places named after the figure (…34微克/立方米(港北区…参照执行)) take the figure over; they do not own it."""
        doc = self._documents.get(ind.doc_id)
        head = search_form(self.sentence(ind, upto_figure=True))
        places = self.lookups.places_inside(head, doc.region_code if doc else None)
        return bool(places) and not any(p in form for p in places)

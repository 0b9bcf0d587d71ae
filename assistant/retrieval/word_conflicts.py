"""Whether an asked word an indicator lacks names something else: the modifiers that tell indicators apart (湿地
保护率 vs 野生动植物 保护率) decide against a candidate, words that only describe do not. `evidence.weigh` asks this
of every word a candidate's name lacks."""

from __future__ import annotations

import re

import numpy as np

from assistant.retrieval.figure_sentences import FigureSentences
from assistant.retrieval.indicator_names import Phrases
from assistant.retrieval.indicator_reading import activity
from assistant.retrieval.word_kinds import ABSTRACT, QUALITIES, THINGS, names_a_thing
from assistant.text.lexicon import SCOPE_WORDS
from assistant.text.patterns import LEVEL_RE
from assistant.text.thesaurus import ACTIVITIES, kind_of

# A rate named by what is done (保护率, 利用率): a kind of measure, telling indicators apart even where no name of
# the corpus holds it.
_RATE_OF_ACTIVITY_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}率$")
_WHAT = (THINGS, ABSTRACT)  # thesaurus classes of what is measured (水质), not of what is done or how (新增, 饮用)


def _word_modified(term: str, covered: tuple[str, ...], form: str) -> str:
    """The covered word an asked word stands right before in the question (污水 of 生活污水, 生活的污水; of
    生活垃圾和生活污水, the one covered), or ""."""
    for found in re.finditer(re.escape(term), form):
        after = form[found.end() :].removeprefix("的")
        modified = next((w for w in covered if after.startswith(w)), "")
        if modified:
            return modified
    return ""


class WordConflicts(FigureSentences):
    """The indicator table, with which asked words tell its indicators apart."""

    def covers(self, term: str, name: str, phrases: Phrases = ()) -> bool:
        """Whether `term` stands in `name` (see `IndicatorNames.covers`)."""
        return self.names.covers(term, name, phrases)

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
        return names_a_thing(term) and self.lookups.mentions(term)

    def conflicts(
        self, term: str, covered: tuple[str, ...], in_context: tuple[str, ...], doc_id: str, head: bool, *, form: str
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
        return self._named_closer(term, covered, doc_id, _word_modified(term, covered, form))

    def _named_closer(self, term: str, covered: tuple[str, ...], doc_id: str, modified: str = "") -> bool:
        """Whether a sibling of `doc_id` (an indicator holding `term` and some covered word, not one of another
        scope: `_of_another_scope`, nor one lacking the covered word `modified` the term is asked of: 生活 of
        生活污水 beside 生活垃圾…处理率 says nothing of sewage) or a name anywhere holding `term` and every covered
        word is there: the question asks for that one."""
        naming = self.names.holding(term)
        siblings = naming[np.isin(naming, self._rows_of.get(doc_id, np.zeros(0, np.int64)))].tolist()
        if any(
            any(self.covers(w, self._names[r]) for w in covered)
            for r in siblings
            if not self._of_another_scope(term, r, covered) and (not modified or self.covers(modified, self._names[r]))
        ):
            return True
        # Closer names are looked for only among rows that may hold every covered word (found at once over
        # all names), never name by name over the whole corpus.
        for word in covered:
            naming = naming[np.isin(naming, self.names.naming(word, ()))]
        return any(all(self.covers(w, self._names[r]) for w in covered) for r in naming.tolist())

    def _of_another_scope(self, term: str, row: int, covered: tuple[str, ...]) -> bool:
        """Whether a sibling's name is set for another scope or level (县级及以上…) than one an asked word the
        indicator holds names (乡镇): it is then no closer reading of the question for a thing or idea it adds (水质
        of 县级…水质达标率); what it counts or measures (…甲小区, its last word), or what is done (新增), still
        points at its kind."""
        if kind_of(term) not in _WHAT or self._names[row].endswith(term):
            return False
        asked = [w for w in covered if w in SCOPE_WORDS or LEVEL_RE.fullmatch(w)]
        name = self._names[row]
        named = LEVEL_RE.search(name) is not None or any(s in name for s in SCOPE_WORDS)
        return bool(asked) and named and not any(self.covers(w, name) for w in asked)

    def _in_other_sentence(self, term: str, doc_id: str, covered: tuple[str, ...] = ()) -> bool:
        """Whether `term` stands in the sentence of some indicator of `doc_id` (asked only for a thing, or a
        word general Chinese does not know, that the indicator at hand lacks: the question's words then point
        at that other one, 补水 of 用水总量控制(不含应急生态补水)); with `covered`, of one whose name holds them all."""
        rows, clause_rows = self._indicator_clauses(doc_id)
        # Only the indicators whose clause may hold the word are read: reading every indicator sentence of
        # every plan in scope cost 2.3 s for one question at 100x the corpus.
        may_hold = self.lookups.clauses_holding(term, np.unique(clause_rows[clause_rows >= 0]))
        if may_hold is not None:
            rows = [r for r, keep in zip(rows, np.isin(clause_rows, may_hold)) if keep]
        return any(term in self._context(r) and all(self.covers(w, self._names[r]) for w in covered) for r in rows)

    def _said_with(self, term: str, covered: tuple[str, ...], doc_id: str) -> bool:
        """Whether a quality the indicator lacks (电动 of 电动公交车) stands in the same document right before a
        word the indicator holds (提高电动公交车占比): the document speaks of that other thing."""
        _, clause_rows = self._indicator_clauses(doc_id)
        clauses = np.unique(clause_rows[clause_rows >= 0])
        may_hold = self.lookups.clauses_holding(term, clauses)
        for row in (clauses if may_hold is None else may_hold).tolist():
            text = self._chunks[row].search_text
            if any(re.search(f"{re.escape(term)}的?{re.escape(w)}", text) for w in covered):
                return True
        return False

    def _indicator_clauses(self, doc_id: str) -> tuple[list[int], np.ndarray]:
        """A document's indicator rows and, for each, the row of its clause (-1 when it is not indexed)."""
        rows = self.document_rows(doc_id)
        return rows, np.array([self._row_of_chunk.get(self._chunk_ids[r], -1) for r in rows], dtype=np.int64)

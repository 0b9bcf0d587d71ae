"""What a question (or a part of one) asks of the indicator table, read once for all the indicators it is matched
against (`indicator_match`): its words and their phrases, the kind of quantity and unit, the scopes, places and time
it names, what it leaves out."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Protocol

from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.asked_quantity import asked_kind, counted_thing, counted_unit, own_unit
from assistant.retrieval.exclusions import left_out_stretches
from assistant.retrieval.good_grades import AskedGrade, class_asked_or_better
from assistant.retrieval.indicator_names import Phrases
from assistant.retrieval.question import Question, asks_now, sets_apart
from assistant.retrieval.short_forms import ends_form, object_phrases, short_form
from assistant.text.gazetteer import township_mentions
from assistant.text.lexicon import SCOPE_WORDS

# Whether an asked word an indicator lacks names something else, for one question (`WordConflicts.conflicts` with
# the question's form given).
Conflicts = Callable[[str, tuple[str, ...], tuple[str, ...], str, bool], bool]


class ConflictsAsked(Protocol):
    """`WordConflicts.conflicts`: whether an asked word an indicator lacks names something else, in `form`."""

    def __call__(
        self, term: str, covered: tuple[str, ...], in_context: tuple[str, ...], doc_id: str, head: bool, *, form: str
    ) -> bool: ...


@dataclasses.dataclass(frozen=True)
class Asking:
    """What a question (or a part of one) asks, read once for all the indicators it is matched against."""

    question: Question
    terms: tuple[str, ...]
    asked: str  # the stretch of the question the words come from
    kind_text: str  # the stretch the kind of quantity is read from
    kind: str | None  # the kind of quantity asked (percent, area …)
    counted: str | None  # the measure word a count asks in (项)
    unit: str | None  # a unit asked where no kind says which figures give it
    phrases: Phrases
    conflicts: Conflicts
    scopes: tuple[str, ...]  # places of application asked (城市, 农村 …)
    thing: str  # what 多少 counts
    towns: tuple[str, ...]
    excluded: tuple[str, ...]  # 除了甲市，其余…: the excluded place's figure is the one not asked
    inner: tuple[str, ...]  # a place asked inside another it names (甲市乙县)
    now_asked: bool
    grade_asked: AskedGrade | None
    left_out: tuple[str, ...]  # stretches the question leaves out


def read_asking(
    question: Question,
    terms: tuple[str, ...],
    asked: str,
    kind_text: str,
    synonyms: Synonyms,
    conflicts: ConflictsAsked,
) -> Asking:
    """What the question asks (its `terms`, from the stretch `asked`; its kind of quantity from `kind_text`), read
    once for all candidates; `conflicts` is cached for the question."""
    phrases = synonyms.phrases_in(question.form)
    # Two asked words side by side stand as their short forms too (环境 保护 -> 环保, 能源 消耗 -> 能耗).
    phrases += tuple(
        (a + b, frozenset({short_form(a + b), ends_form(a + b)}))
        for a in terms
        for b in terms  # side by side in the question, wherever the word list (each word once) puts them
        if len(a) == len(b) == 2 and a + b in question.form
    )
    phrases += object_phrases(terms, question.form)  # verb 的 object -> object verb (能源消耗, 能耗)
    places = question.places
    return Asking(
        question=question,
        terms=terms,
        asked=asked,
        kind_text=kind_text,
        kind=asked_kind(kind_text),
        counted=counted_unit(kind_text),
        unit=own_unit(kind_text),
        phrases=phrases,
        conflicts=functools.lru_cache(maxsize=None)(functools.partial(conflicts, form=question.form)),
        scopes=tuple(w for w in SCOPE_WORDS if w in asked),
        thing=counted_thing(asked),
        towns=township_mentions(question.form),
        excluded=tuple(p.short for p in places if sets_apart(question.form, p.short)),
        inner=tuple(p.short for p in places if any(o != p and o.contains(p) for o in places)),
        now_asked=asks_now(question),
        grade_asked=class_asked_or_better(question.form),
        left_out=left_out_stretches(question.form),
    )

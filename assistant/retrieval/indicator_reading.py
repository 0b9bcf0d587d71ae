"""How one indicator stands to a question: the scored match, and whether nothing speaks against reading it as
the asked indicator when the question does not name it word for word (`IndicatorMatch.read_as`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import Indicator
from assistant.retrieval.evidence import Evidence
from assistant.retrieval.word_kinds import QUALITIES, names_a_thing, names_what
from assistant.text.patterns import HAN
from assistant.text.thesaurus import ACTIVITIES, kind_of


def activity(term: str) -> bool:
    """A four-character word the thesaurus lacks made of two activities it knows (开发利用, 收集处理)."""
    halves = (kind_of(term[:2]), kind_of(term[2:])) if len(term) == 4 and kind_of(term) is None else ()
    return bool(halves) and all(k is not None and k in ACTIVITIES for k in halves)


def echoed(form: str, context: str) -> int:
    """How many Han characters of a question (`form`) an indicator's sentence repeats word for word, in runs of
    three or more: of two statements of one indicator (年度目标 and 年度努力目标 of one year), the question
    quoting one's lead (…年度目标…) asks for that one."""
    total = 0
    for run in re.findall(f"[{HAN}]+", form):
        i = 0
        while i < len(run):
            j = i
            while j < len(run) and run[i : j + 1] in context:
                j += 1
            if j - i >= 3:
                total, i = total + j - i, j
            else:
                i += 1
    return total


@dataclass(frozen=True)
class IndicatorMatch:
    indicator: Indicator
    exact: bool  # every asked word stands in the name (or its sentence) and the unit fits the asked kind
    coverage: float  # share of the asked words' characters the name holds (its sentence: half)
    named: float  # share the name itself holds
    fits: bool  # the unit fits the kind of quantity asked
    similarity: float  # cosine of the question and the name (embedding model)
    extra: int  # characters of the name the question did not ask for (fewer: a closer name)
    evidence: Evidence | None = None  # how each asked word stands to this indicator
    other_scope: bool = False  # the name states another place of application, or the opposite quality, than asked
    figure_asked: bool = True  # a figure is asked (a "when" is never answered by another reading)
    thing_held: bool = True  # what 多少 counts (多少购置补贴: 补贴) stands in the name or its sentence, if named
    compared: bool = True  # stated against the year the question compares with (比2016年), if it names one
    head: str | None = None  # the asked word naming what is asked for (None: a share or degree is, see `asked_head`)
    echo: int = 0  # Han characters of the question its sentence repeats (`echoed`; names stated more than once)

    @property
    def read_as(self) -> bool:
        """Not named word for word, but the asked indicator read another way: nothing speaks against it
        (`plausible`) and an asked word saying what is measured stands in its name, or a synonym of it in
        general Chinese does (丛林 ~ 森林)."""
        return (
            self.plausible
            and self.evidence is not None
            and any(names_what(t) for t in self.evidence.covered + self.evidence.explained)
        )

    @property
    def plausible(self) -> bool:
        """Nothing speaks against reading the indicator as the asked one: its unit fits, its scope does not
        contradict, no asked word names something else, and the asked phrase's head (its last word: the 资金
        of …奖补资金) stands in it unless that word only describes."""
        ev = self.evidence
        if self.exact or not self.fits or self.other_scope or ev is None or ev.conflicts or not self.figure_asked:
            return False
        if not (self.thing_held and self.compared):
            return False
        if all(kind_of(t) == QUALITIES for t in ev.covered + ev.explained):
            return False  # a quality alone (平均, 有效) is said of many figures, whatever else the sentence says
        head = self.head
        return head is None or head not in ev.descriptive or not names_a_thing(head) or activity(head)

    @property
    def rank_key(self) -> tuple:
        """Best first: exact, most of the question covered, fewest words not asked, most similar, most of the
        question repeated by its sentence."""
        return (
            -self.exact,
            -round(self.coverage, 3),
            self.extra,
            -self.similarity,
            -self.echo,
            self.indicator.indicator_id,
        )

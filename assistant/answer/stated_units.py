"""The kind of quantity a question asks and the units of the figures a sentence states, and whether they fit.

A sentence that answers a count question states a count, one that answers a rate question a percentage: a
sentence whose figures are all of another kind (80% for a count) states something else, however many asked
words it holds.
"""

from __future__ import annotations

import re

from assistant.ingest.headings import match_heading
from assistant.retrieval.asked_quantity import asked_kind, counted_unit, kind_fits, unit_kind
from assistant.text.lexicon import ASKED_COUNT_MEASURES, COUNT_MEASURE_WORDS, bare_unit
from assistant.text.normalize import NUMBER_RE
from assistant.text.patterns import YEAR

_YEAR_RE = re.compile(rf"^{YEAR}年?$")
_ROW_NUMBER_RE = re.compile(r"\s*\d+\s")  # a table row's number a PDF line kept (1 加强…)
_LOOSE_COUNT_RE = re.compile(f"[多余]([{COUNT_MEASURE_WORDS}])")  # 10多个, 20余家: a count all the same
_COUNT_ASKED_RE = re.compile(f"(?:多少|几)[{ASKED_COUNT_MEASURES}]")


def asked_quantity(form: str) -> tuple[str | None, str | None]:
    """The kind of quantity a question (search form) asks, and the measure word of a count (多少项 -> 项)."""
    if _COUNT_ASKED_RE.search(form):
        return "count", counted_unit(form)  # 几个“百分之百”: a number of things, whatever word follows
    return asked_kind(form), counted_unit(form)


def stated_units(form: str, opens_sentence: bool = True) -> list[str]:
    """The units of the figures a sentence or part (search form) states, years, a heading's number, a code's
    digits (PM2.5), dates and document numbers left out: '%' of 87.7%, '' of a bare 0.55."""
    units = []
    heading = match_heading(form.strip()) if opens_sentence else None
    start = len(form) - len(form.lstrip()) + heading.marker_end if heading else 0
    numbered = _ROW_NUMBER_RE.match(form)
    if numbered:
        start = max(start, numbered.end())
    for m in NUMBER_RE.finditer(form, start):
        before, after = form[max(0, m.start() - 1) : m.start()], form[m.end() : m.end() + 1]
        dated = m.group(0).endswith(("月", "日")) or re.fullmatch("[月日号]", after)
        if _YEAR_RE.match(m.group(0)) or re.fullmatch(r"[A-Za-z〔\[]", before) or dated:
            continue
        unit = re.sub(r"^[\d.]+", "", m.group(0))
        loose = _LOOSE_COUNT_RE.match(form, m.end()) if not unit else None
        units.append(loose.group(1) if loose else unit)
    return units


def units_fit(units: list[str], kind: str | None, counted: str | None, strict: bool = True) -> bool:
    """Whether some figure's unit shows the asked kind (a pure number for 系数) and measure word (个 fits any);
    not `strict`: a unit of no known kind (千瓦, or none) may fit too, as the indicator table weighs it."""
    for unit in units:
        bare_coefficient = kind == "coefficient" and not unit
        if not bare_coefficient and not kind_fits(kind, unit_kind(unit), unknown_fits=not strict):
            continue
        if counted is not None and bare_unit(unit) not in (counted, "个"):
            continue
        return True
    return False

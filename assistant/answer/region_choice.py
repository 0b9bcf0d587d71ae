"""Which of a region's indicators answer a figure question: the asked ones, for the asked years.

- The asked year picks the target whose period holds it (a 2024 question finds a “十四五” target and
  says so); no year picks the latest target and says which year.
- A figure the documents date only by the plan's own period answers a question about a year close to it.
- Names holding every asked word first; else the best one read another way, the one set for the asked year
  first; a place inside the plan's region is answered only by a figure whose sentence names it.
- An indicator the region does not set leaves the closest ones it does set, for the refusal to list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.documents import DocumentMeta, Indicator, Period
from assistant.indicators.kept_years import KeptYear
from assistant.indicators.periods import FIVE_YEAR_PLAN_RE
from assistant.retrieval.indicator_reading import IndicatorMatch
from assistant.retrieval.scope import RegionScope
from assistant.retrieval.word_kinds import technical_term
from assistant.text.normalize import search_form

MAX_NAMES = 3  # distinct indicators answered per region (an ambiguous question: 城市 / 城镇污水处理率)
MAX_CLOSEST = 3
# A figure the documents date only by the plan's own period answers a question about a year this close to it.
REACH_YEARS = 1
# How much closer in meaning (cosine of question and name) the one plausible reading must be than any other
# candidate naming an asked word, when no asked word saying what is measured stands in a name.
MEANING_MARGIN = 0.02
_SOURCE_ORDER = {"sentence": 0, "paragraph": 0, "heading": 1, "plan": 2}


@dataclass(frozen=True)
class Choice:
    """One figure of an answer: the indicator, the asked year it answers, and whether the question named
    it in other words (the answer then says how it was read)."""

    indicator: Indicator
    years: tuple[str, ...] = ()
    read_as: bool = False


@dataclass
class RegionFigures:
    """What one region's documents state for the question."""

    region: str
    chosen: list[Choice] = field(default_factory=list)  # the answer, one per distinct indicator name (and year)
    missing: list[str] = field(default_factory=list)  # asked parts or years the region does not set
    other_periods: list[Indicator] = field(default_factory=list)  # the asked indicator, set for other years
    closest: list[Indicator] = field(default_factory=list)  # nearest indicators the region does set
    # Clauses saying an asked year keeps an earlier year's targets (2024年：在稳定保持2023年指标任务基础上): the
    # asked year's own figure is not stated; the kept year's answers when later years state it too (see
    # `_held_through`), with the clause saying so quoted.
    kept: list[KeptYear] = field(default_factory=list)


Echoes = dict[str, int] | None  # by indicator: how much of the question its sentence repeats (`IndicatorMatch.echo`)


def _bare(ind: Indicator) -> bool:
    """A figure stated without comparator or qualifier (a table row: ——水土保持率85.84%), which the
    plan's own sentence (水土保持率达到85.84%以上) states more fully."""
    return not (ind.comparator or ind.qualifier)


def _latest(group: list[Indicator], rank: dict[str, int], echo: Echoes = None) -> Indicator:
    """The target with the latest period (the fuller statement, then the one whose sentence repeats most of the
    question, then a retrieved clause first among equals)."""
    return min(
        group,
        key=lambda i: (
            -(i.period.end if i.period else -1),
            _bare(i),
            -(echo or {}).get(i.indicator_id, 0),
            rank.get(i.chunk_id, len(rank)),
            _SOURCE_ORDER.get(i.period.source, 3) if i.period else 3,
            i.indicator_id,
        ),
    )


def _for_year(group: list[Indicator], year: int, rank: dict[str, int], echo: Echoes = None) -> Indicator | None:
    """The target whose period holds `year`, the narrowest period first; else, when the documents state this
    indicator for no year of their own (no year at all, or only the plan's period within reach of the asked
    year), its latest statement — the answer then says which time the document gives."""
    covering = [i for i in group if i.period and i.period.covers(year)]
    if covering:

        def narrowest(i: Indicator) -> tuple:
            assert i.period is not None  # every covering target has a period
            return (
                i.period.end - i.period.start,
                _bare(i),
                -(echo or {}).get(i.indicator_id, 0),
                rank.get(i.chunk_id, len(rank)),
                _SOURCE_ORDER.get(i.period.source, 3),
                i.indicator_id,
            )

        return min(covering, key=narrowest)
    if any(i.period and i.period.source != "plan" for i in group):
        return None  # the documents state it for other years: the asked one is not set
    near = [i for i in group if i.period is None or _reached_from(i.period) <= year <= i.period.end + REACH_YEARS]
    return _latest(near, rank, echo) if near else None


def _reached_from(period: Period) -> int:
    """The first year a plan's figure may answer: a five-year plan's period is fixed by its name (“十四五” is
    2021—2025), and the year before it is its base year, never a target's; a period read from the document's
    own date (a 三年行动 published in its first year or the year before) may be a year early."""
    return period.start if FIVE_YEAR_PLAN_RE.search(period.label) else period.start - REACH_YEARS


def reads_other_ways(scope: RegionScope, documents: list[DocumentMeta]) -> bool:
    """Whether an indicator the question names in other words may answer it: the question names the place it
    asks about, or every document searched is one region's. A question naming no place searches every plan,
    and some indicator of some plan is always near even a question no plan speaks of (a fine, a deadline in
    working days)."""
    if scope.restricted:
        return True
    searched = set(scope.doc_ids)
    return len({d.region for d in documents if d.doc_id in searched}) <= 1


def _best(
    matches: list[IndicatorMatch], years: tuple[str, ...] = (), readings: bool = True
) -> tuple[list[IndicatorMatch], bool]:
    """The candidates that answer: those naming every asked word, else (`readings`) the best one read another
    way, among those set for an asked year when some are (and whether it was read so)."""
    exact = [m for m in matches if m.exact]
    if exact:
        best = max(round(m.named, 3) for m in exact)
        return [m for m in exact if round(m.named, 3) == best], False
    if not readings:
        return [], False
    readable = [m for m in matches if m.read_as] or _closest_in_meaning(matches)
    readable = [m for m in readable if _set_for(m.indicator, years)] or readable
    # The best name read another way, with all its statements (one per year the documents give).
    return [m for m in readable if m.indicator.name == readable[0].indicator.name], bool(readable)


def _closest_in_meaning(matches: list[IndicatorMatch]) -> list[IndicatorMatch]:
    """A question describing its indicator (农田里的水…被作物利用的比例) names only the kind of figure or a
    single character of it: the one reading nothing speaks against answers when it is clearly the closest
    in meaning of all candidates (`MEANING_MARGIN` over every other name), and it leaves out no technical
    term of the question (a question on 二氧化硫 is never answered with another pollutant's total)."""
    plausible = [
        m
        for m in matches
        if m.plausible and m.evidence is not None and not any(technical_term(t) for t in m.evidence.descriptive)
    ]
    if not plausible:
        return []
    top = max(plausible, key=lambda m: m.similarity)
    rivals = [m.similarity for m in matches if m.indicator.name != top.indicator.name]
    if rivals and top.similarity - max(rivals) < MEANING_MARGIN:
        return []
    return [m for m in plausible if m.indicator.name == top.indicator.name]


# A name listing several scopes or things (甲城区、乙城区和丙镇…): its extra words are the others listed.
_LISTING_RE = re.compile(r"[、和及与]")


def _closest_names(exact: list[IndicatorMatch], years: tuple[str, ...]) -> dict[str, list[Indicator]]:
    """The answering names (those set for an asked year first), each with its statements: the fewest words
    not asked, or up to two more; for an asked year none of those states, a longer name listing the asked scope
    among others (甲城区、乙城区和丙镇…) that states it."""
    if years:
        exact = [m for m in exact if _set_for(m.indicator, years)] or exact
    fewest = min((m.extra for m in exact), default=0)
    groups: dict[str, list[Indicator]] = {}
    for m in exact:
        if m.extra <= fewest + 2:
            groups.setdefault(m.indicator.name, []).append(m.indicator)
    # A year the closest names do not state may stand under a longer name holding every asked word too (2018:
    # 甲城区黑臭水体消除比例; 2020: 甲城区、乙城区和丙镇黑臭水体消除比例): its statement of that year answers it.
    for year in years:
        if not any(_set_for(i, (year,)) for group in groups.values() for i in group):
            setting = [m for m in exact if _set_for(m.indicator, (year,)) and _LISTING_RE.search(m.indicator.name)]
            closest = min((m.extra for m in setting), default=0)
            for m in setting:
                if m.extra == closest:
                    groups.setdefault(m.indicator.name, []).append(m.indicator)
    return groups


def _set_for(ind: Indicator, years: tuple[str, ...]) -> bool:
    """Whether the indicator's own period holds one of the asked years."""
    return ind.period is not None and any(ind.period.covers(int(y)) for y in years)


def region_figures(
    region: str,
    matches: list[IndicatorMatch],
    years: tuple[str, ...],
    rank: dict[str, int],
    places: tuple[str, ...] = (),
    clause_of: Callable[[Indicator], str] | None = None,
    own_asked: bool = False,
    readings: bool = True,
    kept: Callable[[str, int], KeptYear | None] | None = None,
) -> RegionFigures:
    """Choose the answering indicators of one region from its scored candidates (`rank`: retrieved clauses;
    `places`: asked places this region's plan answers for, a city in its province's plan; `clause_of`: the
    sentence an indicator's figure stands in, where such a place must be named for the figure to be its own;
    `own_asked`: the question names the region itself as well; `readings`: an indicator named in other words
    may answer, see `reads_other_ways`; `kept`: the clause of a document saying a year keeps an earlier year's
    targets, which a refusal quotes)."""
    out = RegionFigures(region)
    echo = {m.indicator.indicator_id: m.echo for m in matches if m.echo}
    # The closest names only: most of the question in the name itself, then fewest words not asked
    # (中心城市…优良天数比率 for 凯里, not every 优良天数比率 of the plan).
    # A province's plan that sets a figure for the asked city itself (甲市、乙市…浓度下降18%) answers
    # with that one, not the province's own.
    naming = [m for m in matches if any(p in m.indicator.name for p in places)]
    exact, read_as = _best(naming, years, readings) if naming else ([], False)
    groups: dict[str, list[Indicator]] = {}
    if not exact:
        exact, read_as = _best(matches, years, readings)
        if places and clause_of is not None:
            # 平南县 asked of 贵港's plan: the city's own figure (中心城区) is not the county's.
            exact = [m for m in exact if any(p in search_form(clause_of(m.indicator)) for p in places)]
    elif own_asked:
        # 甲市建成区和乙、丙两市建成区…: the plan's own figure too (a name naming no asked place), beside the
        # one for the places it names.
        own = [m for m in _best([m for m in matches if m not in naming], years)[0] if m.exact]
        groups = _closest_names(exact, years) | _closest_names(own, years)
    if naming and exact and not groups and len(places) > 1:
        # 甲市和乙市的…分别: each asked place's closest name (a name listing more cities is no worse a name).
        for place in places:
            groups |= _closest_names(_best([m for m in naming if place in m.indicator.name], years)[0], years)
    if not groups:
        groups = _closest_names(exact, years)
    for group in list(groups.values())[:MAX_NAMES]:
        if not years:
            out.chosen.append(Choice(_latest(group, rank, echo), (), read_as))
            continue
        for year in years:
            hit = _for_year(group, int(year), rank, echo)
            keeping = _kept_for(group, int(year), rank, kept) if hit is None and kept is not None else None
            if keeping is not None and keeping not in out.kept:
                out.kept.append(keeping)
            if keeping is not None:
                hit = _held_through(group, keeping, int(year), rank, echo)
            if hit is not None:
                out.chosen.append(Choice(hit, (year,), read_as))
            elif len(years) > 1:
                out.missing.append(f"{year}年")
        if not out.chosen or len(years) > 1 and out.missing:
            answered = {c.indicator.period.label for c in out.chosen if c.indicator.period}  # stated once
            by_period = {
                i.period.label if i.period else "": i
                for i in sorted(group, key=lambda i: i.indicator_id)
                if not i.period or i.period.label not in answered
            }
            out.other_periods += sorted(by_period.values(), key=lambda i: i.period.end if i.period else 0)[-2:]
    # A year one name answers is not missing for want of another name (森林覆盖率 2025, 森林植被覆盖率 2035).
    said = {year for choice in out.chosen for year in choice.years}
    out.missing = list(dict.fromkeys(m for m in out.missing if m.removesuffix("年") not in said))
    if not groups:
        out.closest = _closest(matches, years)
    return out


def _kept_for(
    group: list[Indicator], year: int, rank: dict[str, int], kept: Callable[[str, int], KeptYear | None]
) -> KeptYear | None:
    """The clause of a document saying `year` keeps the targets of a year it states this indicator for."""
    for doc_id in dict.fromkeys(i.doc_id for i in group):
        keeping = kept(doc_id, year)
        own = [i for i in group if i.doc_id == doc_id and i.period and i.period.source != "plan"]
        if keeping is not None and _for_year(own, keeping.source, rank) is not None:
            return keeping
    return None


def _held_through(
    group: list[Indicator], keeping: KeptYear, year: int, rank: dict[str, int], echo: Echoes = None
) -> Indicator | None:
    """The kept year's figure, when the plan states that same figure for the years after the asked one too
    (100% in 2023 and 2025, 2024 keeping 2023's): the asked year's target then stands between them. A figure
    that changes (14.8% in 2023, 18% in 2025) leaves the year between unset."""
    kept = _for_year(group, keeping.source, rank, echo)
    later = [i for i in group if i.period is not None and i.period.start > year]
    return kept if kept is not None and later and all(i.value == kept.value for i in later) else None


def _closest(matches: list[IndicatorMatch], years: tuple[str, ...]) -> list[Indicator]:
    """The indicators a refusal lists: most of the question covered, a neighbour for another year later."""
    seen: set[str] = set()
    year = int(years[0]) if years else None
    out: list[Indicator] = []

    def outside(ind: Indicator) -> bool:
        return year is not None and not (ind.period and ind.period.covers(year))

    for m in sorted(
        matches, key=lambda m: (-round(m.coverage, 3), outside(m.indicator), -m.similarity, m.indicator.indicator_id)
    ):
        if m.named > 0 and m.fits and m.indicator.name not in seen:
            seen.add(m.indicator.name)
            out.append(m.indicator)
        if len(out) == MAX_CLOSEST:
            break
    return out


def region_stretch(form: str, region: str, regions: list[str]) -> str | None:
    """The stretch of a question (search form) comparing `regions` that names `region`, up to the next of them
    (甲县…比重和乙市…装机各是多少: 乙市's stretch asks no rate); None when fewer than two are named."""
    starts = sorted(at for name in regions if (at := form.find(name)) >= 0)
    begin = form.find(region)
    if len(starts) < 2 or begin < 0:
        return None
    return form[begin : next((at for at in starts if at > begin), len(form))]

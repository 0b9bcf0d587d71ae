"""Figure questions answered from the indicator table: the asked indicator's stated figure, per region.

- Which indicators and years answer is chosen per region (`region_choice`).
- An indicator a region does not set is refused, listing the closest indicators that region does
  set, each with its figure and citation — never another indicator's figure as the answer.
- Several regions (银川和黔东南…, 各地…) are answered as a table, one row per region.
- A draft (征求意见稿) or a plan whose period has ended gets one short note.
"""

from __future__ import annotations

import dataclasses
import re

from assistant.answer.extractive import NOT_FOUND, Draft, years_text
from assistant.answer.figure_parts import QUANTITY_ASKED_RE, other_substance, part_quote, question_parts
from assistant.answer.part_beside import stated_beside
from assistant.answer.region_choice import Choice, RegionFigures, reads_other_ways, region_figures, region_stretch
from assistant.answer.sentence_evidence import given_figures, states_change, states_level
from assistant.answer.statements import READ_AS_RE, Citations, statement, status_notes
from assistant.answer.when_asked import due_as_asked
from assistant.answer.worded_years import worded_part
from assistant.documents import DocumentMeta, Indicator
from assistant.retrieval.asked_quantity import asks_change, asks_level
from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.indicator_reading import IndicatorMatch
from assistant.retrieval.question import Question, sets_apart
from assistant.retrieval.quoted_words import quoted_words
from assistant.retrieval.retriever import SearchResult
from assistant.retrieval.word_kinds import names_a_thing
from assistant.text.lexicon import (
    ASKED_META_KEYS,
    DEADLINE_LABELS,
)
from assistant.text.normalize import search_form

_ALL_REGIONS_RE = re.compile(r"各地|各市|各个地区|各地区|哪些地区|哪些地方|哪个地区|哪个地方|所有地区|几个地区")
# An answer's reason when every figure answers a question naming it in other words.
READ_ANOTHER_WAY = "indicator read another way"
# A refusal's reason when the asked indicator is set, only for other years than the asked one.
OTHER_PERIODS = "indicator set for other years"


def asks_figure(question: Question) -> bool:
    """Whether the table may answer: a figure or a "when" is asked, not a duty (who leads, or the 完成时限 a duty
    line states), a list of measures or metadata."""
    return (
        (question.wants_figure or question.wants_when)
        and not question.wants_unit
        and not any(key in question.form for key in ASKED_META_KEYS + DEADLINE_LABELS)
    )


def _figures_of(
    table: IndicatorMatcher,
    result: SearchResult,
    region: str,
    docs: set[str],
    years: tuple[str, ...],
    rank: dict[str, int],
    readings: bool,
) -> RegionFigures:
    """One region's answer: the whole question when one name holds every asked word; else each listed
    indicator on its own when the question lists several (A企业和B企业), a part the region
    does not set answered as missing; else the whole question, read another way if need be."""
    question = result.question
    clause_of = table.sentence
    own = region in result.scope.own and _named_beside(question.form, region, result.scope.enclosing)

    def choose(matches: list[IndicatorMatch]) -> RegionFigures:
        return region_figures(
            region, matches, years, rank, result.scope.enclosing, clause_of, own, readings, table.kept_year
        )

    stretch = region_stretch(question.form, region, [name for name, _ in result.scope.covered])
    whole_matches = due_as_asked(
        _not_given(
            _compared_as_asked(
                table.candidates(question, docs, result.query_vector, kind_text=stretch), question, table
            ),
            question,
        ),
        question,
        table,
    )
    if any(m.exact and m.named == 1.0 for m in whole_matches):  # one name holds every asked word
        return choose(whole_matches)
    found = RegionFigures(region)
    nearest: list[tuple[str, tuple[tuple[str, ...], str], set[str]]] = []  # each unanswered part, its closest names
    others = [name for name, _ in result.scope.covered if name != region]
    for part in question_parts(question, table):
        if stretch is not None and region not in part[1] and any(name in part[1] for name in others):
            continue  # 甲县…比重和乙市…装机: the part another compared region names is that region's
        part_matches = _compared_as_asked(
            table.candidates(question, docs, result.query_vector, part), question, table, part[1]
        )
        part_figures = choose(part_matches)
        if not part_figures.chosen and len(part[0]) > 1 and names_a_thing(part[0][0]):
            # a listed thing with a head of its own (森林抚育), never a lone modifier (重点)
            alone = (part[0][:1], part[1])
            part_figures = choose(
                _compared_as_asked(
                    table.candidates(question, docs, result.query_vector, alone), question, table, part[1]
                )
            )
        new = [c for c in part_figures.chosen[: max(1, len(years))] if c not in found.chosen]
        found.chosen += new
        if not new:
            best = max((m.named for m in part_matches), default=0.0)
            nearest.append(
                (part_quote(question, part), part, {m.indicator.name for m in part_matches if m.named == best})
            )
    chosen_names = {c.indicator.name for c in found.chosen}
    # A part whose nearest names include another part's answer was a piece of that one name
    # (园区和重点企业…信访量), not a thing the region leaves unset — unless it names a substance that name
    # lacks (PM10 beside the PM2.5 answered): that is another pollutant's figure.
    found.missing += [
        quote
        for quote, part, names in nearest
        if not names & chosen_names or other_substance(part, names & chosen_names, table.covers)
    ]
    if len(chosen_names) > 1 or found.chosen and found.missing:
        return found
    whole = choose(whole_matches)
    return found if found.chosen and not whole.chosen else whole


def _compared_as_asked(
    matches: list[IndicatorMatch], question: Question, table: IndicatorMatcher, stretch: str = ""
) -> list[IndicatorMatch]:
    """A question comparing with a year (较2020年下降…) is answered by a figure stated against that year: a
    figure compared with nothing is another statement, which only a name holding every asked word may still
    answer (it is never the asked one read another way); one compared with another year never answers. A
    question comparing with none is weighed for a level or a change asked (`_level_as_asked`)."""
    if not question.baseline_years:
        return _level_as_asked(matches, question, table, stretch)
    compared = [m for m in matches if m.indicator.baseline[:4] in question.baseline_years]
    # A figure stated against another year (较2015年 when 比2016年 is asked) is not the asked one even when its
    # name holds every asked word; nor is a level (控制在5万吨) when a change is asked (比2009年削减多少).
    # A part asking its own figure (…重污染天数比率各控制在多少) asks a change only if it says so.
    change = asks_change(_asking_text(question, stretch))
    return compared or [
        dataclasses.replace(
            m,
            compared=False,
            exact=m.exact and not _has_base(m.indicator) and not (change and not _states_change(m.indicator)),
        )
        for m in matches
    ]


# A share's name (…比例, …率).
_SHARE_NAME_RE = re.compile(r"(?:比例|占比|率)$")


def _level_as_asked(
    matches: list[IndicatorMatch], question: Question, table: IndicatorMatcher, stretch: str
) -> list[IndicatorMatch]:
    """A share's level asked (甲比例达到几) is never answered by the share's change (甲比例上升6.8%): that says how
    far it moved, not where it stands; nor is a change asked (甲削减多少) by a level or a stock (甲控制在5万吨, 存栏8.2万头)."""
    if asks_change(_asking_text(question, stretch)):
        return [
            dataclasses.replace(m, compared=False, exact=False) if _stated_level(m.indicator, table) else m
            for m in matches
        ]
    if not asks_level(_asking_text(question, stretch)):
        return matches
    return [
        dataclasses.replace(m, compared=False, exact=False)
        if _SHARE_NAME_RE.search(m.indicator.name) and _states_change(m.indicator)
        else m
        for m in matches
    ]


def _asking_text(question: Question, stretch: str) -> str:
    """What asks the figure: a part's own stretch when it asks one (…，甲各控制在几), else the question."""
    return stretch if QUANTITY_ASKED_RE.search(stretch) else question.form


def _stated_level(indicator: Indicator, table: IndicatorMatcher) -> bool:
    """Whether a figure is stated as a level or a stock, not a change (`sentence_evidence.states_level`)."""
    if _states_change(indicator):
        return False
    return states_level(indicator.name, search_form(table.sentence(indicator, upto_figure=True)))


def _states_change(indicator: Indicator) -> bool:
    """Whether a figure is stated as a change (下降20%, 削减2万吨), not as a level reached (降低到, 控制在)."""
    return states_change(f"{indicator.comparator}{indicator.value}")


def _not_given(matches: list[IndicatorMatch], question: Question) -> list[IndicatorMatch]:
    """A figure asked for is never one the question itself gives (`given_figures`)."""
    given = given_figures(question)
    return [m for m in matches if f"{m.indicator.value}{m.indicator.unit}" not in given]


def _has_base(indicator: Indicator) -> bool:
    """Whether a figure is stated against some base: a year (较2015年), or the year before (同比)."""
    return bool(indicator.baseline) or indicator.comparator.startswith("同比")


def _named_beside(form: str, region: str, places: tuple[str, ...]) -> bool:
    """Whether the question names the region itself beside places inside it, joined as a list (甲市建成区和
    乙、丙两市建成区), not as the places' address (甲市乙区)."""
    at = [form.find(p) for p in places if p in form]
    here = form.find(region)
    if not at or here < 0:
        return False
    first, last = sorted((here, min(at)))
    return re.search(r"[和与及、]|以及", form[first:last]) is not None


def _region_groups(result: SearchResult, documents: list[DocumentMeta]) -> list[tuple[str, set[str]]]:
    """The documents answered together: each asked region's, each region's when all are asked, else the scope."""
    scope = result.scope
    if scope.covered:
        return [(name, set(docs)) for name, docs in scope.covered]
    doc_ids = set(scope.doc_ids)
    if not _ALL_REGIONS_RE.search(result.question.form):
        return [("", doc_ids)]
    groups: dict[str, set[str]] = {}
    for d in documents:
        if d.doc_id in doc_ids:
            groups.setdefault(d.region or "", set()).add(d.doc_id)
    return sorted(groups.items()) if len(groups) > 1 else [("", doc_ids)]


def _refusal(cites: Citations, fig: RegionFigures, asked: str, years: tuple[str, ...], inside: str = "") -> str:
    """Why a region answers nothing; `inside`: the places inside it the question asks about, which its plan
    does not single out (its figures are the whole region's)."""
    where = fig.region or "已收录"
    year = years_text(years)
    if fig.other_periods:
        worded = "".join(f"{y}年，{said}。" for y in years if (said := _worded(cites, fig.other_periods, y)))
        stated = "；".join(statement(cites, i, ()) for i in fig.other_periods)
        return f"{where}的文件未设定{year}的“{asked}”。{worded}文件设定的是：{stated}。{_kept_lines(cites, fig)}"
    unset = f"{where}的文件未单列{inside}{year}" if inside else f"{where}的文件未设定{year}"
    if fig.closest:
        near = "；".join(statement(cites, i, ()) for i in fig.closest)
        return f"{unset}“{asked}”。相近的指标有：{near}。"
    return f"{unset}“{asked}”。"


def _add_column_twins(fig: RegionFigures, table: IndicatorMatcher) -> None:
    """A table row's figure for a year comes with the row's other columns for that year (2020年目标 and 2020年现状):
    which one a question means is told only by words staff rarely use the column's way."""
    chosen = {c.indicator.indicator_id for c in fig.chosen}
    for choice in list(fig.chosen):
        for twin in table.column_twins(choice.indicator):
            if twin.indicator_id not in chosen:
                chosen.add(twin.indicator_id)
                fig.chosen.append(Choice(twin, choice.years, choice.read_as))


def _stated(cites: Citations, choice: Choice) -> str:
    return statement(cites, choice.indicator, choice.years, read_as=choice.read_as, restated=True)


_KEPT_YEAR_WHY = "a year keeping another year's targets"  # why its clause is cited


def _kept_lines(cites: Citations, fig: RegionFigures) -> str:
    """What the plan says of an asked year it sets no figure for but keeps another year's targets in."""
    said = [
        f"{k.year}年，文件写明“{k.chunk.text[k.span[0] : k.span[1]]}”[{cites.cite_clause(k.chunk, k.span, _KEPT_YEAR_WHY)}]。"
        for k in fig.kept
    ]
    return "".join(said)


def _merged(chosen: list[Choice]) -> list[Choice]:
    """One choice per statement: two asked years one target answers (2023年至2025年每年…) are stated once."""
    by_indicator: dict[str, Choice] = {}
    for c in chosen:
        held = by_indicator.get(c.indicator.indicator_id)
        years = (*held.years, *c.years) if held else c.years
        by_indicator[c.indicator.indicator_id] = Choice(c.indicator, years, c.read_as)
    return list(by_indicator.values())


def _distinct(statements: list[str]) -> list[str]:
    """The statements without repeats: two names one sentence states (甲、乙均达到95%) quote it once."""
    seen: set[str] = set()
    out = []
    for text in statements:
        key = READ_AS_RE.sub("", text)
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out


def _region_lines(cites: Citations, fig: RegionFigures) -> list[str]:
    """One line per figure, then one per asked part or year the region does not set."""
    lines = _distinct([_stated(cites, c) + "。" for c in _merged(fig.chosen)])
    if fig.kept:
        lines.append(_kept_lines(cites, fig))
    lines += [_missing_line(cites, fig, label) for label in fig.missing]
    if fig.missing and fig.other_periods:
        lines.append("文件设定的是：" + "；".join(statement(cites, i, ()) for i in fig.other_periods) + "。")
    return lines


_WORDED_YEAR_WHY = "an asked year set in words beside the figure"  # why its clause is cited


def _missing_line(cites: Citations, fig: RegionFigures, label: str) -> str:
    """The line for an asked part or year the region sets no figure for: what the figure's clause says of
    that year in words, when it does (2025年底前基本完成全部整治任务), or the piece of an answering figure's
    sentence stating the part (…,相等于绝对碳排放量减低26%至36%), else that it is not set."""
    year = label.removesuffix("年")
    indicators = [c.indicator for c in fig.chosen]
    said = _worded(cites, indicators, year) if year.isdigit() else stated_beside(cites, indicators, label)
    return f"{label}：{said or '文件未设定'}。"


def _worded(cites: Citations, indicators: list[Indicator], year: str) -> str | None:
    """What the clause of one of `indicators` says in words of its thing in `year`, quoted and cited."""
    for ind in indicators:
        for chunk in cites.table.clauses_beside(ind):
            span = worded_part(chunk, ind, year)
            if span is not None:
                n = cites.cite_clause(chunk, span, _WORDED_YEAR_WHY)
                return f"文件未写数值，写明“{chunk.text[span[0] : span[1]]}”[{n}]"
    return None


def _table_cell(cites: Citations, fig: RegionFigures) -> str:
    if not fig.chosen:
        return "未设定" + (f"（相近：{statement(cites, fig.closest[0], ())}）" if fig.closest else "")
    return "；".join(
        _distinct([_stated(cites, c) for c in _merged(fig.chosen)]) + [f"{label}未设定" for label in fig.missing]
    )


def answer_figures(
    result: SearchResult, table: IndicatorMatcher, documents: list[DocumentMeta], today_year: int
) -> Draft | None:
    """The table's answer to a figure question, or None when the table has nothing to say about it
    (no asked indicator words, or no indicator in scope shares any of them)."""
    question = result.question
    terms = asked_terms(question)
    if not terms:
        return None
    groups = _region_groups(result, documents)
    rank = {h.chunk.chunk_id: i for i, h in enumerate(result.hits)}
    # 无锡2018年和黔东南2025年…: one year per region, in order; otherwise every region gets the asked years.
    per_region = (
        [(y,) for y in question.years]
        if len(groups) > 1 and len(question.years) == len(groups)
        else [question.years] * len(groups)
    )
    readings = reads_other_ways(result.scope, documents)
    figures = [
        _figures_of(table, result, name, docs, years, rank, readings) for (name, docs), years in zip(groups, per_region)
    ]
    for fig in figures:
        _add_column_twins(fig, table)
    if not any(f.chosen or f.other_periods or f.closest for f in figures):
        return None
    cites = Citations(table, result)
    if not any(f.chosen for f in figures):
        asked = quoted_words(question, terms)
        # The places inside the region the question asks about (除了甲市: not that one).
        inside = (
            "、".join(p for p in result.scope.enclosing if not sets_apart(question.form, p))
            if len(figures) == 1
            else ""
        )
        text = f"{NOT_FOUND}：" + "".join(
            _refusal(cites, f, asked, years, inside) for f, years in zip(figures, per_region)
        )
        reason = OTHER_PERIODS if any(f.other_periods for f in figures) else "indicator not set"
        return Draft(text, False, cites.hits, reason, cites.quotes)
    if len(figures) > 1:
        lines = ["| 地区 | 文件规定 |", "|---|---|"] + [f"| {f.region} | {_table_cell(cites, f)} |" for f in figures]
    else:
        lines = _region_lines(cites, figures[0])
    stated = tuple(c.indicator for f in figures for c in f.chosen)
    lines += status_notes(cites, documents, table, today_year, stated)
    reading = all(c.read_as for f in figures for c in f.chosen)
    return Draft("\n".join(lines), True, cites.hits, READ_ANOTHER_WAY if reading else "indicator table", cites.quotes)

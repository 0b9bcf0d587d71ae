"""Figure questions answered from the indicator table: the asked indicator's stated figure, per region.

- The asked year picks the target whose period holds it (a 2024 question finds a “十四五” target and
  says so); no year picks the latest target and says which year.
- An indicator a region does not set is refused, listing the closest indicators that region does
  set, each with its figure and citation — never another indicator's figure as the answer.
- Several regions (银川和黔东南…, 各地…) are answered as a table, one row per region.
- A draft (征求意见稿) or a plan whose period has ended gets one short note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.extractive import NOT_FOUND, Draft
from assistant.answer.statements import Citations, statement, status_notes
from assistant.documents import DocumentMeta, Indicator
from assistant.retrieval.indicator_match import IndicatorMatch, IndicatorTable, asked_kind
from assistant.retrieval.question import Question
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import ASKED_META_KEYS
from assistant.text.normalize import search_form

MAX_NAMES = 3  # distinct indicators answered per region (an ambiguous question: 城市 / 城镇污水处理率)
MAX_CLOSEST = 3
_ALL_REGIONS_RE = re.compile(r"各地|各市|各个地区|各地区|哪些地区|哪些地方|哪个地区|哪个地方|所有地区|几个地区")
_LIST_SEPARATOR_RE = re.compile(r"[，,、;；]|和|及|与|以及")
_SOURCE_ORDER = {"sentence": 0, "heading": 1, "plan": 2}


@dataclass
class RegionFigures:
    """What one region's documents state for the question."""

    region: str
    chosen: list[Indicator] = field(default_factory=list)  # the answer, one per distinct indicator name
    other_periods: list[Indicator] = field(default_factory=list)  # the asked indicator, set for other years
    closest: list[Indicator] = field(default_factory=list)  # nearest indicators the region does set


def asks_figure(question: Question) -> bool:
    """Whether the table may answer: a figure or a "when" is asked, not a duty, a list of measures or metadata."""
    return ((question.wants_figure or question.wants_when) and not question.wants_unit
            and not any(key in question.form for key in ASKED_META_KEYS))


def _bare(ind: Indicator) -> bool:
    """A figure stated without comparator or qualifier (a table row: ——水土保持率85.84%), which the
    plan's own sentence (水土保持率达到85.84%以上) states more fully."""
    return not (ind.comparator or ind.qualifier)


def _latest(group: list[Indicator], rank: dict[str, int]) -> Indicator:
    """The target with the latest period (the fuller statement, then a retrieved clause first among equals)."""
    return min(group, key=lambda i: (-(i.period.end if i.period else -1), _bare(i), rank.get(i.chunk_id, len(rank)),
                                     _SOURCE_ORDER.get(i.period.source, 3) if i.period else 3, i.indicator_id))


def _for_year(group: list[Indicator], year: int, rank: dict[str, int]) -> Indicator | None:
    """The target whose period holds `year`, the narrowest period first."""
    covering = [i for i in group if i.period and i.period.covers(year)]
    if not covering:
        return None
    return min(covering, key=lambda i: (i.period.end - i.period.start, _bare(i), rank.get(i.chunk_id, len(rank)),
                                        _SOURCE_ORDER.get(i.period.source, 3), i.indicator_id))


def region_figures(region: str, matches: list[IndicatorMatch], years: tuple[str, ...],
                   rank: dict[str, int]) -> RegionFigures:
    """Choose the answering indicators of one region from its scored candidates (`rank`: retrieved clauses)."""
    out = RegionFigures(region)
    exact = [m for m in matches if m.exact]
    # The closest names only: most of the question in the name itself, then fewest words not asked
    # (中心城市…优良天数比率 for 凯里, not every 优良天数比率 of the plan).
    best = max((round(m.named, 3) for m in exact), default=0.0)
    exact = [m for m in exact if round(m.named, 3) == best]
    if years:  # names set for the asked year first
        exact = [m for m in exact if m.indicator.period and m.indicator.period.covers(int(years[0]))] or exact
    fewest = min((m.extra for m in exact), default=0)
    groups: dict[str, list[Indicator]] = {}
    for m in exact:
        if m.extra <= fewest + 2:
            groups.setdefault(m.indicator.name, []).append(m.indicator)
    for name, group in list(groups.items())[:MAX_NAMES]:
        if years:
            hit = _for_year(group, int(years[0]), rank)
            if hit is None:
                by_period = {i.period.label if i.period else "": i for i in sorted(group, key=lambda i: i.indicator_id)}
                out.other_periods += sorted(by_period.values(), key=lambda i: i.period.end if i.period else 0)[-2:]
            else:
                out.chosen.append(hit)
        else:
            out.chosen.append(_latest(group, rank))
    if not groups:
        seen: set[str] = set()
        year = int(years[0]) if years else None

        def outside(ind: Indicator) -> bool:  # a neighbour for another year than the asked one comes later
            return year is not None and not (ind.period and ind.period.covers(year))

        for m in sorted(matches, key=lambda m: (-round(m.coverage, 3), outside(m.indicator), -m.similarity,
                                                m.indicator.indicator_id)):
            if m.named > 0 and m.fits and m.indicator.name not in seen:
                seen.add(m.indicator.name)
                out.closest.append(m.indicator)
            if len(out.closest) == MAX_CLOSEST:
                break
    return out


def _asked(result: SearchResult, table: IndicatorTable) -> str:
    terms = table.asked_terms(result.question)
    return "".join(terms) or "所问指标"


def question_parts(question: Question, table: IndicatorTable) -> list[tuple[tuple[str, ...], str]]:
    """The asked words cut where the question lists several indicators (…企业数量和入园率), each with the
    stretch of the question it comes from, or [] when it lists one. Single modifiers listed before a
    full name share its head (城市和城镇的污水处理率: 城市 污水 处理率, 城镇 污水 处理率); another part of
    fewer than three characters (园区和重点企业) is too vague to stand alone."""
    form = question.form
    cuts = [0] + [m.start() for m in _LIST_SEPARATOR_RE.finditer(form)] + [len(form)]
    parts: dict[int, list[str]] = {}
    for term in table.asked_terms(question):
        position = form.find(term)
        parts.setdefault(sum(c <= position for c in cuts[1:-1]), []).append(term)
    if len(parts) < 2:
        return []
    # A part's stretch runs to the next part's start, so 多少家 after the words stays with them.
    starts = sorted(parts)
    stretches = [form[cuts[k]:cuts[starts[i + 1]] if i + 1 < len(starts) else len(form)]
                 for i, k in enumerate(starts)]
    last = parts[starts[-1]]
    if len(last) >= 2 and all(len(parts[k]) == 1 for k in starts[:-1]):
        head = last[1:]
        return [((parts[k][0], *head), stretch + stretches[-1]) for k, stretch in zip(starts[:-1], stretches)] + \
            [(tuple(last), stretches[-1])]
    if any(sum(len(t) for t in p) < 3 for p in parts.values()):
        return []
    return [(tuple(parts[k]), stretch) for k, stretch in zip(starts, stretches)]


def _figures_of(table: IndicatorTable, result: SearchResult, region: str, docs: set[str],
                years: tuple[str, ...], rank: dict[str, int]) -> RegionFigures:
    """One region's answer: each listed indicator matched on its own when the question lists several
    (节水技术改造企业和节水型企业) and each is found, else the whole question matched."""
    question = result.question
    whole_matches = table.candidates(question, docs, result.query_vector)
    if any(m.exact and m.named == 1.0 for m in whole_matches):  # one name holds every asked word
        return region_figures(region, whole_matches, years, rank)
    picks: list[Indicator] = []
    for part in question_parts(question, table):
        found = region_figures(region, table.candidates(question, docs, result.query_vector, part), years, rank)
        if not found.chosen:
            picks = []
            break
        picks += [i for i in found.chosen[:1] if i not in picks]
    if len(picks) > 1:
        return RegionFigures(region, chosen=picks)
    return region_figures(region, whole_matches, years, rank)


def _region_groups(result: SearchResult, documents: list[DocumentMeta]) -> list[tuple[str, set[str]]]:
    scope = result.scope
    if scope.covered:
        return [(name, set(docs)) for name, docs in scope.covered]
    in_scope = [d for d in documents if d.doc_id in set(scope.doc_ids)]
    regions = sorted({d.region or "" for d in in_scope})
    if len(regions) > 1 and _ALL_REGIONS_RE.search(result.question.form):
        return [(r, {d.doc_id for d in in_scope if (d.region or "") == r}) for r in regions]
    return [("", set(scope.doc_ids))]


def _refusal(cites: Citations, fig: RegionFigures, asked: str, years: tuple[str, ...]) -> str:
    where = fig.region or "已收录"
    year = f"{years[0]}年" if years else ""
    if fig.other_periods:
        stated = "；".join(statement(cites, i, ()) for i in fig.other_periods)
        return f"{where}的文件未设定{year}的{asked}。文件设定的是：{stated}。"
    if fig.closest:
        near = "；".join(statement(cites, i, ()) for i in fig.closest)
        return f"{where}的文件未设定{year}{asked}。相近的指标有：{near}。"
    return f"{where}的文件未设定{year}{asked}。"


def answer_figures(result: SearchResult, table: IndicatorTable, documents: list[DocumentMeta],
                   today_year: int) -> Draft | None:
    """The table's answer to a figure question, or None when the table has nothing to say about it
    (no asked indicator words, or no indicator in scope shares any of them)."""
    question = result.question
    if not table.asked_terms(question):
        return None
    groups = _region_groups(result, documents)
    rank = {h.chunk.chunk_id: i for i, h in enumerate(result.hits)}
    # 无锡2018年和黔东南2025年…: one year per region, in order; otherwise every region gets the asked years.
    per_region = [(y,) for y in question.years] if len(groups) > 1 and len(question.years) == len(groups) else \
        [question.years] * len(groups)
    figures = [_figures_of(table, result, name, docs, years, rank) for (name, docs), years in zip(groups, per_region)]
    if not any(f.chosen or f.other_periods or f.closest for f in figures):
        return None
    cites = Citations(table, result)
    asked = _asked(result, table)
    if not any(f.chosen for f in figures):
        text = f"{NOT_FOUND}：" + "".join(_refusal(cites, f, asked, years) for f, years in zip(figures, per_region))
        return Draft(text, False, cites.hits, "indicator not set", cites.quotes)
    if len(figures) > 1:
        lines = ["| 地区 | 文件规定 |", "|---|---|"]
        for f, years in zip(figures, per_region):
            cell = "；".join(statement(cites, i, years) for i in f.chosen) or "未设定" + (
                f"（相近：{statement(cites, f.closest[0], ())}）" if f.closest else "")
            lines.append(f"| {f.region} | {cell} |")
    else:
        lines = [statement(cites, i, question.years) + "。" for i in figures[0].chosen]
    lines += status_notes(cites, documents, table, today_year)
    return Draft("\n".join(lines), True, cites.hits, "indicator table", cites.quotes)


@dataclass(frozen=True)
class TableDecision:
    """What the indicator table says about a question, before any sentence is quoted."""

    draft: Draft | None  # the table's answer or refusal; None when no indicator in scope shares an asked word
    settles: bool  # the draft is the answer (found, or a refusal for an asked rate the region does not set)


def consult_table(result: SearchResult, table: IndicatorTable, documents: list[DocumentMeta],
                  today_year: int) -> TableDecision:
    """The table's answer to a figure question, and whether it settles it.

    A rate or concentration asked (…率, …比例, 浓度) is always an indicator statement, so the table's
    refusal settles it; counts and other figures (2个千亿级产业集群) may sit outside the table, and a
    date, list or measure question is answered from sentences unless the table holds the indicator.
    """
    question = result.question
    if not (asks_figure(question) and question.has_content and result.hits):
        return TableDecision(None, False)
    draft = answer_figures(result, table, documents, today_year)
    if draft is None or draft.found:
        return TableDecision(draft, draft is not None)
    rate = asked_kind(question.form) in ("percent", "concentration")
    return TableDecision(draft, rate and question.wants_figure and not question.wants_list and not question.wants_when)


def check_sentence_answer(result: SearchResult, table: IndicatorTable, decision: TableDecision,
                          sentence: Draft) -> Draft:
    """A quoted-sentence answer to a figure question stands only when every quoted sentence holds every
    asked word (a sentence about another indicator never answers); otherwise the table's refusal."""
    question = result.question
    if not asks_figure(question) or not question.wants_figure or question.wants_list or question.wants_when:
        return sentence
    terms = table.asked_terms(question)
    if not sentence.found:
        return decision.draft or sentence
    if not terms or _quotes_hold(sentence, terms, table):
        return sentence
    return decision.draft or Draft(f"{NOT_FOUND}：已收录的文件中没有{_asked(result, table)}的相关规定或数值。", False, [],
                                   "no sentence holds every asked word")


def _quotes_hold(draft: Draft, terms: tuple[str, ...], table: IndicatorTable) -> bool:
    """Whether every quoted sentence (with its heading path) holds every asked word."""
    for n, spans in draft.quotes.items():
        chunk = draft.hits[n - 1].chunk
        text = search_form(" ".join(chunk.text[a:b] for a, b in spans) + " " + chunk.path_text)
        if not all(table.covers(t, text) for t in terms):
            return False
    return bool(draft.quotes)

"""Figure questions that describe the indicator in other words, answered from the retrieved clause's sentence.

When neither the indicator table nor a sentence naming the asked words answers a figure question, the asked
region's best retrieved clauses are read part by part (the comma-separated parts of a sentence that state a
figure). A part may answer only on evidence the answer can show:
- every asked word that tells indicators apart by naming a thing (湿地, PM10, 新能源) or a kind of rate
  (利用率, 覆盖率) stands in the part's sentence, its heading path or the document's title, or is a synonym
  in general Chinese of one of their words; words saying how, who or where the staff member pictures it
  (走多远, 居民, 新添) only describe;
- a figure of the part has a unit that fits the kind of quantity asked (a rate, an area, a count of 项 …);
- the sentence's year fits the asked year, and a compared year (比2013年) stands in the sentence;
- the indicator table has not judged that figure another indicator (a conflicting word, another scope).
Among the parts that pass, the embedding model picks the one closest in meaning to the question (it ranks,
the evidence decides), and the answer says how the question was read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answer.answering_sentences import sentences
from assistant.answer.clause_measures import asks_measures
from assistant.answer.extractive import Draft
from assistant.answer.region_choice import reads_other_ways
from assistant.answer.sentence_evidence import (
    counted_in_words,
    figures_beyond_given,
    in_earlier_account,
    numbers_besides_years,
    other_plan_period,
    states_change,
)
from assistant.answer.stated_units import asked_quantity, stated_units, units_fit
from assistant.answer.statements import READ_AS, Citations, status_notes
from assistant.documents import DocumentMeta, ScoredChunk, Span
from assistant.index.embedders.base import Embedder
from assistant.indicators.periods import DESCRIPTION_HEADING_RE, FIVE_YEAR_PLAN_RE
from assistant.ingest.headings import INDICATOR_RE
from assistant.retrieval.asked_quantity import (
    action_measured_instead,
    asks_change,
    asks_level,
    counted_thing,
    unit_kind,
)
from assistant.retrieval.asked_words import asked_terms, done_word, measured_words
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.evidence import ties, words_of
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.indicator_reading import IndicatorMatch
from assistant.retrieval.question import asks_now
from assistant.retrieval.retriever import SearchResult
from assistant.retrieval.scales import another_member_leads, another_member_named, levels_listed_apart
from assistant.retrieval.scope_of_figure import other_part_of_year
from assistant.retrieval.word_kinds import PEOPLE, names_a_thing, names_substance, names_what
from assistant.text.lexicon import REGION_PART_WORDS, SCOPE_WORDS, STATEMENT_COMPARATORS
from assistant.text.normalize import search_form
from assistant.text.patterns import (
    BASELINE_YEAR_RE,
    BASIS_YEAR_RE,
    BOOK_TITLE_RE,
    HAN,
    HAN_RE,
    PART_RE,
    WHOLE_REGION_RE,
    YEAR,
    longest_first,
)
from assistant.text.thesaurus import ACTIVITIES, kind_of

MAX_CLAUSES = 2  # the region's best retrieved clauses that are read part by part
# Refusals this reading may replace: the asked words stand in no sentence or indicator name. A refusal for
# an indicator set only for other years, or for a region no document covers, stands.
REPLACEABLE = ("no clause answers", "indicator not set", "no sentence holds every asked word")
_YEARS_ASKED_RE = re.compile(r"(?:多少|几)(?:个)?年")
# A comparator ending the words before a figure (…控制在, …降至): not part of what the figure measures.
_COMPARATOR_TAIL_RE = re.compile(f"(?:{longest_first(STATEMENT_COMPARATORS)}|[降升减增]至?)$")
MIN_READING_CHARS = 3  # fewer Han characters (全州, 紧盯) name no indicator
_FIGURE_RE = re.compile(rf"(?!{YEAR}年)(?<![\d.])\d")  # a figure's first digit, not a year's
_TIME_LEAD_RE = re.compile(rf"^(?:到|至|在)?{YEAR}年(?:底|末)?前?[,，]?")
_QUOTES_RE = re.compile(r"[“”\"‘’「」]")
_NAMED_AFTER_RE = re.compile(rf"\d\s*(?:%|[个项座家处条所])?的([{HAN}]{{2,}})")
_COUNTS_ITS_LIST_RE = re.compile(r"、[^,，;；]+等\s*(?:[一二两三四五六七八九十]+|\d+)\s*[类个项种处座条]")


@dataclass(frozen=True)
class Part:
    hit: ScoredChunk
    sentence: tuple[int, int]  # span of its sentence in the clause text
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]


def _must_stand(result: SearchResult, table: IndicatorMatcher) -> list[str]:
    """The asked words that tell indicators apart (as the table weighs them): a word of some indicator's
    name, a code, or a thing the documents speak of — not who (居民) or where (城区) it is pictured."""
    return [
        term
        for term in asked_terms(result.question)
        if len(term) >= 2
        and term not in SCOPE_WORDS
        and kind_of(term) != PEOPLE
        and (table.distinguishes(term) or names_substance(term))  # 臭氧 even where no plan names it
    ]


def _does_otherwise(measured: list[str], text: str, named: str, form: str, stands: Callable[[str, str], bool]) -> bool:
    """Whether a part says another thing is done than the asked activity (治理甲地 for 乙丙面积): an asked
    activity missing from it while the words naming its figure hold an activity the question lacks."""
    missing = [t for t in measured if not stands(t, text)]
    return bool(missing) and any(done_word(w) and w not in form for w in words_of(named) if len(w) > 1)


def _judged_other(part: Part, matches: list[IndicatorMatch]) -> bool:
    """Whether the table scored a figure of this part (`matches`: its candidates) and found it another indicator."""
    chunk = part.hit.chunk
    for match in matches:
        ind = match.indicator
        inside = ind.chunk_id == chunk.chunk_id and part.start <= ind.figure_start - chunk.start < part.end
        if inside and (match.other_scope or not match.fits or (match.evidence and match.evidence.conflicts)):
            return True
    return False


def _found_only_as_target(match: IndicatorMatch) -> bool:
    """Whether, how things stand now being asked (目前), the table found the asked indicator by name (every asked
    word it does not hold only describes) and judged it a target (`IndicatorMatcher` sets it out of scope): the
    plan states no present figure of it, and no other figure is read as one."""
    ev = match.evidence
    return (
        match.other_scope
        and match.fits
        and ev is not None
        and bool(ev.covered)
        and not (ev.conflicts or ev.in_context or ev.explained)
    )


# A part of the asked region a sentence speaks of (西部山区, 城区, 库区), against the whole (全市, 全县).
_REGION_PART_RE = re.compile(longest_first(REGION_PART_WORDS))


def _parts(result: SearchResult, table: IndicatorMatcher, hits: list[ScoredChunk]) -> list[Part]:
    """The parts of the clauses' sentences that state a figure and pass every check of evidence."""
    question = result.question
    kind, counted = asked_quantity(question.form)
    must = _must_stand(result, table)
    measured = measured_words(question, things=True)
    thing = counted_thing(question.form)  # what 多少 counts must be what the part states a figure of
    if thing:
        must.append(thing)
    asked = asked_terms(question)
    # A rate asked (保护率) is a rate of something done: the sentence itself must say that (保护), not only the
    # plan's title, whatever the corpus's names hold.
    done = [t[:-1] for t in asked if t.endswith("率") and len(t) >= 3]
    # A place of application asked (乡镇, 农村) is where the figure applies: the part must say it too.
    scopes = [t for t in asked if t in SCOPE_WORDS]
    years_asked = _YEARS_ASKED_RE.search(question.form) is not None  # else 用3年时间 is a duration, no figure
    whole = WHOLE_REGION_RE.search(question.form) is not None  # 全市: the whole region, no part of it
    change = asks_change(question.form)
    share_level = kind == "percent" and asks_level(question.form)

    def stands(term: str, text: str) -> bool:
        return table.covers(term, text) or ties(term, text)

    out = []
    for hit in hits:
        chunk = hit.chunk
        around = f"{search_form(chunk.path_text)} {search_form(chunk.title)}"
        # A place inside the document's region (平南县 in 贵港's plan) must be named where the figure stands.
        inside = [p.short for p in question.places if p.short not in f"{chunk.region or ''} {chunk.title}"]
        for begin, end in sentences(hit):
            form = search_form(chunk.text[begin:end])
            if question.baseline_years and not any(f"{y}年" in form for y in question.baseline_years):
                continue  # compared with 2016 (比2016年少多少): the sentence itself states that comparison
            if question.years and term_coverage(question, form, chunk.path_text + " " + chunk.title)[1] < 0:
                continue
            # “十三五”期间… for a question of 十四五: said in the sentence, else in the heading it stands under
            # (“十三五”成效显著).
            if other_plan_period(question, form if FIVE_YEAR_PLAN_RE.search(form) else search_form(chunk.path_text)):
                continue
            if in_earlier_account(question, chunk.text, (begin, end)):
                continue
            if levels_listed_apart(question.form, form):
                continue  # 国家级 asked, 培育国家级、省级甲…250家甲: the count of both levels
            said = around  # what the sentence has said so far: a part without a figure carries its subject on
            subjects = around  # …the parts that state nothing of their own, for a part naming its own subject
            for m in PART_RE.finditer(chunk.text, begin, end):
                part_form = search_form(m.group(0))
                units = [u for u in stated_units(part_form, m.start() == begin) if u != "年" or years_asked]
                counts_it = kind == "count" and counted_in_words(question, part_form)
                units = ["个"] if counts_it else units  # 四级 for a count of 级别: a count of what is asked
                if not units:
                    said = f"{said} {part_form}"
                    subjects = subjects if _states_target(part_form) else f"{subjects} {part_form}"
                    continue
                if numbers_besides_years(part_form, question.years) and not figures_beyond_given(question, part_form):
                    continue  # 甲的120个单元里乙有几个: the part states the 120 the asker gave
                if change and not states_change(part_form):
                    continue  # 削减多少: a level (排放量8.91万吨) or a count of projects is no change
                if share_level and states_change(part_form):
                    continue  # 比例达到多少: a change of the share (比例上升6.8%) says how far it moved
                if _does_otherwise(
                    measured, f"{part_form} {said}", _named_before_figure(part_form), question.form, stands
                ):
                    continue
                if _states_other_years(part_form, question.years):
                    continue  # …到2020年,基本淘汰…,其中2019年淘汰50%: the part's own year, not the sentence's
                if _COUNTS_ITS_LIST_RE.search(part_form) and kind != "count":
                    continue  # 分为甲、乙、丙等5类: how many items the list names, a figure of nothing measured
                carried = subjects if _names_own_thing(part_form) else said
                text = f"{part_form} {carried}"
                local = f"{part_form} {carried[len(around) :]}"  # the sentence's own words, not title or path
                # What is measured must show: an asked word in the sentence itself (not the asked unit: 多少万亩
                # is met by any area), or a kind of quantity asked and every distinguishing word found around
                # the figure.
                shown = (kind is not None and bool(must)) or any(
                    names_what(t) and unit_kind(t) is None and table.covers(t, local) for t in asked
                )
                named = all(stands(t, text) or counts_it and t == thing for t in must)
                named = named and all(p in text for p in inside) and shown and all(stands(d, local) for d in done)
                named = named and all(stands(s, text) for s in scopes)
                # A substance asked (碳排放) is what the figure is of: the sentence must name it, not only the title.
                named = named and all(stands(t, local) for t in asked if names_substance(t))
                if whole and _REGION_PART_RE.search(local):
                    continue  # 西部山区…实现了32%的森林覆盖水平: a part of the region's figure, the whole asked
                if any(
                    another_member_leads(t, question.form, "", local)
                    or another_member_named(t, question.form, part_form)
                    for t in asked
                ):
                    continue  # 风电 asked, 光伏…总装机 stated; 国家级 asked, the part's own 省级: another member of a set
                if action_measured_instead(question.form, asked, local):
                    continue  # 甲林面积 asked, 甲林抚育 stated: the area of an action done to it
                if other_part_of_year(question.form, local):
                    continue  # 冬季 asked, 年平均 stated: another part of the year (retrieval/scope_of_figure)
                if units_fit(units, kind, counted) and named:
                    out.append(Part(hit, (begin, end), m.start(), m.end()))
    return out


def _states_other_years(form: str, years: tuple[str, ...]) -> bool:
    """Whether a part states a year of its own (not one compared with, nor one in a title) and no asked year."""
    own = BASELINE_YEAR_RE.sub("", BASIS_YEAR_RE.sub("", BOOK_TITLE_RE.sub("", form)))
    stated = re.findall(rf"(?<!\d)({YEAR})\s*年", own)
    return bool(years and stated) and not set(stated) & set(years)


def _quote(part: Part) -> tuple[str, list[Span]]:
    """The part, after its sentence's opening part when that one says when (到2025年，…)."""
    text = part.hit.chunk.text
    lead = PART_RE.search(text, part.sentence[0], part.sentence[1])
    body = part.text.strip()
    start = part.start + len(part.text) - len(part.text.lstrip())
    spans: list[Span] = [(start, start + len(body))]
    if lead is not None and lead.start() < part.start and re.search(YEAR, lead.group(0)):
        opening = lead.group(0).strip()
        at = lead.start() + len(lead.group(0)) - len(lead.group(0).lstrip())
        joint = "，" if lead.end() == part.start - 1 else "，…"
        return f"{opening}{joint}{body}", [(at, at + len(opening)), *spans]
    return body, spans


def _named_before_figure(body: str) -> str:
    """The words before a part's figure, without the time that opens them and the comparator that ends them
    (到2025年全市用水总量控制在 -> 全市用水总量)."""
    figure = _FIGURE_RE.search(body)
    words = _TIME_LEAD_RE.sub("", body[: figure.start()] if figure else body)
    while (tail := _COMPARATOR_TAIL_RE.search(words)) is not None and tail.start() > 0:
        words = words[: tail.start()]
    return re.split(r"[,，]", _QUOTES_RE.sub("", words))[-1].strip()


def _names_own_thing(form: str) -> bool:
    """Whether the words before a part's figure name a thing of their own (a water source's rate after a part on
    river sections), not only an aspect of what the sentence spoke of before (a share of the same sites)."""
    return any(names_a_thing(w) for w in words_of(_named_before_figure(form)))


def _states_target(form: str) -> bool:
    """Whether a part without a figure is a statement of its own (…断面达到目标要求, …得到有效控制): its subject is
    not the subject of a later part that names its own."""
    return any(len(word) > 1 and word in form for word in STATEMENT_COMPARATORS)


def _reading(part: Part) -> str:
    """What the part states a figure of, in its own words: the words before its figure (a year is a time, not
    the figure), without the time that opens them and the comparator that ends them (到2025年全市用水总量控制在
    -> 全市用水总量); when those are not words of their own (紧盯“3个关键节点”), the part without its figures
    and quotes."""
    body = INDICATOR_RE.sub("", part.text.strip(), count=1).lstrip()  # a list line's dash (——甲率…) names nothing
    reading = _named_before_figure(body)
    after = _NAMED_AFTER_RE.search(body)
    # 实现了32%的森林覆盖水平: only a verb before the figure, what it measures after it.
    verb = kind_of(reading.removesuffix("了"))
    if after and verb is not None and verb in ACTIVITIES:
        return after.group(1)
    if len(HAN_RE.findall(reading)) >= MIN_READING_CHARS:
        return reading
    return _QUOTES_RE.sub("", re.sub(r"[\d.]+\s*(?:%|[个项座家处条所])?", "", body)).strip(" ,，、")


def answer_described(
    result: SearchResult,
    table: IndicatorMatcher,
    embedder: Embedder,
    documents: list[DocumentMeta],
    today_year: int,
) -> Draft | None:
    """The figure a clause of the asked region states for a question that describes the indicator in other
    words, with how it was read; None when no part of the best clauses passes the evidence."""
    question, scope = result.question, result.scope
    if not (question.wants_number and question.has_content) or question.wants_list or question.wants_unit:
        return None
    if question.wants_when or len(scope.covered) > 1 or not result.hits or result.query_vector is None:
        return None
    if asks_measures(result):  # 有什么具体措施: what is done, never a figure read another way
        return None
    if not reads_other_ways(scope, documents):
        return None
    doc_ids = set(scope.doc_ids)
    hits = [h for h in result.hits if h.chunk.doc_id in doc_ids][:MAX_CLAUSES]
    matches = table.candidates(question, doc_ids, result.query_vector)
    if asks_now(question) and any(_found_only_as_target(m) for m in matches):
        return None
    parts = [p for p in _parts(result, table, hits) if not _judged_other(p, matches)]
    if not parts:
        return None
    similarity = embedder.embed_array([p.text for p in parts]) @ result.query_vector
    best = parts[int(np.argmax(similarity))]
    cites = Citations(table, result)
    cites.hits.append(best.hit)
    quote, spans = _quote(best)
    cites.quotes[1] = spans
    reading = _reading(best)
    head = READ_AS.format(reading) if reading else ""
    # A figure of no year under a heading describing the place (自然条件) is a fact, not a target.
    fact = DESCRIPTION_HEADING_RE.search(best.hit.chunk.path_text) is not None and not re.search(YEAR, quote)
    lines = [f"{head}{quote}[1]", *status_notes(cites, documents, table, today_year, describes_place=fact)]
    return Draft("\n".join(lines), True, cites.hits, "described figure", cites.quotes)


def replaces(draft: Draft) -> bool:
    """Whether a refusal may give way to a described figure."""
    return not draft.found and draft.reason in REPLACEABLE

"""Indicator extraction: every stated target or figure of a clause as a record (what, how much, when).

Rules, not a model: a figure is a number with its unit (or a bare number after a comparator
such as 达到) that ends a phrase; the indicator's name is the phrase before it, back to the
previous boundary, with time phrases, region words and the comparator taken off. Precision
matters more than recall: a number followed by more words (500米服务半径…, 3个国家…) is a
modifier, not a figure, and is skipped.
"""

from __future__ import annotations

import re

from assistant.documents import PATH_SEPARATOR, Chunk, DocumentMeta, Indicator, Period
from assistant.indicators.attribute_rows import RowFigure, row_figures
from assistant.indicators.figure_spans import COMPARATOR_TAIL_RE, UNIT_PATTERN, UNITS, Figure, find_figures
from assistant.indicators.name_lists import (
    PLACES_ONLY_RE,
    after_places,
    as_list,
    each_of_all,
    named_back,
    places_opening,
    respectively,
    subject_carried,
    year_in_turn,
)
from assistant.indicators.periods import (
    DESCRIPTION_HEADING_RE,
    REVIEW_HEADING_RE,
    document_year,
    plan_period,
    reviewed_period,
    time_phrases,
)
from assistant.ingest.chunking import DOCUMENT_INFO
from assistant.text.lexicon import (
    KIND_WORDS,
    WHOLE_REGION_WORDS,
)
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import (
    BASELINE_YEAR_RE,
    BRACKETED_RE,
    CONDITION,
    HAN,
    HAN_RE,
    LEVEL_RE,
    ON_BASIS_RE,
    YEAR,
    longest_first,
)

EXTRACTOR_VERSION = 101  # bump when the rules below change what is extracted (the index is then rebuilt)

_SENTENCE_RE = re.compile(r"[^。；;\n!！?？]+")

# A full stop a PDF copy wrote as "." (…劣Ⅴ类. 70个…, …达到78%.各县…): after a word or a figure's unit, or
# after a figure of two digits or more before a word where a capture lost its % (…达到80.二、主要任务); never
# between digits (65.7%) or after an item's number (1.地表水).
_DOT_END_RE = re.compile(r"(?<=[\u4e00-\u9fff%）)])\.|(?<=\d\d)\.(?=[\u4e00-\u9fff])")

_LEAD_RE = re.compile(
    r"^(?:——|—|-|[、，,\s“”\"]|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}是(?=[\u4e00-\u9fff])|\d{1,2}\s+(?=[\u4e00-\u9fff])|\d{1,2}[.、．](?!\d)\s*(?=[\u4e00-\u9fff])|至少|到|至|截至|力争|确保|争取|预期(?!性)|其中|同时|实现|并|且|即|而|相等于|"
    r"今年|去年|明年|"
    rf"{'|'.join(WHOLE_REGION_WORDS)}|每年|年内|到年底|年底前|(?:十[一二三四五六]五)[”\"]?(?:期间|时期|末)?|{YEAR}\s*年(?:底|末)?(?:前)?)+"
)

_LEAD_JOIN_RE = re.compile(r"^[和及与、]+")

# A share said alone (占比) after a figure: the share of what that figure counts.
_SHARE_WORDS = tuple(w for w in KIND_WORDS if w.startswith(("比", "占")))
_KIND_TAIL_RE = re.compile(f"(?:{longest_first(KIND_WORDS)})$")

_DANGLING_RE = re.compile(r"(?:[对和及与的在把将从由]|开展|推进|实施)$")


# A space between two characters of a name (省控断面达标 率): a line break a PDF's text kept, never Chinese spacing.
_SPACED_RE = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
_ROW_RE = re.compile(r"\s*——")  # an indicator line, as a table row is read
_QUOTES_SPACES_RE = re.compile(r"[“”\"\s]")  # dropped from a name, as _clean_name drops them

_PAREN_RE = re.compile(r"[(（][^()（）]{6,}[)）]")  # long parentheticals (不含应急生态补水) are not part of a name

MAX_NAME_CHARS = 40

_CONDITION_LEAD_RE = re.compile(rf"^.*{CONDITION}")  # who is meant, before the name: not what is measured

_BRACKETED_UNIT_RE = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")

# 森林覆盖率由(2021年的)18.3%提高到19.3%: the value it starts from is no word of the name (its year is the base).
_FROM_VALUE_RE = re.compile(
    rf"(?:的|由|从)\s*\d+(?:\.\d+)?\s*[万亿千百]*(?:{UNIT_PATTERN})?(?=\s*(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|缩小)?(?:到|至))"
)

_TARGET_VALUE_RE = re.compile(r"(?:的)?目标值$")  # 下降至目标值70: the comparator, then the figure

_DISPOSAL_RE = re.compile(r".*把(?![关手握])")  # the 把 construction, not 把关 (checks), 一把手, 把握

_COMPARED_RE = re.compile(
    r"^\s*(?:相比|相较|比较|的水平)"
)  # 与2015年相比, 由2005年的水平: the comparison's closing words

_BRACKET_OPENING_RE = re.compile(r"^\s*[(（][^()（）]*[)）]")  # the bracketed base value after its year


def _clean_name(raw: str) -> tuple[str, str, str]:
    """(name, comparator, baseline) from the phrase before a figure."""
    baseline = ""
    b = BASELINE_YEAR_RE.search(raw) or ON_BASIS_RE.search(raw)
    if b:
        baseline = f"{b.group(1)}年"
        raw = raw[: b.start()] + _COMPARED_RE.sub("", _BRACKET_OPENING_RE.sub("", raw[b.end() :]))
    raw = _FROM_VALUE_RE.sub("", _PAREN_RE.sub("", raw))
    for start, end, _ in reversed(time_phrases(raw)):  # a year inside the phrase (占比2023年达到) is its time
        raw = raw[:start] + raw[end:]
    raw = _TARGET_VALUE_RE.sub("", _CONDITION_LEAD_RE.sub("", raw.strip()))
    tail = COMPARATOR_TAIL_RE.search(raw)
    comparator = tail.group(0) if tail else ""
    name = raw[: len(raw) - len(comparator)] if comparator else raw
    name = _LEAD_RE.sub("", name).strip(' “”"、，,的')
    name = name.replace("“", "").replace("”", "").replace('"', "")
    if "实现" in name and len(HAN_RE.findall(name.rsplit("实现", 1)[1])) >= 2:
        name = name.rsplit("实现", 1)[1]  # 率先在全区实现新建项目绿色建筑占比 -> what is achieved
    if (held := _DISPOSAL_RE.search(name)) is not None and len(HAN_RE.findall(name[held.end() :])) >= 2:
        name = name[held.end() :]  # 目标是把本港的碳强度 (降低65%): what 把 takes is what changes
    name = _LEAD_JOIN_RE.sub("", name)
    if _DANGLING_RE.search(name):
        name = ""  # 开展对35蒸吨/小时…: the phrase before the number is not a name
    for adverb in ("分别", "均"):
        comparator = comparator.replace(adverb, "")
    return name.lstrip("、，, "), comparator, baseline


# What a measure's name ends in (…达标率, …比例, …浓度, …产生强度, …消费总量), said apart from its figure.
_MEASURE_END_RE = re.compile(f"(?:率|强度|总量|指数|{longest_first(KIND_WORDS)})$")
MIN_APART_NAME_CHARS = 4  # a shorter phrase (提升率) names no measure of its own


def _named_apart(before: str) -> str:
    """The name of a measure said in the phrase right before a figure's own (乙率大幅提升,达到97%: 乙率), if the last
    phrase of `before` (from the previous figure or the sentence start) is one; else ""."""
    pieces = [p for p in re.split(r"[,，]", before) if p.strip()]
    if not pieces:
        return ""
    name = _clean_name(pieces[-1])[0]
    return name if len(HAN_RE.findall(name)) >= MIN_APART_NAME_CHARS and _MEASURE_END_RE.search(name) else ""


def extract_indicators(
    chunk: Chunk,
    plan: Period | None,
    plan_year: int | None,
    lead: Period | None = None,
    said_before: Period | None = None,
) -> list[Indicator]:
    """The figures a clause states, each with its indicator name, comparator and period (`lead`: the time
    of a list's lead-in the clause is an item of; `said_before`: the time its paragraph stated before it, for
    an 一是… item cut from a paragraph)."""
    if chunk.path and chunk.path[0] == DOCUMENT_INFO:
        return []
    form = _DOT_END_RE.sub("。", aligned_form(chunk.text))
    if DESCRIPTION_HEADING_RE.search(_headings_above(chunk)):
        plan = None  # 1.1 自然环境: how the place is, not what the plan sets for its period
    heading_periods = time_phrases(search_form(_headings_above(chunk)), plan_year)
    heading = heading_periods[-1][2] if heading_periods else None
    if heading is not None:
        heading = Period(heading.start, heading.end, heading.label, "heading")
    elif REVIEW_HEADING_RE.search(_headings_above(chunk)):
        heading = reviewed_period(plan)  # （一）实施成效 of a “十四五” plan: what the last five years achieved
    out: list[Indicator] = []
    # The last time an earlier sentence of the clause stated, or its paragraph's (the clause does not write it).
    earlier = Period(said_before.start, said_before.end, said_before.label, "paragraph") if said_before else None
    for sentence in _SENTENCE_RE.finditer(form):
        phrases = time_phrases(form[sentence.start() : sentence.end()], plan_year)
        # A time in brackets (…下降20%以上(2017年达到77微克/立方米)) is an aside: the next sentence goes on
        # with the sentence's own time.
        asides = [m.span() for m in BRACKETED_RE.finditer(form, sentence.start(), sentence.end())]
        carried = [p for a, _, p in phrases if not any(s <= sentence.start() + a < e for s, e in asides)]
        stated_before, earlier = earlier, carried[-1] if carried else earlier
        rows = row_figures(form[sentence.start() : sentence.end()])
        if rows is not None:
            for row in rows:
                period = (heading or lead or plan) if row.target else None  # a row above says no time of it
                out.append(_row_indicator(chunk, len(out), row, sentence.start(), period))
            continue
        figures = find_figures(form, sentence.start(), sentence.end())
        named: list[tuple[Figure, str, str, str]] = []
        joined = ""  # the last 分别 list's names (建成区清洁供暖率、农区清洁供暖率), for a later 分别达到98%、60%
        for fig in figures:
            name, comparator, baseline = _clean_name(fig.raw_name)
            between = form[named[-1][0].end : fig.piece_start].strip() if named else None
            same_head = [n for _, n, _, _ in named if name and len(n) > len(name) and n.endswith(name)]
            if len(HAN_RE.findall(name)) < 2 and between in ("、", ""):
                # 分别达到95%、85%: the list shares the name; a change after a bracketed base value (较2015年(33…)
                # 下降26.7%) keeps its own comparator and base.
                _, name, shared_comparator, shared_baseline = named[-1]
                comparator, baseline = comparator or shared_comparator, baseline or shared_baseline
            elif named and PLACES_ONLY_RE.fullmatch(name) and (rest := after_places(named)):
                name += rest  # 甲县、乙县丁项指数下降22%,丙县下降20%: the same indicator, other places
            elif not name and "分别" in fig.raw_name and joined:
                name = joined
            elif not name and (
                said := _named_apart(form[named[-1][0].end if named else sentence.start() : fig.piece_start])
            ):
                name = said  # 甲率大幅提升,达到97%: the measure changing, said in the phrase before the figure's
            elif not name and named:
                name = named[-1][1]  # 原煤本地入洗率达到90%以上,2035年达到100%: a later target of the same
            elif name and len(name) <= 3 and same_head:
                name = same_head[-1]  # 城区生活污水收集率…2030年,力争收集率达到90%
            elif name in _SHARE_WORDS and named and between in (",", "，"):
                name = named[-1][1] + name  # 非化石能源发电装机4260万千瓦,占比达到50.9%: the share of that
            elif name in KIND_WORDS and named and between in (",", "，"):
                name = _KIND_TAIL_RE.sub("", named[-1][1]) + name  # 禁养区数量22个,面积76.172平方千米: theirs
            elif (
                name
                and len(name) <= 3
                and not PLACES_ONLY_RE.fullmatch(name)
                and (between in (",", "，") or between == "、" and _compact_list(comparator, named[-1][2]))
                and len(named[-1][1]) > len(name)
                and named[-1][1][-1] == name[-1]
            ):
                # 收集率达到82%,处理率达到98% or 甲乙知晓率≥90%、丙率≥80%: the same object
                name = named[-1][1][: -len(name)] + name
            elif (
                name
                and named
                and between in (",", "，")
                and _QUOTES_SPACES_RE.sub("", fig.raw_name).lstrip(",，、").startswith(name)  # not 乙县实现…
                and "分别" not in named[-1][0].raw_name + fig.raw_name  # a list's names: each its own
                and (subject := subject_carried(named[-1][1], name))
            ):
                name = subject + name  # 甲地区丙丁戊率达到95%,丙丁己率达到65%: 甲地区's too
            elif name and named and between in ("、", ",", "，") and (level := LEVEL_RE.fullmatch(name)):
                # 国家级绿化模范县4个、省级8个: a level alone shares the name, with its own level
                name = LEVEL_RE.sub(level.group(0), named[-1][1], count=1) if LEVEL_RE.search(named[-1][1]) else name
            if chunk.region and name.startswith(chunk.region):  # 银川市建设高标准农田… -> 建设高标准农田…
                name = re.sub(r"^(?:市|州|区|县|盟|自治区|省)", "", name[len(chunk.region) :])
            if "分别" in fig.raw_name and (back := named_back(name, form[sentence.start() : fig.piece_start])):
                name = back  # 甲、乙、丙三项指标…,三项指标分别超标X、Y和Z: one figure each
            if len(HAN_RE.findall(name)) < 2:
                continue
            # A later 分别 of the sentence with no name of its own (…,比2005年分别下降了…) lists these names.
            if "分别" in fig.raw_name and "、" in as_list(name, fig.raw_name):
                joined = name
            named.append((fig, name, comparator, baseline))
        respectively(named)
        named = each_of_all(named)
        for k, (fig, name, comparator, baseline) in enumerate(named):
            offset = fig.value_start - sentence.start()
            before = [p for s, e, p in phrases if e <= offset]
            # A table row (——森林覆盖率 68% 2025年) names its year after the figure.
            after = [
                p
                for s, e, p in phrases
                if s >= fig.end - sentence.start()
                and not any(fig.end <= f.value_start < sentence.start() + s for f, *_ in named)
            ]
            # No time in its own sentence: the time the clause stated last (到2025年,全省…下降12%。其中,
            # 甲市…下降15%), then its heading's, then its list lead-in's, then the plan's.
            period = (
                Period(fig.base_year, fig.base_year, f"{fig.base_year}年", "sentence")
                if fig.base_year
                else before[-1]
                if before
                else after[0]
                if after and _ROW_RE.match(form, sentence.start())
                else stated_before or heading or lead or plan
            )
            period = year_in_turn(period, named, k)
            name, unit = _unit_in_name(_SPACED_RE.sub("", name), fig.unit)
            out.append(
                Indicator.in_chunk(
                    chunk,
                    len(out),
                    # The full search form of the name (aligned_form kept offsets: III类 stays; questions say 三类),
                    # shortened only once a list's names are split apart (each keeps its own words).
                    name=search_form(name)[-(MAX_NAME_CHARS + places_opening(name)) :].lstrip("、，, "),
                    value=fig.value,
                    unit=unit,
                    qualifier=fig.qualifier,
                    comparator=comparator,
                    baseline=baseline,
                    period=period,
                    **fig.placed(chunk.start),
                )
            )
    return out


def _compact_list(*comparators: str) -> bool:
    """Whether figures joined by 、 are stated with signs alone (甲乙知晓率≥90%、丙率≥80%), a list sharing its
    head; with verbs (甲乙覆盖率达到42%、绿地率达到38%) each names a figure of its own."""
    return not any(HAN_RE.search(c) for c in comparators)


def _unit_in_name(name: str, unit: str) -> tuple[str, str]:
    """A table row's unit written in brackets after its name (城市大气环境功能区达标率(%) ≥98): the figure's unit,
    when the figure has none."""
    bracketed = _BRACKETED_UNIT_RE.search(name)
    if unit or bracketed is None or bracketed.group(1) not in UNITS:
        return name, unit
    return name[: bracketed.start()], bracketed.group(1)


def _row_indicator(chunk: Chunk, k: int, row: RowFigure, offset: int, period: Period | None) -> Indicator:
    """A value of an indicator-table row (`offset`: where its sentence starts in the clause)."""
    start = chunk.start + offset
    return Indicator.in_chunk(
        chunk,
        k,
        name=search_form(row.name),
        value=row.value,
        unit=row.unit,
        qualifier=row.qualifier,
        comparator="",
        baseline="",
        period=period,
        start=start + row.name_start,
        end=start + row.end,
        figure_start=start + row.start,
        figure_end=start + row.end,
    )


def _headings_above(chunk: Chunk) -> str:
    """The heading path, without its last item when that is the clause's own opening line (cut short in the
    path, it would lose what its sentence says of its year)."""
    path = chunk.path
    own = bool(path) and chunk.text.lstrip().startswith(path[-1].removesuffix("…"))
    return PATH_SEPARATOR.join(path[:-1] if own else path)


_LEAD_END_RE = re.compile(r"[:：]\s*$")


def _lead_time(chunk: Chunk, plan_year: int | None) -> Period | None:
    """The time a list's lead-in states (到2025年,主要目标如下:), when the clause is one."""
    if not _LEAD_END_RE.search(chunk.text):
        return None
    phrases = time_phrases(search_form(chunk.text), plan_year)
    return phrases[-1][2] if phrases else None


# A stage of the plan named on a line of its own with its years (第一阶段(2024—2027年)。): the clauses after it under
# the same heading state that stage's targets.
_STAGE_RE = re.compile(r"第[一二三四五六]阶段(?:目标)?")
_STAGE_REST_RE = re.compile(r"[\s(（)）:：。，,到]*")


def _stage_time(chunk: Chunk, plan_year: int | None) -> Period | None:
    """The years a stage line states (see _STAGE_RE), when the clause is only that line."""
    form = search_form(chunk.text).strip()
    stage = _STAGE_RE.match(form)
    if stage is None:
        return None
    phrases = time_phrases(form, plan_year)
    if len(phrases) != 1:
        return None
    start, end, period = phrases[0]
    rest = form[stage.end() : start] + form[end:]
    return period if _STAGE_REST_RE.fullmatch(rest) else None


def _under(chunk: Chunk, lead: Chunk) -> bool:
    """An item of `lead`'s list: a clause of the same document beside it or below its heading."""
    return chunk.doc_id == lead.doc_id and tuple(chunk.path[: len(lead.path)]) == tuple(lead.path)


def corpus_indicators(documents: list[DocumentMeta], chunks: list[Chunk]) -> list[Indicator]:
    """Every indicator of the chunks, in chunk order (each document's own period fills in missing times,
    a list lead-in's time those of its items)."""
    context = {d.doc_id: (plan_period(d, search_form(d.title)), document_year(d)) for d in documents}
    out: list[Indicator] = []
    lead: tuple[Chunk, Period] | None = None
    paragraph: Chunk | None = None  # the last clause that is no 一是… item
    said: Period | None = None  # the last time it and its items so far stated (read only once an item follows)
    items = 0
    for chunk in chunks:
        plan, plan_year = context.get(chunk.doc_id, (None, None))
        if lead is not None and not _under(chunk, lead[0]):
            lead = None
        item = paragraph is not None and _item_of(chunk, paragraph)
        if item and paragraph is not None and not items:
            said = _last_time(paragraph, plan_year)
        out += extract_indicators(chunk, plan, plan_year, lead[1] if lead else None, said if item else None)
        time = _lead_time(chunk, plan_year) or _stage_time(chunk, plan_year)
        if time is not None:
            lead = (chunk, time)
        if item:
            items += 1
            said = _last_time(chunk, plan_year) or said
        else:
            paragraph, said, items = chunk, None, 0
    return out


def _last_time(chunk: Chunk, plan_year: int | None) -> Period | None:
    """The last time a clause states."""
    stated = time_phrases(search_form(chunk.text), plan_year)
    return stated[-1][2] if stated else None


def _item_of(chunk: Chunk, paragraph: Chunk) -> bool:
    """An 一是… item the chunker cut from `paragraph` (numbered after it: 一.(二) -> 一.(二).二是)."""
    return (
        chunk.doc_id == paragraph.doc_id
        and chunk.number.startswith(f"{paragraph.number}.")
        and chunk.number.endswith("是")
    )

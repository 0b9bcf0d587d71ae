"""Indicator extraction: every stated target or figure of a clause as a record (what, how much, when).

Rules, not a model: a figure is a number with its unit (or a bare number after a comparator
such as 达到) that ends a phrase; the indicator's name is the phrase before it, back to the
previous boundary, with time phrases, region words and the comparator taken off. Precision
matters more than recall: a number followed by more words (500米服务半径…, 3个国家…) is a
modifier, not a figure, and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import PATH_SEPARATOR, Chunk, DocumentMeta, Indicator, Period
from assistant.indicators.attribute_rows import RowFigure, row_figures
from assistant.indicators.periods import document_year, plan_period, time_phrases
from assistant.ingest.chunking import DOCUMENT_INFO
from assistant.text.lexicon import (
    COUNT_JOINS,
    COUNT_VERBS,
    COUNTED_OBJECT_MEASURES,
    FIGURE_QUALIFIERS,
    FIGURE_UNITS,
    KIND_WORDS,
    POLLUTANT_WORDS,
    STATEMENT_ADVERBS,
    STATEMENT_COMPARATORS,
    WHOLE_REGION_WORDS,
)
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import (
    BASE_YEAR,
    BASELINE_YEAR_RE,
    BOOK_TITLE_RE,
    BRACKETED_RE,
    CONDITION,
    ON_BASIS_RE,
    YEAR,
)

EXTRACTOR_VERSION = 63  # bump when the rules below change what is extracted (the index is then rebuilt)
UNITS = FIGURE_UNITS  # the units read after a number (text/lexicon.py)
_UNIT = "|".join(re.escape(u) for u in UNITS)
# A number (多, 余: about so many, 7346多万吨), its multiplier (千 opening a unit is the unit's: 140万千瓦), its
# unit and its qualifier.
_FIGURE_RE = re.compile(
    rf"(?<![\d.A-Za-z])(\d+(?:\.\d+)?(?:多|余)?)\s*((?:[万亿百]|千(?![瓦克米]))*)\s*({_UNIT})?\s*({'|'.join(FIGURE_QUALIFIERS)})?"
)
# What may follow a figure: the end of its phrase (or, in damaged text, another number).
_FOLLOW_RE = re.compile(r"$|[,，。；;、)）(（\n:：”\"\s\d]|[和及并且与]|(?:并|且|的目标)|占(?=[^，,。；;]{0,12}\d)")
_NOTED_MODIFIER_RE = re.compile(r"\s*[(（][^()（）]{1,6}[)）]\s*的")
# 完成5万亩的造林任务: the amount of a task, named after the figure (the task is part of the name).
_TASK_AFTER_RE = re.compile(r"的([\u4e00-\u9fff]{1,8}任务)(?=$|[,，。；;、)）\s])")
_RANGE_END_RE = re.compile(r"\s*(?:至|到|-|—|~)?\s*\d+(?:\.\d+)?\s*[万亿千百]*[^\d,，。；;]{0,6}?以下")
_BOUNDARY = ",，。；;：:\n"
_SENTENCE_RE = re.compile(r"[^。；;\n!！?？]+")
# A full stop a PDF copy wrote as "." (…劣Ⅴ类. 70个…, …达到78%.各县…): after a word or a figure's unit, or
# after a figure of two digits or more before a word where a capture lost its % (…达到80.二、主要任务); never
# between digits (65.7%) or after an item's number (1.地表水).
_DOT_END_RE = re.compile(r"(?<=[\u4e00-\u9fff%）)])\.|(?<=\d\d)\.(?=[\u4e00-\u9fff])")
_COMPARATOR_TAIL_RE = re.compile(rf"(?:(?:{'|'.join(STATEMENT_ADVERBS + STATEMENT_COMPARATORS)})了?)+$")  # 下降了
_LEAD_RE = re.compile(
    r"^(?:——|—|-|[、，,\s“”\"]|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}是(?=[\u4e00-\u9fff])|\d{1,2}\s+(?=[\u4e00-\u9fff])|至少|到|至|截至|力争|确保|争取|预期|其中|同时|实现|并|且|即|而|相等于|"
    r"今年|去年|明年|"
    rf"{'|'.join(WHOLE_REGION_WORDS)}|每年|年内|到年底|年底前|(?:十[一二三四五六]五)[”\"]?(?:期间|时期|末)?|{YEAR}\s*年(?:底|末)?(?:前)?)+"
)
_LEAD_JOIN_RE = re.compile(r"^[和及与、]+")
# Levels of government counted out before a name (市县两级污水处理率分别达到100%、85%): one figure per level.
_LEVELS_RE = re.compile(r"^(?P<levels>[省市县区乡镇村]{2,3})(?P<count>两|三)级(?P<rest>[\u4e00-\u9fff].+)$")
_LEVEL_COUNTS = {"两": 2, "三": 3}
# A share said alone (占比) after a figure: the share of what that figure counts.
_SHARE_WORDS = tuple(w for w in KIND_WORDS if w.startswith(("比", "占")))
_DANGLING_RE = re.compile(r"(?:[对和及与的在把将从由]|开展|推进|实施)$")
# A shared head of a 分别 list (二氧化硫、氮氧化物排放量 -> 二氧化硫排放量).
_SHARED_HEAD_RE = re.compile(
    r"(?:排放量|施用量|消费量|排放总量|总量|比例|比重|[\u4e00-\u9fff]{2}率|[\u4e00-\u9fff]{0,2}浓度)$"
)
# Two names joined by one conjunction (A和B…分别…): listed as A、B are.
_PAIR_JOIN_RE = re.compile("[和及与]")
# A level of government or recognition (国家级, 省级, 市级 …), which a list may state alone for a second figure.
_LEVEL_RE = re.compile(r"(?:国家|省|自治区|市|州|县|区|乡|镇|村)级")
_ROW_RE = re.compile(r"\s*——")  # an indicator line, as a table row is read
_PLACE_END_RE = re.compile(r"..[省市州盟县旗区镇乡村]$")  # a place (甲山镇), not an indicator (城市 is a scope)
# A list of places (甲县、乙区): 2 to 6 characters each, ending in a level of government.
_PLACE_ITEM = r"[\u4e00-\u9fff]{1,5}?(?:[省市州盟县旗区]|新城)"
_PLACES_ONLY_RE = re.compile(rf"{_PLACE_ITEM}(?:[、和及]{_PLACE_ITEM})*")
_PLACE_HEAD_RE = re.compile(rf"^{_PLACE_ITEM}(?=[\u4e00-\u9fff])")  # the shortest place opening a name
_PAREN_RE = re.compile(r"[(（][^()（）]{6,}[)）]")  # long parentheticals (不含应急生态补水) are not part of a name
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
MAX_NAME_CHARS = 40
_CONDITION_LEAD_RE = re.compile(rf"^.*{CONDITION}")  # who is meant, before the name: not what is measured
_BRACKETED_UNIT_RE = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
_DAYS_NAMED_RE = re.compile(r"天数(?!比)")  # a number of days named (优良天数), not a ratio of days (天数比率)
# The lower end of a range (65%至, 介乎3.3至) right before its upper end's figure.
_RANGE_START_RE = re.compile(r"(?:介乎|介于)?\d+(?:\.\d+)?\s*%?\s*(?:至|到|-|—|~|～)\s*$")
# 森林覆盖率由(2021年的)18.3%提高到19.3%: the value it starts from is no word of the name (its year is the base).
_FROM_VALUE_RE = re.compile(
    rf"(?:的|由|从)\s*\d+(?:\.\d+)?\s*[万亿千百]*(?:{_UNIT})?(?=\s*(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|缩小)?(?:到|至))"
)
_TARGET_VALUE_RE = re.compile(r"(?:的)?目标值$")  # 下降至目标值70: the comparator, then the figure
_DISPOSAL_RE = re.compile(r".*把(?![关手握])")  # the 把 construction, not 把关 (checks), 一把手, 把握
_COMPARED_RE = re.compile(
    r"^\s*(?:相比|相较|比较|的水平)"
)  # 与2015年相比, 由2005年的水平: the comparison's closing words
# The value a change starts from (在2015年|70微克/立方米|的基础上): the figure of that year; the change stated
# next is of the same thing, compared with that year (`ON_BASIS_RE`).
# The value a change starts from: 在2015年70微克/立方米的基础上…, or in brackets after the year it is
# compared with (较2015年(33微克/立方米)下降26.7%).
_BASE_VALUE_BEFORE_RE = re.compile(rf"(?:{BASE_YEAR}|(?:较|比|与)\s*({YEAR})\s*年(?:末|底)?\s*[(（])\s*$")
_BASE_VALUE_AFTER_RE = re.compile(r"^(?:的?基础上|\s*[)）])")
_BRACKET_OPENING_RE = re.compile(r"^\s*[(（][^()（）]*[)）]")  # the bracketed base value after its year


@dataclass
class _Figure:
    value_start: int
    end: int  # end of the figure
    value: str
    unit: str
    qualifier: str
    piece_start: int
    raw_name: str
    statement_end: int = -1  # end of the statement when the counted object follows the figure
    base_year: int | None = None  # the year of a value a change starts from (在2015年70微克/立方米的基础上)

    def placed(self, offset: int) -> dict[str, int]:
        """Where the statement (its name's first character to its end) and the figure stand, `offset` being
        where the clause starts in the document."""
        return {
            "start": offset + self.piece_start + (len(self.raw_name) - len(self.raw_name.lstrip(" ,，、"))),
            "end": offset + max(self.end, self.statement_end),
            "figure_start": offset + self.value_start,
            "figure_end": offset + self.end,
        }


_COUNT_VERB_RE = re.compile(rf"(?:{'|'.join(COUNT_VERBS)})$")
_COUNTED_OBJECT_RE = re.compile(r"[\u4e00-\u9fff“”\"A-Za-z]{2,20}?(?=$|[,，。；;、)）(（]|和|及|以及|等)")
_COUNT_UNITS = tuple(COUNTED_OBJECT_MEASURES)
# 30%以上的建成区面积达到30年一遇内涝防治标准: a share first, then what must reach a standard — the share of it
# that does is the figure, and that statement its name.
_SHARE_STATEMENT_RE = re.compile(
    r"的?([\u4e00-\u9fff]{2,12}?(?:达到|实现|满足)[^,，。；;、\n]{2,30}?)(?=$|[,，。；;\n])"
)


def _piece_start(form: str, at: int, sentence_start: int, figure_ends: set[int]) -> int:
    """Where the phrase ending at `at` begins: the previous boundary, an unclosed "(", or a "、"
    that closes another figure (a "、" inside a name, A、B污水处理率, is not a boundary)."""
    depth = 0
    for i in range(at - 1, sentence_start - 1, -1):
        c = form[i]
        if i + 1 in figure_ends:
            return i + 1  # right after another figure (97%45%以上 in damaged text)
        if c in ")）":
            depth += 1
        elif c in "(（":
            if depth == 0:
                return i + 1
            depth -= 1
        elif c in _BOUNDARY and depth == 0:
            return i + 1
        elif c == "、" and depth == 0 and i in figure_ends:
            return i + 1
    return sentence_start


def _figures(form: str, start: int, end: int) -> list[_Figure]:
    out: list[_Figure] = []
    titles = [m.span() for m in BOOK_TITLE_RE.finditer(form, start, end)]
    ends: set[int] = set()
    counted_to, count_verb = -1, ""  # where the last counted statement ends, and its verb
    for m in _FIGURE_RE.finditer(form, start, end):
        value, mult, unit, qual = m.group(1), m.group(2), m.group(3) or "", m.group(4) or ""
        after = form[m.end() : end]
        if any(a <= m.start() < b for a, b in titles) or form[max(start, m.start() - 1) : m.start()] in ("第", "."):
            continue
        if re.fullmatch(YEAR, value) and (after.startswith(("年", "—", "-", "至")) or not unit):
            continue  # a year, not a figure
        if qual == "以上" and _RANGE_END_RE.match(after):
            continue  # 5000吨以上10000吨以下重点企业: a range that says which enterprises, not a target
        if _NOTED_MODIFIER_RE.match(after):
            continue  # 大于3万吨(含)的焚烧设施: a bracketed note, then 的 — it says which facilities, no target
        base = (
            _BASE_VALUE_BEFORE_RE.search(form, start, m.start()) if unit and _BASE_VALUE_AFTER_RE.match(after) else None
        )
        statement_end, joined = -1, False
        share = _SHARE_STATEMENT_RE.match(after) if unit == "%" else None
        task = _TASK_AFTER_RE.match(after) if unit else None
        if share is not None:
            statement_end = m.end() + share.end()
        elif task is not None:
            statement_end = m.end() + task.end()
        elif not _FOLLOW_RE.match(after) and base is None:
            obj = _COUNTED_OBJECT_RE.match(after)
            verb = _COUNT_VERB_RE.search(form[max(start, m.start() - 4) : m.start()])
            # 打通12个城市监测站点和3个大气超级监测站点: the second count shares the first one's verb.
            joined = counted_to >= 0 and form[counted_to : m.start()] in COUNT_JOINS
            if not (obj and mult + unit in _COUNT_UNITS and not qual and (verb or joined)):
                continue  # followed by more words: a modifier (500米服务半径覆盖率), not a figure
            statement_end = m.end() + obj.end()
            count_verb = verb.group(0) if verb else count_verb
            counted_to = statement_end
        if (
            unit in ("天", "小时")
            and not qual
            and not _DAYS_NAMED_RE.search(form, max(start, m.start() - 12), m.start())
        ):
            continue  # durations (每年…30天) are rarely targets; a number of days (优良天数不低于190天) is
        piece = m.start() if joined else _piece_start(form, m.start(), start, ends)
        # A value in brackets after the year it is of (较2015年(33微克/立方米)下降…) is named before its 较.
        named_until = base.start() if base is not None and base.group(2) else m.start()
        if named_until < m.start():
            piece = _piece_start(form, named_until, start, ends)
        if out and out[-1].base_year and piece == out[-1].end:
            piece = out[-1].piece_start  # the change from a base value is stated of what that value is of
        raw = count_verb if joined else form[piece:named_until]
        if (lower := _RANGE_START_RE.search(raw)) is not None:
            raw = raw[: lower.start()]  # 降低65%至70%, 介乎3.3至3.8公吨: the range's lower end is no word of the name
        if not unit and not _COMPARATOR_TAIL_RE.search(raw) and not _listed_after_bare(out, form, m.start()):
            continue  # a bare number is a figure only after 达到 / 为 …, or listed after such a one
        if share is not None:
            raw += share.group(1)  # what reaches the standard is the name (the share's own 的 left out)
        elif task is not None:
            raw += task.group(1)
        elif statement_end >= 0:
            raw += form[m.end() : statement_end]  # the counted object is part of the name
        base_year = int(base.group(1) or base.group(2)) if base else None
        out.append(_Figure(m.start(), m.end(), value, mult + unit, qual, piece, raw, statement_end, base_year))
        ends.add(m.end())
    return out


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
    tail = _COMPARATOR_TAIL_RE.search(raw)
    comparator = tail.group(0) if tail else ""
    name = raw[: len(raw) - len(comparator)] if comparator else raw
    name = _LEAD_RE.sub("", name).strip(' “”"、，,的')
    name = name.replace("“", "").replace("”", "").replace('"', "")
    if "实现" in name and len(_HAN_RE.findall(name.rsplit("实现", 1)[1])) >= 2:
        name = name.rsplit("实现", 1)[1]  # 率先在全区实现新建项目绿色建筑占比 -> what is achieved
    if (held := _DISPOSAL_RE.search(name)) is not None and len(_HAN_RE.findall(name[held.end() :])) >= 2:
        name = name[held.end() :]  # 目标是把本港的碳强度 (降低65%): what 把 takes is what changes
    name = _LEAD_JOIN_RE.sub("", name)
    if _DANGLING_RE.search(name):
        name = ""  # 开展对35蒸吨/小时…: the phrase before the number is not a name
    for adverb in ("分别", "均"):
        comparator = comparator.replace(adverb, "")
    return name.lstrip("、，, "), comparator, baseline


def _place_list(name: str) -> tuple[int, str] | None:
    """A name opening with a list of two places or more (甲县、乙县丁项指数): how many characters the places
    take, and the words after them; None for any other name."""
    *places, last = name.split("、")
    head = _PLACE_HEAD_RE.match(last)
    if not places or head is None or not all(_PLACES_ONLY_RE.fullmatch(p) for p in places):
        return None
    return sum(len(p) + 1 for p in places) + head.end(), last[head.end() :]


def _places_opening(name: str) -> int:
    """How many characters of a name a list of places opens (甲县、乙县、丙县丁项指数 -> 8): a name is cut
    short only past them, since they say whose figure it is."""
    found = _place_list(name)
    return found[0] if found else 0


def _after_places(named: list[tuple[_Figure, str, str, str]]) -> str:
    """What the sentence's last name opening with a list of places states after them (甲县、乙县丁项指数 ->
    丁项指数); empty when no name does."""
    for _, name, _, _ in reversed(named):
        found = _place_list(name)
        rest = found[1].lstrip("省市州盟县旗区") if found else ""  # 乙州|市: the level ends the place
        if len(_HAN_RE.findall(rest)) >= 2:
            return rest
    return ""


def _split_respectively(name: str, count: int) -> list[str] | None:
    """A、B污水处理率分别达到95%、85% -> two records, one per listed name."""
    parts = [p for p in name.split("、") if p]
    if len(parts) != count or count < 2:
        return None
    last = parts[-1]
    head = _SHARED_HEAD_RE.search(last)
    out = []
    for part in parts[:-1]:
        if len(part) < 4 and len(last) > len(part):
            out.append(part + last[len(part) :])  # 城市 + (城镇)污水处理率
        elif head and not _SHARED_HEAD_RE.search(part) and (part in POLLUTANT_WORDS or not part.endswith(("量", "率"))):
            # 二氧化硫 + (氮氧化物)排放量; a pollutant named like a measure (化学需氧量) takes the head too
            out.append(part + head.group(0))
        else:
            out.append(part)
    return out + [last]


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
    heading_periods = time_phrases(search_form(_headings_above(chunk)), plan_year)
    heading = heading_periods[-1][2] if heading_periods else None
    if heading is not None:
        heading = Period(heading.start, heading.end, heading.label, "heading")
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
        figures = _figures(form, sentence.start(), sentence.end())
        named: list[tuple[_Figure, str, str, str]] = []
        joined = ""  # the last 分别 list's names (建成区清洁供暖率、农区清洁供暖率), for a later 分别达到98%、60%
        for fig in figures:
            name, comparator, baseline = _clean_name(fig.raw_name)
            between = form[named[-1][0].end : fig.piece_start].strip() if named else None
            same_head = [n for _, n, _, _ in named if name and len(n) > len(name) and n.endswith(name)]
            if len(_HAN_RE.findall(name)) < 2 and between in ("、", ""):
                # 分别达到95%、85%: the list shares the name; a change after a bracketed base value (较2015年(33…)
                # 下降26.7%) keeps its own comparator and base.
                _, name, shared_comparator, shared_baseline = named[-1]
                comparator, baseline = comparator or shared_comparator, baseline or shared_baseline
            elif named and _PLACES_ONLY_RE.fullmatch(name) and (rest := _after_places(named)):
                name += rest  # 甲县、乙县丁项指数下降22%,丙县下降20%: the same indicator, other places
            elif not name and "分别" in fig.raw_name and joined:
                name = joined
            elif not name and named:
                name = named[-1][1]  # 原煤本地入洗率达到90%以上,2035年达到100%: a later target of the same
            elif name and len(name) <= 3 and same_head:
                name = same_head[-1]  # 城区生活污水收集率…2030年,力争收集率达到90%
            elif name in _SHARE_WORDS and named and between in (",", "，"):
                name = named[-1][1] + name  # 非化石能源发电装机4260万千瓦,占比达到50.9%: the share of that
            elif (
                name
                and len(name) <= 3
                and not _PLACES_ONLY_RE.fullmatch(name)
                and between in (",", "，")
                and len(named[-1][1]) > len(name)
                and named[-1][1][-1] == name[-1]
            ):
                name = named[-1][1][: -len(name)] + name  # 收集率达到82%,处理率达到98%: the same object
            elif name and named and between in ("、", ",", "，") and (level := _LEVEL_RE.fullmatch(name)):
                # 国家级绿化模范县4个、省级8个: a level alone shares the name, with its own level
                name = _LEVEL_RE.sub(level.group(0), named[-1][1], count=1) if _LEVEL_RE.search(named[-1][1]) else name
            if chunk.region and name.startswith(chunk.region):  # 银川市建设高标准农田… -> 建设高标准农田…
                name = re.sub(r"^(?:市|州|区|县|盟|自治区|省)", "", name[len(chunk.region) :])
            if len(_HAN_RE.findall(name)) < 2:
                continue
            # A later 分别 of the sentence with no name of its own (…,比2005年分别下降了…) lists these names.
            if "分别" in fig.raw_name and "、" in _as_list(name, fig.raw_name):
                joined = name
            named.append((fig, name, comparator, baseline))
        _respectively(named)
        named = _each_of_all(named)
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
            period = _year_in_turn(period, named, k)
            name, unit = _unit_in_name(name, fig.unit)
            out.append(
                Indicator.in_chunk(
                    chunk,
                    len(out),
                    # The full search form of the name (aligned_form kept offsets: III类 stays; questions say 三类),
                    # shortened only once a list's names are split apart (each keeps its own words).
                    name=search_form(name)[-(MAX_NAME_CHARS + _places_opening(name)) :].lstrip("、，, "),
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


def _listed_after_bare(out: list[_Figure], form: str, at: int) -> bool:
    """Whether the number at `at` is listed right after a bare figure (分别为56.1、58.7、61.1和62.4): one too."""
    return bool(out) and not out[-1].unit and form[out[-1].end : at] in COUNT_JOINS


def _year_in_turn(period: Period | None, named: list[tuple[_Figure, str, str, str]], k: int) -> Period | None:
    """The time of the k-th figure: a span of years stated with one figure per year, in turn (2015年度至2018年度
    …指数分别为56.1、58.7、61.1和62.4), gives each figure its own year; any other time stays as it is."""
    if period is None or period.start >= period.end:
        return period
    name = named[k][1]
    first, last = k, k
    while first > 0 and named[first - 1][1] == name:
        first -= 1
    while last + 1 < len(named) and named[last + 1][1] == name:
        last += 1
    if "分别" not in named[first][0].raw_name or last - first != period.end - period.start:
        return period
    year = period.start + k - first
    # The label keeps the span as written: the year itself may stand in no clause (2016 of 2015年度至2018年度).
    return Period(year, year, f"{period.label}逐年依次所列", period.source)


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


def _respectively(named: list[tuple[_Figure, str, str, str]]) -> None:
    """Give each figure of a 分别 list its own name, in place."""
    i = 0
    while i < len(named):
        j = i
        while j + 1 < len(named) and named[j + 1][1] == named[i][1]:
            j += 1
        names = _as_list(named[i][1], named[i][0].raw_name)
        listed = names.count("、") + 1
        # A list stated for several times in turn (2023年…分别达到97%、45%，2025年…分别达到98%、60%): the
        # names repeat once per time.
        count = listed if (j - i + 1) % listed == 0 and j > i else j - i + 1
        split = _split_respectively(names, count) if "、" in names else None
        if split:
            unit = named[j][0].unit  # 53和32微克/立方米: the unit written after the last figure
            for k in range(i, j + 1):
                fig, _, comparator, baseline = named[k]
                fig.unit = fig.unit or unit
                named[k] = (fig, split[(k - i) % len(split)], comparator, baseline)
        i = j + 1


def _as_list(name: str, raw_name: str) -> str:
    """A 分别 statement's name as a 、-list: names joined by one conjunction after the last 、 (A和B…分别达到X和Y,
    A、B和C…分别…) are listed as A、B are; levels counted out (市县两级污水处理率) are listed one by one."""
    levels = _LEVELS_RE.match(name)
    if "分别" in raw_name and levels and len(levels["levels"]) == _LEVEL_COUNTS[levels["count"]]:
        return "、".join(f"{level}级{levels['rest']}" for level in levels["levels"])
    joins = list(_PAIR_JOIN_RE.finditer(name))
    if "分别" not in raw_name or len(joins) != 1 or joins[0].start() < name.rfind("、"):
        return name
    return _PAIR_JOIN_RE.sub("、", name)


def _each_of_all(named: list[tuple[_Figure, str, str, str]]) -> list[tuple[_Figure, str, str, str]]:
    """A figure several listed indicators all reach (A率、B率均达到95%以上): one record per name. A list of
    places (甲镇、乙镇的…浓度均下降至) stays one name, which the places' questions find."""
    out = []
    for fig, name, comparator, baseline in named:
        tail = _COMPARATOR_TAIL_RE.search(fig.raw_name.strip())
        listed = [p for p in name.split("、") if p]
        split = None
        if tail and "均" in tail.group(0) and len(listed) > 1 and not any(_PLACE_END_RE.search(p) for p in listed):
            split = _split_respectively(name, len(listed))
        out += [(fig, part, comparator, baseline) for part in split] if split else [(fig, name, comparator, baseline)]
    return out


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
        time = _lead_time(chunk, plan_year)
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

"""What quantity a question asks for: its kind (a rate, an area, a count …), the measure word or noun it counts,
and whether it asks about a good or a bad state. The matcher checks these against a figure's unit and name."""

from __future__ import annotations

import re

from assistant.retrieval.evidence import PER_UNIT_MARKERS, words_of
from assistant.retrieval.word_kinds import ABSTRACT, ACTIONS, KIND_HEAD_RE, THINGS
from assistant.text.lexicon import (
    ALIKE_MEASURES,
    ASKED_COUNT_MEASURES,
    BAD_CHARS,
    FIGURE_UNITS,
    GOOD_CHARS,
    MEASURE_WORDS,
    SEVERE_WORDS,
    UNIT_KINDS,
    bare_unit,
)
from assistant.text.thesaurus import codes, kind_of

# What kind of quantity a question asks, from its words (the first that matches wins).
_ASKED_KINDS = (
    # How big the things meant are (多大 + 规模, 以上 or 以下 + 的 + a thing): a threshold saying which, never a target's rate.
    ("threshold", re.compile(r"多大(?:以上|以下|规模)的")),
    # …总量的多少: how much of a whole, a share of it (淘汰自有总量的多少).
    (
        "percent",
        re.compile(
            r"率(?!先)|比例|比率|占比|比重|百分|%|占.{0,12}(?:多少|几成)|(?:总量|总数)的(?:多少|几成)(?![倍万亿千百吨立])"
        ),
    ),
    ("concentration", re.compile(r"浓度")),
    ("coefficient", re.compile(r"系数|指数")),  # a pure number: no unit of any kind fits
    ("area", re.compile(r"面积|多少亩|几亩|万亩|公顷|平方公里|多大(?:一?[片块])?的?(?:地方|区域|地盘)")),
    ("length", re.compile(r"(?:多少|几)(?:公里|千米)|长度|多长")),
    ("mass", re.compile(r"多少吨|几吨|万吨")),
    # Weighed, measured by volume (用水总量 in 立方米) or counted in animals (养殖总量 in 猪当量).
    ("amount", re.compile(r"排放量|消费量|总量")),
    # Not a concentration's unit (微克每立方米, 每标准立方米) nor a flow's (立方米每秒).
    ("volume", re.compile(r"(?<![克/每准])立方米(?![/每])|蓄积")),
    ("count", re.compile(rf"(多少|几)[{ASKED_COUNT_MEASURES}]|数量|数目")),
    ("days", re.compile(r"(?:多少|几)天")),  # 优良天数要达到多少天: a number of days, never a rate
    ("class", re.compile(r"哪一?类|什么类")),  # 水质达到哪一类: a class (Ⅲ类), never a rate or a count
    ("money", re.compile(r"价(?:格|钱)?(?:是|为|要|能)?(?:多少|几)|价格|资金|经费|费用|金额|补助|多少[万亿]?元")),
    # How large a thing is (装机规模): an amount in its own unit, never its share (not 规模以上, a size class).
    ("size", re.compile(r"规模(?!以上|以下|化)")),
    # A magnitude asked (多少万, 几千): so many of some unit, never a share — whatever the unit, known or not.
    ("magnitude", re.compile(r"(?:多少|几)(?:[万亿千]|百(?!分))")),
)
# A unit asked right after 多少 or 几, with its multiplier (多少万猪当量): any unit written in characters, but a
# measure word (多少人 asks of people more than of a target's unit: see ASKED_COUNT_MEASURES).
_NAMED_UNITS = sorted(
    (u for kind, units in UNIT_KINDS.items() if kind != "count" for u in units if re.match(r"[\u4e00-\u9fff]", u)),
    key=len,
    reverse=True,
)
_UNIT_ASKED_RE = re.compile(f"(?:多少|几)[万亿千百]?({'|'.join(_NAMED_UNITS)})")
# What follows a magnitude asked (多少万重量箱): its unit, as the speaker writes it.
_MAGNITUDE_UNIT_RE = re.compile(r"(?:多少|几)[万亿千百]+([\u4e00-\u9fff]{1,4}?)(?:[的呢吗啊呀?？。，,]|$)")
_KNOWN_UNIT_RE = re.compile("|".join(map(re.escape, FIGURE_UNITS)))
# A unit written in characters that measures no kind of quantity the lexicon sorts (蒸吨, 千瓦时, 倍), asked after
# 多少 or 几 with its multiplier; a rate per time (蒸吨/小时) is asked by its first unit.
_UNIT_OF_NO_KIND_RE = re.compile(
    "(?:多少|几)[万亿千百]?("
    + "|".join(
        re.escape(u)
        for u in FIGURE_UNITS
        if re.match(r"[\u4e00-\u9fff]", u)
        and "/" not in u
        and not any(u in us or bare_unit(u) in us for us in UNIT_KINDS.values())
    )
    + ")"
)


def own_unit(text: str) -> str | None:
    """The unit a figure is asked in when no kind of quantity says which figures give it: one the lexicon does not
    know, after a magnitude (多少万甲: 甲), or one it knows as a kind of its own (…蒸吨: a boiler's capacity,
    never how many boilers; …千瓦时: energy); None otherwise (any other unit is weighed by its kind: `asked_kind`)."""
    asked = _MAGNITUDE_UNIT_RE.search(text)
    if asked is not None and not _KNOWN_UNIT_RE.match(asked.group(1)):
        return asked.group(1)
    named = _UNIT_OF_NO_KIND_RE.search(text)
    return named.group(1) if named else None


def own_unit_fits(asked: str | None, unit: str) -> bool:
    """Whether a figure's unit is the `own_unit` asked (多少万甲 against 250万吨, …蒸吨 against 11台: no); one opens the
    other (蒸吨 of 蒸吨/小时; 标箱 of a captured 标箱货物), and a figure written without a unit may be either."""
    stated, wanted = bare_unit(unit), bare_unit(asked or "")
    return asked is None or not stated or stated.startswith(wanted) or wanted.startswith(stated)


# A figure asked per unit of area, head or household (每亩, 人均, 单位面积): a total never answers it.
_PER_UNIT_ASKED_RE = re.compile(r"每(?:亩|公顷|平方|人|户)|人均|户均|亩均|地均|单位面积")


def per_unit_fits(asked: str, name: str, unit: str) -> bool:
    """Whether a figure may answer as to being per unit: a question asking one per unit (人均…面积) is answered
    only by a figure per unit (立方米/亩, 单位面积…); any figure answers a question asking none."""
    if not _PER_UNIT_ASKED_RE.search(asked):
        return True
    return "/" in unit or any(m in name for m in (*PER_UNIT_MARKERS, "亩均", "户均", "地均"))


# 个 fits any count, so it names no measure of its own.
_COUNTED_RE = re.compile(rf"(?:多少|几)([{ASKED_COUNT_MEASURES.replace('个', '')}])")


def measure_fits(counted: str | None, unit: str) -> bool:
    """Whether a figure's unit answers a count asked with a measure word (多少项 -> 项; 辆 or 台 for vehicles)."""
    bare = bare_unit(unit)
    return counted is None or bare == counted or bool(bare) and any(counted in a and bare in a for a in ALIKE_MEASURES)


def counted_unit(text: str) -> str | None:
    """The measure word a count question uses (多少项 -> 项); 个 fits any count, so it is not returned.
    Measure words go with what is counted, so a figure in 项 answers 多少项, not 多少家."""
    m = _COUNTED_RE.search(text)
    return m.group(1) if m else None


# A change asked (削减多少, 下降几): its figure may be a share (5%) or an amount (2万吨), whatever is changing;
# one asked in a unit (少多少万吨) asks that unit's kind. Livestock cut by a number of head (削减多少头) is a change
# too.
_CHANGE_ASKED_RE = re.compile(
    rf"(?:削减|下降|降低|减少|增加|增长|提高|提升|降|减|增|升|(?<![至最])[少多])[了掉]?(?:多少|几)"
    rf"(?![{ASKED_COUNT_MEASURES.replace('头', '')}亩吨万亿千百])"
)


def asks_change(text: str) -> bool:
    """Whether a question (search form) asks by how much something changes (下降几), not a level."""
    return _CHANGE_ASKED_RE.search(text) is not None


# A level asked (…比例达到几, 降到几): where a figure is to stand, not how far it moves.
_LEVEL_ASKED_RE = re.compile(r"(?:达到|达|提高到|提升到|升至|降到|降至|降低到|下降到|控制在|保持在)了?(?:多少|几)")


def asks_level(text: str) -> bool:
    """Whether a question (search form) asks the level a figure is to reach, and no change."""
    return _LEVEL_ASKED_RE.search(text) is not None and not asks_change(text)


def asked_kind(text: str) -> str | None:
    """The kind of quantity a question (search form) asks for (percent, area …), or None when it does not say."""
    if _CHANGE_ASKED_RE.search(text) and not re.search(r"百分|%", text):
        return None
    for kind, pattern in _ASKED_KINDS:
        if pattern.search(text):
            return kind
    # Any other unit of a known kind asked after 多少 (多少猪当量) names its kind.
    unit = _UNIT_ASKED_RE.search(text)
    return unit_kind(unit.group(1)) if unit else None


def kind_fits(asked: str | None, stated: str | None, unknown_fits: bool = True) -> bool:
    """Whether a figure of the `stated` kind (None: a unit of no known kind, which fits when `unknown_fits`)
    answers the `asked` kind: the same kind, or any but a rate for a threshold (1平方公里, 10000吨), a size or
    a magnitude (多少 and 万 or 亿)."""
    if asked is None:
        return True
    if asked in ("threshold", "size", "magnitude"):
        return stated != "percent"
    if asked == "amount":
        return stated in ("mass", "volume", "livestock") or unknown_fits and stated in (None, "flow")
    if stated == "flow":  # 7050吨/日: an amount in a time, never a share; a mass or volume only where unknowns fit
        return unknown_fits and asked in ("mass", "volume")
    return stated == asked or unknown_fits and stated is None


# A unit of area asked for by name (多少亩, 几公顷): a share of an area does not give it.
_AREA_UNIT_ASKED_RE = re.compile(r"亩|公顷|平方公里|平方千米|平方米")


def share_of_area_fits(kind: str | None, asked: str, name: str, unit: str) -> bool:
    """Whether a share of an area (40%建成区面积) answers an area (`kind`, as `asked_kind` read it) asked without a
    unit of area (多大的甲面积): the name states what part of which area, which is how the plan measures that area."""
    return kind == "area" and unit_kind(unit) == "percent" and "面积" in name and not _AREA_UNIT_ASKED_RE.search(asked)


# An amount per time (吨/日, 立方米/秒, 万千瓦时/年): a flow or a capacity, never a share or a size.
_PER_TIME_RE = re.compile(r"^[^/]+/(?:日|天|年|月|小时|时|秒|d|h)$")


def unit_kind(unit: str) -> str | None:
    """The kind of quantity a figure's unit measures (万亩 -> area, 吨/日 -> flow), or None for a unit of no known
    kind."""
    if _PER_TIME_RE.match(unit):
        return "flow"
    bare = bare_unit(unit)
    for kind, units in UNIT_KINDS.items():
        if bare in units:
            return kind
    return None


# What 多少 / 几 counts when a noun follows it at the end of the question (能拿多少购置补贴): the thing asked for.
_COUNTED_NOUN_RE = re.compile(rf"(?:多少|几)[{MEASURE_WORDS}]?([\u4e00-\u9fff]{{2,}}?)[呢啊吗呀]?$")


def _quality(text: str) -> int:
    """+1 when a text says only good (优良天数), -1 only bad (劣五类, 不良), 0 neither or both."""
    text = re.sub(f"[不非未][{GOOD_CHARS}]", BAD_CHARS[0], text)  # 不好, 不良: bad
    text = re.sub("|".join(SEVERE_WORDS), BAD_CHARS[0], text)  # 重污染天数: bad
    good, bad = any(c in text for c in GOOD_CHARS), any(c in text for c in BAD_CHARS)
    return int(good) - int(bad)


def opposite_quality(asked: str, name: str) -> bool:
    """Whether a question asks about a good state and a name states a bad one, or the other way round."""
    return _quality(asked) * _quality(name) < 0


# The thesaurus's places (Cb08 onwards: 区域, 园区, 城市, 行政村), not its positions (Cb01-Cb07: 以内, 以上).
_PLACE_CODE_RE = re.compile(r"Cb(?:0[89]|[1-9]\d)")


def counted_thing(form: str) -> str:
    """The last word of the noun 多少 counts at the end of a question, when it is neither a unit nor a kind
    of figure (多少亩, 多少项 say only the unit or kind, which `fits` checks) and the thesaurus knows it as a
    thing, an abstract thing or a place."""
    found = _COUNTED_NOUN_RE.search(re.sub(r"[?？。!！\s]+$", "", form))
    if found is None:
        return ""
    words = words_of(found.group(1))
    last = words[-1] if words else ""
    if len(last) < 2 or KIND_HEAD_RE.search(last) or unit_kind(last) is not None:
        return ""
    # A noun (a thing, an abstract thing, or a place: 覆盖多少行政村); never a position (以内, 左右 …)
    place = any(_PLACE_CODE_RE.match(c) for c in codes(last))
    return last if kind_of(last) in (THINGS, ABSTRACT) or place else ""


def held_by_head(thing: str, name: str) -> bool:
    """Whether a name holds a word ending in the counted thing's head character (甲馆 counted, 乙丙馆 named): a
    compound names a kind of its last character's thing, so the name counts that kind of what is asked."""
    head = thing[-1:]
    # jieba may cut the head off its compound (体验 | 馆): any word of the name ending in it, after the first, counts.
    words = words_of(name)
    return kind_of(head) in (THINGS, ABSTRACT) and any(w.endswith(head) for w in words[1:])


# A stock asked of a thing (甲面积, 甲总量, 甲数量): how much of the thing there is.
_STOCK_ASKED = "总?(?:面积|数量|规模)|总量"


def action_measured_instead(question: str, held: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The asked things whose stock the question asks (甲林面积) where the name measures an action done to them
    instead (甲林抚育: the area tended, not the area there is), an action the question does not name."""
    words = words_of(name)
    out = []
    for thing in held:
        if kind_of(thing) != THINGS or not re.search(f"{re.escape(thing)}(?:{_STOCK_ASKED})", question):
            continue
        # The word after it, or the rest of a word it opens (jieba keeps 甲林抚育 whole).
        follows = [words[k + 1] for k, w in enumerate(words[:-1]) if w == thing]
        follows += [w[len(thing) :] for w in words if w.startswith(thing) and len(w) > len(thing)]
        if any(kind_of(w) == ACTIONS and w not in question for w in follows):
            out.append(thing)
    return tuple(out)

"""Lists of names and figures in one statement: a 分别 list (A、B…分别达到95%、85%, one figure per name, or per
year of a span), a figure several listed names all reach (均达到), levels counted out (市县两级), and names
opening with a list of places (甲县、乙县丁项指数).
"""

from __future__ import annotations

import re

from assistant.documents import Period
from assistant.indicators.figure_spans import COMPARATOR_TAIL_RE, Figure
from assistant.text.lexicon import (
    POLLUTANT_WORDS,
)
from assistant.text.normalize import chinese_numeral_value
from assistant.text.patterns import (
    HAN_RE,
)

# Levels of government counted out before a name (市县两级污水处理率分别达到100%、85%): one figure per level.
_LEVELS_RE = re.compile(r"^(?P<levels>[省市县区乡镇村]{2,3})(?P<count>两|三)级(?P<rest>[\u4e00-\u9fff].+)$")

_LEVEL_COUNTS = {"两": 2, "三": 3}

# A shared head of a 分别 list (二氧化硫、氮氧化物排放量 -> 二氧化硫排放量).
_SHARED_HEAD_RE = re.compile(
    r"(?:排放量|施用量|消费量|排放总量|总量|比例|比重|[\u4e00-\u9fff]{2}率|[\u4e00-\u9fff]{0,2}浓度)$"
)

# Two names joined by one conjunction (A和B…分别…): listed as A、B are.
_PAIR_JOIN_RE = re.compile("[和及与]")

_PLACE_END_RE = re.compile(r"..[省市州盟县旗区镇乡村]$")  # a place (甲山镇), not an indicator (城市 is a scope)

# A list of places (甲县、乙区): 2 to 6 characters each, ending in a level of government.
_PLACE_ITEM = r"[\u4e00-\u9fff]{1,5}?(?:[省市州盟县旗区]|新城)"

PLACES_ONLY_RE = re.compile(rf"{_PLACE_ITEM}(?:[、和及]{_PLACE_ITEM})*")

_PLACE_HEAD_RE = re.compile(rf"^{_PLACE_ITEM}(?=[\u4e00-\u9fff])")  # the shortest place opening a name


def _place_list(name: str) -> tuple[int, str] | None:
    """A name opening with a list of two places or more (甲县、乙县丁项指数): how many characters the places
    take, and the words after them; None for any other name."""
    *places, last = name.split("、")
    head = _PLACE_HEAD_RE.match(last)
    if not places or head is None or not all(PLACES_ONLY_RE.fullmatch(p) for p in places):
        return None
    return sum(len(p) + 1 for p in places) + head.end(), last[head.end() :]


def places_opening(name: str) -> int:
    """How many characters of a name a list of places opens (甲县、乙县、丙县丁项指数 -> 8): a name is cut
    short only past them, since they say whose figure it is."""
    found = _place_list(name)
    return found[0] if found else 0


def after_places(named: list[tuple[Figure, str, str, str]]) -> str:
    """What the sentence's last name opening with a list of places states after them (甲县、乙县丁项指数 ->
    丁项指数); empty when no name does."""
    for _, name, _, _ in reversed(named):
        found = _place_list(name)
        rest = found[1].lstrip("省市州盟县旗区") if found else ""  # 乙州|市: the level ends the place
        if len(HAN_RE.findall(rest)) >= 2:
            return rest
    return ""


MIN_SUBJECT_CHARS = 2  # a subject (甲县, 乙集团) of two characters at least
MIN_SHARED_CHARS = 2  # the word both names open with after the subject (丙丁 of 丙丁戊率 and 丙丁己率)
# Openings of a measure per unit (单位地区生产总值…): no subject says whose figure such a measure is.
_PER_UNIT_OPENINGS = ("单位", "人均", "万元", "每")
# Whose figure a subject says: a place or level of government (甲市、乙县, 其他市地), or a body (甲集团).
_WHOSE_END_RE = re.compile(r"(?:[省市州盟县旗区镇乡村地]|集团|公司|企业|农场|林场)$")


def subject_carried(previous: str, name: str) -> str:
    """The subject of the previous name, when the name goes on about the same thing with its own measure
    (甲地区丙丁戊率达到95%以上,丙丁己率达到65%以上: 甲地区's 丙丁己率 too); empty otherwise. The previous name
    opens with the subject — whose figure it is: places (甲市、乙县) or a body (甲集团), not a word of the thing
    (非甲 of 非甲能源) — then, as a word of its own, the word this name opens with."""
    import jieba

    words = [(w, start) for w, start, _ in jieba.tokenize(previous)]
    first = next(iter(jieba.cut(name)), "")
    at = next((start for w, start in words if w == first), -1)
    if len(HAN_RE.findall(first)) < MIN_SHARED_CHARS or at < MIN_SUBJECT_CHARS or len(name) <= len(first):
        return ""
    subject = previous[:at]
    if len(HAN_RE.findall(subject)) != len(subject.replace("、", "")) or not _WHOSE_END_RE.search(subject):
        return ""
    if subject.startswith(_PER_UNIT_OPENINGS):
        return ""  # 单位地区生产总值…: a measure per unit of the region's output, nobody's own
    return subject


# A pollutant's code opening a name (VOCs, PM2.5, NH3-N).
_CODE_OPENING_RE = re.compile(r"[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9]+)?")


def _split_respectively(name: str, count: int) -> list[str] | None:
    """A、B污水处理率分别达到95%、85% -> two records, one per listed name."""
    parts = [p for p in name.split("、") if p]
    if len(parts) != count or count < 2:
        return None
    last = parts[-1]
    head = _SHARED_HEAD_RE.search(last)
    out = []
    code = _CODE_OPENING_RE.match(last)
    for part in parts[:-1]:
        if _CODE_OPENING_RE.fullmatch(part):
            # NOx + (VOCs)重点工程减排量: a code in place of a code; else the shared head (NOx + 排放量)
            out.append(part + last[code.end() :] if code else part + head.group(0) if head else part)
        elif len(part) < 4 and len(last) > len(part):
            out.append(part + last[len(part) :])  # 城市 + (城镇)污水处理率
        elif head and not _SHARED_HEAD_RE.search(part) and (part in POLLUTANT_WORDS or not part.endswith(("量", "率"))):
            # 二氧化硫 + (氮氧化物)排放量; a pollutant named like a measure (化学需氧量) takes the head too
            out.append(part + head.group(0))
        else:
            out.append(part)
    return out + [last]


def year_in_turn(period: Period | None, named: list[tuple[Figure, str, str, str]], k: int) -> Period | None:
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


def respectively(named: list[tuple[Figure, str, str, str]]) -> None:
    """Give each figure of a 分别 list its own name, in place."""
    i = 0
    while i < len(named):
        j = i
        while j + 1 < len(named) and named[j + 1][1] == named[i][1]:
            j += 1
        names = as_list(named[i][1], named[i][0].raw_name)
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


def as_list(name: str, raw_name: str) -> str:
    """A 分别 statement's name as a 、-list: names joined by one conjunction after the last 、 (A和B…分别达到X和Y,
    A、B和C…分别…) are listed as A、B are; levels counted out (市县两级污水处理率) are listed one by one."""
    levels = _LEVELS_RE.match(name)
    if "分别" in raw_name and levels and len(levels["levels"]) == _LEVEL_COUNTS[levels["count"]]:
        return "、".join(f"{level}级{levels['rest']}" for level in levels["levels"])
    joins = list(_PAIR_JOIN_RE.finditer(name))
    if "分别" not in raw_name or len(joins) != 1 or joins[0].start() < name.rfind("、"):
        return name
    return _PAIR_JOIN_RE.sub("、", name)


def each_of_all(named: list[tuple[Figure, str, str, str]]) -> list[tuple[Figure, str, str, str]]:
    """A figure several listed indicators all reach (A率、B率均达到95%以上): one record per name. A list of
    places (甲镇、乙镇的…浓度均下降至) stays one name, which the places' questions find."""
    out = []
    for fig, name, comparator, baseline in named:
        tail = COMPARATOR_TAIL_RE.search(fig.raw_name.strip())
        listed = [p for p in name.split("、") if p]
        split = None
        if tail and "均" in tail.group(0) and len(listed) > 1 and not any(_PLACE_END_RE.search(p) for p in listed):
            split = _split_respectively(name, len(listed))
        out += [(fig, part, comparator, baseline) for part in split] if split else [(fig, name, comparator, baseline)]
    return out


# A 分别 list named back by its count (三项指标分别超标25.7%、8.6%和13.8%): the count, what they are, the rest.
_COUNTED_BACK_RE = re.compile(
    r"^(?P<count>[两二三四五六七八九]|\d)(?:项|个|种)(?P<kind>[\u4e00-\u9fff]{0,3}?)分别(?P<rest>.*)$"
)
_LIST_ITEM = r"[^、,，。；;:：\s()（）]{1,12}"


def named_back(name: str, before: str) -> str | None:
    """The names a 分别 list refers back to by its count (PM2.5、PM10、O3三项指标…,三项指标分别超标…), each with
    what the list states of them (PM2.5超标、PM10超标、O3超标), when the sentence lists that many right before
    the same count; None otherwise."""
    found = _COUNTED_BACK_RE.match(name)
    if found is None:
        return None
    count = found["count"]
    n = int(count) if count.isdigit() else int(chinese_numeral_value(count))
    if n < 2:
        return None
    # The whole list, not the tail of a longer one: nothing listed right before its first item.
    pattern = rf"(?<![^、,，。；;:：\s])((?:{_LIST_ITEM}、){{{n - 1}}}{_LIST_ITEM}?)(?={count}(?:项|个|种))"
    lists = [m for m in re.finditer(pattern, before) if not before[: m.start()].endswith("、")]
    if not lists:
        return None
    items = lists[-1].group(1).split("、")
    items[0] = re.split(r"但|和", items[0])[-1]  # the list opens after the clause before it
    return "、".join(f"{item}{found['rest']}" for item in items) if all(items) else None

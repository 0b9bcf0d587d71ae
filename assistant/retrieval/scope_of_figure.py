"""Where a figure applies, against where a question asks: the place of application its name states (城市, 农村),
the part of the year (冬季, 采暖期), the townships it lists, the items of a heading's list it belongs to, and
another part of its sentence that states the asked indicator in words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.text.gazetteer import Place, listed_townships
from assistant.text.lexicon import (
    BELOW_COUNTY_SCOPES,
    SCOPE_FAMILIES,
    SCOPE_WORDS,
    STATEMENT_COMPARATORS,
    URBAN_DWELLING_WORDS,
    YEAR_PARTS,
)
from assistant.text.patterns import longest_first
from assistant.text.thesaurus import kind_of

# A level and those above it (县级及以上): the places it takes in are no township's or village's.
_LEVEL_AND_ABOVE_RE = re.compile(r"[省市地县区]级及?以上")
_WHOLE_YEAR_RE = re.compile(r"年均|年平均|全年")
# Every word of a part of the year with its group's first word, the longest first (非采暖期 before 采暖期).
_YEAR_PART_WORDS = sorted(((w, group[0]) for group in YEAR_PARTS for w in group), key=lambda p: -len(p[0]))
# A 、-list in a heading (森林、草原、沙漠、农田生态系统): Han runs joined by 、.
_HEADING_LIST_RE = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+")


def without_siblings(path: str, name: str) -> str:
    """A heading path without the other items of a list one of whose items the name holds: under
    “建设森林、草原、沙漠、农田生态系统” a figure of 农田 says nothing of 草原."""
    for m in _HEADING_LIST_RE.finditer(path):
        parts = m.group(0).split("、")
        items = [parts[0][-2:], *parts[1:-1], parts[-1][:2]]  # the words next to each 、
        held = [item for item in items if item in name]
        if held:
            path = path.replace(m.group(0), f"{parts[0][:-2]}{'、'.join(held)}{parts[-1][2:]}")
    return path


def names_other_scope(asked: Sequence[str], name: str, covers: Callable[[str, str], bool]) -> bool:
    """The question names where (农村) and the indicator names another place of application (县城…
    生活垃圾资源化利用率), not one of the same kind (城区 and 建成区: `SCOPE_FAMILIES`): a scope found only in
    the indicator's sentence never stands in for it."""
    if not asked or any(covers(w, name) for w in asked):
        return False
    kin = {k for w in asked for family in SCOPE_FAMILIES if w in family for k in family}
    rural = any(w in BELOW_COUNTY_SCOPES for w in asked)
    # 县级及以上 names where as a scope word does: asked of 乡镇 or 农村, a county-and-above figure is not theirs; nor
    # is a figure of a town's housing estates (居民小区…覆盖率).
    below_county = rural and _LEVEL_AND_ABOVE_RE.search(name) is not None
    estates = rural and any(w in name for w in URBAN_DWELLING_WORDS)
    return not any(k in name for k in kin) and (any(w in name for w in SCOPE_WORDS) or below_county or estates)


def other_part_of_year(asked: str, name: str) -> bool:
    """The question asks a part of the year (冬季) the name does not state, where the name states the whole year
    (年均) or another part; or it asks the whole year and the name states only a part of it."""
    parts, named = _year_parts(asked), _year_parts(name)
    if parts:
        return not parts & named and (bool(named) or _WHOLE_YEAR_RE.search(name) is not None)
    return bool(named) and _WHOLE_YEAR_RE.search(asked) is not None and _WHOLE_YEAR_RE.search(name) is None


def _year_parts(text: str) -> set[str]:
    """The parts of the year a text names, each by its group's first word (供暖期 is 采暖期, 非采暖期 not 采暖期)."""
    found = set()
    for word, part in _YEAR_PART_WORDS:
        if word in text:
            found.add(part)
            text = text.replace(word, " ")
    return found


def other_townships(name: str, context: str, asked: tuple[str, ...]) -> bool:
    """The indicator is set for townships it lists (甲镇、乙乡的PM2.5浓度) and the question names none of the
    sentence's (`asked`: what may name one in the question): it is their figure, not the region's."""
    if not listed_townships(name, lambda w: kind_of(w) is not None):
        return False
    return not any(town[i:] in f"{name} {context}" for town in asked for i in range(len(town) - 2))


# Kinds of quantity that add up over places (an area, a count …): a list's figure of such a kind is their sum.
# A rate or a concentration set for 甲县、乙县 holds for each of them.
SUMMED_KINDS = ("area", "mass", "volume", "count", "money", "length", "capacity")


def shared_with_listed_places(place: str, context: str, form: str, kind: str | None) -> bool:
    """The indicator's sentence names the asked place only beside others in a 、-list (甲县、乙县、丙县等…新增57万亩)
    that the question does not all name, and its figure (of `kind`) adds up over places: the figure is their sum,
    not the place's own."""
    if kind not in SUMMED_KINDS:
        return False
    for m in _HEADING_LIST_RE.finditer(context):
        parts = m.group(0).split("、")
        # The words next to each 、: an item's last characters before it, its first after it; the places end
        # where 等 closes them (甲县、乙县等利用…节水、引水…: the rest lists other things).
        closing = next((k for k, part in enumerate(parts) if "等" in part), len(parts) - 1)
        items = [parts[0][-len(place) :], *(part[: len(place)] for part in parts[1 : closing + 1])]
        if place in items and not all(item in form for item in items):
            return True
    return False


def own_figure_elsewhere(place: Place, context: str, value: str) -> bool:
    """The indicator's sentence states a figure right after the asked place (…涉及甲区4家) that is not the
    indicator's: that one is the place's own, and the indicator's (加快退出5家) is the whole's."""
    names = "|".join(re.escape(n) for n in sorted({place.name, place.short}, key=len, reverse=True) if n)
    stated = re.findall(rf"(?:{names})(?:为|有|共|计|达)?\s*(\d+(?:\.\d+)?)", context) if names else []
    return bool(stated) and value not in stated


# What a part says of its subject without a figure (…达到国家要求, …得到有效控制): a statement of its own.
_STATED_RE = re.compile(longest_first(w for w in STATEMENT_COMPARATORS if len(w) > 1))


def stated_apart(sentence: str, figure_at: int, terms: tuple[str, ...], covers: Callable[[str, str], bool]) -> bool:
    """Whether a comma-part of the figure's sentence other than its own states, in words and with no figure, what
    every asked word (`terms`) names: those words, then a comparator and what it is held to (…陆地生态系统类型有效
    保护率达到国家要求,湿地保护率不小于80%). The asked indicator is stated there, and the figure (at `figure_at`) is
    another's. A part leading up to the figure (持续提升甲率,甲率达到95%) or only naming a subject carries it on."""
    start = 0
    for part in re.split(r"(?<=[，,])", sentence):
        end = start + len(part)
        if not start <= figure_at < end and not re.search(r"\d", part):
            for said in _STATED_RE.finditer(part):
                held = part[said.end() :].strip(" ，,")
                if held and all(covers(t, part[: said.start()]) for t in terms):
                    return True
        start = end
    return False

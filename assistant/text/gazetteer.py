"""Offline gazetteer of Chinese administrative divisions, read from the data the `cpca` package ships.

Only cpca's data file is used (importing cpca itself needs pkg_resources); nothing is fetched.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.text.patterns import HAN

_PROVINCE_SUFFIX = re.compile(r"(省|市|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|自治州)$")


@dataclass(frozen=True)
class Place:
    """An administrative division."""

    code: str  # 12-digit division code
    name: str  # full name, e.g. 黔东南苗族侗族自治州
    short: str  # name without suffix, e.g. 黔东南
    level: int  # 1 province, 2 prefecture, 3 county

    def contains(self, other: Place) -> bool:
        """True when `other` lies inside this division (or is it)."""
        prefix = self.code[: self.level * 2]
        return other.code.startswith(prefix) and other.level >= self.level


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int
    alias: str


def _data_dir() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package 'cpca' (gazetteer data) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources"


def _strip_nations(name: str, nations: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if len(name) > len(nation) + 1 and name.endswith(nation):
                name = name[: -len(nation)]
                changed = True
    return name


def _common_words(aliases: dict[str, list[Place]]) -> set[str]:
    """Short forms of county-level cities that jieba's dictionary knows as frequent ordinary words (合作, 东方).

    A prefecture's short name (开封, 鞍山) is a place first whatever jieba tags it, and a word jieba
    tags as a person's name (洪湖, 麻城) is no ordinary word either, nor is a name of three characters
    (a forest district's), which jieba may know as a noun.
    """
    import jieba

    common = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3 or len(parts[0]) != 2 or parts[0] not in aliases or parts[2] in ("ns", "nr"):
                continue
            if int(parts[1]) <= 1000:  # a rare word: a place first
                continue
            if all(place.level > 2 for place in aliases[parts[0]]):
                common.add(parts[0])
    return common


def _word_starts(text: str) -> set[int]:
    import jieba

    starts, pos = {0}, 0
    for token in jieba.cut(text, HMM=False):
        pos += len(token)
        starts.add(pos)
    return starts


def bare_name(place: Place, suffixes: tuple[str, ...] = ("县",)) -> str:
    """A county-level place's name without its suffix (龙游 of 龙游县), of two characters at least; "" for any
    other place."""
    return place.name[:-1] if place.level == 3 and place.name.endswith(suffixes) and len(place.name) >= 3 else ""


class Gazetteer:
    """Finds place names (full or short form) in text and relates them to each other."""

    def __init__(self, places: list[Place], aliases: dict[str, list[Place]]) -> None:
        self.places = {p.code: p for p in places}
        self._max_len = max(len(a) for a in aliases)
        self._full_names = {p.name for p in places}
        common = _common_words(aliases)
        # A short form that is also a frequent ordinary word (合作 for 合作市) is not a place mention.
        self._aliases = {a: ps for a, ps in aliases.items() if a in self._full_names or a not in common}
        # Counties by their name without 县, found only right after a place holding them (`county_named_after`).
        self._county_shorts: dict[str, list[Place]] = {}
        for p in places:
            if bare := bare_name(p):
                self._county_shorts.setdefault(bare, []).append(p)
        self._max_county_short = max(map(len, self._county_shorts), default=0)

    @classmethod
    def load(cls) -> Gazetteer:
        data = _data_dir()
        nations = sorted(
            {n.strip() for n in (data / "56_nations.csv").read_text(encoding="utf-8").split() if n.strip()},
            key=len,
            reverse=True,
        )
        nations += [n[:-1] for n in nations if n.endswith("族")]
        places: list[Place] = []
        aliases: dict[str, list[Place]] = {}
        with open(data / "adcodes.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code, name = row["adcode"], row["name"].strip()
                level = 1 if code[2:].strip("0") == "" else 2 if code[4:].strip("0") == "" else 3
                if level == 1:
                    short = _PROVINCE_SUFFIX.sub("", name)
                    if name.endswith("自治区"):
                        short = _strip_nations(short, nations)
                elif level == 2:
                    short = _CITY_SUFFIX.sub("", name)
                    if name.endswith("自治州"):
                        short = _strip_nations(short, nations)
                else:
                    # County-level short forms are only safe for county-level cities: district names
                    # such as 城中区 would otherwise match ordinary words (城中村).
                    # A forest district (…林区) is named without its suffix too; three characters must
                    # remain, as 碑林区 and 万柏林区 are districts named …林 and no forest districts.
                    short = name[:-1] if name.endswith("市") else re.sub(r"^(.{3,})林区$", r"\1", name)
                place = Place(code=code, name=name, short=short, level=level)
                places.append(place)
                # Two-character district names such as 城区/矿区 are ordinary words.
                forms = set() if (len(name) == 2 and name.endswith("区")) else {name}
                if len(short) >= 2 and short != name:
                    forms.add(short)
                if name.endswith("自治州") and len(short) >= 2:
                    forms.add(short + "州")  # 黔东南州
                if name.endswith("盟") and len(short) >= 3:
                    # A league by its first character, as it is spoken of: 阿盟 (阿拉善盟); one of two (兴安盟) is
                    # called by its whole name.
                    forms.add(short[0] + "盟")
                for form in forms:
                    aliases.setdefault(form, []).append(place)
        for place in places:
            # Many counties have become county-level cities since the data was drawn (平果县 -> 平果市,
            # 撤县设市): the county answers to the city's name too, where no place already bears it. A name of
            # one character and 县 (和县) stays as it is: 和市 would be found inside 省级和市级.
            renamed = place.name[:-1] + "市"
            if place.level == 3 and len(place.name) >= 3 and place.name.endswith("县") and renamed not in aliases:
                aliases[renamed] = [place]
        for found in aliases.values():
            found.sort(key=lambda p: p.level)  # most senior division first
        return cls(places, aliases)

    def find(self, text: str) -> list[PlaceMention]:
        """Place mentions in `text` (search form), longest match first, left to right.

        A short form (乌海, 山东) must start on a word boundary, so 贺兰山东麓 does not name 山东.
        """
        boundaries = _word_starts(text)
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(text):
            for size in range(min(self._max_len, len(text) - i), 1, -1):
                alias = text[i : i + size]
                found = self._aliases.get(alias)
                # 市级和县级: the 县 of 县级 (a level) ends no two-character name (和县) whose first character is
                # a word of its own; a longer name before 级 (龙游县级) is still the place.
                if (
                    found
                    and ((alias in self._full_names and size > 2) or i in boundaries)
                    and not (size == 2 and alias[-1] in _LEVEL_SUFFIXES and text[i + size : i + size + 1] == "级")
                ):
                    mentions.append(PlaceMention(found[0], i, i + size, alias))
                    i += size
                    break
            else:
                i += 1
        return mentions

    def get(self, code: str) -> Place | None:
        return self.places.get(code)

    def county_named_after(self, place: Place, text: str, at: int) -> Place | None:
        """A county inside `place` written without its 县 right where `place`'s name ends at `at` (浙江龙游,
        衢州龙游): after its province or city the short name means nothing else; alone it may be a word."""
        for size in range(2, self._max_county_short + 1):
            found = [c for c in self._county_shorts.get(text[at : at + size], ()) if place.contains(c)]
            if found:
                return found[0]
        return None


# The last character of a division's name that, followed by 级, is a level (省级, 县级) rather than a name's end.
_LEVEL_SUFFIXES = "省市县区州盟旗"


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once on first use (not at import time)."""
    return Gazetteer.load()


# A township (乡镇级) named in a text: two or three characters of its own and its suffix (甲山镇, 乙河乡).
# The gazetteer stops at counties, so a plan's towns are known only by how they are written.
_TOWNSHIP_TAIL_RE = re.compile(f"([{HAN}]{{2,3}})(?:镇|乡|街道|苏木)$")
_TOWNSHIP_HEAD_RE = re.compile(f"^([{HAN}]{{2,3}}?)(?:镇|乡|街道|苏木)")
_TOWNSHIP_RE = re.compile(f"[{HAN}]{{2,3}}(?:镇|乡|街道|苏木)")


def _proper(stem: str, known: Callable[[str], bool]) -> bool:
    """A township's own name: no word general Chinese knows (重点镇, 中心镇), no 城/乡/村 (城乡, 各乡镇), no 的."""
    return not known(stem) and not re.search(r"[城乡镇村各全每的之]", stem)


def listed_townships(text: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """The townships a text lists side by side (…甲山镇、乙河乡的…); () unless at least two stand in one
    、-list. `known`: whether general Chinese knows a word (then it is no township's own name)."""
    segments = text.split("、")
    found: list[str] = []
    for left, right in zip(segments, segments[1:]):
        tail, head = _TOWNSHIP_TAIL_RE.search(left), _TOWNSHIP_HEAD_RE.search(right)
        if tail and head and _proper(tail.group(1), known) and _proper(head.group(1), known):
            found += [tail.group(0), head.group(0)]
    return tuple(dict.fromkeys(found))


def township_mentions(text: str) -> tuple[str, ...]:
    """What may name a township in a question (县甲山镇 holds 甲山镇): every stretch of two or three characters
    and a township suffix, to be looked for by its endings."""
    return tuple(m.group(0) for m in _TOWNSHIP_RE.finditer(text))

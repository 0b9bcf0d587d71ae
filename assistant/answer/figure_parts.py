"""The parts of a figure question that lists several things (甲和乙分别是多少, A要完成几个，B要完成几套,
甲、乙丙处理率): each part's asked words and the stretch of the question it comes from, so each is answered
with its own figure or said to be unset (answer/figures).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.coverage import code_names
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.question import Question, place_names
from assistant.retrieval.quoted_words import quoted_words
from assistant.retrieval.word_kinds import KIND_HEAD_RE, THINGS, names_a_time, names_substance, names_what
from assistant.text.lexicon import REGION_PART_WORDS, SCOPE_WORDS
from assistant.text.patterns import BRACKETED_RE, LEVEL_RE
from assistant.text.thesaurus import kind_of

# 和 / 与 before what the figure is compared with (和2013年相比) compares, 及以上 (地级及以上) is one level, and 与 of
# 参与 (参与率) is inside a word: none of them lists anything.
_LIST_SEPARATOR_RE = re.compile(r"[、]|(?:和|(?<!参)与)(?![^，,；;？?]{0,12}(?:相比|比较))|及(?!以[上下])|以及")
_CLAUSE_RE = re.compile(r"[^，,;；？?。！!]+")  # a clause, or one of several questions sent at once
QUANTITY_ASKED_RE = re.compile(r"多少|几|多大(?!的?范围)|什么水平|哪个等级")


def _stretches(form: str, places: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where the question lists several things: clauses that each ask a figure (A要完成几个，B要完成几套),
    each cut again at 、 和 及 与 (…企业数量和入园率); a part's stretch runs to the next part's start. A
    separator between two asked places (甲县、乙县的…) lists places, which the scope answers, not things."""
    clauses = [m.span() for m in _CLAUSE_RE.finditer(form) if QUANTITY_ASKED_RE.search(m.group(0))]
    bounds = (
        [(0, len(form))]
        if len(clauses) < 2
        else [
            (0 if k == 0 else a, clauses[k + 1][0] if k + 1 < len(clauses) else len(form))
            for k, (a, _) in enumerate(clauses)
        ]
    )
    # What a bracket holds qualifies the thing before it (造林(含A和B)面积): its 和 lists no second part.
    inside = [m.span() for m in BRACKETED_RE.finditer(form)]
    out: list[tuple[int, int]] = []
    for a, b in bounds:
        seps = [m.start() for m in _LIST_SEPARATOR_RE.finditer(form, a, b)]
        seps = [x for x in seps if not _between_places(form, x, places)]
        cuts = [a] + [x for x in seps if not any(i < x < j for i, j in inside)] + [b]
        out += [(x, y) for x, y in zip(cuts, cuts[1:]) if x < y]
    return out


def _between_places(form: str, at: int, places: tuple[str, ...]) -> bool:
    """Whether the separator at `at` stands between two of the asked places."""
    after = form[at:].lstrip("、和与及以")
    return any(form[:at].endswith(p) for p in places) and any(after.startswith(p) for p in places)


def question_parts(question: Question, table: IndicatorMatcher) -> list[tuple[tuple[str, ...], str]]:
    """The asked words of each thing the question lists, with the stretch of the question it comes from,
    or [] when it asks one. A single word listed before a fuller part shares that part's head (城市、城镇
    污水处理率: 城市 污水 处理率); a part that only names a kind of figure takes the words before it
    (A收集率、处理率: A 处理率); a clause asking only a kind of figure is no second part."""
    form = question.form
    terms = asked_terms(question)
    parts: list[tuple[list[str], str]] = []
    for a, b in _stretches(form, place_names(question.places)):
        stated = [t for t in terms if t in form[a:b]]
        if stated:
            parts.append((stated, form[a:b]))
    if len(parts) < 2:
        return []
    # Last first, so a head a list of substances or levels shares reaches its first one (化学需氧量、氨氮、总磷排放量;
    # 部级、省级、市级甲).
    shared = set()
    for k in range(len(parts) - 2, -1, -1):
        own = parts[k][0]
        head = parts[k + 1][0][1:]
        # Two things listed (甲植物和乙丙动物) are each counted on their own: only a figure's head is shared.
        # A thing the thesaurus knows, or whose last two characters it knows as one (甲乙植物): an unknown word
        # (旱涝保收) may be a modifier sharing the next part's head.
        known = any(kind_of(w) == THINGS for w in {own[0], own[0][-2:]})
        things = known and not any(KIND_HEAD_RE.search(t) for t in head)
        # Substances or levels listed (化学需氧量、氨氮、总磷排放量; 省级、市级甲) all share the last one's head, a
        # modifier of it too (二氧化硫和二氧化氮的年均浓度: 年均, the kind of figure being no asked word).
        chained = names_substance(own[0]) or LEVEL_RE.fullmatch(own[0]) is not None
        if len(own) == 1 and head and (chained or not things and k + 1 not in shared):
            own += [t for t in head if t not in own]  # 城市 (和) 城镇污水处理率
            shared.add(k)
    for k, (own, _) in enumerate(parts):
        if k > 0 and k not in shared and not any(names_what(t) for t in own):
            own[:0] = [t for t in parts[k - 1][0][:-1] if t not in own]  # 城区生活污水收集率和 (…) 处理率
    respective = _RESPECTIVE_RE.search(form) is not None
    if any(
        sum(len(t) for t in own) < 3
        and not (respective and len(own) == 1 and _names_listed_thing(own[0], table))
        or not any(names_what(t) for t in own)
        for own, _ in parts
    ):
        return []
    return [(tuple(own), stretch) for own, stretch in parts]


# Figures asked of each thing listed (甲和乙分别…, 各控制在…): a word of two characters may then be a part of its own.
# Not 各地, 各类 …, which say where or which, not "each of these".
_RESPECTIVE_RE = re.compile(r"分别|各(?![地市县区类项级种部])")


def _names_listed_thing(term: str, table: IndicatorMatcher) -> bool:
    """Whether a word of two characters names a part on its own (甲乙和丙丁分别…: 丙丁): a word of some indicator's
    name or a thing the documents speak of, never where (城市, 山区) or when (期末) a figure applies."""
    return (
        term not in SCOPE_WORDS
        and term not in REGION_PART_WORDS
        and not names_a_time(term)
        and table.distinguishes(term)
    )


def part_quote(question: Question, part: tuple[tuple[str, ...], str]) -> str:
    """A part's own words as the question writes them in its stretch (…和PM10浓度), not from where a word it
    shares with an earlier part first stands."""
    return quoted_words(dataclasses.replace(question, form=part[1]), part[0])


def other_substance(part: tuple[tuple[str, ...], str], names: set[str], covers: Callable[[str, str], bool]) -> bool:
    """Whether the thing a part names first is a substance (PM10, 氨氮) none of `names` holds, under any of its
    names (words after it only describe it: …VOCs等甲类物质)."""
    words, stretch = part
    first = min(words, key=lambda w: (stretch.find(w) < 0, stretch.find(w)), default="")
    return names_substance(first) and not any(covers(first, n) or any(c in n for c in code_names(first)) for n in names)

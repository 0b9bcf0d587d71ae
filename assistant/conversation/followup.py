"""Follow-up questions resolved offline from the parsed earlier turns.

A follow-up lacks a topic (那银川呢？, 2023年呢？, 牵头单位是谁？, 这个指标黔东南有吗？) or points back (那湿地保护率
呢？); it takes what it lacks — region, year, indicator, what is asked — from the previous turn's
standalone question, and what it states replaces what that question said (a place set beside the earlier one,
跟甲市比呢, is asked with it; a rate named only by what is done, 处理率呢, keeps the thing it was done to). A
self-contained question (one with its own topic and no pointing word) inherits nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.retrieval.question import Question
from assistant.text.lexicon import (
    ARRANGEMENT_WORDS,
    DEMONSTRATIVES,
    FIGURE_COUNT_MEASURES,
    FOLLOW_UP_OPENERS,
    HOW_WORDS,
    OTHER_DUTY_LABELS,
    RESPONSIBLE_CUES,
    RESPONSIBLE_ROLES,
    STATEMENT_COMPARATORS,
)
from assistant.text.patterns import ASKED_TIME_RE, ASKED_YEAR_RE, longest_first
from assistant.text.thesaurus import ACTIVITIES, kind_of

# Words that point back at the conversation: 那(么) at the start, 呢 at the end, 这个指标 …
_OPENER = "|".join(FOLLOW_UP_OPENERS)
_POINTING_RE = re.compile(
    rf"^(?:{_OPENER})|(?:这个|这项|该|上述|刚才的?|同一|对应|相应|类似|同样)的?"
    r"(?:指标|任务|条款|目标|要求|数)|呢[?？。!！\s]*$"
)
# Question words that name what is asked (a duty, a measure), never the topic: 责任单位有哪些？ is a follow-up.
_ASK_WORDS = RESPONSIBLE_ROLES + OTHER_DUTY_LABELS + RESPONSIBLE_CUES + ARRANGEMENT_WORDS
_WHAT_RE = re.compile(r"[有是]什么|包括什么")  # a new ask of the follow-up's own (有什么具体措施), not 有这个指标吗
_QUALIFIER_RE = re.compile(r"^(?:具体|主要|重点|相关|有关)")  # 具体措施: which of them is asked, not what of
_STRIP_POINTING_RE = re.compile(rf"^(?:{_OPENER})[,，\s]*|呢?[?？。!！\s]*$")
# What follows a word naming what is asked (…的配合单位有哪些, …措施是什么), never a word it is part of (单位GDP).
_ASKED_AFTER = r"(?=[是有由呢吗都还各分具？?。，,]|$)"
# Where the asked part of a question begins (…森林覆盖率|目标是多少, …利用率|配合单位有哪些): the topic is what comes
# before.
_ASK_START_RE = re.compile(
    rf"(?:的)?(?:{longest_first(RESPONSIBLE_ROLES + OTHER_DUTY_LABELS)}"
    rf"|(?:{longest_first(ARRANGEMENT_WORDS)}){_ASKED_AFTER}"
    rf"|目标|指标|是多少|是几|多少|几[{FIGURE_COUNT_MEASURES}条]|要达到|达到|要求|"
    r"是什么|有什么|有哪些|有何|什么|哪些|哪几|哪个|哪一年|哪年|何时|什么时候|牵头|负责|由哪|是谁|谁|有吗|吗)"
)
# What ends a topic before its ask without naming anything (…覆盖率要到|多少, …浓度要控制在|多少).
_TRAILING_RE = re.compile(rf"(?:[要是的将应为都]|{longest_first(STATEMENT_COMPARATORS)})+$")
# A count asked before its noun (几家排污权示范企业): the noun is the topic, not part of what is asked.
_COUNTED_NOUN_RE = re.compile(rf"^(?:几|多少)[{FIGURE_COUNT_MEASURES}]?(?P<noun>[\u4e00-\u9fff]{{2,}})$")
_HOW_RE = re.compile("|".join(HOW_WORDS))
# A rate or amount named only by what is done (处理率, 回收利用量): what it is done to comes from the earlier turn.
_DONE_KIND_RE = re.compile(r"^(?P<done>[\u4e00-\u9fff]{2,6}?)(?P<kind>率|比例|量)$")


# A span of years pointing back (那几个年份, 上述年度, 这三年): in a conversation that named several years, those
# years, not "lately".
_YEARS_BACK_RE = re.compile(r"(?:这|那|上述|以上)(?P<count>两|二|三|几|些)个?(?:年份|年度|年)")
_COUNTS = {"两": 2, "二": 2, "三": 3}


# A place the follow-up sets beside the earlier one (跟甲市比呢, 和乙县相比如何): both are asked, not only the new one.
_COMPARED_RE = re.compile(r"(?:跟|和|与|同)[^,，?？]{1,12}?(?:相比|对比|比较|比)")

# A demonstrative that points at what was just answered (这个由哪个部门牵头, 它具体有哪些措施).
_THIS_RE = re.compile("|".join(DEMONSTRATIVES))
# A time in a question with the word leading it (到2025年): a duty dropping the time drops that word too.
_TIME_SAID_RE = re.compile(rf"(?:到|在|至|于)?{ASKED_TIME_RE.pattern}")
# What was just asked about, owning what is asked now (它的基期值, 这个指标的规划值): the earlier topic stands there.
_ITS_RE = re.compile(r"(?:它|(?:这个|这项|该项?|此项|上述)(?:指标|任务|目标)?)的(?=[\u4e00-\u9fff]{2})")


@dataclass(frozen=True)
class Resolution:
    """How one turn was understood."""

    question: str  # as typed
    standalone: str  # the self-contained question answered
    inherited: tuple[str, ...] = ()  # what came from earlier turns: 地区, 年份, 指标, 所问
    about_clause: bool = False  # it asks the duty, deadline or items of the clause the previous answer cited

    @property
    def interpretation(self) -> str:
        """The line an answer shows for a follow-up, so a wrong carry-over is visible at once."""
        return f"按“{self.standalone}”理解" if self.inherited else ""


def _names_the_ask(term: str) -> bool:
    """Whether a word says what is asked (牵头单位, 措施; 具体措施, a qualifier before it), not what it is asked of."""
    bare = _QUALIFIER_RE.sub("", term) or term
    return any(bare in w for w in _ASK_WORDS)


def _split_ask(text: str) -> tuple[str, str]:
    """(topic part, asked part) of a question in search form: 2025年乌海森林覆盖率 | 目标是多少.
    An adverbial "how" (…怎么治理扬尘) is dropped, not cut at."""
    text = _HOW_RE.sub("", text)
    m = _ASK_START_RE.search(text)
    if not m or m.start() == 0:
        return text.rstrip("?？。 "), ""
    asked = text[m.start() :].rstrip("?？。 ")
    counted = _COUNTED_NOUN_RE.match(asked)
    noun = counted.group("noun") if counted else ""
    return _TRAILING_RE.sub("", text[: m.start()]) + noun, asked


def _asks(q: Question) -> bool:
    return q.wants_figure or q.wants_unit or q.wants_when or q.wants_list or bool(_ASK_START_RE.search(q.form))


def _replace_places(text: str, new: str, find: Callable[[str], list[tuple[int, int]]]) -> str:
    """`text` with its place mentions (one stretch, 乌海 or 乌海和银川) replaced by `new`."""
    spans = find(text)
    if not spans:
        return new + text
    return text[: spans[0][0]] + new + text[spans[-1][1] :]


def _places_text(form: str, find: Callable[[str], list[tuple[int, int]]]) -> str:
    return "和".join(form[a:b] for a, b in find(form))


def _replace_years(text: str, years: tuple[str, ...]) -> str:
    found = ASKED_YEAR_RE.findall(text)
    if not found:
        return f"{years[0]}年{text}"
    return re.sub("|".join(dict.fromkeys(found)), years[0], text)


def _in_the_same_region(
    text: str, current: Question, previous: Question, find_places: Callable[[str], list[tuple[int, int]]]
) -> Resolution:
    """A question with a topic of its own but no place, after a turn about a place (宁夏…, then a question on
    森林覆盖率 alone), asks about that place: it takes the place, nothing else."""
    if current.places or not previous.places or not current.has_content:
        return Resolution(text, text)
    return Resolution(text, _places_text(previous.form, find_places) + current.form, ("地区",))


def _with_named_years(text: str, earlier: list[str], parse: Callable[[str], Question]) -> str:
    """`text` with a span of years pointing back (那两个年份) written as the years the earlier turns named, the
    latest ones, joined by 和; unchanged when they named fewer years than it points at."""
    found = _YEARS_BACK_RE.search(text)
    if found is None:
        return text
    named = list(dict.fromkeys(year for question in earlier for year in parse(question).years))
    count = _COUNTS.get(found.group("count"), len(named))
    if len(named) < max(count, 2):
        return text
    years = "和".join(f"{year}年" for year in sorted(named[-count:]))
    return text[: found.start()] + years + text[found.end() :]


def resolve_followup(
    text: str, earlier: list[str], parse: Callable[[str], Question], find_places: Callable[[str], list[tuple[int, int]]]
) -> Resolution:
    """How `text` is meant, given the standalone questions of the earlier turns (oldest first).

    `parse` parses a question; `find_places` gives the (start, end) spans of the place names of a text
    in search form. Raises EmptyQuestionError (from `parse`) for an empty question.
    """
    dated = _with_named_years(text, earlier, parse)
    resolution = _resolve(dated, earlier, parse, find_places)
    if dated == text:
        return resolution
    inherited = tuple(dict.fromkeys(("年份", *resolution.inherited)))
    return Resolution(text, resolution.standalone, inherited, resolution.about_clause)


def _unpointed(current: Question, find_places: Callable[[str], list[tuple[int, int]]]) -> str:
    """The follow-up without its pointing words and places."""
    own = _STRIP_POINTING_RE.sub("", current.form)
    for a, b in sorted(find_places(own), reverse=True):
        own = own[:a] + own[b:]
    return own


def _own_words(current: Question, find_places: Callable[[str], list[tuple[int, int]]]) -> str:
    """What the follow-up itself says, once its pointing words, places and years are gone (牵头单位, 处理率)."""
    own = _unpointed(current, find_places)
    return _THIS_RE.sub("", ASKED_TIME_RE.sub("", own)).strip(" ,，?？。的")


def _change_asked(current: Question, find_places: Callable[[str], list[tuple[int, int]]]) -> str:
    """The follow-up's own words when it asks a change (比甲年降低几成, 较甲年提升多少), base year kept; else ""."""
    if not any(t in STATEMENT_COMPARATORS for t in current.key_terms):
        return ""
    return _unpointed(current, find_places).strip(" ,，?？。")


def _done_otherwise(own: str, earlier: str) -> str | None:
    """The earlier question with what is done to its thing replaced by the follow-up's, when the follow-up names
    only a rate or amount by what is done (甲污水集中收集率, then 处理率呢 -> 甲污水处理率): the thing stays. The
    activity replaced must be of the same kind in general Chinese (收集 and 处理, not 覆盖 of 森林覆盖率)."""
    asked = _DONE_KIND_RE.match(own)
    done = asked["done"] if asked else ""
    last = _activity_before(done, len(done))
    if asked is None or last is None or _activities_from(done, len(done)) > 0:  # 农膜回收 names its own thing
        return None
    at = earlier.rfind(asked["kind"])
    while at > 0:
        replaced = _activity_before(earlier, at)
        if replaced is not None and kind_of(replaced) == kind_of(last):
            start = _activities_from(earlier, at)  # 集中收集: the whole run is replaced
            return None if earlier[start:at] == done else earlier[:start] + done + earlier[at:]
        at = earlier.rfind(asked["kind"], 0, at)
    return None


def _activities_from(text: str, end: int) -> int:
    """Where the run of activity words ending at `end` of `text` starts (`end` when none ends there)."""
    start = end
    while (word := _activity_before(text, start)) is not None:
        start -= len(word)
    return start


def _activity_before(text: str, end: int) -> str | None:
    """The word general Chinese knows as an activity (收集, 综合利用) ending at `end` of `text`, if one does."""
    for size in (4, 3, 2):
        word = text[end - size : end] if end >= size else ""
        kind = kind_of(word) if word else None
        if kind is not None and kind in ACTIVITIES:
            return word
    return None


def _of_the_earlier_topic(text: str, current: Question, owned: re.Match[str], previous: Question) -> Resolution:
    """A question asking something of what was just asked about (它的基期值是多少): the earlier question's topic,
    with its place and time, stands for the pointing word. A duty, date or list asked so is answered from the
    clause the previous answer cited instead (`about_clause`)."""
    # An attribute the earlier turn asked the same way (…的基期值) is not part of the topic.
    topic = re.sub(r"的[\u4e00-\u9fff]{1,3}值$", "", _split_ask(previous.form)[0])
    if not previous.key_terms or not topic:
        return Resolution(text, text)
    standalone = current.form[: owned.start()] + topic + "的" + current.form[owned.end() :]
    inherited = ("指标", *(("地区",) if previous.places else ()), *(("年份",) if previous.years else ()))
    return Resolution(text, _STRIP_POINTING_RE.sub("", standalone), inherited)


def _resolve(
    text: str, earlier: list[str], parse: Callable[[str], Question], find_places: Callable[[str], list[tuple[int, int]]]
) -> Resolution:
    """`resolve_followup` once years pointed back at are written out."""
    current = parse(text)
    if not earlier:
        return Resolution(text, text)
    owned = _ITS_RE.search(current.form)
    if owned and not (current.wants_unit or current.wants_when or current.wants_list):
        return _of_the_earlier_topic(text, current, owned, parse(earlier[-1]))
    pointing = " ".join(m.group(0) for m in _POINTING_RE.finditer(current.form))
    # A change asked (比甲年降低几成) names no topic either: the comparator is how the figure is asked.
    lacks_topic = not [
        t for t in current.key_terms if t not in pointing and not _names_the_ask(t) and t not in STATEMENT_COMPARATORS
    ]
    if not (lacks_topic or _POINTING_RE.search(current.form)):
        return _in_the_same_region(text, current, parse(earlier[-1]), find_places)
    previous = parse(earlier[-1])
    if not previous.key_terms:  # nothing to carry (the earlier turn asked nothing either)
        return Resolution(text, text)
    renamed = None if lacks_topic else _done_otherwise(_own_words(current, find_places), previous.form)
    inherited: list[str] = []
    if lacks_topic or renamed:
        standalone = renamed or previous.form
        inherited.append("指标")
        if current.places:
            places = _places_text(current.form, find_places)
            if previous.places and _COMPARED_RE.search(current.form):  # 跟甲市比呢: both places are asked
                places = _places_text(previous.form, find_places) + "和" + places
            standalone = _replace_places(standalone, places, find_places)
        elif previous.places:
            inherited.append("地区")
        if current.years:
            standalone = _replace_years(standalone, current.years)
        elif previous.years:
            inherited.append("年份")
        own = "" if renamed else _own_words(current, find_places)
        change = _change_asked(current, find_places)
        if change:
            standalone = _split_ask(standalone)[0] + change
        elif own and (current.wants_unit or current.wants_when or current.wants_list or _WHAT_RE.search(own)):
            topic = _split_ask(standalone)[0]
            if current.wants_unit and not current.years:  # a duty belongs to the clause, not to a year
                topic = _TIME_SAID_RE.sub("", topic)
                inherited = [i for i in inherited if i != "年份"]
            standalone = topic + own
        else:
            inherited.append("所问")
    else:
        core = _STRIP_POINTING_RE.sub("", current.form)
        prefix = ""
        if not current.years and previous.years:
            prefix += f"{previous.years[0]}年"
            inherited.append("年份")
        if not current.places and previous.places:
            prefix += _places_text(previous.form, find_places)
            inherited.append("地区")
        standalone = prefix + core
        if not _asks(current):
            standalone += _split_ask(previous.form)[1] or "是多少"
            inherited.append("所问")
        if not inherited:
            return Resolution(text, text)
    about_clause = (
        bool(inherited)
        and (current.wants_unit or current.wants_when or current.wants_list)
        and (lacks_topic or bool(_THIS_RE.search(current.form)))
    )
    return Resolution(text, standalone.rstrip("?？。 "), tuple(inherited), about_clause)

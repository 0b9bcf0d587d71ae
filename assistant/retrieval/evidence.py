"""Whether an indicator a question does not name word for word is still the one it asks for.

Each asked word stands to a candidate indicator in one of four ways:
- covered: the name holds it (or the indicator's sentence or heading path does);
- explained: general Chinese makes it a synonym of a word of the name or sentence (one synonym group
  of the thesaurus: 薄膜 ~ 农膜, 空气 ~ 大气) — words of one class but not one group are kinds of one
  thing (农药 and 化肥), never the same indicator — or it names where the name's pollutant is measured
  (空气 for 可吸入颗粒物);
- conflicting: it distinguishes indicators and this one lacks it — it is a code or a number (PM10); or
  the indicator holds none of the things the question names, and the word stands in another indicator's name
  (湿地 of 湿地保护率, never in 野生动植物保护率) or names a thing the documents speak of (噪声) — a word saying what
  is done (制造) only through a sibling or closer name; or
  another indicator's name holds it together with every asked word this one's name holds (耕地 of
  受污染耕地安全利用率 against 污染地块安全利用率). When the indicator does hold a named thing (氮肥 of
  氮肥利用率), further things (农田, 作物) say where or by whom unless such a closer name exists. Also
  conflicting: a word right before one the name holds where the name has its own word there (绿化覆盖率
  asked, 清扫覆盖率 named: `rival_modifiers`), even one the indicator's sentence holds; a thing right after one
  the name holds where the name puts another thing there (the compound's head: `another_head_named`); a substance the
  name lacks while it names another (PM10 asked of a PM2.5 name); and a season or part of the day the name
  states otherwise (冬季 asked, 夏季 named);
- descriptive: how the staff member pictures it (新盖, 用过, 市民), none of the above.
A candidate is the asked indicator, read another way, when no word conflicts and an asked word that
names what is measured (not only its kind: 利用率, 覆盖率) stands in its name; the answer then says how
it was read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.retrieval.scales import another_member_named
from assistant.retrieval.word_kinds import (
    ABSTRACT,
    ACTIONS,
    BODILY_ACTIONS,
    KIND_HEAD_RE,
    PEOPLE,
    QUALITIES,
    SPACE,
    THINGS,
    another_medium,
    another_substance,
    holds_pollutant_of,
    names_material,
    names_substance,
    names_trade,
    totality,
)
from assistant.text.lexicon import (
    FIGURE_UNITS,
    SCOPE_WORDS,
    bare_unit,
)
from assistant.text.patterns import HAN, HAN_RE
from assistant.text.thesaurus import codes, kind_of, same_activity, synonyms_of


@dataclass(frozen=True)
class Evidence:
    covered: tuple[str, ...]
    in_context: tuple[str, ...]
    explained: tuple[str, ...]
    conflicts: tuple[str, ...]
    descriptive: tuple[str, ...]
    rivals: tuple[str, ...] = ()  # the conflicts naming a kind beside the name's own kind of a word it holds

    def kind_named(self, kinds: set[str]) -> Evidence:
        """This evidence with the descriptive words among `kinds` (words another candidate's name names a
        rival kind against: 高粱 of 高粱秸秆 against 谷子秸秆) as conflicts: they say which kind is asked, and
        a name without them states another or all kinds (all crops' straw)."""
        named = tuple(t for t in self.descriptive if t in kinds)
        if not named:
            return self
        rest = tuple(t for t in self.descriptive if t not in kinds)
        return Evidence(self.covered, self.in_context, self.explained, self.conflicts + named, rest, self.rivals)


@functools.lru_cache(maxsize=65536)
def words_of(text: str) -> tuple[str, ...]:
    """The words of a name or sentence (jieba), as a thesaurus would look them up."""
    import jieba

    return tuple(w for w in jieba.cut(text) if HAN_RE.search(w))


def _stems(text: str) -> set[str]:
    """The words of a text, and the stem of each word that ends in a kind of figure (国土面积 -> 国土): a
    synonym of the stem names the same thing measured."""
    words = words_of(text)
    heads = ((w, KIND_HEAD_RE.search(w)) for w in words)
    return set(words) | {w[: h.start()] for w, h in heads if h is not None and h.start() >= 2}


def ties(term: str, text: str) -> bool:
    """Whether general Chinese makes `term` a synonym of a word of `text` (one synonym group of the thesaurus),
    or a figure's word whose stem is one (使用率 ~ 利用率: the stem's synonym with the same kind of figure)."""
    kin = synonyms_of(term)
    # A word of the text is a substring of it: cutting the text (jieba, the cost of a cold question) is only
    # needed when some synonym stands in it.
    if any(w in text for w in kin) and any(w in kin for w in _stems(text)):
        return True
    head = KIND_HEAD_RE.search(term)
    if head is None or head.start() < 2:
        return False
    return any(len(w) >= 2 and w + head.group(0) in text for w in synonyms_of(term[: head.start()]))


def does_likewise(term: str, name: str) -> bool:
    """Whether an asked activity is one the name states in other words (处理 asked of a 治理率: see
    `thesaurus.same_activity`)."""
    if kind_of(term) != ACTIONS:
        return False
    # The tokenizer keeps some compounds whole (污水处理): their two-character words are read too.
    words = {w[i : i + 2] for w in _stems(name) for i in range(len(w) - 1)} | _stems(name)
    return any(same_activity(term, w) for w in words if w != term)


# Words that make a figure one per unit (万元GDP用水量, 人均…面积): not the total of the thing.
PER_UNIT_MARKERS = ("单位", "人均", "万元", "每")


def amount_of_named(term: str, held: tuple[str, ...]) -> bool:
    """Whether an asked word is one character and a kind of figure (水量) whose character an asked word the
    indicator holds already says (供水 of 供水甲): the amount of that same thing, named again."""
    return len(term) == 2 and KIND_HEAD_RE.fullmatch(term[1]) is not None and any(term[0] in w for w in held)


def total_of(term: str, name: str) -> bool:
    """Whether an asked total (总量, 总数; 总甲乙 of a thing the name holds, 甲乙) is the name's figure: the name
    ends in the same kind of figure (森林蓄积量) or holds the thing, and is no figure per unit. A stated amount
    is the total unless the name says otherwise."""
    rest = term[1:]
    if not term.startswith("总") or any(m in name for m in PER_UNIT_MARKERS):
        return False
    if KIND_HEAD_RE.fullmatch(rest) is not None:
        return name.endswith(rest)
    return len(rest) >= 2 and rest in name


def weigh(
    terms: tuple[str, ...],
    name: str,
    context: str,
    covers: Callable[[str, str], bool],
    conflicts: Callable[[str, tuple[str, ...], tuple[str, ...]], bool],
    question: str,
    tells_apart: Callable[[str], bool],
) -> Evidence:
    """How each asked word stands to one indicator (`name`, `context`: its sentence and heading path).
    `conflicts(term, covered, in_context)` says whether a word the indicator lacks names something else;
    an asked word naming another kind of a word the name holds conflicts too (`rival_modifiers`, with
    `question`'s form and `tells_apart`)."""
    covered: list[str] = []
    in_context: list[str] = []
    explained: list[str] = []
    conflicting: list[str] = []
    rest: list[str] = []
    for term in terms:
        if covers(term, name):
            covered.append(term)
            continue
        names_another = (
            another_substance(term, name) or another_medium(term, name) or another_member_named(term, question, name)
        )
        if not names_another and covers(term, context):
            in_context.append(term)
        elif ties(term, name) or ties(term, context) or holds_pollutant_of(term, name) or total_of(term, name):
            explained.append(term)
        else:
            # A substance or code (二氧化碳, PM10) the indicator does not hold names another figure, whatever the
            # corpus says of it: it never only describes.
            (conflicting if names_another or names_substance(term) else rest).append(term)
    held, around = tuple(covered), tuple(in_context)
    descriptive: list[str] = []
    for term in rest:
        # One character, who is meant (居民), where (农村: matched against the scope a name states, see
        # scope_of_figure.names_other_scope) or how much of it (全部) never tells indicators apart here.
        telling = (
            len(term) > 1
            and kind_of(term) != PEOPLE
            and term not in SCOPE_WORDS
            and not totality(term)
            and bare_unit(term) not in FIGURE_UNITS  # the asked unit: `fits` weighs it against the figure's
            and not amount_of_named(term, held + around)
        )
        # An activity the name states in other words (治理 for 处理) only describes how it is said.
        rival = (
            telling
            and not does_likewise(term, name)
            and (
                another_kind_named(term, name)
                or another_time_named(term, name)
                or another_product_named(term, question, name)
                or sibling_said_instead(term, question, context)
                or another_head_named(term, question, held, name)
                or conflicts(term, held, around)
            )
        )
        (conflicting if rival else descriptive).append(term)
    evidence = Evidence(held, around, tuple(explained), tuple(conflicting), tuple(descriptive))
    found = _rivalries(question, evidence, name, tells_apart)
    if not found:
        return evidence
    rivals = tuple(term for term, _ in found)
    kinds = tuple(term for term, kind in found if kind)
    return Evidence(
        held,
        tuple(t for t in around if t not in rivals),
        evidence.explained,
        evidence.conflicts + rivals,
        tuple(t for t in evidence.descriptive if t not in rivals),
        kinds,
    )


def rival_modifiers(
    question: str, evidence: Evidence, name: str, telling: Callable[[str], bool], kinds_only: bool = False
) -> tuple[str, ...]:
    """The asked words the indicator lacks (or holds only in its sentence) that stand right before a word its
    name holds, where the name puts another word of its own before that one: 绿化覆盖率 asked, 清扫覆盖率
    named; 国考断面 asked, 省考断面 named. The name then states another kind of the same thing. Only a word
    naming a kind counts (a thing or an idea, not what is done, when or how good), and only one that tells
    indicators apart (`telling`), a substance, or the sibling of the name's word (国考 ~ 省考): a colloquial
    word picturing the name's own (草木 for 绿化) stays descriptive. `kinds_only`: only the words naming a
    kind as the name's word does (高粱 against 谷子 before 秸秆, or against 其他)."""
    return tuple(term for term, kind in _rivalries(question, evidence, name, telling) if kind or not kinds_only)


def _rivalries(question: str, evidence: Evidence, name: str, telling: Callable[[str], bool]) -> list[tuple[str, bool]]:
    """Each rival modifier (see `rival_modifiers`), with whether it names a kind as the name's word does."""
    rivals = []
    asked = evidence.covered + evidence.in_context + evidence.explained + evidence.descriptive
    for term in evidence.descriptive + evidence.in_context:
        if len(term) < 2 or term in SCOPE_WORDS:
            continue
        # The word it stands before wherever the question says it (淘汰甲油产能…甲油企业: the second is 企业's).
        head = next(
            filter(
                None, (_head_after(question, at + len(term), evidence, name) for at in _occurrences(term, question))
            ),
            None,
        )
        if head is None:
            continue
        at = name.find(head)
        before = _word_before(name, at)
        if len(before) == 1:  # a character jieba cut off its compound (散乱 | 污 of 散乱污企业)
            before = _word_before(name, at - 1) + before
        # 种树 against 植树: one thing done, said two ways — but trades making other things (炼钢, 炼油) are two.
        other_made = (
            names_trade(term)
            and names_trade(before)
            and term[-1] != before[-1]
            and kind_of(term[-1]) == kind_of(before[-1]) == THINGS  # 养鱼 is a kind of 养殖, not another trade
        )
        if (
            not before
            or any(w in before or before in w for w in asked)
            or same_activity(term, before)
            and not other_made
        ):
            continue
        shaped = len(before) == len(term) and before[-1] == term[-1]  # 用地 and 耕地: kinds of one thing
        # What is done, when or how good names no kind; a space (用地) does beside its sibling, a trade (炼油企业)
        # beside another.
        if kind_of(term) not in (None, THINGS, ABSTRACT) and not (
            shaped and kind_of(term) == SPACE or names_trade(term)
        ):
            continue
        other = before in OTHER_KIND_WORDS  # 其他秸秆: the kinds a plan does not list, never the asked one
        if not (other or _may_rival(before)):
            continue
        kind = other or _same_kind(before, term)
        # Trades are siblings: 造纸企业 asked, 水泥企业 or 炼油企业 named (one doing the same was passed over
        # above) — but not a trade and what it makes, which share a character (炼钢, 钢铁).
        made = names_material(before) and not set(term) & set(before)
        industry = names_trade(term) and (made or names_trade(before))
        sibling = kind or shaped or industry
        if sibling or names_substance(term) or telling(term):
            rivals.append((term, kind))
    return rivals


def _occurrences(term: str, question: str) -> list[int]:
    """Where a word stands in the question, each time it is said."""
    return [m.start() for m in re.finditer(re.escape(term), question)]


def _head_after(question: str, end: int, evidence: Evidence, name: str) -> str | None:
    """The word the name holds that the question says right after position `end` (after 的, or after a generic
    word between that names no kind of its own: 甲乙|综合|植被), if any."""
    after = question[end:].removeprefix("的")
    between = next((w for w in evidence.descriptive if after.startswith(w) and not _may_rival(w)), "")
    after = after.removeprefix(between)
    return next((w for w in evidence.covered if after.startswith(w) and w in name), None)


# The thesaurus's seasons (Ca19: 春季, 冬季) and parts of the day (Ca27-Ca29: 早晨, 傍晚): each word group
# names one of a set of siblings, so a figure set for one is never that of another.
_TIMES_OF_YEAR_AND_DAY = ("Ca19", "Ca27", "Ca28", "Ca29")


def _times(word: str) -> set[str]:
    """The word groups of the seasons and parts of the day a word names (Ca19E for 冬季)."""
    return {code[:5] for code in codes(word) if code[:4] in _TIMES_OF_YEAR_AND_DAY}


def another_time_named(term: str, name: str) -> bool:
    """Whether an asked season or part of the day (冬季) stands against another the name states (夏季甲率)."""
    asked = _times(term)
    return bool(asked) and any(named and not named & asked for named in map(_times, words_of(name)))


def another_product_named(term: str, question: str, name: str) -> bool:
    """Whether an asked material (甲玻璃: a kind of 玻璃) stands against a trade or material the name states and the
    question does not (甲钢 of …产能甲钢250万吨): the figure is that product's. A trade and what it makes share a
    character (甲钢, 钢材), so they are one."""
    if not (names_material(term) or len(term) > _HEAD_CHARS and names_material(term[-_HEAD_CHARS:])):
        return False
    return any(
        (names_trade(w) or names_material(w)) and w not in question and not set(w) & set(term) for w in words_of(name)
    )


_SIDED = (QUALITIES, "I")  # qualities and states (主要, 次要): what has two sides; places and times are scopes


@functools.lru_cache(maxsize=4096)
def _opposed(word: str, other: str) -> bool:
    """Whether two words head two synonym groups of one small class of the thesaurus (主要 Ed28A01=, 次要
    Ed28B01=): two sides of one thing. Groups marked only related (#) or closed (@) may be near synonyms
    (Dd14B, Dd14C), so they are never opposed."""
    return any(
        a[:4] == b[:4] and a[4] != b[4] and a.endswith("=") and b.endswith("=") and a[0] in _SIDED
        for a in codes(word)
        for b in codes(other)
    )


def sibling_said_instead(term: str, question: str, context: str) -> bool:
    """Whether the indicator's sentence puts the opposite of an asked word (次要 for 主要, see `_opposed`) before
    the same next words as the question does (…处理): it speaks of that other side."""
    before_same = _before_next_words(term, question)
    return before_same is not None and any(
        m.group(1) not in question and _opposed(term, m.group(1)) for m in before_same.finditer(context)
    )


@functools.lru_cache(maxsize=1024)
def _before_next_words(term: str, question: str) -> re.Pattern[str] | None:
    """A pattern for the two characters before the question's next two after a word of two (甲乙 of 甲乙处理: ..处理),
    once per question rather than once per indicator; None when no Han characters follow."""
    at = question.find(term)
    after = question[at + len(term) : at + len(term) + 2] if at >= 0 else ""
    if len(term) != 2 or len(after) < 2 or not HAN_RE.fullmatch(after[0]):
        return None
    return re.compile(f"([{HAN}]{{2}}){re.escape(after)}")


def another_head_named(term: str, question: str, held: tuple[str, ...], name: str) -> bool:
    """Whether an asked thing follows a word the name holds where the name puts another thing after that word
    (甲乙污水 asked, 甲乙垃圾 named): the compound's head is what it names, so the name speaks of another thing.
    Both must be things of general Chinese and no synonyms; a place of application (城市) is no such word."""
    at = question.find(term)
    if at <= 0 or kind_of(term) != THINGS:
        return False
    before = question[:at].removesuffix("的")
    lead = next((w for w in held if before.endswith(w) and w not in SCOPE_WORDS), None)
    if lead is None:
        return False
    words = words_of(name)
    follows = (words[k + 1] for k, w in enumerate(words[:-1]) if w == lead)
    return any(kind_of(w) == THINGS and w not in question and not ties(term, w) for w in follows)


OTHER_KIND_WORDS = ("其他", "其它", "其余")
_HEAD_CHARS = 2  # a compound's head (产业 of 新兴产业): what it is a kind of


def another_kind_named(term: str, name: str) -> bool:
    """Whether the name speaks of the thing an asked word of four characters is a kind of, but not of that kind
    (甲乙产业 asked, 战略性新兴产业 named: 产业 of another kind): the name states that other kind."""
    if len(term) < 2 * _HEAD_CHARS or term in name:
        return False
    head = term[-_HEAD_CHARS:]
    return any(w.endswith(head) for w in words_of(name))


def _same_kind(word: str, other: str) -> bool:
    """Whether two words name things of one kind in general Chinese (高粱 and 谷子: grain crops, one middle
    class of the thesaurus's things; trees and grasses are two): before one shared word (秸秆) they name two kinds."""
    kinds = {c[:4] for c in codes(word) if c.startswith(THINGS)}
    return word != other and bool(kinds & {c[:4] for c in codes(other) if c.startswith(THINGS)})


def _word_before(name: str, at: int) -> str:
    """The word of `name` (jieba) that ends where position `at` begins; empty when `at` cuts a word."""
    end = 0
    for word in words_of(name[:at]) if at > 0 else ():
        end = name.find(word, end) + len(word)
        if end == at:
            return word
    return ""


def _may_rival(word: str) -> bool:
    """Whether a word of a name before a shared word may name another kind of it: a thing, an idea, a word
    general Chinese lacks (省考), a bodily action done to it (清扫) or a trade named by what it makes (采煤
    产能 beside 甲产能) — not a generic activity (综合, 累计), a quality (有效, 年均), a time, who is meant, a
    place of application (城市: see `SCOPE_WORDS`) or a single character."""
    if len(word) < 2 or word in SCOPE_WORDS:
        return False
    return kind_of(word) in (None, THINGS, ABSTRACT, BODILY_ACTIONS) or names_trade(word)

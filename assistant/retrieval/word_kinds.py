"""What general Chinese and the lexicon say a word names: a thing, a substance, a time, a trade, all of
something, or only the kind of figure measured (`evidence` weighs asked words with these)."""

from __future__ import annotations

import re

from assistant.text.lexicon import DUST_WORDS, ELEMENT_CHARS, MEDIUM_WORDS, POLLUTANT_MEDIA, POLLUTANT_WORDS
from assistant.text.thesaurus import codes, kind_of

# Thesaurus classes (cilin's top level): people (居民, 企业家) never tell indicators apart; things (噪声,
# 车辆) may name what one measures.
PEOPLE, THINGS, SPACE, ABSTRACT, QUALITIES = "A", "B", "C", "D", "E"
ACTIONS = "H"  # the thesaurus's actions (抚育, 治理, 修复)
TIMES = "Ca"  # the thesaurus's times (期末, 年底, 全年)
MATERIALS = "Bm"  # the thesaurus's materials (水泥, 钢铁, 煤炭): what a trade makes or uses
PRODUCTION = "Hd"  # making, mining, farming (炼焦, 采煤, 养殖): a trade named by what it makes
BODILY_ACTIONS = "F"  # 清扫, 洗: an action done to a thing, not a generic activity (综合, 累计)
_CODE_RE = re.compile(r"[A-Za-z0-9]")

# A word that only says what kind of figure is measured (利用率, 覆盖率, 比例, 总量): every indicator of that
# kind shares it, so it never tells which one is asked.
KIND_HEAD_RE = re.compile(r"(?:率|比例|比率|比重|占比|量|数|度|面积|浓度|规模|指数)$")


def names_what(term: str) -> bool:
    """Whether an asked word says what is measured, beyond the kind of figure (a substance does, even one whose
    name ends like a kind of figure: 化学需氧量)."""
    return len(term) >= 2 and (not KIND_HEAD_RE.search(term) or names_substance(term))


_POLLUTANTS = tuple({*POLLUTANT_WORDS} | {p for _, pollutants in POLLUTANT_MEDIA for p in pollutants})

# The thesaurus's group of words for all of something (全部, 所有, 全体, 整个): how much of a thing, not which.
_TOTALITY_GROUP = "Eb02C01"


def totality(term: str) -> bool:
    """Whether a word says all of something (全部 湿地): the share's whole, never another indicator's word."""
    return any(code.startswith(_TOTALITY_GROUP) for code in codes(term))


def holds_pollutant_of(medium: str, name: str) -> bool:
    """Whether `name` holds a pollutant measured in the medium a word names (空气 and a name holding PM10): the
    word then says where the figure is measured, not which figure. The medium's quality (空气质量) is said of it
    as the medium is."""
    medium = medium.removesuffix("质量") or medium
    return any(medium in media and any(p in name for p in pollutants) for media, pollutants in POLLUTANT_MEDIA)


def _media(text: str) -> set[int]:
    return {k for k, words in enumerate(MEDIUM_WORDS) if any(w in text for w in words)}


def another_medium(term: str, name: str) -> bool:
    """Whether an asked word names a medium (水质: water) and the name only another (a name of PM2.5: air)."""
    asked, named = _media(term), _media(name)
    return bool(asked) and bool(named) and not asked & named


def another_substance(term: str, name: str) -> bool:
    """An asked substance (PM10, 二氧化硫) the name does not hold while it names a pollutant (PM2.5浓度): the
    indicator measures that one, whatever its sentence also mentions. Only pollutants named whole count: a
    character of an element inside another word (低碳, 需氧量) names none."""
    return names_substance(term) and any(p in name for p in _POLLUTANTS)


def technical_term(term: str) -> bool:
    """A code (PM2.5, COD), a substance (二氧化硫: a chemical element's character), or a word general Chinese
    does not know (再生水): said only of one thing, so no other name stands in for it."""
    return names_substance(term) or kind_of(term) is None and len(term) >= 3


def names_substance(term: str) -> bool:
    """Whether a word is a code (PM2.5, COD) or names a substance (二氧化硫: a chemical element's character; a
    dust, 烟尘)."""
    return bool(_CODE_RE.search(term)) or any(c in ELEMENT_CHARS for c in term) or term in DUST_WORDS


def names_a_time(word: str) -> bool:
    """Whether general Chinese knows the word as a time (期末, 全年), in any of its readings."""
    return any(code.startswith(TIMES) for code in codes(word))


def names_a_thing(term: str) -> bool:
    """Whether a word may name a thing an indicator measures (噪声, 车辆: the thesaurus's class of
    things), or is a term general Chinese does not know (再生水) — rather than a manner, a time, an
    abstraction or an action, which describe (方式, 建设, 程度)."""
    if _CODE_RE.search(term):
        return True
    kind = kind_of(term)
    return kind == THINGS or kind is None and len(term) >= 3


def names_material(word: str) -> bool:
    """Whether general Chinese reads a word as a material (水泥, 钢铁, 煤炭): what a trade makes or burns."""
    return any(c.startswith(MATERIALS) for c in codes(word))


def names_trade(word: str) -> bool:
    """Whether general Chinese reads a word first as making, mining or farming something (采煤, 养殖)."""
    found = codes(word)
    return bool(found) and found[0].startswith(PRODUCTION)

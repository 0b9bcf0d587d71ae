"""Members of one scale or set: grades of pollution (优良 … 严重), levels of government or recognition (国家级, 省级 …
村级), levels assessing a water section (国考, 省考 …), sources of electric power (风电, 太阳能 …). A member asked is
never answered by another member the indicator's name states instead: the figure is that other one's (轻度污染 asked,
重度甲 stated; 省级甲 asked, 国家级甲 stated; one source of power asked, another's 装机 stated)."""

from __future__ import annotations

import re

from assistant.text.lexicon import ASSESSMENT_LEVELS, POWER_SOURCES, SEVERITY_GRADES
from assistant.text.patterns import LEVEL_RE

# A level with 以上 / 以下 after it (县级及以上) takes in a range of levels: no single other level.
_LEVEL_RANGE_RE = re.compile(rf"(?:{LEVEL_RE.pattern})(?:及|或)?以[上下]")
_LEVEL_SAID_RE = re.compile(rf"(?:{LEVEL_RE.pattern})(?!别)")  # not 区级 of 保护区级别
# Levels listed together (国家级、省级甲; 省级和市级): a figure said of them counts them all.
_LEVEL_LIST_RE = re.compile(rf"(?:{LEVEL_RE.pattern})(?:(?:[、和及与]|以及)(?:{LEVEL_RE.pattern}))+")
# Two levels said at once (国省考断面): both stand.
_LEVELS_JOINED_RE = re.compile(r"国省([考控])")


def _another_grade(term: str, name: str) -> bool:
    """Whether an asked grade (轻度) stands against another grade of its scale the name states (重度甲率); a
    grade 及以上 takes in the graver ones (严重 asked of 重度 及以上)."""
    if term not in SEVERITY_GRADES:
        return False
    asked = SEVERITY_GRADES.index(term)
    for k, grade in enumerate(SEVERITY_GRADES):
        # A grade of 度 is also said by its first character before 污染 (重污染天数 for 重度污染天数), not inside
        # another grade (严重污染).
        said = re.search(f"{grade}|(?<!严){grade[0]}污染" if grade.endswith("度") else grade, name)
        if grade != term and said and not (asked > k and name.startswith("及以上", said.end())):
            return True
    return False


def _another_level(term: str, name: str) -> bool:
    """Whether an asked level (省级) stands against a level the name states instead (国家级甲保有量): a name
    stating the asked level too (国家级、省级甲), or a range of levels (县级及以上), is not another level's."""
    if not LEVEL_RE.fullmatch(term) or term in name or _LEVEL_RANGE_RE.search(name):
        return False
    return _LEVEL_SAID_RE.search(name) is not None


def _asked_members(term: str, question: str, members: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """The members of a set an asked word belongs to: a word of a member's name the question holds, or one jieba
    glued a character to."""
    return [g for g in members if any(term in s or s in term for s in g if s in question)]


def _another_of_set(term: str, question: str, name: str, members: tuple[tuple[str, ...], ...]) -> bool:
    """Whether an asked word belongs to a member of a set (each member with its other names) the question names
    (a word of the member's name, or one jieba glued a character to) that the name does not state, while it
    states another member."""
    name = _LEVELS_JOINED_RE.sub(r"国\1省\1", name)
    asked = _asked_members(term, question, members)
    # 控 of 控制 (全市控制…) names no level.
    stated = [g for g in members if any(re.search(f"{re.escape(s)}(?!制)", name) for s in g)]
    return bool(asked and stated) and not set(asked) & set(stated)


def another_member_named(term: str, question: str, name: str) -> bool:
    """Whether an asked word is a member of a scale or set (a grade, a level, an assessing level, a source of power)
    against another member the name (or a quoted sentence) states instead."""
    return (
        _another_grade(term, name)
        or _another_level(term, name)
        or _another_of_set(term, question, name, POWER_SOURCES)
        or _another_of_set(term, question, name, ASSESSMENT_LEVELS)
    )


def names_set_member(term: str, question: str) -> bool:
    """Whether an asked word belongs to a member of a set (a source of power, an assessing level) the question
    names: only such a word can stand against another member a figure's sentence states."""
    return any(_asked_members(term, question, members) for members in (POWER_SOURCES, ASSESSMENT_LEVELS))


def another_member_leads(term: str, question: str, name: str, lead: str) -> bool:
    """Whether an asked member of a set (a source of power, an assessing level) stands against another member the
    words leading to a figure state (`lead`: 光伏发电项目:…总装机) where its name states no member of that set: the
    figure is that member's. Grades and levels of government are read from the name alone (a sentence lists
    several)."""
    for members in (POWER_SOURCES, ASSESSMENT_LEVELS):
        named = any(re.search(f"{re.escape(s)}(?!制)", name) for group in members for s in group)
        if not named and _another_of_set(term, question, lead, members):
            return True
    return False


def levels_listed_apart(question: str, text: str) -> bool:
    """Whether the text lists levels together (国家级、省级甲) where the question names only some of them (国家级甲):
    a figure the text says of the list counts them all, not the asked level's."""
    if _LEVEL_RANGE_RE.search(question):
        return False  # 省级以上 asked: the higher levels listed are the asked ones too
    asked = set(LEVEL_RE.findall(question))
    for listed in _LEVEL_LIST_RE.finditer(text):
        levels = set(LEVEL_RE.findall(listed.group(0)))
        # …分别达到甲和乙 gives each its own figure; 其中省级20个 the asked level's own.
        own = "分别" in text[listed.end() :] or any(f"其中{level}" in text for level in asked)
        if asked & levels and not levels <= asked and not own:
            return True
    return False

"""Regular expressions shared by several stages, defined once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.lexicon import DEADLINE_LABELS, META_KEYS, OTHER_DUTY_LABELS, RESPONSIBLE_ROLES, WHOLE_REGION_WORDS


def longest_first(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, the longest first: a longer word (控制在) is matched before a
    shorter one it holds (控制)."""
    return "|".join(sorted(words, key=len, reverse=True))


HAN = "\u4e00-\u9fff"  # the CJK Unified Ideographs block, as a character-class range
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")  # a run of Han characters (fullmatch: a word with no code, PM10, SO2)
SENTENCE_END = "。；;！!？?"  # characters that end a sentence (a clause's parts are cut after them)
SENTENCE_END_RE = re.compile(f"[{SENTENCE_END}]")
CLAUSE_SENTENCE_END = "。；;\n"  # what ends a sentence of a clause's text for a figure or a list of titles


def sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """Where the sentence of `text` around position `at` begins and ends (up to 。 ； or a line end)."""
    begin = max(text.rfind(c, 0, at) for c in CLAUSE_SENTENCE_END) + 1
    ends = [e for e in (text.find(c, at) for c in CLAUSE_SENTENCE_END) if e >= 0]
    return begin, min(ends, default=len(text))


# The comma-separated parts of a sentence, each stating at most a figure or two.
PART_RE = re.compile(r"[^，,；;。！？!?\n]+")
# The pieces of a stretch between commas or semicolons only (read within a sentence already found).
COMMA_PIECE_RE = re.compile(r"[^,，;；]+")
YEAR = r"(?:19|20)\d{2}"  # a calendar year 1900–2099
# A span of years (2021—2025年, 2021年至2025年, 2023-2025)
YEAR_SPAN = rf"{YEAR}\s*年?度?\s*(?:[—–\-~～]+|至|到)\s*{YEAR}\s*年?度?"
YEAR_RE = re.compile(rf"(?<!\d){YEAR}(?!\d)")  # a year anywhere (also inside 2023—2025)
ASKED_YEAR_RE = re.compile(rf"(?<!\d)({YEAR})(?=年|\s|$|[^\d.%])")  # a year in a question, not 2025.5 or 2025%
# A year in a question with what makes it a point in time (2018年底前 …), removed before key terms are cut.
ASKED_TIME_RE = re.compile(rf"(?<!\d)(?:{YEAR})(?:\s*年(?:底|末|内|初)?(?:前|以前|之前)?)?(?=年|\s|$|[^\d.%])")
# A document number (发文字号) as GB/T 9704 writes it: issuer code, year in 〔〕, serial, 号 (spaces
# as a PDF repost leaves them: 苏委发〔2022〕7 号; square brackets as a web page may write them).
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*[号號]")
# Which years something covers, asked (…是哪几年的, 从哪年到哪年): general Chinese, a closed class.
WHICH_YEARS = r"(?:哪几年|哪些年份?|从哪(?:一)?年到哪(?:一)?年)"
# The middle of this century, as plans name their furthest horizon (到本世纪中叶): 2050 in policy usage.
MID_CENTURY_RE = re.compile(r"(?:本|21|二十一)世纪中叶")
MID_CENTURY_YEAR = 2050
# A year given in two digits, as people say it (25年, 18年底前) — a point in time when a time word follows
# (底 末 前 初 的 要 …, or 和 / 、 joining another year: 24年、25年) or the question's start, 到, 在, 和 …
# precedes (SHORT_YEAR_BEFORE); never
# 30年一遇, 5年内 or 用10年时间, which are durations.
SHORT_YEAR_RE = re.compile(r"(?<![\d.])([0-4]\d)年(?!一遇|内|间|以来|来|左右|多|时间)")
SHORT_YEAR_AFTER_RE = re.compile(
    r"底|末|初|前|以前|之前|的|要|将|应|需|计划|目标|达到|实现|完成|占|该|这|那|呢|和|与|及|分别|[、?？,，。\s]|$"
)
SHORT_YEAR_BEFORE = (
    "到",
    "至",
    "在",
    "于",
    "截至",
    "截止",
    "从",
    "自",
    "和",
    "与",
    "及",
    "比",
    "较",
    "、",
    ",",
    "，",
    " ",
)
SHORT_YEAR_DURATION_BEFORE = (
    "近",
    "这",
    "过去",
    "最近",
    "未来",
    "今后",
    "用",
    "花",
    "经过",
    "历时",
    "持续",
    "连续",
    "每",
)
# A bracketed stretch (an aside, a note): what it holds qualifies the words before it.
BRACKETED_RE = re.compile(r"[(（][^()（）]*[)）]")
# The year a change is counted from (在2015年基础上下降20%, 在2015年70微克/立方米的基础上): as 比2015年, a baseline.
BASE_YEAR = rf"在\s*({YEAR})\s*年(?:末|底)?"
_ON_BASIS = r"[^,，。；;]{0,24}?的?基础上"
ON_BASIS_RE = re.compile(BASE_YEAR + _ON_BASIS)  # the whole stretch, 在2015年…的基础上
BASIS_YEAR_RE = re.compile(rf"{BASE_YEAR}(?={_ON_BASIS})")  # its year only
# A year a figure is compared with (比2021年下降, 较2016年末增加): its baseline, never the time it applies to
# or the time a question asks about.
BASELINE_YEAR_RE = re.compile(
    rf"(?:较|(?<![占对])比|与|相比|相较于?|同比|(?:和|跟|同)(?=\s*{YEAR}\s*年\s*相比)|(?:由|从)(?=\s*{YEAR}\s*年的))"
    rf"\s*({YEAR})\s*年(?:末|底)?"
)  # 和2013年相比 compares as 比2013年 does; so does 由2005年的水平 (降低65%)
# A measured condition on who is meant, ending in 的 (浓度在50至60微克/立方米之间的甲镇…): it says which
# places or things a target is for, not the target.
CONDITION = r"(?:超过|低于|高于|不足|大于|小于|在)\s*[\d.]+[^，,；;。：:的]{0,16}的"
# 截至2024年底,…超标25.7%: the date a state was measured at, which says nothing of when a target is due
# (截至2025年底前完成 is a deadline: its 前 says so).
AS_OF_RE = re.compile(rf"(?:截至|截止)(?:到)?\s*(?:{YEAR}\s*年[^，,。；;前]{{0,4}})(?![^，,。；;]{{0,2}}前)")
# A year or a month as a sentence states it, or a date as a metadata table writes it (2012-05-21).
DATE_RE = re.compile(rf"(?<!\d){YEAR}\s*年|\d{{1,2}}\s*月|(?<!\d){YEAR}[-./]\d{{1,2}}[-./]\d{{1,2}}(?!\d)")
BOOK_TITLE_RE = re.compile(r"《[^》]*》")
# A document cited as the source of what follows (《甲纲要》中明确, 《乙方案》要求); 《方案》, 《实施意见》 (up to
# SELF_REFERENCE_CHARS) is a plan naming itself by its kind.
CITED_AS_SOURCE_RE = re.compile(r"《([^》]+)》(?:中|里)?(?:明确|提出|规定|要求|指出)")
SELF_REFERENCE_CHARS = 4
# A metadata key as a web page's table writes it, spaces allowed between its characters (发 布 机 构).
META_KEY_PATTERN = "|".join(r"\s*".join(k) for k in sorted(META_KEYS, key=len, reverse=True))
# The whole of a plan's own region (全市, 我州): said of every row, so it tells no indicator apart.
WHOLE_REGION_RE = re.compile("|".join(WHOLE_REGION_WORDS))
MARKER_RE = re.compile(r"\[(\d{1,2})\]")  # a citation marker [n]
_RESPONSIBLE = "|".join(RESPONSIBLE_ROLES)
# A duty line: (牵头单位: …) / 〔牵头单位: …〕 / 配合单位：… / 完成时限：… at the start of a line.
DUTY_LINE_RE = re.compile(rf"^[(（〔【[]?\s*({_RESPONSIBLE}|{'|'.join(OTHER_DUTY_LABELS)})\s*[:：]")
# A responsible-unit label anywhere in a clause, or a bracketed duty note naming who leads
# ((市环保局牵头,市经信委配合); (甲局、乙局按职责分工负责); 〔甲局、乙局等按职责分工负责。责任单位:…〕, a note a
# full stop ends before its bracket does, or a capture cut off before its bracket: …(甲局牵头,各 at the text's end), as
# plans without duty lines write it.
LED_BY_NOTE = r"[(（〔【]([^()（）〔〕【】:：\n]{2,40}?(?:牵头|负责)[^()（）〔〕【】。\n]*)(?:[)）〕】]|。|$)"
RESPONSIBLE_RE = re.compile(rf"({_RESPONSIBLE})\s*[:：]|{LED_BY_NOTE}")
# A deadline line's label and its date (完成时限：2025年12月底), up to the line's end.
DEADLINE_RE = re.compile(rf"(?:{'|'.join(DEADLINE_LABELS)})\s*[:：][^\n]*\S")
# A level of government or recognition (国家级, 省级, 市级 …): a list may state it alone for a second figure, and a
# count of it asks for the things of that level the next word names.
LEVEL_RE = re.compile(r"(?:国家|部|省|自治区|市|州|县|区|乡|镇|村)级")  # 部级: a ministry's, as 国家级

# A date as a document or its page writes it: 2017-12-21, 2017年12月21日, 2017.12.21.
WRITTEN_DATE_RE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")


def other_documents_cited(text: str, title: str, region: str | None, asked: str = "") -> list[str]:
    """The documents `text` (search form) gives what follows as theirs (《甲纲要》中明确…), other than the one titled
    `title` (search form; a plan naming itself by its kind or its title gives its own), those of its own `region`
    (a news page reporting 《甲市…方案》要求… of 甲市's plan) and those the question
    (`asked`, search form) speaks of by a pair of characters of their names that the title lacks (东北 of 《东北
    甲纲要》 asked of 乙县's plan)."""
    cited = (m.group(1) for m in CITED_AS_SOURCE_RE.finditer(text))
    return [
        name
        for name in cited
        if len(name) > SELF_REFERENCE_CHARS
        and name not in title
        and not (region and region in name)
        and not any(name[k : k + 2] in asked and name[k : k + 2] not in title for k in range(len(name) - 1))
    ]


# Before a class (三类, 一类), a word that makes it no class named (哪一类 asks which, 这一类 or 每一类 points at one).
NOT_A_CLASS_NAMED = r"(?<![哪几每各同另这那])"

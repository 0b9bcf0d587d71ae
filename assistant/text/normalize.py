"""The search form of text: Simplified script, half-width characters, plain numerals.

The original text is what users see and what offsets point into; the search form is
only ever used for matching (BM25, region detection, grounding checks).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc

from assistant.text.lexicon import FIGURE_UNITS
from assistant.text.thesaurus import codes

_ROMAN = {
    "Ⅰ": "I",
    "Ⅱ": "II",
    "Ⅲ": "III",
    "Ⅳ": "IV",
    "Ⅴ": "V",
    "Ⅵ": "VI",
    "ⅰ": "I",
    "ⅱ": "II",
    "ⅲ": "III",
    "ⅳ": "IV",
    "ⅴ": "V",
}
_ROMAN_RE = re.compile("|".join(_ROMAN))
_SPACES_RE = re.compile(r"[ \t\u3000\xa0]+")
# A particle code written in lower case (pm2.5, pm10), as web captures do: the code documents write.
_LOWER_PM_RE = re.compile(r"(?<![A-Za-z])pm(?=2\.5|10)")
# A class or grade written in Roman numerals is the one in Chinese numerals (Ⅲ类水体 = 三类水体, 劣Ⅴ类 = 劣五类,
# 清洁生产Ⅰ级 = 清洁生产一级).
_CLASS_NUMERALS = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五"}
# Read before Traditional script is simplified: 類 and 級 count as 类 and 级 (Ⅲ類 = 三类).
_CLASS_RE = re.compile(r"(?<![A-Za-z])(IV|V|I{1,3})(?=[类级類級])")
# A year written in digit words (二〇三〇年, 二○○五年 with a white circle for zero, 一九九八年): its four digits,
# character for character, so its period is read and offsets carry over.
_DIGIT_WORDS = dict(zip("〇○零一二三四五六七八九", "000123456789"))
_YEAR_IN_WORDS_RE = re.compile(r"(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}(?=年)")


# Kangxi radicals (⽔ U+2F54), CJK radical supplement and compatibility ideographs: PDF text layers
# use them for ordinary characters, which search, Ctrl-F and copy then miss. Folded to the
# ideograph they stand for (NFKC of just these characters; the rest of the text is left as written).
_COMPAT_HAN_RE = re.compile("[\u2e3a\u2e3b\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
# The simplified-form radicals of the supplement, which NFKC leaves alone (Unicode's
# EquivalentUnifiedIdeograph.txt), and the two- and three-em dashes printed for —— and ———.
_SUPPLEMENT = dict(
    zip(
        "⺟⺠⺧⺮⺳⺷⻄⻅⻆⻈⻉⻋⻓⻔⻗⻘⻛⻜⻝⻠⻢⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
        "母民牛竹网羊西见角讠贝车长门雨青风飞食饣马鬼鱼鸟卤麦黄黾齐齿龙龟",
    )
) | {"\u2e3a": "——", "\u2e3b": "———"}


def _folded(char: str) -> str:
    return _SUPPLEMENT.get(char) or unicodedata.normalize("NFKC", char)


def fold_compatibility_han(text: str) -> str:
    """`text` with Kangxi radicals and compatibility ideographs written as the ideographs they stand for."""
    return _COMPAT_HAN_RE.sub(lambda m: _folded(m.group(0)), text)


# A pronunciation a web page printed after a character ((tài) of 態(tài)): no document's own words. Only a
# bracket of Latin letters with a tone mark, right after a character, is one.
_PINYIN_NOTE_RE = re.compile(r"(?<=[\u4e00-\u9fff|｜])\((?=[a-zü]*[\u00e0-\u01dc])[a-zü\u00e0-\u01dc]{1,6}\)")


def without_pinyin_notes(text: str) -> str:
    """`text` without the pinyin a page printed in brackets after characters (設(shè)計 -> 設計)."""
    return _PINYIN_NOTE_RE.sub("", text)


@functools.lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified (OpenCC t2s)."""
    return _t2s().convert(text)


def search_form(text: str) -> str:
    """Normalise text for matching: Simplified script, NFKC (full-width to half-width, μg/m³ to μg/m3), Roman
    numerals (classes and grades in Chinese numerals), particle codes in upper case (pm2.5 to PM2.5), years in digit words
    in digits (二〇二五年 to 2025年)."""
    text = _ROMAN_RE.sub(lambda m: _ROMAN[m.group(0)], text)
    text = _YEAR_IN_WORDS_RE.sub(lambda m: "".join(_DIGIT_WORDS[c] for c in m.group(0)), text)
    text = unicodedata.normalize("NFKC", text)
    text = _CLASS_RE.sub(lambda m: _CLASS_NUMERALS[m.group(1)], text)
    text = _LOWER_PM_RE.sub("PM", to_simplified(text))
    return _SPACES_RE.sub(" ", text)


# Levels and sizes written once for a shared last character (国、省控 = 国控、省控; 大、中型 = 大型、中型): general
# Chinese grammar, a closed class of characters, so a word such as 国控 is found in a name that writes 国、省控.
_SHARED_TAIL_RE = re.compile(
    r"(?:[国省市县区乡镇村]、?)+[国省市县区乡镇村](?=[控考级])|(?:[大中小微]、?)+[大中小微](?=型)"
)


# One character with its alternative in brackets before a shared last one (烟(粉)尘: two dusts, each named).
_BRACKETED_ALTERNATIVE_RE = re.compile(r"([\u4e00-\u9fff])[(（]([\u4e00-\u9fff])[)）](?=([\u4e00-\u9fff]))")


def _alternatives_written_out(m: re.Match[str]) -> str:
    """Both words written out (烟(粉)尘: 烟尘 and the other dust) when general Chinese knows both; 县(市)森林
    stays (市 stands for 县)."""
    first, other, tail = m.group(1), m.group(2), m.group(3)
    if codes(first + tail) and codes(other + tail):
        return f"{first}{tail}、{other}"
    return m.group(0)


def spelled_out(text: str) -> str:
    """`text` with levels or sizes that share one last character written out in full (国、省控断面 ->
    国控、省控断面; 省市县级 -> 省级市级县级), and so a character written with its alternative in brackets
    (烟(粉)尘: both dusts)."""
    text = _BRACKETED_ALTERNATIVE_RE.sub(_alternatives_written_out, text)

    def each(m: re.Match[str]) -> str:
        tail = text[m.end()]
        heads = [c for c in m.group(0) if c != "、"]
        joiner = "、" if "、" in m.group(0) else ""
        return joiner.join(h + tail for h in heads[:-1]) + joiner + heads[-1]

    return _SHARED_TAIL_RE.sub(each, text)


def aligned_form(text: str) -> str:
    """The search form of `text`, character for character (same length, so offsets carry over)."""
    form = search_form(text)
    if len(form) == len(text):
        return form
    return "".join(f if len(f := search_form(c)) == 1 else c for c in text)


def detect_script(text: str) -> str:
    """Return "traditional" when converting to Simplified changes a noticeable share of Han characters."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "simplified"
    sample = "".join(han[:5000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return "traditional" if changed / len(sample) > 0.05 else "simplified"


# A number with its unit kept whole: 3.78%, 2.33亿立方米, 1.4万台, 2025年, 不少于7个 -> 7个, 5亿元 (not 5亿美元),
# 3.5倍 (not 3.5). Longer units first: the alternation takes the first that matches.
_UNITS = "|".join(
    re.escape(u)
    for u in sorted(
        {*FIGURE_UNITS, "万千瓦", "万亩", "万吨", "万台", "年", "月", "日", "枚", "欧元"}, key=lambda u: (-len(u), u)
    )
)
# Dotted dates and clause numbers (2023.10.01, 3.2.1) are one token, not 2023.10 and 01.
NUMBER_RE = re.compile(rf"\d+(?:\.\d+){{2,}}|\d+(?:\.\d+)?(?:[万亿千百]+)?(?:{_UNITS})?")


def number_tokens(text: str) -> list[str]:
    """Numbers with their units in the search form of `text`, e.g. ['2025年', '3.78%']."""
    return NUMBER_RE.findall(search_form(text))


# Grounding compares figures more strictly than matching does: a sign is part of a figure (−3.78% is
# not 3.78%), and a currency is part of its unit (5亿港元 is not 5亿元). Not used for search tokens.
_CURRENCIES = "港元|港币|澳门元|澳元|日元|韩元|英镑|卢布|新台币|人民币"
FIGURE_RE = re.compile(
    rf"(?:(?<![\dA-Za-z.])-(?=\d))?(?:\d+(?:\.\d+){{2,}}|\d+(?:\.\d+)?(?:[万亿千百]+)?"
    rf"(?:{_CURRENCIES}|{_UNITS})?)"
)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
# It opens with a digit or 十 (亿 in 5亿 belongs to an Arabic number) and follows no Arabic digit.
_CN_NUMERAL = (
    "(?<![\\d.])[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?"
)
# A Chinese numeral that states a figure: after 百分之, or before a unit (九十九个, 五亿元, a year in digit words).
_CN_FIGURE_RE = re.compile(rf"百分之({_CN_NUMERAL}|\d+(?:\.\d+)?)|({_CN_NUMERAL})(?=[万亿]?(?:{_CURRENCIES}|{_UNITS}))")


def _small_number(text: str) -> int:
    """九十九 -> 99, 三千零五 -> 3005 (a numeral below 万)."""
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            total += (1 if digit is None else digit) * _CN_SMALL[char]
            digit = None
    return total + (digit or 0)


def chinese_numeral_value(text: str) -> str:
    """The Arabic form of a Chinese numeral as a document would write it: 九十九 -> 99, a year in digit words -> its four digits,
    五亿 -> 5亿, 一万二千 -> 12000, 零点五 -> 0.5."""
    whole, _, fraction = text.partition("点")
    suffix = ""
    if whole.endswith(("万", "亿")) and len(whole) > 1:
        whole, suffix = whole[:-1], whole[-1]
    if whole and all(c in _CN_DIGITS for c in whole) and len(whole) > 1:  # a year, read digit by digit
        number = "".join(str(_CN_DIGITS[c]) for c in whole)
    else:
        value, rest = 0, whole
        for big, factor in (("亿", 10**8), ("万", 10**4)):
            if big in rest:
                head, rest = rest.split(big, 1)
                value += _small_number(head) * factor
        number = str(value + _small_number(rest))
    if fraction:
        number += "." + "".join(str(_CN_DIGITS[c]) for c in fraction)
    return number + suffix


# A date written in Chinese numerals, as GB/T 9704-1999 signs a document (二〇一二年三月二日; its search form
# has the year in digits).
CHINESE_DATE_RE = re.compile(
    r"([〇零一二三四五六七八九]{4}|\d{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)


def chinese_date(match: re.Match[str]) -> str:
    """A `CHINESE_DATE_RE` match as an ISO date (二〇一二年三月二日 -> 2012-03-02)."""
    year, month, day = (match[k] if match[k].isdigit() else chinese_numeral_value(match[k]) for k in (1, 2, 3))
    return f"{year}-{int(month):02d}-{int(day):02d}"


def arabic_figures(text: str) -> str:
    """`text` with the Chinese numerals that state figures written in Arabic digits (百分之九十九 -> 99%,
    三十五个 -> 35个), so a grounding check sees them. A lone 一 (一批, 一个) is a manner of speaking, not a figure."""

    def convert(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            value = match.group(1)
            return (value if value[0].isdigit() else chinese_numeral_value(value)) + "%"
        numeral = match.group(2)
        return numeral if numeral == "一" else chinese_numeral_value(numeral)

    return _CN_FIGURE_RE.sub(convert, text)

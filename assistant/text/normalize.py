"""The search form of text: Simplified script, half-width characters, plain numerals.

The original text is what users see and what offsets point into; the search form is
only ever used for matching (BM25, region detection, grounding checks).
"""
from __future__ import annotations

import functools
import re
import unicodedata

import opencc

_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI",
          "ⅰ": "I", "ⅱ": "II", "ⅲ": "III", "ⅳ": "IV", "ⅴ": "V"}
_ROMAN_RE = re.compile("|".join(_ROMAN))
_SPACES_RE = re.compile(r"[ \t\u3000\xa0]+")


@functools.lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified (OpenCC t2s)."""
    return _t2s().convert(text)


def search_form(text: str) -> str:
    """Normalise text for matching: Simplified script, NFKC (full-width to half-width), Roman numerals."""
    text = _ROMAN_RE.sub(lambda m: _ROMAN[m.group(0)], text)
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return _SPACES_RE.sub(" ", text)


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
_UNITS = ("平方公里|平方千米|平方米|立方米/秒|立方米|公里|千米|毫米|厘米|千瓦时|万千瓦|千瓦|兆瓦|万亩|亩|公顷|万吨/天|吨/天|万吨|"
          "吨标煤|蒸吨/小时|蒸吨|吨|公斤|千克|万台|台|个百分点|个|家|处|座|辆|项|天|年|月|日|小时|人|户|所|条|种|次|起|枚|"
          "件|名|套|批|株|棵|只|头|片|宗|美元|欧元|元|倍|米|mg/L|毫克/升|毫克/立方米|微克/立方米|%|‰")
# Dotted dates and clause numbers (2023.10.01, 3.2.1) are one token, not 2023.10 and 01.
NUMBER_RE = re.compile(rf"\d+(?:\.\d+){{2,}}|\d+(?:\.\d+)?(?:[万亿千百]+)?(?:{_UNITS})?")


def number_tokens(text: str) -> list[str]:
    """Numbers with their units in the search form of `text`, e.g. ['2025年', '3.78%']."""
    return NUMBER_RE.findall(search_form(text))

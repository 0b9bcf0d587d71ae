"""Finding indicators by the words of their names: whether a word stands in a name (as is, through a
synonym, split or in short form) and which rows' names may hold it, searched over all names at once.

Names are searched as one string (each ended by a newline) rather than name by name: a scope of thousands
of plans holds hundreds of thousands of rows, and look-alike plans repeat most names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.coverage import halves_stand
from assistant.retrieval.short_forms import (
    ENTERING_VERBS,
    abbreviates,
    ends_form,
    ends_form_stands,
    short_form,
    short_form_stands,
)
from assistant.text.normalize import search_form, spelled_out
from assistant.text.thesaurus import synonyms_of

HELD_ROWS = 4_000_000  # row numbers kept between questions by needle (32 MB; the same words recur)

Phrases = tuple[tuple[str, frozenset[str]], ...]  # a question's phrases with the variants a name may hold


def total_form(term: str) -> str:
    """How a plan names the amount a word of 量 measures as a total (用水量 -> 用水总量, 排放量 -> 排放总量);
    empty for any other word."""
    return f"{term[:-1]}总量" if len(term) >= 3 and term.endswith("量") and not term.endswith("总量") else ""


# Complements of direction (调过来, 送出去): they say which way a one-character verb acts, and that verb is
# the word a name holds (调 of 引调水, 送 of 外送) where the name goes the same way: in (过来, 进来, 回来) unless it
# says out (出, 外); out (出去, 出来) only where it says so. Others (下来 of 省下来) say no way in or out.
_INWARD = ("过来", "进来", "回来")
_OUTWARD = ("出去", "出来")
_OUT_CHARS = "出外"


def verb_before_direction(term: str) -> str:
    """The verb of a one-character verb with a complement of direction in or out (调过来 -> 调); empty for any
    other word."""
    return term[0] if len(term) == 3 and term[1:] in _INWARD + _OUTWARD else ""


def verb_stands(term: str, name: str) -> bool:
    """Whether a name holds the verb of an asked verb with a complement of direction (`verb_before_direction`) and
    goes the way it does (调出去 is not 引调水)."""
    verb = verb_before_direction(term)
    if not verb or verb not in name:
        return False
    return any(c in name for c in _OUT_CHARS) == (term[1:] in _OUTWARD)


def said_apart(term: str, name: str) -> bool:
    """Whether a name says a word of three characters apart: its first two, then a word meaning its last one
    opened by that character (甲乙车: 甲乙新增…车辆)."""
    at = name.find(term[:2]) if len(term) == 3 else -1
    if at < 0:
        return False
    return any(name.find(w, at + 2) >= 0 for w in synonyms_of(term[2]) if w.startswith(term[2]))


def _variant_in(phrase: str, variant: str, name: str) -> bool:
    """Whether a phrase's variant stands in a name: a synonym as is, the phrase's own short forms only as one
    (see `short_form_stands`, `ends_form_stands`)."""
    if variant == short_form(phrase):
        return short_form_stands(phrase, name)
    if variant == ends_form(phrase):
        return ends_form_stands(phrase, name)
    return variant in name


class IndicatorNames:
    """The indicator table's names (brackets dropped), by row, with the rows holding a word kept between
    questions."""

    def __init__(self, names: Sequence[str], synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        # Brackets dropped for matching: 县(市) is asked as 县市, 城市(县城) as 城市 or 县城; a shared last
        # character written out (国、省控 holds 国控).
        forms: dict[str, str] = {}  # by distinct name: look-alike plans repeat most names
        self.names = [
            forms.get(name) or forms.setdefault(name, re.sub(r"[()（）]", "", spelled_out(search_form(name))))
            for name in names
        ]
        distinct: dict[str, int] = {}
        self._name_of_row = np.array([distinct.setdefault(n, len(distinct)) for n in self.names], dtype=np.int64)
        self._joined = "".join(n + "\n" for n in distinct)
        self._ends = np.cumsum([len(n) + 1 for n in distinct], dtype=np.int64) - 1
        self._holding: dict[str, np.ndarray] = {}  # rows by needle
        self._naming: dict[str, np.ndarray] = {}  # rows that may name a word (`naming` of no phrase)

    def covers(self, term: str, name: str, phrases: Phrases = ()) -> bool:
        """Whether `term` stands in `name`: as is, through a synonym (of the term, or of a phrase of the
        question the term is part of: 生态保护 of 生态保护红线 ~ the file's other name for it), as two halves
        (农田灌溉), or in short or long form (公交 ~ 公共交通)."""
        if self.synonyms.expand_in(term, name):
            return True
        if any(term in phrase and any(_variant_in(phrase, v, name) for v in variants) for phrase, variants in phrases):
            return True
        total = total_form(term)
        if total and total in name:
            return True
        if verb_stands(term, name):
            return True
        return halves_stand(term, name) or abbreviates(term, name) or said_apart(term, name)

    def naming(self, term: str, phrases: Phrases = ()) -> np.ndarray:
        """Rows whose name may hold `term` as `covers` decides (a superset: found by substring search over
        all names at once, where checking every name of a large scope takes seconds)."""
        kept = None if phrases else self._naming.get(term)
        if kept is None:
            kept = self._find_naming(term, phrases)
            if not phrases:  # asked again for every candidate row: kept with the needles' rows
                self._naming[term] = kept
        return kept

    def _find_naming(self, term: str, phrases: Phrases) -> np.ndarray:
        needles = set(self.synonyms.variants(term))
        needles |= {
            term.replace(part, other)
            for part, others in self.synonyms.groups.items()
            if len(part) >= 2 and part in term and part != term
            for other in others
        }
        needles |= {v for phrase, variants in phrases if term in phrase for v in variants}
        needles |= {w for w in synonyms_of(term) if len(w) >= 2}  # general Chinese: 房子 -> 房屋
        needles.add(short_form(term))  # 环境保护 -> 环保
        needles.add(total_form(term))  # 用水量 -> 用水总量
        needles.add(verb_before_direction(term))  # 调过来 -> 调
        if len(term) == 3 and any(w.startswith(term[2]) for w in synonyms_of(term[2])):
            needles.add(term[:2])  # said apart (甲乙车: 甲乙…车辆): only where a word can open with its last one
        found = [self.holding(n) for n in needles if n]
        if 2 <= len(term) <= 3:  # the short form of four characters of a name (环保局: 环境保护)
            found.append(self._matching(f"{re.escape(term[0])}[^\n]{re.escape(term[1])}[^\n]"))
        if len(term) == 2:  # its two characters opening two words, one word between (城管: 城市环境管理)
            found.append(self._matching(f"{re.escape(term[0])}[^\n]{{1,4}}{re.escape(term[1])}[^\n]"))
            found.append(self._matching(f"[{ENTERING_VERBS}]{re.escape(term[0])}"))  # 园区 entered: 入园
        half = len(term) // 2
        if len(term) >= 4:
            found.append(np.intersect1d(self.holding(term[:half]), self.holding(term[half:])))
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def holding(self, needle: str) -> np.ndarray:
        """Rows whose (bracket-free) name holds `needle`."""
        if "\n" in needle:
            return np.zeros(0, np.int64)
        return self._matching(re.escape(needle))

    def _matching(self, pattern: str) -> np.ndarray:
        """Rows whose (bracket-free) name matches `pattern` (a regular expression not crossing names)."""
        rows = self._holding.get(pattern)  # read once: another thread may clear the dict meanwhile
        if rows is None:
            starts = [m.start() for m in re.finditer(pattern, self._joined)]
            names = np.zeros(len(self._ends), dtype=bool)
            names[np.searchsorted(self._ends, starts, side="right")] = True
            rows = np.flatnonzero(names[self._name_of_row]).astype(np.int64)
            if sum(len(r) for r in list(self._holding.values())) >= HELD_ROWS:
                self._holding.clear()
                self._naming.clear()
            self._holding[pattern] = rows
        return rows

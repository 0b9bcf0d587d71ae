"""Which words of a question name the indicator it asks for: its content words without kind words, comparators
and generic words, a character the tokenizer glued on taken off or put back, and the words of an explanation
that follows the named indicator or of a purpose clause before it left out."""

from __future__ import annotations

import re

from assistant.retrieval.question import Question
from assistant.retrieval.word_kinds import ABSTRACT, THINGS, names_a_time
from assistant.text.lexicon import (
    COMPARATOR_WORDS,
    EXPLANATION_OPENERS,
    KIND_CHARS,
    KIND_WORDS,
    LOCATIVE_CHARS,
    LOOSE_CHARS,
    ROW_RESTATING_WORDS,
    TITLE_ENDINGS,
    is_filler,
)
from assistant.text.thesaurus import ACTIVITIES, codes, kind_of

_PURPOSE_RE = re.compile(r"为了[^，,。？?！!]+[，,]")
# What a named document is said to do (…实施方案提到，/…规划指出：): a word between its kind and the comma.
_DOCUMENT_SAYS_RE = re.compile(rf"(?:{'|'.join(TITLE_ENDINGS)}|》)([\u4e00-\u9fff]{{1,2}})[，,:：]")
# An explanation opening a sentence or clause of its own (…多少？就是…, …,即…; not 即将, 即可 …).
_EXPLANATION_RE = re.compile(rf"[?？。!！;；,，]\s*(?:{'|'.join(EXPLANATION_OPENERS)})(?![将时可使便刻])")


_SHARE = "(?:比例|比重|比率|百分比|几成)"


def _names_a_thing_or_idea(word: str) -> bool:
    """Whether general Chinese knows the word as a thing or an abstract thing (能源, 有机), not a verb or a
    modal (不能, 到位)."""
    return any(code[0] in (THINGS, ABSTRACT) for code in codes(word))


def _without_locative(term: str) -> str:
    """A word general Chinese does not know ending in a locative after one it knows as a thing (林地里, 水库里)
    is that thing."""
    if len(term) > 2 and term[-1] in LOCATIVE_CHARS and not codes(term) and _names_a_thing_or_idea(term[:-1]):
        return term[:-1]
    return term


def _unglued(term: str) -> str:
    """A question word without a loose character the tokenizer glued on (将达 -> 达) or a locative (林地里), unless
    the character belongs to the word: one general Chinese knows as a thing (能源, 有机), or as any word when
    taking it off would leave a lone character (能耗, not 耗)."""
    if _names_a_thing_or_idea(term):
        return term
    stripped = term.strip(LOOSE_CHARS)
    if len(stripped) == 1 and codes(term):
        return term
    return _without_locative(stripped or term)


def kind_rejoined(terms: list[str], form: str) -> list[str]:
    """The words with a kind character the tokenizer cut off its word (污水处理 | 率, once glued to the next
    word) put back on it (污水处理率): it says what kind of figure that word's thing is measured by."""
    out: list[str] = []
    for term in terms:
        if out and len(term) == 1 and term in KIND_CHARS and out[-1] + term in form:
            out[-1] += term
        else:
            out.append(term)
    return out


def asked_terms(question: Question) -> tuple[str, ...]:
    """The question's words that name the indicator (kind words and generic words left out; the words of
    an explanation that follows the named indicator, …多少？就是…, as well)."""
    # A loose character glued on by the tokenizer (将达, 能降) goes; one of a word (能源, 有机) stays.
    terms = kind_rejoined([_unglued(t) for t in question.key_terms], question.form)
    asked = tuple(
        dict.fromkeys(
            t
            for t in terms
            if t not in ROW_RESTATING_WORDS
            and t not in KIND_WORDS
            and t not in COMPARATOR_WORDS
            and not re.fullmatch(r"[\d.%]+", t)
        )
    )
    opened = _EXPLANATION_RE.search(question.form)
    named = [t for t in asked if opened and 0 <= question.form.find(t) < opened.start()]
    asked = tuple(named) or asked
    # A purpose clause (为了…，) says why the figure is set, not which figure is asked.
    purpose = _PURPOSE_RE.search(question.form)
    if purpose:
        meant = tuple(t for t in asked if not purpose.start() <= question.form.find(t) < purpose.end())
        asked = meant or asked
    says = _DOCUMENT_SAYS_RE.search(question.form)
    if says:
        asked = tuple(t for t in asked if not says.start(1) <= question.form.find(t) < says.end(1)) or asked
    # A time a share is taken of (天数占全年比例): the whole the share is of, not what is measured.
    return tuple(t for t in asked if not (names_a_time(t) and re.search(f"占{re.escape(t)}的?{_SHARE}", question.form)))


# A share or a degree said after the last asked word (…覆盖的比例, …盖住地面的程度): the kind of figure asked.
_KIND_AFTER_RE = re.compile(r"的?(?:比例|比重|比率|占比|百分比|程度(?!上))")


def asked_head(last: str, form: str) -> str | None:
    """The asked word naming what is asked for, `last` (the last asked word), unless a share or a degree follows
    it (甲乙覆盖比例): that kind of figure is then what is asked for, and the word only says of what."""
    at = form.rfind(last)
    return None if at >= 0 and _KIND_AFTER_RE.match(form, at + len(last)) else last


MIN_SHARED_RUN = 3  # characters a stretch of the question must share with a name to re-cut the words it crosses


def _names_indicator(term: str) -> bool:
    """Whether a word left of a re-cut may still name the indicator (not a comparator, kind or filler word)."""
    return (
        len(term) >= 2
        and term not in ROW_RESTATING_WORDS
        and term not in KIND_WORDS
        and term not in COMPARATOR_WORDS
        and not is_filler(term)
    )


def _shared_edge(form: str, start: int, end: int, name: str, tail: bool) -> tuple[int, int] | None:
    """Where the stretch of `name` lies that the tail (or head) of the word at form[start:end] starts (ends),
    with the question's next (previous) characters: at least `MIN_SHARED_RUN` characters, as long as the name
    holds it, and leaving the word at least one character; None when there is none."""
    for k in range(end - start - 1, 0, -1):
        lo, hi = (end - k, end + 1) if tail else (start - 1, start + k)
        if lo < 0 or hi > len(form) or form[lo:hi] not in name:
            continue
        while lo > 0 and form[lo - 1 : hi] in name:
            lo -= 1
        while hi < len(form) and form[lo : hi + 1] in name:
            hi += 1
        if hi - lo >= MIN_SHARED_RUN:
            return lo, hi
    return None


def recut_by_name(terms: tuple[str, ...], form: str, name: str) -> tuple[str, ...]:
    """The asked words as a name would cut them. jieba may cut a domain term it does not know across its words
    (配电管网损耗率 -> 配电管 | 网损 | 耗率控制): a word of the question that crosses into a stretch it shares with
    `name` (管网损耗率) loses the characters inside it (配电; 控制, a comparator, goes), and the stretch stands
    for the words inside it. A word that would keep one character is kept whole: that character names
    another kind (细颗粒物 against 可吸入颗粒物年均浓度); so is a level (国家级 against 省级甲). Words the name holds
    whole are kept as they are."""
    out: list[tuple[int, str]] = []  # (where in the question, word), in the order the words were asked
    stretches: set[tuple[int, int]] = set()
    for term in terms:
        start = form.find(term)
        if term in name or start < 0 or term.endswith("级"):
            out.append((start, term))  # a level (国家级 against 省级) is one word, never cut at its 级
            continue
        end = start + len(term)
        shared = [e for e in (_shared_edge(form, start, end, name, t) for t in (False, True)) if e is not None]
        rest_start = max([start, *(hi for lo, hi in shared if lo < start)])
        rest_end = min([end, *(lo for lo, hi in shared if hi > end)])
        rest = form[rest_start:rest_end]
        if not shared or len(rest) < 2:
            out.append((start, term))  # one character left (细 of 细颗粒物) tells the name's word apart
            continue
        stretches.update(shared)
        pieces = [(lo, form[lo:hi]) for lo, hi in shared] + ([(rest_start, rest)] if _names_indicator(rest) else [])
        out.extend(sorted(pieces))
    if not stretches:
        return terms
    # A word inside a stretch (网损 of 管网损耗率) is the stretch's.
    out = [
        (at, t) for at, t in out if not any(lo <= at and at + len(t) <= hi and t != form[lo:hi] for lo, hi in stretches)
    ]
    return tuple(dict.fromkeys(t for _, t in out))


def done_word(word: str) -> bool:
    """Whether the thesaurus reads a word first as something done (治理, 退化)."""
    kind = kind_of(word)
    return kind is not None and kind in ACTIVITIES


def measured_words(question: Question, things: bool = False) -> list[str]:
    """The asked activities right before a kind of quantity (甲乙 of 甲乙面积, where 甲乙 is done to the thing
    measured). Only a word of two characters that the thesaurus reads as an activity or does not know, or, with
    `things`, a thing; a time or a quality there only describes (全年)."""
    out = []
    for term in asked_terms(question):
        at = question.form.find(term)
        after = question.form[at + len(term) :].removeprefix("的") if at >= 0 else ""
        kind = kind_of(term)
        measured = kind is None or done_word(term) or things and kind == THINGS
        if len(term) == 2 and measured and after.startswith(KIND_WORDS):
            out.append(term)
    return out

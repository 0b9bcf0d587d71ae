"""How general Chinese shortens words, and whether a short or long form of an asked word stands in a name: 公共交通
-> 公交, 能源消耗 -> 能耗, 城市环境管理 -> 城管, 入园 for the 园区 entered."""

from __future__ import annotations

import re

from assistant.retrieval.evidence import words_of
from assistant.retrieval.word_kinds import SPACE
from assistant.text.lexicon import KIND_CHARS
from assistant.text.thesaurus import ACTIVITIES, codes, kin, kind_of


def short_form(word: str) -> str:
    """How general Chinese shortens a word of four characters: its first and third (公共交通 -> 公交,
    水土保持 -> 水保, 环境保护 -> 环保); empty for any other length."""
    return word[0] + word[2] if len(word) == 4 else ""


def ends_form(word: str) -> str:
    """The other way general Chinese shortens a word of four characters: its first and last (能源消耗 -> 能耗);
    empty for any other length."""
    return word[0] + word[3] if len(word) == 4 else ""


def ends_form_stands(phrase: str, text: str) -> bool:
    """Whether the first and last characters of two asked words (能源 消耗 -> 能耗) open a word of `text` as their
    short form: only when the second word is an action (发电, 消耗; 总量 or 质量 shorten to nothing: 用水 总量 is no
    用量) and general Chinese knows the short form as no thing of its own (光伏 发电 is no 光电); a substring alone
    may cut across two words."""
    short = ends_form(phrase)
    if not short or short not in text or not _acts(phrase[2:]):
        return False
    if codes(short) and not _acts(short):
        return False
    return any(w.startswith(short) for w in words_of(text))


def _acts(word: str) -> bool:
    """Whether general Chinese reads the word as an action or activity (a reading of class F-J)."""
    return any(code[0] in ACTIVITIES for code in codes(word))


def object_phrases(terms: tuple[str, ...], form: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The compounds a question says as a verb, 的 and its object (甲的乙): a plan writes the object first (乙甲:
    能源消耗) or shortened to its first and last characters (能耗). Only a verb the thesaurus knows as an action
    or activity (a reading of class F-J) is read so."""
    return tuple(
        (verb + "的" + thing, frozenset({thing + verb, ends_form(thing + verb)}))
        for verb in terms
        for thing in terms
        if len(verb) == len(thing) == 2 and verb + "的" + thing in form and _acts(verb)
    )


def short_form_stands(phrase: str, text: str) -> bool:
    """Whether the short form of two asked words (环境保护 -> 环保) stands in `text` as one: a word of it, two of
    its words' openings, or cutting into a word general Chinese relates to the first asked word (河治 of
    江河治理 for 河流治理: 江河 ~ 河流, or written with its characters swapped) — never across an unrelated word (a
    second character of one word and the first of the next, as 耕地 | 安全 holds 地安)."""
    short = short_form(phrase)
    if not short or short not in text:
        return False
    words = words_of(text)
    for word, following in zip(words, (*words[1:], "")):
        if word.startswith(short):
            return True
        # A cut word kin to the first asked word, or that word with its characters swapped (石化能源 written for
        # 化石能源: the commonest slip of a plan's typist).
        cut = word.endswith(short[0]) and (kin(phrase[:2], word) or word[-2:] == phrase[1::-1])
        opens = word[0] == short[0] or cut
        if opens and following.startswith(short[1]):
            return True
    return False


def abbreviates(term: str, text: str) -> bool:
    """Whether `term` is the long form of a short word in `text` (环境保护 ~ 环保), or holds the short form
    of four characters of `text` (公交站 ~ 公共交通, 环保局 ~ 环境保护, 县城 ~ 县级城市, 能耗 ~ 能源消耗)."""
    if len(term) == 4 and short_form(term) in text:
        return True
    if not 2 <= len(term) <= 3:
        return False
    # The short form opens the word (环保局): only the first two characters are looked for, with a character
    # left out after each (环境保护), not the short form itself followed by its own second character (甲乙乙丙).
    # A kind of figure closing the short word (水保率) closes the long form too (水土保持率), never a figure
    # of something further on (水土保持重点工程…完成率).
    head = re.escape(term[2]) if len(term) == 3 and term[2] in KIND_CHARS else ""
    if re.search(f"{re.escape(term[0])}(?!{re.escape(term[1])})[^\\s]{re.escape(term[1])}[^\\s]{head}", text):
        return True
    return len(term) == 2 and (_opens_split_words(term, text) or _ends_of_a_word(term, text) or enters(term, text))


# 入园 for 进入园区: a verb of entering keeps only the first character of the place entered.
ENTERING_VERBS = "入进"


def enters(term: str, text: str) -> bool:
    """Whether a place of two characters (园区: the thesaurus's class of space) stands in `text` as what is entered,
    by its first character alone after a verb of entering (入园: entering the 园区). A thing is never
    read so: 进水 is what flows in, not a 水体 entered."""
    if kind_of(term) != SPACE:
        return False
    return re.search(f"[{ENTERING_VERBS}]{re.escape(term[0])}(?!{re.escape(term[1])})", text) is not None


def _ends_of_a_word(term: str, text: str) -> bool:
    """Whether a short word is the first and last characters of a four-character word of `text` (能耗 ~ 能源消耗)."""
    return term[0] in text and any(ends_form(w) == term for w in words_of(text))


def _opens_split_words(term: str, text: str) -> bool:
    """Whether a short word's two characters open two words of `text` with at most one word between them
    (城管 ~ 城市环境管理: 城市 | 环境 | 管理): a long form a plan wrote with its subject inside."""
    if not re.search(f"{re.escape(term[0])}.{{1,4}}{re.escape(term[1])}", text):
        return False
    words = words_of(text)
    return any(
        len(first) == 2 and first[0] == term[0] and any(len(w) == 2 and w[0] == term[1] for w in words[i + 1 : i + 3])
        for i, first in enumerate(words)
    )

"""A count a plan states inside the name of a set (五气共治, 两个中心, 三个着力, 七部门, 18部委): a question asking
几 / 多少 of such a name is answered with the name as the plan writes it, cited to its sentence.

Plans name programmes and bodies by their number, in Chinese numerals or digits; no indicator is read from
them (the number is part of a name, not a target). The name must stand once in the asked region's plans with
one number, the question's other words must stand in its sentence (or the plan's title and heading), and the
noun counted must not be a unit of measure (几个百分点 asks a figure, which the indicator table answers); a
sentence dating the set to other years than the asked one does not answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.answering_sentences import MIN_COVERAGE, sentences
from assistant.answer.document_record import retrieved_or_read
from assistant.answer.extractive import Draft, clause_number
from assistant.answer.sentence_evidence import COUNT_WORD, dated_otherwise
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.retrieval.asked_quantity import unit_kind
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.evidence import words_of
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import FIGURE_UNITS, unit_first_parts
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import HAN, HAN_RE, LEVEL_RE, PART_RE, longest_first

DocumentClauses = Callable[[str], list[Chunk]]
# 几 / 多少, an optional 个, then the counted noun and what follows it (几个〈甲乙〉〈丙丁〉: 甲乙丙丁).
_ASKED_RE = re.compile(f"(?:几|多少)个?([{HAN}]{{1,4}})")
_QUOTED_RE = re.compile(r"[“\"]([^”\"]*(?:几|多少)[^”\"]*)[”\"]")
MIN_NOUN_CHARS = 2  # one character after 几 names a set's noun only inside a quoted name (“几〈甲〉共治”)


def _measure_units() -> list[str]:
    """The units of measure written in characters (微克/立方米, 万千瓦, 亩), not counting words (个, 项) or days."""
    units = [u for u in FIGURE_UNITS if HAN_RE.match(u) and unit_kind(u) not in ("count", "days")]
    # A unit per another said by its first part (微克 of 微克/立方米) is asked as well.
    return [re.escape(u) for u in dict.fromkeys([*units, *unit_first_parts(units)]) if len(u) > 1 or unit_kind(u)]


# A unit written after 几 / 多少: the question asks a figure in it, which counts no set.
_UNIT_AT_RE = re.compile("[万亿千百]?(?:" + longest_first(_measure_units()) + ")")


def _asked_nouns(form: str) -> list[list[tuple[str, str]]]:
    """For each count the question asks (几个〈甲乙丙〉、多少项〈丁戊〉), the nouns it may count, longest first
    (甲乙丙, 甲乙), each with the word a level asked names (see `_noun_after`)."""
    quoted = _QUOTED_RE.search(form)
    shortest = 1 if quoted else MIN_NOUN_CHARS
    text = quoted.group(1) if quoted else form
    asks = []
    for asked in _ASKED_RE.finditer(text):
        if _UNIT_AT_RE.match(text, asked.start(1)):
            continue  # 多少微克/立方米 asks a figure in that unit, which counts no set
        run = asked.group(1)
        nouns = [run[:k] for k in range(len(run), shortest - 1, -1)]
        ends = _word_ends(text[asked.start(1) :]) if not quoted else set(range(len(run) + 1))
        # A noun cut inside the question's word (国家 of 国家级) is not what it counts.
        nouns = [n for n in nouns if unit_kind(n) is None and unit_kind(n[:1]) is None and len(n) in ends]
        asks.append([(n, _noun_after(text, asked.start(1) + len(n), n)) for n in nouns])
    return [nouns for nouns in asks if nouns]


def _word_ends(text: str) -> set[int]:
    """Where the words of `text` end (jieba), counted from its start."""
    import jieba

    ends, at = set(), 0
    for word in jieba.cut(text):
        at += len(word)
        ends.add(at)
    return ends


def _noun_after(text: str, at: int, noun: str) -> str:
    """The word of `text` starting at `at` when `noun` is a level (几个国家级|甲: the level says which ones,
    the word after it what is counted); "" otherwise."""
    if not LEVEL_RE.fullmatch(noun) or at >= len(text) or not HAN_RE.match(text[at]):
        return ""
    return next(iter(words_of(text[at:])), "")


def _named_counts(chunk: Chunk, form: str, noun: str, after: str) -> list[tuple[str, int]]:
    """Each name in the clause counting `noun` (两个中心), found in `form` (the clause's aligned search form): its
    text as the clause writes it, and where it starts; with `after`, only a name the asked noun goes on from
    (2个国家级乙 does not count 国家级甲)."""
    pattern = re.compile(f"{COUNT_WORD}个?{re.escape(noun)}{re.escape(after)}")
    return [
        (chunk.text[m.start() : m.start() + len(m.group(0)) - len(after)], m.start()) for m in pattern.finditer(form)
    ]


def numbered_name_answer(result: SearchResult, document_clauses: DocumentClauses) -> Draft | None:
    """The set names that answer a count question (“几〈甲〉共治” -> 五〈甲〉共治 as the plan writes it), one
    line per count a named set answers, or None when none does."""
    question = result.question
    asks = _asked_nouns(question.form)
    if not asks or len(result.scope.covered) > 1:
        return None
    # Each clause's search form is made once, whichever of the nouns finds its name.
    clauses = [(c, aligned_form(c.text)) for doc_id in result.scope.doc_ids for c in document_clauses(doc_id)]
    answered = [_named_set(result, clauses, nouns) for nouns in asks]
    if not any(answered):
        return None
    lines: list[str] = []
    hits: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    # An ask no set answers is left out: the words after 几 may be no noun at all (几年内完成).
    for line, hit, span in (found for found in answered if found is not None):
        n = clause_number(hits, hit)
        quotes.setdefault(n, []).append(span)
        lines.append(f"{line}[{n}]")
    return Draft("\n".join(lines), True, hits, "a set named by its number", quotes)


def _named_set(
    result: SearchResult, clauses: list[tuple[Chunk, str]], nouns: list[tuple[str, str]]
) -> tuple[str, ScoredChunk, Span] | None:
    """The line naming the set one asked count counts (its name and the sentence part holding it), its hit and
    quoted span, or None."""
    for noun, after in nouns:
        found = [(chunk, hit) for chunk, form in clauses for hit in _named_counts(chunk, form, noun, after)]
        if not found:
            continue
        if len({search_form(name) for _, (name, _) in found}) != 1:
            return None  # two numbers for one noun: which set is meant is not clear
        return _cited(result, found[0][0], found[0][1])
    return None


def _cited(result: SearchResult, chunk: Chunk, named: tuple[str, int]) -> tuple[str, ScoredChunk, Span] | None:
    """The sentence part holding the name, with its hit and span, when the sentence states the question's other
    words."""
    name, start = named
    hit = retrieved_or_read(result, chunk, "a set named by its number")
    for begin, finish in sentences(hit):
        if begin <= start < finish:
            sentence = chunk.text[begin:finish]
            coverage, _ = term_coverage(result.question, search_form(sentence), f"{chunk.path_text} {chunk.title}")
            if coverage < MIN_COVERAGE and not _QUOTED_RE.search(result.question.form):
                return None
            # A set the sentence dates (到2025年…5个, also in a quoted headline) says nothing of 2030.
            if dated_otherwise(search_form(sentence), result.question.years, headlines=True):
                return None
            # The part of the sentence that holds the name (between its commas) is quoted, not the whole sentence.
            part = next(p for p in PART_RE.finditer(chunk.text, begin, finish) if p.start() <= start < p.end())
            quote = part.group(0).strip()
            at = part.start() + len(part.group(0)) - len(part.group(0).lstrip())
            return f"{name}：{quote}", hit, (at, at + len(quote))
    return None

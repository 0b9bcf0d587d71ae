"""List questions about measures (有哪些措施 / 哪些任务 / 包括哪些工作) answered with the items a heading
enumerates (its sub-headings, clauses each led by —— or 一是, or paragraphs each opening with a short sentence
naming them); a clause without items is answered by its sentences (`clause_measures`). A heading named whole and
asked what it is (基本原则是什么) is answered with its items too.

Plans list their measures as the clauses under one heading (一是… 二是…, 1. 2. 3., (1) (2)); the
chunker keeps each item a clause of its own whose heading path ends in the item. A question that
names such a heading is answered with one line per item — its label, cited to its own clause —
instead of the one sentence that happens to score best. A clause without items states its measures
sentence by sentence: a measures question (…要采取哪些措施, 如何推进…) whose best clause holds the asked
words is answered with that clause's sentences, each cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.extractive import Draft
from assistant.documents import Chunk, ScoredChunk, Span
from assistant.ingest.headings import INDICATOR_RE, INLINE_ITEM_RE, heading_label
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.question import Question
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import MEASURE_NOUNS
from assistant.text.normalize import search_form
from assistant.text.patterns import HAN

MIN_HEADING_COVERAGE = 0.5  # share of the asked words the heading must state (as for an answering sentence)
MAX_ITEMS = 12
MAX_LABEL_CHARS = 60
HEADINGS_LOOKED_AT = 5  # retrieved clauses whose headings may be the one asked about
ELLIPSIS = "…"
# A paragraph's opening sentence naming it (坚持生态优先、绿色发展。): principles and tasks are named in 4 to 16
# characters in the plans at hand; a prose paragraph's first sentence runs longer.
MAX_PARAGRAPH_LABEL_CHARS = 20

ClausesUnder = Callable[[Chunk, int], list[Chunk]]
_OPENING_SENTENCE_RE = re.compile(r"[^。；;！!？?]+")
# What a plan's main body is called (its tasks), and the word naming its closing safeguards.
_TASK_NOUNS = ("任务", "工作", "行动", "工程", "措施")
_TASK_SECTION_RE = re.compile(f"(?:{'|'.join(_TASK_NOUNS)})$")
_SAFEGUARD = "保障"
# What a named heading holds, asked as what it is (基本原则是什么): its items answer as for 有哪些.
_WHAT_IS_RE = re.compile(r"(?:是|有|包括)什么[?？。]?$")
_LISTED_NOUN_RE = re.compile(rf"([{HAN}]{{2}})(?:都|还)?(?:有|包括|是)哪")
# The noun a list question asks after its ask (哪几个甲区, 有哪些甲区): the end of what is listed.
_ASKED_NOUN_RE = re.compile(rf"哪(?:些|几[个项类座家条处场种批大])([{HAN}]{{2,6}}?)(?:[呢吗啊？?。]|$)")
# Where a led item's opening phrase ends (一是决胜甲乙战,…): the words that name the item.
_PHRASE_END_RE = re.compile(r"[,，:：。；;]")
# A plan's closing section on how it is carried out (三、保障措施, 五、行动保障, 三、加强组织实施).
_SAFEGUARD_SECTION_RE = re.compile(r"保障|组织实施")


def _asked_heading(result: SearchResult) -> tuple[ScoredChunk, int] | None:
    """The retrieved clause and path depth of the heading the question names best (one it names word for
    word before others, then the deepest among equals), when it states enough of the asked words and has
    items under it."""
    best: tuple[bool, float, int, int] | None = None
    found = None
    for rank, hit in enumerate(result.hits[:HEADINGS_LOOKED_AT]):
        for depth in range(1, len(hit.chunk.path)):
            heading = hit.chunk.path[depth - 1]
            # Words naming the plan (those of its title) say which document, not which heading: half weight.
            coverage, _ = term_coverage(result.question, search_form(heading), hit.chunk.title, result.term_weights)
            # A list noun the question asks (任务 of 行动任务) is no key term, so coverage alone ties a heading
            # named whole with its deeper items that share the other words, or finds no heading at all.
            named = _named_whole(result.question.form, heading)
            # A heading holding none of the asked words itself (only the title does) is not the one asked about.
            own, _ = term_coverage(result.question, search_form(heading), "", result.term_weights)
            key = (named, coverage, depth, -rank)
            if (named or (own > 0 and coverage >= MIN_HEADING_COVERAGE)) and (best is None or key > best):
                best, found = key, (hit, depth)
    return found


def _named_whole(form: str, heading: str) -> bool:
    """Whether the question names a heading word for word (哪几条〈甲〉 of “(二)〈甲〉”): what it lists is
    then asked, whatever its items are called."""
    label = heading_label(search_form(heading))
    return len(label) >= 2 and label in form


def _headed_by_listed_term(question: Question, heading: str) -> bool:
    """Whether a heading ends in the key word the question lists (…建设保障体系 for 保障体系有哪些 or 有哪些保障体系):
    it names the kind of thing asked for, not only a task the things serve (哪些乙用于〈甲〉)."""
    label = heading_label(search_form(heading))
    form = question.form
    # The noun right before the ask (规划目标有哪些: 目标) counts though it is no key term.
    listed = [m.group(1) for m in _LISTED_NOUN_RE.finditer(form)]
    return any(
        label.endswith(term) and re.search(rf"哪(?:些|几[{HAN}]?){term}|{term}(?:都|还)?(?:有|包括|是)哪", form)
        for term in (*question.key_terms, *listed)
        if len(term) >= 2
    )


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS].rstrip("，,、；;") + ELLIPSIS


def _span(chunk: Chunk, label: str) -> list[Span]:
    """Where the item's label stands in its clause (the highlight), when it does."""
    bare = label.removesuffix(ELLIPSIS)
    at = chunk.text.find(bare)
    return [(at, at + len(bare))] if at >= 0 else []


def _opening_clause(chunk: Chunk, depth: int, clauses_under: ClausesUnder) -> Chunk | None:
    """The first clause standing right under the heading at `depth` of `chunk`'s path, before its items."""
    head = tuple(chunk.path[:depth])
    return next((c for c in clauses_under(chunk, depth - 1) if tuple(c.path) == head), None)


def list_answer(result: SearchResult, clauses_under: ClausesUnder) -> Draft | None:
    """The items under the heading a list question names, or the headings of one level each ending in the noun it
    lists (哪几个〈甲区〉: 1.打造乙〈甲区〉, 2.打造丙〈甲区〉), one cited line each; None when there are not two such
    items (then a sentence answers it)."""
    question = result.question
    if not (question.wants_list or _WHAT_IS_RE.search(question.form)) or question.wants_unit or not result.hits:
        return None
    listed = _heading_list(result, clauses_under)
    return listed if listed is not None or not question.wants_list else _listed_noun_items(result, clauses_under)


def _asked_nouns(question: Question) -> list[str]:
    """The nouns a list question asks after its ask (哪几个甲区 -> 甲区) that hold one of its key words."""
    nouns = [m.group(1) for m in _ASKED_NOUN_RE.finditer(question.form)]
    return [n for n in nouns if any(t in n and len(t) >= 2 for t in question.key_terms)]


def _listed_noun_items(result: SearchResult, clauses_under: ClausesUnder) -> Draft | None:
    """The headings of one level that each end in the noun the question lists (哪几个甲, 有哪些甲), or whose
    opening phrase does (一是决胜乙甲,…), under the parent of the best retrieved clause holding such a heading."""
    nouns = _asked_nouns(result.question)
    for hit in result.hits[:HEADINGS_LOOKED_AT] if nouns else ():
        for depth in range(1, len(hit.chunk.path)):
            noun = next((n for n in nouns if _naming_words(hit.chunk.path[depth])[0].endswith(n)), None)
            if noun is None:
                continue
            items: dict[str, Chunk] = {}
            for heading, clause in _items_at(hit.chunk, depth, clauses_under).items():
                searched, written = _naming_words(heading)
                if searched.endswith(noun):
                    items.setdefault(written, clause)
            if len(items) >= 2:
                return _items_draft(result, hit, depth, items, clauses_under)
    return None


def _naming_words(heading: str) -> tuple[str, str]:
    """The words naming a heading, searched and shown: its label and the heading itself, or for an item led in its
    paragraph (一是决胜乙甲,…) the phrase after the lead up to the first stop, shown as written where the search
    form spells the heading one for one."""
    form = search_form(heading)
    label = heading_label(form)
    led = INLINE_ITEM_RE.match(label)
    if led is None:
        return label, heading
    phrase = _PHRASE_END_RE.split(label[led.end() :], maxsplit=1)[0]
    at = form.find(phrase)
    return phrase, heading[at : at + len(phrase)] if len(form) == len(heading) and at >= 0 else phrase


def _heading_list(result: SearchResult, clauses_under: ClausesUnder) -> Draft | None:
    """The items under the heading a list question names (see `list_answer`)."""
    question = result.question
    section = _plan_section_answer(result, clauses_under) if question.wants_list else None
    if section is not None:
        return section
    asked = _asked_heading(result)
    named = asked is not None and _named_whole(question.form, asked[0].chunk.path[asked[1] - 1])
    if not question.wants_list and not named:  # …是什么 lists only what a heading named whole holds
        return _led_items_answer(result, clauses_under)
    # A heading named word for word whose items are led clauses comes before one only sharing words.
    led = None if named else _led_items_answer(result, clauses_under)
    if led is not None or asked is None:
        return led
    hit, depth = asked
    heads = _headed_by_listed_term(question, hit.chunk.path[depth - 1])
    if not named and not heads and not any(word in question.form for word in MEASURE_NOUNS):
        return None
    items: dict[str, Chunk] = {}
    for chunk in clauses_under(hit.chunk, depth):
        items.setdefault(chunk.path[depth], chunk)  # an item split into parts is listed once
    if len(items) < 2:
        return _led_items_answer(result, clauses_under) if named else None  # not named: tried above
    return _items_draft(result, hit, depth, items, clauses_under)


def _plan_section_answer(result: SearchResult, clauses_under: ClausesUnder) -> Draft | None:
    """A plan's tasks (or its safeguards) asked as such (甲方案有哪些主要任务, 有哪些保障措施), naming nothing but the
    plan: the items of its first top-level section named for its tasks (二、重点任务, 二、工作措施, 四、行动任务, 二、…五大
    工程) or, when the question says 保障, for its safeguards (三、保障措施, 五、行动保障, 三、加强组织实施)."""
    question, top = result.question, result.hits[0].chunk
    if not any(noun in question.form for noun in _TASK_NOUNS):
        return None
    title = search_form(top.title)
    if any(len(t) >= 2 and t not in title and _plain(t) not in MEASURE_NOUNS for t in question.key_terms):
        return None  # the question names something of its own
    safeguards = _SAFEGUARD in question.form
    for chunk in clauses_under(top, 0):
        label = heading_label(search_form(chunk.path[0])) if chunk.path else ""
        closing = _SAFEGUARD_SECTION_RE.search(label) is not None
        if closing == safeguards and (closing or _TASK_SECTION_RE.search(label)):
            depth, items = 1, _items_at(chunk, 1, clauses_under)
            if len(items) == 1:  # a section holding one heading (a capture cut short): that heading's items
                chunk = next(iter(items.values()))
                depth, items = 2, _items_at(chunk, 2, clauses_under)
            section = ScoredChunk(chunk, 0.0, None, None, "the plan's section")
            return _items_draft(result, section, depth, items, clauses_under) if len(items) >= 2 else None
    return None


def _items_at(chunk: Chunk, depth: int, clauses_under: ClausesUnder) -> dict[str, Chunk]:
    """The headings at `depth` under `chunk`'s path to that depth, each with its first clause."""
    items: dict[str, Chunk] = {}
    for clause in clauses_under(chunk, depth):  # each lies below the heading: its path is deeper
        items.setdefault(clause.path[depth], clause)
    return items


def _plain(term: str) -> str:
    """A word without the safeguard cue it opens with (保障措施 -> 措施; 保障 alone -> 措施, a measure noun too)."""
    return term.removeprefix(_SAFEGUARD) or _TASK_NOUNS[-1]


def _led_items_answer(result: SearchResult, clauses_under: ClausesUnder) -> Draft | None:
    """The items of a heading the question names word for word whose clauses each open with a lead (——坚持…,
    一是…) rather than a heading of their own: one line each, the item's opening sentence."""
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        path = hit.chunk.path
        if not path or not _named_whole(result.question.form, path[-1]):
            continue
        depth = len(path)
        clauses = [c for c in clauses_under(hit.chunk, depth - 1) if tuple(c.path) == tuple(path)]
        items = _led_items(clauses) or _labelled_paragraphs(clauses)
        if len(items) >= 2:
            return _items_draft(result, hit, depth, items, clauses_under)
    return None


def _led_items(clauses: list[Chunk]) -> dict[str, Chunk]:
    """The clauses led by a dash or an ordinal (——坚持…。, 一是…), as the chunker reads them, by opening sentence."""
    items: dict[str, Chunk] = {}
    for chunk in clauses:
        led = INDICATOR_RE.match(chunk.text) or INLINE_ITEM_RE.match(chunk.text)
        if led is not None:
            label = _OPENING_SENTENCE_RE.match(chunk.text[led.end() :])
            items.setdefault(label.group(0) if label else chunk.text[led.end() :], chunk)
    return items if len(items) >= 2 else {}


def _labelled_paragraphs(clauses: list[Chunk]) -> dict[str, Chunk]:
    """Paragraphs that each open with a short sentence naming them (坚持系统观念,协同增效。 then what it means),
    by that sentence; none unless every paragraph under the heading opens so (prose does not)."""
    items: dict[str, Chunk] = {}
    for chunk in clauses:
        if chunk.part:  # a later part of a split paragraph opens mid-text
            continue
        opening = _OPENING_SENTENCE_RE.match(chunk.text.strip())
        if opening is None or len(opening.group(0)) > MAX_PARAGRAPH_LABEL_CHARS:
            return {}
        items.setdefault(opening.group(0), chunk)
    return items if len(items) >= 2 else {}


def _items_draft(
    result: SearchResult, hit: ScoredChunk, depth: int, items: dict[str, Chunk], clauses_under: ClausesUnder
) -> Draft:
    """The heading at `depth` of `hit`'s path and its items (label -> clause), one cited line each."""
    retrieved = {h.chunk.chunk_id: h for h in result.hits}
    cited: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    # The heading line is cited (a heading may hold a number: 3.) to the heading's own opening clause, which
    # speaks of the items as a whole, or else to the first item's clause.
    opening = _opening_clause(hit.chunk, depth, clauses_under)
    if opening is not None and opening not in items.values():  # led items stand right under it themselves
        cited.append(retrieved.get(opening.chunk_id) or ScoredChunk(opening, 0.0, None, None, "the heading's opening"))
    lines = [f"{hit.chunk.path[depth - 1]}包括：[1]"]
    for label, chunk in list(items.items())[:MAX_ITEMS]:
        cited.append(retrieved.get(chunk.chunk_id) or ScoredChunk(chunk, 0.0, None, None, "item of the asked heading"))
        quotes[len(cited)] = _span(chunk, _label(label))
        lines.append(f"- {_label(label)}[{len(cited)}]")  # no item numbers: a figure must stand in its clause
    if len(items) > MAX_ITEMS:
        lines.append("（另有若干项未列出）")
    return Draft("\n".join(lines), True, cited, "items of the asked heading", quotes)

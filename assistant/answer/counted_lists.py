"""A list question answered with the items one sentence lists and counts, one line each, when their number is the
count the sentence states: listed before the count (从A、B和C3个〈名词〉 for 哪几个〈名词〉), or spelled out in brackets
after a thing named by its count (八个百分之百(即:甲;乙;…) for 八个百分之百包括哪些)."""

from __future__ import annotations

import re

from assistant.answer.enumeration import HEADINGS_LOOKED_AT
from assistant.answer.extractive import Draft
from assistant.answer.sentence_evidence import COUNT_WORD
from assistant.documents import ScoredChunk
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import LIST_OPENING_PREPOSITIONS, LIST_OPENING_VERBS
from assistant.text.normalize import chinese_numeral_value
from assistant.text.patterns import HAN

# A count of listed items (5个方面, 3项) right after the list, and the question's ask for them (哪几个〈名词〉,
# 哪些〈名词〉).
_COUNTED_RE = re.compile(rf"(?P<count>{COUNT_WORD})(?P<measure>[个项类条种])(?P<noun>[{HAN}]{{0,2}})")
_LIST_LEAD_RE = re.compile(r"从|围绕|包括|涵盖|划分为|即|是指")
# The items named after their count in the same sentence (…3项指标为约束性,分别为A、B以及C).
_RESPECTIVE_LIST_RE = re.compile(r"[为是][^。；;\n，,]{0,8}[，,]?分别(?:为|是)[:：]?")
# A listed value (Ⅱ类, 12平方公里) is no named member.
_VALUE_ITEM_RE = re.compile(r"\d|^劣?[一二三四五六]类$")
_LAST_JOIN_RE = re.compile(r"(?:以及|和|及|与)")
# A thing named by its count (八个百分之百, 三个统一) with its members in brackets after it, opened by 即.
_NAMED_BY_COUNT_RE = re.compile(
    rf"(?P<name>(?P<count>{COUNT_WORD})[个项条大](?P<noun>[^，,。；;：:、()（）\s]{{1,8}}?))[(（]\s*即\s*[:：]?"
)
_ASKS_WHAT_RE = re.compile(r"哪|什么|是指|内容")
# The kind a list question asks the things of, before its ask (甲乙建设行动有哪些).
_KIND_ASKED_RE = re.compile(rf"([{HAN}]{{2,12}}?)(?:都|还|主要)?(?:有|包括|是)哪些")
_KIND_ASKED_AFTER_RE = re.compile(rf"哪些([{HAN}]{{2,12}})[呢吗啊？?。]*$")  # …有哪些甲乙建设行动
_QUOTE_RE = re.compile(r"[“”\"‘’]")
# A set named by its count and a character, in quotes, defined right after (“三区”为甲区、乙区、丙区).
_DEFINED_SET_RE = re.compile(rf"[“\"](?P<name>(?P<count>{COUNT_WORD})(?P<char>[{HAN}]))[”\"]\s*(?:为|是|即|指)[:：]?")
# What a plan is divided into (分为甲类、乙类及丙类丁区), asked as which (分成哪几类). 划分为 and 分为 are the documents' own.
_DIVIDED_RE = re.compile(r"(?<![部区充])(?:划分|分)[为成]")
_DIVISION_ASKED_RE = re.compile(r"分(?:为|成)?(?:哪几|哪些|几)(?P<measure>[类种级个])")
_OPENING_VERB_RE = re.compile("|".join(LIST_OPENING_VERBS))


_NOUN_REST_RE = re.compile(rf"[^{HAN}]")  # where the words after a count's noun end
# Items the question counts itself, then asks what they are (甲乙的4项丙丁是什么): a list asked.
_COUNT_NAMED_RE = re.compile(
    rf"{COUNT_WORD}[个项类条种][{HAN}“”\"]{{1,8}}(?:分别)?(?:是|有|包括)(?:什么|哪些)[呢?？。]*$"
)
# Which items, by their number (从哪N个方面): a list asked though no list word says so.
_NUMBER_ASKED_RE = re.compile(f"哪(?!一){COUNT_WORD}[个项类条种]")


def _asks_for(question: str, measure: str, noun: str, count: str) -> bool:
    """Whether the question asks which items of this measure and noun there are (哪几个〈名词〉 for 5个〈名词〉;
    a measure word asked alone, 哪几项?, for 3项; 哪N个〈名词〉 for N个〈名词〉, the same number)."""
    if re.search(f"哪几{measure}(?![{HAN}])", question):
        return True
    # The question names the counted items itself (甲乙的4项丙丁分别是哪些): the same count, measure and noun.
    named = re.search(f"({COUNT_WORD}){measure}{re.escape(noun)}", question) if noun else None
    if named and count_value(named.group(1)) == count_value(count) and _ASKS_WHAT_RE.search(question, named.end()):
        return True
    if len(noun) == 2 and re.search(f"哪(?:几|些){measure}[{HAN}]{{0,8}}{noun}", question):
        return True  # 哪几项是甲乙指标 for 3项指标
    for k in range(len(noun), 0, -1):
        if re.search(f"哪(?:几|些){measure}?{re.escape(noun[:k])}", question):
            return True
        numbered = re.search(f"哪({COUNT_WORD}){measure}?{re.escape(noun[:k])}", question)
        if numbered:
            return count_value(numbered.group(1)) == count_value(count)
    return False


def _listed_items(text: str, count_at: int) -> list[str]:
    """The 、-listed items right before position `count_at` of a sentence (its last join word splitting the
    last item: 保障能力和群众获得感 -> 保障能力, 群众获得感)."""
    lead = max(text.rfind(c, 0, count_at) for c in "，,。；;：:（(") + 1
    listed = text[lead:count_at].removesuffix("等")
    # The list opens after the last opening word before its first item ends (将耕地划分为A、B…).
    openers = list(_LIST_LEAD_RE.finditer(listed[: max(listed.find("、"), 0)]))
    items = listed[openers[-1].end() if openers else 0 :]
    return _split_items(items) if "、" in items else []


MAX_COMMA_ITEM_CHARS = 16  # an item of a comma-list is a short phrase (加强组织领导), not a clause of its own


def _comma_listed(text: str, count_at: int) -> list[str]:
    """The items a sentence lists with commas instead of 、 right before position `count_at`, opened by a list word
    standing as a word of its own (从甲乙,丙丁,戊己三个方面; not 从 of 从严): a copy with half-width punctuation writes
    lists so."""
    import jieba

    begin = max(text.rfind(c, 0, count_at) for c in "。；;：:\n！？!?（(") + 1
    stretch = text[begin:count_at].removesuffix("等")
    first_comma = re.search("[,，]", stretch)
    if first_comma is None:
        return []
    opened = [end for word, _, end in jieba.tokenize(stretch[: first_comma.start()]) if _LIST_LEAD_RE.fullmatch(word)]
    if not opened:
        return []
    items = _split_items(re.sub("[,，]", "、", stretch[opened[-1] :]))
    return items if all(0 < len(i) <= MAX_COMMA_ITEM_CHARS for i in items) else []


def counted_list_answer(result: SearchResult) -> Draft | None:
    """A list question answered with the items a sentence lists and counts (从A、B和C3个方面 for 哪几个〈名词〉),
    when the number of items listed is the count the sentence states; None otherwise."""
    question = result.question
    asked = question.wants_list or _NUMBER_ASKED_RE.search(question.form) or _COUNT_NAMED_RE.search(question.form)
    if not asked or question.wants_unit:
        return None
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        text = hit.chunk.search_text
        for found in _COUNTED_RE.finditer(text):
            if not _asks_for(question.form, found.group("measure"), found.group("noun"), found.group("count")):
                continue
            # A comma-list's items are whole phrases (加强甲乙): its opening word is the list's, not theirs.
            before = _trimmed(_listed_items(text, found.start())) or _comma_listed(text, found.start())
            items = before or _items_after(text, found.end())
            if len(items) >= 2 and len(items) == count_value(found.group("count")):
                if before:
                    start, end = text.rfind(items[0], 0, found.start()), found.end()
                else:
                    start, end = found.start(), text.find(items[-1], found.end()) + len(items[-1])
                written, aligned = _own_characters(hit, text)
                named = found.group(0) + _noun_rest(text, found, question.form)
                stated = f"{_as_written(named, text, written, found.start())}：[1]"
                lines = [stated, *(f"- {_as_written(item, text, written, start)}[1]" for item in items)]
                quote = [(start, end)] if aligned else []
                return Draft("\n".join(lines), True, [hit], "items a sentence lists and counts", {1: quote})
    return None


def _noun_rest(text: str, found: re.Match[str], question: str) -> str:
    """The rest of a count's noun (丙丁 of 4项甲乙丙丁: the pattern reads two characters of it), as far as the question
    says it after the same count: the words after a count may be what is done (3个甲乙推进…)."""
    rest = _NOUN_REST_RE.split(text[found.end() : found.end() + 6], maxsplit=1)[0]
    said = found.group("measure") + found.group("noun")
    return next((rest[:k] for k in range(len(rest), 0, -1) if said + rest[:k] in question), "")


def listed_kind_answer(result: SearchResult) -> Draft | None:
    """Which things of a kind there are (…甲乙行动有哪些), answered with the items a sentence lists right before
    等 and that kind (丙、丁和戊等“甲乙”行动), one line each: the words after 等 must be the question's own,
    so the list is of the asked kind; None otherwise."""
    question = result.question
    asked = _KIND_ASKED_AFTER_RE.search(question.form) or _KIND_ASKED_RE.search(question.form)
    if not question.wants_list or question.wants_unit or asked is None:
        return None
    kind = asked.group(1)
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        text = hit.chunk.search_text
        for found in re.finditer(rf"等(?P<kind>[^，,。；;、]{{0,16}}?){re.escape(kind[-2:])}", text):
            named = _QUOTE_RE.sub("", found.group("kind")) + kind[-2:]
            if len(named) < 4 or not kind.endswith(named):
                continue  # 等 must name the asked kind, in the question's words
            items = _trimmed(_listed_items(text, found.start()))
            start = text.rfind(items[0], 0, found.start()) if items else -1
            if len(items) >= 2 and start >= 0:
                written, aligned = _own_characters(hit, text)
                # The sentence stating the list, then its items, one line each.
                begin = max(written.rfind(c, 0, start) for c in "。；;！？!?\n") + 1
                end = _stop_after(written, "。；;！？!?\n", found.end())
                lines = [f"{written[begin:end].strip()}[1]"]
                lines += [f"- {_as_written(item, text, written, start)}[1]" for item in items]
                quote = [(begin, end)] if aligned else []
                return Draft("\n".join(lines), True, [hit], "items a sentence lists before their kind", {1: quote})
    return None


def _own_characters(hit: ScoredChunk, text: str) -> tuple[str, bool]:
    """The text whose spans the search form `text` gives, and whether it is the document's own: its own
    characters where the search form spells them one for one, else the search form itself."""
    aligned = len(text) == len(hit.chunk.text)
    return (hit.chunk.text if aligned else text), aligned


def _stop_after(text: str, stops: str, start: int) -> int:
    """Where the first of the characters `stops` stands in `text` from `start` on, or the end of `text`."""
    return min((at for c in stops if (at := text.find(c, start)) >= 0), default=len(text))


def _as_written(item: str, text: str, written: str, after: int) -> str:
    """An item found in the search form `text` (at or after `after`), in the document's own characters."""
    at = text.find(item, after)
    return written[at : at + len(item)] if at >= 0 else item


def _trimmed(items: list[str]) -> list[str]:
    """The listed items with what leads the first one cut off: up to where the others' shared opening starts
    (推进甲乙、甲丙 -> 甲乙, 甲丙), or after the verb opening the list (大力实施甲、乙 -> 甲, 乙)."""
    if len(items) < 2:
        return items
    first, rest = items[0], items[1:]
    shared = 0
    while shared < len(rest[0]) and all(len(i) > shared and i[shared] == rest[0][shared] for i in rest):
        shared += 1
    opening = rest[0][:2] if shared >= 2 else ""
    at = first.rfind(opening) if opening else -1
    if at > 0:
        return [first[at:], *rest]
    # An opening verb the other items also start with is the items' own (推进甲、推进乙).
    verbs = [
        m.end()
        for m in _OPENING_VERB_RE.finditer(first)
        if m.end() <= len(first) - 2 and not any(i.startswith(m.group()) for i in rest)
    ]
    first = first[verbs[-1] :] if verbs else first
    if len(first) > 2 and first[0] in LIST_OPENING_PREPOSITIONS and not any(i[0] == first[0] for i in rest):
        first = first[1:]
    return [first, *rest]


def bracketed_members_answer(result: SearchResult) -> Draft | None:
    """Which members a thing named by its count has (八个百分之百都包括哪些), answered with the members the
    brackets after its name spell out (八个百分之百(即:甲;乙;…)), one line each, when there are as many as its
    count; None otherwise."""
    question = result.question
    if question.wants_unit or question.wants_when:
        return None
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        text = hit.chunk.search_text
        for found in _NAMED_BY_COUNT_RE.finditer(text):
            named_at = question.form.find(found.group("name"))
            # The name asked about, then what it is (八个百分之百包括哪些; not 哪些企业要达到八个百分之百).
            if named_at < 0 or not _ASKS_WHAT_RE.search(question.form, named_at + len(found.group("name"))):
                continue
            members = _bracketed_members(text, found.end())
            if len(members) >= 2 and len(members) == count_value(found.group("count")):
                lines = [f"{found.group('name')}：[1]", *(f"- {text[a:b]}[1]" for a, b in members)]
                same = text[members[0][0] : members[-1][1]] == hit.chunk.text[members[0][0] : members[-1][1]]
                quote = [(members[0][0], members[-1][1])] if same else []
                return Draft("\n".join(lines), True, [hit], "the members brackets spell out", {1: quote})
    return None


def _bracketed_members(text: str, start: int) -> list[tuple[int, int]]:
    """The spans of the members listed from `start` to the bracket that closes there, split at its top-level
    semicolons (or, when it has none, its enumeration commas); empty when the bracket does not close."""
    depth, cuts, commas = 0, [start], [start]
    for at in range(start, len(text)):
        char = text[at]
        if char in "(（":
            depth += 1
        elif char in ")）" and depth:
            depth -= 1
        elif char in ")）":
            parts = cuts if len(cuts) > 1 else commas
            bounds = [*parts, at + 1]
            return [(a, b - 1) for a, b in zip(bounds, bounds[1:]) if text[a : b - 1].strip()]
        elif depth == 0 and char in "；;":
            cuts.append(at + 1)
        elif depth == 0 and char == "、":
            commas.append(at + 1)
    return []


def count_value(numeral: str) -> int:
    """5 -> 5, 三 -> 3, 二十 -> 20."""
    return int(numeral) if numeral.isdigit() else int(chinese_numeral_value(numeral))


def defined_set_answer(result: SearchResult) -> Draft | None:
    """Which members a set named by its count and a character has (“三区”指哪些), answered with the members the
    plan defines right after the name (“三区”为甲区、乙区、丙区), one line each, when they come to its count and
    each ends in its character; None otherwise."""
    question = result.question
    if question.wants_unit or question.wants_when or not _ASKS_WHAT_RE.search(question.form):
        return None
    for hit in result.hits[:HEADINGS_LOOKED_AT]:
        text = hit.chunk.search_text
        for found in _DEFINED_SET_RE.finditer(text):
            if found.group("name") not in question.form:
                continue
            end = _stop_after(text, ";；。)）\n", found.end())
            items = _split_items(text[found.end() : end])
            char = found.group("char")
            if len(items) == count_value(found.group("count")) and all(i.endswith(char) for i in items):
                return _items_draft(f"“{found.group('name')}”：", items, hit, text, found.end(), end)
    return None


def divided_answer(result: SearchResult) -> Draft | None:
    """What something is divided into, asked as which classes there are, answered with the classes a sentence
    divides it into (划分为甲类、乙类及丙类丁区): each item names the asked measure (类), and the words after the last
    one (丁区), if any, are the question's own; None otherwise."""
    question = result.question
    asked = _DIVISION_ASKED_RE.search(question.form)
    if asked is None or question.wants_unit or question.wants_when:
        return None
    measure = asked.group("measure")
    # A division is seldom the clause that scores best (区域划分: 分为…): every retrieved clause is read.
    for hit in result.hits:
        text = hit.chunk.search_text
        for found in _DIVIDED_RE.finditer(text):
            end = _stop_after(text, "。；;，,\n", found.end())
            items = _split_items(text[found.end() : end])
            if len(items) < 2 or not all(measure in i for i in items):
                continue
            cut = items[-1].index(measure) + 1
            items[-1], tail = items[-1][:cut], items[-1][cut:]
            if all(len(i) <= MAX_CLASS_CHARS for i in items) and (not tail or tail in question.form):
                return _items_draft("", items, hit, text, found.end(), end, head_at=found.start())
    return None


MAX_CLASS_CHARS = 8  # a class named in a division (1类, 一级保护区); longer items are measures, not classes


def _items_after(text: str, count_end: int) -> list[str]:
    """The 、-listed names a sentence gives right after what its count is (3项指标为甲,分别为A、B以及C), up to the
    part's end; none when values are listed (分别为Ⅱ类、Ⅲ类) or the count's sentence goes on to another subject."""
    lead = _RESPECTIVE_LIST_RE.match(text, count_end)
    if lead is None:
        return []
    listed = text[lead.end() : _stop_after(text, "。；;\n，,", lead.end())]
    items = _split_items(listed) if "、" in listed else []
    return [] if any(_VALUE_ITEM_RE.search(i) for i in items) else items


def _split_items(listed: str) -> list[str]:
    """The items of a 、-list (the last join word splitting the last item)."""
    items = listed.strip().split("、")
    last = _LAST_JOIN_RE.split(items[-1], maxsplit=1)
    return [i.strip('“”" ') for i in items[:-1] + last if i.strip('“”" ')]


def _items_draft(
    head: str, items: list[str], hit: ScoredChunk, text: str, start: int, end: int, head_at: int | None = None
) -> Draft:
    """A heading line (`head`, or the sentence's words from `head_at` to `end`), then one line per item, both in the
    document's own characters, cited to their clause."""
    written, aligned = _own_characters(hit, text)
    head = f"{written[head_at:end].strip()}：" if head_at is not None else head
    lines = [f"{head}[1]", *(f"- {_as_written(item, text, written, start)}[1]" for item in items)]
    return Draft("\n".join(lines), True, [hit], "the items a sentence names", {1: [(start, end)] if aligned else []})

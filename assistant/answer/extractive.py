"""The offline generator: quote the sentences of the retrieved clauses that answer the question.

It also decides answerability from evidence (not from similarity scores, which are compressed
for multilingual-e5-small): the asked indicator must be in the clause, a figure next to it for
"how much" questions, and the asked year in the clause, its path or its document's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer.answering_sentences import Sentence, answers, score_sentences
from assistant.documents import ScoredChunk, Span
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.question import Question, asks_items
from assistant.retrieval.quoted_words import quoted_words
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import RESPONSIBLE_ROLES
from assistant.text.normalize import NUMBER_RE, aligned_form, search_form
from assistant.text.patterns import LED_BY_NOTE, RESPONSIBLE_RE

NOT_FOUND = "未在已收录的文件中找到"
ASK_WHAT = "请说明要查询的内容，例如“2025年乌海森林覆盖率目标”。"
# The unit part of a duty line: who leads, is responsible or assists.
_DUTY_ROLES = "|".join(RESPONSIBLE_ROLES + ("配合单位",))
# Short brackets inside a part stay in it: 各县(市)区林草局.
_DUTY_TEXT = r"[^()（）\n]*(?:[(（][^()（）\n]{1,6}[)）][^()（）\n]*)*"
_DUTY_PART_RE = re.compile(rf"[(（]?\s*((?:{_DUTY_ROLES})\s*[:：]{_DUTY_TEXT})[)）]?|{LED_BY_NOTE}")
MAX_QUOTE_CHARS = 160
_NOTED_SENTENCE_RE = re.compile(r"[^。]+。?")  # a sentence with the duty note closing it, up to its full stop


@dataclass(frozen=True)
class Draft:
    """A composed answer before verification: text with [n] markers into `hits`."""

    text: str
    found: bool
    hits: list[ScoredChunk]  # hits[n-1] is citation n
    reason: str = ""
    quotes: dict[int, list[Span]] = field(default_factory=dict)  # citation n -> quoted spans of its clause


def clause_number(hits: list[ScoredChunk], hit: ScoredChunk) -> int:
    """The citation number of `hit`'s clause among `hits`, which it joins when no hit of that clause is there
    yet: one number per clause, however many of its words an answer quotes."""
    for n, cited in enumerate(hits, start=1):
        if cited.chunk.chunk_id == hit.chunk.chunk_id:
            return n
    hits.append(hit)
    return len(hits)


def _whole(sentence: Sentence) -> tuple[str, list[Span]]:
    """The sentence without surrounding blanks, and its span."""
    raw = sentence.text
    start = sentence.start + len(raw) - len(raw.lstrip())
    text = raw.strip()
    return text, [(start, start + len(text))]


def _quote(sentence: Sentence, question: Question) -> tuple[str, list[Span]]:
    """The sentence, shortened around its answering part when long, and the span it quotes."""
    text, [(start, _)] = _whole(sentence)
    if len(text) <= MAX_QUOTE_CHARS:
        return text, [(start, start + len(text))]
    parts = re.split(r"(?<=[,，])", text)
    # A part stating a figure is the likelier answer, unless only items are asked (哪几类): those need none.
    figure_bonus = 0.0 if question.wants_list and not question.wants_number else 0.5
    best = max(
        range(len(parts)),
        key=lambda i: (
            term_coverage(question, search_form(parts[i]), "")[0] + (figure_bonus if NUMBER_RE.search(parts[i]) else 0)
        ),
    )
    begin, end = best, best + 1
    while end < len(parts) and len("".join(parts[begin : end + 1])) <= MAX_QUOTE_CHARS:
        end += 1
    while begin > 0 and len("".join(parts[begin - 1 : end])) <= MAX_QUOTE_CHARS:
        begin -= 1
    joined = "".join(parts[begin:end])
    quoted = joined.strip(" ,，")
    start += len("".join(parts[:begin])) + len(joined) - len(joined.lstrip(" ,，"))
    return ("…" if begin > 0 else "") + quoted + ("…" if end < len(parts) else ""), [(start, start + len(quoted))]


def duty_parts(text: str) -> tuple[str, list[Span]]:
    """A clause's duty parts (牵头单位：…, or a (…牵头,…配合) note) joined, and their spans ("" when none);
    found in the search form (責任單位 is 责任单位), quoted as written."""
    parts = [m.span(1) if m.group(1) else m.span(2) for m in _DUTY_PART_RE.finditer(aligned_form(text))]
    spans = [(a, a + len(text[a:b].rstrip())) for a, b in parts]
    # "，" not "；": the verifier splits sentences at "；" and each part must keep the citation.
    return "，".join(text[a:b] for a, b in spans), spans


def _unit_quote(sentence: Sentence, question: Question) -> tuple[str, list[Span]]:
    """The clause's duty parts, or the sentence when it has none, and their spans. A clause whose sentences each
    close with their own duty note (…严控甲边界(牵头单位:乙厅)。) answers with the note of the sentence holding
    most of the asked words."""
    text = sentence.hit.chunk.text
    quote, spans = duty_parts(text)
    if len(set(quote.split("，"))) < 2:
        return (quote, spans) if spans else _whole(sentence)
    noted = [m.span() for m in _NOTED_SENTENCE_RE.finditer(text) if duty_parts(m.group(0))[1]]
    covered = {span: term_coverage(question, search_form(text[span[0] : span[1]]), "")[0] for span in noted}
    best = max(covered, key=lambda span: covered[span], default=None)
    if best is None or covered[best] == 0:
        return quote, spans
    own, own_spans = duty_parts(text[best[0] : best[1]])
    return own, [(best[0] + a, best[0] + b) for a, b in own_spans]


def years_text(years: tuple[str, ...]) -> str:
    """Asked years as an answer names them (2025年、2030年)."""
    return "、".join(f"{y}年" for y in years)


def _scored(
    question: Question, hits: list[ScoredChunk], weights: list[float] | None, inside: tuple[str, ...]
) -> list[Sentence]:
    """The hits' sentences, best first; a 牵头单位 question's duty lines before the rest."""
    scored = score_sentences(question, hits, weights, inside)
    if question.wants_unit:
        # A 牵头单位 question is answered by a duty line when one qualifies.
        scored.sort(key=lambda s: not RESPONSIBLE_RE.search(search_form(s.text)))
    return scored


def _first_answering(question: Question, scored: list[Sentence], inside: tuple[str, ...]) -> Sentence | None:
    return next((s for s in scored if answers(question, s, inside)), None)


MAX_ITEMS = 12  # lines of one clause quoted for a which-things question


def _items_alike(best: Sentence, scored: list[Sentence], question: Question, inside: tuple[str, ...]) -> list[Sentence]:
    """The best sentence and the other lines of its clause (among the `scored` sentences) that answer as fully
    (one line per item of a list): a which-things question asks for every item the clause lists, in the clause's
    order."""
    alike = [
        s
        for s in scored
        if s.hit is best.hit and s.start != best.start and s.coverage >= best.coverage and answers(question, s, inside)
    ]
    items = sorted([best, *alike], key=lambda s: s.start)
    return items if len(items) <= MAX_ITEMS else [best]


def _answering(
    question: Question, hits: list[ScoredChunk], weights: list[float] | None, inside: tuple[str, ...]
) -> list[Sentence]:
    """The sentence that answers; for several asked years, the best one of each year when they differ, in
    the order asked."""
    scored = _scored(question, hits, weights, inside)
    best = _first_answering(question, scored, inside)
    if best is not None and asks_items(question) and not question.wants_unit:
        return _items_alike(best, scored, question, inside)
    if best is None or len(question.years) < 2:
        return [best] if best else []
    found: list[Sentence] = []
    for year in question.years:
        one_year = replace(question, years=(year,))
        own = _first_answering(one_year, _scored(one_year, hits, weights, inside), inside)
        if own is not None and own.year > 0 and all(own.text != s.text for s in found):
            found.append(own)
    return found if len(found) > 1 else [best]


def extract_answer(result: SearchResult) -> Draft:
    """Compose an answer quoting the best sentence for each asked region, or a refusal."""
    question, scope = result.question, result.scope
    if not question.has_content:  # "2025", "1", "多少": nothing to look up
        return Draft(f"{NOT_FOUND}：问题中没有要查询的内容。{ASK_WHAT}", False, [], "nothing asked")
    if scope.restricted and not scope.doc_ids:
        if scope.excluded and not scope.uncovered:
            return Draft(
                f"{NOT_FOUND}：所选文件不涉及{'、'.join(scope.excluded)}，可取消文件限定后再问。",
                False,
                [],
                "region outside the selected documents",
            )
        places = "、".join(scope.uncovered + scope.excluded) or "所问地区"
        return Draft(f"{NOT_FOUND}：已收录的文件不涉及{places}。", False, [], "region not covered")
    groups = [set(docs) for _, docs in scope.covered] or [set(scope.doc_ids)]
    names = [name for name, _ in scope.covered] or [""]
    cited: list[ScoredChunk] = []
    quotes: dict[int, list[Span]] = {}
    lines: list[str] = []
    missing: list[str] = []
    inside = scope.enclosing if len(groups) == 1 else ()  # places inside the one asked region
    for name, docs in zip(names, groups):
        hits = [h for h in result.hits if h.chunk.doc_id in docs]
        found = _answering(question, hits, result.term_weights, inside)
        if not found:
            missing.append(name)
        for best in found:
            if best.hit not in cited:
                cited.append(best.hit)
            n = cited.index(best.hit) + 1
            quote, spans = _unit_quote(best, question) if question.wants_unit else _quote(best, question)
            if best.lead and not question.wants_unit:
                quote, spans = f"{best.hit.chunk.text[best.lead[0] : best.lead[1]]}，…{quote}", [best.lead, *spans]
            quotes.setdefault(n, []).extend(spans)
            prefix = f"{name}：" if len(groups) > 1 else ""
            lines.append(f"{prefix}{quote}[{n}]")
    if not lines:
        what = quoted_words(question, question.key_terms)  # the question's own words, never fragments
        where = "、".join(n for n in missing if n) or "已收录"
        year = years_text(question.years)
        if question.wants_unit:
            return Draft(f"{NOT_FOUND}：{where}的文件没有写明“{what}”由哪个单位负责。", False, [], "no clause answers")
        return Draft(
            f"{NOT_FOUND}：{where}的文件中没有{year}“{what}”的相关规定或数值。", False, [], "no clause answers"
        )
    for name in missing:
        lines.append(f"{name}：{NOT_FOUND}相关内容。")
    for name in scope.uncovered:
        lines.append(f"{name}：已收录的文件不涉及该地区。")
    return Draft("\n".join(lines), True, cited, quotes=quotes)

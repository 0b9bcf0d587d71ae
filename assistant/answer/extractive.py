"""The offline generator: quote the sentences of the retrieved clauses that answer the question.

It also decides answerability from evidence (not from similarity scores, which are compressed
for multilingual-e5-small): the asked indicator must be in the clause, a figure next to it for
"how much" questions, and the asked year in the clause, its path or its document's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer.sentence_evidence import (
    compares_with_figure,
    count_of_asked_thing,
    misses_asked_code,
    numbers_besides_years,
    places_named,
)
from assistant.answer.stated_units import asked_quantity, stated_units, units_fit
from assistant.documents import ScoredChunk, Span
from assistant.ingest.chunking import MIN_SENTENCE_HEADING_CHARS
from assistant.ingest.headings import match_heading
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.question import Question
from assistant.retrieval.quoted_words import quoted_words
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import ASKED_META_KEYS, RESPONSIBLE_ROLES
from assistant.text.normalize import NUMBER_RE, aligned_form, search_form
from assistant.text.patterns import DATE_RE, DUTY_LINE_RE, HAN, LED_BY_NOTE, RESPONSIBLE_RE, SENTENCE_END, YEAR

NOT_FOUND = "未在已收录的文件中找到"
ASK_WHAT = "请说明要查询的内容，例如“2025年乌海森林覆盖率目标”。"
MIN_COVERAGE = 0.5  # share of the question's key-term weight an answering sentence must hold
_SENTENCE_RE = re.compile(f"[^{SENTENCE_END}\n]+[{SENTENCE_END}]?")
# The unit part of a duty line: who leads, is responsible or assists.
_DUTY_ROLES = "|".join(RESPONSIBLE_ROLES + ("配合单位",))
# Short brackets inside a part stay in it: 各县(市)区林草局.
_DUTY_TEXT = r"[^()（）\n]*(?:[(（][^()（）\n]{1,6}[)）][^()（）\n]*)*"
_DUTY_PART_RE = re.compile(rf"[(（]?\s*((?:{_DUTY_ROLES})\s*[:：]{_DUTY_TEXT})[)）]?|{LED_BY_NOTE}")
MAX_QUOTE_CHARS = 160
_OPENING_TIME_RE = re.compile(rf"\s*((?:到|至|截至|截止|在)?\s*{YEAR}\s*年(?:底|末|前)?)\s*[，,]")


@dataclass(frozen=True)
class Sentence:
    hit: ScoredChunk
    start: int  # offset in the chunk text
    end: int
    coverage: float
    year: float
    score: float
    lead: Span | None = None  # the time its full sentence opens with (到2020年), when it names none itself

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]


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


def opening_time(text: str, start: int) -> Span | None:
    """The time phrase (到2020年) opening the full sentence (up to 。) that the part of `text` starting at
    `start` belongs to, when that part comes after a ；: the year still holds for it."""
    begin = max(text.rfind(c, 0, start) for c in "。！？!?\n") + 1
    found = _OPENING_TIME_RE.match(text, begin) if begin < start else None
    return (found.start(1), found.end(1)) if found and found.end() <= start else None


def sentences(hit: ScoredChunk) -> list[tuple[int, int]]:
    """Sentence spans inside a chunk's text."""
    return [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(hit.chunk.text) if m.group(0).strip()]


# 几天 asks a number of days, as 几个 a count: a sentence holding no number (明显减少重污染天数) says none.
_DAYS_ASKED_RE = re.compile(r"几天|多少天")
# A sentence that is only a date, perhaps in brackets: a document's 成文日期 line, which answers
# questions about the document's record (answer/document_record.py), not about what it sets.
_DATE_ONLY_RE = re.compile(r"^[\s(（]*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[\s)）]*$")


def score_sentences(
    question: Question, hits: list[ScoredChunk], weights: list[float] | None = None, inside: tuple[str, ...] = ()
) -> list[Sentence]:
    """Every sentence of the hits, scored for how well it answers `question` (`inside`: asked places inside
    the asked region, which a sentence naming them answers first)."""
    out = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        # For 牵头单位 lines the clause and its heading path together say what the duty is for.
        clause_coverage, _ = term_coverage(
            question, chunk.search_text + " " + search_form(chunk.path_text), "", weights
        )
        for start, end in sentences(hit):
            text = chunk.text[start:end]
            form = search_form(text)
            lead = None if re.search(YEAR, form) else opening_time(chunk.text, start)
            opening = chunk.text[lead[0] : lead[1]] if lead else ""
            coverage, year = term_coverage(question, form, f"{chunk.path_text} {chunk.title} {opening}", weights)
            if question.wants_unit and RESPONSIBLE_RE.search(form):
                coverage = max(coverage, clause_coverage)  # a duty line speaks for its whole clause
            score = coverage + 0.3 * year - 0.03 * rank + 0.3 * (places_named(inside, form) or 0.0)
            if question.wants_figure and numbers_besides_years(text, question.years):
                score += 0.3
            if question.wants_list:
                score += min(form.count("、"), 5) * 0.05
            if question.wants_unit and RESPONSIBLE_RE.search(form):
                score += 0.5
            if _asks_metadata(question, form):
                score += 0.5  # 文号 / 成文日期 questions are answered by the metadata table
            out.append(Sentence(hit, start, end, coverage, year, score, lead))
    out.sort(key=lambda s: -s.score)
    return out


def _asks_metadata(question: Question, form: str) -> bool:
    """The question asks a metadata field (文号, 成文日期 …) that this sentence names."""
    return any(key in question.form and key in form for key in ASKED_META_KEYS)


def _heading_only(sentence: Sentence, form: str) -> bool:
    """The clause's own heading line (4.推进海绵城市建设。): it names the topic but answers nothing."""
    heading = match_heading(form.strip())
    rest = form.strip()[heading.marker_end :].rstrip(f"{SENTENCE_END} ") if heading else ""
    if form.strip().endswith("。") and len(rest) >= MIN_SENTENCE_HEADING_CHARS:
        return False  # a heading that is a sentence (四、…由甲局负责解释。) says what it says
    return bool(rest) and rest in search_form(sentence.hit.chunk.path_text)


def answers(question: Question, sentence: Sentence, inside: tuple[str, ...] = ()) -> bool:
    """Whether `sentence` holds what `question` asks (indicator, year, and a figure when asked; an asked place
    inside the region, when `inside` names one)."""
    form = search_form(sentence.text)
    if _heading_only(sentence, form) or _DATE_ONLY_RE.match(form) or misses_asked_code(question, form):
        return False
    if places_named(inside, form) == 0:
        return False  # a city asked of its province's plan: the province's own sentence is another figure
    # 比2015年下降多少 asks a change from that year: a sentence that never names it states another figure.
    if question.baseline_years and not any(y in search_form(sentence.hit.chunk.text) for y in question.baseline_years):
        return False
    if question.baseline_years and question.wants_number and not compares_with_figure(question, form):
        return False
    if question.wants_unit:  # who leads is answered by a duty label (牵头单位：…, 监管部门：…) or note
        said = RESPONSIBLE_RE.search(form) or _says_who_does(question.form, form)
        return bool(said) and sentence.coverage >= MIN_COVERAGE
    if DUTY_LINE_RE.match(form.strip()) or re.fullmatch(LED_BY_NOTE, form.strip()):
        return False  # a line that only says who is responsible answers nothing else
    if _asks_metadata(question, form):
        return sentence.coverage >= 0.3  # the table line names the key; the title names the document
    if sentence.coverage < MIN_COVERAGE:
        return False
    if question.years and sentence.year < 1:
        return False
    if question.wants_when and not (_target_dates(form) or sentence.lead):
        return False
    if _DAYS_ASKED_RE.search(question.form) and not numbers_besides_years(sentence.text, question.years):
        return False
    # A "when" is answered by its date, a target asked in words (要达到什么目标) may be stated in words.
    if (
        question.wants_number
        and not question.wants_list
        and not question.wants_when
        and not numbers_besides_years(sentence.text, question.years)
    ):
        return False
    if question.wants_number and not question.wants_list and not question.wants_when:
        kind, counted = asked_quantity(question.form)
        if (kind or counted) and not units_fit(stated_units(form), kind, counted, strict=False):
            return False  # 多少个 answered by a sentence of percentages states something else
        context = f"{sentence.hit.chunk.path_text} {sentence.hit.chunk.title}"
        if kind == "count" and not count_of_asked_thing(question, form, context, counted):
            return False
    return True


# 截至2024年底,…超标25.7%: the date a state was measured at, which says nothing of when a target is due
# (截至2025年底前完成 is a deadline: its 前 says so).
_AS_OF_RE = re.compile(rf"(?:截至|截止)(?:到)?\s*(?:{YEAR}\s*年[^，,。；;前]{{0,4}})(?![^，,。；;]{{0,2}}前)")


def _target_dates(form: str) -> list[re.Match[str]]:
    """The dates of a sentence that may say when something is due: every date but one a state is measured at."""
    as_of = [m.span() for m in _AS_OF_RE.finditer(form)]
    return [m for m in DATE_RE.finditer(form) if not any(a <= m.start() < b for a, b in as_of)]


# Who does what the question names (由哪个部门 + 负责 or 牵头 + a verb), as a sentence says 由甲局负责〈verb〉.
_WHO_DOES_ASKED_RE = re.compile(
    f"由(?:哪个|哪些|哪家|什么)(?:部门|单位|机关|机构)?((?:负责|牵头)[{HAN}]{{1,4}}?)(?=[?？。，,]|$)"
)


def _says_who_does(asked: str, form: str) -> bool:
    """Whether a sentence names the body doing what the question asks who does (由甲局负责〈verb〉 for
    由哪个单位负责〈verb〉), the same verb after 负责 or 牵头."""
    m = _WHO_DOES_ASKED_RE.search(asked)
    return m is not None and re.search(f"由[^，,。；;？?]{{2,40}}?{re.escape(m.group(1))}", form) is not None


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
    best = max(
        range(len(parts)),
        key=lambda i: (
            term_coverage(question, search_form(parts[i]), "")[0] + (0.5 if NUMBER_RE.search(parts[i]) else 0)
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


def _unit_quote(sentence: Sentence) -> tuple[str, list[Span]]:
    """The clause's duty parts, or the sentence when it has none, and their spans."""
    quote, spans = duty_parts(sentence.hit.chunk.text)
    return (quote, spans) if spans else _whole(sentence)


def years_text(years: tuple[str, ...]) -> str:
    """Asked years as an answer names them (2025年、2030年)."""
    return "、".join(f"{y}年" for y in years)


def _best_sentence(
    question: Question, hits: list[ScoredChunk], weights: list[float] | None, inside: tuple[str, ...]
) -> Sentence | None:
    scored = score_sentences(question, hits, weights, inside)
    if question.wants_unit:
        # A 牵头单位 question is answered by a duty line when one qualifies.
        scored.sort(key=lambda s: not RESPONSIBLE_RE.search(search_form(s.text)))
    return next((s for s in scored if answers(question, s, inside)), None)


def _answering(
    question: Question, hits: list[ScoredChunk], weights: list[float] | None, inside: tuple[str, ...]
) -> list[Sentence]:
    """The sentence that answers; for several asked years, the best one of each year when they differ, in
    the order asked."""
    best = _best_sentence(question, hits, weights, inside)
    if best is None or len(question.years) < 2:
        return [best] if best else []
    found: list[Sentence] = []
    for year in question.years:
        own = _best_sentence(replace(question, years=(year,)), hits, weights, inside)
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
            quote, spans = _unit_quote(best) if question.wants_unit else _quote(best, question)
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

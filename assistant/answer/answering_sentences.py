"""Which sentence of the retrieved clauses answers a question: every sentence scored for the asked words, year,
figure, list or duty it holds, and the evidence an answering one must show (the asked indicator, year, a figure of
the asked kind for "how much", a target date for "when", a duty label for "who")."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from assistant.answer.sentence_evidence import (
    cited_for_another_scope,
    compares_with_figure,
    count_of_asked_thing,
    figure_apart_from_asked_words,
    figures_beyond_given,
    in_earlier_account,
    misses_asked_code,
    misses_asked_day,
    numbers_besides_years,
    places_named,
    states_change,
    states_other_scope,
)
from assistant.answer.stated_units import asked_quantity, stated_units, units_fit
from assistant.documents import ScoredChunk, Span
from assistant.ingest.chunking import MIN_SENTENCE_HEADING_CHARS
from assistant.ingest.headings import match_heading
from assistant.retrieval.asked_quantity import asks_change, opposite_quality, unit_kind
from assistant.retrieval.asked_words import measured_words
from assistant.retrieval.coverage import term_coverage, term_stands
from assistant.retrieval.evidence import ties
from assistant.retrieval.question import Question, asks_when_span
from assistant.retrieval.question_words import names_another_feature
from assistant.retrieval.scales import levels_listed_apart
from assistant.retrieval.scope_of_figure import shared_with_listed_places
from assistant.text.lexicon import ASKED_META_KEYS, CITING_WORDS, PURPOSE_WORDS, RECORD_FIELD_WORDS
from assistant.text.normalize import search_form
from assistant.text.patterns import (
    AS_OF_RE,
    BASELINE_YEAR_RE,
    BOOK_TITLE_RE,
    DATE_RE,
    DOC_NUMBER_RE,
    DUTY_LINE_RE,
    HAN,
    LED_BY_NOTE,
    PART_RE,
    RESPONSIBLE_RE,
    SENTENCE_END,
    YEAR,
    YEAR_SPAN,
)

MIN_COVERAGE = 0.5  # share of the question's key-term weight an answering sentence must hold
_SENTENCE_RE = re.compile(f"[^{SENTENCE_END}\n]+[{SENTENCE_END}]?")
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
# 哪几天 asks which days (dates), as 哪几个 asks which things.
_DAYS_ASKED_RE = re.compile(r"(?<!哪)几天|多少天")
_DAYS_STATED_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:个)?天|[一二两三四五六七八九十百]+天")
# A plan's statement of purpose (为妥善应对…，结合我县实际，制定本预案): it says why and on what basis the plan was
# made, and answers only a question asking that (为什么, 目的; 依据, 贯彻 …; which 文件).
_PURPOSE_RE = re.compile(
    r"(?:^|[\s。；])为[^。！？]{4,300}?(?:特)?(?:制定|制订|编制)本(?:实施|行动|工作|应急)?(?:预案|方案|规划|意见|计划|办法|细则|要点|纲要)"
)
# How many years something takes (花几年, 用多少年时间; not 哪几年, nor a year's end 几年底): answered by a span
# of years a sentence states (用5到7年时间, 三年), not by a figure of another kind.
_YEARS_COUNTED_RE = re.compile(r"(?<!哪)(?:几|多少)个?年(?![底末初度份])")
# Which years (哪几年, 哪三年): answered only by a sentence naming a year (2024年, 2021-2025), not by one counting
# them (三年集中攻坚) or citing a document of some year (〔2021〕66号).
_YEARS_NAMED_RE = re.compile(r"哪[几两三四五六七八九十]年")
_YEAR_SPAN_RE = re.compile(rf"(?<!\d){YEAR_SPAN}")
_NUMERAL = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_SPAN_OF_YEARS_RE = re.compile(rf"(?<![\d.几数]){_NUMERAL}(?:\s*[到至~～-]\s*{_NUMERAL})?\s*个?年(?![\d来])")
# A sentence that is only a date, perhaps in brackets: a document's 成文日期 line, which answers
# questions about the document's record (answer/document_record.py), not about what it sets.
_DATE_ONLY_RE = re.compile(r"^[\s(（]*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[\s)）]*$")
# A sentence the text breaks off right before its value (…水质均值达到 at the end of a cut page) states none.
_BROKEN_OFF_RE = re.compile(
    r"(?:达到|达|为|是|至|低于|高于|超过|不超过|不低于|控制在|保持在|降至|降到|提高到|提升至|增加到)\s*$"
)


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
            # A year compared with (比2013年) says no time of the sentence: the full sentence's opening one still may.
            lead = None if re.search(YEAR, BASELINE_YEAR_RE.sub("", form)) else opening_time(chunk.text, start)
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
    if _BROKEN_OFF_RE.search(form) or cited_for_another_scope(
        question, form, sentence.hit.chunk.title, sentence.hit.chunk.region
    ):
        return False
    if any(w in question.form for w in RECORD_FIELD_WORDS["doc_number"]) and not DOC_NUMBER_RE.search(form):
        return False  # a 文号 asked: a sentence writing no document number (甲发〔2022〕5号) states none
    if places_named(inside, form) == 0:
        return False  # a city asked of its province's plan: the province's own sentence is another figure
    if names_another_feature(question.features, form):
        return False  # 甲湾 asked: a sentence of 乙湾 speaks of another bay
    kinds = {unit_kind(u) for u in stated_units(form)} if inside else set()
    if any(shared_with_listed_places(p, form, question.form, k) for p in inside for k in kinds):
        return False  # 甲县、乙县等…新增57万亩: their sum, not the asked one's
    # 比2015年下降多少 asks a change from that year: a sentence that never names it states another figure.
    if question.baseline_years and not any(y in search_form(sentence.hit.chunk.text) for y in question.baseline_years):
        return False
    if question.baseline_years and question.wants_number and not compares_with_figure(question, form):
        return False
    if question.wants_number and any(not term_stands(t, form) and not ties(t, form) for t in _measured(question)):
        return False  # 甲乙面积 asked: a sentence never saying 甲乙 (nor a synonym) gives the area of something else
    if question.wants_unit:  # who leads is answered by a duty label (牵头单位：…, 监管部门：…) or note
        said = RESPONSIBLE_RE.search(form) or _says_who_does(question.form, form)
        return bool(said) and sentence.coverage >= MIN_COVERAGE
    if DUTY_LINE_RE.match(form.strip()) or re.fullmatch(LED_BY_NOTE, form.strip()):
        return False  # a line that only says who is responsible answers nothing else
    if _PURPOSE_RE.search(form) and not _asks_purpose(question.form):
        return False
    if _asks_metadata(question, form):
        return sentence.coverage >= 0.3  # the table line names the key; the title names the document
    if sentence.coverage < MIN_COVERAGE:
        return False
    if question.years and sentence.year < 1:
        return False
    if in_earlier_account(question, sentence.hit.chunk.text, (sentence.start, sentence.end)):
        return False  # “十三五”时期,…。全市…平均为4.70等 for a question of 2025
    if question.wants_when and not (_target_dates(form, asks_when_span(question.form)) or sentence.lead):
        return False
    if question.wants_when and misses_asked_day(question, form):
        return False
    if states_other_scope(question, form):
        return False
    if question.wants_when and form.strip() == search_form(sentence.hit.chunk.title).strip():
        return False  # the plan's title: its years date the plan, not what is asked
    if _DAYS_ASKED_RE.search(question.form) and (
        not _DAYS_STATED_RE.search(form) or _days_of_other_quality(question.form, form)
    ):
        return False  # a number of days is stated in days (10天), not as a share of them (天数比率0.5%)
    if _YEARS_COUNTED_RE.search(question.form) and not _SPAN_OF_YEARS_RE.search(form):
        return False
    if _YEARS_NAMED_RE.search(question.form) and not (
        _target_dates(form) or _YEAR_SPAN_RE.search(form) or sentence.lead
    ):
        return False
    # A "when" is answered by its date, a target asked in words (要达到什么目标) may be stated in words.
    if (
        question.wants_number
        and not question.wants_list
        and not question.wants_when
        and not figures_beyond_given(question, sentence.text)
    ):
        return False
    if question.wants_number and not question.wants_list and not question.wants_when:
        if _asks_change(question) and not states_change(form):
            return False  # 削减多少 asks a change: a sentence stating none (安排…项目426项) gives another figure
        kind, counted = asked_quantity(question.form)
        if (kind or counted) and not units_fit(stated_units(form), kind, counted, strict=False):
            return False  # 多少个 answered by a sentence of percentages states something else
        context = f"{sentence.hit.chunk.path_text} {sentence.hit.chunk.title}"
        if kind == "count" and not count_of_asked_thing(question, form, context, counted):
            return False
        if figure_apart_from_asked_words(question, form):
            return False  # …甲比2015年显著降低,乙达到927.7: 甲 is stated without a figure
        if levels_listed_apart(question.form, form):
            return False  # 国家级 asked, 培育国家级、省级甲…250家甲: the count of both levels
    return True


def _days_of_other_quality(asked: str, form: str) -> bool:
    """Whether every piece of a sentence (between commas) stating a number of days says days of the opposite
    quality to the asked ones (重污染天数 asked; 优良天数不低于190天,重污染天气大幅减少): those are other days."""
    leads = []
    for piece in PART_RE.findall(form):
        end = 0  # each figure's lead runs from the figure before it (优良天数达到300天、重污染天数不超过3天)
        for found in _DAYS_STATED_RE.finditer(piece):
            leads.append(piece[end : found.start()])
            end = found.end()
    return bool(leads) and all(opposite_quality(asked, lead) for lead in leads)


@functools.lru_cache(maxsize=256)
def _measured(question: Question) -> tuple[str, ...]:
    """`measured_words` of a question, things included: read once per question, not once per sentence."""
    return tuple(measured_words(question, things=True))


@functools.lru_cache(maxsize=256)
def _asks_change(question: Question) -> bool:
    """`asks_change` of a question, read once per question."""
    return asks_change(question.form)


def _asks_purpose(form: str) -> bool:
    """Whether a question asks why a plan was made or what it follows (为什么, 目的, 根据, 贯彻, which 文件)."""
    return any(word in form for word in (*PURPOSE_WORDS, *CITING_WORDS)) or "文件" in form


def _target_dates(form: str, span_asked: bool = False) -> list[re.Match[str]]:
    """The dates of a sentence that may say when something is due: every date but one a state is measured at;
    when the question asks from when to when (`span_asked`), not one inside a cited title either (《…2021—2022
    年…方案》 dates the document, not the days what it sets runs)."""
    apart = [m.span() for m in AS_OF_RE.finditer(form)]
    apart += [m.span() for m in BOOK_TITLE_RE.finditer(form)] if span_asked else []
    return [m for m in DATE_RE.finditer(form) if not any(a <= m.start() < b for a, b in apart)]


# Who does what the question names (由哪个部门 + 负责 or 牵头 + a verb), as a sentence says 由甲局负责〈verb〉.
_WHO_DOES_ASKED_RE = re.compile(
    f"由(?:哪个|哪些|哪家|什么)(?:部门|单位|机关|机构)?((?:负责|牵头)[{HAN}]{{1,4}}?)(?=[?？。，,]|$)"
)


# To whom something goes (向 + which body + a verb): the sentence says 向 a body and the same verb (请径向市甲局〈verb〉).
_TO_WHOM_ASKED_RE = re.compile(
    f"向(?:哪个|哪些|哪家|什么)(?:部门|单位|机关|机构)?([{HAN}]{{2,4}}?)[呢吗啊]?(?=[?？。，,]|$)"
)
# A body a sentence sends something to ends in a body's word (市环保局, 县政府办公室), not a public (向社会公开).
_BODY_END = "(?:局|厅|委|办|部门|单位|政府|办公室|中心|站|所)"


def _says_who_does(asked: str, form: str) -> bool:
    """Whether a sentence names the body doing what the question asks who does (由甲局负责〈verb〉 for
    由哪个单位负责〈verb〉), the same verb after 负责 or 牵头; or the body something goes to (向甲局〈verb〉 when
    asked 向 which body 〈verb〉)."""
    m = _WHO_DOES_ASKED_RE.search(asked)
    if m is not None and re.search(f"由[^，,。；;？?]{{2,40}}?{re.escape(m.group(1))}", form) is not None:
        return True
    to = _TO_WHOM_ASKED_RE.search(asked)
    return (
        to is not None and re.search(f"向[^，,。；;？?]{{1,20}}?{_BODY_END}{re.escape(to.group(1))}", form) is not None
    )

"""What a quoted sentence states, checked against what a question asks: its figures, an asked code or pollutant,
a figure beside the year a change is compared with, the time it states (and whether it names a day), the asked
places inside the region and places of application, and whose count it is.

Pure functions of the question and the sentence's search form, used by the offline generator (extractive.py)
to decide whether a sentence answers.
"""

from __future__ import annotations

import functools
import re

from assistant.answer.stated_units import stated_units, units_fit
from assistant.documents import Period
from assistant.indicators.periods import FIVE_YEAR_PLAN_RE, time_phrases
from assistant.ingest.headings import match_heading
from assistant.retrieval.coverage import code_names, term_coverage
from assistant.retrieval.evidence import words_of
from assistant.retrieval.question import Question
from assistant.retrieval.word_kinds import names_a_thing
from assistant.text.lexicon import CHANGE_VERBS, SCOPE_FAMILIES, SCOPE_WORDS, STATEMENT_ADVERBS, STATEMENT_COMPARATORS
from assistant.text.normalize import NUMBER_RE, search_form
from assistant.text.patterns import (
    BASELINE_YEAR_RE,
    HAN,
    NOT_A_CLASS_NAMED,
    PART_RE,
    YEAR,
    longest_first,
    other_documents_cited,
)

# A code asked for by letters and digits (PM10, SO2, COD): it names the very thing asked, so a sentence
# about another code (PM2.5) does not answer it, however many other words they share.
_CODE_RE = re.compile(r"[A-Za-z]+\d|\d[A-Za-z]+")
# A quality class (Ⅲ类, in search form as its Chinese numeral): a sentence naming none of the asked
# classes states another class's waters.
_CLASS_RE = re.compile(rf"{NOT_A_CLASS_NAMED}劣?[一二三四五六]类")


def other_plan_period(question: Question, form: str) -> bool:
    """Whether a sentence names a five-year plan's period (“十三五”期间) and not the one the question asks (十四五):
    its figure is that other period's."""
    asked = {m.group(1) for m in FIVE_YEAR_PLAN_RE.finditer(question.form)}
    stated = {m.group(1) for m in FIVE_YEAR_PLAN_RE.finditer(form)}
    return bool(asked and stated) and not asked & stated


# A five-year plan's period opening an account (“十三五”时期,…), not a plan named (“十四五”规划) nor one compared
# with (与“十三五”时期相比, 较“十三五”末).
_PERIOD_ACCOUNT_RE = re.compile(rf"(?<![与较比同]){FIVE_YEAR_PLAN_RE.pattern}(?<=期间|时期)(?!相比|比较|以来)")


def in_earlier_account(question: Question, text: str, span: tuple[int, int]) -> bool:
    """Whether the last time the paragraph names up to the end of the sentence at `span` (of a clause's `text`)
    is a five-year plan's period opening an account in which no asked year falls (“十三五”时期,…取得明显成效。全市…
    平均为4.70等): the sentence's figure is that period's, not the asked year's. A year named after it (到2025年,…)
    is the sentence's own time."""
    if not question.years:
        return False
    form = search_form(text[text.rfind("\n", 0, span[0]) + 1 : span[1]])
    phrases = time_phrases(form)
    if not phrases:
        return False
    start, _, period = phrases[-1]
    account = _PERIOD_ACCOUNT_RE.match(form, max(0, start - 1)) or _PERIOD_ACCOUNT_RE.match(form, start)
    return account is not None and not any(period.start <= int(y) <= period.end for y in question.years)


def cited_for_another_scope(question: Question, form: str, title: str, region: str | None) -> bool:
    """Whether a sentence gives its figure as another document's (《东北甲纲要》中明确…) that names none of the asked
    places: it holds for that document's scope, not the asked place."""
    cited = other_documents_cited(form, search_form(title), region, question.form)
    return bool(question.places and cited) and not any(p.short in name for p in question.places for name in cited)


def numbers_besides_years(text: str, years: tuple[str, ...]) -> list[str]:
    """The figures a sentence states: not years, not a heading's number, not the digits of a name
    written with Latin letters (PM2.5, SO2, NH3-N: a pollutant, not a figure)."""
    form = search_form(text)
    heading = match_heading(form)
    start = heading.marker_end if heading else 0
    found = [
        m.group(0)
        for m in NUMBER_RE.finditer(form, start)
        if not (m.start() > 0 and form[m.start() - 1].isascii() and form[m.start() - 1].isalpha())
    ]
    return [n for n in found if not re.fullmatch(rf"{YEAR}(年)?", n) and n.rstrip("年") not in years]


# How much or how many asked (多少, 几个): a figure the question states before it is what the asker already knows.
_AMOUNT_ASKED_RE = re.compile(r"多少|几")


@functools.lru_cache(maxsize=256)
def given_figures(question: Question) -> frozenset[str]:
    """The figures, with their units, a question states before it asks how much or how many (甲的120个单元里乙有
    几个: 120个): what the asker knows, never the figure asked for. Empty for a question asking no amount (…是90%吗,
    哪些地区达到50%), nor for a list question."""
    asked = _AMOUNT_ASKED_RE.search(question.form)
    if asked is None or question.wants_list:
        return frozenset()
    return frozenset(numbers_besides_years(question.form[: asked.start()], question.years))


def figures_beyond_given(question: Question, text: str) -> list[str]:
    """The figures a text states besides those the question gives (`given_figures`)."""
    given = given_figures(question)
    return [n for n in numbers_besides_years(text, question.years) if n not in given]


def misses_asked_code(question: Question, form: str) -> bool:
    """Whether the sentence lacks an asked code (PM10) or pollutant (臭氧) under its code and under its name, or
    every asked quality class (Ⅲ类)."""
    classes = _CLASS_RE.findall(question.form)
    if classes and not any(c in form for c in classes):
        return True
    lowered = form.lower()
    return any(
        (_CODE_RE.search(term) or code_names(term))
        and term.lower() not in lowered
        and not any(n in form for n in code_names(term))
        for term in question.key_terms
    )


def compares_with_figure(question: Question, form: str) -> bool:
    """Whether a part of the sentence states a figure beside the year the question compares with (较2015年下降
    10%), with the asked words it holds: a comparison stated without a figure (较2015年进一步下降) leaves the
    change unanswered, whatever other figure the sentence holds, and so does one of another thing."""
    years = (*question.years, *question.baseline_years)
    whole = term_coverage(question, form, "")[0]
    said = ""  # the parts before stating no figure, which carry their subject on
    previous = ""  # the part before, whose subject a part opening with its comparison goes on with
    for part in PART_RE.findall(form):
        stated = numbers_besides_years(part, years)
        # The compared part must hold what the sentence holds of the question: 甲同比下降5%,乙较2015年下降9%
        # compares 甲 with the year before, not with 2015 — but 甲达到63%,比2015年增加92天 compares 甲.
        if stated and any(f"{y}年" in part for y in question.baseline_years):
            subject = f"{said} {previous}" if BASELINE_YEAR_RE.match(part.lstrip()) else said
            if term_coverage(question, f"{subject} {part}", "")[0] >= whole:
                return True
        said = "" if stated else f"{said} {part}"
        previous = part
    return False


def places_named(inside: tuple[str, ...], form: str) -> float | None:
    """The share of the asked places inside the document's region (a city in its province's plan) the
    sentence names; None when the question names no such place."""
    return sum(p in form for p in inside) / len(inside) if inside else None


# A change stated with its figure (削减8.2%, 比2015年下降10%): a change verb, then a figure before the piece ends.
_CHANGE_STATED_RE = re.compile(rf"(?:{'|'.join(CHANGE_VERBS)})(?![到至在])[^，,。；;、]{{0,12}}?\d")


def states_change(form: str) -> bool:
    """Whether a sentence or part states a change with its figure (削减8.2%), not only a level (控制在5万吨)."""
    return _CHANGE_STATED_RE.search(form) is not None


# A change said by a figure's name or the words leading to it (新增装机140万千瓦; 削减甲374万吨,乙482万吨), not a
# level it moves to (提高到, 降至).
_CHANGE_NAMED_RE = re.compile(f"(?:{'|'.join(CHANGE_VERBS)}|新增|净增|压减)(?![到至在])")
# A level said of a figure (…控制在, 达到), or a stock it counts (存栏, 保有量): where it stands, not how far it moves.
_LEVEL_SAID_RE = re.compile(longest_first(w for w in STATEMENT_COMPARATORS if len(w) > 1 and w not in CHANGE_VERBS))
_STOCK_RE = re.compile("存栏|存量|保有量|总量")


def states_level(name: str, lead: str) -> bool:
    """Whether a figure stating no change itself is a level or a stock (存栏8.2万头, …控制在5万吨): by its name, or
    by the words of its sentence leading to it (`lead`, search form) back to a part stating a figure of its own
    (削减甲374万吨,乙482万吨: 乙 is cut too). A figure saying neither (新建绿道50公里) may be what was added."""
    if _CHANGE_NAMED_RE.search(name):
        return False
    if _STOCK_RE.search(name):
        return True
    parts = re.split(r"[，,]", lead)
    for k, part in enumerate(reversed(parts)):
        if k > 0 and re.search(r"\d", part):
            return False  # another figure's part: its verb is its own
        if _CHANGE_NAMED_RE.search(part):
            return False
        if _LEVEL_SAID_RE.search(part):
            return True
    return False


def count_of_asked_thing(question: Question, form: str, context: str, counted: str | None) -> bool:
    """Whether a count the sentence states is of the asked thing: the part stating it (with the parts before it
    that state no figure, which carry its subject on) holds every asked word the sentence holds (`context`:
    its heading path and title); an asked word standing only in another part qualifies that part's figure
    (13个考核断面…, 市控断面…比例达95%: a count of other sections)."""
    whole = term_coverage(question, form, context)[0]
    said = ""
    for part in PART_RE.findall(form):
        units = stated_units(part, not said)
        if units and units_fit(units, "count", counted, strict=False):
            if any(term_coverage(question, f"{said} {item}", context)[0] >= whole for item in _listed_counts(part)):
                return True
        if not units:
            said = f"{said} {part}"
    return False


COUNT_WORD = r"(?:[一二两三四五六七八九十]{1,3}|\d+)"
_COUNT_STATED = f"{COUNT_WORD}[个座家处项条所]"  # 2个, 十五座: a count with its measure word


def _listed_counts(part: str) -> list[str]:
    """The counts a part lists with 、 (创建2个国家级甲、255个省级乙), each with the words leading the
    list: each counts its own thing, so an asked word in one item never qualifies another's count."""
    items = re.split(f"、(?={_COUNT_STATED})", part)
    lead = re.match(f".*?(?={_COUNT_STATED})", items[0]) if len(items) > 1 else None
    return [items[0], *(lead.group(0) + item for item in items[1:])] if lead else items


_ASKED_COUNT_NOUN_RE = re.compile(f"(?:几|多少)个?([{HAN}]{{2,4}})")
# The noun a count asks of when it stands before the question word (…行动一共有几项): its last two characters.
_COUNTED_BEFORE_RE = re.compile(f"([{HAN}]{{2}})(?:一共|总共|共)?(?:有|是)?(?:几|多少)[个项条类]")


def counted_in_words(question: Question, part: str) -> bool:
    """Whether a part (search form) counts what the question counts, with the asked noun as its measure word,
    in digits or Chinese numerals: 八个百分之百 answers a count of 百分之百, 5个方面 one of 方面, and a
    character of a two-character noun serves as a measure word (四级 for a count of 级别). A noun counted
    before its question word (〈甲〉行动有几项) is counted as plans name a set of them (十大行动)."""
    form = re.sub(r"[“”\"'「」]", "", question.form)
    found = _ASKED_COUNT_NOUN_RE.search(form)
    if found is not None:
        noun = found.group(1)
        forms = [f"个?{re.escape(noun)}"] + ([re.escape(noun[0]), re.escape(noun[1])] if len(noun) == 2 else [])
        return re.search(f"{COUNT_WORD}(?:{'|'.join(forms)})", part) is not None
    before = _COUNTED_BEFORE_RE.search(form)
    return before is not None and re.search(f"{COUNT_WORD}大?{re.escape(before.group(1))}", part) is not None


_WRITTEN_YEAR_RE = re.compile(rf"(?<!\d)({YEAR})\s*年")


def dated_otherwise(form: str, years: tuple[str, ...], headlines: bool = False) -> bool:
    """Whether a text (search form) states a time and no asked year falls in it (2009年… quoted for 2010);
    `headlines`: a year written anywhere dates it too, also inside a quoted headline (《到2025年…》), which time
    phrases leave out as another document's title."""
    periods = [p for _, _, p in time_phrases(form)]
    if headlines:
        periods += [Period(int(y), int(y), f"{y}年", "sentence") for y in _WRITTEN_YEAR_RE.findall(form)]
    return bool(periods and years) and not any(p.covers(int(y)) for p in periods for y in years)


# A day asked (哪天印发, 几月几日): answered by a date naming a month or day, never by a year alone (到2025年).
_DAY_ASKED_RE = re.compile(r"哪一?天|几月几[日号]|几号")
_MONTH_OR_DAY_RE = re.compile(rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月|{YEAR}\s*[-./]\s*\d{{1,2}}")


def misses_asked_day(question: Question, form: str) -> bool:
    """Whether a question asks a day and the sentence names no month or day."""
    return bool(_DAY_ASKED_RE.search(question.form)) and not _MONTH_OR_DAY_RE.search(form)


_SCOPED_CHARS = 2  # characters of what an asked place of application qualifies (农村|甲乙, 城市|甲乙)
_SCOPES_LONGEST_FIRST = tuple(sorted(SCOPE_WORDS, key=len, reverse=True))


@functools.lru_cache(maxsize=1024)
def _asked_scope(asked: str) -> tuple[str, frozenset[str]] | None:
    """The words a question's place of application qualifies (农村|甲乙: 甲乙) and the scopes that are that place
    (the asked one and its kin), or None when the question names none before two characters of a word."""
    for scope in _SCOPES_LONGEST_FIRST:
        at = asked.find(scope)
        thing = asked[at + len(scope) : at + len(scope) + _SCOPED_CHARS] if at >= 0 else ""
        if len(thing) == _SCOPED_CHARS and re.fullmatch(f"[{HAN}]+", thing):
            return thing, frozenset({k for family in SCOPE_FAMILIES if scope in family for k in family} | {scope})
    return None


def states_other_scope(question: Question, form: str) -> bool:
    """Whether the sentence states what the question asks of one place of application (农村甲乙) only for
    another (城市甲乙): the same words after another scope word, never after the asked one or its kin."""
    asked = _asked_scope(question.form)
    if asked is None:
        return False
    thing, kin = asked
    if any(k + thing in form for k in kin):
        return False
    return any(other + thing in form for other in SCOPE_WORDS if other not in kin)


_STATING_WORDS_RE = re.compile(longest_first(STATEMENT_ADVERBS + STATEMENT_COMPARATORS))


# A change said by its degree, not its size (显著降低, 明显改善, 大幅提升): how a plan states what it gives no figure for.
_BY_DEGREE_RE = re.compile(
    r"(?:显著|明显|大幅|大幅度|有所|进一步|不断)(?:降低|下降|减少|改善|好转|提升|提高|增加|增长|上升)"
)


def figure_apart_from_asked_words(question: Question, form: str) -> bool:
    """Whether a sentence states the asked thing only in words, in a piece (between commas) holding no figure
    but a change said by degree (…甲比2015年显著降低,乙达到927.7), its figures all standing in pieces about
    other things. A piece with no subject of its own (,力争控制在35微克…) goes on the piece before it."""
    # Words of stating (降低, 达到) are said of every figure: only what is asked about counts.
    weights = [0.0 if _STATING_WORDS_RE.fullmatch(t) else float(min(len(t), 4)) for t in question.key_terms]
    holding = False  # the piece at hand speaks of the asked words (itself, or the one it goes on)
    said_by_degree = False
    for piece in PART_RE.findall(form):
        # A piece lacking an asked code, pollutant or water class (PM2.5浓度为42 for PM10) speaks of another one.
        own = term_coverage(question, piece, "", weights)[0] > 0 and not misses_asked_code(question, piece)
        holding = own or holding and not names_own_subject(piece)
        if holding and numbers_besides_years(piece, question.years):
            return False
        said_by_degree = said_by_degree or holding and bool(_BY_DEGREE_RE.search(piece))
    return said_by_degree


def names_own_subject(piece: str) -> bool:
    """Whether a piece names a thing of its own before its figure (铁路货物运输量达到…), not only what is done
    or stated (新增, 力争控制在, 比…)."""
    before = _STATING_WORDS_RE.sub(" ", NUMBER_RE.split(piece, maxsplit=1)[0])
    return any(len(w) >= 2 and names_a_thing(w) for w in words_of(before))

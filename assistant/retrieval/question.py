"""What a question asks: places, years, the kind of answer wanted, its key terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType

from assistant.errors import EmptyQuestionError
from assistant.retrieval.named_document import (
    DOCUMENT_YEAR_RE,
    MIN_TITLE_STRETCH,
    PLAN_AFTER_YEAR_RE,
    lines_holding,
    named_document,
    outside_plan_asked,
)
from assistant.retrieval.question_words import BACK_REFERENCE_RE, features_named, measure_words, place_deixis, unglued
from assistant.text.gazetteer import Gazetteer, Place
from assistant.text.lexicon import (
    ASKED_COUNT_MEASURES,
    ELEMENT_CHARS,
    FIGURE_COUNT_MEASURES,
    FIGURE_CUES,
    FIGURE_UNITS,
    KIND_WORDS,
    LIST_CUES,
    MEASURE_WORDS,
    NOW_WORDS,
    POLLUTANT_WORDS,
    QUANTITY_CUES,
    RESPONSIBLE_CUES,
    RESPONSIBLE_ROLES,
    TITLE_ENDINGS,
    WHEN_CUES,
    is_filler,
)
from assistant.text.normalize import search_form, spelled_out
from assistant.text.patterns import (
    ASKED_TIME_RE,
    ASKED_YEAR_RE,
    BASELINE_YEAR_RE,
    HAN,
    HAN_RE,
    MID_CENTURY_RE,
    MID_CENTURY_YEAR,
    NOT_A_CLASS_NAMED,
    SHORT_YEAR_AFTER_RE,
    SHORT_YEAR_BEFORE,
    SHORT_YEAR_DURATION_BEFORE,
    SHORT_YEAR_RE,
    WHOLE_REGION_RE,
    longest_first,
)
from assistant.text.thesaurus import ACTIVITIES, kind_of

# 几个 / 几家 ask a figure; 几条 / 几批 … too where no word before them makes them ask which (哪几条, 前几批, 这几条,
# 以下几种) or say about how many (十几条).
_COUNT_CUE = f"|几[{FIGURE_COUNT_MEASURES}万%]|(?<![哪前后第这那述下十])几[{ASKED_COUNT_MEASURES}]"
_FIGURE_RE = re.compile("|".join(FIGURE_CUES) + _COUNT_CUE)
_QUANTITY_RE = re.compile("|".join(QUANTITY_CUES) + _COUNT_CUE)
_LIST_RE = re.compile("|".join(LIST_CUES))
# A level asked after a verb of moving or holding a value (降到什么范围, 控制在什么水平): a figure, as 多少 asks one.
_LEVEL_ASKED_RE = re.compile(r"(?:降|减|控制|保持|稳定|维持|压|提高|提升|达到)(?:到|在|至)?什么(?:水平|范围)")
# What is required (怎么要求的, 有什么规定): a statement, which need not be a number (不超过2012年水平).
_REQUIREMENT_RE = re.compile(r"(?:怎么|如何|怎样|什么|有何)(?:要求|规定)")
_HOW_MUCH_RE = re.compile(r"多少|多大(?!的?范围)|几")
_WHEN_RE = re.compile("|".join(WHEN_CUES))
_WHEN_ASKED = "(?:什么时候|哪天|哪一天|何时)"
_WHEN_SPAN_RE = re.compile(rf"是?(?:从|自)?{_WHEN_ASKED}[{HAN}]{{0,3}}?(?:到|至){_WHEN_ASKED}")
_UNIT_RE = re.compile("|".join(RESPONSIBLE_CUES + RESPONSIBLE_ROLES))  # 责任部门有哪些 asks who, as 哪些部门 does
# How many units (几个部门, 多少家单位): a count of them, not a question of which one leads.
_UNITS_COUNTED_RE = re.compile(r"(?:多少|几)[个家]?(?:部门|单位)")
_COUNT_ASKED_RE = re.compile(f"(?:多少|几)[{MEASURE_WORDS}]")
# 几公里 / 多少万亩: the unit is a word of its own (jieba glues 几公里 into one word no sentence holds).
_ASKED_UNITS = longest_first(u for u in FIGURE_UNITS if HAN_RE.match(u))
_UNIT_ASKED_RE = re.compile(f"(?:多少|几)([万亿千百]?(?:{_ASKED_UNITS}))")
_BARE_NUMBER_RE = re.compile(r"[\d.\-+%]+")
_CONTENT_RE = re.compile(f"[{HAN}A-Za-z0-9]")
_CODE_RE = re.compile(r"(?<![A-Za-z])[a-z]{1,3}(?=\d)")
# The spoken forms of the question words 什么 and 怎么 (啥时候, 咋样): closed-class words of everyday Chinese.
SPOKEN_QUESTION_WORDS = {"啥": "什么", "咋": "怎么"}
_SPOKEN_QUESTION_RE = re.compile("|".join(SPOKEN_QUESTION_WORDS))
# The spoken short form of a unit (平米 for 平方米), as documents never write it.
SPOKEN_UNITS = {"平米": "平方米"}
_SPOKEN_UNIT_RE = re.compile("|".join(SPOKEN_UNITS))
# A level of government said with 一 (县一级, 省一级), as documents write it without (县级); not a word's last
# character before a grade (保护区一级保护区, 城市一级道路).
_SPOKEN_LEVEL_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[年的在和与及到各、]))([省市县区乡镇村])一级")
# 又黑又臭, 既脏又乱: general Chinese names both qualities at once, as documents write them (黑臭, 脏乱).
_BOTH_QUALITIES_RE = re.compile(f"[又既]([{HAN}])又([{HAN}])")


@dataclass(frozen=True)
class Question:
    """A parsed question."""

    text: str  # as asked (possibly truncated)
    form: str  # search form
    places: tuple[Place, ...]
    years: tuple[str, ...]
    wants_figure: bool  # a figure or target is asked
    wants_number: bool  # a quantity is asked (多少, 比例 …), so the answer must state a number
    wants_list: bool
    wants_unit: bool
    wants_when: bool
    key_terms: tuple[str, ...]  # content words (search form), places and years removed
    truncated: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    baseline_years: tuple[str, ...] = ()  # years a figure is compared with (比2021年少多少), not asked about
    features: tuple[str, ...] = ()  # a bay, lake or island named by its place's name (甲湾): also a key term

    @property
    def has_content(self) -> bool:
        """Whether there is anything to look up: a place, or a word that is not just a number ("2025", "-1")
        or the kind of quantity (a demonstrative, 比例 and a question word)."""
        return bool(self.places) or any(
            not _BARE_NUMBER_RE.fullmatch(t) and t not in KIND_WORDS for t in self.key_terms
        )


_CITY_PART_RE = re.compile(r"[老新旧东西南北中]城区|城[东西南北中]区")


def place_mentions(
    form: str,
    gazetteer: Gazetteer,
    aliases: dict[str, Place] | None = None,
    opening: dict[str, Place] | None = None,
) -> list[tuple[int, int, Place]]:
    """(start, end, place) of the place names in `form` (search form): the gazetteer's, then the first
    occurrence of each corpus alias (凯里 …) whose place is not named yet and that no name covers. An alias
    of a generic word (自治区) is not read beside a place outside its region: "乌海…达到自治区领先水平" speaks of
    乌海's own autonomous region, not of the one the corpus calls so. An `opening` alias (a covered place's
    name that is also a word) is read only where the question opens with it and names no other place."""
    found = [(m.start, m.end, m.place) for m in gazetteer.find(form)]
    # A district named as any city's part might be (老城区, 城东区), beside a place it lies outside, is that place's part.
    found = [
        (s, e, p)
        for s, e, p in found
        if not (_CITY_PART_RE.fullmatch(p.name) and any(o.level < p.level and not o.contains(p) for _, _, o in found))
    ]
    named = [p for _, _, p in found]
    if not found:
        found = [(0, len(alias), place) for alias, place in (opening or {}).items() if form.startswith(alias)][:1]
    for alias, place in (aliases or {}).items():
        at = form.find(alias)
        if at < 0 or place in named or any(s <= at < e for s, e, _ in found):
            continue
        if alias != place.short and any(not place.contains(p) for p in named):
            continue
        found.append((at, at + len(alias), place))
    return found


def place_names(places: tuple[Place, ...]) -> tuple[str, ...]:
    """Every place's full and short name (黔东南苗族侗族自治州, 黔东南), the longest first."""
    names = {n for place in places for n in (place.name, place.short) if n}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


MIN_LEAD_WORDS = 2  # words an opening must hold, all of one title, to name that plan


def _plan_lead(
    form: str, spans: list[tuple[int, int]], titles: str, jieba: ModuleType, kept: tuple[str, ...]
) -> tuple[int, int] | None:
    """The question's opening up to its first comma when every word of it (places aside) stands in one title of
    the corpus and the rest asks on (甲区创建生态文明建设示范区，…): it names the plan, not what the plan sets."""
    comma = re.search(r"[，,]", form)
    if comma is None or not titles:
        return None
    words = _key_terms(_without(form[: comma.start()], [s for s in spans if s[1] <= comma.start()]), jieba, kept)
    if len(words) < MIN_LEAD_WORDS or sum(map(len, words)) < MIN_TITLE_STRETCH:
        return None
    # Only the titles holding its longest word are read, not every title of the corpus.
    if not any(all(w in titles[a:b] for w in words) for a, b in lines_holding(titles, max(words, key=len))):
        return None
    return 0, comma.end()


def _without(form: str, spans: list[tuple[int, int]]) -> str:
    """`form` with each span (places, a named document) replaced by a space."""
    keep = [True] * len(form)
    for start, end in spans:
        keep[start:end] = [False] * (end - start)
    out, blank = [], False
    for char, kept in zip(form, keep):
        if kept:
            out.append(char)
            blank = False
        elif not blank:
            out.append(" ")
            blank = True
    return "".join(out)


def parse_question(
    text: str,
    gazetteer: Gazetteer,
    max_chars: int = 300,
    aliases: dict[str, Place] | None = None,
    titles: str = "",
    opening: dict[str, Place] | None = None,
) -> Question:
    """Parse `text`; raise EmptyQuestionError when there is nothing to ask."""
    import jieba

    if text is None or not text.strip():
        raise EmptyQuestionError("问题为空，请输入要查询的内容")
    text = text.strip()
    truncated = len(text) > max_chars
    notes: tuple[str, ...] = ()
    if truncated:
        notes = (f"问题过长（{len(text)}字），只使用了前{max_chars}字",)
        text = text[:max_chars]
    # A code typed in lower case (pm2.5, so2) as documents write it; a spoken question word as written (啥 -> 什么).
    form = _CODE_RE.sub(lambda m: m.group(0).upper(), search_form(text))
    form = _SPOKEN_QUESTION_RE.sub(lambda m: SPOKEN_QUESTION_WORDS[m.group(0)], form)
    form = _SPOKEN_UNIT_RE.sub(lambda m: SPOKEN_UNITS[m.group(0)], form)
    form = _SPOKEN_LEVEL_RE.sub(r"\1级", form)
    form = measure_words(BACK_REFERENCE_RE.sub("", form))  # 在这个基础上降低多少: a change, of nothing named anew
    both = tuple(a + b for a, b in _BOTH_QUALITIES_RE.findall(form))  # jieba cuts 黑臭 into two characters
    # A pollutant's name is one word: jieba leaves 颗粒物 of 细颗粒物, which 可吸入颗粒物 also holds.
    both += tuple(n for n in POLLUTANT_WORDS if HAN_RE.match(n) and n in form)
    # 把甲建设成什么: what a place is to become is asked by the verb and its 成 (建设成, 打造成), as plans write it.
    both += tuple(f"{m[1]}成" for m in _BECOMING_ASKED_RE.finditer(form) if kind_of(m[1]) in tuple(ACTIVITIES))
    form = _BOTH_QUALITIES_RE.sub(r"\1\2", form)
    form = MID_CENTURY_RE.sub(f"{MID_CENTURY_YEAR}年", form)  # 本世纪中叶: the year it means
    found = place_mentions(form, gazetteer, aliases, opening)
    written_out = full_years(form, frozenset(end for _, end, _ in found))
    if written_out != form:  # a year written out moves the places after it: found again
        form, found = written_out, place_mentions(written_out, gazetteer, aliases, opening)
    places = list(dict.fromkeys(place for _, _, place in found))
    # 从什么时候干到什么时候 asks when a span runs: the words of that frame name nothing asked.
    spans = [(start, end) for start, end, _ in found] + [m.span() for m in _WHEN_SPAN_RE.finditer(form)]
    spans += place_deixis(form, found)
    baseline = tuple(dict.fromkeys(BASELINE_YEAR_RE.findall(form)))
    # 比2016年少多少: that year only compares (2018年比2016年…: 2018 is asked, 2016 compares).
    stated = [y for y in dict.fromkeys(ASKED_YEAR_RE.findall(form)) if y not in baseline]
    # A year naming the document asked about (its title's, the year it was made, one before its name) is no time
    # asked when another is; one only naming the plan the question speaks of (甲2022年乙丙规划里…) is none at all.
    outside = [y for y in dict.fromkeys(ASKED_YEAR_RE.findall(DOCUMENT_YEAR_RE.sub(" ", form))) if y not in baseline]
    years = tuple(outside or ([] if PLAN_AFTER_YEAR_RE.search(form) else stated))
    if outside_plan_asked(form, years):
        years = ()
    key_terms = _key_terms(_without(form, spans), jieba, both)
    features = features_named(form, found, jieba)
    document = named_document(form, titles) if titles else None
    if document is not None:
        # Asked words besides the plan's name: what it sets. A question that only names the plan
        # ("东莞市碳达峰实施方案是哪天印发的") keeps the name as what it asks about.
        rest_terms = _key_terms(_without(form, [*spans, document]), jieba, both)
        key_terms = rest_terms or key_terms
    lead = _plan_lead(form, spans, titles, jieba, both) if document is None and _QUANTITY_RE.search(form) else None
    if lead is not None:
        # 甲区创建生态文明建设示范区，…比例达到多少: the opening names the plan; the figure is asked after it.
        key_terms = _key_terms(_without(form, [*spans, lead]), jieba, both) or key_terms
    if titles:
        # "按某省的实施意见" names the plan by its kind alone: the kind is not what it sets.
        kinds = tuple(t for t in key_terms if t.endswith(TITLE_ENDINGS) and t in titles)
        key_terms = tuple(t for t in key_terms if t not in kinds) or key_terms
    return Question(
        text=text,
        form=form,
        places=tuple(places),
        years=years,
        wants_figure=bool(_FIGURE_RE.search(form)),
        wants_number=bool(_QUANTITY_RE.search(form) or _LEVEL_ASKED_RE.search(form))
        and not (_REQUIREMENT_RE.search(form) and not _HOW_MUCH_RE.search(form)),
        wants_list=bool(_LIST_RE.search(form)),
        wants_unit=bool(_UNIT_RE.search(form)) and not _UNITS_COUNTED_RE.search(form),
        wants_when=bool(_WHEN_RE.search(form)),
        key_terms=tuple(dict.fromkeys([*features, *key_terms])),
        features=features,
        truncated=truncated,
        notes=notes,
        baseline_years=baseline,
    )


# A class of water or air quality, or of a noise zone (三类, 劣五类, 3类; Roman numerals are folded so by
# search_form): it tells one indicator from another (三类以上断面比例 vs 劣五类), but jieba cuts it into single
# characters (or glues its 类 to the next word).
_CLASS_TERM_RE = re.compile(rf"{NOT_A_CLASS_NAMED}劣?(?:[一二三四五六]|(?<![\d.])[1-6])类")


_BECOMING_ASKED_RE = re.compile(r"([\u4e00-\u9fff]{2})成为?(?=什么|哪)")


def _key_terms(rest: str, jieba: ModuleType, kept: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The content words of `rest`; `kept`: words jieba would cut apart, taken whole."""
    rest = spelled_out(rest)  # 国省控 asks for 国控 and 省控
    classes = _CLASS_TERM_RE.findall(rest) + [w for w in kept if w in rest]
    rest = _CLASS_TERM_RE.sub(" ", rest)
    for word in kept:
        rest = rest.replace(word, " ")
    rest = ASKED_TIME_RE.sub(" ", rest)
    rest = _UNIT_ASKED_RE.sub(r" \1 ", rest)
    rest = _COUNT_ASKED_RE.sub(" ", rest)  # 多少座 / 几个: jieba would glue the measure word to the next word
    rest = _REQUEST_RE.sub(" ", rest)
    rest = WHOLE_REGION_RE.sub(r" \g<0> ", rest)  # 全州长树林: 全州 | 长树林, never 州长 (a governor)
    terms = [unglued(w.strip()) for w in _elements_joined(list(jieba.cut(rest))) if w.strip()]
    return tuple(
        dict.fromkeys(
            [
                *classes,
                *(
                    w
                    for w in terms
                    if not is_filler(w) and _CONTENT_RE.search(w) and not (len(w) == 1 and HAN_RE.match(w))
                ),
            ]
        )
    )


# A request for knowledge (我想知道, 你们知道…吗, 不知道…, a question opening with 知道): how it is asked, not
# what (居民需要知道的 stays: 要 there is what people must know).
_REQUEST_RE = re.compile(r"(?:^|[我你您想不]|你们|您们)知道")
# Characters that join or mark words (和, 的, 等): no part of a word cut apart.
_FUNCTION_CHARS = "和与及或并的地得等之"


def _elements_joined(words: list[str]) -> list[str]:
    """The words with a chemical element's character jieba cut off the word it opens (碳 | 排放) put back on
    it (碳排放): alone it would be dropped as a lone character, and it names the substance asked. One that closes
    a word cut apart (低 | 碳 | 出行) opens nothing, and no function word (和, 的, 等) is a word it opens."""
    out: list[str] = []
    for word in words:
        lone = len(out) > 1 and len(out[-2]) == 1 and out[-2] not in _FUNCTION_CHARS and HAN_RE.match(out[-2])
        opens = len(word) > 1 and HAN_RE.match(word) is not None
        if out and len(out[-1]) == 1 and out[-1] in ELEMENT_CHARS and opens and not lone:
            out[-1] += word
        else:
            out.append(word)
    return out


def asks_when_span(form: str) -> bool:
    """Whether a question asks from when to when (从什么时候到什么时候, 从哪天到哪天): the dates something runs."""
    return _WHEN_SPAN_RE.search(form) is not None


_YEAR_JUST_SAID_RE = re.compile(r"(?<!\d)(?:\d{2}|20\d{2})年$")


def full_years(form: str, after_places: frozenset[int] = frozenset()) -> str:
    """A question's two-digit years written out (25年底 -> 2025年底): staff say years so. `after_places`: where
    a place name ends, which a year may follow as the question's time (乌海25年…)."""

    def year(m: re.Match[str]) -> str:
        before = form[: m.start()]
        point = not before.endswith(SHORT_YEAR_DURATION_BEFORE) and (
            not before.strip()
            or m.start() in after_places
            or before.endswith(SHORT_YEAR_BEFORE)
            or _YEAR_JUST_SAID_RE.search(before) is not None  # 23年25年: a second year right after a first
            or before.endswith(TITLE_ENDINGS)  # 大气行动计划19年…: right after a plan's name, its time
            or SHORT_YEAR_AFTER_RE.match(form, m.end()) is not None
        )
        return f"20{m.group(1)}年" if point else m.group(0)

    return SHORT_YEAR_RE.sub(year, form)


def asks_now(question: Question) -> bool:
    """Whether a question asks how things stand now (目前有多少…), naming no year: what the plan found when it was
    written, never a target it sets for later."""
    return not question.years and any(word in question.form for word in NOW_WORDS)


# Which things (哪些领域, 有哪几项), not the figures of several things named (甲和乙分别是多少) nor which years or days.
_ITEMS_ASKED_RE = re.compile(r"哪(?:些|几(?![年天]))")


def asks_items(question: Question) -> bool:
    """Whether a question asks which things (哪些领域, 哪几项): a clause's items answer it, never one figure. A
    question naming the things and asking their figures (甲和乙分别是多少) asks figures."""
    return bool(_ITEMS_ASKED_RE.search(question.form)) and "分别" not in question.form


def sets_apart(form: str, place: str) -> bool:
    """Whether a question (search form) sets a place apart (除了甲市，其余…): that place's figure is the one not asked."""
    return re.search(f"除了?{re.escape(place)}", form) is not None

"""The time a figure applies to, read from its sentence, its heading path or the plan itself.

Plans state time as a year (到2025年, 2023年底前), a span (2023—2025年), a five-year-plan period
(“十四五”期间) or relative to the plan year (年内, 到年底). Years after 较/比 are a change's
baseline, not its time.
"""

from __future__ import annotations

import re

from assistant.documents import DocumentMeta, Period
from assistant.text.lexicon import DESCRIPTION_HEADING_WORDS, REVIEW_HEADING_WORDS
from assistant.text.patterns import (
    BASELINE_YEAR_RE,
    BASIS_YEAR_RE,
    BOOK_TITLE_RE,
    CONDITION,
    MID_CENTURY_RE,
    MID_CENTURY_YEAR,
    YEAR,
)

# 十一五 … 十六五: the five-year plans whose periods a current document can name.
FIVE_YEAR_PLANS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
    "十六五": (2031, 2035),
}
FIVE_YEAR_PLAN_RE = re.compile(r"[“\"']?(十[一二三四五六]五)[”\"']?(期间|时期|末)?")
_RANGE_RE = re.compile(rf"(?<!\d)({YEAR})\s*(?:年度?)?\s*(?:[—–\-~～]+|至|到)\s*({YEAR})\s*年度?")  # 2015年度至2018年度
# A title's span in brackets without 年 (…专项规划(2023-2035)): the plan's period all the same.
_TITLE_RANGE_RE = re.compile(rf"[(（]({YEAR})\s*(?:[—–\-~～]+|至|到)\s*({YEAR})[)）]")
# A year, with its month and day when given (2021年9月底, 2024年10月1日前), never a year before a figure
# (在2015年70微克/立方米的基础上).
_YEAR_PHRASE_RE = re.compile(
    rf"(?<!\d)({YEAR})\s*年(?!一遇)(?:(?:1[0-2]|0?[1-9])\s*月(?:\s*[1-3]?\d\s*日)?|度|(?!\d))(?:底|末)?(?:前)?"
)
_BY_THEN = ("到", "至", "在", "于")
_PLAN_YEAR_RE = re.compile(r"年内|到年底|年底前")
# A year named from the document's own (去年 in a 2010 plan is 2009), never a compared one (比去年).
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "明年": 1}
_RELATIVE_YEAR_RE = re.compile(rf"(?<![比较于])(?:{'|'.join(_RELATIVE_YEARS)})")
_THREE_YEAR_RE = re.compile(r"三年(?:行动|攻坚)")
# A year that dates a condition on who is meant (2019年PM2.5浓度在50至60微克/立方米之间的镇…均下降至50):
# the measured figure and its 的 describe the subject; the target figure later in the clause has its own time.
_CONDITION_YEAR_RE = re.compile(rf"(?<!\d){YEAR}\s*年[^，,；;。：:]*?{CONDITION}(?=[^，,。；;]*\d)")
# A year saying when things were made (2011年新造的未成林造林, 2020年已建成的设施): which things, not when.
_MADE_YEAR_RE = re.compile(rf"(?<!\d){YEAR}\s*年(?:新|已)[\u4e00-\u9fff]{{1,2}}的")


def time_phrases(text: str, plan_year: int | None = None) -> list[tuple[int, int, Period]]:
    """Time phrases of `text` (search form) with their spans; baselines, cited titles and the years of
    conditions left out."""
    blocked = [
        m.span()
        for r in (BASELINE_YEAR_RE, BASIS_YEAR_RE, BOOK_TITLE_RE, _CONDITION_YEAR_RE, _MADE_YEAR_RE)
        for m in r.finditer(text)
    ]
    found: list[tuple[int, int, Period]] = []

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in blocked + [(x, y) for x, y, _ in found])

    for m in FIVE_YEAR_PLAN_RE.finditer(text):
        start, end = FIVE_YEAR_PLANS[m.group(1)]
        if free(*m.span()):
            found.append((m.start(), m.end(), Period(start, end, f"“{m.group(1)}”期间", "sentence")))
    for m in MID_CENTURY_RE.finditer(text):
        # A time only when the text says by then (到本世纪中叶，…), not a horizon in passing (为本世纪中叶…奠定基础).
        if free(*m.span()) and text[max(0, m.start() - 1) : m.start()] in _BY_THEN:
            found.append((m.start(), m.end(), Period(MID_CENTURY_YEAR, MID_CENTURY_YEAR, m.group(0), "sentence")))
    for m in _RANGE_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b and free(*m.span()):
            found.append((m.start(), m.end(), Period(a, b, f"{a}—{b}年", "sentence")))
    for m in _YEAR_PHRASE_RE.finditer(text):
        if free(*m.span()):
            year = int(m.group(1))
            found.append((m.start(), m.end(), Period(year, year, m.group(0).strip(), "sentence")))
    if plan_year is not None:
        for m in _PLAN_YEAR_RE.finditer(text):
            if free(*m.span()):
                found.append(
                    (m.start(), m.end(), Period(plan_year, plan_year, f"{plan_year}年（{m.group(0)}）", "sentence"))
                )
        for m in _RELATIVE_YEAR_RE.finditer(text):
            year = plan_year + _RELATIVE_YEARS[m.group(0)]
            if free(*m.span()):
                found.append((m.start(), m.end(), Period(year, year, f"{year}年（{m.group(0)}）", "sentence")))
    return sorted(found, key=lambda f: f[0])


def document_year(meta: DocumentMeta) -> int | None:
    """The year a document was written or published (or that its title or file name states)."""
    for date in (meta.written_date, meta.published_date):
        if date and re.match(rf"{YEAR}", date):
            return int(date[:4])
    for text in (meta.title, meta.source):
        m = re.search(rf"(?<!\d)({YEAR})(?!\d)", text)
        if m:
            return int(m.group(1))
    return None


# A heading looking back (（一）实施成效, 发展基础): its figures are what the plan found, not its targets.
REVIEW_HEADING_RE = re.compile("|".join(REVIEW_HEADING_WORDS))
DESCRIPTION_HEADING_RE = re.compile("|".join(DESCRIPTION_HEADING_WORDS))  # 自然环境: facts, in no plan period


def reviewed_period(plan: Period | None) -> Period | None:
    """The period a five-year plan looks back on (“十三五”期间 for a “十四五” plan), or None for another plan."""
    if plan is None or plan.source != "plan" or not FIVE_YEAR_PLAN_RE.search(plan.label):
        return None
    earlier = next((name for name, span in FIVE_YEAR_PLANS.items() if span == (plan.start - 5, plan.end - 5)), None)
    return Period(plan.start - 5, plan.end - 5, f"“{earlier}”期间", "heading") if earlier else None


def plan_period(meta: DocumentMeta, title_form: str) -> Period | None:
    """The period the plan itself covers, when its title says (2023—2025年, 十四五, 三年行动, 2018年…方案)."""
    m = _RANGE_RE.search(title_form) or _TITLE_RANGE_RE.search(title_form)
    if m and int(m.group(1)) < int(m.group(2)):
        return Period(int(m.group(1)), int(m.group(2)), f"{m.group(1)}—{m.group(2)}年", "plan")
    m = FIVE_YEAR_PLAN_RE.search(title_form)
    if m:
        start, end = FIVE_YEAR_PLANS[m.group(1)]
        return Period(start, end, f"“{m.group(1)}”期间", "plan")
    year = document_year(meta)
    if year and _THREE_YEAR_RE.search(title_form):
        return Period(year, year + 2, f"{year}—{year + 2}年", "plan")
    m = re.search(rf"(?<!\d)({YEAR})年", title_form)
    if m:
        return Period(int(m.group(1)), int(m.group(1)), f"{m.group(1)}年", "plan")
    return None

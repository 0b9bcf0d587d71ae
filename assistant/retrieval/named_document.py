"""Which plan a question names: a stretch of it that one of the corpus's titles holds, and the years that name a
document (the one in its title, the year it was made, one before its name, one outside the five-year plan asked as
the time) rather than a time asked about."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.indicators.periods import FIVE_YEAR_PLAN_RE, FIVE_YEAR_PLANS
from assistant.text.lexicon import TITLE_ENDINGS

MIN_TITLE_STRETCH = 6  # characters a named document must share with a title, its kind (方案) included
MAX_TITLE_STRETCH = 40
MAX_TITLES_TRIED = 20  # titles holding one run of a shortened name that are read (look-alike plans repeat runs)
_TITLE_ENDING_RE = re.compile("|".join(TITLE_ENDINGS))

# A plan named after a year, the question then speaking of what is in it (2022年甲乙规划里, 2019年甲工作计划中):
# the year names the plan, and its figures answer whatever year they are of (measured: keeping the year as the time
# asked refused more than it saved). Not 2025年规划中 (the plan's figure for that year), nor a 年度 plan (2019年度甲
# 计划里: that year's targets), nor a figure said to stand in the plan (2025年的甲目标在方案里), nor 规划中期.
PLAN_AFTER_YEAR_RE = re.compile(
    r"(?<![到至在给为\d])(?:19|20)\d{2}年(?!度)的?[^\d,，。;；?？的在]{2,12}?(?:方案|规划|计划)(?=中(?!期)|里)"
)
# Where a question's year names a document rather than a time: inside its title (《甲规划(2020—2030年)》), as the
# year it was made (2023年印发的那个方案, 2023年的这份规划), or before the plan's name.
DOCUMENT_YEAR_RE = re.compile(
    r"《[^》]*》|(?<![到至在给为\d])(?:(?:19|20)\d{2}\s*(?:年)?\s*[—–\-至~]\s*)?(?:19|20)\d{2}年"
    r"(?:(?:印发|发布|出台|制定|编制|发|出|搞)的(?:那个|这个|那份|这份)?|的(?:那个|这个|那份|这份))"
    rf"[^\d,，。;；?？]{{0,12}}?(?:方案|规划|计划|意见|办法)|{PLAN_AFTER_YEAR_RE.pattern}"
)
_PLAN_BEFORE_RE = re.compile(r"[“\"']?十[一二三四五六]五[”\"']?$")
_PERIOD_IN_TITLE_RE = re.compile(r"\d{4}|十[一二三四五六]五")


def named_document(form: str, titles: str) -> tuple[int, int] | None:
    """The longest stretch of `form` ending in a kind of document (…实施方案, …意见) that one of the
    corpus's titles (`titles`: their search forms, one per line) holds, as is or with words left out (see
    `_title_shortened`): the question names the plan it asks about ("乌海生态环境提质实施方案要求…"), and
    those words say which plan, not what it sets."""
    best: tuple[int, int] | None = None
    for ending in _TITLE_ENDING_RE.finditer(form):
        end = ending.end()
        for start in range(max(0, end - MAX_TITLE_STRETCH), end - MIN_TITLE_STRETCH + 1):
            if form[start:end] in titles or _title_shortened(form[start:end], titles):
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end)
                break  # the longest stretch ending here
    if best is not None:
        # 甲省“十四五”乙规划 of a plan titled 甲省乙规划: the five-year plan said before the title is part of its name —
        # unless a title holding the stretch states a period (甲省乙规划(2016-2020年)), which the asked one may not be.
        plan = _PLAN_BEFORE_RE.search(form, 0, best[0])
        holding = [line for line in titles.split("\n") if form[best[0] : best[1]] in line]
        if plan and holding and not any(_PERIOD_IN_TITLE_RE.search(line) for line in holding):
            best = (plan.start(), best[1])
    return best


def _title_shortened(stretch: str, titles: str) -> bool:
    """Whether `stretch` names a title with words left out (乌海生态环境提质方案 for “美丽乌海”生态环境提质
    实施方案): its characters stand in one title in order, and a run of `MIN_TITLE_STRETCH` of them stands in
    that title side by side, so a few common characters scattered over a long title name none."""
    lines: set[tuple[int, int]] = set()  # the titles holding a run: (start, end) in `titles`
    for i in range(len(stretch) - MIN_TITLE_STRETCH + 1):
        for line in lines_holding(titles, stretch[i : i + MIN_TITLE_STRETCH]):
            if len(lines) >= MAX_TITLES_TRIED:
                break
            lines.add(line)
    if not lines:
        return False
    in_order = re.compile("[^\n]*?".join(map(re.escape, stretch)))
    return any(in_order.search(titles, start, end) for start, end in lines)


def lines_holding(titles: str, needle: str) -> Iterator[tuple[int, int]]:
    """Where each title holding `needle` stands in `titles` (one per line): (start, end), in order."""
    at = titles.find(needle)
    while at >= 0:
        end = titles.find("\n", at)
        yield titles.rfind("\n", 0, at) + 1, end if end >= 0 else len(titles)
        at = titles.find(needle, at + 1)


# A five-year plan asked as the time: “十三五”期间, 时期; not 末, a point figures are compared with.
_PLAN_TIME_WORDS = ("期间", "时期")
_TARGET_OR_COMPARED_RE = re.compile(r"(?:到|至)(?:19|20)\d{2}年|比|较|相比")


def outside_plan_asked(form: str, years: tuple[str, ...]) -> bool:
    """Whether the question asks a five-year plan's years as its time (甲2022年的…“十三五”期间…) and its years all lie
    outside them, none a target (到2025年) and nothing compared: those years then name something else, the plan."""
    plans = [FIVE_YEAR_PLANS[m[1]] for m in FIVE_YEAR_PLAN_RE.finditer(form) if m[2] in _PLAN_TIME_WORDS]
    return (
        bool(plans and years)
        and not any(a <= int(y) <= b for y in years for a, b in plans)
        and not _TARGET_OR_COMPARED_RE.search(form)
    )

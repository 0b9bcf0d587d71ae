"""A year a plan speaks of only by keeping another year's targets: a year-by-year plan may write out one year's
figures and say of the next only that it builds on them ("2. 2024年指标任务 / 在稳定保持2023年指标任务基础上，全年
完成国家、省下达的年度指标任务"). That sets no figure for the year (the year's own tasks come from elsewhere), so a
question about it is refused, and the refusal quotes the clause beside the years the plan does state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import Chunk, Span
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import PART_RE

# 保持 / 巩固 / 延续 a year's targets (稳定保持2023年指标任务, 巩固2023年目标): that year's figures stand again.
_KEPT_RE = re.compile(r"(?:稳定|持续)?(?:保持|巩固|延续)(?:住)?(\d{4})年度?(?:的)?(?:各项)?(?:主要)?(?:指标|目标)")
# …基础上: the kept targets are what the year builds on (巩固2020年目标成果 alone looks back at a result).
_BASIS = "基础上"
_YEAR_RE = re.compile(r"(\d{4})年")


@dataclass(frozen=True)
class KeptYear:
    """`year`'s targets are `source`'s, as the clause `chunk` says in the part `span` (offsets in its text)."""

    year: int
    source: int
    chunk: Chunk
    span: Span


def kept_year(chunk: Chunk) -> KeptYear | None:
    """The year whose targets this clause keeps from an earlier year, or None. The year kept for is the last
    year its heading path or its own words name before the phrase (2. 2024年指标任务; 2024年，在稳定保持…)."""
    form = aligned_form(chunk.text)
    found = _KEPT_RE.search(form)
    if found is None:
        return None
    source = int(found.group(1))
    before = f"{search_form(chunk.path_text)} {form[: found.start()]}"
    years = [int(y) for y in _YEAR_RE.findall(before) if int(y) != source]
    if not years or years[-1] <= source:
        return None  # a later year kept for an earlier one is a look back, not this
    part = next(p for p in PART_RE.finditer(form) if p.start() <= found.start() < p.end())
    if _BASIS not in form[found.end() : part.end()]:
        return None
    text = chunk.text[part.start() : part.end()]
    start = part.start() + len(text) - len(text.lstrip())
    return KeptYear(years[-1], source, chunk, (start, start + len(text.strip())))

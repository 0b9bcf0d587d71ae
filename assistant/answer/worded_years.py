"""An asked year a plan sets in words, not as a figure, beside a figure it states for another year.

A plan staging one task over years often gives a figure for the first year and words for the last
(2024年底前完成70%的整治任务，2025年底前基本完成全部整治任务). Asked for both years, the second year is not
"未设定": the same sentence says what it is to reach, and the answer quotes that part with its citation.
"""

from __future__ import annotations

import re

from assistant.documents import Chunk, Indicator, Span
from assistant.text.normalize import aligned_form

MIN_SHARED_CHARS = 3  # a shorter run shared with the name (完成, 达到) is a verb any part may hold
_PART_RE = re.compile(r"[^,，;；。\n]+")
_FIGURE_RE = re.compile(r"\d")


def worded_part(chunk: Chunk, ind: Indicator, year: str) -> Span | None:
    """Where, in `ind`'s sentence of `chunk`, a part dated `year` states in words (no figure but the year)
    what becomes of the thing the figure's name speaks of; None when no part does."""
    form = aligned_form(chunk.text)  # the search form, offsets as in the text
    at = ind.start - chunk.start
    start = max(form.rfind(end, 0, at) for end in "。；;\n") + 1
    ends = [i for i in (form.find(end, at) for end in "。；;\n") if i >= 0]
    end = min(ends, default=len(form))
    for part in _PART_RE.finditer(form, start, end):
        text = part.group(0)
        dated = re.search(rf"{year}\s*年", text)
        rest = text[dated.end() :] if dated else ""
        if dated and not _FIGURE_RE.search(rest) and _shares_a_run(rest, ind.name):
            return part.start() + len(text) - len(text.lstrip()), part.end()
    return None


def _shares_a_run(text: str, name: str) -> bool:
    """Whether `text` holds a run of at least MIN_SHARED_CHARS characters of `name`."""
    return any(name[i : i + MIN_SHARED_CHARS] in text for i in range(len(name) - MIN_SHARED_CHARS + 1))

"""An asked year a plan sets in words, not as a figure, beside a figure it states for another year.

A plan staging one task over years often gives a figure for one year and words for another
(2024年底前完成70%的整治任务，2025年底前基本完成全部整治任务; 到2035年，…；湿地面积基本稳定). Asked for that year,
the answer is not a bare "未设定": it quotes what the clause says, with its citation.
"""

from __future__ import annotations

import re

from assistant.documents import Chunk, Indicator, Span
from assistant.text.normalize import aligned_form
from assistant.text.patterns import COMMA_PIECE_RE

NAME_TAIL_CHARS = 4  # the end of a name, which says what is measured (湿地面积, 整治任务), must stand in the part
_SENTENCE_RE = re.compile(r"[^。\n]+")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_FIGURE_RE = re.compile(r"\d")


def worded_part(chunk: Chunk, ind: Indicator, year: str) -> Span | None:
    """Where `chunk` states in words (no figure) what becomes of the thing `ind` measures in `year`: a part of a
    sentence dated `year` itself or by the sentence's earlier parts (到2035年，…；湿地面积基本稳定). None when none does."""
    form = aligned_form(chunk.text)  # the search form, offsets as in the text
    tail = ind.name[-NAME_TAIL_CHARS:]
    for sentence in _SENTENCE_RE.finditer(form):
        dated = ""
        for part in COMMA_PIECE_RE.finditer(form, sentence.start(), sentence.end()):
            text = part.group(0)
            years = _YEAR_RE.findall(text)
            dated = years[-1] if years else dated
            rest = _YEAR_RE.sub("", text)
            if dated == year and tail in rest and not _FIGURE_RE.search(rest):
                return part.start() + len(text) - len(text.lstrip()), part.end()
    return None

"""An asked part the indicator table sets no figure for, stated beside a figure it does answer.

A sentence may state a second figure the table does not read as an indicator of its own (碳强度…降低65%至70%，
相等于绝对碳排放量减低26%至36%). Asked for both, the answer quotes the piece of that sentence that names the part
and states a figure, rather than saying the part is not set.
"""

from __future__ import annotations

import re

from assistant.answer.statements import Citations
from assistant.documents import Chunk, Indicator, Span
from assistant.text.lexicon import CHANGE_VERBS, STATEMENT_COMPARATORS
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import COMMA_PIECE_RE, HAN, longest_first

MIN_PART_CHARS = 3  # a part named by fewer characters (水质) is found in too many pieces to be its own
_COMPARED_END_RE = re.compile("(?:较|比|相比|与|同)$")
# The part's figure follows a word stating it (…绝对碳排放量减低26%), and is no year (在2030年前达到峰值): a number
# merely after the words (5个国考断面、31个省考断面) counts something else.
_STATED_RE = re.compile(
    f"(?:{longest_first(set(STATEMENT_COMPARATORS) | set(CHANGE_VERBS))})\\s*(?!(?:19|20)\\d{{2}}\\s*年)\\d"
)


def part_stated_beside(chunk: Chunk, ind: Indicator, sentence: Span, part: str) -> Span | None:
    """Where the sentence of `ind`'s figure (`sentence`: its span in `chunk`) states `part` (its words, as asked)
    with a figure of its own, in a piece other than `ind`'s; None when no piece does."""
    # The part's name: its first run of Han characters, without a comparison it opens (…排放量较2005年分别减低).
    opening = re.match(f"[{HAN}]+", search_form(part))
    words = _COMPARED_END_RE.sub("", opening.group(0)) if opening else ""
    if len(words) < MIN_PART_CHARS:
        return None
    form = aligned_form(chunk.text)  # the search form, offsets as in the text
    at = ind.figure_start - chunk.start
    for piece in COMMA_PIECE_RE.finditer(form, *sentence):
        named = piece.group(0).find(words)
        if not piece.start() <= at < piece.end() and named >= 0 and _STATED_RE.search(piece.group(0), named):
            return piece.start(), piece.end()
    return None


_PART_BESIDE_WHY = "an asked part stated beside an answering figure"  # why its clause is cited


def stated_beside(cites: Citations, indicators: list[Indicator], part: str) -> str | None:
    """The piece of one of `indicators`' sentences stating `part` with a figure (`part_stated_beside`), quoted and
    cited; None when none does."""
    for ind in indicators:
        chunk = cites.table.chunk(ind.chunk_id)
        span = part_stated_beside(chunk, ind, cites.table.sentence_span(ind), part)
        if span is not None:
            return f"{chunk.text[span[0] : span[1]].strip()}[{cites.cite_clause(chunk, span, _PART_BESIDE_WHY)}]"
    return None

"""Grounding checks on every answer, whatever produced it.

Every [n] must point at a retrieved clause, and every number, percentage, quantity with unit
and year in a sentence must appear in a clause that sentence cites (compared on the search
form, so Traditional or full-width text matches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.documents import Chunk
from assistant.text.normalize import FIGURE_RE, arabic_figures, search_form
from assistant.text.patterns import MARKER_RE, SENTENCE_END

# A sentence of an answer, with the citation markers that close it.
_SENTENCE_RE = re.compile(rf"[^{SENTENCE_END}\n]+(?:[{SENTENCE_END}]|(?:\[\d{{1,2}}\])+)*\n?")


@dataclass
class Verification:
    grounded: bool
    text: str  # the answer with failing sentences removed
    problems: list[str] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)  # citation numbers used, in order


def _value(token: str) -> str:
    match = re.match(r"-?\d+(?:\.\d+)?", token)
    return match.group(0) if match else token


def grounding_form(text: str) -> str:
    """The form figures are compared in: search form, one minus sign, Chinese numerals of figures as digits."""
    return arabic_figures(search_form(text).replace("\u2212", "-"))


def number_in(token: str, haystack: str) -> bool:
    """Whether the number `token` (with its sign and unit, if any) stands in `haystack` (grounding form).

    A signed token (-3.78%) needs the same sign before the number; an unsigned one may stand after a
    sign (the answer says 下降3.78% of a clause's -3.78%)."""
    token = token.replace(" ", "")
    if token.count(".") >= 2:  # a dotted date or clause number stands as written
        return re.search(rf"(?<![\d.]){re.escape(token)}(?![\d]|\.\d)", haystack) is not None
    value = _value(token)
    for match in re.finditer(rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)", haystack):
        rest = token[len(value) :]
        if not rest or haystack[match.end() :].replace(" ", "").startswith(rest):
            return True
    return False


def answer_sentences(answer: str) -> list[str]:
    """An answer's sentences as grounding reads them, each with the citation marks that close it."""
    return [m.group(0) for m in _SENTENCE_RE.finditer(answer) if m.group(0).strip()]


def verify(answer: str, clauses: dict[int, Chunk], restated: str = "") -> Verification:
    """Check `answer` against the numbered clauses it may cite; drop sentences that fail.

    A sentence citing nothing may only hold numbers of `restated` (a refusal restates the question's
    year: 乌海的文件未设定2035年…), never figures of its own."""
    kept: list[str] = []
    problems: list[str] = []
    cited: list[int] = []
    for sentence in answer_sentences(answer):
        numbers = [int(n) for n in MARKER_RE.findall(sentence)]
        bad = [n for n in numbers if n not in clauses]
        if bad:
            problems.append(f"引用[{bad[0]}]不存在：{sentence.strip()[:40]}")
            continue
        body = grounding_form(MARKER_RE.sub("", sentence))
        tokens = FIGURE_RE.findall(body)
        if tokens:
            if not numbers and all(number_in(t, grounding_form(restated)) for t in tokens):
                kept.append(sentence)
                continue
            if not numbers:
                problems.append(f"含数字但无引用：{sentence.strip()[:40]}")
                continue
            # The clause, its heading path and its document's title (a plan period such as 2023—2025年).
            haystack = " ".join(
                grounding_form(f"{clauses[n].text} {clauses[n].path_text} {clauses[n].title}") for n in numbers
            )
            missing = [t for t in tokens if not number_in(t, haystack)]
            if missing:
                problems.append(f"数字{missing[0]}不在所引条款中：{sentence.strip()[:40]}")
                continue
        for n in numbers:
            if n not in cited:
                cited.append(n)
        kept.append(sentence)
    text = "".join(kept).strip()
    return Verification(grounded=not problems, text=text, problems=problems, cited=cited)

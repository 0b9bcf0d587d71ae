"""Which words of a question name the indicator it asks for: its content words without kind words, comparators
and generic words, a character the tokenizer glued on taken off or put back, and the words of an explanation
that follows the named indicator or of a purpose clause before it left out."""

from __future__ import annotations

import re

from assistant.retrieval.evidence import ABSTRACT, THINGS
from assistant.retrieval.question import Question
from assistant.text.lexicon import (
    COMPARATOR_WORDS,
    EXPLANATION_OPENERS,
    KIND_CHARS,
    KIND_WORDS,
    LOOSE_CHARS,
    ROW_RESTATING_WORDS,
)
from assistant.text.thesaurus import codes

_PURPOSE_RE = re.compile(r"为了[^，,。？?！!]+[，,]")
# An explanation opening a sentence or clause of its own (…多少？就是…, …,即…; not 即将, 即可 …).
_EXPLANATION_RE = re.compile(rf"[?？。!！;；,，]\s*(?:{'|'.join(EXPLANATION_OPENERS)})(?![将时可使便刻])")


def _names_a_thing_or_idea(word: str) -> bool:
    """Whether general Chinese knows the word as a thing or an abstract thing (能源, 有机), not a verb or a
    modal (不能, 到位)."""
    return any(code[0] in (THINGS, ABSTRACT) for code in codes(word))


def kind_rejoined(terms: list[str], form: str) -> list[str]:
    """The words with a kind character the tokenizer cut off its word (污水处理 | 率, once glued to the next
    word) put back on it (污水处理率): it says what kind of figure that word's thing is measured by."""
    out: list[str] = []
    for term in terms:
        if out and len(term) == 1 and term in KIND_CHARS and out[-1] + term in form:
            out[-1] += term
        else:
            out.append(term)
    return out


def asked_terms(question: Question) -> tuple[str, ...]:
    """The question's words that name the indicator (kind words and generic words left out; the words of
    an explanation that follows the named indicator, …多少？就是…, as well)."""
    # A loose character glued on by the tokenizer (要降, 能分) goes; one of a word (能源, 有机) stays.
    terms = kind_rejoined(
        [t if _names_a_thing_or_idea(t) else t.strip(LOOSE_CHARS) or t for t in question.key_terms], question.form
    )
    asked = tuple(
        dict.fromkeys(
            t
            for t in terms
            if t not in ROW_RESTATING_WORDS
            and t not in KIND_WORDS
            and t not in COMPARATOR_WORDS
            and not re.fullmatch(r"[\d.%]+", t)
        )
    )
    opened = _EXPLANATION_RE.search(question.form)
    named = [t for t in asked if opened and 0 <= question.form.find(t) < opened.start()]
    asked = tuple(named) or asked
    # A purpose clause (为了…，) says why the figure is set, not which figure is asked.
    purpose = _PURPOSE_RE.search(question.form)
    if purpose:
        meant = tuple(t for t in asked if not purpose.start() <= question.form.find(t) < purpose.end())
        asked = meant or asked
    return asked

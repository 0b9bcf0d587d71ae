"""Things a question leaves out (煤炭、石油以外的能源, 除了煤炭之外的能源): the words naming them say what is not
asked; a name negating the category they make up (非化石能源) states exactly what remains."""

from __future__ import annotations

import dataclasses
import re

from assistant.retrieval.evidence import Evidence
from assistant.text.lexicon import NEGATED_CATEGORIES

# The stretch a question leaves out: the words before 以外 / 之外 back to the last comma or verb-free opening, with
# an optional 除(了) and a 这类 / 等 closing it.
_LEFT_OUT_RE = re.compile(r"(?:除了?|除去)?([\u4e00-\u9fff、和及与]{2,24}?)(?:这类|这些|等)?(?:以外|之外)")
_LEFT_OUT_WORDS = ("以外", "之外")


def left_out(terms: tuple[str, ...], form: str) -> tuple[str, ...]:
    """The asked words standing in a stretch the question leaves out, besides 以外 itself."""
    stretches = [m.group(1) for m in _LEFT_OUT_RE.finditer(form)]
    return tuple(t for t in terms if t not in _LEFT_OUT_WORDS and any(t in s for s in stretches))


def _negated(name: str, words: tuple[str, ...]) -> bool:
    """Whether the name negates a category every word belongs to (非化石 for 煤炭 and 石油)."""
    return any(f"非{cat}" in name and all(w in members for w in words) for cat, members in NEGATED_CATEGORIES.items())


def read_left_out(evidence: Evidence, words: tuple[str, ...], name: str) -> Evidence:
    """`evidence` with the left-out words explained where the name negates the category they make up (the name
    states what remains); 以外 itself then only describes. Two members or more say the category (煤炭、石油以外);
    one alone, or any other name, leaves the evidence as weighed."""
    if len(words) < 2 or not _negated(name, words):
        return evidence
    said = tuple(t for t in evidence.descriptive if t in _LEFT_OUT_WORDS)

    def drop(group: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in group if t not in words and t not in said)

    return dataclasses.replace(
        evidence,
        covered=drop(evidence.covered),
        in_context=drop(evidence.in_context),
        explained=drop(evidence.explained) + words,
        conflicts=drop(evidence.conflicts),
        descriptive=drop(evidence.descriptive) + said,
    )

"""Things a question leaves out (甲、乙以外的丙, 除了甲之外的丙): the words naming them say what is not asked; a
name negating the category they make up (非丁丙, 丁 the category of 甲 and 乙) states exactly what remains. And the
reverse: a word asked plainly (丁丙) that a name holds only negated (非丁丙) names the other part of the whole."""

from __future__ import annotations

import dataclasses
import re

from assistant.retrieval.evidence import Evidence
from assistant.text.lexicon import NEGATED_CATEGORIES

# What a question leaves out: the run of characters before the word saying so (a word closing it dropped); the words
# that stand in it are read against the name, others of the run only describe.
_LEFT_OUT_RE = re.compile(r"(?:除了?|除去)?([\u4e00-\u9fff、和及与]{2,24}?)(?:这类|这些|等)?(?:以外|之外)")
_LEFT_OUT_WORDS = ("以外", "之外")


def left_out_stretches(form: str) -> tuple[str, ...]:
    """The stretches a question (search form) leaves out; none when it names the category itself (除甲、乙之外的丁丙
    asks for what is left of it)."""
    if any(category in form for category in NEGATED_CATEGORIES):
        return ()
    return tuple(m.group(1) for m in _LEFT_OUT_RE.finditer(form))


def left_out(terms: tuple[str, ...], stretches: tuple[str, ...]) -> tuple[str, ...]:
    """The asked words standing in a stretch the question leaves out (`left_out_stretches`), besides the word
    saying so."""
    return tuple(t for t in terms if t not in _LEFT_OUT_WORDS and any(t in s for s in stretches))


def _negated(name: str, words: tuple[str, ...]) -> bool:
    """Whether the name negates a category every word belongs to (`NEGATED_CATEGORIES`: 非丁 for 甲 and 乙)."""
    return any(f"非{cat}" in name and all(w in members for w in words) for cat, members in NEGATED_CATEGORIES.items())


def read_left_out(evidence: Evidence, words: tuple[str, ...], name: str) -> Evidence:
    """`evidence` with the left-out words explained where the name negates the category they make up (the name
    states what remains), and the word leaving them out only describing. Two members or more say the category; one
    alone, or any other name, leaves the evidence as weighed."""
    if len(words) < 2 or not _negated(name, words):
        return evidence
    said = tuple(t for t in evidence.covered + evidence.conflicts + evidence.descriptive if t in _LEFT_OUT_WORDS)

    def drop(group: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in group if t not in words and t not in said)

    return dataclasses.replace(
        evidence,
        covered=drop(evidence.covered),
        in_context=drop(evidence.in_context),
        explained=drop(evidence.explained) + words,
        conflicts=drop(evidence.conflicts),
        descriptive=drop(evidence.descriptive) + said,
        rivals=drop(evidence.rivals),
    )


def negated_in_name(evidence: Evidence, name: str, form: str) -> Evidence:
    """`evidence` with the covered words the name holds only after 非 (丁 of 非丁丙) as conflicts, unless the
    question negates them too: the name states the rest of the whole, never the asked part."""
    negated = tuple(t for t in evidence.covered if f"非{t}" in name and f"非{t}" not in form and _only_negated(t, name))
    if not negated:
        return evidence
    covered = tuple(t for t in evidence.covered if t not in negated)
    return dataclasses.replace(evidence, covered=covered, conflicts=evidence.conflicts + negated)


def _only_negated(term: str, name: str) -> bool:
    """Whether every occurrence of `term` in the name follows 非."""
    return all(name[i - 1 : i] == "非" for i in (m.start() for m in re.finditer(re.escape(term), name)))

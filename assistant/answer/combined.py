"""One answer from the answers of several knowledge bases.

Each base answers from its own index; the reply a user sees is built here. Only bases that found an
answer speak, each under its name, with its citations numbered on after the previous base's (so every
[n] still points at its own clause); every citation names its base, which the source viewer and the
API use to open the clause in the right index. When no base found one, the first base's refusal
stands, as it lists only that base's closest indicators.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.documents import Answer

_MARKER_RE = re.compile(r"\[(\d+)\]")


def numbered_on(answer: Answer, offset: int) -> Answer:
    """The answer with its citations, and the [n] markers of its text, numbered `offset` further on (shown after
    another answer whose citations run to `offset`)."""
    if not offset:
        return answer
    citations = [replace(c, n=c.n + offset) for c in answer.citations]
    text = _MARKER_RE.sub(lambda m: f"[{int(m.group(1)) + offset}]", answer.answer)
    return replace(answer, answer=text, citations=citations)


def summed_timings(answers: list[Answer]) -> dict[str, float]:
    """The stage timings of several answers shown as one, added up (the first answer's stages)."""
    return {k: sum(a.timings_ms.get(k, 0.0) for a in answers) for k in answers[0].timings_ms}


def _tagged(base: str, answer: Answer, offset: int = 0) -> Answer:
    numbered = numbered_on(answer, offset)
    return replace(numbered, citations=[replace(c, base=base) for c in numbered.citations])


def combine_answers(parts: list[tuple[str, Answer]]) -> Answer:
    """The answer to show for (base name, that base's answer) pairs, in the order given."""
    if not parts:
        raise ValueError("no knowledge base answered")
    found = [(base, answer) for base, answer in parts if answer.found]
    if not found:
        return _tagged(*parts[0])
    if len(found) == 1:
        return _tagged(*found[0])
    texts, citations, notes, offset = [], [], [], 0
    for base, answer in found:
        tagged = _tagged(base, answer, offset)
        texts.append(f"【{base}】{tagged.answer}")
        citations += tagged.citations
        notes += [n for n in tagged.notes if n not in notes]
        offset = max([offset, *(c.n for c in tagged.citations)])
    first = found[0][1]
    timings = summed_timings([a for _, a in found])
    return replace(
        first,
        answer="\n\n".join(texts),
        grounded=all(a.grounded for _, a in found),
        citations=citations,
        notes=notes,
        timings_ms=timings,
    )

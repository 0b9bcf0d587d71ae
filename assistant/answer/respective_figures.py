"""A question asking several things' figures respectively (甲和乙…分别完成了多少), answered from a sentence that names
the things in turn and then states their figures in one part (…甲…，…乙…，分别完成年度任务的181.2%、173.8%).

The indicator table reads such a part as one name (分别完成年度任务) with two figures, and its sentence names
the things only in earlier parts, so neither the table nor an answering sentence ties a figure to a thing. Here
each thing the question joins with 和 / 与 / 及 / 、 must stand in the sentence, in the question's order, before
the part that says 分别; the part must state as many figures as things asked, and the words the question asks
after 分别 must stand in that part.
"""

from __future__ import annotations

import re

from assistant.answer.answering_sentences import sentences
from assistant.answer.extractive import Draft
from assistant.retrieval.retriever import SearchResult
from assistant.text.normalize import NUMBER_RE, search_form

_JOINS_RE = re.compile("[、和与及]")
_RESPECTIVELY_PART_RE = re.compile(r"分别[^，,；;。]*")
MIN_THING_CHARS = 2
MAX_CLAUSES = 3  # the region's best retrieved clauses looked at


def _things(form: str) -> tuple[list[str], str] | None:
    """The things a question joins before 分别 (the first with what leads it, the last with what follows it), and
    what it asks after 分别; None when it asks nothing respectively."""
    at = form.find("分别")
    if at < 0:
        return None
    things = [t for t in _JOINS_RE.split(re.sub(r"[,，:：\s]", "", form[:at])) if t]
    return (things, form[at + 2 :]) if len(things) >= 2 else None


def _standing(thing: str, text: str, start: int, last: bool) -> tuple[int, str] | None:
    """Where the longest stretch of `thing` that a sentence holds stands after `start`, and the stretch: the end of
    the first thing (what leads it is the place or topic), the start of the last (what follows is the verb)."""
    for size in range(len(thing), MIN_THING_CHARS - 1, -1):
        stretches = [thing[:size]] if last else [thing[-size:]]
        if not last:
            stretches += [thing[k : k + size] for k in range(len(thing) - size)]
        for stretch in stretches:
            at = text.find(stretch, start)
            if at >= 0:
                return at, stretch
    return None


def respective_answer(result: SearchResult) -> Draft | None:
    """Each asked thing with its figure, from a sentence naming the things in turn before one part that states
    their figures respectively; None when no such sentence answers."""
    question = result.question
    asked = _things(question.form)
    if asked is None or not question.wants_number:
        return None
    things, rest = asked
    doc_ids = set(result.scope.doc_ids)
    hits = [h for h in result.hits if h.chunk.doc_id in doc_ids][:MAX_CLAUSES]
    for hit in hits:
        text = hit.chunk.text
        for begin, end in sentences(hit):
            form = search_form(text[begin:end])
            part = _RESPECTIVELY_PART_RE.search(form)
            if part is None:
                continue
            figures = NUMBER_RE.findall(part.group(0))
            if len(figures) != len(things) or not _holds_rest(rest, part.group(0)):
                continue
            named, at = [], 0
            for k, thing in enumerate(things):
                found = _standing(thing, form[: part.start()], at, k == len(things) - 1 and k > 0)
                if found is None:
                    break
                at = found[0] + len(found[1])
                named.append(found[1])
            if len(named) != len(things):
                continue
            pairs = "；".join(f"{name}：{figure.strip()}[1]" for name, figure in zip(named, figures))
            quote = text[begin:end].strip()
            start = begin + len(text[begin:end]) - len(text[begin:end].lstrip())
            return Draft(
                f"{pairs}\n{quote}[1]", True, [hit], "figures stated respectively", {1: [(start, start + len(quote))]}
            )
    return None


def _holds_rest(rest: str, part: str) -> bool:
    """Whether the part after 分别 holds what the question asks after it (达到了甲的 in 分别达到甲的…):
    at least half of its characters of two or more in a row, the question's 多少 and 了 aside."""
    words = [w for w in re.split(r"[了的是要多少几百分之比例?？。,，\s]+", rest) if len(w) >= 2]
    if not words:
        return True
    held = sum(len(w) for w in words if w in part)
    return held * 2 >= sum(len(w) for w in words)

"""Which documents a clause lists (…起草了《甲规划》、《乙规划》和《丙规划》): a question asking which plans,
schemes or documents (哪几个规划, 有哪些文件) is answered with the titles a sentence lists, one line each."""

from __future__ import annotations

import re

from assistant.answer.extractive import Draft
from assistant.retrieval.retriever import SearchResult
from assistant.text.lexicon import CITING_WORDS, DRAFTING_VERBS, ISSUING_VERBS
from assistant.text.normalize import search_form
from assistant.text.patterns import sentence_bounds

# 哪几个规划 / 根据哪些文件, or a question ending in 规划有哪些: the kind of document asked for (文件: any). Not 规划有哪些
# 主要任务, which asks what a plan holds, nor 计划单列市 (cities with a separate line in the state plan).
_KINDS = "规划|方案|计划|文件|意见|办法|通知"
_TITLES_ASKED_RE = re.compile(
    rf"哪(?:几|些)[个份部]?({_KINDS})(?!单列)|({_KINDS})(?:有|是)哪(?:几|些)[个份部]?[?？呢吗啊。\s]*$"
)
# Two or more titles side by side (《甲》、《乙》和《丙》, or with nothing between them).
_TITLE = r"《[^《》]{2,80}》"
_TITLES_RE = re.compile(rf"{_TITLE}(?:\s*(?:、|和|及|以及|与|,|，)?\s*{_TITLE})+")
CLAUSES_LOOKED_AT = 3  # the best retrieved clauses of the asked region that may list the documents
# What a plan was made by (根据哪些文件): every document its sentence names, those it carries out (贯彻《甲》) as well
# as those it lists (落实《乙》和《丙》) — up to the verb drawing up or issuing the plan itself (…制定《本方案》).
_BASIS_ASKED_RE = re.compile("|".join(CITING_WORDS))
_OWN_TITLE_RE = re.compile(rf"(?:{'|'.join(DRAFTING_VERBS + ISSUING_VERBS)})了?《")


def listed_titles_answer(result: SearchResult) -> Draft | None:
    """The titles of the asked kind a retrieved clause lists side by side, each on its own line with its citation
    (for the documents a plan was made by, every title of that sentence); None when the question asks no
    documents or no clause lists two of that kind."""
    asked = _TITLES_ASKED_RE.search(result.question.form)
    if asked is None or result.question.wants_unit:
        return None
    kind = asked.group(1) or asked.group(2)
    for hit in result.hits[:CLAUSES_LOOKED_AT]:
        text = hit.chunk.text
        for listed in _TITLES_RE.finditer(text):
            titles = list(re.finditer(_TITLE, listed.group(0)))
            if kind != "文件" and not all(kind in search_form(t.group(0)) for t in titles):
                continue  # 《甲规划》、《乙办法》 for 哪几个规划: not all of the asked kind
            spans = [(listed.start() + t.start(), listed.start() + t.end()) for t in titles]
            if kind == "文件" and _BASIS_ASKED_RE.search(result.question.form):
                spans = _sentence_titles(text, listed.start())
            lines = [f"- {text[a:b]}[1]" for a, b in spans]
            return Draft("\n".join(lines), True, [hit], "titles a clause lists", {1: spans})
    return None


def _sentence_titles(text: str, at: int) -> list[tuple[int, int]]:
    """The spans of every title in the sentence of `text` around position `at`, in order, before the verb drawing up
    or issuing the plan itself."""
    begin, end = sentence_bounds(text, at)
    own = _OWN_TITLE_RE.search(text, at, end)
    end = own.start() if own else end
    return [(begin + t.start(), begin + t.end()) for t in re.finditer(_TITLE, text[begin:end])]

"""Whether the indicator table settles a figure question, and whether a quoted-sentence answer to one stands.

The table answers or refuses first (`answer_figures`); a rate asked is always an indicator statement, so its
refusal settles the question, while counts and other figures may sit outside the table and are looked for in
sentences. A sentence answer stands only when its quotes hold every asked word; otherwise the table's refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.extractive import NOT_FOUND, Draft
from assistant.answer.figures import READ_ANOTHER_WAY, answer_figures, asks_figure
from assistant.answer.sentence_evidence import dated_otherwise, names_own_subject
from assistant.answer.stated_units import asked_quantity, stated_units, units_fit
from assistant.documents import DocumentMeta
from assistant.ingest.headings import INDICATOR_RE, INLINE_ITEM_RE, match_heading
from assistant.retrieval.asked_quantity import action_measured_instead, asked_kind
from assistant.retrieval.asked_words import asked_terms
from assistant.retrieval.evidence import words_of
from assistant.retrieval.indicator_match import IndicatorMatcher
from assistant.retrieval.question import Question, asks_items, asks_now
from assistant.retrieval.quoted_words import quoted_words
from assistant.retrieval.retriever import SearchResult
from assistant.retrieval.scales import another_member_named
from assistant.retrieval.word_kinds import KIND_HEAD_RE, names_trade, technical_term
from assistant.text.lexicon import SCOPE_WORDS
from assistant.text.normalize import NUMBER_RE, search_form
from assistant.text.patterns import PART_RE, YEAR, YEAR_RE

# A sentence announcing a list and ending there (…将创建5个甲,分别是→): a web capture lost the list (it was a
# picture or a link), so the sentence answers no "which ones".
_ANNOUNCED_ONLY_RE = re.compile(r"(?:分别是|分别为|包括|如下)\s*[:：→>＞…。.\s]*$")
_LIST_NOT_GIVEN = "a list announced, its items not given"


def _ends_announcing(draft: Draft) -> Callable[[int], bool]:
    """Whether a quote announces a list (…分别是→) and no item follows it in its clause: the next line is neither
    an item (1., (一), 一是, ——) nor a 、-list (page chrome such as 网信甲市 2023-09-23 may follow)."""

    def ends(n: int) -> bool:
        chunk = draft.hits[n - 1].chunk
        after = search_form(chunk.text[max(b for _, b in draft.quotes[n]) :]).strip(" \n→>＞…。.")
        following = after.split("\n", 1)[0]
        items = match_heading(following) or INDICATOR_RE.match(following) or INLINE_ITEM_RE.match(following)
        return bool(_ANNOUNCED_ONLY_RE.search(_quoted(draft, n))) and not items and "、" not in following

    return ends


@dataclass(frozen=True)
class TableDecision:
    """What the indicator table says about a question, before any sentence is quoted."""

    draft: Draft | None  # the table's answer or refusal; None when no indicator in scope shares an asked word
    settles: bool  # the draft is the answer (found, or a refusal for an asked rate the region does not set)
    recorded: bool = False  # the draft quotes the document's own record (文号, 规划期): no list answers instead


def consult_table(
    result: SearchResult, table: IndicatorMatcher, documents: list[DocumentMeta], today_year: int
) -> TableDecision:
    """The table's answer to a figure question, and whether it settles it.

    A rate or concentration asked (…率, …比例, 浓度) is always an indicator statement, so the table's
    refusal settles it; counts and other figures (2个千亿级产业集群) may sit outside the table, and a
    date, list or measure question is answered from sentences unless the table holds the indicator.
    """
    question = result.question
    if not (asks_figure(question) and question.has_content and result.hits):
        return TableDecision(None, False)
    draft = answer_figures(result, table, documents, today_year)
    if (
        draft is not None
        and draft.found
        and question.wants_list
        and (draft.reason == READ_ANOTHER_WAY or asks_items(question))
    ):
        return TableDecision(draft, False)  # "有哪些…" asks for the items a clause lists, not a figure
    if draft is None or draft.found:
        return TableDecision(draft, draft is not None)
    rate = asked_kind(question.form) in ("percent", "concentration")
    return TableDecision(draft, rate and question.wants_figure and not question.wants_list and not question.wants_when)


def check_sentence_answer(
    result: SearchResult, table: IndicatorMatcher, decision: TableDecision, sentence: Draft
) -> Draft:
    """A quoted-sentence answer to a figure question stands only when every quoted sentence holds every
    asked word (a sentence about another indicator never answers) — but for a word that only describes when
    the quote states a figure of the asked kind (an area asked, 平方公里 stated) — and states a figure as asked
    (`_figures_as_asked`: in the piece naming it, of the asked kind, place and level); otherwise the table's
    refusal."""
    question = result.question
    where = "、".join(name for name, _ in result.scope.covered) or "已收录"
    if (
        question.wants_list
        and sentence.found
        and sentence.quotes
        and all(map(_ends_announcing(sentence), sentence.quotes))
    ):
        return Draft(
            f"{NOT_FOUND}：{where}的文件只写到“{_quoted(sentence, 1).strip()}”，未列出具体内容。",
            False,
            [],
            _LIST_NOT_GIVEN,
        )
    if not asks_figure(question) or not question.wants_figure or question.wants_list or question.wants_when:
        return sentence
    if not sentence.found:
        return decision.draft or sentence
    asked = asked_terms(question)
    terms = asked
    if _states_asked_kind(sentence, question):
        terms = tuple(t for t in asked if not _only_describes(t, table)) or asked
    holds = (
        not terms or _quotes_hold(sentence, terms, table) and _figures_as_asked(sentence, question, asked, terms, table)
    )
    # A level or source of power asked (省级, 核电) is told apart only from another one a quote states (国家级甲,
    # 风电), not from words that merely say it otherwise (国控 for 国家级): weighed for every asked word, those
    # that only describe included.
    quotes = [search_form(_quoted(sentence, n)) for n in sentence.quotes]
    holds = holds and not any(quotes and all(another_member_named(t, question.form, q) for q in quotes) for t in asked)
    if (
        holds
        and not _dated_otherwise(sentence, question.years)
        and not (asks_now(question) and _set_for_later(sentence, table))
    ):
        return sentence
    return decision.draft or Draft(
        f"{NOT_FOUND}：{where}的文件中没有“{quoted_words(question, asked)}”的相关规定或数值。",
        False,
        [],
        "no sentence holds every asked word",
    )


def _set_for_later(draft: Draft, table: IndicatorMatcher) -> bool:
    """Whether every quote states a year after its document was written (计划到2020年… in a plan of 2019): a
    target, which says nothing of how things stand now."""
    for n in draft.quotes:
        written = table.written_year(draft.hits[n - 1].chunk.doc_id)
        years = [int(y) for y in YEAR_RE.findall(search_form(_quoted(draft, n)))]
        if written is None or not years or max(years) <= written:
            return False
    return True


def _dated_otherwise(draft: Draft, years: tuple[str, ...]) -> bool:
    """Whether a quote states its figure for a time, and no asked year falls in it (2009年… quoted for 2010)."""
    return any(dated_otherwise(search_form(_quoted(draft, n)), years) for n in draft.quotes)


def _only_describes(term: str, table: IndicatorMatcher) -> bool:
    """A word that is neither a word of an indicator's name, nor a thing a document speaks of, nor a technical
    term, nor a trade (造纸: its figures are another trade's): a word no plan uses."""
    return not (table.distinguishes(term) or technical_term(term) or names_trade(term))


def _states_asked_kind(draft: Draft, question: Question) -> bool:
    """Whether every quote states a figure of the kind of quantity the question names (an area, a rate)."""
    kind, counted = asked_quantity(question.form)
    if kind is None:
        return False
    return bool(draft.quotes) and all(
        units_fit(stated_units(search_form(_quoted(draft, n))), kind, counted) for n in draft.quotes
    )


def _quoted(draft: Draft, n: int) -> str:
    """What the draft quotes of its clause [n], as written."""
    return " ".join(draft.hits[n - 1].chunk.text[a:b] for a, b in draft.quotes[n])


def _figures_as_asked(
    draft: Draft, question: Question, asked: tuple[str, ...], terms: tuple[str, ...], table: IndicatorMatcher
) -> bool:
    """Whether every quote stating figures states one as asked: a figure of the asked kind whose own words (its
    piece and the pieces leading to it since the figure before) hold an asked place of application (乡镇, 农村) and
    name no other member of an asked level or set (…40%的乡镇完成自治区级… for 国家级), nor an action done to an asked
    thing whose stock is asked (甲林抚育 for 甲林面积). A piece naming a subject of its own (能源消费总量控制在2483万吨)
    states that subject's figure, so every asked word must stand in its own words; one naming none (按照…“甲乙”的
    要求,构建…丙体系) states a figure of the sentence's words. A quote stating no figure is weighed by its words
    alone."""
    kind, counted = asked_quantity(question.form)
    scopes = [t for t in asked if t in SCOPE_WORDS]
    for n in draft.quotes:
        path = draft.hits[n - 1].chunk.path_text
        quote = search_form(_quoted(draft, n))
        own, stated = "", False
        for piece in PART_RE.findall(quote):
            own = f"{own},{piece}"
            units = stated_units(piece)
            if not units:
                continue
            words = own if _names_own_figure(piece) else quote
            if (
                (kind is None or units_fit(units, kind, counted, strict=False))
                and all(table.covers(t, f"{words} {path}") for t in terms)
                and all(table.covers(s, f"{own} {path}") for s in scopes)
                and not any(another_member_named(t, question.form, own) for t in asked)
                and not action_measured_instead(question.form, asked, own)
            ):
                break
            own, stated = "", True
        else:
            if stated:
                return False
    return True


# A time opening a piece (到2020年, 2025年底前): when, not what its figure measures.
_YEAR_LEAD_RE = re.compile(rf"^\s*(?:到|至|截至)?\s*{YEAR}\s*年(?:底|末)?前?")


def _names_own_figure(piece: str) -> bool:
    """Whether a piece names what its figure measures before it (能源消费总量控制在2483万吨: a thing, or a word
    ending in a kind of figure), not only what is done or required (按照…“甲乙”的要求)."""
    before = NUMBER_RE.split(_YEAR_LEAD_RE.sub("", piece), maxsplit=1)[0]  # 到2020年甲…: the words after the year
    return names_own_subject(piece) or any(len(w) > 1 and KIND_HEAD_RE.search(w) for w in words_of(before))


def _quotes_hold(draft: Draft, terms: tuple[str, ...], table: IndicatorMatcher) -> bool:
    """Whether every quoted sentence (with its heading path) holds every asked word."""
    for n in draft.quotes:
        text = search_form(_quoted(draft, n) + " " + draft.hits[n - 1].chunk.path_text)
        if not all(table.covers(t, text) for t in terms):
            return False
    return bool(draft.quotes)

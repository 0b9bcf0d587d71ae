"""Region scoping: which documents may answer a question, from the places it names.

A question about 乌海 is searched in 乌海's documents only (a place inside a covered region uses
that region's plan: 凯里 -> 黔东南); a place no document covers is reported, never answered from
another region's clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import DocumentMeta
from assistant.retrieval.question import Question
from assistant.text.gazetteer import Gazetteer, Place, bare_name
from assistant.text.lexicon import TITLE_ENDINGS
from assistant.text.normalize import search_form
from assistant.text.thesaurus import codes, only_a_place_name


@dataclass(frozen=True)
class RegionScope:
    """Which documents a question may be answered from, and why."""

    doc_ids: tuple[str, ...]  # empty tuple with `restricted` = nothing may answer
    restricted: bool  # False: the question names no place, all documents are searched
    covered: tuple[tuple[str, tuple[str, ...]], ...]  # (region short name, its doc ids), in question order
    uncovered: tuple[str, ...]  # places the question names that no document covers
    enclosing: tuple[str, ...] = ()  # places answered by the plan of a larger region (凯里 -> 黔东南)
    excluded: tuple[str, ...] = ()  # places the corpus covers, but not the documents the user selected
    own: tuple[str, ...] = ()  # regions asked by their own name (无锡), not only through a place inside them


# The asked region's plan named between it and a place inside it (…方案中，): at most a short title's words.
_PLAN_NAMED = rf"(?:[^，,。？?！!]{{0,16}}?(?:{'|'.join(TITLE_ENDINGS)})(?:中|里|里面)?[,，]?)?"


_TITLE_WORDS = 6  # characters of a plan's title after its place's name that, asked, name that plan


class RegionScoper:
    """Maps places to the documents that cover them, for one set of documents."""

    def __init__(self, documents: list[DocumentMeta], gazetteer: Gazetteer) -> None:
        self.documents = documents
        places = {d.doc_id: gazetteer.get(d.region_code) for d in documents if d.region_code}
        self._places: dict[str, Place] = {doc_id: p for doc_id, p in places.items() if p is not None}
        self._gazetteer = gazetteer
        self.aliases = self._corpus_aliases()
        self.opening_aliases = self._covered_shorts(words=True)

    def _corpus_aliases(self) -> dict[str, Place]:
        """ "自治区" names the corpus's one autonomous region when its own plan calls itself so; a county or district
        a document covers answers to its name without 县 or 区 (甲乙 for 甲乙县), see `_covered_shorts`."""
        aliases = self._covered_shorts()
        regions = {p.code: p for p in self._places.values() if p and p.name.endswith("自治区")}
        titles = [d.title for d in self.documents]
        if len(regions) == 1 and any(t.startswith("自治区") for t in titles):
            aliases["自治区"] = next(iter(regions.values()))
        return aliases

    def _covered_shorts(self, words: bool = False) -> dict[str, Place]:
        """The counties and districts the documents cover by their names without 县 or 区 (甲乙 for 甲乙县), as staff
        say them. Over the whole country such a name alone is no place (a county's name is often a word), but
        among the few regions a corpus covers it is one — unless another place or a word of general Chinese
        bears it (商城 is a shopping mall, 平山 a mountain: it stays a word; general Chinese knowing it only as
        a place's name, as 常州, does not count), or two covered places share it. With `words`, only the
        names general Chinese also bears as words: a question opening with one asks about the place."""
        found: dict[str, list[Place]] = {}
        for place in dict.fromkeys(self._places.values()):
            if short := bare_name(place, ("县", "区")):
                found.setdefault(short, []).append(place)
        return {
            short: places[0]
            for short, places in found.items()
            if len(places) == 1
            and words == (bool(codes(short)) and not only_a_place_name(short))
            and not self._gazetteer.find(short)
        }

    def scope(self, question: Question, doc_ids: list[str] | None = None) -> RegionScope:
        """Documents to search: those of the named regions; a place no document covers is reported."""
        everything = {d.doc_id for d in self.documents}
        allowed = set(doc_ids) & everything if doc_ids else everything
        if not question.places:
            return RegionScope(tuple(sorted(allowed)), False, (), ())
        covered, uncovered, enclosing, excluded, own = [], [], [], [], []
        for place in question.places:
            if self._only_address(place, question, allowed):
                continue  # 甲市乙区…乙区's own plan: 甲市 says where 乙区 is, it is not asked
            docs = self._covering(place, allowed)
            outer = self._addressed_in(place, question, allowed)
            if outer:
                docs = outer  # 宁夏银川…: the city as the province's plan speaks of it
            if docs:
                entry = (self._places[docs[0]].short, tuple(docs))
                if entry not in covered:  # two places one province's plan answers for: asked once
                    covered.append(entry)
                if self._places[docs[0]].code != place.code:
                    enclosing.append(place.short)
                else:
                    own.append(place.short)
            elif self._covering(place, everything):
                excluded.append(place.short)
            elif not any(place.contains(p) for p in question.places if p != place):
                uncovered.append(place.short)
        ids = tuple(sorted({d for _, docs in covered for d in docs}))
        return RegionScope(ids, True, tuple(covered), tuple(uncovered), tuple(enclosing), tuple(excluded), tuple(own))

    def _addressed_in(self, place: Place, question: Question, allowed: set[str]) -> list[str]:
        """The documents of an asked region the question writes right before a place inside it, as an address
        (宁夏银川, 贵州省黔东南州) or with its plan named between (甲省方案中，乙市…): that region's plan is asked
        about the place, even where the place has a plan of its own."""
        if self._own_plan_named(place, question, allowed):
            return []
        for outer in question.places:
            if outer == place or not outer.contains(place):
                continue
            # Right before it (宁夏银川), or with its plan named between (甲省的…方案中，乙市…).
            address = _written_before(outer, place, _PLAN_NAMED)
            docs = [d for d, p in self._places.items() if p.code == outer.code and d in allowed]
            if docs and re.search(address, question.form):
                return docs
        return []

    def _only_address(self, place: Place, question: Question, allowed: set[str]) -> bool:
        """Whether a region is written right before a place inside it whose own plan the question names by its title
        (甲市乙区2024年度…计划): it is that place's address only."""
        for inner in question.places:
            if inner == place or not place.contains(inner):
                continue
            if re.search(_written_before(place, inner), question.form) and self._own_plan_named(
                inner, question, allowed
            ):
                return True
        return False

    def _own_plan_named(self, place: Place, question: Question, allowed: set[str]) -> bool:
        """Whether the question names the place's own plan by its title (甲市乙区2024年度…实施方案 when 乙区's
        plan is so titled): its words right after the place stand in the question right after it."""
        for doc in self.documents:
            own = self._places.get(doc.doc_id)
            if own is None or own.code != place.code or doc.doc_id not in allowed:
                continue
            title = search_form(doc.title)
            at = title.find(place.short)
            if at < 0:
                continue
            words = title[at : at + len(place.short) + _TITLE_WORDS]
            if len(words) == len(place.short) + _TITLE_WORDS and words in question.form:
                return True
        return False

    def _covering(self, place: Place, allowed: set[str]) -> list[str]:
        """Documents of `place` itself, else of the most specific region that contains it."""
        exact = [d for d, p in self._places.items() if p and p.code == place.code and d in allowed]
        if exact:
            return exact
        outer = [d for d, p in self._places.items() if p and p.contains(place) and d in allowed]
        if not outer:
            return []
        level = max(self._places[d].level for d in outer)
        return [d for d in outer if self._places[d].level == level]


def _written_before(outer: Place, inner: Place, between: str = "") -> str:
    """A pattern of `outer` written right before `inner` (by full or short names), `between` standing between."""
    return rf"(?:{re.escape(outer.name)}|{re.escape(outer.short)}){between}(?:{re.escape(inner.name)}|{re.escape(inner.short)})"

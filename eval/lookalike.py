"""Look-alike distractor documents: a real plan with another city's names and perturbed figures.

Region confusion then shows up as wrong figures. Used by the stress test and the benchmark.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import opencc

from assistant.documents import Document
from assistant.text.gazetteer import Gazetteer, Place

_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_YEAR_RE = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class Lookalike:
    name: str  # file name
    text: str
    place: Place  # the city it pretends to be about


def _name_pairs(own: Place, new: Place, traditional: bool) -> list[tuple[str, str]]:
    """(real form, replacement) for every way the document may name its region, longest first."""
    pairs = [(own.name, new.name), (own.short, new.short)]
    if own.name.endswith("自治州"):
        pairs.append((own.short + "州", new.short + "州"))
    if traditional:
        s2t = opencc.OpenCC("s2t")
        pairs += [(s2t.convert(a), s2t.convert(b)) for a, b in pairs]
    return sorted(set(pairs), key=lambda pair: -len(pair[0]))


def _perturb_numbers(text: str, rng: random.Random) -> str:
    def change(match: re.Match[str]) -> str:
        raw = match.group(0)
        line_start = text.rfind("\n", 0, match.start()) + 1
        prefix = text[line_start : match.start()].strip()
        # Keep years and heading numbers (1. / (1)) so the document keeps its structure and timeline.
        if _YEAR_RE.match(raw) or prefix in ("", "(", "（"):
            return raw
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw)
        for _ in range(5):
            new = value * rng.choice([rng.uniform(0.5, 0.9), rng.uniform(1.1, 1.7)]) + (
                0 if decimals else rng.randint(1, 3)
            )
            formatted = f"{new:.{decimals}f}"
            if formatted != raw:
                return formatted
        return str(int(value) + 1)

    return _NUMBER_RE.sub(change, text)


def make_lookalikes(
    document: Document, gazetteer: Gazetteer, count: int, exclude: set[str], seed: int = 0
) -> list[Lookalike]:
    """`count` copies of `document` about other places (none in `exclude`), figures perturbed."""
    own = gazetteer.get(document.meta.region_code or "")
    if own is None:
        return []
    rng = random.Random(f"{seed}-{document.meta.doc_id}")
    candidates = sorted(
        (
            p
            for p in gazetteer.places.values()
            if p.level == own.level
            and p.code != own.code
            and len(p.short) >= 2
            and p.short not in exclude
            and p.name not in exclude
            and not p.contains(own)
            and not own.contains(p)
        ),
        key=lambda p: p.code,
    )
    if own.name.endswith("自治州"):
        candidates = [p for p in candidates if p.name.endswith("自治州")] or candidates
    traditional = document.meta.script == "traditional"
    out = []
    chosen = rng.sample(candidates, min(count, len(candidates)))
    while len(chosen) < count and candidates:  # few places of this level (provinces): reuse, new figures
        chosen += rng.sample(candidates, min(count - len(chosen), len(candidates)))
    for k, place in enumerate(chosen):
        text = document.text
        for real, replacement in _name_pairs(own, place, traditional):
            text = text.replace(real, replacement)
        text = _perturb_numbers(text, rng)
        out.append(Lookalike(f"lookalike-{place.short}-{k:02d}-{Path(document.meta.source).name}", text, place))
    return out


def write_lookalike_corpus(
    real_corpus: Path,
    target: Path,
    documents: list[Document],
    gazetteer: Gazetteer,
    per_document: int,
    exclude: set[str],
    seed: int = 0,
) -> int:
    """Copy the real corpus (and its synonym file) into `target` and add `per_document` look-alikes of each document."""
    from assistant.ingest.loading import SYNONYMS_FILE

    target.mkdir(parents=True, exist_ok=True)
    if (real_corpus / SYNONYMS_FILE).is_file():
        (target / SYNONYMS_FILE).write_bytes((real_corpus / SYNONYMS_FILE).read_bytes())
    written = 0
    for document in documents:
        (target / document.meta.source).write_bytes((real_corpus / document.meta.source).read_bytes())
        for fake in make_lookalikes(document, gazetteer, per_document, exclude, seed):
            (target / fake.name).write_text(fake.text, encoding="utf-8")
            written += 1
    return written

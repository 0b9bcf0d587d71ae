"""Hand labels of the indicator table (eval/labels): finding their document, scoring one
document's records against them. Shared by `python -m eval.extraction` and tests/test_indicators.py."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.text.normalize import search_form


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]


def _number(value: str) -> str:
    """The digits of a value as written (1.4万 -> 1.4), compared as text so 5 never matches 95."""
    m = re.search(r"\d+(?:\.\d+)?", value)
    return m.group(0) if m else value


def _time_agrees(label: str, period) -> bool:
    if not label or period is None:
        return not label and period is None
    years = [int(y) for y in re.findall(r"\d{4}", label)]
    return (period.start, period.end) == (min(years), max(years))


def score_region(labels: list[dict], indicators: list, text: str) -> dict:
    """Precision, recall, head and time agreement of one document's records against its labels."""
    spans = [_occurrences(text, lab["evidence"]) for lab in labels]

    def matches(ind, k: int) -> bool:
        return any(a <= ind.figure_start and ind.figure_end <= b for a, b in spans[k]) and _number(
            labels[k]["value"]
        ) == _number(ind.value)

    matched_labels: set[int] = set()
    hits = heads = timed = timed_ok = 0
    misses = []
    for ind in indicators:
        found = [k for k in range(len(labels)) if matches(ind, k)]
        if not found:
            misses.append(f"{ind.name} {ind.figure}")
            continue
        hits += 1
        matched_labels.update(found)
        label = labels[found[0]]
        heads += search_form(label["head"]) in search_form(ind.name)  # labels follow the document's script
        if label.get("time"):
            timed += 1
            timed_ok += _time_agrees(label["time"], ind.period)
    sure = [k for k, lab in enumerate(labels) if not lab.get("unsure")]
    missed = [labels[k] for k in sure if k not in matched_labels]
    return {
        "labels": len(labels),
        "sure_labels": len(sure),
        "extracted": len(indicators),
        "precision": round(hits / len(indicators), 3) if indicators else None,
        "recall": round(sum(k in matched_labels for k in sure) / len(sure), 3) if sure else None,
        "head_agreement": round(heads / hits, 3) if hits else None,
        "time_agreement": round(timed_ok / timed, 3) if timed else None,
        "unmatched_records": misses,
        "missed_labels": [f"{m['indicator']} {m['value']}{m['unit']}" for m in missed],
    }


def labelled_document(documents: list, stem: str):
    """The document a label file names: by its file name (eval/labels/dev/<file stem>.jsonl) or by its
    region (eval/labels/<region>.jsonl, the seed documents)."""
    by_file = [d for d in documents if Path(d.meta.source).stem == stem]
    by_region = [d for d in documents if d.meta.region == stem]
    return (by_file or by_region or [None])[0]

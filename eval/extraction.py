"""Indicator extraction against hand labels (a report): `python -m eval.extraction [--corpus DIR] [-v]`.

eval/labels/<region>.jsonl holds every figure of that region's document, labelled by hand by a
reader who saw only the document (indicator, head, value, unit, comparator, time; `unsure` where
the reader had to reconstruct the indicator). An extracted record matches a label when its figure
lies inside the label's evidence in the document and states the label's value.

- precision: extracted records that match a label (an unsure label counts as a match);
- recall: sure labels that some extracted record matches;
- head agreement: matched records whose name holds the label's head word (湿地保护率 …);
- time agreement: matched records whose period agrees with the label's time (labels with a time).

tests/test_indicators.py holds precision and recall to bounds below the measured values.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from assistant.text.normalize import search_form

HERE = Path(__file__).resolve().parent


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


def _labelled_document(documents: list, stem: str):
    """The document a label file names: by its file name (eval/labels/dev/<file stem>.jsonl) or by its
    region (eval/labels/<region>.jsonl, the seed documents)."""
    by_file = [d for d in documents if Path(d.meta.source).stem == stem]
    by_region = [d for d in documents if d.meta.region == stem]
    return (by_file or by_region or [None])[0]


def _total_line(scores: list[dict]) -> str:
    """Micro-averaged figures over all documents (each record and each label counts once)."""
    extracted = sum(s["extracted"] for s in scores)
    hits = sum(round((s["precision"] or 0) * s["extracted"]) for s in scores)
    sure = sum(s["sure_labels"] for s in scores)
    found = sum(round((s["recall"] or 0) * s["sure_labels"]) for s in scores)
    return (
        f"| **all** | {sum(s['labels'] for s in scores)} ({sure}) | {extracted} | "
        f"{round(hits / extracted, 3) if extracted else None} | {round(found / sure, 3) if sure else None} | | |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.extraction")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--labels", type=Path, default=HERE / "labels")
    parser.add_argument("-v", "--verbose", action="store_true", help="list unmatched records and missed labels")
    args = parser.parse_args(argv)

    from assistant.atomic import read_json_lines
    from assistant.indicators.extract import corpus_indicators
    from assistant.ingest.chunking import split_clauses
    from assistant.ingest.loading import load_corpus
    from assistant.serve.runtime import prepare_environment
    from assistant.settings import build_settings

    prepare_environment()
    settings = build_settings(os.environ, corpus_dir=args.corpus)
    documents = load_corpus(settings.corpus_dir).documents
    print("| document | labels (sure) | extracted | precision | recall | head agreement | time agreement |")
    print("|---|---|---|---|---|---|---|")
    scores = []
    for path in sorted(args.labels.glob("*.jsonl")):
        labels = read_json_lines(path)
        doc = _labelled_document(documents, path.stem)
        if doc is None:
            print(f"no document of {path.stem} in the corpus", file=sys.stderr)
            return 1
        records = corpus_indicators([doc.meta], split_clauses(doc, settings.chunker))
        s = score_region(labels, records, doc.text)
        scores.append(s)
        print(
            f"| {path.stem} | {s['labels']} ({s['sure_labels']}) | {s['extracted']} | {s['precision']} | "
            f"{s['recall']} | {s['head_agreement']} | {s['time_agreement']} |"
        )
        if args.verbose:
            print("  unmatched records: " + "; ".join(s["unmatched_records"]))
            print("  missed labels: " + "; ".join(s["missed_labels"]))
    print(_total_line(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())

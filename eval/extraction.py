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
import sys
from pathlib import Path

from eval.support.labels import labelled_document, score_region

HERE = Path(__file__).resolve().parent


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
    from assistant.serve.environment import prepare_environment
    from assistant.settings import build_settings

    prepare_environment()
    settings = build_settings(os.environ, corpus_dir=args.corpus)
    documents = load_corpus(settings.corpus_dir).documents
    print("| document | labels (sure) | extracted | precision | recall | head agreement | time agreement |")
    print("|---|---|---|---|---|---|---|")
    scores = []
    for path in sorted(args.labels.glob("*.jsonl")):
        labels = read_json_lines(path)
        doc = labelled_document(documents, path.stem)
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

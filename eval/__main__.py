"""Evaluation: `python -m eval [--questions F] [--corpus DIR] [--index DIR]`.

Runs the offline default assistant on eval/questions.jsonl and reports retrieval (recall@1/@5,
MRR), citations (recall, precision), answers (fact accuracy, number grounding, refusal
accuracy, false-refusal rate) and latency, overall, per kind and per document. Writes
eval/reports/seeds.md and .json and exits 1 when a metric is outside eval/thresholds.json
or a gold item is broken.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--report", type=Path, default=HERE / "reports" / "seeds")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json")
    args = parser.parse_args(argv)

    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline, warm_up
    from assistant.settings import build_settings

    from .evaluation import (
        below_thresholds,
        broken_gold,
        evaluate,
        read_questions,
        read_thresholds,
        summarize,
        write_reports,
    )

    prepare_environment()
    settings = build_settings(os.environ, corpus_dir=args.corpus, index_dir=args.index)
    items, problems = read_questions(args.questions)
    for problem in problems:
        print(f"skipped malformed question, {problem}", file=sys.stderr)
    broken = broken_gold(items, settings.corpus_dir)
    for line in broken:
        print(f"broken gold item {line}", file=sys.stderr)
    pipeline = open_pipeline(settings)
    warm_up(pipeline)  # latencies measure answering, not what loads on first use
    rows = evaluate(pipeline, items)
    report = summarize(rows) | {"broken_gold": broken, "malformed": problems}
    write_reports(report, rows, args.report)
    failing = below_thresholds(report["overall"], read_thresholds(args.thresholds))
    print(args.report.with_suffix(".md").read_text(encoding="utf-8").split("\n## Failing")[0])
    for line in failing:
        print(f"BELOW THRESHOLD: {line}", file=sys.stderr)
    return 1 if failing or broken else 0


if __name__ == "__main__":
    sys.exit(main())

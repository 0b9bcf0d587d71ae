"""Look-alike stress test: `python -m eval.stress [--distractors 10] [--work DIR]`.

Writes copies of the five documents with other cities' names and perturbed figures next to the
real ones, builds an index there, runs the same evaluation on the real and the crowded corpus,
and prints both side by side (also eval/stress-report.md). Exits 1 when a metric loses more than
5 points.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_LOSS = 0.05
HIGHER_IS_BETTER = (
    "recall@1",
    "recall@5",
    "mrr",
    "citation_recall",
    "citation_precision",
    "fact_accuracy",
    "number_grounding",
    "refusal_accuracy",
)
LOWER_IS_BETTER = ("false_refusal_rate",)


def compare(real: dict, crowded: dict) -> tuple[list[str], list[str]]:
    """Markdown table rows of both runs, and the metrics that lost more than MAX_LOSS."""
    rows, losses = [], []
    for name in real:
        a, b = real[name], crowded.get(name)
        rows.append(f"| {name} | {a} | {b} |")
        if a is None or b is None:
            continue
        if name in HIGHER_IS_BETTER and a - b > MAX_LOSS or name in LOWER_IS_BETTER and b - a > MAX_LOSS:
            losses.append(f"{name}: {a} -> {b}")
    return rows, losses


def crowded_settings(settings, items: list[dict], work: Path, distractors: int):
    """Write the look-alike corpus (the real documents + `distractors` look-alikes each) under `work`.

    Returns the settings of that corpus and its index folder (seeded with the real index's embedding
    cache, so the real documents are not embedded again), and the number of look-alikes written.
    """
    from assistant.ingest.loading import load_corpus
    from assistant.text.gazetteer import default_gazetteer
    from assistant.text.normalize import search_form

    from .lookalike import write_lookalike_corpus

    gazetteer = default_gazetteer()
    documents = load_corpus(settings.corpus_dir).documents
    # Places the questions name stay out of the look-alikes, so unanswerable questions stay unanswerable.
    exclude = {m.place.short for q in items for m in gazetteer.find(search_form(q["question"]))}
    exclude |= {d.meta.region for d in documents if d.meta.region}
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    written = write_lookalike_corpus(settings.corpus_dir, corpus, documents, gazetteer, distractors, exclude)
    print(f"wrote {written} look-alike documents into {corpus}", file=sys.stderr)
    if (settings.index_dir / "cache").is_dir():
        shutil.copytree(settings.index_dir / "cache", work / "index" / "cache", dirs_exist_ok=True)
    return replace(settings, corpus_dir=corpus, index_dir=work / "index"), written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.stress")
    parser.add_argument("--distractors", type=int, default=10, help="look-alikes per real document")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path, help="the real corpus's index (its embedding cache is reused)")
    parser.add_argument("--work", type=Path, help="folder for the look-alike corpus and its index (default: temp)")
    parser.add_argument("--report", type=Path, default=HERE / "reports" / "stress.md")
    args = parser.parse_args(argv)

    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline
    from assistant.settings import build_settings

    from .evaluation import evaluate, read_questions, summarize

    prepare_environment()
    settings = build_settings(os.environ, corpus_dir=args.corpus, index_dir=args.index)
    items, _ = read_questions(args.questions)
    work = args.work or Path(tempfile.mkdtemp(prefix="stress-"))
    crowded, written = crowded_settings(settings, items, work, args.distractors)
    real = summarize(evaluate(open_pipeline(settings), items))["overall"]
    crowded_metrics = summarize(evaluate(open_pipeline(crowded), items))["overall"]
    rows, losses = compare(real, crowded_metrics)
    lines = [
        "# Look-alike stress test",
        "",
        f"{written} look-alikes added to the real documents ({args.distractors} per "
        "document: other cities' names, every figure except years and heading numbers perturbed).",
        "",
        "| metric | real corpus | with look-alikes |",
        "|---|---|---|",
        *rows,
        "",
    ]
    lines += [f"Lost more than {MAX_LOSS:.0%}: " + ("; ".join(losses) if losses else "nothing")]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if losses else 0


if __name__ == "__main__":
    sys.exit(main())

"""The conversation split: `python -m eval.conversation [--dialogues F] [--corpus DIR] [--index DIR]`.

eval/conversations.jsonl holds dialogues written from the documents (region and year switches, duty
follow-ups, topic switches that must not inherit, unanswerable last turns). Each turn is answered as
in the chat (the earlier turns' resolved questions as context) and scored like a standalone question;
every follow-up is also asked in its gold standalone form, so the two can be compared. Writes
eval/report-conversations.md / .json; exits 1 when a bound of eval/thresholds-conversations.json
fails or a self-contained turn inherited anything.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .evaluation import metrics_of

HERE = Path(__file__).resolve().parent
SHOWN = (
    "questions",
    "recall@1",
    "citation_recall",
    "fact_accuracy",
    "number_grounding",
    "refusal_accuracy",
    "false_refusal_rate",
)


def run_dialogues(pipeline, dialogues: list[dict]) -> list[dict]:
    """One row per turn: the chat's answer scored, how the turn was understood, and the gold standalone's
    answer scored (for follow-ups)."""
    from .evaluation import half_of, score_answer

    conversation = pipeline.conversation
    rows = []
    for dialogue in dialogues:
        earlier: list[str] = []
        for n, turn in enumerate(dialogue["turns"], start=1):
            item = turn | {"id": f"{dialogue['id']}.{n}"}
            began = time.perf_counter()
            answer = conversation.ask(turn["question"], earlier)
            latency = (time.perf_counter() - began) * 1000
            search = pipeline.retriever.search(answer.standalone, k=pipeline.settings.top_k)
            row = score_answer(item, answer, search, latency)
            row |= {
                "half": half_of(dialogue["id"]),  # a dialogue is read or never read as a whole
                "turn": "first" if n == 1 else ("follow-up" if turn["inherits"] else "self-contained"),
                "inherits": turn["inherits"],
                "inherited": bool(answer.interpretation),
                "standalone": answer.standalone,
                "gold_standalone": turn["standalone"],
            }
            if turn["inherits"]:
                gold = pipeline.chain.ask(turn["standalone"])
                alone = score_answer(item, gold, pipeline.retriever.search(turn["standalone"]), 0.0)
                row["standalone_facts_ok"] = alone["facts_ok"]
                row["standalone_found"] = alone["found"]
            rows.append(row)
            earlier.append(answer.standalone)
    return rows


def summarize_dialogues(rows: list[dict]) -> dict:
    """Metrics over all turns, per turn type, and the follow-up vs standalone comparison."""
    follow = [r for r in rows if r["inherits"]]
    answerable_follow = [r for r in follow if r["answerable"]]
    return {
        "overall": metrics_of(rows),
        "by_turn": {
            t: metrics_of([r for r in rows if r["turn"] == t]) for t in ("first", "follow-up", "self-contained")
        },
        "followups_resolved": round(sum(r["inherited"] for r in follow) / len(follow), 3) if follow else None,
        "by_half": {h: metrics_of([r for r in rows if r["half"] == h]) for h in sorted({r["half"] for r in rows})},
        "self_contained_inherited": sum(r["inherited"] for r in rows if not r["inherits"]),
        "followup_fact_accuracy": round(sum(r["facts_ok"] for r in answerable_follow) / len(answerable_follow), 3)
        if answerable_follow
        else None,
        "same_turns_standalone_fact_accuracy": round(
            sum(r["standalone_facts_ok"] for r in answerable_follow) / len(answerable_follow), 3
        )
        if answerable_follow
        else None,
    }


def write_report(report: dict, rows: list[dict], stem: Path) -> None:
    from .evaluation import write_report_files

    lines = [
        "# Conversation evaluation",
        "",
        f"{len(rows)} turns. Follow-ups understood as follow-ups: "
        f"{report['followups_resolved']}; self-contained turns that inherited context: "
        f"{report['self_contained_inherited']}. Fact accuracy of answerable follow-up turns: "
        f"{report['followup_fact_accuracy']}, the same turns asked in their gold standalone form: "
        f"{report['same_turns_standalone_fact_accuracy']}.",
        "",
        "| turns | " + " | ".join(SHOWN) + " |",
        "|---" * (len(SHOWN) + 1) + "|",
    ]
    for name, m in [("all", report["overall"]), *report["by_turn"].items(), *report["by_half"].items()]:
        lines.append(f"| {name} | " + " | ".join("" if m.get(k) is None else str(m[k]) for k in SHOWN) + " |")
    lines += ["", "## Turns that failed", ""]
    hidden = 0
    for r in rows:
        wrong = (
            (r["answerable"] and not r["facts_ok"])
            or (not r["answerable"] and r["found"])
            or (r["inherited"] != r["inherits"])
        )
        if wrong and never_read(r):
            hidden += 1  # a never-read dialogue's failures are not shown: nobody may tune on them
        elif wrong:
            lines.append(
                f"- `{r['id']}` {r['question']} → “{r['standalone']}” (gold “{r['gold_standalone']}”) — "
                f"{r['answer'][:70].replace(chr(10), ' / ')}"
            )
    if hidden:
        lines.append(f"- (and {hidden} failing turns of never-read dialogues, not listed)")
    write_report_files(stem, lines, report | {"rows": [r for r in rows if not never_read(r)]})


def never_read(row: dict) -> bool:
    """Whether a turn belongs to the never-read half (even dialogue ids) of a halved split."""
    from .evaluation import HALVED_SPLITS

    return row["id"].startswith(HALVED_SPLITS) and row["half"].startswith("test")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.conversation")
    parser.add_argument("--dialogues", type=Path, default=HERE / "conversations.jsonl")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--report", type=Path, default=HERE / "reports" / "conversations")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds-conversations.json")
    args = parser.parse_args(argv)

    from assistant.atomic import read_json_lines
    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline, warm_up
    from assistant.settings import build_settings

    from .evaluation import below_thresholds, read_thresholds

    prepare_environment()
    settings = build_settings(os.environ, corpus_dir=args.corpus, index_dir=args.index)
    pipeline = open_pipeline(settings)
    warm_up(pipeline)  # latencies measure answering, not what loads on first use
    rows = run_dialogues(pipeline, read_json_lines(args.dialogues))
    report = summarize_dialogues(rows)
    write_report(report, rows, args.report)
    print(args.report.with_suffix(".md").read_text(encoding="utf-8").split("\n## Turns")[0])
    failing = below_thresholds(
        report["overall"] | {k: v for k, v in report.items() if not isinstance(v, dict)},
        read_thresholds(args.thresholds),
    )
    if report["self_contained_inherited"]:
        failing.append(f"{report['self_contained_inherited']} self-contained turns inherited context")
    for line in failing:
        print(f"BELOW THRESHOLD: {line}", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

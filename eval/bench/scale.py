"""Benchmark: `python -m eval.bench [--sizes 1,10,100] [--out eval/bench.md]`.

Speed, memory and scale of the pipeline on corpora of 1x, 10x and 100x the five documents (the
extra documents are look-alikes from eval/lookalike.py, so retrieval stays non-trivial). 1x and
10x are built for real; at 100x the text is chunked and BM25-indexed for real, and the dense
side reuses the 10x vectors plus small noise (search cost depends on the count, not the
content). Per size, adding one document and deleting one are timed as the app does them (an
incremental update of the index folder). Prints a markdown table and writes it to --out. Every loop
is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.bench.engines import compare_engines, render_engines
from eval.bench.milvus import measure_milvus, milvus_lines

HERE = Path(__file__).resolve().parent.parent  # eval/
ROOT = HERE.parent


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else None  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "max": round(ordered[-1], 1) if ordered else None}


def spread(stats: dict) -> str:
    """p50 / p95 / p99 / max of a latency record (max is missing from runs saved before it was kept)."""
    return " / ".join(str(stats.get(k, "–")) for k in ("p50", "p95", "p99", "max"))


def cold_start(settings, question: str, env: dict[str, str] | None = None) -> dict:
    """Load index + model and answer once, in a fresh process (time and peak RSS); `env` adds settings."""
    code = f"""
import json, time
t0 = time.perf_counter()
def status_mb(field):
    # VmHWM belongs to this process image; ru_maxrss would include the forking parent's memory.
    line = next(l for l in open("/proc/self/status") if l.startswith(field + ":"))
    return int(line.split()[1]) / 1024
from assistant.serve.runtime import open_pipeline
from assistant.serve.environment import prepare_environment
from assistant.settings import build_settings
from dataclasses import replace
from pathlib import Path
import os
prepare_environment()
p = open_pipeline(replace(build_settings(os.environ), corpus_dir=Path({str(settings.corpus_dir)!r}),
                          index_dir=Path({str(settings.index_dir)!r}), show_progress=False), notify=lambda m: None)
t1 = time.perf_counter()
a = p.chain.ask({question!r})
t2 = time.perf_counter()
print(json.dumps({{"load_s": t1 - t0, "first_answer_s": t2 - t1, "total_s": t2 - t0,
                  "rss_mb": status_mb("VmHWM"), "anon_mb": status_mb("RssAnon"), "file_mb": status_mb("RssFile"),
                  "found": a.found}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
        env=os.environ | (env or {}),
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def query_latency(pipeline, questions: list[str], budget_s: float) -> dict:
    """Retrieval-only (with and without matching the indicator table) and full extractive answer latency,
    single client; the five slowest answers with where their time went (the answer's own timings)."""
    retrieve, matched, answer = [], [], []
    slowest: list[dict] = []
    if questions:  # the first answer loads what every later one reuses: cold start has its own row
        pipeline.chain.ask(questions[0])
    stop = time.perf_counter() + budget_s
    for q in questions:
        if time.perf_counter() > stop:
            break
        # The whole answer first, on a question this process has not seen: what a user waits for, cold
        # caches included. Retrieval and matching are then timed apart on the same question (warm).
        t0 = time.perf_counter()
        reply = pipeline.chain.ask(q)
        t1 = time.perf_counter()
        result = pipeline.retriever.search(q, k=pipeline.settings.top_k)
        t2 = time.perf_counter()
        pipeline.retriever.indicators.candidates(result.question, set(result.scope.doc_ids), result.query_vector)
        t3 = time.perf_counter()
        answer.append((t1 - t0) * 1000)
        retrieve.append((t2 - t1) * 1000)
        matched.append((t3 - t1) * 1000)
        slowest.append(
            {
                "question": q,
                "total_ms": round(answer[-1], 1),
                "matching_ms": round((t3 - t2) * 1000, 1),
                **{f"{k}_ms": round(v, 1) for k, v in reply.timings_ms.items() if k != "total"},
            }
        )
    slowest = sorted(slowest, key=lambda r: -r["total_ms"])[:5]
    return {
        "n": len(retrieve),
        "retrieve": percentiles(retrieve),
        "matched": percentiles(matched),
        "answer": percentiles(answer),
        "slowest": slowest,
    }


def measure_delete(corpus: Path, settings, served, embeddings, questions: list[str], budget_s: float) -> dict:
    """Delete one document of `served`'s corpus as the app does (its rows marked deleted, a new version
    linking every segment), and retrieval latency on the result (deleted rows passed over)."""
    from assistant.serve.runtime import open_pipeline

    victim = served.index.documents[len(served.index.documents) // 2]
    (corpus / victim.source).unlink()
    t0 = time.perf_counter()
    deleted = open_pipeline(settings, notify=lambda m: None, embeddings=embeddings, previous=served.index)
    delete_s = time.perf_counter() - t0
    return {
        "delete_one_s": delete_s,
        "delete_one_chunks": deleted.build.deleted if deleted.build else None,
        "delete_incremental": deleted.build.incremental if deleted.build else None,
        "latency_after_delete": query_latency(deleted, questions, budget_s),
    }


def hnsw_alternative(vectors: np.ndarray, queries: np.ndarray) -> dict:
    """An HNSW index on the same vectors: build time, query latency and recall@10 against exact search."""
    import faiss

    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    t0 = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vectors)
    build = time.perf_counter() - t0
    hnsw.hnsw.efSearch = 128
    _, truth = exact.search(queries, 10)
    t0 = time.perf_counter()
    _, found = hnsw.search(queries, 10)
    per_query = (time.perf_counter() - t0) * 1000 / len(queries)
    t0 = time.perf_counter()
    exact.search(queries, 10)
    exact_ms = (time.perf_counter() - t0) * 1000 / len(queries)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found)]))
    return {"build_s": build, "query_ms": per_query, "exact_query_ms": exact_ms, "recall@10": recall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench")
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--out", type=Path, default=HERE / "bench.md")
    parser.add_argument("--work", type=Path, help="working folder (default: temp, removed afterwards)")
    parser.add_argument("--raw-sample", type=int, default=400, help="texts timed for raw model throughput")
    parser.add_argument("--backends", default="faiss", help="faiss, or faiss,milvus to also measure Milvus Lite")
    parser.add_argument("--skip-engines", action="store_true", help="do not compare the embedding engines")
    parser.add_argument("--engine-rounds", type=int, default=2, help="interleaved rounds of the engine comparison")
    parser.add_argument("--query-budget", type=float, default=60.0, help="seconds of latency measurement per size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from assistant.index.build import build_index
    from assistant.index.caches import EmbeddingCache
    from assistant.index.embedders import make_embedder
    from assistant.index.manifest import index_text
    from assistant.ingest.chunking import split_clauses
    from assistant.ingest.loading import load_corpus
    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline
    from assistant.settings import build_settings
    from assistant.text.gazetteer import default_gazetteer
    from assistant.text.normalize import search_form
    from eval.evaluation import read_questions
    from eval.lookalike import make_lookalikes, write_lookalike_corpus

    prepare_environment()
    items, _ = read_questions(HERE / "questions.jsonl")
    questions = [q["question"] for q in items]
    gazetteer = default_gazetteer()
    real = load_corpus(ROOT / "corpus").documents
    exclude = {m.place.short for q in questions for m in gazetteer.find(search_form(q))} | {d.meta.region for d in real}
    embeddings = make_embedder(build_settings(os.environ))  # the default engine, as the app runs it
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-"))
    rows: dict[int, dict] = {}
    engines: dict[str, dict] = {}
    raw_rate = None
    ten_x_cache = work / "index-10x" / "cache" if (work / "index-10x" / "cache").is_dir() else None
    for size in sizes:
        row: dict = {}
        corpus, index_dir = work / f"corpus-{size}x", work / f"index-{size}x"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index_dir, ignore_errors=True)
        write_lookalike_corpus(ROOT / "corpus", corpus, real, gazetteer, size - 1, exclude)
        settings = replace(build_settings(os.environ), corpus_dir=corpus, index_dir=index_dir, show_progress=True)

        t0 = time.perf_counter()
        loaded = load_corpus(corpus).documents
        chunks = [c for d in loaded for c in split_clauses(d)]
        ingest_s = time.perf_counter() - t0
        chars = sum(len(d.text) for d in loaded)
        row |= {"documents": len(loaded), "chunks": len(chunks), "chars": chars, "ingest_chars_s": chars / ingest_s}
        texts = [index_text(c) for c in chunks]

        if size <= 10:
            step = max(1, len(texts) // args.raw_sample)
            sample = texts[::step][: args.raw_sample]  # spread over all documents
            t0 = time.perf_counter()
            embeddings.embed_array(sample)
            raw_rate = len(sample) / (time.perf_counter() - t0)
            if size == min(sizes) and not args.skip_engines:  # the corpus itself when 1x is measured
                engines = compare_engines(settings, sample, questions, args.engine_rounds)
            index, report = build_index(settings, embeddings, notify=lambda m: None)
            row |= {
                "raw_chunks_s": raw_rate,
                "build_s": report.seconds,
                "embed_s": report.embed_seconds,
                "build_chunks_s": len(chunks) / report.seconds,
                "dense": "real",
            }
            if size == 10:
                ten_x_cache = index_dir / "cache"
        else:
            # Dense side from the 10x vectors plus noise; everything else is real.
            model_id, dim = embeddings.model_id, embeddings.dim
            source = EmbeddingCache(ten_x_cache, model_id, dim) if ten_x_cache else None
            base = (
                source.vectors
                if source is not None and len(source.vectors)
                else np.random.default_rng(0).normal(size=(1000, dim)).astype(np.float32)
            )
            cache = EmbeddingCache(index_dir / "cache", model_id, dim)
            rng = np.random.default_rng(1)
            picked = base[rng.integers(0, len(base), len(texts))] + rng.normal(0, 0.02, (len(texts), dim))
            picked /= np.linalg.norm(picked, axis=1, keepdims=True)
            cache.add([cache.key(t) for t in texts], picked.astype(np.float32))
            cache.save()
            index, report = build_index(settings, embeddings, notify=lambda m: None)
            row |= {"build_s": report.seconds, "dense": "10x vectors + noise (build excludes embedding)"}
        row["faiss"] = index.manifest.vector_kind

        # Incremental update: one new look-alike document added to this index, as the app does it.
        pipeline = open_pipeline(settings, notify=lambda m: None, embeddings=embeddings)
        donor = real[size % len(real)]
        new_doc = make_lookalikes(donor, gazetteer, 1, exclude, seed=size + 7)[0]
        (corpus / f"added-{new_doc.name}").write_text(new_doc.text, encoding="utf-8")
        t0 = time.perf_counter()
        updated = open_pipeline(settings, notify=lambda m: None, embeddings=embeddings, previous=pipeline.index)
        add_s = time.perf_counter() - t0
        added_texts = [index_text(c) for c in updated.index.chunks[len(pipeline.index.chunks) :]]
        t0 = time.perf_counter()
        embeddings.embed_array(added_texts)
        own_embed_s = time.perf_counter() - t0
        row |= {
            "add_one_s": add_s,
            "add_one_chunks": len(added_texts),
            "add_one_embed_s": own_embed_s,
            "add_incremental": updated.build.incremental if updated.build else None,
        }

        row["cold"] = cold_start(settings, "2025年乌海森林覆盖率目标")
        row["latency"] = query_latency(updated, questions, args.query_budget)
        if "milvus" in args.backends.split(","):
            try:
                row["milvus"] = measure_milvus(
                    settings,
                    work / f"milvus-{size}x",
                    pipeline.index,
                    updated.index,
                    embeddings,
                    questions,
                    args.query_budget,
                    cold_start,
                    query_latency,
                )
            except Exception as exc:  # reported in the table: the other sizes and backends still count
                row["milvus_error"] = f"{type(exc).__name__}: {str(exc)[-300:]}"
                print(f"Milvus at {size}x failed: {row['milvus_error']}", file=sys.stderr)
        if size == max(sizes):
            vectors = updated.index.vectors.vectors()
            queries = np.stack([embeddings.embed_query_array(q) for q in questions[:100]])
            row["hnsw"] = hnsw_alternative(vectors, queries)
        row |= measure_delete(corpus, settings, updated, embeddings, questions, args.query_budget / 4)
        rows[size] = row
        (work / f"bench-{size}x.json").write_text(json.dumps(row, default=str), encoding="utf-8")
        print(f"{size}x done: {json.dumps(row, ensure_ascii=False, default=str)[:400]}", file=sys.stderr)

    for saved in work.glob("bench-*x.json"):  # sizes measured by an earlier run in the same --work folder
        rows.setdefault(int(saved.stem[6:-1]), json.loads(saved.read_text(encoding="utf-8")))
    build_rate = next((rows[s]["build_chunks_s"] for s in sorted(rows) if "build_chunks_s" in rows[s]), None)
    table = (
        render(rows, embeddings.model_id) + "\n".join(render_engines(engines, embeddings.model_id, build_rate)) + "\n"
    )
    args.out.write_text(table, encoding="utf-8")
    print(table)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def render(rows: dict[int, dict], model_id: str) -> str:
    sizes = sorted(rows)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    head = f"| measure | {' | '.join(f'{s}x' for s in sizes)} | target |\n|---|{'---|' * len(sizes)}---|"

    def line(name: str, get, target: str = "") -> str:
        cells = []
        for s in sizes:
            try:
                value = get(rows[s], s)
            except (KeyError, TypeError, ZeroDivisionError):
                value = "–"
            cells.append(value)
        return f"| {name} | {' | '.join(cells)} | {target} |"

    f1 = lambda v: f"{v:,.1f}"  # noqa: E731
    out = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"embedding engine {model_id}, offline extractive answers.",
        "",
        head,
        line("documents / chunks", lambda r, s: f"{r['documents']} / {r['chunks']:,}"),
        line("ingest + chunk (chars/s)", lambda r, s: f"{r['ingest_chars_s']:,.0f}"),
        line("raw model throughput (chunks/s, same texts)", lambda r, s: f1(r["raw_chunks_s"])),
        line("index build throughput (chunks/s)", lambda r, s: f1(r["build_chunks_s"])),
        line("build / raw", lambda r, s: f"{r['build_chunks_s'] / r['raw_chunks_s']:.0%}", "≥ 85%"),
        line(
            "full index build (s)", lambda r, s: f1(r["build_s"]) + ("" if r["dense"] == "real" else " (no embedding)")
        ),
        line(
            "add one document (s)",
            lambda r, s: (
                f"{r['add_one_s']:.2f} ({r['add_one_chunks']} chunks; embedding them alone {r['add_one_embed_s']:.2f})"
            ),
            "≤ own embedding + 2 s",
        ),
        line(
            "delete one document (s)",
            lambda r, s: f"{r['delete_one_s']:.2f} ({r['delete_one_chunks']} chunks marked deleted)",
            "≤ 3 s at 1000x",
        ),
        line(
            "retrieval p50 / p95 / p99 after that delete (ms)",
            lambda r, s: spread(r["latency_after_delete"]["retrieve"]),
        ),
        line(
            "cold start: load + first answer (s)",
            lambda r, s: f"{r['cold']['load_s']:.1f} + {r['cold']['first_answer_s']:.2f}",
            "< 10 s at 1x",
        ),
        line(
            "peak RSS (MB); after the first answer: private / file-backed",
            lambda r, s: f"{r['cold']['rss_mb']:,.0f}; {r['cold']['anon_mb']:,.0f} / {r['cold']['file_mb']:,.0f}",
            "< 2 GB at 1000x",
        ),
        line(
            "retrieval p50 / p95 / p99 / max (ms)",
            lambda r, s: spread(r["latency"]["retrieve"]),
            "p50 < 30 (1x), < 80 (100x)",
        ),
        line(
            "retrieval + indicator matching p50 / p95 / p99 / max (ms)",
            lambda r, s: spread(r["latency"]["matched"]),
            "p50 < 30 (1x)",
        ),
        line(
            "extractive answer p50 / p95 / p99 / max (ms)",
            lambda r, s: spread(r["latency"]["answer"]),
            "p50 < 100 (1x)",
        ),
        line("FAISS index", lambda r, s: r["faiss"]),
        line(
            "HNSW alternative: recall@10 / ms per query (exact: ms)",
            lambda r, s: (
                f"{r['hnsw']['recall@10']:.3f} / {r['hnsw']['query_ms']:.2f} ({r['hnsw']['exact_query_ms']:.2f})"
            ),
        ),
        line("dense vectors", lambda r, s: r["dense"]),
        *milvus_lines(line),
    ]
    return "\n".join(out + slowest_lines(rows)) + "\n"


def slowest_lines(rows: dict[int, dict]) -> list[str]:
    """The five slowest whole answers of each size, with where their time went."""
    out = [
        "",
        "Slowest five answers per size (whole answer; retrieval and generation as the answer timed them;",
        "indicator matching timed apart on the same question after it, warm; the whole answer is timed first, cold):",
        "",
        "| size | question | whole answer (ms) | retrieval | indicator matching | generation |",
        "|---|---|---|---|---|---|",
    ]
    for size in sorted(rows):
        for r in rows[size].get("latency", {}).get("slowest", []):
            out.append(
                f"| {size}x | {r['question']} | {r['total_ms']} | {r.get('retrieve_ms', '–')} | "
                f"{r['matching_ms']} | {r.get('generate_ms', '–')} |"
            )
    return out


if __name__ == "__main__":
    sys.exit(main())

"""The Milvus Lite backend in `python -m eval.bench --backends faiss,milvus`, on the same index as FAISS.

Per size: writing the collection from the index version, appending one document (the folder's own
update plus Milvus's append), cold start and peak RSS of the app process (Milvus Lite runs inside it, a
Python engine behind a local gRPC port; a Milvus server would not count), and retrieval latency with the
scope filtered inside Milvus.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path


def measure_milvus(settings, uri: Path, before, after, embeddings, questions: list[str], budget_s: float,
                   cold_start, query_latency) -> dict:
    """`before`/`after`: the index version before and after one document was added (both already built)."""
    from assistant.index.milvus import release
    from assistant.serve.runtime import candidate_store, open_pipeline

    milvus = replace(settings, index_backend="milvus", milvus_uri=str(uri))
    quiet = lambda message: None  # noqa: E731
    t0 = time.perf_counter()
    candidate_store(milvus, before, quiet)
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    candidate_store(milvus, after, quiet)
    append_s = time.perf_counter() - t0
    release(str(uri))  # Milvus Lite's file serves one process: the cold start runs in another
    cold = cold_start(settings, "2025年乌海森林覆盖率目标", {"INDEX_BACKEND": "milvus", "MILVUS_URI": str(uri)})
    pipeline = open_pipeline(milvus, notify=quiet, embeddings=embeddings)
    return {"write_s": write_s, "append_s": append_s, "cold": cold,
            "latency": query_latency(pipeline, questions, budget_s)}


def milvus_lines(line) -> list[str]:
    """Table rows (rendered by bench's `line`) for the Milvus measurements; "–" where not measured."""
    return [
        line("Milvus Lite: write the collection (s)", lambda r, s: f"{r['milvus']['write_s']:.1f}"),
        line("Milvus Lite: add one document (s)", lambda r, s: f"{r['add_one_s'] + r['milvus']['append_s']:.2f} "
                                                               f"(folder {r['add_one_s']:.2f} + Milvus append "
                                                               f"{r['milvus']['append_s']:.2f})", "≤ own embedding + 2 s"),
        line("Milvus Lite: cold start load + first answer (s)",
             lambda r, s: f"{r['milvus']['cold']['load_s']:.1f} + {r['milvus']['cold']['first_answer_s']:.2f}"),
        line("Milvus Lite: peak RSS of the app process (MB)", lambda r, s: f"{r['milvus']['cold']['rss_mb']:,.0f}"),
        line("Milvus Lite: retrieval p50 / p95 / p99 (ms)",
             lambda r, s: "{p50} / {p95} / {p99}".format(**r["milvus"]["latency"]["retrieve"]), "p50 < 50, p95 < 100"),
    ]

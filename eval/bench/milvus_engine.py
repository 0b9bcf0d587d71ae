"""Retrieval on any Milvus server, written straight from an index folder: `python -m eval.bench.milvus_engine URI`.

`eval.bench` measures Milvus through the app's own versioned sync (aliases, collection properties). A server
without those — milvus-lite 2.5.1's C++ engine, the only one reachable offline here, started in a scratch
virtualenv with pymilvus 2.5 as `milvus_lite.server.Server(db_file, "127.0.0.1:PORT")` — is measured with this
script: it writes the index's rows into a collection of its own (`--collection`), then times retrieval for the
evaluation questions with `MilvusCandidates` against the index folder's own candidates, and runs one cold
start (load + first answer, peak RSS) of an app process on the Milvus backend in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent  # eval/

_COLD_START = """
import json, sys, time
t0 = time.perf_counter()
from dataclasses import replace
from pathlib import Path
from assistant.serve.environment import prepare_environment
prepare_environment()
import os
from assistant.answer.chain import AnswerChain
from assistant.index.embedders import make_embedder
from assistant.index.layout import load_index
from assistant.index.milvus import MilvusCandidates, connect
from assistant.indicators.synonyms import load_synonyms
from assistant.retrieval.retriever import Retriever
from assistant.settings import build_settings
from assistant.text.gazetteer import default_gazetteer
uri, collection, index_dir, corpus_dir = sys.argv[1:5]
settings = replace(build_settings(os.environ), index_dir=Path(index_dir), corpus_dir=Path(corpus_dir))
index = load_index(settings.index_dir)
store = MilvusCandidates(connect(uri), collection, settings.lexical_tokenizer, index.doc_of_row, index.deleted.rows)
retriever = Retriever(index, make_embedder(settings), default_gazetteer(), settings.max_question_chars,
                      load_synonyms(settings.corpus_dir), store)
chain = AnswerChain(retriever, settings)
t1 = time.perf_counter()
found = chain.ask("2025年乌海森林覆盖率目标").found
t2 = time.perf_counter()
status = {l.split(":")[0]: int(l.split()[1]) / 1024 for l in open("/proc/self/status")
          if l.startswith(("VmHWM", "RssAnon", "RssFile"))}
print(json.dumps({"load_s": t1 - t0, "first_answer_s": t2 - t1, **status, "found": found,
                  "faiss_read": "loaded" in vars(index.vectors)}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench.milvus_engine")
    parser.add_argument("uri", help="http://host:port of the Milvus server")
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--collection", default="bench_engine")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of latency measurement")
    args = parser.parse_args(argv)

    from assistant.index.candidates import LocalCandidates
    from assistant.index.embedders import make_embedder
    from assistant.index.layout import load_index
    from assistant.index.milvus import MilvusCandidates, connect
    from assistant.index.milvus.collection import create_collection, insert_rows
    from assistant.indicators.synonyms import load_synonyms
    from assistant.retrieval.retriever import Retriever
    from assistant.serve.environment import prepare_environment
    from assistant.settings import build_settings
    from assistant.text.gazetteer import default_gazetteer
    from eval.evaluation import read_questions

    prepare_environment()
    settings = replace(build_settings(os.environ), index_dir=args.index, corpus_dir=args.corpus)
    index = load_index(args.index)
    client = connect(args.uri)
    if args.collection in client.list_collections():
        client.drop_collection(args.collection)
    began = time.perf_counter()
    create_collection(client, args.collection, index.manifest.embedding["dim"])
    insert_rows(client, args.collection, index, 0, settings.lexical_tokenizer)
    client.load_collection(args.collection)
    write_s = time.perf_counter() - began
    embeddings = make_embedder(settings)
    synonyms = load_synonyms(args.corpus)
    store = MilvusCandidates(client, args.collection, settings.lexical_tokenizer, index.doc_of_row, index.deleted.rows)
    milvus = Retriever(index, embeddings, default_gazetteer(), settings.max_question_chars, synonyms, store)
    folder = Retriever(
        index, embeddings, default_gazetteer(), settings.max_question_chars, synonyms, LocalCandidates(index)
    )
    items, _ = read_questions(HERE / "questions.jsonl")
    latencies, same = [], 0
    stop = time.perf_counter() + args.budget
    for item in items:
        if time.perf_counter() > stop:
            break
        t0 = time.perf_counter()
        ours = milvus.search(item["question"], k=settings.top_k)
        latencies.append((time.perf_counter() - t0) * 1000)
        theirs = folder.search(item["question"], k=settings.top_k)
        same += [h.chunk.chunk_id for h in ours.hits[:1]] == [h.chunk.chunk_id for h in theirs.hits[:1]]
    cold = subprocess.run(
        [sys.executable, "-c", _COLD_START, args.uri, args.collection, str(args.index), str(args.corpus)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=HERE.parent,
    )
    if cold.returncode != 0:
        raise SystemExit(cold.stderr[-2000:])
    print(
        json.dumps(
            {
                "rows": len(index.chunks),
                "write_s": round(write_s, 1),
                "questions": len(latencies),
                "p50_ms": float(np.percentile(latencies, 50)),
                "p95_ms": float(np.percentile(latencies, 95)),
                "p99_ms": float(np.percentile(latencies, 99)),
                "same_first_hit": same,
                "app": json.loads(cold.stdout.strip().splitlines()[-1]),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

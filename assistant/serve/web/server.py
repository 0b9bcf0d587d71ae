"""Web UI entry point: `python app.py` / `policy-assistant-web` [--host H] [--port P] [--corpus DIR] [--index DIR]."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from assistant.serve.runtime import open_pipeline, prepare_environment
from assistant.settings import build_settings


def main(argv: list[str] | None = None) -> None:
    """Parse flags, open (or build) the index, then serve the Gradio app."""
    parser = argparse.ArgumentParser(description="政策文件问答助手（网页界面）")
    parser.add_argument("--host", help="listen address (default 127.0.0.1, env HOST)")
    parser.add_argument("--port", type=int, help="listen port (default 7860, env PORT)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (env CORPUS_DIR)")
    parser.add_argument("--index", type=Path, help="index folder (env INDEX_DIR)")
    parser.add_argument("--embedding-model", help="embedding model name or local directory")
    args = parser.parse_args(argv)
    # Defaults live in Settings; None flags fall through to env, then to those defaults.
    settings = build_settings(os.environ, host=args.host, port=args.port, corpus_dir=args.corpus,
                              index_dir=args.index, embedding_model=args.embedding_model)
    prepare_environment()  # before importing gradio, so its offline/analytics env vars apply
    pipeline = open_pipeline(settings)  # builds the index with terminal progress if missing
    from assistant.serve.web.chat import build_app  # gradio is imported only after the environment is set

    demo = build_app(pipeline)
    # Bounded queue: at most 4 answers run at once and at most 64 requests wait.
    demo.queue(default_concurrency_limit=4, max_size=64)
    # Uploads over 20 MB reach the handler and get its Chinese refusal; 200 MB only bounds disk use.
    demo.launch(server_name=settings.host, server_port=settings.port, share=False, max_file_size="200mb",
                footer_links=["api", "settings"])


if __name__ == "__main__":
    main()

"""Web UI entry point: `python app.py` / `policy-assistant-web` [--host H] [--port P] [--corpus DIR] [--index DIR]
[--data-dir DIR] [--allow-anonymous].

The process serves one FastAPI app: our sign-in routes and request checks (login.py) in front of
the Gradio app mounted at "/".
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.access.policy import Access, deployment_access
from assistant.errors import AssistantError
from assistant.ingest.corpus import seed_corpus
from assistant.serve.environment import prepare_environment
from assistant.serve.messages import user_message
from assistant.serve.runtime import open_pipeline, warm_up
from assistant.settings import Settings, build_settings, flag_values

if TYPE_CHECKING:  # the web stack is imported when the app is created, after prepare_environment
    from fastapi import FastAPI

    from assistant.serve.holder import PipelineHolder

QUEUE_CONCURRENCY = 4  # answers running at once
QUEUE_SIZE = 64  # requests waiting beyond those


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="政策文件问答助手（网页界面）")
    parser.add_argument("--host", help="listen address (default 127.0.0.1, env HOST)")
    parser.add_argument("--port", type=int, help="listen port (default 7860, env PORT)")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="corpus folder (env CORPUS_DIR; default DATA_DIR/corpus, first copied from ./corpus)",
    )
    parser.add_argument("--index", type=Path, help="index folder (env INDEX_DIR; default DATA_DIR/index)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="accounts, sessions, audit log, feedback (env DATA_DIR; default ~/.local/share/policy-assistant)",
    )
    parser.add_argument("--embedding-model", help="embedding model name or local directory")
    parser.add_argument("--users-file", type=Path, help="a users.toml of an earlier version to import (env USERS_FILE)")
    parser.add_argument(
        "--allow-anonymous",
        action="store_true",
        default=None,
        help="serve beyond this machine without accounts: anonymous users may only ask",
    )
    return parser


def create_app(holder: PipelineHolder, access: Access, settings: Settings) -> FastAPI:
    """The FastAPI app: sign-in and request checks, then the Gradio UI at "/"."""
    import gradio as gr
    from fastapi import FastAPI

    from assistant.serve.bases import BaseHolders
    from assistant.serve.openai_api import add_openai_api
    from assistant.serve.web.chat import build_app, page_css, page_script
    from assistant.serve.web.login import add_request_checks, add_sign_in

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    auth = add_sign_in(app, access) if access.sign_in else None
    add_request_checks(app, access, settings.max_upload_bytes)
    bases = BaseHolders(holder, access)
    add_openai_api(app, bases, access)  # before the Gradio app: its routes are matched first
    demo = build_app(holder, access, bases)
    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=QUEUE_SIZE)
    return gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth_dependency=auth,
        max_file_size=settings.max_upload_bytes,
        footer_links=["api"],
        server_name=settings.host,
        server_port=settings.port,
        js=page_script(),
        css=page_css(),
    )


def served_settings(settings: Settings, corpus_given: bool, index_given: bool) -> Settings:
    """Where the web app keeps its documents and index. Unless a corpus folder is given (--corpus or
    CORPUS_DIR), they live in the data folder, outside the source tree: DATA_DIR/corpus, created on the
    first start as a copy of the repository's corpus/, so uploads never become untracked files of the
    repository; and DATA_DIR/index beside it (unless an index folder is given)."""
    if corpus_given:
        return settings
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as the database makes it
    corpus = settings.data_dir / "corpus"
    seed_corpus(corpus, settings.corpus_dir)
    return replace(
        settings,
        corpus_dir=corpus,
        index_dir=settings.index_dir if index_given else settings.data_dir / "index",
        users_file=settings.legacy_users_file,  # an earlier version's users.toml stays where it was
    )


def main(argv: list[str] | None = None) -> None:
    """Parse flags, open (or build) the index, then serve the app."""
    args = _parser().parse_args(argv)
    # Defaults live in Settings; None flags fall through to env, then to those defaults.
    flags = ("host", "port", "corpus", "index", "data_dir", "embedding_model", "users_file", "allow_anonymous")
    settings = build_settings(os.environ, **flag_values(args, *flags))
    try:  # before loading anything: an open network address without accounts never starts
        access, warning = deployment_access(
            settings.data_dir,
            settings.legacy_users_file,
            settings.host,
            settings.allow_anonymous,
            settings.per_user_questions,
        )
    except AssistantError as exc:
        print(f"错误：{user_message(exc)}", file=sys.stderr)
        sys.exit(2)
    if warning:
        print(warning, file=sys.stderr)
    try:
        settings = served_settings(
            settings,
            args.corpus is not None or "CORPUS_DIR" in os.environ,
            args.index is not None or "INDEX_DIR" in os.environ,
        )
    except OSError as exc:
        print(
            f"错误：无法在数据文件夹中创建文件夹 {settings.data_dir / 'corpus'}：{exc.strerror or exc}", file=sys.stderr
        )
        sys.exit(2)
    print(f"文件夹：文件 {settings.corpus_dir}，索引 {settings.index_dir}，数据 {settings.data_dir}", file=sys.stderr)
    prepare_environment()  # before importing gradio, so its offline/analytics env vars apply
    pipeline = open_pipeline(settings)  # builds the index with terminal progress if missing
    warm_up(pipeline)
    import uvicorn

    from assistant.serve.holder import PipelineHolder

    app = create_app(PipelineHolder(pipeline, follow_s=settings.follow_index_s), access, settings)
    print(f"政策文件问答助手：http://{settings.host}:{settings.port}/", file=sys.stderr, flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()

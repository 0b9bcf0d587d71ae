"""Web UI entry point: `python app.py` / `policy-assistant-web` [--host H] [--port P] [--corpus DIR] [--index DIR]
[--users-file F] [--allow-anonymous]."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.access.policy import deployment_access
from assistant.errors import AssistantError
from assistant.serve.messages import user_message

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
    parser.add_argument("--users-file", type=Path, help="staff accounts (env USERS_FILE; default INDEX/users.toml)")
    parser.add_argument("--allow-anonymous", action="store_true", default=None,
                        help="serve beyond this machine without accounts: anonymous users may only ask")
    args = parser.parse_args(argv)
    # Defaults live in Settings; None flags fall through to env, then to those defaults.
    settings = build_settings(os.environ, host=args.host, port=args.port, corpus_dir=args.corpus,
                              index_dir=args.index, embedding_model=args.embedding_model,
                              users_file=args.users_file, allow_anonymous=args.allow_anonymous)
    try:  # before loading anything: an open network address without accounts never starts
        access, warning = deployment_access(settings.users_file, settings.index_dir, settings.host,
                                            settings.allow_anonymous, settings.per_user_questions)
    except AssistantError as exc:
        print(f"错误：{user_message(exc)}", file=sys.stderr)
        sys.exit(2)
    if warning:
        print(warning, file=sys.stderr)
    prepare_environment()  # before importing gradio, so its offline/analytics env vars apply
    pipeline = open_pipeline(settings)  # builds the index with terminal progress if missing
    from assistant.serve.holder import PipelineHolder
    from assistant.serve.web.chat import build_app  # gradio is imported only after the environment is set

    demo = build_app(PipelineHolder(pipeline, follow_s=settings.follow_index_s), access)
    # Bounded queue: at most 4 answers run at once and at most 64 requests wait.
    demo.queue(default_concurrency_limit=4, max_size=64)
    # Uploads over 20 MB reach the handler and get its Chinese refusal; 200 MB only bounds disk use.
    store = access.store
    demo.launch(server_name=settings.host, server_port=settings.port, share=False, max_file_size="200mb",
                footer_links=["api", "settings"],
                auth=(lambda name, password: store.authenticate(name, password) is not None) if store else None,
                auth_message="政策文件问答助手：请使用工作账号登录（账号由管理员用 python -m assistant users 添加）。")


if __name__ == "__main__":
    main()

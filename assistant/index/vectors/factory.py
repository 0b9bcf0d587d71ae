"""The vector index factory: the engine a new index is built with, and the one a saved index opens with.

`VECTOR_ENGINE` (settings.vector_engine) names the engine of a new build; a saved index names its own
in its manifest, so it always opens with the engine that wrote it (a changed VECTOR_ENGINE takes
effect at the next full rebuild). Built-in engines are named by the dotted path of their class
exactly as a third-party one is (`VECTOR_ENGINE=mypackage.vectors:MyEngine`, a `VectorEngine`
constructed without arguments).
"""

from __future__ import annotations

from assistant.errors import IndexBackendError
from assistant.index.dotted_path import imported_callable, registered_or_path
from assistant.index.vectors.base import VectorEngine

# Built-in engines by dotted path (imported when chosen).
_ENGINES = {"faiss": "assistant.index.vectors.faiss_index:FaissEngine"}


def vector_engine(name: str) -> VectorEngine:
    """The engine `name` names: a built-in one or the dotted path of a class."""
    path = registered_or_path(_ENGINES, name)
    if path is None:
        raise IndexBackendError(
            f"unknown VECTOR_ENGINE '{name}' ({', '.join(_ENGINES)}, or the dotted path of a class)"
        )
    try:
        engine: VectorEngine = imported_callable(path)()
    except (LookupError, TypeError) as exc:
        raise IndexBackendError(f"VECTOR_ENGINE '{name}' names no usable engine class: {exc}") from exc
    return engine

"""The index backend factory: built-in names, a dotted path to a custom opener or class, clear errors."""

from __future__ import annotations

import pytest

from assistant.errors import IndexBackendError
from assistant.index.backends import backend_names, register_backend, resolve_backend
from assistant.index.candidates import open_local


class RecordingStore:
    """A custom backend given as a class: constructed with (settings, index, notify)."""

    kind = "recording"

    def __init__(self, settings, index, notify) -> None:
        self.settings, self.index = settings, index


def test_built_in_backends_resolve_by_name_without_importing_the_others():
    assert {"faiss", "milvus"} <= set(backend_names())
    assert resolve_backend("faiss") is open_local


def test_a_custom_backend_by_dotted_path():
    opener = resolve_backend(f"{__name__}:RecordingStore")
    store = opener("settings", "index", print)
    assert isinstance(store, RecordingStore) and store.index == "index"
    assert resolve_backend(f"{__name__}.RecordingStore") is RecordingStore


def test_a_registered_short_name():
    register_backend("recording", RecordingStore)
    assert resolve_backend("recording") is RecordingStore


@pytest.mark.parametrize("name", ["elastic", "nowhere.module:Store", f"{__name__}:Missing", f"{__name__}:__doc__"])
def test_unknown_backends_are_named_in_the_error(name):
    with pytest.raises(IndexBackendError, match="INDEX_BACKEND"):
        resolve_backend(name)

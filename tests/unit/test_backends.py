"""The index backend factory: built-in names, a dotted path to a custom opener or class, clear errors."""

from __future__ import annotations

import pytest

from assistant.errors import IndexBackendError
from assistant.index.backends import backend_names, prepare_backend_environment, register_backend, resolve_backend
from assistant.index.candidates import open_local
from assistant.index.milvus.environment import LITE_URI_OPTION
from assistant.settings import build_settings


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


def test_a_backend_reads_the_variables_named_after_it():
    env = {
        "INDEX_BACKEND": "milvus",
        "MILVUS_URI": "http://127.0.0.1:19530",
        "MILVUS_COLLECTION": "plans",
        "TOP_K": "3",
    }
    settings = build_settings(env)
    assert settings.backend_option("uri") == "http://127.0.0.1:19530"
    assert settings.backend_option("collection") == "plans"
    assert build_settings({"MILVUS_URI": "x"}).backend_options == ()  # the index folder has no such options
    custom = build_settings({"INDEX_BACKEND": f"{__name__}:RecordingStore", "INDEX_BACKEND_SHARDS": "4"})
    assert custom.backend_option("shards") == "4"


def test_a_milvus_lite_file_is_kept_from_pymilvus_and_still_reaches_the_backend(tmp_path):
    env = {"INDEX_BACKEND": "milvus", "MILVUS_URI": str(tmp_path / "chunks.db")}
    prepare_backend_environment(env)
    assert "MILVUS_URI" not in env  # pymilvus reads MILVUS_URI when imported and accepts only http(s)
    assert build_settings(env).backend_option(LITE_URI_OPTION) == str(tmp_path / "chunks.db")
    server = {"MILVUS_URI": "http://127.0.0.1:19530"}
    prepare_backend_environment(server)
    assert server == {"MILVUS_URI": "http://127.0.0.1:19530"}


class ListedEngine:
    """A custom vector engine by dotted path: FAISS underneath, under another name."""

    def build(self, vectors, exact_max):
        from assistant.index.vectors.faiss_index import FaissVectors

        return FaissVectors.build(vectors, exact_max)

    def opened(self, paths, rows, kind):
        raise NotImplementedError


def test_vector_engines_by_name_or_dotted_path():
    import numpy as np

    from assistant.index.vectors import vector_engine

    vectors = np.eye(4, dtype=np.float32)
    built = vector_engine("faiss").build(vectors, exact_max=100)
    assert (built.engine, built.part_suffix, len(built)) == ("faiss", ".faiss", 4)
    assert len(vector_engine(f"{__name__}:ListedEngine").build(vectors, exact_max=100)) == 4
    with pytest.raises(IndexBackendError, match="VECTOR_ENGINE 'annoy'"):
        vector_engine("annoy")
    with pytest.raises(IndexBackendError, match="no usable engine"):
        vector_engine(f"{__name__}:NoSuchEngine")

"""The Milvus backend on Milvus Lite (offline, a file): the same candidates as the index folder,
the scope inside every search for every evaluation question, and a version switch that a killed
build cannot break; a deleted document filtered inside every search; a Milvus server in its own process
shared by two app processes. (`make test` also runs the whole evaluation with INDEX_BACKEND=milvus.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from assistant.errors import IndexBackendError, IndexMismatchError
from assistant.index.candidates import LocalCandidates
from assistant.index.milvus import MilvusCandidates, connect, sync_collection
from assistant.index.milvus.collection import ROWS_PROPERTY, collection_name, create_collection
from assistant.ingest.corpus import remove_document
from assistant.serve.runtime import candidate_store, open_pipeline
from assistant.settings import Settings
from eval.support.milvus_server import milvus_server
from tests.conftest import CORPUS, WUHAI_FOREST, assert_gone, copy_cache, retriever_over


@pytest.fixture(scope="module")
def milvus_settings(pipeline, tmp_path_factory):
    return replace(
        pipeline.settings,
        index_backend="milvus",
        backend_options=(("uri", str(tmp_path_factory.mktemp("milvus") / "chunks.db")),),
    )


@pytest.fixture(scope="module")
def store(pipeline, milvus_settings) -> MilvusCandidates:
    made = candidate_store(milvus_settings, pipeline.index, notify=lambda message: None)
    assert isinstance(made, MilvusCandidates)
    return made


def _doc_ids(pipeline, rows: np.ndarray) -> frozenset[str]:
    return frozenset(pipeline.index.chunks[r].doc_id for r in rows)


def test_candidates_equal_the_index_folder(pipeline, store, scoped_questions):
    """Beyond the shared suite (tests/test_backend_suite.py): the same scores and lexical rows as the folder."""
    local = LocalCandidates(pipeline.index)
    for text, vector, form, rows in scoped_questions:
        scope = _doc_ids(pipeline, rows)
        _, dense_scores = store.dense(vector, 300, scope)
        _, local_scores = local.dense(vector, 300, scope)
        assert np.allclose(np.sort(dense_scores), np.sort(local_scores), atol=1e-4), text
        lexical_rows, _ = store.lexical(form, 300, scope)
        assert set(lexical_rows) == set(local.lexical(form, 300, scope)[0]), text  # same tokens match


def test_appends_and_killed_builds(pipeline, tmp_path):
    client = connect(str(tmp_path / "versions.db"))
    index, alias, quiet = pipeline.index, "chunks", (lambda message: None)
    vector = pipeline.retriever.embeddings.embed_query_array("乌海森林覆盖率")
    first = replace(index, chunks=index.chunks[:200])
    live = sync_collection(client, alias, first, "bigram", quiet)
    # An append killed after writing 10 rows: readers of the 200-row index never see them.
    client.insert(
        live,
        [{"row": r, "doc_id": index.chunks[r].doc_id, "terms": "tab", "dense": [0.0] * 384} for r in range(200, 210)],
    )
    client.flush(live)
    rows, _ = MilvusCandidates(client, live, "bigram", [c.doc_id for c in first.chunks]).dense(vector, 300, None)
    assert len(rows) == 200 and rows.max() < 200
    # The next sync appends the remaining rows to the same collection (replacing the leftovers).
    assert sync_collection(client, alias, index, "bigram", quiet) == live
    rows, scores = MilvusCandidates(client, live, "bigram", [c.doc_id for c in index.chunks]).dense(vector, 300, None)
    assert sorted(rows) == list(range(len(index.chunks)))
    local_rows, local_scores = LocalCandidates(index).dense(vector, 300, None)
    assert np.allclose(np.sort(scores), np.sort(local_scores), atol=1e-4)
    # A full build (a document removed) killed half-way: its collection exists, the alias has not moved.
    removed = replace(index, chunks=index.chunks[40:], directory=tmp_path / "v-20991231-235959-abcdef")
    half = collection_name(alias, removed)
    create_collection(client, half, 384)
    assert client.describe_alias(alias)["collection_name"] == live
    # The next build writes the new version afresh and switches the alias; the old and the half one are gone.
    assert sync_collection(client, alias, removed, "bigram", quiet) == half
    assert client.describe_alias(alias)["collection_name"] == half
    assert client.get_collection_stats(half)["row_count"] == len(removed.chunks)
    assert set(client.list_collections()) == {half}
    # A process still serving the replaced version fails loudly rather than citing another version's rows.
    with pytest.raises(IndexBackendError, match="reload"):
        MilvusCandidates(client, live, "bigram", [c.doc_id for c in index.chunks]).dense(vector, 5, None)
    with pytest.raises(IndexMismatchError):
        MilvusCandidates(client, half, "bigram", [c.doc_id for c in index.chunks]).dense(vector, 300, None)


def test_a_live_collection_without_a_record_of_its_rows_is_replaced(pipeline, tmp_path):
    client = connect(str(tmp_path / "unrecorded.db"))
    live = sync_collection(client, "chunks", pipeline.index, "bigram", lambda message: None)
    client.alter_collection_properties(live, properties={ROWS_PROPERTY: "-1"})  # as an older build left it
    replaced = sync_collection(client, "chunks", pipeline.index, "bigram", lambda message: None)
    assert replaced != live and client.describe_alias("chunks")["collection_name"] == replaced
    assert client.list_collections() == [replaced]
    assert client.get_collection_stats(replaced)["row_count"] == len(pipeline.index.chunks)


def test_deleted_document_is_filtered_inside_every_search(pipeline, tmp_path, wuhai_questions):
    """A delete writes nothing to the collection: each process filters the rows its own version marks
    deleted. A process still on the version before the delete answers from the same collection, with
    its own rows; a document added again is appended; the merge writes a new collection."""
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    copy_cache(pipeline, tmp_path / "index")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        show_progress=False,
        index_backend="milvus",
        backend_options=(("uri", str(tmp_path / "chunks.db")),),
    )
    quiet = {"notify": lambda message: None, "embeddings": pipeline.retriever.embeddings}
    first = open_pipeline(settings, **quiet)
    collection = first.retriever.store.collection
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    dead = set(first.index.rows_of_document[wuhai.doc_id].tolist())
    data = (corpus / wuhai.source).read_bytes()
    remove_document(corpus, wuhai.source)
    deleted = open_pipeline(settings, previous=first.index, **quiet)
    assert deleted.build.incremental and deleted.retriever.store.collection == collection
    assert_gone(deleted, wuhai.doc_id, dead, wuhai_questions)
    old = first.chain.ask(WUHAI_FOREST)  # the older version's process: its rows, the same collection
    assert old.found and "3.78%" in old.answer and old.citations[0].doc_id == wuhai.doc_id
    (corpus / wuhai.source).write_bytes(data)
    again = open_pipeline(settings, previous=deleted.index, **quiet)
    store = again.retriever.store
    assert store.collection == collection
    assert "3.78%" in again.chain.ask(WUHAI_FOREST).answer
    vector = pipeline.retriever.embeddings.embed_query_array("乌海森林覆盖率")
    rows = set(again.index.rows_of_document[wuhai.doc_id].tolist())
    for scope in (None, frozenset({wuhai.doc_id})):  # the same document id names the deleted rows too
        (dense, _), (lexical, _) = store.candidates(vector, "乌海森林覆盖率", 300, scope)
        assert not dead & set(dense.tolist()) and not dead & set(lexical.tolist())
        assert rows <= set(dense.tolist())
    # The merge renumbers the rows into a new collection; a process on an older version then fails loudly.
    merged = open_pipeline(settings, rebuild=True, **quiet)
    assert merged.retriever.store.collection != collection and len(merged.index.deleted) == 0
    assert "3.78%" in merged.chain.ask(WUHAI_FOREST).answer
    with pytest.raises(IndexBackendError, match="reload"):
        store.dense(vector, 5, None)


def test_several_processes_share_one_milvus_server(pipeline, tmp_path):
    """The deployment the README describes: the engine in its own process (`milvus-lite server`, reached as
    any Milvus server by http://), this process and another app process searching it at the same time."""
    with milvus_server(tmp_path / "server-data") as server:
        settings = replace(pipeline.settings, index_backend="milvus", backend_options=(("uri", server.uri),))
        store = candidate_store(settings, pipeline.index, notify=lambda message: None)
        retriever = retriever_over(pipeline, store)
        env = os.environ | {
            "INDEX_BACKEND": "milvus",
            "MILVUS_URI": server.uri,
            "CORPUS_DIR": str(settings.corpus_dir),
            "INDEX_DIR": str(settings.index_dir),
        }
        other = subprocess.run(
            [sys.executable, "-m", "assistant", "ask", "2025年乌海森林覆盖率目标"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert other.returncode == 0, other.stderr[-2000:]
        assert "3.78%" in other.stdout and "[1]" in other.stdout
        hit = retriever.search("2025年乌海森林覆盖率目标").hits[0]  # this process, on the same server, after it
        assert hit.chunk.region == "乌海" and "3.78%" in hit.chunk.text
        # A knowledge base of its own on the same server (issue 28): its own alias, versions and rows.
        corpus = tmp_path / "base-corpus"
        corpus.mkdir()
        wuhai = next(CORPUS.glob("乌海-*.txt")).read_text(encoding="utf-8")
        (corpus / "乌海-副本.txt").write_text(
            wuhai.replace("森林覆盖率达到3.78%", "森林覆盖率达到5.55%"), encoding="utf-8"
        )
        copy_cache(pipeline, tmp_path / "base-index")
        base = replace(settings, corpus_dir=corpus, index_dir=tmp_path / "base-index", index_namespace="kb_test")
        other_base = open_pipeline(base, notify=lambda message: None, embeddings=pipeline.retriever.embeddings)
        assert other_base.retriever.store.collection.startswith("policy_chunks_kb_test")
        assert other_base.retriever.store.collection != store.collection
        answer = other_base.chain.ask(WUHAI_FOREST)
        assert "5.55%" in answer.answer and "3.78%" not in answer.answer
        assert "3.78%" in retriever.search(WUHAI_FOREST).hits[0].chunk.text  # the default base's rows unchanged

